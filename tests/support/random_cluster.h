// Deterministic random clusters for property tests: the same seed gives the same cluster on every platform.
#ifndef KREACH_TESTS_SUPPORT_RANDOM_CLUSTER_H_
#define KREACH_TESTS_SUPPORT_RANDOM_CLUSTER_H_

#include <cstdint>
#include <random>
#include <vector>

#include "sim/model/cluster.h"
#include "sim/model/options.h"

namespace kreach {
namespace testing {

/// A portable random source: std::mt19937's output sequence is fixed by the standard, and every draw below is
/// computed from it by this class (std::uniform_int_distribution differs between standard libraries).
class Rng {
 public:
  explicit Rng(std::uint32_t seed) : engine_(seed) {}
  /// Uniform in [0, n), n >= 1 (rejection sampling, no modulo bias).
  std::uint32_t Below(std::uint32_t n);
  /// Uniform in [lo, hi], lo <= hi.
  int Between(int lo, int hi);
  /// True with probability percent/100.
  bool Chance(int percent) { return Below(100) < static_cast<std::uint32_t>(percent); }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Below(static_cast<std::uint32_t>(items.size()))];
  }

 private:
  std::mt19937 engine_;
};

/// One generated case: a valid cluster (the loader's invariants hold) plus the probes worth asking about it.
struct RandomClusterCase {
  std::uint32_t seed = 0;
  Cluster cluster;
  /// Ports worth probing, sorted and unique in [1, 65535]: every port and range bound (±1) that policies use,
  /// every container port, and a few random ones.
  std::vector<int> probe_ports;
  /// Addresses that are neither pod nor node addresses: some inside and some outside the policies' ipBlocks
  /// and excepts.
  std::vector<Ipv4> external_ips;
};

/// The cluster for `seed`: 2-3 namespaces with random labels, 1-3 nodes (some with a second address), 3-9 pods
/// (some hostNetwork) with labels from a small vocabulary and named container ports (http, metrics, dns, sig)
/// of every protocol, and 0-6 NetworkPolicies mixing every selector operator, empty selectors, defaulted and
/// explicit policyTypes, empty rule lists, empty peers and ports, ipBlocks with except over pod, node and
/// external addresses, `{protocol}`-only, numeric, ranged (endPort) and named ports, TCP/UDP/SCTP.
RandomClusterCase GenerateRandomCluster(std::uint32_t seed);

/// The generated case plus replicas: copies of some pods (same labels and ports, a fresh name and IP, maybe another
/// node) and pods that differ only in a label no selector reads, so that classes hold several pods.
Cluster WithReplicas(const RandomClusterCase& rc);

/// Gives about three quarters of the pods an owner, one of three workloads per namespace (w1, w2 Deployments and a
/// w3 StatefulSet) whatever their labels, so that workload groups span several classes; the rest stay bare pods.
void AddOwners(std::uint32_t seed, Cluster* c);

/// Every switch of PolicyOptions drawn at random (fair coin each) from `seed`.
PolicyOptions RandomPolicyOptions(std::uint32_t seed);

}  // namespace testing
}  // namespace kreach

#endif  // KREACH_TESTS_SUPPORT_RANDOM_CLUSTER_H_
