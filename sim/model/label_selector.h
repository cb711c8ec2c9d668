// Labels and label selectors (metav1.LabelSelector), already validated.
#ifndef KREACH_SIM_MODEL_LABEL_SELECTOR_H_
#define KREACH_SIM_MODEL_LABEL_SELECTOR_H_

#include <map>
#include <string>
#include <vector>

namespace kreach {

/// Labels are sorted by key so that every output that prints them is deterministic.
using Labels = std::map<std::string, std::string>;

struct LabelRequirement {
  enum class Op { kIn, kNotIn, kExists, kDoesNotExist };
  std::string key;
  Op op = Op::kIn;
  std::vector<std::string> values;  ///< non-empty for In/NotIn, empty for Exists/DoesNotExist

  bool Matches(const Labels& labels) const;
};

/// The labels as "k1=v1, k2=v2" (sorted by key; `separator` between them), "" when there are none.
std::string FormatLabels(const Labels& labels, const char* separator = ", ");

/// Whether every label of `selector` is on `labels` with the same value: a Service's (or a config's) equality
/// selector. An empty selector selects nothing here (a Service without selector has no managed endpoints).
inline bool SelectsLabels(const Labels& selector, const Labels& labels) {
  if (selector.empty()) return false;
  for (const auto& [key, value] : selector) {
    auto it = labels.find(key);
    if (it == labels.end() || it->second != value) return false;
  }
  return true;
}

/// A label selector. matchLabels and matchExpressions are ANDed. An empty selector (no labels, no
/// expressions) matches everything; "absent" selectors are represented by the caller (std::optional).
struct LabelSelector {
  Labels match_labels;
  std::vector<LabelRequirement> match_expressions;

  bool Empty() const { return match_labels.empty() && match_expressions.empty(); }
  bool Matches(const Labels& labels) const;
  /// Every label key the selector reads (for class building and "matches nothing" warnings).
  std::vector<std::string> Keys() const;
  /// Compact text as kubectl prints it: "app=web,tier in (a,b),!legacy"; "{}" when empty.
  std::string ToString() const;
};

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_LABEL_SELECTOR_H_
