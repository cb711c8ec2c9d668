// The whole-cluster reachability engine: every pod pair's allowed connections, computed once over pod classes.
#ifndef KREACH_POLICIES_FAST_ENGINE_H_
#define KREACH_POLICIES_FAST_ENGINE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "policies/port_atoms.h"
#include "policies/port_set.h"
#include "policies/reach_classes.h"
#include "sim/model/cluster.h"
#include "sim/model/options.h"

namespace kreach {

/// What NetworkPolicy allows between every pair of pods of a cluster, exactly as PolicyEngine::Allowed answers
/// pod by pod (the property tests hold them equal), but computed once for the whole cluster:
/// - pods are collapsed into ReachClasses (policies cannot tell the pods of one class apart);
/// - connections are cut into PortAtoms, so a connection set is a short bit row, interned once;
/// - for each distinct ingress "profile" (the policies isolating a destination class, and its named ports) one
///   row gives the set every source class is allowed; for each egress profile one row gives the set towards every
///   destination class. Rows are sparse: classes no selector peer matches share the row's default (the rules
///   without peers). Selectors are evaluated with label indexes, per namespace.
/// Allowed(src, dst) = egress row of src's class at dst's class ∩ ingress row of dst's class at src's class, with the
/// per-pod exceptions applied: loopback (NP-8b) and the own-node exemptions of address-only ends (NP-8).
/// Immutable after Compute and safe to share across threads. Holds a reference to the cluster.
class ReachabilityMatrix {
 public:
  /// Computes the matrix with up to `threads` workers (results do not depend on the count).
  static std::shared_ptr<const ReachabilityMatrix> Compute(const Cluster& cluster, const PolicyOptions& options,
                                                           int threads = 2);

  const Cluster& cluster() const { return cluster_; }
  const PolicyOptions& options() const { return options_; }
  const ReachClasses& classes() const { return classes_; }
  std::size_t ClassOf(std::size_t pod) const { return classes_.ClassOf(pod); }
  std::size_t class_count() const { return classes_.classes().size(); }
  /// Distinct connection sets among all rows (a measure of how much the classes share).
  std::size_t set_count() const { return sets_.size(); }
  const PortAtoms& atoms() const { return atoms_; }

  /// Class level: from a pod of class `s` to a *different* pod of class `d` that is not an own-node pair
  /// (see PairsExact).
  ConnSet ClassAllowed(std::size_t s, std::size_t d) const;
  bool ClassAllows(std::size_t s, std::size_t d, Protocol protocol, int port) const;
  bool ClassAllowsAny(std::size_t s, std::size_t d) const;
  /// True when every pair of distinct pods (one of `s`, one of `d`) gets the class-level answer; false when an
  /// own-node exemption may change some pairs (one class is address-only and an own-node switch is on).
  bool PairsExact(std::size_t s, std::size_t d) const;

  /// Pod level, indices into Cluster::pods: equal to PolicyEngine::Allowed(Peer::OfPod(src), Peer::OfPod(dst)).
  ConnSet Allowed(std::size_t src, std::size_t dst) const;
  bool Allows(std::size_t src, std::size_t dst, Protocol protocol, int port) const;
  bool AllowsAny(std::size_t src, std::size_t dst) const;

  /// One direction's sets for the classes sharing a profile: sparse over the classes at the other end.
  struct Row {
    std::uint32_t fallback = 0;              ///< set id for classes not listed
    std::vector<std::uint32_t> by_port_map;  ///< egress: fallback by the other class's port map (when non-empty)
    std::vector<std::pair<std::uint32_t, std::uint32_t>> listed;  ///< (other class, set id), by class
  };

 private:
  ReachabilityMatrix(const Cluster& cluster, const PolicyOptions& options);

  std::uint32_t Lookup(const Row& row, std::size_t other) const;
  const AtomBits& EgressBits(std::size_t s, std::size_t d) const;
  const AtomBits& IngressBits(std::size_t s, std::size_t d) const;
  /// Whether the pod pair is exempt as a whole (loopback, own node): then everything is allowed.
  bool PodExempt(std::size_t src, std::size_t dst) const;

  const Cluster& cluster_;
  PolicyOptions options_;
  ReachClasses classes_;
  PortAtoms atoms_;
  std::vector<AtomBits> sets_;            ///< interned connection sets; id 0 = everything
  std::vector<std::int32_t> ingress_row_;  ///< by class: index into ingress_rows_, -1 = not isolated
  std::vector<std::int32_t> egress_row_;
  std::vector<Row> ingress_rows_;
  std::vector<Row> egress_rows_;

  friend class FastEngineBuilder;
};

}  // namespace kreach

#endif  // KREACH_POLICIES_FAST_ENGINE_H_
