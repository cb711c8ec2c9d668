// Property test: the PolicyEngine (compiled selectors, bitsets, port sets) agrees with the slow reference
// evaluator on generated clusters, for every pair of endpoints and every probe, under the canonical options and
// under randomised switches.
//
// Environment knobs for debugging: KREACH_PROPERTY_SEEDS=N runs seeds 1..N (default 300);
// KREACH_PROPERTY_SEED=S runs only seed S (with the "[.seed]" test: kreach_tests "[.seed]").
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "policies/evaluator.h"
#include "tests/support/random_cluster.h"
#include "tests/support/reference_evaluator.h"

namespace kreach {
namespace testing {
namespace {

constexpr int kReportedMismatches = 10;  // failures printed in full; the rest are only counted

struct Tally {
  long probes = 0;
  long allowed = 0;
  long mismatches = 0;
  std::map<Reason, long> reasons;  // engine reasons seen, to show the generated cases reach every branch
};

std::string OptionsText(const PolicyOptions& options) {
  std::string out;
  for (const OptionInfo& info : OptionTable()) {
    out += std::string(out.empty() ? "" : " ") + info.key + "=" + (*GetOption(options, info.key) ? "true" : "false");
  }
  return out;
}

std::string ProbeText(Protocol protocol, int port) {
  if (protocol == Protocol::kIcmp) return "ICMP";
  return std::string(ProtocolName(protocol)) + "/" + std::to_string(port);
}

std::string RulesText(const std::vector<ReferenceRule>& rules) {
  std::string out;
  for (const ReferenceRule& r : rules) out += " " + r.policy->Key() + "#" + std::to_string(r.rule);
  return out.empty() ? " (none)" : out;
}

std::string RulesText(const std::vector<RuleRef>& rules) {
  std::string out;
  for (const RuleRef& r : rules) out += " " + r.policy->Key() + "#" + std::to_string(r.rule);
  return out.empty() ? " (none)" : out;
}

bool SameRules(const std::vector<ReferenceRule>& a, const std::vector<RuleRef>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].policy != b[i].policy || a[i].rule != b[i].rule) return false;
  }
  return true;
}

/// The endpoints of a case: every pod (hostNetwork ones included), every node address, the external addresses.
std::vector<Peer> Endpoints(const RandomClusterCase& rc) {
  std::vector<Peer> out;
  for (const Pod& p : rc.cluster.pods) out.push_back(Peer::OfPod(p));
  for (const Node& n : rc.cluster.nodes) {
    for (Ipv4 a : n.addresses) out.push_back(Peer::OfIp(a));
  }
  for (Ipv4 ip : rc.external_ips) out.push_back(Peer::OfIp(ip));
  return out;
}

/// The whole case as text, printed once with the first mismatch of a seed.
std::string CaseText(const RandomClusterCase& rc) {
  std::ostringstream out;
  const Cluster& c = rc.cluster;
  for (const Namespace& ns : c.namespaces) {
    out << "  namespace " << ns.name << " labels";
    for (const auto& [k, v] : ns.labels) out << " " << k << "=" << v;
    out << "\n";
  }
  for (const Node& n : c.nodes) {
    out << "  node " << n.name;
    for (Ipv4 a : n.addresses) out << " " << FormatIpv4(a);
    out << "\n";
  }
  for (const Pod& p : c.pods) {
    out << "  pod " << p.Key() << " " << FormatIpv4(p.ip) << " on " << p.node << (p.host_network ? " hostNetwork" : "")
        << " labels";
    for (const auto& [k, v] : p.labels) out << " " << k << "=" << v;
    out << " ports";
    for (const ContainerPort& cp : p.ports) out << " " << cp.name << ":" << ProtocolName(cp.protocol) << "/" << cp.port;
    out << "\n";
  }
  for (const NetworkPolicy& np : c.network_policies) {
    out << "  policy " << np.Key() << " podSelector " << np.pod_selector.ToString() << " types"
        << (np.ingress_type ? " Ingress" : "") << (np.egress_type ? " Egress" : "") << "\n";
    for (const auto* rules : {&np.ingress, &np.egress}) {
      for (std::size_t i = 0; i < rules->size(); ++i) {
        const PolicyRule& r = (*rules)[i];
        out << "    " << (rules == &np.ingress ? "ingress" : "egress") << "[" << i << "] peers";
        if (r.peers.empty()) out << " (all)";
        for (const PolicyPeer& peer : r.peers) out << " [" << peer.ToString() << "]";
        out << " ports";
        if (r.ports.empty()) out << " (all)";
        for (const PolicyPort& port : r.ports) out << " " << port.ToString();
        out << "\n";
      }
    }
  }
  return out.str();
}

