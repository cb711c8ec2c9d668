// Property test: `kreach matrix` (CompactMatrix: bulk columns, distinct rows and columns, blocks and exceptions)
// equals, cell by cell, what the reference evaluator gives pod pair by pod pair, at every level, for the "any"
// probe and for numeric, named and ICMP probes, under every combination of the switches that matter between pods;
// and its grouping is exact (every exception differs from its block) and maximal (no two groups are alike).
//
// Knobs: KREACH_MATRIX_PROPERTY_SEEDS=N runs seeds 1..N (default 240).
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/report/compact_matrix.h"
#include "sim/report/matrix_groups.h"
#include "tests/support/random_cluster.h"
#include "tests/support/reference_evaluator.h"

namespace kreach {
namespace testing {
namespace {

constexpr const char* kPodSwitches[] = {"ipBlockMatchesPods",    "namedPortMatchesExternal",
                                        "egressToOwnNodeExempt", "ingressFromOwnNodeExempt",
                                        "hostNetworkIsNode",     "icmpNeedsPortlessRule"};

PolicyOptions Combination(std::uint32_t bits) {
  PolicyOptions options;
  std::string unused;  // every key comes from the option table
  for (int i = 0; i < 6; ++i) SetOption(options, kPodSwitches[i], ((bits >> i) & 1) != 0, &unused);
  return options;
}

struct Tally {
  long cells = 0;
  long by_result[3] = {0, 0, 0};
  long exceptions = 0;
  long grouped = 0;  // groups with more than one member
  long mismatches = 0;
};

/// Pod pair verdicts of the reference for one probe (absent: any connection, over every probe port).
std::vector<std::vector<bool>> ReferencePairs(const Cluster& c, const PolicyOptions& o, const std::vector<int>& ports,
                                              const std::optional<Probe>& probe) {
  const std::size_t n = c.pods.size();
  std::vector<std::vector<bool>> out(n, std::vector<bool>(n, false));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      const Peer src = Peer::OfPod(c.pods[i]), dst = Peer::OfPod(c.pods[j]);
      bool allowed = false;
      if (!probe) {
        allowed = ReferenceAllows(c, o, src, dst, Protocol::kIcmp, 0);
        for (Protocol p : {Protocol::kSCTP, Protocol::kTCP, Protocol::kUDP}) {
          for (int port : ports) allowed = allowed || ReferenceAllows(c, o, src, dst, p, port);
        }
      } else if (probe->protocol == Protocol::kIcmp) {
        allowed = ReferenceAllows(c, o, src, dst, Protocol::kIcmp, 0);
      } else if (probe->Number() > 0) {
        allowed = ReferenceAllows(c, o, src, dst, probe->protocol, probe->Number());
      } else {
        for (const ContainerPort& cp : c.pods[j].ports) {  // a named probe port resolves on the destination pod
          if (cp.name == probe->port && cp.protocol == probe->protocol) {
            allowed = ReferenceAllows(c, o, src, dst, probe->protocol, cp.port);
            break;
          }
        }
      }
      out[i][j] = allowed;
    }
  }
  return out;
}

void Check(std::uint32_t seed, const Cluster& c, const PolicyOptions& o, const std::vector<int>& ports,
           const std::optional<Probe>& probe, Tally* tally) {
  const std::vector<std::vector<bool>> pairs = ReferencePairs(c, o, ports, probe);
  for (MatrixLevel level : {MatrixLevel::kPod, MatrixLevel::kWorkload, MatrixLevel::kNamespace}) {
    std::map<std::string, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < c.pods.size(); ++i) groups[MatrixGroupName(c.pods[i], level)].push_back(i);
    const CompactMatrix m = ComputeCompactMatrix(c, o, level, probe, seed % 2 == 0 ? 2 : 1);
    std::vector<std::string> names;
    for (const auto& [name, pods] : groups) names.push_back(name);
    REQUIRE(m.names == names);
    std::size_t i = 0;
    for (const auto& [src_name, src] : groups) {
      std::size_t j = 0;
      for (const auto& [dst_name, dst] : groups) {
        long total = 0, allowed = 0;
        for (std::size_t a : src) {
          for (std::size_t b : dst) {
            if (a == b && src.size() > 1) continue;  // a pod is paired with itself only in its own one-pod group
            ++total;
            allowed += pairs[a][b];
          }
        }
        const Result want = allowed == total ? Result::kAllow : allowed == 0 ? Result::kDeny : Result::kPartial;
        const Result got = m.At(i, j);
        ++tally->cells;
        ++tally->by_result[static_cast<int>(want)];
        if (got != want && ++tally->mismatches <= 10) {
          FAIL_CHECK("seed " << seed << " level " << MatrixLevelName(level) << " probe " << m.probe << ": " << src_name
                             << " -> " << dst_name << ": matrix " << ResultName(got) << ", reference "
                             << ResultName(want));
        }
        ++j;
      }
      ++i;
    }
    // Exact and maximal grouping.
    for (const CompactMatrix::Exception& e : m.exceptions) {
      CHECK(e.result != m.Block(m.row_group[e.row], m.column_group[e.column]));
    }
    tally->exceptions += static_cast<long>(m.exceptions.size());
    tally->grouped += static_cast<long>(m.size() - m.row_groups) + static_cast<long>(m.size() - m.column_groups);
    for (std::size_t r = 0; r < m.row_groups; ++r) {
      for (std::size_t r2 = r + 1; r2 < m.row_groups; ++r2) {
        bool differ = false;
        for (std::size_t cg = 0; cg < m.column_groups && !differ; ++cg) differ = m.Block(r, cg) != m.Block(r2, cg);
        CHECK(differ);
      }
    }
    for (std::size_t cg = 0; cg < m.column_groups; ++cg) {
      for (std::size_t cg2 = cg + 1; cg2 < m.column_groups; ++cg2) {
        bool differ = false;
        for (std::size_t r = 0; r < m.row_groups && !differ; ++r) differ = m.Block(r, cg) != m.Block(r, cg2);
        CHECK(differ);
      }
    }
  }
}

