// A slow, obviously correct NetworkPolicy oracle for tests: semantics reference §1-§2 followed rule by rule.
//
// It reads the Cluster directly, loops over every policy for every question, and uses nothing from policies/
// except the Peer and Direction types (no PolicyEngine, PortSet, IpSet, and not even LabelSelector::Matches or
// IpBlock::Contains, so a bug there shows up as a disagreement). The property tests compare the engine with it.
//
// Interpretation of the [impl] switches where the reference leaves a combination open (one place, here):
// - "Policy pod": an end that is a pod and, when host_network_is_node is on, not hostNetwork (NP-17). Only policy
//   pods are selected by spec.podSelector, isolated, matched by pod/namespace peers, count as "pod IPs" for the
//   ip_block_matches_pods switch, and resolve named ports. Every other end (node, external address,
//   hostNetwork pod under the canonical model) is an address only.
// - "Own node" (NP-8a and the egress switch): the other end is not a policy pod and its IP is one of the
//   addresses of the node the policy pod runs on.
// - Loopback (NP-8b): src and dst are the same pod; it exempts both directions.
// - ICMP (P-4): with icmp_needs_portless_rule off, an ICMP probe passes every direction; with it on, only a
//   rule without `ports` can admit ICMP. Exemptions (loopback, own node) admit ICMP too.
#ifndef KREACH_TESTS_SUPPORT_REFERENCE_EVALUATOR_H_
#define KREACH_TESTS_SUPPORT_REFERENCE_EVALUATOR_H_

#include <string>
#include <vector>

#include "policies/evaluator.h"
#include "sim/model/cluster.h"
#include "sim/model/options.h"
#include "sim/model/protocol.h"

namespace kreach {
namespace testing {

/// True iff the connection src → dst on protocol/port (the port the destination receives; ignored for ICMP) is
/// allowed by both the source's egress and the destination's ingress (P-1c).
bool ReferenceAllows(const Cluster& cluster, const PolicyOptions& options, const Peer& src, const Peer& dst,
                     Protocol protocol, int port);

/// One direction only: kEgress is the source pod's egress, kIngress the destination pod's ingress. A direction
/// whose pod end is not a policy pod allows everything (P-3).
bool ReferenceDirectionAllows(const Cluster& cluster, const PolicyOptions& options, Direction direction,
                              const Peer& src, const Peer& dst, Protocol protocol, int port);

/// The policies that select `pod` for `direction` (NP-1, NP-3, NP-17), in cluster order.
std::vector<const NetworkPolicy*> ReferenceSelecting(const Cluster& cluster, const PolicyOptions& options,
                                                     const Pod& pod, Direction direction);

/// The pods `policy` selects as subjects (NP-1, NP-17), whatever its policyTypes, in cluster order.
std::vector<const Pod*> ReferenceSubjects(const Cluster& cluster, const PolicyOptions& options,
                                          const NetworkPolicy& policy);

/// The pods that `peer`, as part of `policy`, matches as the remote end of a connection (Peer::OfPod of each
/// pod, so a hostNetwork pod under the canonical model is matched by its node address), in cluster order.
std::vector<const Pod*> ReferencePeerPods(const Cluster& cluster, const PolicyOptions& options,
                                          const NetworkPolicy& policy, const PolicyPeer& peer);

/// A rule that admits the connection: (policy, 0-based rule number in its ingress or egress list).
struct ReferenceRule {
  const NetworkPolicy* policy = nullptr;
  int rule = 0;
};

/// Every rule of the policies isolating the direction's pod that admits src → dst on protocol/port, in policy
/// then rule order, whether or not an exemption (loopback, own node) applies anyway. Empty when the direction's
/// end is not a policy pod.
std::vector<ReferenceRule> ReferenceAllowingRules(const Cluster& cluster, const PolicyOptions& options,
                                                  Direction direction, const Peer& src, const Peer& dst,
                                                  Protocol protocol, int port);

/// True iff at least one policy isolates `pod` for `direction` (NP-3).
bool ReferenceIsolated(const Cluster& cluster, const PolicyOptions& options, const Pod& pod, Direction direction);

/// "ns/name" for a pod end, the dotted address otherwise (Peer::ToString lives in the engine library).
std::string ReferencePeerText(const Peer& peer);

}  // namespace testing
}  // namespace kreach

#endif  // KREACH_TESTS_SUPPORT_REFERENCE_EVALUATOR_H_
