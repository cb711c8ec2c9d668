// Generated EndpointSlices (SVC-1..SVC-4, DNS-4 hostnames) and nodePort allocation (SVC-12, SVC-13).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sim/loader/loader.h"

namespace kreach {
namespace {

Cluster Load(const std::string& text) {
  LoadResult result = LoadClusterFromTexts({{"eps.yaml", text}});
  for (const Diagnostic& d : result.diagnostics.items()) INFO(d.ToString());
  REQUIRE_FALSE(result.diagnostics.HasErrors());
  return std::move(result.cluster);
}

/// "name: TCP/http=8080 UDP/dns=53 | ns/pod(ready,serving,terminating)@node host ..." for every slice.
std::vector<std::string> Describe(const Cluster& c) {
  std::vector<std::string> out;
  for (const EndpointSlice& s : c.endpoint_slices) {
    std::string line = s.ns + "/" + s.name + " svc=" + s.service_name + (s.generated ? " gen" : " manual") + ":";
    for (const EndpointPort& p : s.ports) {
      line += std::string(" ") + ProtocolName(p.protocol) + "/" + p.name + "=" + std::to_string(p.port);
    }
    line += " |";
    for (const Endpoint& e : s.endpoints) {
      line += " " + e.target_pod + "=" + (e.addresses.empty() ? "-" : FormatIpv4(e.addresses[0])) + "(" +
              (e.ready ? "R" : "r") + (e.serving ? "S" : "s") + (e.terminating ? "T" : "t") + ")@" + e.node_name;
      if (!e.hostname.empty()) line += " host=" + e.hostname;
    }
    out.push_back(line);
  }
  return out;
}

const char* kPods = R"(
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: shop, labels: {app: web, tier: fe}}
spec:
  nodeName: n1
  containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]
status: {podIP: 10.244.0.10}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: shop, labels: {app: web}}
spec:
  nodeName: n1
  containers: [{name: c, ports: [{name: http, containerPort: 9090}]}]
status: {podIP: 10.244.0.11}
---
apiVersion: v1
kind: Pod
metadata: {name: other-ns, namespace: ops, labels: {app: web}}
spec:
  nodeName: n1
  containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]
status: {podIP: 10.244.0.12}
---
)";

TEST_CASE("SVC-1: only Services with a non-empty selector get slices, pods of their own namespace",
          "[endpointslices]") {
  Cluster c = Load(std::string(kPods) + R"(
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: empty, namespace: shop}
spec: {selector: {}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: absent, namespace: shop}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: shop}
spec: {type: ExternalName, externalName: db.example.com, selector: {app: web}}
---
apiVersion: v1
kind: Service
metadata: {name: fe, namespace: shop}
spec: {selector: {app: web, tier: fe}, ports: [{port: 80, targetPort: 8080}]}
)");
  CHECK(Describe(c) == std::vector<std::string>{
                           "shop/fe-1 svc=fe gen: TCP/=8080 | shop/a=10.244.0.10(RSt)@n1",
                           "shop/web-1 svc=web gen: TCP/=8080 | shop/a=10.244.0.10(RSt)@n1 shop/b=10.244.0.11(RSt)@n1",
                       });
  REQUIRE(c.endpoint_slices.size() == 2);
  CHECK(c.endpoint_slices[1].origin.source == "eps.yaml");
  CHECK(c.endpoint_slices[1].origin.doc == 4);  // the Service's document
}

TEST_CASE("SVC-2: Succeeded and Failed pods are no endpoints; Pending, Unknown and terminating pods are",
          "[endpointslices]") {
  Cluster c = Load(R"(
apiVersion: v1
kind: Pod
metadata: {name: done, namespace: shop, labels: {app: w}}
status: {podIP: 10.244.0.2, phase: Succeeded}
---
apiVersion: v1
kind: Pod
metadata: {name: failed, namespace: shop, labels: {app: w}}
status: {podIP: 10.244.0.3, phase: Failed}
---
apiVersion: v1
kind: Pod
metadata: {name: pending, namespace: shop, labels: {app: w}}
status: {podIP: 10.244.0.4, phase: Pending, conditions: [{type: Ready, status: "False"}]}
---
apiVersion: v1
kind: Pod
metadata: {name: unknown, namespace: shop, labels: {app: w}}
status: {podIP: 10.244.0.5, phase: Unknown}
---
apiVersion: v1
kind: Pod
metadata: {name: leaving, namespace: shop, labels: {app: w}, deletionTimestamp: "2024-01-01T00:00:00Z"}
status: {podIP: 10.244.0.6}
---
apiVersion: v1
kind: Service
metadata: {name: w, namespace: shop}
spec: {selector: {app: w}, ports: [{port: 80}]}
)");
  CHECK(Describe(c) == std::vector<std::string>{
                           "shop/w-1 svc=w gen: TCP/=80 | shop/leaving=10.244.0.6(rST)@node-1 "
                           "shop/pending=10.244.0.4(rst)@node-1 shop/unknown=10.244.0.5(RSt)@node-1",
                       });
}

