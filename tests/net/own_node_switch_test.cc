// Verdicts an own-node switch decided (sim/net/own_node_switch.h; NP-8, NP-24): which switch, and what a trace
// says about it.
#include "sim/net/own_node_switch.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/net/path_fixture.h"

namespace kreach {

using namespace path_test;  // NOLINT: the fixture's helpers read as a small test language

namespace {

/// Default deny in namespace ops for ops/client (node-a) in both directions, except egress to node-b's address;
/// shop/web-a (node-a) isolated for ingress with a rule for ops pods only.
const char* kOwnNodePolicies = R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-locked, namespace: ops}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Ingress, Egress]
  egress:
  - to: [{ipBlock: {cidr: 172.18.0.11/32}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-from-ops, namespace: shop}
spec:
  podSelector: {matchLabels: {zone: a}}
  policyTypes: [Ingress]
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ops}}}]
)";

/// The own-node switch of the only policy hop of `t`'s first branch in `d`, or nullopt.
std::optional<OwnNodeSwitch> SwitchOf(const Trace& t, Direction d) {
  for (const Hop& h : t.branches.front().hops) {
    if (h.kind == Hop::Kind::kPolicy && h.direction == d) return h.own_node_switch;
  }
  FAIL("no policy hop");
  return std::nullopt;
}

}  // namespace

TEST_CASE("NP-8: egress to the own node denied by the rules names egressToOwnNodeExempt and its flag",
          "[own_node][path]") {
  auto net = MakeNetwork({}, kOwnNodePolicies);
  Trace t = Run(*net, "ops/client", "node/node-a", "10250");
  INFO(Text(t));
  CHECK(Branches(t) == V{"172.18.0.10:10250 dropped"});
  std::optional<OwnNodeSwitch> s = SwitchOf(t, Direction::kEgress);
  REQUIRE(s);
  CHECK(std::string(s->key) == "egressToOwnNodeExempt");
  CHECK_FALSE(s->value);
  CHECK_FALSE(s->allowed);
  CHECK(s->Flag() == "--option egressToOwnNodeExempt=true");
  // The trace says it under the hop, and notes the two texts that disagree once.
  std::string text = Text(t);
  CHECK_THAT(text, Catch::Contains("       own node: 172.18.0.10 is the node of ops/client: under "
                                   "egressToOwnNodeExempt=false (kreach's canonical NP-8) egress to the pod's own node "
                                   "passes only an egress rule; --option egressToOwnNodeExempt=true would allow it\n"));
  CHECK(t.notes == OwnNodeSources());
  CHECK_THAT(t.notes.front(), Catch::Contains("\"traffic to and from the node where a Pod is running is always "
                                              "allowed, regardless of the IP address of the Pod or the node\""));
  CHECK_THAT(t.notes.back(), Catch::Contains("\"if the traffic source is the pod's local node\""));

  // With the switch on, the same egress is allowed, and the switch is still named (it decided the allow).
  PolicyOptions on;
  on.egress_to_own_node_exempt = true;
  auto exempt = MakeNetwork(on, kOwnNodePolicies);
  Trace allowed = Run(*exempt, "ops/client", "node/node-a", "10250");
  INFO(Text(allowed));
  CHECK(Branches(allowed) == V{"172.18.0.10:10250 delivered seen as 10.244.0.20"});
  std::optional<OwnNodeSwitch> decided = SwitchOf(allowed, Direction::kEgress);
  REQUIRE(decided);
  CHECK(decided->value);
  CHECK(decided->allowed);
  CHECK(decided->Flag() == "--option egressToOwnNodeExempt=false");
}

TEST_CASE("NP-8: no switch is named where it changes nothing", "[own_node][path]") {
  auto net = MakeNetwork({}, kOwnNodePolicies);
  // Another node: the switch does not apply. A rule allows it: the switch did not decide.
  Trace other = Run(*net, "ops/client", "node/node-b", "10250");
  INFO(Text(other));
  CHECK_FALSE(SwitchOf(other, Direction::kEgress));
  CHECK(other.notes.empty());
  // ops/client-b (node-b) is locked too, and node-b's address is allowed: its own node, but a rule decided.
  Trace allowed_by_rule = Run(*net, "ops/client-b", "node/node-b", "10250");
  INFO(Text(allowed_by_rule));
  CHECK(Branches(allowed_by_rule) == V{"172.18.0.11:10250 delivered seen as 10.244.1.20"});
  CHECK_FALSE(SwitchOf(allowed_by_rule, Direction::kEgress));
  // Not isolated for egress: no policy, no switch.
  Trace open = Run(*net, "shop/web-a", "node/node-a", "10250");
  CHECK_FALSE(SwitchOf(open, Direction::kEgress));
}

