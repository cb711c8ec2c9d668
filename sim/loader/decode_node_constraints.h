// Where a pod may run, from its spec: nodeSelector and the required node affinity, validated as the API server
// does (ValidateNodeSelector and its requirements). Loader-internal.
#ifndef KREACH_SIM_LOADER_DECODE_NODE_CONSTRAINTS_H_
#define KREACH_SIM_LOADER_DECODE_NODE_CONSTRAINTS_H_

#include <memory>

#include "sim/loader/json_reader.h"
#include "sim/model/node_constraints.h"

namespace kreach {

/// spec.nodeSelector (validated as labels) and spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuring-
/// Execution.nodeSelectorTerms (at least one term; matchExpressions: key a qualified name, In/NotIn with values,
/// Exists/DoesNotExist without, Gt/Lt with one; matchFields: key metadata.name, In/NotIn with one node name) of the
/// PodSpec `spec`. Preferred affinity and pod (anti-)affinity are not read. null when the spec states neither;
/// problems are reported on their fields (the document is then in error).
template <typename V>
std::shared_ptr<const NodeConstraints> DecodeNodeConstraints(const JsonField<V>& spec);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_DECODE_NODE_CONSTRAINTS_H_
