#include "sim/model/node_constraints.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include "sim/model/text.h"

namespace kreach {

namespace {

/// The integer `text` is, as the scheduler reads Gt/Lt operands (strconv.ParseInt base 10); nullopt otherwise.
std::optional<std::int64_t> ParseInteger(const std::string& text) {
  std::int64_t value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  auto [at, error] = std::from_chars(begin, end, value);
  if (begin == end || error != std::errc() || at != end) return std::nullopt;
  return value;
}

}  // namespace

std::optional<NodeSelectorOp> ParseNodeSelectorOp(std::string_view text) {
  if (text == "In") return NodeSelectorOp::kIn;
  if (text == "NotIn") return NodeSelectorOp::kNotIn;
  if (text == "Exists") return NodeSelectorOp::kExists;
  if (text == "DoesNotExist") return NodeSelectorOp::kDoesNotExist;
  if (text == "Gt") return NodeSelectorOp::kGt;
  if (text == "Lt") return NodeSelectorOp::kLt;
  return std::nullopt;
}

const char* NodeSelectorOpName(NodeSelectorOp op) {
  switch (op) {
    case NodeSelectorOp::kIn: return "In";
    case NodeSelectorOp::kNotIn: return "NotIn";
    case NodeSelectorOp::kExists: return "Exists";
    case NodeSelectorOp::kDoesNotExist: return "DoesNotExist";
    case NodeSelectorOp::kGt: return "Gt";
    case NodeSelectorOp::kLt: return "Lt";
  }
  return "?";
}

bool NodeSelectorRequirement::Matches(bool has, const std::string& value) const {
  switch (op) {
    case NodeSelectorOp::kIn: return has && std::find(values.begin(), values.end(), value) != values.end();
    case NodeSelectorOp::kNotIn: return !has || std::find(values.begin(), values.end(), value) == values.end();
    case NodeSelectorOp::kExists: return has;
    case NodeSelectorOp::kDoesNotExist: return !has;
    case NodeSelectorOp::kGt:
    case NodeSelectorOp::kLt: {
      if (!has || values.size() != 1) return false;
      std::optional<std::int64_t> mine = ParseInteger(value), bound = ParseInteger(values.front());
      if (!mine || !bound) return false;
      return op == NodeSelectorOp::kGt ? *mine > *bound : *mine < *bound;
    }
  }
  return false;
}

std::string NodeSelectorRequirement::ToString() const {
  switch (op) {
    case NodeSelectorOp::kIn: return key + " in (" + Join(values, ",") + ")";
    case NodeSelectorOp::kNotIn: return key + " notin (" + Join(values, ",") + ")";
    case NodeSelectorOp::kExists: return key;
    case NodeSelectorOp::kDoesNotExist: return "!" + key;
    case NodeSelectorOp::kGt: return key + ">" + Join(values, ",");
    case NodeSelectorOp::kLt: return key + "<" + Join(values, ",");
  }
  return key;
}

bool NodeSelectorTerm::Matches(const std::string& node_name, const Labels& node_labels) const {
  if (match_expressions.empty() && match_fields.empty()) return false;
  for (const NodeSelectorRequirement& r : match_expressions) {
    auto it = node_labels.find(r.key);
    bool has = it != node_labels.end();
    if (!r.Matches(has, has ? it->second : std::string())) return false;
  }
  for (const NodeSelectorRequirement& r : match_fields) {
    if (!r.Matches(true, node_name)) return false;  // the only field key is metadata.name (validated)
  }
  return true;
}

std::string NodeSelectorTerm::ToString() const {
  std::vector<std::string> parts;
  for (const NodeSelectorRequirement& r : match_expressions) parts.push_back(r.ToString());
  for (const NodeSelectorRequirement& r : match_fields) parts.push_back(r.ToString());
  return parts.empty() ? "no requirement" : Join(parts, ", ");
}

bool NodeConstraints::SelectorAccepts(const Labels& node_labels) const {
  for (const auto& [key, value] : node_selector) {
    auto it = node_labels.find(key);
    if (it == node_labels.end() || it->second != value) return false;
  }
  return true;
}

bool NodeConstraints::AffinityAccepts(const std::string& node_name, const Labels& node_labels) const {
  if (affinity.empty()) return true;
  return std::any_of(affinity.begin(), affinity.end(),
                     [&](const NodeSelectorTerm& t) { return t.Matches(node_name, node_labels); });
}

std::string NodeConstraints::SelectorText() const { return FormatLabels(node_selector, ","); }

std::string NodeConstraints::AffinityText() const {
  std::vector<std::string> terms;
  for (const NodeSelectorTerm& t : affinity) terms.push_back("(" + t.ToString() + ")");
  return Join(terms, " or ");
}

}  // namespace kreach
