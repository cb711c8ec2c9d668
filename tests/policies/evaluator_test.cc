// The policy engine on every NetworkPolicy edge case of the semantics reference §9, rule by rule.
#include "policies/evaluator.h"

#include <catch2/catch.hpp>

#include "tests/policies/evaluator_fixture.h"

namespace kreach {
namespace {

using testing::Allows;
using testing::AllPortsOf;
using testing::External;
using testing::IpBlockPeer;
using testing::MakePolicy;
using testing::NamedPort;
using testing::NamespacePeer;
using testing::NamespacePodPeer;
using testing::NumericPort;
using testing::PodPeer;
using testing::PolicyTypes;
using testing::Rule;
using testing::Selector;
using testing::ShopCluster;

constexpr Protocol kTCP = Protocol::kTCP;
constexpr Protocol kUDP = Protocol::kUDP;
constexpr Protocol kSCTP = Protocol::kSCTP;
constexpr Protocol kIcmp = Protocol::kIcmp;

TEST_CASE("E1: a deny-all ingress policy isolates every pod of its namespace", "[evaluator]") {
  ShopCluster s;
  s.Add(MakePolicy("shop", "default-deny", Selector(), {}, {}, PolicyTypes::kIngress));
  s.Finalize();
  PolicyEngine engine(s.cluster, PolicyOptions());
  Peer web = s.PodEnd("shop", "web-0"), db = s.PodEnd("shop", "db-0"), fe = s.PodEnd("prod", "fe-0");

  CHECK_FALSE(Allows(engine, web, db, kTCP, 5432));
  CHECK_FALSE(Allows(engine, fe, web, kTCP, 80));
  CHECK_FALSE(Allows(engine, External("203.0.113.9"), web, kTCP, 80));
  CHECK(Allows(engine, db, fe, kTCP, 80));  // egress unaffected, fe not isolated
  CHECK(Allows(engine, web, External("203.0.113.9"), kTCP, 443));
  CHECK(Allows(engine, fe, s.PodEnd("other", "fe-0"), kTCP, 1));  // other namespaces unaffected

  SECTION("kubelet probes from the pod's own node are allowed (NP-8a); another node is not") {
    CHECK(Allows(engine, External("10.0.0.1"), db, kTCP, 5432));
    Verdict v = engine.Evaluate(External("10.0.0.1"), db, kTCP, 5432);
    CHECK(v.ingress.reason == Reason::kOwnNode);
    CHECK(v.ingress.ToString(Direction::kIngress) ==
          "allowed: ingress from 10.0.0.1, the node of shop/db-0, is always allowed");
    CHECK_FALSE(Allows(engine, External("10.0.0.2"), db, kTCP, 5432));
    CHECK(Allows(engine, External("10.0.0.2"), s.PodEnd("shop", "api-0"), kTCP, 8080));    // api-0 is on node-2
    CHECK(Allows(engine, External("198.51.100.2"), s.PodEnd("shop", "api-0"), kUDP, 53));  // any node address
  }
  SECTION("the verdict explains itself") {
    Verdict v = engine.Evaluate(web, db, kTCP, 5432);
    CHECK(v.egress.allowed);
    CHECK(v.egress.reason == Reason::kNotIsolated);
    CHECK(v.egress.ToString(Direction::kEgress) == "allowed: no policy selects shop/web-0 for egress");
    CHECK_FALSE(v.ingress.allowed);
    CHECK(v.ingress.reason == Reason::kNoRuleAllows);
    REQUIRE(v.ingress.isolating.size() == 1);
    CHECK(v.ingress.isolating[0]->Key() == "shop/default-deny");
    CHECK(v.ingress.allowing.empty());
    CHECK(v.ingress.ToString(Direction::kIngress) ==
          "denied: shop/db-0 is isolated for ingress by shop/default-deny; no ingress rule allows TCP/5432 from "
          "shop/web-0");
  }
  SECTION("selection and subjects") {
    CHECK(engine.Isolated(*web.pod, Direction::kIngress));
    CHECK_FALSE(engine.Isolated(*web.pod, Direction::kEgress));
    CHECK_FALSE(engine.Isolated(*fe.pod, Direction::kIngress));
    std::vector<const Pod*> subjects = engine.Subjects(s.Policy("shop", "default-deny"));
    REQUIRE(subjects.size() == 3);
    CHECK(subjects[0]->Key() == "shop/api-0");
    CHECK(subjects[1]->Key() == "shop/db-0");
    CHECK(subjects[2]->Key() == "shop/web-0");
    CHECK(engine.Allowed(web, db) == ConnSet::None());
    CHECK(engine.Allowed(db, fe) == ConnSet::All());
  }
}

TEST_CASE("E2: a second policy with ingress:[{}] opens its pods to everything", "[evaluator]") {
  ShopCluster s;
  s.Add(MakePolicy("shop", "default-deny", Selector(), {}, {}, PolicyTypes::kIngress));
  s.Add(MakePolicy("shop", "allow-web", Selector({{"app", "web"}}), {Rule()}));
  s.Finalize();
  PolicyEngine engine(s.cluster, PolicyOptions());
  Peer web = s.PodEnd("shop", "web-0"), db = s.PodEnd("shop", "db-0");

  CHECK(Allows(engine, External("203.0.113.9"), web, kTCP, 80));
  CHECK(Allows(engine, External("10.0.0.2"), web, kUDP, 9999));
  CHECK(Allows(engine, s.PodEnd("other", "fe-0"), web, kSCTP, 7));
  CHECK(Allows(engine, db, web, kIcmp, 0));  // a rule without ports admits ICMP (P-4)
  CHECK_FALSE(Allows(engine, web, db, kTCP, 5432));
  CHECK(engine.Allowed(External("203.0.113.9"), web) == ConnSet::All());

  Verdict v = engine.Evaluate(db, web, kTCP, 80);
  REQUIRE(v.ingress.isolating.size() == 2);
  CHECK(v.ingress.isolating[0]->Key() == "shop/allow-web");  // sorted by ns/name
  CHECK(v.ingress.isolating[1]->Key() == "shop/default-deny");
  REQUIRE(v.ingress.allowing.size() == 1);
  CHECK(v.ingress.allowing[0].policy->Key() == "shop/allow-web");
  CHECK(v.ingress.allowing[0].rule == 0);
  CHECK(v.ingress.reason == Reason::kAllowedByRule);
  CHECK(v.ingress.ToString(Direction::kIngress) == "allowed by shop/allow-web (ingress rule 0)");
  CHECK(v.ingress.ToString(Direction::kIngress) == "allowed by shop/allow-web (ingress rule 0)");
}

TEST_CASE("E4/E5: only the directions in policyTypes isolate and count", "[evaluator]") {
  ShopCluster s;
  // E4: no policyTypes, `egress: []` → [Ingress] only (defaulted by the loader; kDefault here).
  s.Add(MakePolicy("shop", "e4", Selector({{"app", "web"}}), {}, {}, PolicyTypes::kDefault));
  // E5: policyTypes [Egress] with ingress rules: those rules are ignored and db is not ingress-isolated.
  s.Add(MakePolicy("shop", "e5", Selector({{"app", "db"}}), {Rule({PodPeer(Selector({{"app", "api"}}))})}, {Rule()},
                   PolicyTypes::kEgress));
  s.Finalize();
  PolicyEngine engine(s.cluster, PolicyOptions());
  Peer web = s.PodEnd("shop", "web-0"), db = s.PodEnd("shop", "db-0"), api = s.PodEnd("shop", "api-0");

  CHECK(engine.Isolated(*web.pod, Direction::kIngress));
  CHECK_FALSE(engine.Isolated(*web.pod, Direction::kEgress));
  CHECK_FALSE(Allows(engine, api, web, kTCP, 80));
  CHECK(Allows(engine, web, External("203.0.113.9"), kTCP, 443));

  CHECK_FALSE(engine.Isolated(*db.pod, Direction::kIngress));
  CHECK(engine.Isolated(*db.pod, Direction::kEgress));
  CHECK(Allows(engine, s.PodEnd("prod", "fe-0"), db, kTCP, 5432));  // not matched by the ignored rule
  CHECK(Allows(engine, db, api, kUDP, 53));                         // egress: [{}]
  Verdict v = engine.Evaluate(s.PodEnd("prod", "fe-0"), db, kTCP, 5432);
  CHECK(v.ingress.isolating.empty());
  CHECK(v.ingress.allowing.empty());  // the ignored ingress rule is not reported either
}

TEST_CASE("E6: from: [] with ports matches every source on those ports only", "[evaluator]") {
  ShopCluster s;
  s.Add(MakePolicy("shop", "web-80", Selector({{"app", "web"}}), {Rule({}, {NumericPort(80)})}));
  s.Finalize();
  PolicyEngine engine(s.cluster, PolicyOptions());
  Peer web = s.PodEnd("shop", "web-0");
  for (const Peer& src : {s.PodEnd("shop", "db-0"), s.PodEnd("other", "fe-0"), External("10.0.0.2"),
                          External("203.0.113.9"), s.PodEnd("kube-system", "agent")}) {
    CHECK(Allows(engine, src, web, kTCP, 80));
    CHECK_FALSE(Allows(engine, src, web, kTCP, 81));
    CHECK_FALSE(Allows(engine, src, web, kUDP, 80));
    CHECK_FALSE(Allows(engine, src, web, kIcmp, 0));  // P-4: a rule with ports does not admit ICMP
  }
  ConnSet tcp80;
  tcp80.Add(kTCP, 80, 80);
  CHECK(engine.Allowed(External("203.0.113.9"), web) == tcp80);
  CHECK(engine.Allowed(External("203.0.113.9"), web).ToString() == "TCP 80");
}

TEST_CASE("E8/E9/E11: namespace and pod selectors in peers", "[evaluator]") {
  ShopCluster s;
  s.Add(MakePolicy("shop", "from-team-a", Selector({{"app", "web"}}),
                   {Rule({NamespacePeer(Selector({{"team", "a"}}))})}));
  s.Add(MakePolicy("shop", "from-prod", Selector({{"app", "db"}}),
                   {Rule({NamespacePeer(Selector({{"kubernetes.io/metadata.name", "prod"}}))})}));
  s.Add(MakePolicy("shop", "from-fe", Selector({{"app", "api"}}), {Rule({PodPeer(Selector({{"app", "fe"}}))})}));
  s.Finalize();
  PolicyEngine engine(s.cluster, PolicyOptions());
  Peer web = s.PodEnd("shop", "web-0"), db = s.PodEnd("shop", "db-0"), api = s.PodEnd("shop", "api-0");
  Peer prod_fe = s.PodEnd("prod", "fe-0"), other_fe = s.PodEnd("other", "fe-0");

  // E8: a namespace without the label does not match.
  CHECK_FALSE(Allows(engine, prod_fe, web, kTCP, 80));
  CHECK_FALSE(Allows(engine, other_fe, web, kTCP, 80));  // team=b
  CHECK(Allows(engine, api, web, kTCP, 80));             // shop has team=a
  // E9: the synthesised kubernetes.io/metadata.name label.
  CHECK(Allows(engine, prod_fe, db, kTCP, 5432));
  CHECK_FALSE(Allows(engine, other_fe, db, kTCP, 5432));
  // E11: podSelector alone is the policy's namespace: fe pods live elsewhere.
  CHECK_FALSE(Allows(engine, prod_fe, api, kTCP, 8080));
  CHECK_FALSE(Allows(engine, other_fe, api, kTCP, 8080));
  // NP-13: namespace selectors never match addresses, not even the own namespace's node.
  CHECK_FALSE(Allows(engine, External("10.0.0.2"), web, kTCP, 80));

  std::vector<const Pod*> peers =
      engine.PeerPods(s.Policy("shop", "from-prod"), s.Policy("shop", "from-prod").ingress[0].peers[0]);
  REQUIRE(peers.size() == 1);
  CHECK(peers[0]->Key() == "prod/fe-0");
  CHECK(engine.PeerPods(s.Policy("shop", "from-fe"), s.Policy("shop", "from-fe").ingress[0].peers[0]).empty());
}

TEST_CASE("NP-12: namespaceSelector and podSelector in one peer are ANDed, in two peers ORed", "[evaluator]") {
  ShopCluster s;
  s.Add(MakePolicy("shop", "and", Selector({{"app", "web"}}),
                   {Rule({NamespacePodPeer(Selector({{"team", "b"}}), Selector({{"app", "fe"}}))})}));
  s.Add(MakePolicy("shop", "or", Selector({{"app", "db"}}),
                   {Rule({NamespacePeer(Selector({{"team", "b"}})), PodPeer(Selector({{"app", "web"}}))})}));
  s.Add(MakePolicy("shop", "all-pods", Selector({{"app", "api"}}), {Rule({NamespacePodPeer(Selector(), Selector())})}));
  s.Finalize();
  PolicyEngine engine(s.cluster, PolicyOptions());
  Peer web = s.PodEnd("shop", "web-0"), db = s.PodEnd("shop", "db-0"), api = s.PodEnd("shop", "api-0");

  CHECK(Allows(engine, s.PodEnd("other", "fe-0"), web, kTCP, 80));
  CHECK_FALSE(Allows(engine, s.PodEnd("prod", "fe-0"), web, kTCP, 80));
  CHECK_FALSE(Allows(engine, api, web, kTCP, 80));

  CHECK(Allows(engine, s.PodEnd("other", "fe-0"), db, kTCP, 5432));
  CHECK(Allows(engine, web, db, kTCP, 5432));
  CHECK_FALSE(Allows(engine, api, db, kTCP, 5432));
  Verdict v = engine.Evaluate(web, db, kTCP, 5432);
  REQUIRE(v.ingress.allowing.size() == 1);
  CHECK(v.ingress.allowing[0].rule == 0);

  // {}/{} matches every pod of every namespace, but no address (NP-13).
  CHECK(Allows(engine, s.PodEnd("prod", "fe-0"), api, kTCP, 1));
  CHECK_FALSE(Allows(engine, External("203.0.113.9"), api, kTCP, 1));
  // A hostNetwork pod is a node address: api-0 runs on the agent's node, so the own-node exemption admits it.
  CHECK(Allows(engine, s.PodEnd("kube-system", "agent"), api, kTCP, 1));
  CHECK(engine.Evaluate(s.PodEnd("kube-system", "agent"), api, kTCP, 1).ingress.reason == Reason::kOwnNode);
  CHECK_FALSE(Allows(engine, s.PodEnd("kube-system", "agent"), web, kTCP, 80));  // web-0 is on node-1
}

TEST_CASE("E12/E13/E67: protocols default to TCP and never mix", "[evaluator]") {
  ShopCluster s;
  s.Add(MakePolicy("shop", "dns", Selector({{"app", "web"}}), {Rule({}, {NumericPort(53)})}));
  s.Add(MakePolicy("shop", "udp", Selector({{"app", "db"}}), {Rule({}, {AllPortsOf(kUDP)})}));
  s.Add(MakePolicy("shop", "sctp", Selector({{"app", "api"}}), {Rule({}, {NumericPort(81, kSCTP)})}));
  s.Finalize();
  PolicyEngine engine(s.cluster, PolicyOptions());
  Peer src = s.PodEnd("prod", "fe-0");
  Peer web = s.PodEnd("shop", "web-0"), db = s.PodEnd("shop", "db-0"), api = s.PodEnd("shop", "api-0");

  CHECK_FALSE(Allows(engine, src, web, kUDP, 53));  // E12
  CHECK(Allows(engine, src, web, kTCP, 53));
  for (int port : {1, 53, 5353, 65535}) {  // E13
    CHECK(Allows(engine, src, db, kUDP, port));
    CHECK_FALSE(Allows(engine, src, db, kTCP, port));
  }
  CHECK(engine.Allowed(src, db).ToString() == "UDP 1-65535");
  CHECK_FALSE(Allows(engine, src, api, kTCP, 81));  // E67
  CHECK(Allows(engine, src, api, kSCTP, 81));
  CHECK_FALSE(Allows(engine, src, api, kSCTP, 80));
  CHECK(engine.Evaluate(src, api, kTCP, 81).ingress.ToString(Direction::kIngress) ==
        "denied: shop/api-0 is isolated for ingress by shop/sctp; no ingress rule allows TCP/81 from prod/fe-0");
}

TEST_CASE("E15 and NP-20: named ports resolve on the destination pod", "[evaluator]") {
  ShopCluster s;
  // Ingress: resolved on the selected pod. web-0 has http/80; api-0 defines no port named http.
  s.Add(MakePolicy("shop", "http", Selector({{"app", "web"}}), {Rule({}, {NamedPort("http")})}));
  s.Add(MakePolicy("shop", "http-api", Selector({{"app", "api"}}), {Rule({}, {NamedPort("http")})}));
  // db-0 has pg as TCP/5432 and UDP/5433.
  s.Add(MakePolicy("shop", "pg", Selector({{"app", "db"}}), {Rule({}, {NamedPort("pg", kUDP)})}));
  // Egress from prod/fe-0 on the named port http: resolved on each destination.
  s.Add(MakePolicy("prod", "egress-http", Selector(), {}, {Rule({}, {NamedPort("http")})}, PolicyTypes::kEgress));
  s.Finalize();
  PolicyEngine engine(s.cluster, PolicyOptions());
  Peer fe = s.PodEnd("prod", "fe-0"), other = s.PodEnd("other", "fe-0");
  Peer web = s.PodEnd("shop", "web-0"), db = s.PodEnd("shop", "db-0"), api = s.PodEnd("shop", "api-0");

  CHECK(Allows(engine, other, web, kTCP, 80));
  CHECK_FALSE(Allows(engine, other, web, kTCP, 8080));
  for (int port : {80, 8080, 1}) CHECK_FALSE(Allows(engine, other, api, kTCP, port));  // E15
  CHECK(engine.AllowedIngress(other, api).Empty());
  CHECK(Allows(engine, other, db, kUDP, 5433));        // same name, matching protocol
  CHECK_FALSE(Allows(engine, other, db, kTCP, 5432));  // the TCP pg port is not named by a UDP entry
  CHECK_FALSE(Allows(engine, other, db, kUDP, 5432));

  CHECK(engine.AllowedEgress(fe, web).ToString() == "TCP 80");
  CHECK(Allows(engine, fe, web, kTCP, 80));
  CHECK_FALSE(Allows(engine, fe, web, kTCP, 81));
  CHECK_FALSE(Allows(engine, fe, db, kTCP, 5432));
  CHECK_FALSE(Allows(engine, fe, External("203.0.113.9"), kTCP, 80));  // canonical: nothing towards addresses
  CHECK(engine.AllowedEgress(fe, External("203.0.113.9")).Empty());

  SECTION("namedPortMatchesExternal: every port of the protocol towards addresses") {
    PolicyOptions options;
    options.named_port_matches_external = true;
    PolicyEngine flipped(s.cluster, options);
    CHECK(Allows(flipped, fe, External("203.0.113.9"), kTCP, 12345));
    CHECK_FALSE(Allows(flipped, fe, External("203.0.113.9"), kUDP, 12345));
    CHECK(flipped.AllowedEgress(fe, External("203.0.113.9")).ToString() == "TCP 1-65535");
    CHECK_FALSE(Allows(flipped, fe, db, kTCP, 5432));  // pods still resolve the name
    // A hostNetwork destination is its node's address under the canonical model.
    CHECK(Allows(flipped, fe, s.PodEnd("kube-system", "agent"), kTCP, 9100));
    CHECK(Allows(flipped, fe, s.PodEnd("kube-system", "agent"), kTCP, 1));
  }
}

TEST_CASE("E18: endPort ranges are inclusive", "[evaluator]") {
  ShopCluster s;
  s.Add(MakePolicy("shop", "range", Selector({{"app", "web"}}), {Rule({}, {NumericPort(32000, kTCP, 32768)})}));
  s.Finalize();
  PolicyEngine engine(s.cluster, PolicyOptions());
  Peer src = s.PodEnd("prod", "fe-0"), web = s.PodEnd("shop", "web-0");
  CHECK_FALSE(Allows(engine, src, web, kTCP, 31999));
  CHECK(Allows(engine, src, web, kTCP, 32000));
  CHECK(Allows(engine, src, web, kTCP, 32768));
  CHECK_FALSE(Allows(engine, src, web, kTCP, 32769));
  CHECK(engine.Allowed(src, web).ToString() == "TCP 32000-32768");
}

TEST_CASE("E23, NP-14, NP-15: ipBlock peers", "[evaluator]") {
  ShopCluster s;
  // Egress-isolated web-0 may reach db-0 only through an ipBlock /32 of its pod IP, and 203.0.113.0/24 except .128/25.
  s.Add(MakePolicy("shop", "egress", Selector({{"app", "web"}}), {},
                   {Rule({IpBlockPeer("10.244.1.11/32"), IpBlockPeer("203.0.113.0/24", {"203.0.113.128/25"})})},
                   PolicyTypes::kEgress));
  // A second policy includes part of what the first one excepts (NP-15: union).
  s.Add(MakePolicy("shop", "egress-more", Selector({{"app", "web"}}), {},
                   {Rule({IpBlockPeer("203.0.113.192/26")}, {NumericPort(443)})}, PolicyTypes::kEgress));
  s.Finalize();
  Peer web = s.PodEnd("shop", "web-0"), db = s.PodEnd("shop", "db-0");

  PolicyEngine engine(s.cluster, PolicyOptions());
  CHECK(Allows(engine, web, db, kTCP, 5432));  // E23 canonical
  CHECK_FALSE(Allows(engine, web, s.PodEnd("shop", "api-0"), kTCP, 5432));
  CHECK(Allows(engine, web, External("203.0.113.1"), kUDP, 1));
  CHECK_FALSE(Allows(engine, web, External("203.0.113.129"), kTCP, 443));
  CHECK(Allows(engine, web, External("203.0.113.200"), kTCP, 443));
  CHECK_FALSE(Allows(engine, web, External("203.0.113.200"), kTCP, 80));
  Verdict v = engine.Evaluate(web, External("203.0.113.200"), kTCP, 443);
  REQUIRE(v.egress.allowing.size() == 1);
  CHECK(v.egress.allowing[0].policy->Key() == "shop/egress-more");
  CHECK(v.egress.ToString(Direction::kEgress) == "allowed by shop/egress-more (egress rule 0)");
  std::vector<const Pod*> pods =
      engine.PeerPods(s.Policy("shop", "egress"), s.Policy("shop", "egress").egress[0].peers[0]);
  REQUIRE(pods.size() == 1);
  CHECK(pods[0]->Key() == "shop/db-0");

  SECTION("ipBlockMatchesPods off: pod IPs are not matched, addresses still are") {
    PolicyOptions options;
    options.ip_block_matches_pods = false;
    PolicyEngine flipped(s.cluster, options);
    CHECK_FALSE(Allows(flipped, web, db, kTCP, 5432));
    CHECK(Allows(flipped, web, External("203.0.113.1"), kUDP, 1));
    CHECK(flipped.PeerPods(s.Policy("shop", "egress"), s.Policy("shop", "egress").egress[0].peers[0]).empty());
  }
}

TEST_CASE("E28: each direction is checked at its own pod; replies are not new connections", "[evaluator]") {
  ShopCluster s;
  s.Add(MakePolicy("shop", "web", Selector({{"app", "web"}}), {},
                   {Rule({PodPeer(Selector({{"app", "db"}}))}, {NumericPort(80)})}, PolicyTypes::kBoth));
  s.Add(MakePolicy("shop", "db", Selector({{"app", "db"}}), {Rule({PodPeer(Selector({{"app", "web"}}))})}));
  s.Finalize();
  PolicyEngine engine(s.cluster, PolicyOptions());
  Peer web = s.PodEnd("shop", "web-0"), db = s.PodEnd("shop", "db-0");
  CHECK(Allows(engine, web, db, kTCP, 80));
  CHECK_FALSE(Allows(engine, web, db, kTCP, 81));  // egress allows 80 only
  CHECK_FALSE(Allows(engine, db, web, kTCP, 80));  // web's ingress is isolated with no rule
  CHECK(engine.Allowed(web, db).ToString() == "TCP 80");
  Verdict v = engine.Evaluate(web, db, kTCP, 81);
  CHECK_FALSE(v.egress.allowed);
  CHECK(v.ingress.allowed);
  CHECK(v.egress.ToString(Direction::kEgress) ==
        "denied: shop/web-0 is isolated for egress by shop/web; no egress rule allows TCP/81 to shop/db-0");
}

TEST_CASE("E30: a pod can always reach itself", "[evaluator]") {
  ShopCluster s;
  s.Add(MakePolicy("shop", "deny-all", Selector(), {}, {}, PolicyTypes::kBoth));
  s.Finalize();
  PolicyEngine engine(s.cluster, PolicyOptions());
  Peer web = s.PodEnd("shop", "web-0");
  CHECK(Allows(engine, web, web, kTCP, 80));
  CHECK(Allows(engine, web, web, kIcmp, 0));
  CHECK(engine.Allowed(web, web) == ConnSet::All());
  Verdict v = engine.Evaluate(web, web, kUDP, 53);
  CHECK(v.egress.reason == Reason::kLoopback);
  CHECK(v.ingress.reason == Reason::kLoopback);
  CHECK(v.ingress.isolating.size() == 1);
  CHECK(v.ingress.ToString(Direction::kIngress) ==
        "allowed: shop/web-0 connects to itself (a pod cannot block its own traffic)");
  CHECK_FALSE(Allows(engine, web, s.PodEnd("shop", "db-0"), kTCP, 80));
  // Its own IP as a bare address is not the pod: the ingress side is then a non-pod destination.
  CHECK_FALSE(Allows(engine, web, External("10.244.1.11"), kTCP, 80));
}

TEST_CASE("E31/E32: hostNetwork pods are their node's address (NP-17)", "[evaluator]") {
  ShopCluster s;
  // E31: web-0 (node-1) allows app=agent from any namespace, and db-0 allows node-2's address by ipBlock.
  s.Add(MakePolicy("shop", "from-agent", Selector({{"app", "web"}}),
                   {Rule({NamespacePodPeer(Selector(), Selector({{"app", "agent"}}))})}));
  s.Add(MakePolicy("shop", "from-node-2", Selector({{"app", "db"}}), {Rule({IpBlockPeer("10.0.0.2/32")})}));
  // E32: a deny-all that would select the agent.
  s.Add(MakePolicy("kube-system", "deny-all", Selector(), {}, {}, PolicyTypes::kBoth));
  s.Finalize();
  Peer agent = s.PodEnd("kube-system", "agent");
  Peer web = s.PodEnd("shop", "web-0"), db = s.PodEnd("shop", "db-0");

  PolicyEngine engine(s.cluster, PolicyOptions());
  CHECK_FALSE(Allows(engine, agent, web, kTCP, 80));  // E31
  CHECK(Allows(engine, agent, db, kTCP, 5432));       // only via ipBlock of its node
  CHECK(Allows(engine, web, agent, kTCP, 9100));      // E32: no effect on the agent
  CHECK(Allows(engine, agent, External("203.0.113.9"), kTCP, 443));
  CHECK_FALSE(engine.Isolated(*agent.pod, Direction::kIngress));
  CHECK(engine.Subjects(s.Policy("kube-system", "deny-all")).empty());
  Verdict v = engine.Evaluate(web, agent, kTCP, 9100);
  CHECK(v.ingress.reason == Reason::kNotAPod);
  CHECK(v.ingress.ToString(Direction::kIngress) ==
        "allowed: kube-system/agent is a hostNetwork pod (node address 10.0.0.2) and has no ingress policy");

  SECTION("hostNetworkIsNode off: selected and matched like any pod") {
    PolicyOptions options;
    options.host_network_is_node = false;
    PolicyEngine flipped(s.cluster, options);
    Verdict to_web = flipped.Evaluate(agent, web, kTCP, 80);
    CHECK(to_web.ingress.allowed);  // matched by the app=agent peer now
    CHECK(to_web.ingress.reason == Reason::kAllowedByRule);
    CHECK_FALSE(to_web.egress.allowed);  // and subject to kube-system/deny-all
    CHECK_FALSE(Allows(flipped, agent, web, kTCP, 80));
    CHECK_FALSE(Allows(flipped, web, agent, kTCP, 9100));
    CHECK_FALSE(Allows(flipped, agent, External("203.0.113.9"), kTCP, 443));
    CHECK(flipped.Isolated(*agent.pod, Direction::kEgress));
    CHECK(flipped.Subjects(s.Policy("kube-system", "deny-all")).size() == 1);
    // The agent is now a pod, so its node's ipBlock matches it only as a pod IP (ipBlockMatchesPods is on), and
    // the own-node exemption does not apply to pods: db-0 is on node-1 anyway.
    CHECK_FALSE(Allows(flipped, agent, db, kTCP, 5432));  // egress of the agent is denied by deny-all
  }
}

TEST_CASE("NP-8 switches: own node exemptions", "[evaluator]") {
  ShopCluster s;
  s.Add(MakePolicy("shop", "deny-all", Selector(), {}, {}, PolicyTypes::kBoth));
  s.Finalize();
  Peer db = s.PodEnd("shop", "db-0");  // on node-1 (10.0.0.1)
  Peer node1 = External("10.0.0.1"), node2 = External("10.0.0.2");

  PolicyEngine canonical(s.cluster, PolicyOptions());
  CHECK(Allows(canonical, node1, db, kTCP, 5432));
  CHECK(Allows(canonical, node1, db, kIcmp, 0));
  CHECK_FALSE(Allows(canonical, node2, db, kTCP, 5432));
  CHECK_FALSE(Allows(canonical, db, node1, kTCP, 10250));  // egress to own node is subject to rules

  PolicyOptions no_ingress;
  no_ingress.ingress_from_own_node_exempt = false;
  PolicyEngine strict(s.cluster, no_ingress);
  CHECK_FALSE(Allows(strict, node1, db, kTCP, 5432));

  PolicyOptions egress;
  egress.egress_to_own_node_exempt = true;
  PolicyEngine lenient(s.cluster, egress);
  CHECK(Allows(lenient, db, node1, kTCP, 10250));
  CHECK_FALSE(Allows(lenient, db, node2, kTCP, 10250));
  CHECK(lenient.Evaluate(db, node1, kTCP, 10250).egress.ToString(Direction::kEgress) ==
        "allowed: egress to 10.0.0.1, the node of shop/db-0, is exempt (egressToOwnNodeExempt)");
}

TEST_CASE("P-4: ICMP needs a rule without ports, unless the switch is off", "[evaluator]") {
  ShopCluster s;
  s.Add(MakePolicy("shop", "tcp-only", Selector({{"app", "web"}}), {Rule({}, {AllPortsOf(kTCP)})}));
  s.Add(MakePolicy("shop", "portless", Selector({{"app", "db"}}), {Rule({PodPeer(Selector({{"app", "web"}}))})}));
  s.Finalize();
  Peer web = s.PodEnd("shop", "web-0"), db = s.PodEnd("shop", "db-0"), api = s.PodEnd("shop", "api-0");

  PolicyEngine canonical(s.cluster, PolicyOptions());
  CHECK_FALSE(Allows(canonical, api, web, kIcmp, 0));
  CHECK(Allows(canonical, web, db, kIcmp, 0));
  CHECK_FALSE(Allows(canonical, api, db, kIcmp, 0));

  PolicyOptions options;
  options.icmp_needs_portless_rule = false;
  PolicyEngine flipped(s.cluster, options);
  CHECK(Allows(flipped, api, web, kIcmp, 0));
  CHECK(Allows(flipped, api, db, kIcmp, 0));
  CHECK_FALSE(Allows(flipped, api, db, kTCP, 5432));
  CHECK(flipped.Allowed(api, db).ToString() == "ICMP");
  Verdict v = flipped.Evaluate(api, db, kIcmp, 0);
  CHECK(v.ingress.reason == Reason::kIcmpUnfiltered);
  CHECK(v.ingress.ToString(Direction::kIngress) == "allowed: ICMP is not filtered (icmpNeedsPortlessRule is off)");
}

TEST_CASE("Verdicts list every allowing rule, grouped by policy", "[evaluator]") {
  ShopCluster s;
  s.Add(MakePolicy("shop", "b", Selector({{"app", "db"}}),
                   {Rule({}, {NumericPort(5432)}), Rule({}, {NumericPort(80)}), Rule({}, {NamedPort("pg")})}));
  s.Add(MakePolicy("shop", "a", Selector(), {Rule({PodPeer(Selector())})}));
  s.Finalize();
  PolicyEngine engine(s.cluster, PolicyOptions());
  Verdict v = engine.Evaluate(s.PodEnd("shop", "web-0"), s.PodEnd("shop", "db-0"), kTCP, 5432);
  REQUIRE(v.ingress.allowing.size() == 3);
  CHECK(v.ingress.allowing[0].policy->Key() == "shop/a");
  CHECK(v.ingress.ToString(Direction::kIngress) == "allowed by shop/a (ingress rule 0), shop/b (ingress rules 0, 2)");
  Verdict from_ext = engine.Evaluate(External("203.0.113.9"), s.PodEnd("shop", "db-0"), kTCP, 5432);
  CHECK(from_ext.ingress.ToString(Direction::kIngress) == "allowed by shop/b (ingress rules 0, 2)");
  CHECK(from_ext.egress.reason == Reason::kNotAPod);
  CHECK(from_ext.egress.ToString(Direction::kEgress) == "allowed: 203.0.113.9 is not a pod and has no egress policy");
  CHECK(Peer::OfIp(testing::Ip("203.0.113.9")).ToString() == "203.0.113.9");
  CHECK(s.PodEnd("shop", "db-0").ToString() == "shop/db-0");
}

}  // namespace
}  // namespace kreach

