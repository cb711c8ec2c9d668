#include "sim/net/path.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "sim/net/endpoint.h"
#include "sim/net/path_format.h"
#include "sim/net/network.h"
#include "tests/support/sim_fixture.h"

namespace kreach {

namespace {

/// Two nodes, pods on each, and one Service per row of the §3.5 table. No NetworkPolicy except the egress lock
/// of ops/locked (TCP 30080 to node-a only: NP-23, DNS-7).
/// node-a 172.18.0.10 and 198.18.0.10 (10.244.0.0/24): shop/web-a (app=web, zone=a, http 8080), ops/client, ops/hostnet
/// (hostNetwork) node-b 172.18.0.11 (10.244.1.0/24): shop/web-b (app=web, http 8080), ops/client-b, ops/locked
const char* kPathManifests = R"(
apiVersion: v1
kind: Node
metadata: {name: node-a}
spec: {podCIDR: 10.244.0.0/24}
status: {addresses: [{type: InternalIP, address: 172.18.0.10}, {type: ExternalIP, address: 198.18.0.10}]}
---
apiVersion: v1
kind: Node
metadata: {name: node-b}
spec: {podCIDR: 10.244.1.0/24}
status: {addresses: [{type: InternalIP, address: 172.18.0.11}]}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Namespace
metadata: {name: ops}
---
apiVersion: v1
kind: Pod
metadata: {name: web-a, namespace: shop, labels: {app: web, zone: a}}
spec:
  nodeName: node-a
  containers: [{name: web, image: nginx, ports: [{name: http, containerPort: 8080}]}]
status: {podIP: 10.244.0.10}
---
apiVersion: v1
kind: Pod
metadata: {name: web-b, namespace: shop, labels: {app: web}}
spec:
  nodeName: node-b
  containers: [{name: web, image: nginx, ports: [{name: http, containerPort: 8080}]}]
status: {podIP: 10.244.1.10}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: ops, labels: {app: client}}
spec:
  nodeName: node-a
  containers: [{name: c, image: busybox}]
status: {podIP: 10.244.0.20}
---
apiVersion: v1
kind: Pod
metadata: {name: client-b, namespace: ops, labels: {app: client}}
spec:
  nodeName: node-b
  containers: [{name: c, image: busybox}]
status: {podIP: 10.244.1.20}
---
apiVersion: v1
kind: Pod
metadata: {name: locked, namespace: ops, labels: {app: locked}}
spec:
  nodeName: node-b
  containers: [{name: c, image: busybox}]
status: {podIP: 10.244.1.30}
---
apiVersion: v1
kind: Pod
metadata: {name: hostnet, namespace: ops, labels: {app: agent}}
spec:
  nodeName: node-a
  hostNetwork: true
  containers: [{name: c, image: busybox}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: locked-egress, namespace: ops}
spec:
  podSelector: {matchLabels: {app: locked}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: 172.18.0.10/32}}]
    ports: [{protocol: TCP, port: 30080}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  clusterIP: 10.96.0.50
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: self, namespace: shop}
spec:
  clusterIP: 10.96.0.51
  selector: {zone: a}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: empty, namespace: shop}
spec:
  clusterIP: 10.96.0.52
  selector: {app: nothing}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: itp-local, namespace: shop}
spec:
  clusterIP: 10.96.0.53
  internalTrafficPolicy: Local
  selector: {zone: a}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: term, namespace: shop}
spec:
  clusterIP: 10.96.0.54
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: term-1, namespace: shop, labels: {kubernetes.io/service-name: term}}
addressType: IPv4
ports: [{port: 8080}]
endpoints:
- addresses: [10.244.0.10]
  conditions: {ready: false, serving: true, terminating: true}
  nodeName: node-a
- addresses: [10.244.1.10]
  conditions: {ready: false, serving: false, terminating: true}
  nodeName: node-b