/// Compares engine and reference on one case under one set of options. Adds to `tally`; reports the first
/// mismatches with everything needed to reproduce them.
void CompareCase(const RandomClusterCase& rc, const PolicyOptions& options, Tally* tally) {
  const Cluster& c = rc.cluster;
  PolicyEngine engine(c, options);
  bool case_printed = false;
  auto report = [&](const std::string& what) {
    ++tally->mismatches;
    if (tally->mismatches > kReportedMismatches) return;
    std::string text = "seed " + std::to_string(rc.seed) + " options {" + OptionsText(options) + "}\n" + what;
    if (!case_printed) text += "\ncluster:\n" + CaseText(rc);
    case_printed = true;
    FAIL_CHECK(text);
  };

  // Selection (NP-1, NP-3, NP-17).
  for (const Pod& pod : c.pods) {
    for (Direction d : {Direction::kIngress, Direction::kEgress}) {
      std::vector<const NetworkPolicy*> ref = ReferenceSelecting(c, options, pod, d);
      if (engine.Selecting(pod, d) != ref || engine.Isolated(pod, d) != !ref.empty()) {
        report("Selecting(" + pod.Key() + ", " + (d == Direction::kIngress ? "ingress" : "egress") + ") differs");
      }
    }
  }
  for (const NetworkPolicy& np : c.network_policies) {
    if (engine.Subjects(np) != ReferenceSubjects(c, options, np)) report("Subjects(" + np.Key() + ") differs");
    for (const auto* rules : {&np.ingress, &np.egress}) {
      for (std::size_t r = 0; r < rules->size(); ++r) {
        for (const PolicyPeer& peer : (*rules)[r].peers) {
          if (engine.PeerPods(np, peer) != ReferencePeerPods(c, options, np, peer)) {
            report("PeerPods(" + np.Key() + ", " + (rules == &np.ingress ? "ingress" : "egress") + " rule " +
                   std::to_string(r) + " peer " + peer.ToString() + ") differs");
          }
        }
      }
    }
  }

  // Every pair × every probe.
  std::vector<Peer> endpoints = Endpoints(rc);
  for (const Peer& src : endpoints) {
    for (const Peer& dst : endpoints) {
      ConnSet both = engine.Allowed(src, dst);
      ConnSet egress_set = engine.AllowedEgress(src, dst);
      ConnSet ingress_set = engine.AllowedIngress(src, dst);
      for (Protocol protocol : {Protocol::kSCTP, Protocol::kTCP, Protocol::kUDP, Protocol::kIcmp}) {
        std::vector<int> ports = protocol == Protocol::kIcmp ? std::vector<int>{0} : rc.probe_ports;
        for (int port : ports) {
          ++tally->probes;
          bool ref_egress = ReferenceDirectionAllows(c, options, Direction::kEgress, src, dst, protocol, port);
          bool ref_ingress = ReferenceDirectionAllows(c, options, Direction::kIngress, src, dst, protocol, port);
          bool ref = ref_egress && ref_ingress;
          bool ref_all = ReferenceAllows(c, options, src, dst, protocol, port);
          Verdict v = engine.Evaluate(src, dst, protocol, port);
          tally->allowed += ref;
          ++tally->reasons[v.egress.reason];
          ++tally->reasons[v.ingress.reason];
          // The rule lists are compared where rules decide (ICMP with the P-4 switch off is never filtered).
          bool compare_rules = protocol != Protocol::kIcmp || options.icmp_needs_portless_rule;
          std::vector<ReferenceRule> ref_egress_rules =
              ReferenceAllowingRules(c, options, Direction::kEgress, src, dst, protocol, port);
          std::vector<ReferenceRule> ref_ingress_rules =
              ReferenceAllowingRules(c, options, Direction::kIngress, src, dst, protocol, port);
          bool ok = ref_all == ref && v.egress.allowed == ref_egress && v.ingress.allowed == ref_ingress &&
                    v.allowed() == ref && both.Contains(protocol, port) == ref &&
                    egress_set.Contains(protocol, port) == ref_egress &&
                    ingress_set.Contains(protocol, port) == ref_ingress &&
                    (!compare_rules || (SameRules(ref_egress_rules, v.egress.allowing) &&
                                        SameRules(ref_ingress_rules, v.ingress.allowing)));
          if (ok) continue;
          std::ostringstream what;
          what << ReferencePeerText(src) << " -> " << ReferencePeerText(dst) << " " << ProbeText(protocol, port)
               << "\n  reference: egress " << ref_egress << " ingress " << ref_ingress << " (allows " << ref_all
               << "); rules egress" << RulesText(ref_egress_rules) << ", ingress" << RulesText(ref_ingress_rules)
               << "\n  engine Evaluate: egress " << v.egress.allowed << " ingress " << v.ingress.allowed
               << "; rules egress" << RulesText(v.egress.allowing) << ", ingress" << RulesText(v.ingress.allowing)
               << "\n    egress:  " << v.egress.ToString(Direction::kEgress)
               << "\n    ingress: " << v.ingress.ToString(Direction::kIngress)
               << "\n  engine Allowed: " << both.ToString() << (both.icmp() ? " +ICMP" : "")
               << "; AllowedEgress: " << egress_set.ToString() << (egress_set.icmp() ? " +ICMP" : "")
               << "; AllowedIngress: " << ingress_set.ToString() << (ingress_set.icmp() ? " +ICMP" : "");
          report(what.str());
        }
      }
    }
  }
}

