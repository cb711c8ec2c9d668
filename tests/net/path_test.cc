// The packet path (sim/net/path.h) against the rows of the semantics reference (§3.5, SVC-*, NP-22..24, DNS-7, ING):
// who receives, on which port, seen from which address, and how a connection ends.
#include "sim/net/path.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/net/path_fixture.h"

namespace kreach {

using namespace path_test;  // NOLINT: the fixture's helpers read as a small test language

// §3.5 rows, one TEST_CASE each. INFO(Text(t)) shows the whole trace when a check fails.

TEST_CASE("§3.5 pod → pod IP: the backend sees the client pod IP", "[path]") {
  auto net = MakeNetwork();
  Trace t = Run(*net, "ops/client", "shop/web-a", "8080");
  INFO(Text(t));
  CHECK(Branches(t) == V{"shop/web-a:8080 delivered seen as 10.244.0.20"});
  CHECK(t.result == Result::kAllow);
  CHECK(t.outcome == Outcome::kDelivered);
}

TEST_CASE("§3.5 pod → ClusterIP: every ready endpoint on its targetPort, client pod IP kept (NP-22, SVC-4)", "[path]") {
  auto net = MakeNetwork();
  for (const char* to : {"service/shop/web", "10.96.0.50"}) {
    Trace t = Run(*net, "ops/client", to, "80");
    INFO(Text(t));
    CHECK(Branches(t) ==
          V{"shop/web-a:8080 delivered seen as 10.244.0.20", "shop/web-b:8080 delivered seen as 10.244.0.20"});
    CHECK(t.result == Result::kAllow);
  }
}

TEST_CASE("§3.5 pod → ClusterIP hairpin: the endpoint is the client, SNAT to its node", "[path]") {
  auto net = MakeNetwork();
  Trace t = Run(*net, "shop/web-a", "service/shop/self", "80");
  INFO(Text(t));
  CHECK(Branches(t) == V{"shop/web-a:8080 delivered seen as 172.18.0.10"});
}

TEST_CASE("§3.5 node and hostNetwork pod → ClusterIP: the node IP", "[path]") {
  auto net = MakeNetwork();
  Trace from_node = Run(*net, "node/node-b", "service/shop/self", "80");
  INFO(Text(from_node));
  CHECK(Branches(from_node) == V{"shop/web-a:8080 delivered seen as 172.18.0.11"});
  Trace from_hostnet = Run(*net, "ops/hostnet", "service/shop/self", "80");
  INFO(Text(from_hostnet));
  CHECK(Branches(from_hostnet) == V{"shop/web-a:8080 delivered seen as 172.18.0.10"});
}

TEST_CASE("§3.5 external → ClusterIP: not reachable from outside the cluster", "[path]") {
  auto net = MakeNetwork();
  Trace t = Run(*net, "203.0.113.5", "10.96.0.50", "80");
  INFO(Text(t));
  CHECK(Branches(t) == V{"- dropped"});
  CHECK(t.outcome == Outcome::kDropped);
}

TEST_CASE("§3.5 external → NodePort, externalTrafficPolicy Cluster: the receiving node IP (SVC-15)", "[path]") {
  auto net = MakeNetwork();
  Trace t = Run(*net, "203.0.113.5", "node/node-b", "30080");
  INFO(Text(t));
  CHECK(Branches(t) ==
        V{"shop/web-a:8080 delivered seen as 172.18.0.11", "shop/web-b:8080 delivered seen as 172.18.0.11"});
  Trace by_ip = Run(*net, "203.0.113.5", "172.18.0.10", "30080");
  INFO(Text(by_ip));
  CHECK(Branches(by_ip) ==
        V{"shop/web-a:8080 delivered seen as 172.18.0.10", "shop/web-b:8080 delivered seen as 172.18.0.10"});
}

TEST_CASE("§3.5 external → NodePort, externalTrafficPolicy Local: client IP; no local endpoint is dropped (SVC-15)",
          "[path]") {
  auto net = MakeNetwork();
  Trace local = Run(*net, "203.0.113.5", "node/node-a", "30081");
  INFO(Text(local));
  CHECK(Branches(local) == V{"shop/web-a:8080 delivered seen as 203.0.113.5"});
  Trace elsewhere = Run(*net, "203.0.113.5", "node/node-b", "30081");
  INFO(Text(elsewhere));
  CHECK(Branches(elsewhere) == V{"- dropped"});
  CHECK(elsewhere.outcome == Outcome::kDropped);
  CHECK(elsewhere.branches.front().summary ==
        "externalTrafficPolicy Local and no endpoint of shop/web-np-local on node-b");
}

TEST_CASE("§3.5 external → LoadBalancer IP: Cluster SNATs to each receiving node, Local keeps the client IP",
          "[path]") {
  auto net = MakeNetwork();
  Trace cluster = Run(*net, "203.0.113.5", "192.0.2.10", "80");
  INFO(Text(cluster));
  CHECK(Branches(cluster) ==
        V{"shop/web-a:8080 delivered seen as 172.18.0.10", "shop/web-a:8080 delivered seen as 172.18.0.11"});
  Trace local = Run(*net, "203.0.113.5", "192.0.2.11", "80");
  INFO(Text(local));
  CHECK(Branches(local) == V{"shop/web-a:8080 delivered seen as 203.0.113.5"});
}

TEST_CASE("§3.5 pod → LB IP / NodePort, Cluster: the node IP (SVC-16)", "[path]") {
  auto net = MakeNetwork();
  Trace lb = Run(*net, "ops/client-b", "192.0.2.10", "80");
  INFO(Text(lb));
  CHECK(Branches(lb) == V{"shop/web-a:8080 delivered seen as 172.18.0.11"});
  Trace np = Run(*net, "ops/client", "node/node-a", "30080");
  INFO(Text(np));
  CHECK(Branches(np) ==
        V{"shop/web-a:8080 delivered seen as 172.18.0.10", "shop/web-b:8080 delivered seen as 172.18.0.10"});
}

TEST_CASE("§3.5 pod → LB IP / NodePort, Local: the client pod IP and cluster-wide endpoints (SVC-16)", "[path]") {
  auto net = MakeNetwork();
  Trace lb = Run(*net, "ops/client-b", "192.0.2.11", "80");
  INFO(Text(lb));
  CHECK(Branches(lb) == V{"shop/web-a:8080 delivered seen as 10.244.1.20"});
  // node-b has no endpoint of web-np-local, but a pod client takes the Cluster endpoint set.
  Trace np = Run(*net, "ops/client-b", "node/node-b", "30081");
  INFO(Text(np));
  CHECK(Branches(np) == V{"shop/web-a:8080 delivered seen as 10.244.1.20"});
}

TEST_CASE("§3.5 client → Ingress → backend: the backend sees the controller pod (ING, implied controller)", "[path]") {
  auto net = MakeNetwork();
  REQUIRE(net->controllers().size() == 1);
  const IngressController& ctl = net->controllers().front();
  REQUIRE(ctl.implied);
  REQUIRE(ctl.pods.size() == 1);
  CHECK(ctl.pods.front()->Key() == "ingress-nginx/ingress-nginx-controller-implied");
  std::string controller_ip = FormatIpv4(ctl.pods.front()->ip);
  Trace t = Run(*net, "203.0.113.5", "http://shop.example.com/cart", "");
  INFO(Text(t));
  CHECK(Branches(t) ==
        V{"shop/web-a:8080 delivered seen as " + controller_ip, "shop/web-b:8080 delivered seen as " + controller_ip});
  CHECK(t.result == Result::kAllow);
}

TEST_CASE("§3.5 externalIPs: external clients are SNATed to each receiving node, pods to their own node (SVC-14)",
          "[path]") {
  auto net = MakeNetwork();
  Trace external = Run(*net, "203.0.113.5", "198.51.100.50", "80");
  INFO(Text(external));
  CHECK(Branches(external) ==
        V{"shop/web-a:8080 delivered seen as 172.18.0.10", "shop/web-a:8080 delivered seen as 172.18.0.11"});
  Trace pod = Run(*net, "ops/client-b", "198.51.100.50", "80");
  INFO(Text(pod));
  CHECK(Branches(pod) == V{"shop/web-a:8080 delivered seen as 172.18.0.11"});
}

TEST_CASE("SVC-15, NP-24: a node → another node's NodePort, Cluster: the receiving node SNATs to its own IP",
          "[path]") {
  // node-b's packet to 172.18.0.10:30080 is not local on node-b: it leaves untranslated and node-a, the receiving
  // node, DNATs and masquerades it (KUBE-EXT marks every packet for masquerade under the Cluster policy).
  auto net = MakeNetwork();
  Trace own = Run(*net, "node/node-a", "node/node-a", "30080");
  INFO(Text(own));
  CHECK(Branches(own) ==
        V{"shop/web-a:8080 delivered seen as 172.18.0.10", "shop/web-b:8080 delivered seen as 172.18.0.10"});
  Trace other = Run(*net, "node/node-b", "node/node-a", "30080");
  INFO(Text(other));
  CHECK(Branches(other) ==
        V{"shop/web-a:8080 delivered seen as 172.18.0.10", "shop/web-b:8080 delivered seen as 172.18.0.10"});
}

TEST_CASE(
    "SVC-15, SVC-16: a node → another node's NodePort, Local: external to the receiving node, so local "
    "endpoints only",
    "[path]") {
  // The in-cluster exception of SVC-16 covers pod sources and the node itself. node-a's packet reaches node-b from
  // an address that is neither in the pod CIDR nor local to node-b: node-b applies Local, has no endpoint of
  // web-np-local, and drops it. From node-b itself, the Cluster set is used and the node's address is seen.
  auto net = MakeNetwork();
  Trace own = Run(*net, "node/node-b", "node/node-b", "30081");
  INFO(Text(own));
  CHECK(Branches(own) == V{"shop/web-a:8080 delivered seen as 172.18.0.11"});
  Trace other = Run(*net, "node/node-a", "node/node-b", "30081");
  INFO(Text(other));
  CHECK(Branches(other) == V{"- dropped"});
  CHECK(other.outcome == Outcome::kDropped);
}

TEST_CASE("SVC-15: external → LB IP, Local: an endpoint without a node is local to no node", "[path]") {
  // The load balancer sends only to nodes with a local endpoint: node-a (10.244.0.10). 10.0.5.5 has no nodeName,
  // so no node counts it as local (kube-proxy's IsLocal compares nodeName with its own).
  auto net = MakeNetwork();
  Trace t = Run(*net, "203.0.113.5", "192.0.2.13", "80");
  INFO(Text(t));
  CHECK(Branches(t) == V{"shop/web-a:8080 delivered seen as 203.0.113.5"});
}

// Service rules.

TEST_CASE("SVC-6: a ClusterIP port the Service lacks is dropped, or refused with unknownVipPortRefused", "[path]") {
  auto net = MakeNetwork();
  for (const char* to : {"10.96.0.50", "service/shop/web"}) {
    Trace t = Run(*net, "ops/client", to, "81");
    INFO(Text(t));
    CHECK(Branches(t) == V{"- dropped"});
    CHECK(t.outcome == Outcome::kDropped);
    CHECK(t.branches.front().summary == "shop/web has no TCP port 81: nothing captures it");
  }
  PolicyOptions ipvs;
  ipvs.unknown_vip_port_refused = true;
  auto refusing = MakeNetwork(ipvs);
  Trace t = Run(*refusing, "ops/client", "10.96.0.50", "81");
  INFO(Text(t));
  CHECK(Branches(t) == V{"- refused"});
  CHECK(t.outcome == Outcome::kRefused);
  CHECK(t.branches.front().summary ==
        "shop/web has no TCP port 81: the node answers with a reset (unknownVipPortRefused)");
  // Another protocol on a defined port number is not captured either.
  Trace udp = Run(*net, "ops/client", "10.96.0.50", "80", Protocol::kUDP);
  INFO(Text(udp));
  CHECK(Branches(udp) == V{"- dropped"});
}

TEST_CASE("SVC-6: ICMP to a ClusterIP is not captured by kube-proxy and gets no answer", "[path]") {
  auto net = MakeNetwork();
  Trace t = Run(*net, "ops/client", "10.96.0.50", "", Protocol::kIcmp);
  INFO(Text(t));
  CHECK(Branches(t) == V{"- dropped"});
  CHECK(t.outcome == Outcome::kDropped);
}

TEST_CASE("SVC-8: a Service without usable endpoints refuses", "[path]") {
  auto net = MakeNetwork();
  Trace t = Run(*net, "ops/client", "service/shop/empty", "80");
  INFO(Text(t));
  CHECK(Branches(t) == V{"- refused"});
  CHECK(t.result == Result::kDeny);
  CHECK(t.outcome == Outcome::kRefused);
  CHECK(t.branches.front().summary == "shop/empty has no usable endpoint: kube-proxy rejects");
}

TEST_CASE("SVC-9: internalTrafficPolicy Local uses the client node's endpoints; none there is dropped", "[path]") {
  auto net = MakeNetwork();
  Trace same_node = Run(*net, "ops/client", "service/shop/itp-local", "80");
  INFO(Text(same_node));
  CHECK(Branches(same_node) == V{"shop/web-a:8080 delivered seen as 10.244.0.20"});
  Trace other_node = Run(*net, "ops/client-b", "service/shop/itp-local", "80");
  INFO(Text(other_node));
  CHECK(Branches(other_node) == V{"- dropped"});
  CHECK(other_node.outcome == Outcome::kDropped);
  CHECK(other_node.branches.front().summary ==
        "internalTrafficPolicy Local and no endpoint of shop/itp-local on the client's node");
}

TEST_CASE("SVC-7: with no ready endpoint, serving terminating endpoints are used; not serving ones are not", "[path]") {
  auto net = MakeNetwork();
  Trace t = Run(*net, "ops/client-b", "service/shop/term", "80");
  INFO(Text(t));
  CHECK(Branches(t) == V{"shop/web-a:8080 delivered seen as 10.244.1.20"});
}

TEST_CASE("SVC-17: loadBalancerSourceRanges filter the LB IP, not the NodePort", "[path]") {
  auto net = MakeNetwork();
  Trace inside = Run(*net, "203.0.113.5", "192.0.2.12", "80");
  INFO(Text(inside));
  CHECK(Branches(inside) ==
        V{"shop/web-a:8080 delivered seen as 172.18.0.10", "shop/web-a:8080 delivered seen as 172.18.0.11"});
  Trace outside = Run(*net, "198.51.100.7", "192.0.2.12", "80");
  INFO(Text(outside));
  CHECK(Branches(outside) == V{"- dropped"});
  CHECK(outside.branches.front().summary ==
        "198.51.100.7 is outside the loadBalancerSourceRanges of shop/web-lb-ranges");
  Trace node_port = Run(*net, "198.51.100.7", "node/node-a", "30084");
  INFO(Text(node_port));
  CHECK(Branches(node_port) == V{"shop/web-a:8080 delivered seen as 172.18.0.10"});
}

// Policy on the path.

TEST_CASE("NP-23: pod → another node's NodePort: egress sees the node IP, not the endpoint", "[path]") {
  auto net = MakeNetwork();
  // ops/locked (node-b) may send only TCP 30080 to 172.18.0.10: the NodePort on node-a passes egress...
  Trace node_port = Run(*net, "ops/locked", "node/node-a", "30080");
  INFO(Text(node_port));
  CHECK(Branches(node_port) ==
        V{"shop/web-a:8080 delivered seen as 172.18.0.10", "shop/web-b:8080 delivered seen as 172.18.0.10"});
  // ...while the ClusterIP is checked at the endpoint (NP-22), which the lock does not allow.
  Trace cluster_ip = Run(*net, "ops/locked", "service/shop/web", "80");
  INFO(Text(cluster_ip));
  CHECK(Branches(cluster_ip) == V{"shop/web-a:8080 dropped", "shop/web-b:8080 dropped"});
  CHECK(cluster_ip.result == Result::kDeny);
  CHECK(cluster_ip.branches.front().summary == "egress policy of ops/locked drops it");
}

TEST_CASE("NP-23, SVC-12: a node's second address: its NodePort answers, and egress sees the address dialled",
          "[path]") {
  // ops/client-b (node-b) may send only to node-a's second address, 198.18.0.10.
  auto net = MakeNetwork({}, R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: to-node-a-external, namespace: ops}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: 198.18.0.10/32}}]
)");
  Trace node_port = Run(*net, "ops/client-b", "198.18.0.10", "30080");
  INFO(Text(node_port));
  CHECK(Branches(node_port) ==
        V{"shop/web-a:8080 delivered seen as 172.18.0.10", "shop/web-b:8080 delivered seen as 172.18.0.10"});
  // Not a NodePort: the node itself receives on the address dialled.
  Trace node = Run(*net, "ops/client-b", "198.18.0.10", "22");
  INFO(Text(node));
  CHECK(Branches(node) == V{"198.18.0.10:22 delivered seen as 10.244.1.20"});
  // The first address is not allowed.
  Trace first = Run(*net, "ops/client-b", "172.18.0.10", "22");
  INFO(Text(first));
  CHECK(Branches(first) == V{"172.18.0.10:22 dropped"});
}