---
apiVersion: v1
kind: Service
metadata: {name: web-np, namespace: shop}
spec:
  type: NodePort
  clusterIP: 10.96.0.60
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080, nodePort: 30080}]
---
apiVersion: v1
kind: Service
metadata: {name: web-np-local, namespace: shop}
spec:
  type: NodePort
  clusterIP: 10.96.0.61
  externalTrafficPolicy: Local
  selector: {zone: a}
  ports: [{port: 80, targetPort: 8080, nodePort: 30081}]
---
apiVersion: v1
kind: Service
metadata: {name: web-lb, namespace: shop}
spec:
  type: LoadBalancer
  clusterIP: 10.96.0.62
  selector: {zone: a}
  ports: [{port: 80, targetPort: 8080, nodePort: 30082}]
status: {loadBalancer: {ingress: [{ip: 192.0.2.10}]}}
---
apiVersion: v1
kind: Service
metadata: {name: web-lb-local, namespace: shop}
spec:
  type: LoadBalancer
  clusterIP: 10.96.0.63
  externalTrafficPolicy: Local
  selector: {zone: a}
  ports: [{port: 80, targetPort: 8080, nodePort: 30083}]
status: {loadBalancer: {ingress: [{ip: 192.0.2.11}]}}
---
apiVersion: v1
kind: Service
metadata: {name: web-lb-ranges, namespace: shop}
spec:
  type: LoadBalancer
  clusterIP: 10.96.0.64
  loadBalancerSourceRanges: [203.0.113.0/24]
  selector: {zone: a}
  ports: [{port: 80, targetPort: 8080, nodePort: 30084}]
status: {loadBalancer: {ingress: [{ip: 192.0.2.12}]}}
---
apiVersion: v1
kind: Service
metadata: {name: web-eip, namespace: shop}
spec:
  clusterIP: 10.96.0.65
  externalIPs: [198.51.100.50]
  selector: {zone: a}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web-lb-manual, namespace: shop}
spec:
  type: LoadBalancer
  clusterIP: 10.96.0.66
  externalTrafficPolicy: Local
  ports: [{port: 80, targetPort: 8080, nodePort: 30085}]
status: {loadBalancer: {ingress: [{ip: 192.0.2.13}]}}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-lb-manual-1, namespace: shop, labels: {kubernetes.io/service-name: web-lb-manual}}
addressType: IPv4
ports: [{port: 8080}]
endpoints:
- addresses: [10.244.0.10]
  nodeName: node-a
- addresses: [10.0.5.5]
---
apiVersion: v1
kind: Service
metadata: {name: partner, namespace: shop}
spec:
  type: ExternalName
  externalName: api.partner.example
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /gone, pathType: Prefix, backend: {service: {name: gone, port: {number: 80}}}}
      - {path: /empty, pathType: Prefix, backend: {service: {name: empty, port: {number: 80}}}}
      - {path: /badport, pathType: Prefix, backend: {service: {name: web, port: {number: 81}}}}
)";

/// The network of kPathManifests plus `extra` manifests (policies for one test), with api.partner.example at
/// 198.51.100.20 in cluster.externalHosts.
std::unique_ptr<Network> MakeNetwork(const PolicyOptions& options = {}, const std::string& extra = "") {
  ClusterConfig config;
  config.external_hosts["api.partner.example"] = *ParseIpv4("198.51.100.20");
  std::string text = std::string(kPathManifests) + (extra.empty() ? "" : "---\n" + extra);
  LoadResult result = LoadClusterFromTexts({{"path.yaml", text}}, config);
  for (const Diagnostic& d : result.diagnostics.items()) INFO(d.ToString());
  REQUIRE_FALSE(result.diagnostics.HasErrors());
  return std::make_unique<Network>(result.cluster, options);
}