int EnvInt(const char* name, int fallback) {
  const char* text = std::getenv(name);
  return text != nullptr && *text != '\0' ? std::atoi(text) : fallback;
}

TEST_CASE("the matrix agrees with the reference evaluator cell by cell on random clusters", "[property][matrix]") {
  const int seeds = EnvInt("KREACH_MATRIX_PROPERTY_SEEDS", 240);
  const std::vector<std::string> names = {"http", "metrics", "dns", "sig"};
  Tally tally;
  for (int s = 1; s <= seeds; ++s) {
    const auto seed = static_cast<std::uint32_t>(s);
    RandomClusterCase rc = GenerateRandomCluster(seed);
    Cluster c = WithReplicas(rc);
    AddOwners(seed, &c);
    const PolicyOptions options = seed % 4 == 0 ? PolicyOptions() : Combination(seed % 64);
    Rng rng(seed + 17);
    const Protocol protocol = seed % 3 == 0 ? Protocol::kUDP : Protocol::kTCP;
    Check(seed, c, options, rc.probe_ports, std::nullopt, &tally);
    Check(seed, c, options, rc.probe_ports, Probe{std::to_string(rng.Pick(rc.probe_ports)), protocol}, &tally);
    Check(seed, c, options, rc.probe_ports, Probe{rng.Pick(names), protocol}, &tally);
    Check(seed, c, options, rc.probe_ports, Probe{"", Protocol::kIcmp}, &tally);
  }
  INFO(tally.cells << " cells: " << tally.by_result[0] << " allow, " << tally.by_result[1] << " deny, "
                   << tally.by_result[2] << " partial; " << tally.exceptions << " exceptions");
  CHECK(tally.mismatches == 0);
  // Every kind of answer occurs, exceptions are exercised, and groups merge.
  for (long count : tally.by_result) CHECK(count > tally.cells / 100);
  CHECK(tally.exceptions > seeds);
  CHECK(tally.grouped > seeds);
}

}  // namespace
}  // namespace testing
}  // namespace kreach
