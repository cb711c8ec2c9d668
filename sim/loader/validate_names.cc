#include "sim/loader/validate_names.h"

#include <utility>

namespace kreach {

namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsAlnum(char c) { return IsLowerAlnum(c) || (c >= 'A' && c <= 'Z'); }

/// [A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?
bool IsQualifiedNamePart(std::string_view s) {
  if (s.empty() || !IsAlnum(s.front()) || !IsAlnum(s.back())) return false;
  for (char c : s) {
    if (!IsAlnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

/// [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool IsDns1123LabelShape(std::string_view s) {
  if (s.empty() || !IsLowerAlnum(s.front()) || !IsLowerAlnum(s.back())) return false;
  for (char c : s) {
    if (!IsLowerAlnum(c) && c != '-') return false;
  }
  return true;
}

const char kQualifiedNameRule[] =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
    "character";

}  // namespace

bool Invalid(std::string* why, std::string problem) {
  *why = std::move(problem);
  return false;
}

bool CheckDns1123Label(std::string_view value, std::string* why) {
  if (value.empty()) return Invalid(why, "must not be empty");
  if (value.size() > 63) return Invalid(why, "must be no more than 63 characters");
  if (!IsDns1123LabelShape(value)) {
    return Invalid(
        why,
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start "
        "and end with an alphanumeric character");
  }
  return true;
}

bool CheckDns1035Label(std::string_view value, std::string* why) {
  if (value.empty()) return Invalid(why, "must not be empty");
  if (value.size() > 63) return Invalid(why, "must be no more than 63 characters");
  if (!IsDns1123LabelShape(value) || !(value.front() >= 'a' && value.front() <= 'z')) {
    return Invalid(
        why,
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
        "character, and end with an alphanumeric character");
  }
  return true;
}

bool CheckDns1123Subdomain(std::string_view value, std::string* why) {
  if (value.empty()) return Invalid(why, "must not be empty");
  if (value.size() > 253) return Invalid(why, "must be no more than 253 characters");
  std::size_t start = 0;
  while (true) {
    std::size_t dot = value.find('.', start);
    std::string_view part = value.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!IsDns1123LabelShape(part)) {
      return Invalid(
          why,
          "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
          "must start and end with an alphanumeric character");
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return true;
}

bool CheckQualifiedName(std::string_view value, std::string* why) {
  std::string_view name = value;
  std::size_t slash = value.find('/');
  if (slash != std::string_view::npos) {
    if (value.find('/', slash + 1) != std::string_view::npos) {
      return Invalid(why, "a qualified name must consist of an optional DNS subdomain prefix and '/' and a name");
    }
    std::string_view prefix = value.substr(0, slash);
    name = value.substr(slash + 1);
    if (prefix.empty()) return Invalid(why, "prefix part must not be empty");
    std::string sub;
    if (!CheckDns1123Subdomain(prefix, &sub)) return Invalid(why, "prefix part " + sub);
  }
  if (name.empty()) return Invalid(why, "name part must not be empty");
  if (name.size() > 63) return Invalid(why, "name part must be no more than 63 characters");
  if (!IsQualifiedNamePart(name)) return Invalid(why, std::string("name part ") + kQualifiedNameRule);
  return true;
}

bool CheckLabelValue(std::string_view value, std::string* why) {
  if (value.empty()) return true;
  if (value.size() > 63) return Invalid(why, "must be no more than 63 characters");
  if (!IsQualifiedNamePart(value)) return Invalid(why, std::string("a valid label ") + kQualifiedNameRule);
  return true;
}

bool CheckPortName(std::string_view value, std::string* why) {
  if (value.empty()) return Invalid(why, "must not be empty");
  if (value.size() > 15) return Invalid(why, "must be no more than 15 characters");
  bool letter = false;
  for (char c : value) {
    if (!IsLowerAlnum(c) && c != '-')
      return Invalid(why, "must contain only lower case alphanumeric characters or '-' (a-z, 0-9)");
    if (c >= 'a' && c <= 'z') letter = true;
  }
  if (!letter) return Invalid(why, "must contain at least one letter (a-z)");
  if (value.find("--") != std::string_view::npos) return Invalid(why, "must not contain consecutive hyphens");
  if (value.front() == '-' || value.back() == '-') return Invalid(why, "must not begin or end with a hyphen");
  return true;
}

}  // namespace kreach