TEST_CASE("DNS-7: an egress policy that blocks UDP 53 makes names fail to resolve", "[path]") {
  auto net = MakeNetwork();
  Trace t = Run(*net, "ops/locked", "web.shop", "80");
  INFO(Text(t));
  CHECK(Branches(t) == V{"- nxdomain"});
  CHECK(t.outcome == Outcome::kNxdomain);
  CHECK(t.branches.front().summary ==
        "the DNS lookup cannot reach kube-system/kube-dns on UDP 53 (allow it in the egress policy of ops/locked)");
  // The same name from an unrestricted pod resolves to the ClusterIP.
  Trace open = Run(*net, "ops/client", "web.shop", "80");
  INFO(Text(open));
  CHECK(Branches(open) ==
        V{"shop/web-a:8080 delivered seen as 10.244.0.20", "shop/web-b:8080 delivered seen as 10.244.0.20"});
}

TEST_CASE("NP-24: a SNAT to the endpoint's own node is exempt (canonical); snatFromOwnNodeExempt off is not",
          "[path]") {
  const std::string deny_web_a = R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-web-a, namespace: shop}
spec:
  podSelector: {matchLabels: {zone: a}}
  policyTypes: [Ingress]
)";
  auto net = MakeNetwork({}, deny_web_a);
  // web-lb's NodePort 30082 has one endpoint, shop/web-a on node-a. Arriving at node-a, the packet is SNATed to
  // node-a's own address; arriving at node-b, to node-b's, which web-a's policy does not allow.
  Trace via_a = Run(*net, "203.0.113.5", "node/node-a", "30082");
  INFO(Text(via_a));
  CHECK(Branches(via_a) == V{"shop/web-a:8080 delivered seen as 172.18.0.10"});
  Trace via_b = Run(*net, "203.0.113.5", "node/node-b", "30082");
  INFO(Text(via_b));
  CHECK(Branches(via_b) == V{"shop/web-a:8080 dropped"});
  CHECK(via_b.branches.front().summary == "ingress policy of shop/web-a drops it");
  // The hairpin is a SNAT to the own node as well.
  Trace hairpin = Run(*net, "shop/web-a", "service/shop/self", "80");
  INFO(Text(hairpin));
  CHECK(Branches(hairpin) == V{"shop/web-a:8080 delivered seen as 172.18.0.10"});

  PolicyOptions strict;
  strict.snat_from_own_node_exempt = false;
  auto strict_net = MakeNetwork(strict, deny_web_a);
  Trace strict_via_a = Run(*strict_net, "203.0.113.5", "node/node-a", "30082");
  INFO(Text(strict_via_a));
  CHECK(Branches(strict_via_a) == V{"shop/web-a:8080 dropped"});
  Trace strict_hairpin = Run(*strict_net, "shop/web-a", "service/shop/self", "80");
  INFO(Text(strict_hairpin));
  CHECK(Branches(strict_hairpin) == V{"shop/web-a:8080 dropped"});
  // Traffic the node itself sends is still from the own node (NP-8a).
  Trace node = Run(*strict_net, "node/node-a", "service/shop/self", "80");
  INFO(Text(node));
  CHECK(Branches(node) == V{"shop/web-a:8080 delivered seen as 172.18.0.10"});
}