Trace Run(const Network& net, const std::string& from, const std::string& to, const std::string& port,
          Protocol protocol = Protocol::kTCP) {
  ResolvedEndpoint src, dst;
  std::string error;
  INFO(from << " -> " << to);
  REQUIRE(ResolveEndpoint(net.cluster(), from, &src, &error));
  REQUIRE(ResolveEndpoint(net.cluster(), to, &dst, &error));
  Trace trace;
  bool ok = TraceConnection(net, src, dst, Probe{port, protocol}, &trace, &error);
  INFO(error);
  REQUIRE(ok);
  return trace;
}

/// The source address the receiver sees (the last kDeliver hop's `src_after`) of a delivered branch, else "".
std::string SeenSource(const Branch& b) {
  if (b.outcome != Outcome::kDelivered) return "";
  for (auto h = b.hops.rbegin(); h != b.hops.rend(); ++h) {
    if (h->kind == Hop::Kind::kDeliver && h->to.kind == Place::Kind::kPeer) return FormatIpv4(h->src_after);
  }
  return "";
}

/// The hops of `b` of `kind`, in order.
std::vector<const Hop*> HopsOf(const Branch& b, Hop::Kind kind) {
  std::vector<const Hop*> out;
  for (const Hop& h : b.hops) {
    if (h.kind == kind) out.push_back(&h);
  }
  return out;
}

/// The one hop of `b` of `kind` (REQUIREs there is exactly one).
const Hop& OnlyHop(const Branch& b, Hop::Kind kind) {
  std::vector<const Hop*> hops = HopsOf(b, kind);
  REQUIRE(hops.size() == 1);
  return *hops.front();
}

/// The hop a failed branch ends on: the one that carries the failure's cause.
const Hop& FailingHop(const Branch& b) {
  std::vector<const Hop*> failing;
  for (const Hop& h : b.hops) {
    if (h.failure != Cause::kNone) failing.push_back(&h);
  }
  REQUIRE(failing.size() == 1);
  CHECK_FALSE(failing.front()->ok);
  CHECK(failing.front()->failure == b.cause);
  return *failing.front();
}

Ipv4 Ip(const char* text) { return *ParseIpv4(text); }

/// One line per branch: "receiver:port outcome [seen as A.B.C.D]"; "- outcome" when there is no receiver.
std::vector<std::string> Branches(const Trace& t) {
  std::vector<std::string> out;
  for (const Branch& b : t.branches) {
    std::string line =
        (b.dst ? b.dst->ToString() + ":" + std::to_string(b.port) : std::string("-")) + " " + OutcomeName(b.outcome);
    std::string seen = SeenSource(b);
    if (!seen.empty()) line += " seen as " + seen;
    out.push_back(line);
  }
  return out;
}

std::string Text(const Trace& t) {
  std::ostringstream out;
  WriteTraceText(t, out);
  return out.str();
}

using V = std::vector<std::string>;

}  // namespace

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
  CHECK(t.branches.front().summary == "shop/web has no TCP port 81: the node answers with a reset (unknownVipPortRefused)");
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
  CHECK(net->notes() == V{dns_note, controller_note});
  CHECK(Run(*net, "ops/client", "shop/web-a", "8080").notes.empty());
  CHECK(Run(*net, "ops/client", "service/shop/web", "80").notes.empty());
  CHECK(Run(*net, "ops/client", "web.shop", "80").notes == V{dns_note});
  CHECK(Run(*net, "203.0.113.5", "http://shop.example.com/", "").notes == V{controller_note});
}

// Typed hops: what the path view and explanations read instead of the sentences.

