#include "sim/loader/validate_names.h"

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

std::string CheckDns1123Label(std::string_view value) {
  if (value.empty()) return "must not be empty";
  if (value.size() > 63) return "must be no more than 63 characters";
  if (!IsDns1123LabelShape(value)) {
    return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start "
           "and end with an alphanumeric character";
  }
  return "";
}

std::string CheckDns1035Label(std::string_view value) {
  if (value.empty()) return "must not be empty";
  if (value.size() > 63) return "must be no more than 63 characters";
  if (!IsDns1123LabelShape(value) || !(value.front() >= 'a' && value.front() <= 'z')) {
    return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
           "character, and end with an alphanumeric character";
  }
  return "";
}

std::string CheckDns1123Subdomain(std::string_view value) {
  if (value.empty()) return "must not be empty";
  if (value.size() > 253) return "must be no more than 253 characters";
  std::size_t start = 0;
  while (true) {
    std::size_t dot = value.find('.', start);
    std::string_view part = value.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!IsDns1123LabelShape(part)) {
      return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
             "must start and end with an alphanumeric character";
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return "";
}

std::string CheckQualifiedName(std::string_view value) {
  std::string_view name = value;
  std::size_t slash = value.find('/');
  if (slash != std::string_view::npos) {
    if (value.find('/', slash + 1) != std::string_view::npos) {
      return "a qualified name must consist of an optional DNS subdomain prefix and '/' and a name";
    }
    std::string_view prefix = value.substr(0, slash);
    name = value.substr(slash + 1);
    if (prefix.empty()) return "prefix part must not be empty";
    std::string why = CheckDns1123Subdomain(prefix);
    if (!why.empty()) return "prefix part " + why;
  }
  if (name.empty()) return "name part must not be empty";
  if (name.size() > 63) return "name part must be no more than 63 characters";
  if (!IsQualifiedNamePart(name)) return std::string("name part ") + kQualifiedNameRule;
  return "";
}

std::string CheckLabelValue(std::string_view value) {
  if (value.empty()) return "";
  if (value.size() > 63) return "must be no more than 63 characters";
  if (!IsQualifiedNamePart(value)) return std::string("a valid label ") + kQualifiedNameRule;
  return "";
}

std::string CheckPortName(std::string_view value) {
  if (value.empty()) return "must not be empty";
  if (value.size() > 15) return "must be no more than 15 characters";
  bool letter = false;
  for (char c : value) {
    if (!IsLowerAlnum(c) && c != '-') return "must contain only lower case alphanumeric characters or '-' (a-z, 0-9)";
    if (c >= 'a' && c <= 'z') letter = true;
  }
  if (!letter) return "must contain at least one letter (a-z)";
  if (value.find("--") != std::string_view::npos) return "must not contain consecutive hyphens";
  if (value.front() == '-' || value.back() == '-') return "must not begin or end with a hyphen";
  return "";
}

}  // namespace kreach
