// Evaluate (one probe, with reasons) and Allowed (connection sets) must agree on every probe, on generated
// clusters; plus the all-pairs speed the matrix command needs.
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "policies/evaluator.h"
#include "tests/support/builders.h"

namespace kreach {
namespace {

using namespace testing;  // NOLINT: builders

/// A small deterministic generator over std::mt19937 (its output is fixed by the standard).
class Gen {
 public:
  explicit Gen(std::uint32_t seed) : rng_(seed) {}
  int Below(int n) { return static_cast<int>(rng_() % static_cast<std::uint32_t>(n)); }
  bool Chance(int percent) { return Below(100) < percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(Below(static_cast<int>(items.size())))];
  }

 private:
  std::mt19937 rng_;
};

const std::vector<std::string> kApps = {"a", "b", "c"};
const std::vector<std::string> kNamespaces = {"n0", "n1", "n2"};

LabelSelector RandomSelector(Gen& g) {
  switch (g.Below(5)) {
    case 0: return Selector();
    case 1: return Selector({{"app", g.Pick(kApps)}});
    case 2: return Selector({}, {Requirement("app", LabelRequirement::Op::kIn, {g.Pick(kApps), g.Pick(kApps)})});
    case 3: return Selector({}, {Requirement("tier", LabelRequirement::Op::kNotIn, {"x"})});
    default: return Selector({}, {Requirement("tier", LabelRequirement::Op::kExists)});
  }
}

LabelSelector RandomNamespaceSelector(Gen& g) {
  switch (g.Below(3)) {
    case 0: return Selector();
    case 1: return Selector({{"team", g.Chance(50) ? "red" : "blue"}});
    default: return Selector({{"kubernetes.io/metadata.name", g.Pick(kNamespaces)}});
  }
}

PolicyPeer RandomPeer(Gen& g) {
  switch (g.Below(5)) {
    case 0: return PodPeer(RandomSelector(g));
    case 1: return NamespacePeer(RandomNamespaceSelector(g));
    case 2: return NamespacePodPeer(RandomNamespaceSelector(g), RandomSelector(g));
    case 3: return IpBlockPeer("10.244.0.0/16", {"10.244." + std::to_string(g.Below(3)) + ".0/24"});
    default: return IpBlockPeer(g.Chance(50) ? "0.0.0.0/0" : "10.0.0.0/8", {"10.0.0.2/32"});
  }
}

PolicyPort RandomPort(Gen& g) {
  const std::vector<Protocol> protocols = {Protocol::kTCP, Protocol::kUDP, Protocol::kSCTP};
  switch (g.Below(5)) {
    case 0: return AllPortsOf(g.Pick(protocols));
    case 1: return NumericPort(g.Pick(std::vector<int>{53, 80, 81, 8080}), g.Pick(protocols));
    case 2: return NumericPort(8000, Protocol::kTCP, 8090);
    case 3: return NamedPort("http");
    default: return NamedPort(g.Chance(50) ? "dns" : "s", g.Chance(50) ? Protocol::kUDP : Protocol::kSCTP);
  }
}

std::vector<PolicyRule> RandomRules(Gen& g) {
  std::vector<PolicyRule> rules;
  for (int r = g.Below(3); r > 0; --r) {
    PolicyRule rule;
    for (int p = g.Below(3); p > 0; --p) rule.peers.push_back(RandomPeer(g));
    for (int p = g.Below(3); p > 0; --p) rule.ports.push_back(RandomPort(g));
    rules.push_back(rule);
  }
  return rules;
}

Cluster RandomCluster(std::uint32_t seed, int pod_count, int policy_count) {
  Gen g(seed);
  Cluster c;
  c.nodes = {MakeNode("node-1", {"10.0.0.1"}), MakeNode("node-2", {"10.0.0.2"})};
  for (const std::string& ns : kNamespaces) {
    c.namespaces.push_back(
        MakeNamespace(ns, g.Chance(70) ? Labels{{"team", g.Chance(50) ? "red" : "blue"}} : Labels{}));
  }
  const std::vector<ContainerPort> port_menu = {MakeContainerPort("http", 80), MakeContainerPort("http", 8080),
                                                MakeContainerPort("dns", 53, Protocol::kUDP),
                                                MakeContainerPort("s", 81, Protocol::kSCTP)};
  for (int i = 0; i < pod_count; ++i) {
    Labels labels = {{"app", g.Pick(kApps)}};
    if (g.Chance(50)) labels["tier"] = g.Chance(50) ? "x" : "y";
    std::vector<ContainerPort> ports;
    if (g.Chance(70)) ports.push_back(port_menu[static_cast<std::size_t>(g.Below(2))]);
    if (g.Chance(40)) ports.push_back(port_menu[static_cast<std::size_t>(2 + g.Below(2))]);
    std::string node = g.Chance(50) ? "node-1" : "node-2";
    std::string name = "p" + std::to_string(i);
    if (i % 10 == 9) {
      c.pods.push_back(MakeHostNetworkPod(g.Pick(kNamespaces), name, labels, node, ports));
    } else {
      std::string ip = "10.244." + std::to_string(i % 3) + "." + std::to_string(10 + i);
      c.pods.push_back(MakePod(g.Pick(kNamespaces), name, labels, ip, node, ports));
    }
  }
  for (int i = 0; i < policy_count; ++i) {
    auto types = static_cast<PolicyTypes>(g.Below(4));
    c.network_policies.push_back(MakePolicy(g.Pick(kNamespaces), "np" + std::to_string(i), RandomSelector(g),
                                            RandomRules(g), RandomRules(g), types));
  }
  FinalizeCluster(&c);
  return c;
}

PolicyOptions RandomOptions(Gen& g) {
  PolicyOptions o;
  o.ip_block_matches_pods = g.Chance(50);
  o.named_port_matches_external = g.Chance(50);
  o.egress_to_own_node_exempt = g.Chance(50);
  o.ingress_from_own_node_exempt = g.Chance(50);
  o.host_network_is_node = g.Chance(50);
  o.icmp_needs_portless_rule = g.Chance(50);
  return o;
}

TEST_CASE("Evaluate and Allowed agree on every sampled probe of generated clusters", "[evaluator][property]") {
  const std::vector<int> ports = {1, 52, 53, 54, 79, 80, 81, 443, 7999, 8000, 8080, 8090, 8091, 65535};
  const std::vector<Protocol> protocols = {Protocol::kSCTP, Protocol::kTCP, Protocol::kUDP, Protocol::kIcmp};
  long probes = 0, allowed = 0, denied = 0;
  for (std::uint32_t seed = 1; seed <= 40; ++seed) {
    Cluster cluster = RandomCluster(seed, 14, 6);
    REQUIRE(ModelInvariantViolations(cluster).empty());
    Gen g(seed * 7919u);
    PolicyOptions options = seed <= 5 ? PolicyOptions() : RandomOptions(g);
    PolicyEngine engine(cluster, options);
    std::vector<Peer> ends;
    for (const Pod& p : cluster.pods) ends.push_back(Peer::OfPod(p));
    for (const char* ip : {"10.0.0.1", "10.0.0.2", "203.0.113.9", "10.244.1.99"}) ends.push_back(Peer::OfIp(Ip(ip)));
    for (const Peer& src : ends) {
      for (const Peer& dst : ends) {
        ConnSet all = engine.Allowed(src, dst), eg = engine.AllowedEgress(src, dst),
                in = engine.AllowedIngress(src, dst);
        if (all != eg.Intersect(in)) FAIL("seed " << seed << ": Allowed != egress ∩ ingress");
        for (Protocol protocol : protocols) {
          for (int port : ports) {
            Verdict v = engine.Evaluate(src, dst, protocol, port);
            ++probes;
            (v.allowed() ? allowed : denied)++;
            if (v.allowed() != all.Contains(protocol, port) || v.egress.allowed != eg.Contains(protocol, port) ||
                v.ingress.allowed != in.Contains(protocol, port)) {
              FAIL("seed " << seed << ": " << src.ToString() << " -> " << dst.ToString() << " "
                           << ProtocolName(protocol) << "/" << port << " evaluates "
                           << (v.allowed() ? "allowed" : "denied") << " but Allowed() is " << all.ToString()
                           << "\n  egress: " << v.egress.ToString(Direction::kEgress)
                           << "\n  ingress: " << v.ingress.ToString(Direction::kIngress));
            }
            // A denial always names the isolating policies and no allowing rule.
            for (const DirectionVerdict* d : {&v.egress, &v.ingress}) {
              if (!d->allowed && (d->reason != Reason::kNoRuleAllows || d->isolating.empty() || !d->allowing.empty())) {
                FAIL("seed " << seed << ": inconsistent denial reason");
              }
              if (d->reason == Reason::kAllowedByRule && d->allowing.empty()) FAIL("allowed by no rule");
            }
          }
        }
      }
    }
  }
  INFO(probes << " probes, " << allowed << " allowed, " << denied << " denied");
  CHECK(allowed > probes / 10);  // the generator exercises both outcomes
  CHECK(denied > probes / 10);
}

TEST_CASE("Allowed agrees with Evaluate on every port for a few pairs", "[evaluator][property]") {
  Cluster cluster = RandomCluster(4242, 12, 8);
  PolicyEngine engine(cluster, PolicyOptions());
  int checked_pairs = 0;
  for (std::size_t i = 0; i < cluster.pods.size(); i += 3) {
    Peer src = Peer::OfPod(cluster.pods[i]);
    Peer dst = Peer::OfPod(cluster.pods[(i * 5 + 1) % cluster.pods.size()]);
    ConnSet all = engine.Allowed(src, dst);
    for (Protocol protocol : {Protocol::kSCTP, Protocol::kTCP, Protocol::kUDP}) {
      for (int port = kMinPort; port <= kMaxPort; ++port) {
        if (engine.Evaluate(src, dst, protocol, port).allowed() != all.Contains(protocol, port)) {
          FAIL(src.ToString() << " -> " << dst.ToString() << " " << ProtocolName(protocol) << "/" << port);
        }
      }
    }
    ++checked_pairs;
  }
  CHECK(checked_pairs == 4);
}

}  // namespace
}  // namespace kreach