TEST_CASE("P-1 typed hops: a DNS name is a lookup flow to the cluster DNS, then an A answer", "[path][hop]") {
  auto net = MakeNetwork();
  Trace t = Run(*net, "ops/client", "web.shop", "80");
  INFO(Text(t));
  REQUIRE(t.branches.size() == 2);
  const Branch& b = t.branches.front();
  std::vector<const Hop*> dns = HopsOf(b, Hop::Kind::kDns);
  REQUIRE(dns.size() == 2);
  const Hop& lookup = *dns[0];
  CHECK(lookup.dns.stage == DnsStep::Stage::kLookup);
  CHECK(lookup.dns.name == "web.shop");
  CHECK(lookup.dns.service == net->dns_service());
  CHECK(lookup.to.kind == Place::Kind::kDns);
  CHECK(lookup.to.service == net->dns_service());
  CHECK(lookup.to.ip == net->dns_service()->cluster_ips.front());
  CHECK(lookup.to.port == 53);
  CHECK(lookup.to.protocol == Protocol::kUDP);
  CHECK(lookup.from.pod == net->cluster().FindPod("ops", "client"));
  const Hop& answer = *dns[1];
  CHECK(answer.dns.stage == DnsStep::Stage::kAnswer);
  CHECK(answer.dns.name == "web.shop");
  CHECK(answer.dns.fqdn == "web.shop.svc.cluster.local");
  CHECK(answer.dns.addresses == std::vector<Ipv4>{Ip("10.96.0.50")});
  CHECK(answer.dns.service == net->cluster().FindService("shop", "web"));
  CHECK(answer.failure == Cause::kNone);
}

TEST_CASE("P-1 typed hops: NXDOMAIN, and an ExternalName is a CNAME to the external host", "[path][hop]") {
  auto net = MakeNetwork();
  Trace missing = Run(*net, "ops/client", "nothere.shop", "80");
  INFO(Text(missing));
  REQUIRE(missing.branches.size() == 1);
  const Hop& nx = FailingHop(missing.branches.front());
  CHECK(nx.kind == Hop::Kind::kDns);
  CHECK(nx.dns.stage == DnsStep::Stage::kNxdomain);
  CHECK(nx.dns.name == "nothere.shop");
  CHECK(nx.failure == Cause::kNxdomain);

  Trace partner = Run(*net, "ops/client", "partner.shop", "443");
  INFO(Text(partner));
  REQUIRE(partner.branches.size() == 1);
  std::vector<const Hop*> dns = HopsOf(partner.branches.front(), Hop::Kind::kDns);
  REQUIRE(dns.size() == 3);
  CHECK(dns[0]->dns.stage == DnsStep::Stage::kLookup);
  CHECK(dns[1]->dns.stage == DnsStep::Stage::kCname);
  CHECK(dns[1]->dns.cname == "api.partner.example");
  CHECK(dns[1]->dns.service == net->cluster().FindService("shop", "partner"));
  CHECK(dns[2]->dns.stage == DnsStep::Stage::kExternalHost);
  CHECK(dns[2]->dns.name == "api.partner.example");
  CHECK(dns[2]->dns.addresses == std::vector<Ipv4>{Ip("198.51.100.20")});
}

TEST_CASE("P-1 typed hops: a ClusterIP is sent to, picks an endpoint and DNATs to it, source kept", "[path][hop]") {
  auto net = MakeNetwork();
  const Service* web = net->cluster().FindService("shop", "web");
  Trace t = Run(*net, "ops/client", "10.96.0.50", "80");
  INFO(Text(t));
  REQUIRE(t.branches.size() == 2);
  const Branch& b = t.branches.front();
  const Hop& send = OnlyHop(b, Hop::Kind::kSend);
  CHECK(send.from.kind == Place::Kind::kPeer);
  CHECK(send.from.pod == net->cluster().FindPod("ops", "client"));
  CHECK(send.to.kind == Place::Kind::kFrontend);
  CHECK(send.to.frontend == FrontendKind::kClusterIp);
  CHECK(send.to.service == web);
  REQUIRE(send.to.service_port != nullptr);
  CHECK(send.to.service_port->port == 80);
  CHECK(send.to.ip == Ip("10.96.0.50"));
  CHECK(send.to.port == 80);
  const Hop& chosen = OnlyHop(b, Hop::Kind::kService);
  CHECK(chosen.from.kind == Place::Kind::kFrontend);
  CHECK(chosen.from.service == web);
  CHECK(chosen.to.kind == Place::Kind::kPeer);
  CHECK(chosen.to.pod == net->cluster().FindPod("shop", "web-a"));
  CHECK(chosen.to.port == 8080);
  const Hop& nat = OnlyHop(b, Hop::Kind::kTranslate);
  CHECK(nat.service == web);
  CHECK(nat.service_port == send.to.service_port);
  CHECK(FormatIpv4(nat.dst_before) + ":" + std::to_string(nat.port_before) == "10.96.0.50:80");
  CHECK(FormatIpv4(nat.dst_after) + ":" + std::to_string(nat.port_after) == "10.244.0.10:8080");
  CHECK(nat.snat == Snat::kKept);
  CHECK(nat.src_after == nat.src_before);
  CHECK(nat.snat_node == nullptr);
  const Hop& deliver = OnlyHop(b, Hop::Kind::kDeliver);
  CHECK(deliver.to.pod == net->cluster().FindPod("shop", "web-a"));
  CHECK(deliver.src_after == Ip("10.244.0.20"));
}