TEST_CASE("NP-22: an egress ipBlock over the Service CIDR does not allow traffic to a ClusterIP", "[path]") {
  auto net = MakeNetwork({}, R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: to-services, namespace: ops}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: 10.96.0.0/12}}]
)");
  for (const char* to : {"service/shop/web", "10.96.0.50"}) {
    Trace t = Run(*net, "ops/client", to, "80");
    INFO(Text(t));
    CHECK(Branches(t) == V{"shop/web-a:8080 dropped", "shop/web-b:8080 dropped"});
    CHECK(t.result == Result::kDeny);
    CHECK(t.outcome == Outcome::kDropped);
  }
}

TEST_CASE("SVC-19: a headless Service is reached on the dialled port of each ready endpoint, targetPort ignored",
          "[path]") {
  auto net = MakeNetwork({}, R"(
apiVersion: v1
kind: Service
metadata: {name: web-headless, namespace: shop}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
)");
  for (const char* to : {"service/shop/web-headless", "web-headless.shop"}) {
    Trace t = Run(*net, "ops/client", to, "80");
    INFO(Text(t));
    CHECK(Branches(t) ==
          V{"shop/web-a:80 delivered seen as 10.244.0.20", "shop/web-b:80 delivered seen as 10.244.0.20"});
  }
}

