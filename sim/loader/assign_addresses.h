// Deterministic placement and addressing of everything the input leaves unspecified. Loader-internal.
#ifndef KREACH_SIM_LOADER_ASSIGN_ADDRESSES_H_
#define KREACH_SIM_LOADER_ASSIGN_ADDRESSES_H_

#include "sim/model/cluster.h"
#include "sim/model/diagnostic.h"

namespace kreach {

/// Completes nodes, pods and services of `cluster` (whose vectors are sorted by name / (ns, name)):
/// - nodes named by a pod's nodeName but not declared are created (declared=false), with the pod's hostIP;
///   a pod without nodeName whose hostIP is a node's address goes to that node; with no nodes at all one
///   default node `node-1` (declared=false) exists;
/// - node addresses missing → 172.18.0.2, .3, ... in sorted node order, skipping used addresses; missing
///   podCIDR → the i-th free /24 of config.pod_cidr (the whole pod CIDR when it is smaller than a /24);
/// - pods without a node are spread round robin over the sorted nodes in sorted pod order;
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
