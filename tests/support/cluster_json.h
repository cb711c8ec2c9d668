// Writes a Cluster model back out as Kubernetes manifests (one JSON `kind: List`), for loader round-trip tests.
#ifndef KREACH_TESTS_SUPPORT_CLUSTER_JSON_H_
#define KREACH_TESTS_SUPPORT_CLUSTER_JSON_H_

#include <cstdint>
#include <string>

#include "sim/model/cluster.h"

namespace kreach {
namespace testing {

/// The Namespaces, Nodes, Pods and NetworkPolicies of `cluster` as a JSON List that the loader reads back into an
/// equivalent model. `style_seed` picks among spellings the API treats alike, so loading exercises defaulting:
/// `protocol: TCP` written or omitted, `policyTypes` omitted when NP-2 defaulting gives the same types, empty
/// rule lists written as `[]` or left out, and `kubernetes.io/metadata.name` written or left for the loader to
/// synthesise. Only the fields those kinds use in the model are written (no Services, Ingresses, workloads).
std::string ClusterToManifestJson(const Cluster& cluster, std::uint32_t style_seed);

}  // namespace testing
}  // namespace kreach

#endif  // KREACH_TESTS_SUPPORT_CLUSTER_JSON_H_
