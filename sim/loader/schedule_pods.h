// Which node each pod runs on when the input does not say, as the scheduler (and the DaemonSet controller)
// decides with nodeSelector and required node affinity, and the warnings when no node fits. Loader-internal.
#ifndef KREACH_SIM_LOADER_SCHEDULE_PODS_H_
#define KREACH_SIM_LOADER_SCHEDULE_PODS_H_

#include <vector>

#include "sim/model/cluster.h"
#include "sim/model/diagnostic.h"

namespace kreach {

/// Places every pod of `cluster` without a node (its nodes complete: CompleteNodes), in sorted pod order, round
/// robin over the sorted nodes: each pod goes to the first node, from the one after the previous placement (the
/// first node for the first pod), that its node constraints accept. A pod without constraints therefore takes the
/// next node in turn. When no node accepts a pod:
/// - a pod kreach expanded from a workload is removed (a real one would stay Pending, without an address), and the
///   workload gets one warning (WarnNoNode);
/// - a pod of the input is placed on the next node in turn anyway, with a warning that says so (the input's pods
///   are all kept: `list` and `matrix` report them).
void SchedulePods(Cluster& cluster, Diagnostics& diag);

/// Warns that no node of `nodes` accepts the pods of workload `w` (whose template states `constraints`): the
/// field is the template's nodeSelector when it alone rejects every node, else its required node affinity when that
/// alone does, else the template's spec; the message names the selector, the nodes, and the consequence (the
/// workload gets no pods, so traffic to it finds no endpoints).
void WarnNoNode(const Workload& w, const NodeConstraints& constraints, const std::vector<Node>& nodes,
                Diagnostics& diag);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_SCHEDULE_PODS_H_
