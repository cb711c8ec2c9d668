// kreach_reference_check: the benchmark's exactness check. Loads a cluster, compiles the whole-cluster engine
// (policies/fast_engine.h) and compares it with the rule-by-rule reference evaluator of the tests on every pod pair
// (or a deterministic sample of pairs) and every probe that can tell connection sets apart; also compares the
// pod-level matrix (sim/report/matrix.h, the bulk path) with the reference on those pairs for the "any" probe. Prints
// the counts, the disagreements and the speedups: on the checked pairs, pair by pair; and for all pairs at once, the
// bulk matrix against the reference's time extrapolated to all pairs.
//
//   kreach_reference_check FILE [--max-pairs N]      exit 0 when they agree, 1 when not, 2 on bad input
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "policies/fast_engine.h"
#include "sim/loader/loader.h"
#include "sim/report/compact_matrix.h"
#include "tests/support/reference_evaluator.h"

namespace {

using kreach::Protocol;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

/// Ports that can tell any two connection sets of the cluster apart: every bound of every policy port (and its
/// neighbours), every container port (named ports resolve to them), and the ends of the range.
std::vector<std::pair<Protocol, int>> Probes(const kreach::Cluster& c) {
  std::set<int> ports = {1, 65535};
  auto add = [&ports](int p) {
    for (int q : {p - 1, p, p + 1}) {
      if (q >= 1 && q <= 65535) ports.insert(q);
    }
  };
  for (const kreach::NetworkPolicy& np : c.network_policies) {
    for (const auto* rules : {&np.ingress, &np.egress}) {
      for (const kreach::PolicyRule& rule : *rules) {
        for (const kreach::PolicyPort& port : rule.ports) {
          if (port.port != 0) add(port.port);
          if (port.end_port != 0) add(port.end_port);
        }
      }
    }
  }
  for (const kreach::Pod& pod : c.pods) {
    for (const kreach::ContainerPort& cp : pod.ports) add(cp.port);
  }
  std::vector<std::pair<Protocol, int>> probes;
  for (Protocol p : {Protocol::kTCP, Protocol::kUDP, Protocol::kSCTP}) {
    for (int port : ports) probes.emplace_back(p, port);
  }
  probes.emplace_back(Protocol::kIcmp, 0);
  return probes;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: kreach_reference_check FILE [--max-pairs N]\n");
    return 2;
  }
  std::uint64_t max_pairs = 20000;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--max-pairs") max_pairs = std::strtoull(argv[i + 1], nullptr, 10);
  }
  kreach::LoadResult load = kreach::LoadCluster({argv[1]}, kreach::ClusterConfig{});
  if (load.diagnostics.HasErrors()) {
    std::fprintf(stderr, "%s: the input has errors (run kreach lint)\n", argv[1]);
    return 2;
  }
  const kreach::Cluster& c = load.cluster;
  kreach::PolicyOptions options;
  auto start = std::chrono::steady_clock::now();
  auto reach = kreach::ReachabilityMatrix::Compute(c, options);
  const double compile_s = Seconds(start);
  start = std::chrono::steady_clock::now();
  const kreach::CompactMatrix bulk = kreach::ComputeCompactMatrix(c, options, kreach::MatrixLevel::kPod, std::nullopt);
  const double bulk_s = Seconds(start);

  const std::uint64_t n = c.pods.size();
  const std::uint64_t all_pairs = n * n;
  const std::vector<std::pair<Protocol, int>> probes = Probes(c);
  // Every pair when there are few; otherwise a deterministic spread of pairs (a fixed stride coprime to n).
  const std::uint64_t checked_pairs = all_pairs <= max_pairs ? all_pairs : max_pairs;
  std::uint64_t stride = all_pairs <= max_pairs ? 1 : all_pairs / max_pairs;
  while (stride > 1 && n > 1 && stride % n == 0) ++stride;
  auto pair_at = [&](std::uint64_t k) {
    const std::uint64_t pair = (k * stride) % all_pairs;
    return std::make_pair(static_cast<std::size_t>(pair / n), static_cast<std::size_t>(pair % n));
  };
  // The engine pair by pair, timed alone.
  std::vector<bool> fast(checked_pairs * probes.size());
  start = std::chrono::steady_clock::now();
  for (std::uint64_t k = 0; k < checked_pairs; ++k) {
    const auto [i, j] = pair_at(k);
    for (std::size_t p = 0; p < probes.size(); ++p)
      fast[k * probes.size() + p] = reach->Allows(i, j, probes[p].first, probes[p].second);
  }
  const double engine_s = Seconds(start);
  // The pod-level matrix is sorted by name: the row of each pod.
  std::vector<std::size_t> row_of(n);
  for (std::size_t r = 0; r < bulk.names.size(); ++r) {
    const std::string& name = bulk.names[r];
    const kreach::Pod* pod = c.FindPod(name.substr(0, name.find('/')), name.substr(name.find('/') + 1));
    row_of[static_cast<std::size_t>(pod - c.pods.data())] = r;
  }
  std::uint64_t mismatches = 0, checks = 0;
  start = std::chrono::steady_clock::now();
  for (std::uint64_t k = 0; k < checked_pairs; ++k) {
    const auto [i, j] = pair_at(k);
    const kreach::Peer src = kreach::Peer::OfPod(c.pods[i]), dst = kreach::Peer::OfPod(c.pods[j]);
    bool any = false;
    for (std::size_t p = 0; p < probes.size(); ++p) {
      ++checks;
      const auto& [protocol, port] = probes[p];
      const bool ref = kreach::testing::ReferenceAllows(c, options, src, dst, protocol, port);
      any = any || ref;
      if (ref != fast[k * probes.size() + p] && ++mismatches <= 10) {
        std::printf("MISMATCH %s -> %s %s/%d: reference %s\n", c.pods[i].Key().c_str(), c.pods[j].Key().c_str(),
                    kreach::ProtocolName(protocol), port, ref ? "allows" : "denies");
      }
    }
    const bool matrix = bulk.At(row_of[i], row_of[j]) == kreach::Result::kAllow;
    if (matrix != any && ++mismatches <= 10) {
      std::printf("MISMATCH %s -> %s in the pod matrix: %s, reference %s\n", c.pods[i].Key().c_str(),
                  c.pods[j].Key().c_str(), matrix ? "allow" : "deny", any ? "allows something" : "denies all");
    }
  }
  const double ref_s = Seconds(start);
  const double ref_all_s = ref_s * static_cast<double>(all_pairs) / static_cast<double>(checked_pairs);
  std::printf("pods %llu, pairs checked %llu of %llu, probes per pair %zu, checks %llu, mismatches %llu\n",
              static_cast<unsigned long long>(n), static_cast<unsigned long long>(checked_pairs),
              static_cast<unsigned long long>(all_pairs), probes.size(), static_cast<unsigned long long>(checks),
              static_cast<unsigned long long>(mismatches));
  std::printf("checked pairs: reference %.3f s, engine %.3f s (after compiling in %.3f s): speedup %.0fx\n", ref_s,
              engine_s, compile_s, ref_s / (engine_s + compile_s > 0 ? engine_s + compile_s : 1e-9));
  std::printf("all pairs: pod matrix %.3f s (%zu rows, %zu row groups); reference %.0f s (%s): speedup %.0fx\n", bulk_s,
              bulk.size(), bulk.row_groups, ref_all_s, checked_pairs == all_pairs ? "measured" : "extrapolated",
              ref_all_s / (bulk_s > 0 ? bulk_s : 1e-9));
  return mismatches == 0 ? 0 : 1;
}
