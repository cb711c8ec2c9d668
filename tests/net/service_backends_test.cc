// Service port → backends from EndpointSlices (SVC-4, SVC-5), usable endpoints (SVC-7, SVC-9), port lookup.
#include "sim/net/service_backends.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/support/sim_fixture.h"

namespace kreach {
namespace {

/// "ip:port pod@node RST host slice" per backend; r/s/t in lower case when false.
std::vector<std::string> Describe(const std::vector<Backend>& backends) {
  std::vector<std::string> out;
  for (const Backend& b : backends) {
    std::string line = FormatIpv4(b.ip) + ":" + std::to_string(b.port) + " " + (b.pod != nullptr ? b.pod->Key() : "-") +
                       "@" + b.node + " " + (b.ready ? "R" : "r") + (b.serving ? "S" : "s") +
                       (b.terminating ? "T" : "t");
    if (!b.hostname.empty()) line += " host=" + b.hostname;
    line += " " + (b.slice != nullptr ? b.slice->name : std::string("?"));
    out.push_back(line);
  }
  return out;
}

const Service& Svc(const Cluster& c, const std::string& ns, const std::string& name) {
  for (const Service& s : c.services) {
    if (s.ns == ns && s.name == name) return s;
  }
  FAIL("no Service " << ns << "/" << name);
  return c.services.front();
}

const char* kCluster = R"(
apiVersion: v1
kind: Node
metadata: {name: n1}
status: {addresses: [{type: InternalIP, address: 172.18.0.2}]}
---
apiVersion: v1
kind: Node
metadata: {name: n2}
status: {addresses: [{type: InternalIP, address: 172.18.0.3}]}
---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: shop, labels: {app: web}}
spec:
  nodeName: n1
  hostname: a
  subdomain: web
  containers: [{name: c, ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 53, protocol: UDP}]}]
status: {podIP: 10.244.0.10}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: shop, labels: {app: web}}
spec:
  nodeName: n2
  containers: [{name: c, ports: [{name: http, containerPort: 9090}]}]
status: {podIP: 10.244.1.10}
---
apiVersion: v1
kind: Pod
metadata: {name: c, namespace: shop, labels: {app: web}}
spec:
  nodeName: n2
  containers: [{name: c}]
status: {podIP: 10.244.1.11}
---
apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: shop}
spec:
  nodeName: n2
  hostNetwork: true
  containers: [{name: c, ports: [{containerPort: 9100}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: agent2, namespace: shop}
spec:
  nodeName: n2
  hostNetwork: true
  containers: [{name: c}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  clusterIP: 10.96.0.20
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: http}
  - {name: dns, port: 53, protocol: UDP, targetPort: dns}
  - {name: fixed, port: 81, targetPort: 8081}
---
apiVersion: v1
kind: Service
metadata: {name: other, namespace: shop}
spec: {clusterIP: 10.96.0.30, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: shop}
spec:
  clusterIP: 10.96.0.40
  ports: [{name: metrics, port: 9100}, {name: web, port: 80, protocol: TCP}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ext-manual, namespace: shop, labels: {kubernetes.io/service-name: ext}}
addressType: IPv4
ports: [{name: metrics, port: 9100}, {name: web, port: 8080, protocol: UDP}]
endpoints:
- {addresses: [172.18.0.3]}
- {addresses: [10.244.1.10], nodeName: elsewhere, conditions: {ready: false, serving: true, terminating: true}}
- {addresses: [192.168.7.7, 192.168.7.8], hostname: far}
- {addresses: [127.0.0.1]}
- {addresses: [169.254.1.1]}
- {addresses: [10.96.0.30]}
- {addresses: [10.96.0.40]}
- {addresses: []}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ext-other, namespace: shop, labels: {kubernetes.io/service-name: ext}}
addressType: IPv4
ports: [{name: metrics, port: 9200}, {name: metrics, port: 9300, protocol: UDP}]
endpoints: [{addresses: [192.168.7.7]}, {addresses: [192.168.7.9]}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-manual, namespace: shop, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{name: http, port: 8080}]
endpoints:
- {addresses: [10.244.0.10], conditions: {ready: false}, targetRef: {kind: Pod, name: a}}
- {addresses: [10.0.0.99], targetRef: {kind: Pod, name: b}}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-elsewhere, namespace: ops, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{name: http, port: 8080}]
endpoints: [{addresses: [10.9.9.9]}]
)";

TEST_CASE("SVC-4: generated backends resolve named targetPorts per pod; pods lacking the port are absent",
          "[endpointslices]") {
  Cluster c = LoadOk(kCluster);
  const Service& web = Svc(c, "shop", "web");
  // web-manual repeats 10.244.0.10:8080 (not ready): the manual slice wins the duplicate. Its 10.0.0.99 names
  // pod b by targetRef, but b does not have that IP.
  CHECK(Describe(ServicePortBackends(c, web, web.ports[0])) == std::vector<std::string>{
                                                                   "10.0.0.99:8080 -@ RSt web-manual",
                                                                   "10.244.0.10:8080 shop/a@n1 rSt web-manual",
                                                                   "10.244.1.10:9090 shop/b@n2 RSt web-3",
                                                               });
  CHECK(Describe(ServicePortBackends(c, web, web.ports[1])) ==
        std::vector<std::string>{"10.244.0.10:53 shop/a@n1 RSt host=a web-2"});
  // Slices by sorted port list: c (fixed only) is web-1, a (http 8080, ...) web-2, b (http 9090, ...) web-3.
  CHECK(Describe(ServicePortBackends(c, web, web.ports[2])) == std::vector<std::string>{
                                                                   "10.244.0.10:8081 shop/a@n1 RSt host=a web-2",
                                                                   "10.244.1.10:8081 shop/b@n2 RSt web-3",
                                                                   "10.244.1.11:8081 shop/c@n2 RSt web-1",
                                                               });
}

