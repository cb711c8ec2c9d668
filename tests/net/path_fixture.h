// The cluster of the path tests (tests/net/path_test.cc, tests/net/hop_test.cc) and helpers to trace on it and
// read the branches and hops of a trace.
#ifndef KREACH_TESTS_NET_PATH_FIXTURE_H_
#define KREACH_TESTS_NET_PATH_FIXTURE_H_

#include <catch2/catch.hpp>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "sim/net/endpoint.h"
#include "sim/net/network.h"
#include "sim/net/path.h"
#include "sim/net/path_format.h"
#include "tests/support/sim_fixture.h"

namespace kreach {
namespace path_test {

/// Two nodes, pods on each, and one Service per row of the §3.5 table. No NetworkPolicy except the egress lock
/// of ops/locked (TCP 30080 to node-a only: NP-23, DNS-7).
/// node-a 172.18.0.10 and 198.18.0.10 (10.244.0.0/24): shop/web-a (app=web, zone=a, http 8080), ops/client, ops/hostnet
/// (hostNetwork) node-b 172.18.0.11 (10.244.1.0/24): shop/web-b (app=web, http 8080), ops/client-b, ops/locked
inline const char* kPathManifests = R"(
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
inline std::unique_ptr<Network> MakeNetwork(const PolicyOptions& options = {}, const std::string& extra = "") {
  ClusterConfig config;
  config.external_hosts["api.partner.example"] = *ParseIpv4("198.51.100.20");
  std::string text = std::string(kPathManifests) + (extra.empty() ? "" : "---\n" + extra);
  LoadResult result = LoadClusterFromTexts({{"path.yaml", text}}, config);
  for (const Diagnostic& d : result.diagnostics.items()) INFO(d.ToString());
  REQUIRE_FALSE(result.diagnostics.HasErrors());
  return std::make_unique<Network>(result.cluster, options);
}

inline Trace Run(const Network& net, const std::string& from, const std::string& to, const std::string& port,
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
inline std::string SeenSource(const Branch& b) {
  if (b.outcome != Outcome::kDelivered) return "";
  for (auto h = b.hops.rbegin(); h != b.hops.rend(); ++h) {
    if (h->kind == Hop::Kind::kDeliver && h->to.kind == Place::Kind::kPeer) return FormatIpv4(h->src_after);
  }
  return "";
}

/// The hops of `b` of `kind`, in order.
inline std::vector<const Hop*> HopsOf(const Branch& b, Hop::Kind kind) {
  std::vector<const Hop*> out;
  for (const Hop& h : b.hops) {
    if (h.kind == kind) out.push_back(&h);
  }
  return out;
}

/// The one hop of `b` of `kind` (REQUIREs there is exactly one).
inline const Hop& OnlyHop(const Branch& b, Hop::Kind kind) {
  std::vector<const Hop*> hops = HopsOf(b, kind);
  REQUIRE(hops.size() == 1);
  return *hops.front();
}

/// The hop a failed branch ends on: the one that carries the failure's cause.
inline const Hop& FailingHop(const Branch& b) {
  std::vector<const Hop*> failing;
  for (const Hop& h : b.hops) {
    if (h.failure != Cause::kNone) failing.push_back(&h);
  }
  REQUIRE(failing.size() == 1);
  CHECK_FALSE(failing.front()->ok);
  CHECK(failing.front()->failure == b.cause);
  return *failing.front();
}

inline Ipv4 Ip(const char* text) { return *ParseIpv4(text); }

/// One line per branch: "receiver:port outcome [seen as A.B.C.D]"; "- outcome" when there is no receiver.
inline std::vector<std::string> Branches(const Trace& t) {
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

inline std::string Text(const Trace& t) {
  std::ostringstream out;
  WriteTraceText(t, out);
  return out.str();
}

using V = std::vector<std::string>;

}  // namespace path_test
}  // namespace kreach

#endif  // KREACH_TESTS_NET_PATH_FIXTURE_H_