TEST_CASE("DNS-7: the DNS pods' ingress policy can block lookups too, and the reason says so", "[path]") {
  auto net = MakeNetwork({}, R"(
apiVersion: v1
kind: Namespace
metadata: {name: kube-system}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: kube-system}
spec:
  podSelector: {}
  policyTypes: [Ingress]
)");
  Trace t = Run(*net, "ops/client", "web.shop", "80");
  INFO(Text(t));
  CHECK(Branches(t) == V{"- nxdomain"});
  CHECK(t.outcome == Outcome::kNxdomain);
  REQUIRE(t.branches.front().hops.size() == 1);
  const Hop& lookup = t.branches.front().hops.front();
  CHECK(lookup.kind == Hop::Kind::kDns);
  CHECK_FALSE(lookup.ok);
  CHECK_THAT(lookup.text, Catch::Contains("ingress at kube-system/coredns-implied"));
  // The fix is in kube-system's ingress policy, not in the client's egress policy (the client has none).
  CHECK_THAT(t.branches.front().summary, !Catch::Contains("egress policy of ops/client"));
}

// Ingress.

TEST_CASE("ING: no rule for the host is a 404; a missing Service, port or ready endpoint is a 503", "[path]") {
  auto net = MakeNetwork();
  Trace other_host = Run(*net, "203.0.113.5", "http://other.example.com/", "");
  INFO(Text(other_host));
  CHECK(Branches(other_host) == V{"- http-404"});
  CHECK(other_host.outcome == Outcome::kHttp404);
  struct Case {
    const char* url;
    const char* summary;
  };
  for (const Case& c : {Case{"http://shop.example.com/gone", "backend Service shop/gone does not exist"},
                        Case{"http://shop.example.com/empty", "shop/empty has no ready endpoint"},
                        Case{"http://shop.example.com/badport", "backend Service shop/web has no port 81"}}) {
    Trace t = Run(*net, "203.0.113.5", c.url, "");
    INFO(Text(t));
    CHECK(Branches(t) == V{"- http-503"});
    CHECK(t.outcome == Outcome::kHttp503);
    CHECK(t.branches.front().summary == c.summary);
  }
}

