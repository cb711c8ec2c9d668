// Pods collapsed into classes that every NetworkPolicy treats alike (the fast reachability engine's rows).
#ifndef KREACH_POLICIES_REACH_CLASSES_H_
#define KREACH_POLICIES_REACH_CLASSES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/model/cluster.h"
#include "sim/model/options.h"

namespace kreach {

/// The named container ports a pod exposes under the names policies use: (name, protocol, port), sorted.
using NamedPorts = std::vector<std::pair<std::pair<std::string, Protocol>, int>>;

/// Pods that no NetworkPolicy can tell apart. Two pods share a class iff
/// - both are policy pods (selectable: not hostNetwork under hostNetworkIsNode), in the same namespace, with the
///   same value (or absence) for every pod label key some selector reads, the same ports for every (name,
///   protocol) a policy port names, and, when ipBlockMatchesPods, IPs in the same ipBlock atom (NP-14); or
/// - both are address-only ends (hostNetwork pods under hostNetworkIsNode, NP-17) whose IPs lie in the same
///   ipBlock atom (they have no policy of their own; named ports never resolve on them).
/// Per-pod exceptions that classes do not capture are left to the caller: loopback (NP-8b) and the own-node
/// exemptions (NP-8a), which involve address-only ends only.
struct ReachClass {
  std::size_t ns = 0;             ///< index into Cluster::namespaces
  bool policy_pod = true;         ///< false: an address-only end
  std::size_t port_map = 0;       ///< id of its NamedPorts; 0 for address-only ends (no pod to resolve on)
  std::vector<std::size_t> pods;  ///< indices into Cluster::pods, ascending; pods.front() is the representative
};

class ReachClasses {
 public:
  ReachClasses(const Cluster& cluster, const PolicyOptions& options);

  const std::vector<ReachClass>& classes() const { return classes_; }
  std::size_t ClassOf(std::size_t pod) const { return class_of_[pod]; }
  /// Policy-pod classes of namespace `ns` (index into Cluster::namespaces), ascending.
  const std::vector<std::uint32_t>& ClassesIn(std::size_t ns) const { return by_namespace_[ns]; }
  /// Named port maps by id. Id 0 belongs to address-only ends (no pod to resolve a name on); a policy pod without
  /// such ports has an empty map of its own id.
  const std::vector<NamedPorts>& port_maps() const { return port_maps_; }
  /// ipBlock atoms (IpAtoms of every policy's ipBlocks) and the classes whose IPs lie in each: address-only
  /// classes always, policy-pod classes only with ipBlockMatchesPods.
  const std::vector<std::pair<Ipv4, Ipv4>>& ip_atoms() const { return ip_atoms_; }
  const std::vector<std::vector<std::uint32_t>>& classes_by_ip_atom() const { return by_ip_atom_; }
  /// The pod label keys some selector reads, sorted.
  const std::vector<std::string>& read_keys() const { return read_keys_; }

 private:
  std::vector<ReachClass> classes_;
  std::vector<std::size_t> class_of_;
  std::vector<std::vector<std::uint32_t>> by_namespace_;
  std::vector<NamedPorts> port_maps_;
  std::vector<std::pair<Ipv4, Ipv4>> ip_atoms_;
  std::vector<std::vector<std::uint32_t>> by_ip_atom_;
  std::vector<std::string> read_keys_;
};

}  // namespace kreach

#endif  // KREACH_POLICIES_REACH_CLASSES_H_
