// The labels of the nodes kreach implies, and the one label it adds to the input's nodes. Loader-internal.
//
// A kubelet labels its Node when it registers (and again at every start): kubernetes.io/hostname, kubernetes.io/os
// and kubernetes.io/arch. A node kreach implies (the default nodes, a node a pod names but the input lacks) gets
// the labels of a linux/amd64 kubelet, so that the near-universal nodeSelector kubernetes.io/os: linux accepts
// it. kreach implies no control-plane node (the API server's address is not a node: docs/scenario-format.md,
// "apiServer"), so no implied node carries node-role.kubernetes.io/control-plane.
// A Node of the input keeps its labels; only kubernetes.io/hostname is added when missing, as its value follows
// from the object (the node's name, which the kubelet's hostname is unless --hostname-override); its os and
// architecture are facts about a machine that kreach does not guess.
#ifndef KREACH_SIM_LOADER_IMPLIED_NODES_H_
#define KREACH_SIM_LOADER_IMPLIED_NODES_H_

#include <string>
#include <vector>

#include "sim/model/cluster.h"

namespace kreach {

inline constexpr const char* kHostnameLabel = "kubernetes.io/hostname";
inline constexpr const char* kOsLabel = "kubernetes.io/os";
inline constexpr const char* kArchLabel = "kubernetes.io/arch";

/// A node the input does not declare (declared = false): `name`, `origin`, and the labels kubernetes.io/os=linux,
/// kubernetes.io/arch=amd64, kubernetes.io/hostname=<name>.
Node ImpliedNode(const std::string& name, Origin origin = {});

/// Gives every node of `nodes` that lacks kubernetes.io/hostname that label, with its name as value.
void AddHostnameLabels(std::vector<Node>& nodes);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_IMPLIED_NODES_H_
