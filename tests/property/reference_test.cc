// The oracle is checked too: hand-built clusters for the §9 edge cases of the semantics reference, evaluated by
// the reference evaluator alone.
#include <catch2/catch.hpp>

#include "tests/support/builders.h"
#include "tests/support/reference_evaluator.h"

namespace kreach {
namespace testing {
namespace {

using Op = LabelRequirement::Op;

/// ns a: web (app=web, http/8080, n1), db (app=db, n1), fe-a (app=fe, n2); ns b (team=b): fe-b (app=fe, n2);
/// nodes n1 172.18.0.1 and n2 172.18.0.2 (+ 198.18.0.2). `policies` are added as given.
Cluster Base(std::vector<NetworkPolicy> policies, std::vector<Pod> extra_pods = {}) {
  Cluster c;
  c.namespaces.push_back(MakeNamespace("a"));
  c.namespaces.push_back(MakeNamespace("b", {{"team", "b"}}));
  c.nodes.push_back(MakeNode("n1", {"172.18.0.1"}, "10.244.1.0/24"));
  c.nodes.push_back(MakeNode("n2", {"172.18.0.2", "198.18.0.2"}, "10.244.2.0/24"));
  c.pods.push_back(MakePod("a", "web", {{"app", "web"}}, "10.244.1.10", "n1", {MakeContainerPort("http", 8080)}));
  c.pods.push_back(MakePod("a", "db", {{"app", "db"}}, "10.244.1.11", "n1"));
  c.pods.push_back(MakePod("a", "fe-a", {{"app", "fe"}}, "10.244.2.11", "n2"));
  c.pods.push_back(MakePod("b", "fe-b", {{"app", "fe"}}, "10.244.2.10", "n2"));
  for (Pod& p : extra_pods) c.pods.push_back(std::move(p));
  c.network_policies = std::move(policies);
  FinalizeCluster(&c);
  REQUIRE(ModelInvariantViolations(c).empty());
  return c;
}

Peer PodEnd(const Cluster& c, const std::string& ns, const std::string& name) {
  const Pod* p = c.FindPod(ns, name);
  REQUIRE(p != nullptr);
  return Peer::OfPod(*p);
}

bool Allows(const Cluster& c, const Peer& src, const Peer& dst, Protocol protocol, int port,
            const PolicyOptions& options = PolicyOptions()) {
  return ReferenceAllows(c, options, src, dst, protocol, port);
}

const Peer kExternal = Peer::OfIp(Ip("203.0.113.9"));
const Peer kNode1 = Peer::OfIp(Ip("172.18.0.1"));
const Peer kNode2 = Peer::OfIp(Ip("172.18.0.2"));

TEST_CASE("reference E1: deny-all ingress isolates, egress unaffected, own node exempt", "[reference]") {
  Cluster c = Base({MakePolicy("a", "deny", Selector(), {}, {}, PolicyTypes::kIngress)});
  Peer web = PodEnd(c, "a", "web"), db = PodEnd(c, "a", "db"), fe_b = PodEnd(c, "b", "fe-b");
  CHECK_FALSE(Allows(c, fe_b, web, Protocol::kTCP, 8080));
  CHECK_FALSE(Allows(c, db, web, Protocol::kTCP, 8080));
  CHECK_FALSE(Allows(c, kExternal, web, Protocol::kTCP, 8080));
  CHECK_FALSE(Allows(c, kNode2, web, Protocol::kTCP, 8080));  // another node is not exempt
  CHECK(Allows(c, kNode1, web, Protocol::kTCP, 8080));        // kubelet probe from web's own node (NP-8a)
  CHECK(Allows(c, web, fe_b, Protocol::kTCP, 80));            // egress not isolated
  CHECK(Allows(c, web, kExternal, Protocol::kUDP, 53));
  CHECK(ReferenceIsolated(c, PolicyOptions(), *web.pod, Direction::kIngress));
  CHECK_FALSE(ReferenceIsolated(c, PolicyOptions(), *web.pod, Direction::kEgress));
  CHECK_FALSE(ReferenceIsolated(c, PolicyOptions(), *fe_b.pod, Direction::kIngress));
  PolicyOptions no_node_exemption;
  no_node_exemption.ingress_from_own_node_exempt = false;
  CHECK_FALSE(Allows(c, kNode1, web, Protocol::kTCP, 8080, no_node_exemption));
}

TEST_CASE("reference E2: a second policy with ingress [{}] opens app=web only", "[reference]") {
  Cluster c = Base({MakePolicy("a", "deny", Selector(), {}, {}, PolicyTypes::kIngress),
                    MakePolicy("a", "web-open", Selector({{"app", "web"}}), {Rule()})});
  Peer web = PodEnd(c, "a", "web"), db = PodEnd(c, "a", "db"), fe_b = PodEnd(c, "b", "fe-b");
  CHECK(Allows(c, fe_b, web, Protocol::kTCP, 8080));
  CHECK(Allows(c, kExternal, web, Protocol::kSCTP, 1));
  CHECK(Allows(c, kNode2, web, Protocol::kUDP, 65535));
  CHECK(Allows(c, fe_b, web, Protocol::kIcmp, 0));  // a rule without ports admits ICMP (P-4)
  CHECK_FALSE(Allows(c, fe_b, db, Protocol::kTCP, 8080));
  CHECK_FALSE(Allows(c, kExternal, db, Protocol::kTCP, 8080));
  CHECK(ReferenceSelecting(c, PolicyOptions(), *web.pod, Direction::kIngress).size() == 2);
  std::vector<ReferenceRule> rules =
      ReferenceAllowingRules(c, PolicyOptions(), Direction::kIngress, fe_b, web, Protocol::kTCP, 8080);
  REQUIRE(rules.size() == 1);
  CHECK(rules[0].policy->name == "web-open");
  CHECK(rules[0].rule == 0);
  CHECK(ReferenceAllowingRules(c, PolicyOptions(), Direction::kIngress, fe_b, db, Protocol::kTCP, 8080).empty());
  const NetworkPolicy& deny = c.network_policies[0];
  REQUIRE(deny.name == "deny");
  CHECK(ReferenceSubjects(c, PolicyOptions(), deny).size() == 3);  // web, db, fe-a
}

TEST_CASE("reference E4/E5: policyTypes defaulting and ignored rules", "[reference]") {
  // E4: no policyTypes, egress: [] → [Ingress] only (NP-2).
  Cluster e4 = Base({MakePolicy("a", "p", Selector(), {}, {})});
  Peer web = PodEnd(e4, "a", "web"), fe_b = PodEnd(e4, "b", "fe-b");
  CHECK_FALSE(Allows(e4, fe_b, web, Protocol::kTCP, 8080));
  CHECK(Allows(e4, web, fe_b, Protocol::kTCP, 8080));
  // E5: policyTypes [Egress] with ingress rules: the ingress rules are ignored and ingress is not isolated.
  Cluster e5 = Base({MakePolicy("a", "p", Selector(), {Rule({PodPeer(Selector({{"app", "nothing"}}))})}, {Rule()},
                                PolicyTypes::kEgress)});
  Peer web5 = PodEnd(e5, "a", "web"), fe_b5 = PodEnd(e5, "b", "fe-b");
  CHECK(Allows(e5, fe_b5, web5, Protocol::kTCP, 8080));
  CHECK_FALSE(ReferenceIsolated(e5, PolicyOptions(), *web5.pod, Direction::kIngress));
  CHECK(ReferenceIsolated(e5, PolicyOptions(), *web5.pod, Direction::kEgress));
}

TEST_CASE("reference E6: empty from with a port admits every source on that port only", "[reference]") {
  Cluster c = Base({MakePolicy("a", "p", Selector({{"app", "web"}}), {Rule({}, {NumericPort(80)})})});
  Peer web = PodEnd(c, "a", "web"), fe_b = PodEnd(c, "b", "fe-b");
  for (const Peer& src : {fe_b, kExternal, kNode2}) {
    CHECK(Allows(c, src, web, Protocol::kTCP, 80));
    CHECK_FALSE(Allows(c, src, web, Protocol::kTCP, 81));
    CHECK_FALSE(Allows(c, src, web, Protocol::kIcmp, 0));  // a rule with ports never admits ICMP (P-4)
  }
  PolicyOptions icmp_free;
  icmp_free.icmp_needs_portless_rule = false;
  CHECK(Allows(c, fe_b, web, Protocol::kIcmp, 0, icmp_free));
}

TEST_CASE("reference E8/E9/E11: namespace and pod selectors", "[reference]") {
  // E11: podSelector alone means the policy's namespace.
  Cluster e11 = Base({MakePolicy("a", "p", Selector({{"app", "web"}}), {Rule({PodPeer(Selector({{"app", "fe"}}))})})});
  Peer web = PodEnd(e11, "a", "web");
  CHECK_FALSE(Allows(e11, PodEnd(e11, "b", "fe-b"), web, Protocol::kTCP, 8080));
  CHECK(Allows(e11, PodEnd(e11, "a", "fe-a"), web, Protocol::kTCP, 8080));
  // E8: namespace a has no team label.
  Cluster e8 = Base({MakePolicy("a", "p", Selector(), {Rule({NamespacePeer(Selector({{"team", "b"}}))})})});
  CHECK_FALSE(Allows(e8, PodEnd(e8, "a", "fe-a"), PodEnd(e8, "a", "web"), Protocol::kTCP, 8080));
  CHECK(Allows(e8, PodEnd(e8, "b", "fe-b"), PodEnd(e8, "a", "web"), Protocol::kTCP, 8080));
  // E9: the synthesised kubernetes.io/metadata.name label; NP-12 AND with a pod selector; NotIn/DoesNotExist.
  Cluster e9 = Base({MakePolicy("a", "p", Selector(),
                                {Rule({NamespacePodPeer(Selector({{kNamespaceNameLabel, "b"}}),
                                                        Selector({}, {Requirement("app", Op::kIn, {"fe"})})),
                                       PodPeer(Selector({}, {Requirement("app", Op::kNotIn, {"web", "fe"}),
                                                             Requirement("x", Op::kDoesNotExist)}))})})});
  Peer web9 = PodEnd(e9, "a", "web");
  CHECK(Allows(e9, PodEnd(e9, "b", "fe-b"), web9, Protocol::kTCP, 8080));
  CHECK(Allows(e9, PodEnd(e9, "a", "db"), web9, Protocol::kTCP, 8080));          // app=db NotIn (web, fe)
  CHECK_FALSE(Allows(e9, PodEnd(e9, "a", "fe-a"), web9, Protocol::kTCP, 8080));  // ns a is not b; fe excluded
  CHECK_FALSE(Allows(e9, kExternal, web9, Protocol::kTCP, 8080));                // NP-13: selectors match pods only
  CHECK_FALSE(Allows(e9, kNode2, web9, Protocol::kTCP, 8080));
}

TEST_CASE("reference E12/E13/E67: protocols", "[reference]") {
  Cluster c = Base({MakePolicy("a", "tcp53", Selector({{"app", "web"}}), {Rule({}, {NumericPort(53)})}),
                    MakePolicy("a", "udp", Selector({{"app", "db"}}), {Rule({}, {AllPortsOf(Protocol::kUDP)})}),
                    MakePolicy("b", "sctp81", Selector(), {Rule({}, {NumericPort(81, Protocol::kSCTP)})})});
  Peer src = PodEnd(c, "a", "fe-a");
  // E12: no protocol means TCP.
  CHECK(Allows(c, src, PodEnd(c, "a", "web"), Protocol::kTCP, 53));
  CHECK_FALSE(Allows(c, src, PodEnd(c, "a", "web"), Protocol::kUDP, 53));
  // E13: {protocol: UDP} is every UDP port and no TCP.
  CHECK(Allows(c, src, PodEnd(c, "a", "db"), Protocol::kUDP, 1));
  CHECK(Allows(c, src, PodEnd(c, "a", "db"), Protocol::kUDP, 65535));
  CHECK_FALSE(Allows(c, src, PodEnd(c, "a", "db"), Protocol::kTCP, 53));
  // E67: SCTP/81 does not admit TCP/81.
  CHECK(Allows(c, src, PodEnd(c, "b", "fe-b"), Protocol::kSCTP, 81));
  CHECK_FALSE(Allows(c, src, PodEnd(c, "b", "fe-b"), Protocol::kTCP, 81));
  CHECK_FALSE(Allows(c, src, PodEnd(c, "b", "fe-b"), Protocol::kUDP, 81));
}

TEST_CASE("reference E15/E18: named ports and ranges", "[reference]") {
  Cluster c = Base({MakePolicy("a", "named", Selector(), {Rule({}, {NamedPort("http")})}),
                    MakePolicy("b", "range", Selector(), {Rule({}, {NumericPort(32000, Protocol::kTCP, 32768)})})});
  Peer src = PodEnd(c, "b", "fe-b");
  // E15: db defines no port named http → nothing; web resolves http to 8080 only, on TCP only.
  CHECK_FALSE(Allows(c, src, PodEnd(c, "a", "db"), Protocol::kTCP, 8080));
  CHECK(Allows(c, src, PodEnd(c, "a", "web"), Protocol::kTCP, 8080));
  CHECK_FALSE(Allows(c, src, PodEnd(c, "a", "web"), Protocol::kTCP, 80));
  CHECK_FALSE(Allows(c, src, PodEnd(c, "a", "web"), Protocol::kUDP, 8080));
  // E18: inclusive range.
  Peer dst = PodEnd(c, "b", "fe-b"), from = PodEnd(c, "a", "web");
  CHECK(Allows(c, from, dst, Protocol::kTCP, 32000));
  CHECK(Allows(c, from, dst, Protocol::kTCP, 32768));
  CHECK_FALSE(Allows(c, from, dst, Protocol::kTCP, 32769));
  CHECK_FALSE(Allows(c, from, dst, Protocol::kTCP, 31999));
}

TEST_CASE("reference NP-20: named egress port towards a non-pod address", "[reference]") {
  Cluster c = Base({MakePolicy("a", "egress", Selector(), {}, {Rule({}, {NamedPort("http")})}, PolicyTypes::kEgress)});
  Peer web = PodEnd(c, "a", "web"), fe_a = PodEnd(c, "a", "fe-a");
  CHECK(Allows(c, fe_a, web, Protocol::kTCP, 8080));  // resolved on the destination pod
  CHECK_FALSE(Allows(c, fe_a, kExternal, Protocol::kTCP, 8080));
  PolicyOptions loose;
  loose.named_port_matches_external = true;
  CHECK(Allows(c, fe_a, kExternal, Protocol::kTCP, 8080, loose));
  CHECK(Allows(c, fe_a, kExternal, Protocol::kTCP, 1, loose));
  CHECK_FALSE(Allows(c, fe_a, kExternal, Protocol::kUDP, 1, loose));
  CHECK_FALSE(Allows(c, fe_a, web, Protocol::kTCP, 1, loose));  // a pod still resolves the name
}

TEST_CASE("reference E23: ipBlock of a pod's /32, and the NP-14 switch", "[reference]") {
  Cluster c = Base({MakePolicy("a", "egress", Selector({{"app", "fe"}}), {}, {Rule({IpBlockPeer("10.244.1.10/32")})},
                               PolicyTypes::kEgress)});
  Peer fe_a = PodEnd(c, "a", "fe-a"), web = PodEnd(c, "a", "web"), db = PodEnd(c, "a", "db");
  CHECK(Allows(c, fe_a, web, Protocol::kTCP, 8080));
  CHECK_FALSE(Allows(c, fe_a, db, Protocol::kTCP, 8080));
  CHECK_FALSE(ReferenceAllows(c, NetpolAnalyzerCompat(), fe_a, web, Protocol::kTCP, 8080));
}

TEST_CASE("reference NP-15 and NP-8: except, union, and egress to the own node", "[reference]") {
  Cluster c = Base({MakePolicy("a", "egress", Selector({{"app", "fe"}}), {},
                               {Rule({IpBlockPeer("172.18.0.0/16", {"172.18.0.2/32"})}),
                                Rule({IpBlockPeer("0.0.0.0/0", {"172.16.0.0/12"})}, {NumericPort(443)})},
                               PolicyTypes::kEgress)});
  Peer fe_a = PodEnd(c, "a", "fe-a");  // on n2
  CHECK(Allows(c, fe_a, kNode1, Protocol::kTCP, 1));
  CHECK_FALSE(Allows(c, fe_a, kNode2, Protocol::kTCP, 1));    // excepted, own node not exempt (canonical)
  CHECK_FALSE(Allows(c, fe_a, kNode2, Protocol::kTCP, 443));  // 172.18/16 is inside 172.16/12
  CHECK(Allows(c, fe_a, kExternal, Protocol::kTCP, 443));
  CHECK_FALSE(Allows(c, fe_a, kExternal, Protocol::kTCP, 80));
  PolicyOptions exempt;
  exempt.egress_to_own_node_exempt = true;
  CHECK(Allows(c, fe_a, kNode2, Protocol::kTCP, 1, exempt));
  CHECK(Allows(c, fe_a, Peer::OfIp(Ip("198.18.0.2")), Protocol::kTCP, 1, exempt));  // second address of n2
  CHECK_FALSE(Allows(c, fe_a, Peer::OfIp(Ip("198.18.0.3")), Protocol::kTCP, 1, exempt));
}

TEST_CASE("reference E30: a pod reaches itself under deny-all", "[reference]") {
  Cluster c = Base({MakePolicy("a", "deny", Selector(), {}, {}, PolicyTypes::kBoth)});
  Peer web = PodEnd(c, "a", "web"), db = PodEnd(c, "a", "db");
  CHECK(Allows(c, web, web, Protocol::kTCP, 8080));
  CHECK(Allows(c, web, web, Protocol::kIcmp, 0));
  CHECK_FALSE(Allows(c, web, db, Protocol::kTCP, 8080));
  CHECK_FALSE(Allows(c, web, kExternal, Protocol::kTCP, 443));
}

TEST_CASE("reference E31/E32: hostNetwork pods are their node's address", "[reference]") {
  std::vector<Pod> agent = {MakeHostNetworkPod("a", "agent", {{"app", "agent"}}, "n2")};
  Cluster by_label =
      Base({MakePolicy("a", "p", Selector({{"app", "web"}}), {Rule({PodPeer(Selector({{"app", "agent"}}))})}),
            MakePolicy("a", "deny-agent", Selector({{"app", "agent"}}), {}, {}, PolicyTypes::kBoth)},
           agent);
  Peer web = PodEnd(by_label, "a", "web"), host = PodEnd(by_label, "a", "agent");
  CHECK(host.ip == Ip("172.18.0.2"));
  CHECK_FALSE(Allows(by_label, host, web, Protocol::kTCP, 8080));  // E31
  CHECK(Allows(by_label, web, host, Protocol::kTCP, 8080));        // E32: deny-all on agent has no effect
  CHECK_FALSE(ReferenceIsolated(by_label, PolicyOptions(), *host.pod, Direction::kEgress));
  PolicyOptions selectable;
  selectable.host_network_is_node = false;
  // Selectable: web's ingress now admits the agent by label, but the agent's own deny-all egress applies.
  CHECK(ReferenceDirectionAllows(by_label, selectable, Direction::kIngress, host, web, Protocol::kTCP, 8080));
  CHECK_FALSE(ReferenceDirectionAllows(by_label, selectable, Direction::kEgress, host, web, Protocol::kTCP, 8080));
  CHECK_FALSE(Allows(by_label, host, web, Protocol::kTCP, 8080, selectable));
  CHECK(ReferenceIsolated(by_label, selectable, *host.pod, Direction::kEgress));
  CHECK_FALSE(Allows(by_label, web, host, Protocol::kTCP, 8080, selectable));
  // The podSelector peer never lists the hostNetwork agent under the canonical model, and does when selectable.
  const NetworkPolicy& p = by_label.network_policies[1];
  REQUIRE(p.name == "p");
  CHECK(ReferencePeerPods(by_label, PolicyOptions(), p, p.ingress[0].peers[0]).empty());
  CHECK(ReferencePeerPods(by_label, selectable, p, p.ingress[0].peers[0]).size() == 1);
  CHECK(ReferenceSubjects(by_label, PolicyOptions(), by_label.network_policies[0]).empty());
  CHECK(ReferenceSubjects(by_label, selectable, by_label.network_policies[0]).size() == 1);

  Cluster by_ip =
      Base({MakePolicy("a", "p", Selector({{"app", "web"}}), {Rule({IpBlockPeer("172.18.0.2/32")})})}, agent);
  CHECK(Allows(by_ip, PodEnd(by_ip, "a", "agent"), PodEnd(by_ip, "a", "web"), Protocol::kTCP, 8080));
  CHECK(ReferenceAllows(by_ip, NetpolAnalyzerCompat(), PodEnd(by_ip, "a", "agent"), PodEnd(by_ip, "a", "web"),
                        Protocol::kTCP, 8080));  // a node address is not a pod IP
  const NetworkPolicy& q = by_ip.network_policies[0];
  std::vector<const Pod*> matched = ReferencePeerPods(by_ip, PolicyOptions(), q, q.ingress[0].peers[0]);
  REQUIRE(matched.size() == 1);
  CHECK(matched[0]->name == "agent");
}

}  // namespace
}  // namespace testing
}  // namespace kreach
