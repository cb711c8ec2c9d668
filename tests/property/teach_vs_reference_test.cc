// Property test: the rule analysis behind `check --explain` (sim/report/teach.h) tells the truth. On generated
// clusters, for every isolated direction of every probe, AnalyzeRules says a rule admits the connection exactly
// when the slow reference evaluator lists that rule as admitting it, and every rule that does not admit it gets
// a reason (the peer's or the port's) to print.
//
// KREACH_PROPERTY_SEEDS=N runs seeds 1..N (default 200).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>
#include <vector>

#include "policies/evaluator.h"
#include "sim/report/teach.h"
#include "tests/support/random_cluster.h"
#include "tests/support/reference_evaluator.h"

namespace kreach {
namespace testing {
namespace {

int SeedCount() {
  const char* env = std::getenv("KREACH_PROPERTY_SEEDS");
  return env != nullptr ? std::atoi(env) : 200;
}

std::vector<Peer> Endpoints(const RandomClusterCase& rc) {
  std::vector<Peer> out;
  for (const Pod& p : rc.cluster.pods) out.push_back(Peer::OfPod(p));
  for (const Node& n : rc.cluster.nodes) {
    for (Ipv4 a : n.addresses) out.push_back(Peer::OfIp(a));
  }
  for (Ipv4 ip : rc.external_ips) out.push_back(Peer::OfIp(ip));
  return out;
}

TEST_CASE("AnalyzeRules admits exactly the rules the reference evaluator admits", "[property][teach]") {
  const int seeds = SeedCount();
  long directions = 0;
  long rules_checked = 0;
  long admitted = 0;
  long peer_misses = 0;
  long port_misses = 0;
  int mismatches = 0;
  for (int seed = 1; seed <= seeds; ++seed) {
    RandomClusterCase rc = GenerateRandomCluster(static_cast<std::uint32_t>(seed));
    PolicyOptions options = seed % 2 == 0 ? PolicyOptions{} : RandomPolicyOptions(static_cast<std::uint32_t>(seed));
    PolicyEngine engine(rc.cluster, options);
    std::vector<Peer> ends = Endpoints(rc);
    std::vector<std::pair<Protocol, int>> probes;
    for (int port : rc.probe_ports) {
      probes.emplace_back(Protocol::kTCP, port);
      if (port % 3 == 0) probes.emplace_back(Protocol::kUDP, port);
    }
    probes.emplace_back(Protocol::kIcmp, 0);
    for (const Peer& src : ends) {
      for (const Peer& dst : ends) {
        for (const auto& [protocol, port] : probes) {
          Verdict v = engine.Evaluate(src, dst, protocol, port);
          for (Direction d : {Direction::kIngress, Direction::kEgress}) {
            const DirectionVerdict& dv = d == Direction::kIngress ? v.ingress : v.egress;
            if (dv.isolating.empty()) continue;
            ++directions;
            std::vector<ReferenceRule> expected =
                ReferenceAllowingRules(rc.cluster, options, d, src, dst, protocol, port);
            for (const RuleAnalysis& a : AnalyzeRules(rc.cluster, options, dv, d)) {
              ++rules_checked;
              bool reference = false;
              for (const ReferenceRule& r : expected)
                reference = reference || (r.policy == a.policy && r.rule == a.rule);
              admitted += a.Admits();
              peer_misses += !a.peer_matches;
              port_misses += !a.port_matches;
              bool reasons_given =
                  (a.peer_matches || !a.peer_reason.empty()) && (a.port_matches || !a.port_reason.empty());
              if ((a.Admits() != reference || !reasons_given) && ++mismatches <= 10) {
                UNSCOPED_INFO("seed " << seed << ": " << ReferencePeerText(src) << " -> " << ReferencePeerText(dst)
                                      << " " << ProtocolName(protocol) << "/" << port << " "
                                      << (d == Direction::kIngress ? "ingress" : "egress") << " " << a.policy->Key()
                                      << " rule " << a.rule << ": analysis " << a.Admits() << ", reference "
                                      << reference << " (" << a.peer_reason << " | " << a.port_reason << ")");
              }
            }
          }
        }
      }
    }
  }
  INFO(directions << " isolated directions, " << rules_checked << " rules: " << admitted << " admit, " << peer_misses
                  << " peer misses, " << port_misses << " port misses");
  CHECK(mismatches == 0);
  // The generated cases reach every branch of the analysis.
  CHECK(admitted > 1000);
  CHECK(peer_misses > 1000);
  CHECK(port_misses > 1000);
}

}  // namespace
}  // namespace testing
}  // namespace kreach