int EnvInt(const char* name, int fallback) {
  const char* text = std::getenv(name);
  return text != nullptr && *text != '\0' ? std::atoi(text) : fallback;
}

TEST_CASE("PolicyEngine agrees with the reference evaluator on random clusters", "[property]") {
  const int seeds = EnvInt("KREACH_PROPERTY_SEEDS", 300);
  Tally canonical, randomised;
  for (int s = 1; s <= seeds; ++s) {
    const auto seed = static_cast<std::uint32_t>(s);
    RandomClusterCase rc = GenerateRandomCluster(seed);
    CompareCase(rc, PolicyOptions(), &canonical);
    CompareCase(rc, RandomPolicyOptions(seed), &randomised);
  }
  INFO("canonical: " << canonical.probes << " probes, " << canonical.allowed << " allowed, " << canonical.mismatches
                     << " mismatches; randomised: " << randomised.probes << " probes, " << randomised.allowed
                     << " allowed, " << randomised.mismatches << " mismatches");
  CHECK(canonical.mismatches == 0);
  CHECK(randomised.mismatches == 0);
  // The generated cases must exercise both outcomes and every reason, or the agreement means little.
  for (const Tally* t : {&canonical, &randomised}) {
    CHECK(t->allowed > t->probes / 10);
    CHECK(t->allowed < t->probes - t->probes / 10);
  }
  for (Reason r : {Reason::kNotIsolated, Reason::kAllowedByRule, Reason::kNoRuleAllows, Reason::kNotAPod,
                   Reason::kLoopback, Reason::kOwnNode}) {
    INFO("reason " << static_cast<int>(r));
    CHECK(canonical.reasons[r] > 0);
  }
  CHECK(randomised.reasons[Reason::kIcmpUnfiltered] > 0);
}

TEST_CASE("one property seed, for debugging (KREACH_PROPERTY_SEED)", "[.seed]") {
  const auto seed = static_cast<std::uint32_t>(EnvInt("KREACH_PROPERTY_SEED", 1));
  RandomClusterCase rc = GenerateRandomCluster(seed);
  Tally canonical, randomised;
  CompareCase(rc, PolicyOptions(), &canonical);
  CompareCase(rc, RandomPolicyOptions(seed), &randomised);
  INFO("seed " << seed << "\n" << CaseText(rc));
  CHECK(canonical.mismatches + randomised.mismatches == 0);
  CHECK(canonical.probes > 0);
}

}  // namespace
}  // namespace testing
}  // namespace kreach
