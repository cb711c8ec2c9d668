// Which nodes a pod may be scheduled on: spec.nodeSelector and the required node affinity
// (spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution, a core/v1 NodeSelector), validated.
// Preferred affinity, pod (anti-)affinity, taints and tolerations are not modelled.
#ifndef KREACH_SIM_MODEL_NODE_CONSTRAINTS_H_
#define KREACH_SIM_MODEL_NODE_CONSTRAINTS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/label_selector.h"

namespace kreach {

/// The operator of a node selector requirement (core/v1 NodeSelectorOperator).
enum class NodeSelectorOp { kIn, kNotIn, kExists, kDoesNotExist, kGt, kLt };

/// "In" → kIn, exact case as the API requires; anything else is nullopt.
std::optional<NodeSelectorOp> ParseNodeSelectorOp(std::string_view text);
const char* NodeSelectorOpName(NodeSelectorOp op);

/// One requirement on a node label (matchExpressions) or a node field (matchFields, whose only key is
/// metadata.name). Validation guarantees: In/NotIn have values (exactly one for a field), Exists/DoesNotExist
/// none, Gt/Lt one integer.
struct NodeSelectorRequirement {
  std::string key;
  NodeSelectorOp op = NodeSelectorOp::kIn;
  std::vector<std::string> values;

  /// Whether a node whose `key` has `value` (`has` false: the node lacks the key) meets the requirement, as the
  /// scheduler decides: NotIn and DoesNotExist hold for a missing key; Gt and Lt compare the value as an integer
  /// and fail when it is not one.
  bool Matches(bool has, const std::string& value) const;
  /// "zone in (a,b)", "zone notin (a)", "zone", "!zone", "cpus>4", "cpus<8".
  std::string ToString() const;
};

/// One nodeSelectorTerm: its requirements are ANDed; a term without any requirement matches no node.
struct NodeSelectorTerm {
  std::vector<NodeSelectorRequirement> match_expressions;
  std::vector<NodeSelectorRequirement> match_fields;

  bool Matches(const std::string& node_name, const Labels& node_labels) const;
  /// The requirements joined by ", ", fields after labels; "no requirement" for an empty term.
  std::string ToString() const;
};

/// Where a pod may run. Both parts must hold. Empty when the pod states neither.
struct NodeConstraints {
  Labels node_selector;                    ///< spec.nodeSelector: every key=value on the node
  std::vector<NodeSelectorTerm> affinity;  ///< required node affinity's nodeSelectorTerms, ORed; empty: none

  bool Empty() const { return node_selector.empty() && affinity.empty(); }
  bool SelectorAccepts(const Labels& node_labels) const;
  bool AffinityAccepts(const std::string& node_name, const Labels& node_labels) const;
  /// Whether the scheduler may place the pod on the node named `node_name` with `node_labels`.
  bool Accepts(const std::string& node_name, const Labels& node_labels) const {
    return SelectorAccepts(node_labels) && AffinityAccepts(node_name, node_labels);
  }
  /// The nodeSelector as "k1=v1,k2=v2".
  std::string SelectorText() const;
  /// The terms as "(zone in (a,b)) or (metadata.name in (node-2))".
  std::string AffinityText() const;
};

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_NODE_CONSTRAINTS_H_
