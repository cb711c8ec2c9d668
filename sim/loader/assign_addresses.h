// Deterministic placement and addressing of everything the input leaves unspecified. Loader-internal.
#ifndef KREACH_SIM_LOADER_ASSIGN_ADDRESSES_H_
#define KREACH_SIM_LOADER_ASSIGN_ADDRESSES_H_

#include "sim/model/cluster.h"
#include "sim/model/diagnostic.h"

namespace kreach {

/// Completes the nodes of `cluster` (whose vectors are sorted by name / (ns, name)):
/// - nodes named by a pod's nodeName but not declared are created (ImpliedNode: declared=false, the well-known
///   labels), with the pod's hostIP; a pod without nodeName whose hostIP is a node's address goes to that node;
///   with no nodes at all default nodes `node-1`, `node-2`, ... exist (one per 110 pods without a node, at
///   least one; implied likewise);
/// - node addresses missing → 172.18.0.2, .3, ... in sorted node order, skipping used addresses; missing
///   podCIDR → the i-th free /24 of config.pod_cidr (the whole pod CIDR when it is smaller than a /24).
/// Exhausted ranges and addresses two nodes claim are errors. Returns false when a node was left without an
/// address or a podCIDR (pods can then be neither placed nor addressed).
bool CompleteNodes(Cluster& cluster, Diagnostics& diag);

/// Addresses the pods (every one placed on a node: SchedulePods) and Services of `cluster`:
/// - host_ip = the node's first address; hostNetwork pods get the node IP; other pods without an IP get the
///   next free address of their node's podCIDR (from .2), in sorted pod order, skipping every address the
///   input uses (ip_assigned = true);
/// - Services without a clusterIP (not headless, not ExternalName) get the next free address of
///   config.service_cidr from network+11, in sorted order.
/// - ports of NodePort Services, and of LoadBalancer Services unless allocateLoadBalancerNodePorts is false,
///   without a nodePort get the nodePort of another port of the Service with the same port number, else the
///   lowest port of 30000-32767 that no Service uses (any protocol), Services in sorted order, ports in order.
/// Exhausted ranges are errors.
void AssignAddresses(Cluster& cluster, Diagnostics& diag);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_ASSIGN_ADDRESSES_H_