TEST_CASE("SVC-3: conditions serving=Ready, terminating=deletion, ready with publishNotReadyAddresses",
          "[endpointslices]") {
  Cluster c = Load(R"(
apiVersion: v1
kind: Pod
metadata: {name: up, namespace: shop, labels: {app: w}}
status: {podIP: 10.244.0.2}
---
apiVersion: v1
kind: Pod
metadata: {name: down, namespace: shop, labels: {app: w}}
status: {podIP: 10.244.0.3, conditions: [{type: Ready, status: "False"}]}
---
apiVersion: v1
kind: Pod
metadata: {name: leaving, namespace: shop, labels: {app: w}, deletionTimestamp: "2024-01-01T00:00:00Z"}
status: {podIP: 10.244.0.4}
---
apiVersion: v1
kind: Service
metadata: {name: plain, namespace: shop}
spec: {selector: {app: w}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: publish, namespace: shop}
spec: {selector: {app: w}, publishNotReadyAddresses: true, ports: [{port: 80}]}
)");
  CHECK(Describe(c) == std::vector<std::string>{
                           "shop/plain-1 svc=plain gen: TCP/=80 | shop/down=10.244.0.3(rst)@node-1 "
                           "shop/leaving=10.244.0.4(rST)@node-1 shop/up=10.244.0.2(RSt)@node-1",
                           "shop/publish-1 svc=publish gen: TCP/=80 | shop/down=10.244.0.3(Rst)@node-1 "
                           "shop/leaving=10.244.0.4(RST)@node-1 shop/up=10.244.0.2(RSt)@node-1",
                       });
}

TEST_CASE("SVC-4: a named targetPort resolves per pod by name and protocol; pods lacking it get no port",
          "[endpointslices]") {
  Cluster c = Load(R"(
apiVersion: v1
kind: Pod
metadata: {name: p1, namespace: shop, labels: {app: w}}
spec:
  containers: [{name: c, ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 53, protocol: UDP}]}]
status: {podIP: 10.244.0.2}
---
apiVersion: v1
kind: Pod
metadata: {name: p2, namespace: shop, labels: {app: w}}
spec:
  containers: [{name: c, ports: [{name: dns, containerPort: 5353, protocol: UDP}]}]
  initContainers:
  - {name: side, restartPolicy: Always, ports: [{name: http, containerPort: 9090}]}
  - {name: once, ports: [{name: metrics, containerPort: 9100}]}
status: {podIP: 10.244.0.3}
---
apiVersion: v1
kind: Pod
metadata: {name: p3, namespace: shop, labels: {app: w}}
spec:
  containers: [{name: c, ports: [{name: dns, containerPort: 53, protocol: TCP}]}]
status: {podIP: 10.244.0.4}
---
apiVersion: v1
kind: Pod
metadata: {name: p4, namespace: shop, labels: {app: w}}
spec:
  containers: [{name: c, ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 53, protocol: UDP}]}]
status: {podIP: 10.244.0.5}
---
apiVersion: v1
kind: Service
metadata: {name: w, namespace: shop}
spec:
  selector: {app: w}
  ports:
  - {name: web, port: 80, targetPort: http}
  - {name: dns, port: 53, protocol: UDP, targetPort: dns}
  - {name: metrics, port: 9100, targetPort: metrics}
  - {name: fixed, port: 7000, targetPort: 7001}
)");
  // p3's dns port is TCP, the Service port UDP: no match. p2's http comes from its sidecar; the plain init
  // container's metrics port does not count. p1 and p4 share one port list and so one slice.
  CHECK(Describe(c) == std::vector<std::string>{
                           "shop/w-1 svc=w gen: TCP/fixed=7001 | shop/p3=10.244.0.4(RSt)@node-1",
                           "shop/w-2 svc=w gen: TCP/web=8080 UDP/dns=53 TCP/fixed=7001 | "
                           "shop/p1=10.244.0.2(RSt)@node-1 shop/p4=10.244.0.5(RSt)@node-1",
                           "shop/w-3 svc=w gen: TCP/web=9090 UDP/dns=5353 TCP/fixed=7001 | "
                           "shop/p2=10.244.0.3(RSt)@node-1",
                       });
}

