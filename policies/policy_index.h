// The compiled form of a cluster's NetworkPolicies: who each policy selects and what each peer and port entry
// matches, precomputed once so that per-connection questions are bit lookups (internal to the policy engine).
#ifndef KREACH_POLICIES_POLICY_INDEX_H_
#define KREACH_POLICIES_POLICY_INDEX_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "policies/class_set.h"
#include "policies/evaluator.h"
#include "policies/fast_engine.h"
#include "policies/port_set.h"
#include "sim/model/cluster.h"
#include "sim/model/options.h"

namespace kreach {

/// One `from`/`to` item. `classes` are the policy-pod classes it matches (selectors, or an ipBlock containing the pod
/// IP when ip_block_matches_pods), as the whole-cluster engine compiled them; `block` is set for ipBlock peers and
/// decides every other address.
struct CompiledPeer {
  const PolicyPeer* peer = nullptr;
  const ClassSet* classes = nullptr;
  std::optional<IpBlock> block;
};

/// One rule. `fixed` is what the port list allows independently of the destination pod (ConnSet::All() when
/// the rule has no ports); `named` are the named port entries, resolved per destination pod.
struct CompiledRule {
  const PolicyRule* rule = nullptr;
  bool any_peer = false;  ///< no `from`/`to`: every peer matches (NP-7)
  std::vector<CompiledPeer> peers;
  bool portless = false;  ///< no `ports`: every port and protocol, ICMP included (NP-7, P-4)
  ConnSet fixed;
  std::vector<const PolicyPort*> named;
};

struct CompiledPolicy {
  const NetworkPolicy* policy = nullptr;
  const ClassSet* subjects = nullptr;  ///< classes it selects (NP-1, NP-17), whatever its policyTypes
  std::vector<CompiledRule> ingress;
  std::vector<CompiledRule> egress;
};

/// Built once per PolicyEngine from a cluster and options, on top of the whole-cluster engine's compiled selectors
/// (policies/fast_engine.h), so that building it costs what compiling the selectors once costs; immutable
/// afterwards (safe to share across threads).
class PolicyIndex {
 public:
  PolicyIndex(const Cluster& cluster, const PolicyOptions& options);

  /// Position of `pod` in cluster.pods: by address when it points into that vector, else by ns/name.
  std::optional<std::size_t> PodIndex(const Pod* pod) const;
  /// NP-17: an end that counts as a pod for NetworkPolicy (a pod, and not hostNetwork under the canonical model).
  bool IsPolicyPod(const Peer& end) const;
  /// The compiled form of `policy`, or nullptr when it is not one of the cluster's policies.
  const CompiledPolicy* Find(const NetworkPolicy& policy) const;
  const std::vector<CompiledPolicy>& policies() const { return policies_; }
  /// The whole-cluster engine the index is built on.
  const ReachabilityMatrix& reach() const { return *reach_; }
  std::shared_ptr<const ReachabilityMatrix> shared_reach() const { return reach_; }

  /// Does the rule's peer list match the remote end `other` (NP-7, NP-10..17)?
  bool PeerMatches(const CompiledPolicy& policy, const CompiledRule& rule, const Peer& other) const;
  bool PeerMatches(const CompiledPolicy& policy, const CompiledPeer& peer, const Peer& other) const;
  /// Does the rule's port list admit protocol/port towards `dst` (NP-18..21, P-4: ICMP only when portless)?
  bool PortMatches(const CompiledRule& rule, const Peer& dst, Protocol protocol, int port) const;
  /// Everything the rule's port list admits towards `dst`, named ports resolved on it (NP-20).
  ConnSet RulePorts(const CompiledRule& rule, const Peer& dst) const;
  /// True when `address` is one of the addresses of the node `pod` runs on.
  bool IsOwnNode(const Pod& pod, Ipv4 address) const;
  /// The pods of `classes`, ascending.
  std::vector<std::size_t> PodsOf(const ClassSet& classes) const;

 private:
  /// Slow path for a pod that is not part of the cluster: matches the peer's selectors on its labels.
  bool SelectorsMatch(const NetworkPolicy& policy, const PolicyPeer& peer, const Pod& pod) const;
  CompiledRule Compile(const PolicyRule& rule, const std::vector<std::uint32_t>& peer_ids) const;

  const Cluster& cluster_;
  PolicyOptions options_;
  std::shared_ptr<const ReachabilityMatrix> reach_;
  std::vector<CompiledPolicy> policies_;  ///< parallel to cluster.network_policies
};

}  // namespace kreach

#endif  // KREACH_POLICIES_POLICY_INDEX_H_