TEST_CASE("P-1 typed hops: SNAT at a NodePort (Cluster policy) and on a hairpin names the node", "[path][hop]") {
  auto net = MakeNetwork();
  const Node* node_a = net->cluster().FindNode("node-a");
  Trace np = Run(*net, "203.0.113.5", "node/node-a", "30080");
  INFO(Text(np));
  REQUIRE(np.branches.size() == 2);
  const Hop& send = OnlyHop(np.branches.front(), Hop::Kind::kSend);
  CHECK(send.to.frontend == FrontendKind::kNodePort);
  CHECK(send.to.node == node_a);
  CHECK(send.to.port == 30080);
  const Hop& nat = OnlyHop(np.branches.front(), Hop::Kind::kTranslate);
  CHECK(nat.from.frontend == FrontendKind::kNodePort);
  CHECK(nat.dst_before == Ip("172.18.0.10"));
  CHECK(nat.port_before == 30080);
  CHECK(nat.port_after == 8080);
  CHECK(nat.snat == Snat::kClusterPolicy);
  CHECK(nat.snat_node == node_a);
  CHECK(nat.src_before == Ip("203.0.113.5"));
  CHECK(nat.src_after == Ip("172.18.0.10"));

  Trace hairpin = Run(*net, "shop/web-a", "service/shop/self", "80");
  INFO(Text(hairpin));
  REQUIRE(hairpin.branches.size() == 1);
  const Hop& back = OnlyHop(hairpin.branches.front(), Hop::Kind::kTranslate);
  CHECK(back.snat == Snat::kHairpin);
  CHECK(back.snat_node == node_a);
  CHECK(back.src_after == Ip("172.18.0.10"));

  Trace from_node = Run(*net, "node/node-b", "service/shop/self", "80");
  INFO(Text(from_node));
  REQUIRE(from_node.branches.size() == 1);
  CHECK(OnlyHop(from_node.branches.front(), Hop::Kind::kTranslate).snat == Snat::kNodeOrigin);
}