TEST_CASE("SVC-4: a headless Service without ports still lists its pods, in one slice without ports",
          "[endpointslices]") {
  Cluster c = Load(std::string(kPods) + R"(
apiVersion: v1
kind: Service
metadata: {name: h, namespace: shop}
spec: {clusterIP: None, selector: {app: web}}
)");
  CHECK(Describe(c) == std::vector<std::string>{
                           "shop/h-1 svc=h gen: | shop/a=10.244.0.10(RSt)@n1 shop/b=10.244.0.11(RSt)@n1",
                       });
}

TEST_CASE("DNS-4: an endpoint has the pod's hostname when the pod's subdomain is the Service", "[endpointslices]") {
  Cluster c = Load(R"(
apiVersion: v1
kind: Pod
metadata: {name: p1, namespace: shop, labels: {app: w}}
spec: {hostname: one, subdomain: w}
status: {podIP: 10.244.0.2}
---
apiVersion: v1
kind: Pod
metadata: {name: p2, namespace: shop, labels: {app: w}}
spec: {hostname: two, subdomain: other}
status: {podIP: 10.244.0.3}
---
apiVersion: v1
kind: Pod
metadata: {name: p3, namespace: shop, labels: {app: w}}
spec: {subdomain: w}
status: {podIP: 10.244.0.4}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  serviceName: w
  replicas: 1
  selector: {matchLabels: {app: w}}
  template: {metadata: {labels: {app: w}}, spec: {containers: [{name: c}]}}
---
apiVersion: v1
kind: Service
metadata: {name: w, namespace: shop}
spec: {clusterIP: None, selector: {app: w}, ports: [{port: 80}]}
)");
  REQUIRE(c.endpoint_slices.size() == 1);
  std::vector<std::string> hosts;
  for (const Endpoint& e : c.endpoint_slices[0].endpoints) hosts.push_back(e.target_pod + ":" + e.hostname);
  CHECK(hosts == std::vector<std::string>{"shop/db-0:db-0", "shop/p1:one", "shop/p2:", "shop/p3:"});
}

TEST_CASE("generated slices keep manual ones, avoid their names, and stay sorted", "[endpointslices]") {
  Cluster c = Load(std::string(kPods) + R"(
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-1, namespace: shop, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{port: 8080}]
endpoints: [{addresses: [10.1.2.3]}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: aaa, namespace: shop, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
endpoints: []
)");
  CHECK(Describe(c) == std::vector<std::string>{
                           "shop/aaa svc=web manual: |",
                           "shop/web-1 svc=web manual: TCP/=8080 | =10.1.2.3(RSt)@",
                           "shop/web-2 svc=web gen: TCP/=8080 | shop/a=10.244.0.10(RSt)@n1 shop/b=10.244.0.11(RSt)@n1",
                       });
}

TEST_CASE("slices hold at most 100 endpoints", "[endpointslices]") {
  Cluster c = Load(R"(
apiVersion: apps/v1
kind: Deployment
metadata: {name: big, namespace: shop}
spec:
  replicas: 150
  selector: {matchLabels: {app: big}}
  template: {metadata: {labels: {app: big}}, spec: {containers: [{name: c}]}}
---
apiVersion: v1
kind: Service
metadata: {name: big, namespace: shop}
spec: {selector: {app: big}, ports: [{port: 80}]}
)");
  REQUIRE(c.endpoint_slices.size() == 2);
  CHECK(c.endpoint_slices[0].name == "big-1");
  CHECK(c.endpoint_slices[0].endpoints.size() == 100);
  CHECK(c.endpoint_slices[1].name == "big-2");
  CHECK(c.endpoint_slices[1].endpoints.size() == 50);
}

