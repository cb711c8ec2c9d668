// The whole-cluster reachability engine: NetworkPolicy compiled once over pod classes, for every pod pair.
#ifndef KREACH_POLICIES_FAST_ENGINE_H_
#define KREACH_POLICIES_FAST_ENGINE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "policies/class_set.h"
#include "policies/evaluator.h"
#include "policies/port_atoms.h"
#include "policies/port_set.h"
#include "policies/reach_classes.h"
#include "sim/model/cluster.h"
#include "sim/model/options.h"

namespace kreach {

/// What NetworkPolicy allows between every pair of pods of a cluster, exactly as PolicyEngine::Allowed answers
/// pod by pod (the property tests hold them equal), compiled once for the whole cluster:
/// - pods are collapsed into ReachClasses (policies cannot tell the pods of one class apart);
/// - every distinct peer (`from`/`to` item) is evaluated once into the set of classes it matches, with label
///   indexes (namespace selectors first, then pod selectors in those namespaces);
/// - every distinct port list ("spec") is cut into PortAtoms and resolved once per named-port map;
/// - policies of one namespace with one podSelector form a SubjectGroup per direction: the classes they
///   isolate and their rules as (peer, spec) terms; a class's profile is the list of groups isolating it.
/// Nothing is expanded per class pair: Allowed(src, dst) = egress of src's profile towards dst ∩ ingress of dst's
/// profile from src, evaluated term by term, with the per-pod exceptions (loopback NP-8b, own-node NP-8a) on
/// top. Bulk questions over all pairs (a matrix) go through policies/probe_columns.h, which combines the same
/// terms as bit rows. Immutable after Compute and safe to share across threads. Holds a reference to the cluster.
class ReachabilityMatrix {
 public:
  /// Compiles the cluster's policies with up to `threads` workers (results do not depend on the count).
  static std::shared_ptr<const ReachabilityMatrix> Compute(const Cluster& cluster, const PolicyOptions& options,
                                                           int threads = 2);

  const Cluster& cluster() const { return cluster_; }
  const PolicyOptions& options() const { return options_; }
  const ReachClasses& classes() const { return classes_; }
  std::size_t ClassOf(std::size_t pod) const { return classes_.ClassOf(pod); }
  std::size_t class_count() const { return classes_.classes().size(); }
  const PortAtoms& atoms() const { return atoms_; }
  /// Distinct connection sets the rules allow once named ports are resolved.
  std::size_t set_count() const { return sets_.size(); }

  /// Class level: from a pod of class `s` to a *different* pod of class `d` that is not an own-node pair
  /// (see PairsExact).
  ConnSet ClassAllowed(std::size_t s, std::size_t d) const;
  AtomBits ClassAllowedBits(std::size_t s, std::size_t d) const;
  bool ClassAllows(std::size_t s, std::size_t d, Protocol protocol, int port) const;
  bool ClassAllowsAtom(std::size_t s, std::size_t d, std::size_t atom) const;
  bool ClassAllowsAny(std::size_t s, std::size_t d) const;
  /// True when every pair of distinct pods (one of `s`, one of `d`) gets the class-level answer; false when an
  /// own-node exemption may change some pairs (one class is address-only and an own-node switch is on).
  bool PairsExact(std::size_t s, std::size_t d) const;

  /// Pod level, indices into Cluster::pods: equal to PolicyEngine::Allowed(Peer::OfPod(src), Peer::OfPod(dst)).
  ConnSet Allowed(std::size_t src, std::size_t dst) const;
  bool Allows(std::size_t src, std::size_t dst, Protocol protocol, int port) const;
  bool AllowsAny(std::size_t src, std::size_t dst) const;
  /// Whether the pod pair is exempt as a whole (loopback, own node): then everything is allowed.
  bool PodExempt(std::size_t src, std::size_t dst) const;

  // ---- the compiled policies, for bulk evaluation ----

