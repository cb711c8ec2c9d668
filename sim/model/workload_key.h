// The name a pod's workload goes by in every report and picture: `ns/name[Kind]`, as netpol-analyzer's list
// writes it (`kreach list` reproduces that output, so its rule is the rule).
#ifndef KREACH_SIM_MODEL_WORKLOAD_KEY_H_
#define KREACH_SIM_MODEL_WORKLOAD_KEY_H_

#include <string>

#include "sim/model/cluster.h"

namespace kreach {

/// True for a static pod: kubelet's mirror pod, whose controller owner is its Node.
inline bool IsStaticPod(const Pod& pod) { return pod.owner && pod.owner->kind == "Node"; }

/// The workload `pod` is listed under: Pod::Workload() (its controller owner, or {Pod, name} for a bare pod),
/// except that a static pod, whose owner is its Node, is listed on its own as {Pod, name}, as the analyzer
/// lists the mirror pod; an owner without a kind is read as "Pod".
OwnerRef ListedWorkload(const Pod& pod);

/// "name[Kind]" for workload `ref` ("web[Deployment]"); an empty kind is written "Pod".
std::string WorkloadLabel(const OwnerRef& ref);

/// "ns/name[Kind]": the key of workload `ref` in namespace `ns` ("shop/web[Deployment]", "shop/db-0[Pod]").
std::string WorkloadKey(const std::string& ns, const OwnerRef& ref);

/// WorkloadKey(pod.ns, ListedWorkload(pod)): the key of the workload `pod` is listed under.
std::string WorkloadKey(const Pod& pod);

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_WORKLOAD_KEY_H_