/// "ns/name: 80/TCP→30000 ..." for every Service with ports.
std::vector<std::string> NodePorts(const Cluster& c) {
  std::vector<std::string> out;
  for (const Service& s : c.services) {
    std::string line = s.ns + "/" + s.name + ":";
    for (const ServicePort& p : s.ports) {
      line += " " + std::to_string(p.port) + "/" + ProtocolName(p.protocol) + "=" + std::to_string(p.node_port);
    }
    out.push_back(line);
  }
  return out;
}

TEST_CASE("SVC-12/SVC-13: nodePorts are the lowest free ports, Services in order, skipping used ones",
          "[endpointslices]") {
  Cluster c = Load(R"(
apiVersion: v1
kind: Service
metadata: {name: b, namespace: shop}
spec:
  type: NodePort
  ports: [{name: a, port: 80}, {name: b, port: 81, nodePort: 30001}, {name: c, port: 82}]
---
apiVersion: v1
kind: Service
metadata: {name: a, namespace: shop}
spec: {type: LoadBalancer, ports: [{port: 443}]}
---
apiVersion: v1
kind: Service
metadata: {name: lb-off, namespace: shop}
spec:
  type: LoadBalancer
  allocateLoadBalancerNodePorts: false
  ports: [{name: x, port: 1}, {name: "y", port: 2, nodePort: 30003}]
---
apiVersion: v1
kind: Service
metadata: {name: plain, namespace: shop}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: dns, namespace: ops}
spec:
  type: NodePort
  ports:
  - {name: udp, port: 53, protocol: UDP}
  - {name: tcp, port: 53, protocol: TCP, nodePort: 30005}
  - {name: x, port: 54, protocol: UDP}
)");
  CHECK(NodePorts(c) == std::vector<std::string>{
                            "ops/dns: 53/UDP=30005 53/TCP=30005 54/UDP=30000",
                            "shop/a: 443/TCP=30002",
                            "shop/b: 80/TCP=30004 81/TCP=30001 82/TCP=30006",
                            "shop/lb-off: 1/TCP=0 2/TCP=30003",
                            "shop/plain: 80/TCP=0",
                        });
  CHECK(c.services[2].allocate_load_balancer_node_ports);
  CHECK_FALSE(c.services[3].allocate_load_balancer_node_ports);
}

TEST_CASE("SVC-12: a nodePort kreach chose is marked; written ones, and ports that share a written one, are not",
          "[endpointslices]") {
  Cluster c = Load(R"(
apiVersion: v1
kind: Service
metadata: {name: dns, namespace: ops}
spec:
  type: NodePort
  ports:
  - {name: udp, port: 53, protocol: UDP}
  - {name: tcp, port: 53, protocol: TCP, nodePort: 30005}
  - {name: x-udp, port: 54, protocol: UDP}
  - {name: x-tcp, port: 54, protocol: TCP}
)");
  REQUIRE(c.services.size() == 1);
  std::vector<std::string> ports;
  for (const ServicePort& p : c.services[0].ports) {
    ports.push_back(p.name + "=" + std::to_string(p.node_port) + (p.node_port_assigned ? " assigned" : ""));
  }
  // 53/UDP takes the written nodePort of 53/TCP (the API server's rule): not kreach's choice. 54/TCP shares the one
  // kreach chose for 54/UDP: it is.
  CHECK(ports == std::vector<std::string>{"udp=30005", "tcp=30005", "x-udp=30000 assigned", "x-tcp=30000 assigned"});
}

TEST_CASE("SVC-13: allocateLoadBalancerNodePorts only on LoadBalancer Services", "[endpointslices]") {
  LoadResult result = LoadClusterFromTexts({{"eps.yaml", R"(
apiVersion: v1
kind: Service
metadata: {name: np, namespace: shop}
spec: {type: NodePort, allocateLoadBalancerNodePorts: false, ports: [{port: 80}]}
)"}});
  std::vector<std::string> lines;
  for (const Diagnostic& d : result.diagnostics.items()) lines.push_back(d.ToString());
  CHECK(lines ==
        std::vector<std::string>{"error: eps.yaml: doc 1 (Service shop/np): spec.allocateLoadBalancerNodePorts: "
                                 "may only be used when `type` is 'LoadBalancer'"});
}

}  // namespace
}  // namespace kreach