  /// One (peer, ports) pair of a rule: the rule allows the connections of `spec` with the classes of `peer`
  /// (the source for ingress, the destination for egress).
  struct Term {
    std::uint32_t peer = 0;
    std::uint32_t spec = 0;
    bool operator<(const Term& o) const { return peer != o.peer ? peer < o.peer : spec < o.spec; }
    bool operator==(const Term& o) const { return peer == o.peer && spec == o.spec; }
  };
  /// The policies of one namespace with one podSelector, for one direction (only policies whose policyTypes
  /// name it): the classes they isolate and the union of their rules, as sorted unique terms.
  struct SubjectGroup {
    ClassSet members;
    std::vector<Term> terms;
    std::vector<std::uint32_t> policies;  ///< its policies, indices into Cluster::network_policies, ascending
  };
  /// One NetworkPolicy compiled: the classes its podSelector selects (whatever its policyTypes, NP-1, NP-17) and
  /// the peer id of every `from`/`to` item of every rule of both directions (rules of a direction that is not in
  /// policyTypes included: they never count, but explanations and lint name them).
  struct PolicyPeers {
    std::uint32_t subjects = 0;                               ///< index into subject_sets()
    std::vector<std::vector<std::uint32_t>> ingress, egress;  ///< [rule][item] → peer id
  };
  const std::vector<PolicyPeers>& policy_peers() const { return policy_peers_; }
  const std::vector<ClassSet>& subject_sets() const { return subject_sets_; }
  /// Classes each distinct peer matches; every_peer() is the peer of rules without `from`/`to` (every class).
  const std::vector<ClassSet>& peers() const { return peers_; }
  std::uint32_t every_peer() const { return 0; }
  const std::vector<SubjectGroup>& groups(Direction dir) const {
    return dir == Direction::kIngress ? in_groups_ : out_groups_;
  }
  /// Profiles by id: the sorted groups that isolate a class for that direction.
  const std::vector<std::vector<std::uint32_t>>& profiles(Direction dir) const {
    return dir == Direction::kIngress ? in_profiles_ : out_profiles_;
  }
  /// The profile of class `cls`, or -1 when no policy isolates it that way.
  std::int32_t ProfileOf(Direction dir, std::size_t cls) const {
    return dir == Direction::kIngress ? in_profile_of_[cls] : out_profile_of_[cls];
  }
  std::size_t spec_count() const { return spec_named_.size(); }
  /// Whether `spec` names ports, so that what it allows depends on the destination's port map.
  bool SpecNamed(std::uint32_t spec) const { return spec_named_[spec]; }
  /// What `spec` allows towards a destination of port map `port_map` (ReachClass::port_map; 0: not a pod).
  const AtomBits& Resolved(std::uint32_t spec, std::size_t port_map) const {
    return sets_[resolved_[spec_offset_[spec] + (spec_named_[spec] ? port_map : 0)]];
  }
  std::uint32_t ResolvedId(std::uint32_t spec, std::size_t port_map) const {
    return resolved_[spec_offset_[spec] + (spec_named_[spec] ? port_map : 0)];
  }
  const AtomBits& Set(std::uint32_t id) const { return sets_[id]; }

 private:
  ReachabilityMatrix(const Cluster& cluster, const PolicyOptions& options);

  /// into |= what the profile of `self` allows with `other` (a destination of port map `port_map`).
  void AddAllowed(Direction dir, std::size_t self, std::size_t other, std::size_t port_map, AtomBits& into) const;
  bool AllowsAtom(Direction dir, std::size_t self, std::size_t other, std::size_t port_map, std::size_t atom) const;

  const Cluster& cluster_;
  PolicyOptions options_;
  ReachClasses classes_;
  PortAtoms atoms_;
  std::vector<ClassSet> peers_;
  std::vector<PolicyPeers> policy_peers_;  ///< parallel to Cluster::network_policies
  std::vector<ClassSet> subject_sets_;
  std::vector<SubjectGroup> in_groups_, out_groups_;
  std::vector<std::vector<std::uint32_t>> in_profiles_, out_profiles_;
  std::vector<std::int32_t> in_profile_of_, out_profile_of_;
  std::vector<bool> spec_named_;
  std::vector<std::size_t> spec_offset_;  ///< into resolved_: one id, or one per port map for named specs
  std::vector<std::uint32_t> resolved_;   ///< ids into sets_
  std::vector<AtomBits> sets_;            ///< interned resolved sets

  friend class FastEngineBuilder;
};

}  // namespace kreach

#endif  // KREACH_POLICIES_FAST_ENGINE_H_
