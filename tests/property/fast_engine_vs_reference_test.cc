// Property test: the whole-cluster ReachabilityMatrix (pod classes, port atoms, sparse rows, two workers) agrees
// with the slow reference evaluator on every pod pair and every probe of generated clusters, under every
// combination of the switches that matter between pods.
//
// Knobs: KREACH_FAST_PROPERTY_SEEDS=N runs seeds 1..N (default 320); KREACH_PROPERTY_SEED=S with "[.seed]".
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "policies/evaluator.h"
#include "policies/fast_engine.h"
#include "policies/probe_columns.h"
#include "tests/support/builders.h"
#include "tests/support/random_cluster.h"
#include "tests/support/reference_evaluator.h"

namespace kreach {
namespace testing {
namespace {

constexpr int kReportedMismatches = 10;

/// The switches that can change a pod-to-pod answer; every combination is some seed's.
constexpr const char* kPodSwitches[] = {"ipBlockMatchesPods",    "namedPortMatchesExternal",
                                        "egressToOwnNodeExempt", "ingressFromOwnNodeExempt",
                                        "hostNetworkIsNode",     "icmpNeedsPortlessRule"};
constexpr int kSwitchCount = 6;

PolicyOptions Combination(int bits) {
  PolicyOptions options;
  std::string unused;  // every key comes from the option table
  for (int i = 0; i < kSwitchCount; ++i) SetOption(options, kPodSwitches[i], ((bits >> i) & 1) != 0, &unused);
  return options;
}

struct Tally {
  long probes = 0;
  long allowed = 0;
  long mismatches = 0;
  long shared_classes = 0;  // classes with more than one pod: the collapse is exercised
  long address_pairs = 0;   // pairs with an address-only end (hostNetwork under hostNetworkIsNode)
  long column_checks = 0;   // class pairs × probes compared between the bulk columns and the pairwise answers
};

/// The bulk columns (policies/probe_columns.h) against the pairwise class answers: for every probe (any
/// connection, every port atom a probe port falls in, a named probe some destinations lack) and class pair.
void CompareColumns(std::uint32_t seed, const ReachabilityMatrix& m, const std::vector<int>& probe_ports, int threads,
                    Tally* tally) {
  std::vector<std::int32_t> atoms = {DestUnit::kAnyAtom, DestUnit::kNoAtom};
  for (Protocol protocol : {Protocol::kSCTP, Protocol::kTCP, Protocol::kUDP, Protocol::kIcmp}) {
    for (int port : protocol == Protocol::kIcmp ? std::vector<int>{0} : probe_ports) {
      atoms.push_back(static_cast<std::int32_t>(m.atoms().AtomOf(protocol, port)));
    }
  }
  std::sort(atoms.begin(), atoms.end());
  atoms.erase(std::unique(atoms.begin(), atoms.end()), atoms.end());
  std::vector<DestUnit> units;
  for (std::uint32_t d = 0; d < m.class_count(); ++d) {
    for (std::int32_t atom : atoms) units.push_back(DestUnit{d, atom});
  }
  ProbeColumns columns(m, units, threads);
  for (std::size_t u = 0; u < units.size(); ++u) {
    const std::uint64_t* bits = columns.columns().Row(columns.ColumnOf(u));
    for (std::size_t s = 0; s < m.class_count(); ++s) {
      const DestUnit& unit = units[u];
      const bool want = unit.atom == DestUnit::kNoAtom ? false
                        : unit.atom == DestUnit::kAnyAtom
                            ? m.ClassAllowsAny(s, unit.cls)
                            : m.ClassAllowsAtom(s, unit.cls, static_cast<std::size_t>(unit.atom));
      ++tally->column_checks;
      if (TestBit(bits, s) == want) continue;
      if (++tally->mismatches > kReportedMismatches) continue;
      FAIL_CHECK("seed " << seed << ": column of class " << unit.cls << " atom " << unit.atom << " at source class "
                         << s << ": bulk " << !want << ", pairwise " << want);
    }
  }
}

void Compare(std::uint32_t seed, const Cluster& c, const std::vector<int>& probe_ports, const PolicyOptions& options,
             int threads, Tally* tally) {
  auto m = ReachabilityMatrix::Compute(c, options, threads);
  CompareColumns(seed, *m, probe_ports, threads, tally);
  for (const ReachClass& k : m->classes().classes()) tally->shared_classes += k.pods.size() > 1;
  for (std::size_t i = 0; i < c.pods.size(); ++i) {
    for (std::size_t j = 0; j < c.pods.size(); ++j) {
      const Peer src = Peer::OfPod(c.pods[i]);
      const Peer dst = Peer::OfPod(c.pods[j]);
      const std::size_t ci = m->ClassOf(i), cj = m->ClassOf(j);
      tally->address_pairs += !m->classes().classes()[ci].policy_pod || !m->classes().classes()[cj].policy_pod;
      const ConnSet fast = m->Allowed(i, j);
      bool ok = m->AllowsAny(i, j) == !fast.Empty();
      if (i != j && m->PairsExact(ci, cj)) ok = ok && m->ClassAllowed(ci, cj) == fast;
      std::string first_bad;
      for (Protocol protocol : {Protocol::kSCTP, Protocol::kTCP, Protocol::kUDP, Protocol::kIcmp}) {
        std::vector<int> ports = protocol == Protocol::kIcmp ? std::vector<int>{0} : probe_ports;
        for (int port : ports) {
          ++tally->probes;
          const bool ref = ReferenceAllows(c, options, src, dst, protocol, port);
          tally->allowed += ref;
          if (fast.Contains(protocol, port) == ref && m->Allows(i, j, protocol, port) == ref) continue;
          ok = false;
          if (first_bad.empty()) first_bad = std::string(ProtocolName(protocol)) + "/" + std::to_string(port);
        }
      }
      if (ok) continue;
      if (++tally->mismatches > kReportedMismatches) continue;
      std::ostringstream what;
      what << "seed " << seed << " threads " << threads << ": " << c.pods[i].Key() << " -> " << c.pods[j].Key()
           << " first differing probe " << (first_bad.empty() ? "(none: class or any-check)" : first_bad)
           << "\n  fast: " << fast.ToString() << (fast.icmp() ? " +ICMP" : "")
           << "\n  engine: " << PolicyEngine(c, options).Allowed(src, dst).ToString();
      for (const auto& info : OptionTable()) what << " " << info.key << "=" << *GetOption(options, info.key);
      FAIL_CHECK(what.str());
    }
  }
}

int EnvInt(const char* name, int fallback) {
  const char* text = std::getenv(name);
  return text != nullptr && *text != '\0' ? std::atoi(text) : fallback;
}

void RunSeed(std::uint32_t seed, Tally* canonical, Tally* combinations) {
  RandomClusterCase rc = GenerateRandomCluster(seed);
  Cluster c = WithReplicas(rc);
  Compare(seed, c, rc.probe_ports, PolicyOptions(), seed % 2 == 0 ? 2 : 1, canonical);
  // Seeds 1..64k cover every combination k times.
  Compare(seed, c, rc.probe_ports, Combination(static_cast<int>(seed % 64)), seed % 3 == 0 ? 1 : 2, combinations);
  Compare(seed, c, rc.probe_ports, Combination(static_cast<int>((seed * 37 + 11) % 64)), 2, combinations);
}

TEST_CASE("ReachabilityMatrix agrees with the reference evaluator on random clusters", "[property][fast]") {
  const int seeds = EnvInt("KREACH_FAST_PROPERTY_SEEDS", 320);
  Tally canonical, combinations;
  for (int s = 1; s <= seeds; ++s) RunSeed(static_cast<std::uint32_t>(s), &canonical, &combinations);
  INFO("canonical: " << canonical.probes << " probes, " << canonical.allowed << " allowed; combinations: "
                     << combinations.probes << " probes, " << combinations.allowed << " allowed");
  CHECK(canonical.mismatches == 0);
  CHECK(combinations.mismatches == 0);
  for (const Tally* t : {&canonical, &combinations}) {  // both outcomes, shared classes and address ends occur
    CHECK(t->allowed > t->probes / 10);
    CHECK(t->allowed < t->probes - t->probes / 10);
    CHECK(t->shared_classes > seeds);
    CHECK(t->address_pairs > 0);
    CHECK(t->column_checks > 0);
  }
}

TEST_CASE("ReachabilityMatrix on one seed, for debugging (KREACH_PROPERTY_SEED)", "[.seed]") {
  Tally canonical, combinations;
  RunSeed(static_cast<std::uint32_t>(EnvInt("KREACH_PROPERTY_SEED", 1)), &canonical, &combinations);
  CHECK(canonical.mismatches + combinations.mismatches == 0);
}

}  // namespace
}  // namespace testing
}  // namespace kreach