TEST_CASE("SVC-5: manual slices match Service ports by name and protocol; forbidden addresses are skipped",
          "[endpointslices]") {
  Cluster c = LoadOk(kCluster);
  const Service& ext = Svc(c, "shop", "ext");
  // Only the first address counts; loopback, link-local and ClusterIPs are skipped; the hostNetwork pod that
  // declares 9100 is the pod of the node address; nodeName falls back to the pod's node.
  CHECK(Describe(ServicePortBackends(c, ext, ext.ports[0])) == std::vector<std::string>{
                                                                   "10.244.1.10:9100 shop/b@elsewhere rST ext-manual",
                                                                   "172.18.0.3:9100 shop/agent@n2 RSt ext-manual",
                                                                   "192.168.7.7:9100 -@ RSt host=far ext-manual",
                                                                   "192.168.7.7:9200 -@ RSt ext-other",
                                                                   "192.168.7.9:9200 -@ RSt ext-other",
                                                               });
  // The slice's "web" port is UDP, the Service's TCP: no backend.
  CHECK(ServicePortBackends(c, ext, ext.ports[1]).empty());
  // A Service port of another Service with the same name finds nothing of ext's.
  const Service& other = Svc(c, "shop", "other");
  CHECK(ServicePortBackends(c, other, other.ports[0]).empty());
}

TEST_CASE("SVC-5: a hostNetwork endpoint without a declared port is the first hostNetwork pod of the node",
          "[endpointslices]") {
  Cluster c = LoadOk(std::string(kCluster) + R"(
---
apiVersion: v1
kind: Service
metadata: {name: node-svc, namespace: shop}
spec: {ports: [{port: 7000}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: node-svc, namespace: shop, labels: {kubernetes.io/service-name: node-svc}}
addressType: IPv4
ports: [{port: 7000}]
endpoints: [{addresses: [172.18.0.3]}, {addresses: [172.18.0.2]}]
)");
  const Service& svc = Svc(c, "shop", "node-svc");
  CHECK(Describe(ServicePortBackends(c, svc, svc.ports[0])) ==
        std::vector<std::string>{"172.18.0.2:7000 -@ RSt node-svc", "172.18.0.3:7000 shop/agent@n2 RSt node-svc"});
}

Backend Make(const std::string& ip, const std::string& node, bool ready, bool serving, bool terminating) {
  Backend b;
  b.ip = ParseIpv4(ip).value_or(0);
  b.port = 80;
  b.node = node;
  b.ready = ready;
  b.serving = serving;
  b.terminating = terminating;
  return b;
}

std::vector<std::string> Ips(const std::vector<Backend>& backends) {
  std::vector<std::string> out;
  for (const Backend& b : backends) out.push_back(FormatIpv4(b.ip));
  return out;
}

TEST_CASE("SVC-7: usable endpoints are the ready ones, else the serving terminating ones", "[endpointslices]") {
  std::vector<Backend> all = {Make("10.0.0.1", "n1", true, true, false), Make("10.0.0.2", "n1", false, true, true),
                              Make("10.0.0.3", "n2", false, false, false), Make("10.0.0.4", "n2", false, true, true),
                              Make("10.0.0.5", "n2", false, false, true)};
  CHECK(Ips(UsableBackends(all)) == std::vector<std::string>{"10.0.0.1"});
  std::vector<Backend> none_ready(all.begin() + 1, all.end());
  CHECK(Ips(UsableBackends(none_ready)) == std::vector<std::string>{"10.0.0.2", "10.0.0.4"});
  CHECK(UsableBackends({Make("10.0.0.3", "n2", false, false, false), Make("10.0.0.5", "n2", false, false, true)})
            .empty());
  CHECK(UsableBackends({}).empty());
}

TEST_CASE("SVC-7/SVC-9: with a node, the same choice runs on that node's endpoints only", "[endpointslices]") {
  std::vector<Backend> all = {Make("10.0.0.1", "n1", true, true, false), Make("10.0.0.2", "n1", false, true, true),
                              Make("10.0.0.3", "n2", false, false, false), Make("10.0.0.4", "n2", false, true, true),
                              Make("10.0.0.6", "", true, true, false)};
  CHECK(Ips(UsableBackends(all, "n1")) == std::vector<std::string>{"10.0.0.1"});
  // n2 has no ready endpoint though n1 has: its serving terminating one is used.
  CHECK(Ips(UsableBackends(all, "n2")) == std::vector<std::string>{"10.0.0.4"});
  CHECK(UsableBackends(all, "n3").empty());
}

TEST_CASE("FindServicePort: a number or a name, with the protocol", "[endpointslices]") {
  Cluster c = LoadOk(kCluster);
  const Service& web = Svc(c, "shop", "web");
  CHECK(FindServicePort(web, "80", Protocol::kTCP) == &web.ports[0]);
  CHECK(FindServicePort(web, "http", Protocol::kTCP) == &web.ports[0]);
  CHECK(FindServicePort(web, "53", Protocol::kUDP) == &web.ports[1]);
  CHECK(FindServicePort(web, "dns", Protocol::kUDP) == &web.ports[1]);
  CHECK(FindServicePort(web, "dns", Protocol::kTCP) == nullptr);
  CHECK(FindServicePort(web, "53", Protocol::kTCP) == nullptr);
  CHECK(FindServicePort(web, "8080", Protocol::kTCP) == nullptr);  // a targetPort is not a Service port
  CHECK(FindServicePort(web, "", Protocol::kTCP) == nullptr);
  CHECK(FindServicePort(web, "99999999999", Protocol::kTCP) == nullptr);
}

}  // namespace
}  // namespace kreach
