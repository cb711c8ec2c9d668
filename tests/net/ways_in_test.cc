// Ways in from outside the cluster (sim/net/ways_in.h) and what a trace says with them: the nodePort kreach
// assigned (SVC-12) and the advice for an outside client that dials a ClusterIP (SVC-6) or a headless Service.
#include "sim/net/ways_in.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/net/path_fixture.h"

namespace kreach {

using namespace path_test;  // NOLINT: the fixture's helpers read as a small test language

namespace {

/// A NodePort Service written without nodePort (kreach assigns 30000, the fixture's are 30080-30085) and a headless
/// Service, both over shop/web-a.
const char* kOutsideManifests = R"(
apiVersion: v1
kind: Service
metadata: {name: auto, namespace: shop}
spec:
  type: NodePort
  clusterIP: 10.96.0.70
  selector: {zone: a}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: hl, namespace: shop}
spec:
  clusterIP: None
  selector: {zone: a}
  ports: [{port: 8080}]
)";

const Service& Svc(const Network& net, const char* name) {
  const Service* s = net.cluster().FindService("shop", name);
  REQUIRE(s != nullptr);
  return *s;
}

/// "kind what" per way: "ingress shop/shop shop.example.com/", "lb 192.0.2.10:80", "nodeport 30082".
std::vector<std::string> Ways(const Network& net, const char* name) {
  std::vector<std::string> out;
  for (const WayIn& w : WaysIn(net, Svc(net, name))) {
    switch (w.kind) {
      case WayIn::Kind::kIngress:
        out.push_back("ingress " + w.ingress->ns + "/" + w.ingress->name + " " + w.host + w.path);
        break;
      case WayIn::Kind::kLoadBalancer: out.push_back("lb " + FormatIpv4(w.ip) + ":" + std::to_string(w.number)); break;
      case WayIn::Kind::kExternalIp: out.push_back("eip " + FormatIpv4(w.ip) + ":" + std::to_string(w.number)); break;
      case WayIn::Kind::kNodePort:
        out.push_back("nodeport " + std::to_string(w.number) + (w.node_port_assigned ? " assigned" : ""));
        break;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("WaysIn: Ingress routes first, then load-balancer addresses, externalIPs and NodePorts", "[ways_in]") {
  auto net = MakeNetwork({}, kOutsideManifests);
  CHECK(Ways(*net, "web") == V{"ingress shop/shop shop.example.com/", "ingress shop/shop shop.example.com/badport"});
  CHECK(Ways(*net, "web-lb") == V{"lb 192.0.2.10:80", "nodeport 30082"});
  CHECK(Ways(*net, "web-eip") == V{"eip 198.51.100.50:80"});
  CHECK(Ways(*net, "auto") == V{"nodeport 30000 assigned"});
  CHECK(Ways(*net, "self").empty());
  CHECK(Ways(*net, "hl").empty());
}

TEST_CASE("OutsideAdvice names the ways in, or what would make one", "[ways_in]") {
  auto net = MakeNetwork({}, kOutsideManifests);
  CHECK(OutsideAdvice(*net, Svc(*net, "web-np")) ==
        "from outside, use NodePort 30080/TCP on every node, e.g. node/node-a port 30080");
  CHECK(OutsideAdvice(*net, Svc(*net, "web")) ==
        "from outside, use Ingress shop/shop (http://shop.example.com/) or Ingress shop/shop "
        "(http://shop.example.com/badport)");
  CHECK(OutsideAdvice(*net, Svc(*net, "self")) ==
        "a client outside the cluster needs shop/self to be of type NodePort or LoadBalancer, to have externalIPs, or "
        "an Ingress that routes to it");
  CHECK(OutsideAdvice(*net, Svc(*net, "hl")) ==
        "a client outside the cluster needs a Service of type NodePort or LoadBalancer over these pods (a headless "
        "Service cannot be one), externalIPs on a Service, or an Ingress that routes to one");
}

TEST_CASE("SVC-6: an outside client that dials a ClusterIP is told the way in", "[ways_in][path]") {
  auto net = MakeNetwork({}, kOutsideManifests);
  for (const char* to : {"service/shop/web-np", "10.96.0.60"}) {
    Trace t = Run(*net, "203.0.113.5", to, "80");
    INFO(Text(t));
    CHECK(Branches(t) == V{"- dropped"});
    const Branch& b = t.branches.front();
    CHECK(b.cause == Cause::kClusterIpExternal);
    CHECK(b.summary ==
          "ClusterIP 10.96.0.60 of shop/web-np is reachable only from inside the cluster; from outside, use NodePort "
          "30080/TCP on every node, e.g. node/node-a port 30080");
  }
}

TEST_CASE("SVC-12: a nodePort kreach assigned shows on the hops that dial the Service", "[ways_in][path]") {
  auto net = MakeNetwork({}, kOutsideManifests);
  Trace node_port = Run(*net, "203.0.113.5", "node/node-a", "30000");
  INFO(Text(node_port));
  CHECK(Branches(node_port) == V{"shop/web-a:8080 delivered seen as 172.18.0.10"});
  const Hop& send = OnlyHop(node_port.branches.front(), Hop::Kind::kSend);
  CHECK(send.text ==
        "203.0.113.5 → 172.18.0.10:30000 TCP (NodePort of shop/auto on node-a, nodePort assigned by kreach)");
  REQUIRE(send.to.service_port != nullptr);
  CHECK(send.to.service_port->node_port_assigned);

  Trace cluster_ip = Run(*net, "ops/client", "service/shop/auto", "80");
  INFO(Text(cluster_ip));
  CHECK(OnlyHop(cluster_ip.branches.front(), Hop::Kind::kSend).text ==
        "10.244.0.20 (ops/client) → 10.96.0.70:80 TCP (ClusterIP of shop/auto; its nodePort 30000 was assigned by "
        "kreach)");
  // A written nodePort is the input's own: nothing to add.
  Trace written = Run(*net, "203.0.113.5", "node/node-a", "30080");
  CHECK(HopsOf(written.branches.front(), Hop::Kind::kSend).front()->text ==
        "203.0.113.5 → 172.18.0.10:30080 TCP (NodePort of shop/web-np on node-a)");
}

TEST_CASE("SVC-19: an outside client of a headless Service gets a note on how it could get in", "[ways_in][path]") {
  auto net = MakeNetwork({}, kOutsideManifests);
  Trace t = Run(*net, "203.0.113.5", "service/shop/hl", "8080");
  INFO(Text(t));
  // The answer is unchanged (pod addresses are routed in kreach's model); the note says what that assumes.
  CHECK(Branches(t) == V{"shop/web-a:8080 delivered seen as 203.0.113.5"});
  REQUIRE(t.notes.size() == 1);
  CHECK(t.notes.front() ==
        "shop/hl is headless: a client outside the cluster cannot look its endpoints up (only pods use the cluster "
        "DNS) and reaches them only where the network routes pod addresses to it; a client outside the cluster needs "
        "a Service of type NodePort or LoadBalancer over these pods (a headless Service cannot be one), externalIPs "
        "on a Service, or an Ingress that routes to one");
  // A pod asks the cluster DNS: no note.
  CHECK(Run(*net, "ops/client", "service/shop/hl", "8080").notes.empty());
}

}  // namespace kreach
