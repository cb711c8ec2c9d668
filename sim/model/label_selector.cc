#include "sim/model/label_selector.h"

#include <algorithm>

namespace kreach {

bool LabelRequirement::Matches(const Labels& labels) const {
  auto it = labels.find(key);
  bool has = it != labels.end();
  switch (op) {
    case Op::kExists: return has;
    case Op::kDoesNotExist: return !has;
    case Op::kIn: return has && std::find(values.begin(), values.end(), it->second) != values.end();
    case Op::kNotIn: return !has || std::find(values.begin(), values.end(), it->second) == values.end();
  }
  return false;
}

bool LabelSelector::Matches(const Labels& labels) const {
  for (const auto& [key, value] : match_labels) {
    auto it = labels.find(key);
    if (it == labels.end() || it->second != value) return false;
  }
  for (const LabelRequirement& r : match_expressions) {
    if (!r.Matches(labels)) return false;
  }
  return true;
}

std::vector<std::string> LabelSelector::Keys() const {
  std::vector<std::string> keys;
  for (const auto& kv : match_labels) keys.push_back(kv.first);
  for (const LabelRequirement& r : match_expressions) keys.push_back(r.key);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

std::string LabelSelector::ToString() const {
  if (Empty()) return "{}";
  std::string out;
  auto sep = [&out] {
    if (!out.empty()) out += ",";
  };
  for (const auto& [key, value] : match_labels) {
    sep();
    out += key + "=" + value;
  }
  for (const LabelRequirement& r : match_expressions) {
    sep();
    auto list = [&r] {
      std::string s = "(";
      for (std::size_t i = 0; i < r.values.size(); ++i) s += (i ? "," : "") + r.values[i];
      return s + ")";
    };
    switch (r.op) {
      case LabelRequirement::Op::kIn: out += r.key + " in " + list(); break;
      case LabelRequirement::Op::kNotIn: out += r.key + " notin " + list(); break;
      case LabelRequirement::Op::kExists: out += r.key; break;
      case LabelRequirement::Op::kDoesNotExist: out += "!" + r.key; break;
    }
  }
  return out;
}

std::string FormatLabels(const Labels& labels, const char* separator) {
  std::string out;
  for (const auto& [key, value] : labels) out += (out.empty() ? "" : separator) + key + "=" + value;
  return out;
}

}  // namespace kreach