namespace kreach {
namespace {

using testing::MakePod;

TEST_CASE("Pods, policies and peers from outside the engine's cluster", "[evaluator]") {
  ShopCluster s;
  s.Add(MakePolicy("shop", "from-fe", Selector({{"app", "db"}}),
                   {Rule({NamespacePodPeer(Selector(), Selector({{"app", "fe"}}))})}));
  s.Finalize();
  PolicyEngine engine(s.cluster, PolicyOptions());
  Peer db = s.PodEnd("shop", "db-0");

  SECTION("a copy of a cluster pod is identified by ns/name") {
    Pod copy = *s.cluster.FindPod("shop", "db-0");
    CHECK(engine.Selecting(copy, Direction::kIngress).size() == 1);
    CHECK(Allows(engine, s.PodEnd("prod", "fe-0"), Peer::OfPod(copy), kTCP, 5432));
    CHECK_FALSE(Allows(engine, s.PodEnd("shop", "web-0"), Peer::OfPod(copy), kTCP, 5432));
  }
  SECTION("an unknown pod is selected by nothing and matched on its own labels") {
    Pod stranger = MakePod("prod", "new-0", {{"app", "fe"}}, "10.244.9.9", "node-2");
    CHECK_FALSE(engine.Isolated(stranger, Direction::kIngress));
    CHECK(Allows(engine, Peer::OfPod(stranger), db, kTCP, 5432));
    stranger.labels["app"] = "be";
    CHECK_FALSE(Allows(engine, Peer::OfPod(stranger), db, kTCP, 5432));
  }
  SECTION("a policy or peer that is not the cluster's own is matched on the spot") {
    NetworkPolicy other = MakePolicy("shop", "other", Selector({{"app", "web"}}), {});
    std::vector<const Pod*> subjects = engine.Subjects(other);
    REQUIRE(subjects.size() == 1);
    CHECK(subjects[0]->Key() == "shop/web-0");
    std::vector<const Pod*> pods = engine.PeerPods(other, NamespacePeer(Selector({{"team", "b"}})));
    REQUIRE(pods.size() == 1);
    CHECK(pods[0]->Key() == "other/fe-0");
    CHECK(pods[0] == s.cluster.FindPod("other", "fe-0"));  // pointers into the engine's cluster
    CHECK(engine.PeerPods(other, IpBlockPeer("10.244.2.0/24")).size() == 3);
  }
}

}  // namespace
}  // namespace kreach
