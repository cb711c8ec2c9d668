// Random ClusterIP Services over a generated cluster, for property tests of Service translation (§3).
#ifndef KREACH_TESTS_SUPPORT_RANDOM_SERVICES_H_
#define KREACH_TESTS_SUPPORT_RANDOM_SERVICES_H_

#include <cstdint>

#include "tests/support/random_cluster.h"

namespace kreach {
namespace testing {

/// Adds to `rc->cluster` (deterministically from `seed`): endpoint conditions on some pods (about one in eight not
/// ready, one in ten terminating, so that SVC-7's fallback and SVC-8's empty set occur), then 1-4 ClusterIP
/// Services with internalTrafficPolicy Cluster, mostly in a namespace that has pods, each with a selector from the
/// pods' label vocabulary (mostly one or all labels of a pod of its namespace, sometimes random, rarely empty) and
/// 1-2 ports of TCP/UDP/SCTP (named when there are two) whose targetPort is absent, a number, or a container port
/// name of the generator (http, metrics, dns, sig) or one no pod has; ClusterIPs from 10.96.1.10 up. Finally runs
/// GenerateEndpointSlices. The cluster keeps the loader's invariants.
void AddRandomServices(RandomClusterCase* rc, std::uint32_t seed);

/// Makes every Service of `cluster` a NodePort Service (SVC-12): nodePorts 30000 + 2 * service index + port index,
/// externalTrafficPolicy Cluster or Local (a fair coin per Service, from `seed`). EndpointSlices do not change.
void MakeNodePortServices(Cluster* cluster, std::uint32_t seed);

}  // namespace testing
}  // namespace kreach

#endif  // KREACH_TESTS_SUPPORT_RANDOM_SERVICES_H_