TEST_CASE("NP-8(a): ingress from the own node that only the exemption admits names ingressFromOwnNodeExempt",
          "[own_node][path]") {
  auto net = MakeNetwork({}, kOwnNodePolicies);
  Trace t = Run(*net, "node/node-a", "shop/web-a", "8080");
  INFO(Text(t));
  CHECK(Branches(t) == V{"shop/web-a:8080 delivered seen as 172.18.0.10"});
  std::optional<OwnNodeSwitch> s = SwitchOf(t, Direction::kIngress);
  REQUIRE(s);
  CHECK(std::string(s->key) == "ingressFromOwnNodeExempt");
  CHECK(s->value);
  CHECK(s->allowed);
  CHECK_FALSE(s->via_snat);
  CHECK(s->Flag() == "--option ingressFromOwnNodeExempt=false");
  // From another node the rules decide (denied), and no switch could change it.
  Trace other = Run(*net, "node/node-b", "shop/web-a", "8080");
  CHECK(Branches(other) == V{"shop/web-a:8080 dropped"});
  CHECK_FALSE(SwitchOf(other, Direction::kIngress));
  // shop/web-b is not isolated: the exemption is reported but decided nothing.
  Trace open = Run(*net, "node/node-b", "shop/web-b", "8080");
  CHECK_FALSE(SwitchOf(open, Direction::kIngress));
}

TEST_CASE("NP-8(a), NP-24: the switch that a denial of the own node depends on", "[own_node][path]") {
  PolicyOptions off;
  off.ingress_from_own_node_exempt = false;
  auto net = MakeNetwork(off, kOwnNodePolicies);
  Trace t = Run(*net, "node/node-a", "shop/web-a", "8080");
  INFO(Text(t));
  CHECK(Branches(t) == V{"shop/web-a:8080 dropped"});
  std::optional<OwnNodeSwitch> s = SwitchOf(t, Direction::kIngress);
  REQUIRE(s);
  CHECK(std::string(s->key) == "ingressFromOwnNodeExempt");
  CHECK_FALSE(s->value);
  CHECK(s->Flag() == "--option ingressFromOwnNodeExempt=true");

  // An outside client through web-np (Cluster policy) arrives SNATed to the receiving node: on node-a it is
  // web-a's own node. With snatFromOwnNodeExempt off, that SNAT is filtered, and that switch is the one named.
  PolicyOptions snat_off;
  snat_off.snat_from_own_node_exempt = false;
  auto strict = MakeNetwork(snat_off, kOwnNodePolicies);
  Trace via = Run(*strict, "203.0.113.5", "node/node-a", "30080");
  INFO(Text(via));
  const Branch& to_a = via.branches.front();
  REQUIRE(to_a.dst);
  CHECK(to_a.dst->ToString() == "shop/web-a");
  const Hop* ingress = HopsOf(to_a, Hop::Kind::kPolicy).back();
  REQUIRE(ingress->own_node_switch);
  CHECK(std::string(ingress->own_node_switch->key) == "snatFromOwnNodeExempt");
  CHECK(ingress->own_node_switch->via_snat);
  CHECK(ingress->own_node_switch->Flag() == "--option snatFromOwnNodeExempt=true");
  // Canonically the same SNATed packet is admitted, by the own-node exemption it reaches through the SNAT.
  auto canonical = MakeNetwork({}, kOwnNodePolicies);
  Trace admitted = Run(*canonical, "203.0.113.5", "node/node-a", "30080");
  const Hop* allowed = HopsOf(admitted.branches.front(), Hop::Kind::kPolicy).back();
  REQUIRE(allowed->own_node_switch);
  CHECK(std::string(allowed->own_node_switch->key) == "ingressFromOwnNodeExempt");
  CHECK(allowed->own_node_switch->via_snat);
}

TEST_CASE("NP-8: query -o json carries the switch on the hop it decided", "[own_node][path]") {
  auto net = MakeNetwork({}, kOwnNodePolicies);
  Trace t = Run(*net, "ops/client", "node/node-a", "10250");
  std::ostringstream json;
  WriteTraceJson(t, json);
  CHECK_THAT(json.str(), Catch::Contains("\"ownNode\": {\"option\": \"egressToOwnNodeExempt\", \"value\": false, "
                                         "\"rule\": \"NP-8\", \"flip\": \"--option egressToOwnNodeExempt=true\""));
}

}  // namespace kreach
