// Workload objects (Deployment, ReplicaSet, ReplicationController, StatefulSet, DaemonSet, Job, CronJob) and
// their pod templates. Loader-internal.
#ifndef KREACH_SIM_LOADER_DECODE_WORKLOAD_H_
#define KREACH_SIM_LOADER_DECODE_WORKLOAD_H_

#include <cstdint>
#include <optional>
#include <string>

#include "sim/loader/decode_meta.h"
#include "sim/loader/json_reader.h"
#include "sim/model/cluster.h"

namespace kreach {

/// True for the kinds DecodeWorkload handles.
bool IsWorkloadKind(const std::string& kind);

/// A decoded workload: the model entry plus what expansion needs.
struct WorkloadSpec {
  Workload workload;              ///< ns, {kind, name}, template labels, selector, replicas (pods to make), origin
  Pod prototype;                  ///< the template's pod spec (ns set; no name, no IP; its labels are the template's;
                                  ///< node_constraints: where the pods may run)
  std::string service_name;       ///< StatefulSet spec.serviceName
  std::string template_hash;      ///< Deployments: 10 characters derived from the template (pod-template-hash)
  std::optional<OwnerRef> owner;  ///< the workload's own controller (a ReplicaSet's Deployment, a Job's CronJob)
  std::uint64_t key_hash = 0;     ///< ObjectKeyHash of (kind, ns, name), for expansion's lookups
  std::uint64_t owner_hash = 0;   ///< the same of (owner kind, ns, owner name) when there is an owner
};

/// The field path of the replica count of `spec`, for messages: "spec.replicas" (Job "spec.parallelism",
/// CronJob "spec", DaemonSet ""), after the object's path in its document.
std::string ReplicasPath(const WorkloadSpec& spec);

/// Decodes a workload. `replicas` (Deployment, ReplicaSet, ReplicationController, StatefulSet; default 1, ≥0),
/// Job `parallelism` (default 1; capped by `completions`), CronJob one pod from spec.jobTemplate.spec.template,
/// DaemonSet 0 here (one per matching node at expansion). A selector that does not match the template labels
/// is an error, as in the API. nullopt when the document has errors.
template <typename V>
std::optional<WorkloadSpec> DecodeWorkload(const JsonField<V>& body, ObjectMeta& meta);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_DECODE_WORKLOAD_H_