// ExternalName and implied objects.

TEST_CASE("SVC-20: ExternalName reaches the address given in cluster.externalHosts", "[path]") {
  auto net = MakeNetwork();
  Trace by_service = Run(*net, "ops/client", "service/shop/partner", "443");
  INFO(Text(by_service));
  CHECK(Branches(by_service) == V{"198.51.100.20:443 delivered seen as 10.244.0.20"});
  Trace by_name = Run(*net, "ops/client", "partner.shop", "443");
  INFO(Text(by_name));
  CHECK(Branches(by_name) == V{"198.51.100.20:443 delivered seen as 10.244.0.20"});
}

TEST_CASE("DNS-7, ING: a trace carries the notes of the implied kube-dns and ingress controller it used", "[path]") {
  auto net = MakeNetwork();
  REQUIRE(net->dns_service() != nullptr);
  CHECK(net->dns_service()->ns == "kube-system");
  CHECK(net->dns_service()->name == "kube-dns");
  CHECK(net->cluster().FindPod("kube-system", "coredns-implied") != nullptr);
  const std::string dns_note =
      "the input has no Service kube-system/kube-dns: kreach implies it with one CoreDNS pod "
      "kube-system/coredns-implied (k8s-app=kube-dns), UDP and TCP port 53 (cluster.dnsService, cluster.impliedDns)";
  const std::string controller_note =
      "no ingress controller pods in the input: kreach implies ingress-nginx/ingress-nginx-controller-implied "
      "(app.kubernetes.io/component=controller,app.kubernetes.io/name=ingress-nginx), reached directly on TCP 80 and "
      "443 (cluster.ingressController)";
  const std::string api_server_note =
      "the input has no Service default/kubernetes: kreach implies it (ClusterIP 10.96.0.1, TCP 443 → 6443) with the "
      "API server at 172.18.0.1, an address of its own that no node has (cluster.apiServer)";
  CHECK(net->notes() == V{dns_note, api_server_note, controller_note});
  CHECK(Run(*net, "ops/client", "shop/web-a", "8080").notes.empty());
  CHECK(Run(*net, "ops/client", "service/shop/web", "80").notes.empty());
  CHECK(Run(*net, "ops/client", "web.shop", "80").notes == V{dns_note});
  CHECK(Run(*net, "203.0.113.5", "http://shop.example.com/", "").notes == V{controller_note});
}

// Typed hops: what the path view and explanations read instead of the sentences.

}  // namespace kreach