TEST_CASE("P-1 typed hops: a URL arrives at the controller, is routed by an Ingress rule, then a new connection",
          "[path][hop]") {
  auto net = MakeNetwork();
  Trace t = Run(*net, "203.0.113.5", "http://shop.example.com/", "");
  INFO(Text(t));
  REQUIRE_FALSE(t.branches.empty());
  const Branch& b = t.branches.front();
  std::vector<const Hop*> ingress = HopsOf(b, Hop::Kind::kIngress);
  REQUIRE(ingress.size() == 2);
  const Hop& arrive = *ingress[0];
  CHECK(arrive.ingress.stage == IngressStep::Stage::kArrive);
  CHECK(arrive.ingress.url.host == "shop.example.com");
  CHECK(arrive.ingress.url.port == 80);
  CHECK(arrive.to.kind == Place::Kind::kController);
  CHECK(arrive.to.controller == 0);
  const Hop& route = *ingress[1];
  CHECK(route.ingress.stage == IngressStep::Stage::kRoute);
  REQUIRE(route.ingress.route.ingress != nullptr);
  CHECK(route.ingress.route.ingress->name == "shop");
  REQUIRE(route.ingress.route.path != nullptr);
  CHECK(route.ingress.route.path->path == "/");
  REQUIRE(route.ingress.route.backend != nullptr);
  CHECK(route.ingress.route.backend->service_name == "web");
  const Hop& proxy = OnlyHop(b, Hop::Kind::kTranslate);
  CHECK(proxy.service == net->cluster().FindService("shop", "web"));
  CHECK(proxy.to.kind == Place::Kind::kPeer);
  CHECK(proxy.dst_after == proxy.to.ip);
  CHECK(std::find(net->controllers()[0].pods.begin(), net->controllers()[0].pods.end(), proxy.from.pod) !=
        net->controllers()[0].pods.end());

  Trace gone = Run(*net, "203.0.113.5", "http://shop.example.com/gone", "");
  INFO(Text(gone));
  const Hop& backend = FailingHop(gone.branches.front());
  CHECK(backend.ingress.stage == IngressStep::Stage::kBackend);
  CHECK(backend.failure == Cause::kIngressBackend);
  Trace other = Run(*net, "203.0.113.5", "http://other.example.com/", "");
  INFO(Text(other));
  const Hop& no_rule = FailingHop(other.branches.front());
  CHECK(no_rule.ingress.stage == IngressStep::Stage::kRoute);
  CHECK(no_rule.ingress.route.ingress == nullptr);
  CHECK(no_rule.failure == Cause::kNoIngressRule);
}

TEST_CASE("P-1 typed hops: the failing hop carries the reason (no endpoint, source ranges, traffic policy Local, "
          "DNS blocked)", "[path][hop]") {
  auto net = MakeNetwork();
  Trace empty = Run(*net, "ops/client", "service/shop/empty", "80");
  INFO(Text(empty));
  const Hop& none = FailingHop(empty.branches.front());
  CHECK(none.kind == Hop::Kind::kService);
  CHECK(none.failure == Cause::kNoEndpoint);
  CHECK(none.from.kind == Place::Kind::kFrontend);
  CHECK(none.service == net->cluster().FindService("shop", "empty"));

  Trace outside = Run(*net, "198.51.100.7", "192.0.2.12", "80");
  INFO(Text(outside));
  const Hop& ranges = FailingHop(outside.branches.front());
  CHECK(ranges.kind == Hop::Kind::kFilter);
  CHECK(ranges.failure == Cause::kSourceRanges);
  CHECK(ranges.from.frontend == FrontendKind::kLoadBalancer);
  CHECK(ranges.service == net->cluster().FindService("shop", "web-lb-ranges"));

  Trace local = Run(*net, "ops/client-b", "service/shop/itp-local", "80");
  INFO(Text(local));
  const Hop& itp = FailingHop(local.branches.front());
  CHECK(itp.kind == Hop::Kind::kFilter);
  CHECK(itp.failure == Cause::kTrafficPolicyLocal);

  Trace locked = Run(*net, "ops/locked", "web.shop", "80");
  INFO(Text(locked));
  const Hop& blocked = FailingHop(locked.branches.front());
  CHECK(blocked.kind == Hop::Kind::kDns);
  CHECK(blocked.dns.stage == DnsStep::Stage::kLookup);
  CHECK(blocked.dns.name == "web.shop");
  CHECK(blocked.failure == Cause::kDnsBlocked);
  REQUIRE(blocked.verdict != nullptr);
  CHECK_FALSE(blocked.verdict->allowed);
  CHECK(blocked.direction == Direction::kEgress);
  CHECK(blocked.to.kind == Place::Kind::kNone);
}

}  // namespace kreach
