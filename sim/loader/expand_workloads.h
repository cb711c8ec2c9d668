// Workloads → pods, named as their controllers name them. Loader-internal.
#ifndef KREACH_SIM_LOADER_EXPAND_WORKLOADS_H_
#define KREACH_SIM_LOADER_EXPAND_WORKLOADS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/loader/decode_workload.h"
#include "sim/model/cluster.h"
#include "sim/model/diagnostic.h"

namespace kreach {

/// What expansion needs of an input pod's owner, worked out while decoding so that the pods need not be visited.
struct PodOwner {
  std::uint64_t hash = 0;  ///< ObjectKeyHash of (owner kind, namespace, owner name)
  bool has_owner = false;
  /// The owner is that of the input pod before it, which is in the input too (so it need not be looked at).
  bool repeats = false;
};

/// Appends the pods of every workload in `specs` to `pods`, except workloads whose pods are already in the
/// input (`input_pods`, only read; `owners` of them, in the same order): a workload owns an input pod directly, or
/// through an input ReplicaSet/Job it controls (a live cluster dump holds Deployment, ReplicaSet and Pods together). A
/// ReplicaSet or Job controlled by a workload in the input is not expanded itself (its controller is). Names:
///   Deployment `<name>-<template hash 10>-<5>` (label pod-template-hash); ReplicaSet, ReplicationController,
///   Job and DaemonSet `<name>-<5>`; StatefulSet `<name>-<i>` (hostname = pod name, subdomain = serviceName,
///   label statefulset.kubernetes.io/pod-name); CronJob `<name>-<8 digits>-<5>`.
/// The 5-character suffixes hash ns/name/index, so names are deterministic. DaemonSets get one pod per node of
/// `nodes` that the template's node constraints (nodeSelector, required node affinity) accept, with nodeName set;
/// a DaemonSet with constraints that no node meets gets none and a warning (WarnNoNode). Each pod's owner is the
/// workload.
void ExpandWorkloads(const std::vector<WorkloadSpec*>& specs, const std::vector<Node>& nodes,
                     const std::vector<Pod*>& input_pods, const std::vector<PodOwner>& owners, std::vector<Pod>& pods,
                     Diagnostics& diag);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_EXPAND_WORKLOADS_H_
