// NetworkPolicy evaluation (semantics reference §1-§2): verdicts with the reason, and allowed connection sets.
#ifndef KREACH_POLICIES_EVALUATOR_H_
#define KREACH_POLICIES_EVALUATOR_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "policies/port_set.h"
#include "sim/model/cluster.h"
#include "sim/model/options.h"

namespace kreach {

class PolicyIndex;
class ReachabilityMatrix;

enum class Direction { kIngress, kEgress };

/// One end of a connection as NetworkPolicy sees it: a pod, or a bare address (a node, an external host).
/// For a hostNetwork pod under the canonical model (PolicyOptions::host_network_is_node) the engine treats it
/// as its node's address. `ip` is always set (the pod's IP for pods).
struct Peer {
  const Pod* pod = nullptr;
  Ipv4 ip = 0;

  static Peer OfPod(const Pod& p) { return Peer{&p, p.ip}; }
  static Peer OfIp(Ipv4 address) { return Peer{nullptr, address}; }
  std::string ToString() const;  ///< "shop/web-0" or "203.0.113.9"
};

/// A rule that matched: `policy`'s ingress or egress rule number `rule` (0-based).
struct RuleRef {
  const NetworkPolicy* policy = nullptr;
  int rule = 0;
};

/// Why one direction allowed or denied the connection.
enum class Reason {
  kNotIsolated,     ///< no policy selects the pod for this direction: allowed
  kAllowedByRule,   ///< isolated, and at least one rule allows (see `allowing`)
  kNoRuleAllows,    ///< isolated, and no rule of the isolating policies allows: denied
  kNotAPod,         ///< this end is not a pod (node, external, hostNetwork pod): no policy of its own
  kLoopback,        ///< NP-8(b): a pod talking to itself via its own IP
  kOwnNode,         ///< NP-8(a): ingress from the pod's own node (or egress to it when that switch is on)
  kIcmpUnfiltered,  ///< P-4 switch off: ICMP is not filtered
};

struct DirectionVerdict {
  bool allowed = true;
  Reason reason = Reason::kNotIsolated;
  std::vector<const NetworkPolicy*> isolating;  ///< policies selecting the pod in this direction, by ns/name
  std::vector<RuleRef> allowing;                ///< every rule that allows, in policy then rule order
  // The connection this verdict is about, for ToString (set by PolicyEngine::Evaluate).
  Peer self;                           ///< the end whose policy this is: the source for egress, else the destination
  Peer other;                          ///< the remote end the rules' peers are matched against
  Protocol protocol = Protocol::kTCP;  ///< the probe
  int port = 0;                        ///< the probe port (ignored for ICMP)
  /// `other` is an address of the node `self` runs on (not a pod there): the own-node switches of NP-8 apply,
  /// whether or not one exempted this connection. False when `self` is not a pod of its own.
  bool own_node = false;
  /// One line for humans; rule numbers are 0-based (spec.ingress[0] is "ingress rule 0"). One per reason:
  ///   "allowed by shop/allow-web (ingress rule 0), shop/other (ingress rules 1, 2)"
  ///   "denied: shop/db-0 is isolated for ingress by shop/default-deny, shop/allow-web; no ingress rule allows
  ///    TCP/5432 from shop/web-0"   (egress: "... no egress rule allows UDP/53 to 10.96.0.10")
  ///   "allowed: no policy selects shop/db-0 for ingress"
  ///   "allowed: 203.0.113.9 is not a pod and has no egress policy"
  ///   "allowed: shop/web-0 connects to itself (a pod cannot block its own traffic)"
  ///   "allowed: ingress from 10.0.0.1, the node of shop/db-0, is always allowed"
  ///   "allowed: egress to 10.0.0.1, the node of shop/web-0, is exempt (egressToOwnNodeExempt)"
  ///   "allowed: ICMP is not filtered (icmpNeedsPortlessRule is off)"
  std::string ToString(Direction direction) const;
};

struct Verdict {
  DirectionVerdict egress;   ///< at the source pod
  DirectionVerdict ingress;  ///< at the destination pod
  bool allowed() const { return egress.allowed && ingress.allowed; }
};

/// Evaluates NetworkPolicies of one cluster. Holds a reference to `cluster`, which must outlive it.
/// Construction compiles the selectors once with the whole-cluster engine (policies/fast_engine.h); queries are
/// then cheap and thread-safe, and every answer names the rules that decided it.
class PolicyEngine {
 public:
  PolicyEngine(const Cluster& cluster, PolicyOptions options);

  /// The verdict for one connection: src → dst on protocol/port (the port the destination pod receives,
  /// i.e. after any DNAT). Both directions are always evaluated, so the explanation is complete.
  Verdict Evaluate(const Peer& src, const Peer& dst, Protocol protocol, int port) const;

  /// Every connection src → dst allows: egress ∩ ingress, exemptions included. Named ports are resolved on the
  /// destination pod. Evaluate(src,dst,p,n).allowed() == Allowed(src,dst).Contains(p,n) for every p, n.
  ConnSet Allowed(const Peer& src, const Peer& dst) const;
  ConnSet AllowedEgress(const Peer& src, const Peer& dst) const;
  ConnSet AllowedIngress(const Peer& src, const Peer& dst) const;

  /// Policies that select `pod` for `direction` (empty: the pod is not isolated that way).
  const std::vector<const NetworkPolicy*>& Selecting(const Pod& pod, Direction direction) const;
  bool Isolated(const Pod& pod, Direction direction) const { return !Selecting(pod, direction).empty(); }

  /// Pods that a policy selects (its subjects), in cluster order.
  std::vector<const Pod*> Subjects(const NetworkPolicy& policy) const;
  /// Pods a peer matches when it appears in `policy` (ipBlock peers: pods whose IP is inside, if the
  /// ip_block_matches_pods switch is on).
  std::vector<const Pod*> PeerPods(const NetworkPolicy& policy, const PolicyPeer& peer) const;

  const Cluster& cluster() const { return cluster_; }
  const PolicyOptions& options() const { return options_; }
  /// The whole-cluster engine the selectors were compiled with (for bulk questions over the same cluster).
  std::shared_ptr<const ReachabilityMatrix> reach() const;

 private:
  const Cluster& cluster_;
  PolicyOptions options_;
  std::shared_ptr<const PolicyIndex> index_;  ///< compiled selectors and ports (policies/policy_index.h)
  /// Selecting() by (direction, profile of the pod's class), filled on first use.
  mutable std::mutex selecting_mu_;
  mutable std::unordered_map<std::int64_t, std::unique_ptr<const std::vector<const NetworkPolicy*>>> selecting_;
};

}  // namespace kreach

#endif  // KREACH_POLICIES_EVALUATOR_H_
