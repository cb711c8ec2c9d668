#include "sim/model/limits.h"

#include <cctype>
#include <charconv>

#include "sim/model/suggest.h"

namespace kreach {

namespace {

Limits& Current() {
  static Limits limits;
  return limits;
}

/// "1000000" -> "1,000,000".
std::string Grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

const LimitInfo* FindLimit(std::string_view name) {
  for (const LimitInfo& info : LimitTable()) {
    if (name == info.name) return &info;
  }
  return nullptr;
}

}  // namespace

const std::vector<LimitInfo>& LimitTable() {
  static const std::vector<LimitInfo> table = {
      {"file-size", &Limits::file_bytes, true, "bytes of one input file, or of standard input", 0},
      {"documents", &Limits::documents, false, "YAML documents, or items of a List, in one file", 0},
      {"depth", &Limits::depth, false, "nesting of mappings and sequences in one document", kMaxDepthLimit},
      {"aliases", &Limits::alias_nodes, false,
       "values that YAML aliases copy into one document (no \"billion laughs\")", 0},
      {"alias-bytes", &Limits::alias_bytes, true,
       "bytes of keys and strings that YAML aliases copy into one document (one big value aliased many times)", 0},
      {"values-per-kib", &Limits::values_per_kib, false,
       "values (mappings, sequences, scalars) per KiB of a YAML or JSON text, beyond the first 1,000,000: memory "
       "stays within about 15 times the file",
       0},
      {"pods", &Limits::pods, false, "pods made from the replicas of workloads, in all inputs", 0},
      {"folder-entries", &Limits::folder_entries, false,
       "files and folders looked at under one input folder, at every depth (a mistaken / or home folder)", 0},
  };
  return table;
}

const Limits& CurrentLimits() { return Current(); }

void SetLimits(const Limits& limits) { Current() = limits; }

bool SetLimit(Limits& limits, std::string_view assignment, std::string* error) {
  const std::size_t eq = assignment.find('=');
  const std::string_view name = assignment.substr(0, eq);
  const LimitInfo* info = FindLimit(name);
  if (info == nullptr) {
    std::vector<std::string> names;
    for (const LimitInfo& l : LimitTable()) names.emplace_back(l.name);
    std::string message = "unknown limit '" + std::string(name) + "'";
    std::string hint = SuggestClosest(name, names);
    message += hint.empty() ? " (limits: " : " (did you mean '" + hint + "'? limits: ";
    for (std::size_t i = 0; i < names.size(); ++i) message += (i ? ", " : "") + names[i];
    *error = message + ")";
    return false;
  }
  if (eq == std::string_view::npos) {
    *error = "needs a value: " + std::string(name) + "=N";
    return false;
  }
  std::string_view text = assignment.substr(eq + 1);
  std::uint64_t unit = 1;
  if (info->bytes && !text.empty()) {
    switch (std::toupper(static_cast<unsigned char>(text.back()))) {
      case 'K': unit = std::uint64_t{1} << 10; break;
      case 'M': unit = std::uint64_t{1} << 20; break;
      case 'G': unit = std::uint64_t{1} << 30; break;
      default: break;
    }
    if (unit != 1) text.remove_suffix(1);
  }
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  const std::string expected =
      info->bytes ? "a positive number of bytes, optionally with K, M or G" : "a positive whole number";
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value == 0) {
    *error = "expected " + expected;
    return false;
  }
  if (value > UINT64_MAX / unit) {
    *error = "too large";
    return false;
  }
  if (info->max != 0 && value * unit > info->max) {
    *error = "at most " + FormatLimit(*info, info->max) + ", the most kreach can follow";
    return false;
  }
  limits.*(info->field) = value * unit;
  return true;
}

std::string FormatLimit(const LimitInfo& info, std::uint64_t value) {
  if (info.bytes) {
    static const char* const kUnits[] = {"GiB", "MiB", "KiB"};
    for (int i = 0; i < 3; ++i) {
      const std::uint64_t unit = std::uint64_t{1} << (30 - 10 * i);
      if (value >= unit && value % unit == 0) return Grouped(value / unit) + " " + kUnits[i];
    }
    return Grouped(value) + " bytes";
  }
  return Grouped(value);
}

std::string LimitValue(std::string_view name) {
  const LimitInfo* info = FindLimit(name);
  return info == nullptr ? "" : FormatLimit(*info, CurrentLimits().*(info->field));
}

std::string LimitHint(std::string_view name) {
  const LimitInfo* info = FindLimit(name);
  if (info != nullptr && info->max != 0 && CurrentLimits().*(info->field) >= info->max) {
    return "(the most kreach can follow: " + FormatLimit(*info, info->max) + ")";  // raising it cannot help
  }
  return "(raise it with --limit " + std::string(name) + "=N)";
}

}  // namespace kreach
