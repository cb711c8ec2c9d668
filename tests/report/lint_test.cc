#include "sim/report/lint.h"

#include <catch2/catch.hpp>

#include "tests/support/sim_fixture.h"

namespace kreach {

TEST_CASE("lint warns about selectors and named ports that match nothing", "[lint]") {
  std::string text = std::string(kShopManifests) + R"(
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: typo, namespace: shop}
spec:
  podSelector: {matchLabels: {app: dbb}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: odd, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress, Egress]
  ingress:
  - from: [{namespaceSelector: {matchLabels: {team: nobody}}}]
    ports: [{port: pg}]
  egress:
  - to: [{ipBlock: {cidr: 203.0.113.0/24}}]
    ports: [{port: https}]
)";
  Cluster cluster = LoadOk(text);
  PolicyEngine engine(cluster, PolicyOptions{});
  Diagnostics diag;
  LintPolicies(engine, diag);
  std::vector<std::string> lines;
  for (const Diagnostic& d : diag.items()) lines.push_back(d.ToString());
  CHECK(lines == std::vector<std::string>{
                     "warning: shop.yaml: doc 9 (NetworkPolicy shop/odd): spec.ingress[0].from[0].namespaceSelector: "
                     "matches no namespace (team=nobody)",
                     "warning: shop.yaml: doc 9 (NetworkPolicy shop/odd): spec.ingress[0].ports[0].port: no selected "
                     "pod defines a TCP port named 'pg': this port matches nothing",
                     "warning: shop.yaml: doc 8 (NetworkPolicy shop/typo): spec.podSelector: selects no pod in "
                     "namespace shop (app=dbb)",
                 });
}

std::vector<std::string> Printed(const Diagnostics& diag) {
  std::vector<std::string> lines;
  for (const Diagnostic& d : diag.items()) lines.push_back(d.ToString());
  return lines;
}

/// The warnings of `Lint` on `text` (loaded as shop.yaml), as printed.
std::vector<std::string> LintLines(const std::string& text) {
  Cluster cluster = LoadOk(text);
  PolicyEngine engine(cluster, PolicyOptions{});
  Diagnostics diag;
  Lint(engine, diag);
  return Printed(diag);
}

/// The warnings of LintIpBlocks on `text` (loaded as shop.yaml), as printed.
std::vector<std::string> IpBlockLines(const std::string& text) {
  Cluster cluster = LoadOk(text);
  Diagnostics diag;
  LintIpBlocks(cluster, diag);
  return Printed(diag);
}

TEST_CASE("SVC-1: lint warns about a Service selector that matches no pod in its namespace", "[lint]") {
  // Docs 8-11 after the 7 of kShopManifests.
  std::string text = std::string(kShopManifests) + R"(
---
apiVersion: v1
kind: Service
metadata: {name: probe, namespace: shop}
spec:
  selector: {app: probe}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: ghost, namespace: shop}
spec:
  selector: {app: ghost}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec:
  selector: {app: db}
  ports: [{port: 5432, targetPort: postgres}]
---
apiVersion: v1
kind: Service
metadata: {name: manual, namespace: shop}
spec:
  ports: [{port: 80}]
)";
  CHECK(LintLines(text) ==
        std::vector<std::string>{
            "warning: shop.yaml: doc 9 (Service shop/ghost): spec.selector: selects no pod in 'shop' (app=ghost): the "
            "Service has no endpoints",
            "warning: shop.yaml: doc 8 (Service shop/probe): spec.selector: selects no pod in 'shop'; pods with "
            "app=probe exist in 'ops', but a Service selects only pods in its own namespace",
        });
}

TEST_CASE("SVC-4: lint lists the selected pods that lack a named targetPort", "[lint]") {
  std::string text = R"(
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports:
  - {name: http, port: 80, targetPort: http}
  - {name: dns, port: 53, protocol: UDP, targetPort: dns}
  - {name: admin, port: 81, targetPort: 9000}
)";
  for (int i = 1; i <= 7; ++i) {
    std::string port = i == 7 ? "ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 53}]"
                              : "ports: [{name: other, containerPort: 8080}]";
    text += "---\napiVersion: v1\nkind: Pod\nmetadata: {name: api-" + std::to_string(i) +
            ", namespace: shop, labels: {app: api}}\nspec:\n  containers: [{name: c, image: x, " + port + "}]\n";
  }
  CHECK(LintLines(text) ==
        std::vector<std::string>{
            "warning: shop.yaml: doc 1 (Service shop/api): spec.ports[0].targetPort: 6 of 7 selected pods define no "
            "TCP port named 'http' (api-1, api-2, api-3, api-4, api-5 and 1 more): they are not endpoints of this "
            "Service port",
            "warning: shop.yaml: doc 1 (Service shop/api): spec.ports[1].targetPort: no selected pod defines a UDP "
            "port named 'dns' (api-1, api-2, api-3, api-4, api-5 and 2 more): this Service port has no endpoints",
        });
}

TEST_CASE("SVC-4: lint is quiet when every selected pod has the named targetPort", "[lint]") {
  CHECK(LintLines(std::string(kShopManifests) + R"(
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
)")
            .empty());
}

/// shop plus a Service web (port 80 → targetPort http = 8080 on the web pods) and the policy `text` (doc 9).
std::string WithWebService(const std::string& policy) {
  return std::string(kShopManifests) + R"(
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}, {name: udp, port: 81, protocol: UDP, targetPort: 8081}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
)" + policy;
}

TEST_CASE("NP-22: lint warns about a policy port that is the Service port, not the targetPort", "[lint]") {
  CHECK(LintLines(WithWebService("  - ports: [{port: 80}, {port: 81, protocol: UDP}]\n")) ==
        std::vector<std::string>{
            "warning: shop.yaml: doc 9 (NetworkPolicy shop/allow-web): spec.ingress[0].ports[0].port: TCP port 80 is "
            "the port of Service shop/web, not of its pods: policies see the targetPort the pods receive (NP-22), so "
            "Service traffic does not match this rule; use port 'http' (8080) instead",
            "warning: shop.yaml: doc 9 (NetworkPolicy shop/allow-web): spec.ingress[0].ports[1].port: UDP port 81 is "
            "the port of Service shop/web, not of its pods: policies see the targetPort the pods receive (NP-22), so "
            "Service traffic does not match this rule; use port 8081 instead",
        });
}

TEST_CASE("NP-22: no warning when the rule admits the targetPort or the pods use the port", "[lint]") {
  CHECK(LintLines(WithWebService("  - ports: [{port: 8080}]\n")).empty());
  CHECK(LintLines(WithWebService("  - ports: [{port: http}]\n")).empty());
  CHECK(LintLines(WithWebService("  - ports: [{port: 80}, {port: 8000, endPort: 8090}]\n")).empty());
  CHECK(LintLines(WithWebService("  - ports: [{port: 80}, {port: http}]\n")).empty());
  CHECK(LintLines(WithWebService("  - ports: [{port: 80, protocol: UDP}]\n")).empty());
  // Port 80 is also a containerPort of a selected pod: the rule may well be meant for it.
  CHECK(LintLines(WithWebService(R"(  - ports: [{port: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-extra, namespace: shop, labels: {app: web}}
spec:
  containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}, {containerPort: 80}]}]
)"))
            .empty());
}

TEST_CASE("ING-1, ING-8: lint warns about Ingress backends and classes that serve nothing", "[lint]") {
  std::string text = std::string(kShopManifests) + R"(
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: shop}
spec: {type: ExternalName, externalName: shop.example.com}
---
apiVersion: v1
kind: Service
metadata: {name: admin, namespace: ops}
spec:
  selector: {app: probe}
  ports: [{port: 80}]
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: a, namespace: shop}
spec:
  defaultBackend: {service: {name: wbe, port: {number: 80}}}
  rules:
  - http:
      paths:
      - {path: /admin, pathType: Prefix, backend: {service: {name: admin, port: {number: 80}}}}
      - {path: /ext, pathType: Prefix, backend: {service: {name: ext, port: {number: 443}}}}
      - {path: /x, pathType: Prefix, backend: {service: {name: web, port: {number: 8080}}}}
      - {path: /y, pathType: Prefix, backend: {service: {name: web, port: {name: https}}}}
      - {path: /z, pathType: Prefix, backend: {resource: {kind: Bucket, name: b}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: b, namespace: shop}
spec:
  ingressClassName: ngnix
  defaultBackend: {service: {name: web, port: {name: http}}}
)";
  const std::string a = "warning: shop.yaml: doc 12 (Ingress shop/a): ";
  CHECK(LintLines(text) ==
        std::vector<std::string>{
            a + "spec.ingressClassName: is not set and no IngressClass is marked default (annotation "
                "ingressclass.kubernetes.io/is-default-class: \"true\"): no controller serves this Ingress",
            a + "spec.defaultBackend.service.name: Service 'wbe' does not exist in namespace 'shop' (did you mean "
                "'web'?): requests for this backend get 503",
            a + "spec.rules[0].http.paths[0].backend.service.name: Service 'admin' does not exist in namespace "
                "'shop' (it exists in 'ops', but an Ingress sends only to its own namespace): requests for this "
                "backend get 503",
            a + "spec.rules[0].http.paths[1].backend.service.name: Service 'ext' is an ExternalName Service, which "
                "has no endpoints: requests for this backend get 503",
            a + "spec.rules[0].http.paths[2].backend.service.port.number: Service 'web' has no port 8080 (its ports: "
                "http/80): requests for this backend get 503",
            a + "spec.rules[0].http.paths[3].backend.service.port.name: Service 'web' has no port named 'https' (its "
                "ports: http/80): requests for this backend get 503",
            "warning: shop.yaml: doc 13 (Ingress shop/b): spec.ingressClassName: IngressClass 'ngnix' does not exist "
            "(did you mean 'nginx'?): no controller serves this Ingress",
        });
}

TEST_CASE("ING-1: a class-less Ingress is fine with one default IngressClass, and a class fine without any", "[lint]") {
  std::string ingress = R"(
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: a, namespace: shop}
spec:
  defaultBackend: {service: {name: web, port: {name: http}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: b, namespace: shop}
spec:
  ingressClassName: nginx
  defaultBackend: {service: {name: web, port: {number: 80}}}
)";
  std::string default_class = R"(
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
spec: {controller: k8s.io/ingress-nginx}
)";
  CHECK(LintLines(std::string(kShopManifests) + ingress + default_class).empty());
  CHECK(LintLines(std::string(kShopManifests) + ingress + default_class + R"(
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: other
  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
spec: {controller: example.com/other}
)") == std::vector<std::string>{"warning: shop.yaml: doc 9 (Ingress shop/a): spec.ingressClassName: is not set and 2 "
                                "IngressClasses are marked default ('nginx', 'other'): the API server rejects a "
                                "class-less Ingress"});
  // Without any IngressClass in the input only the class-less Ingress is suspect.
  CHECK(LintLines(std::string(kShopManifests) + ingress) ==
        std::vector<std::string>{"warning: shop.yaml: doc 9 (Ingress shop/a): spec.ingressClassName: is not set and "
                                 "no IngressClass is marked default (annotation "
                                 "ingressclass.kubernetes.io/is-default-class: \"true\"): no controller serves this "
                                 "Ingress"});
}

TEST_CASE("SVC-5: lint warns about manual EndpointSlice addresses kube-proxy will not use", "[lint]") {
  std::string text = std::string(kShopManifests) + R"(
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  clusterIP: 10.96.0.20
  selector: {app: db}
  ports: [{port: 5432}]
---
apiVersion: v1
kind: Service
metadata: {name: legacy, namespace: shop}
spec:
  ports: [{port: 80}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: legacy-1
  namespace: shop
  labels: {kubernetes.io/service-name: legacy}
addressType: IPv4
ports: [{port: 80}]
endpoints:
- addresses: [10.244.0.50, 127.0.0.1]
- addresses: [169.254.169.254]
- addresses: [10.96.0.20, 192.0.2.10]
)";
  const std::string slice = "warning: shop.yaml: doc 10 (EndpointSlice shop/legacy-1): ";
  const std::string fix = ": kube-proxy does not forward Service traffic to it (SVC-5); list pod or node IPs instead";
  CHECK(LintLines(text) ==
        std::vector<std::string>{
            slice + "endpoints[0].addresses[1]: 127.0.0.1 is a loopback address" + fix,
            slice + "endpoints[1].addresses[0]: 169.254.169.254 is a link-local address" + fix,
            slice + "endpoints[2].addresses[0]: 10.96.0.20 is the ClusterIP of Service shop/api" + fix,
        });
}

TEST_CASE("SVC-12: lint has an info line for every nodePort kreach chose, none for written ones", "[lint]") {
  // Docs 8-9 after the 7 of kShopManifests.
  std::string text = std::string(kShopManifests) + R"(
---
apiVersion: v1
kind: Service
metadata: {name: web-np, namespace: shop}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}, {name: admin, port: 81, targetPort: 8080, nodePort: 31000}]
---
apiVersion: v1
kind: Service
metadata: {name: web-lb, namespace: shop}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 443, targetPort: 8080}]
)";
  Cluster cluster = LoadOk(text);
  PolicyEngine engine(cluster, PolicyOptions{});
  Diagnostics diag;
  Lint(engine, diag);
  std::vector<std::string> lines;
  for (const Diagnostic& d : diag.items()) {
    lines.push_back(d.ToString());
    CHECK(d.severity == Severity::kInfo);
  }
  const std::string why =
      " assigned by kreach (the lowest free one; the cluster would pick one at random from "
      "30000-32767): write spec.ports[0].nodePort to rely on a number";
  // Services in name order: web-lb takes the lowest free number first.
  CHECK(lines == std::vector<std::string>{
                     "info: shop.yaml: doc 9 (Service shop/web-lb): spec.ports[0].nodePort: port 443/TCP: nodePort "
                     "30000" +
                         why,
                     "info: shop.yaml: doc 8 (Service shop/web-np): spec.ports[0].nodePort: port 80/TCP: nodePort "
                     "30001" +
                         why,
                 });
}

TEST_CASE("SVC-1, SVC-4, ING-1, ING-8, NP-22: lint of the shop scenario finds nothing", "[lint]") {
  LoadResult result = LoadCluster({std::string(KREACH_SOURCE_DIR) + "/scenarios/shop"});
  for (const Diagnostic& d : result.diagnostics.items()) INFO(d.ToString());
  REQUIRE_FALSE(result.diagnostics.HasErrors());
  PolicyEngine engine(result.cluster, PolicyOptions{});
  Diagnostics diag;
  Lint(engine, diag);
  for (const Diagnostic& d : diag.items()) INFO(d.ToString());
  CHECK(diag.items().empty());
}

TEST_CASE("lint is quiet on a clean cluster", "[lint]") {
  Cluster cluster = LoadOk(kShopManifests);
  PolicyEngine engine(cluster, PolicyOptions{});
  Diagnostics diag;
  LintPolicies(engine, diag);
  CHECK(diag.items().empty());
}

TEST_CASE("lint warns about an ipBlock that picks pod addresses, naming a few pods", "[lint][grading]") {
  std::string pods;
  for (int i = 1; i <= 5; ++i) {
    pods += "apiVersion: v1\nkind: Pod\nmetadata: {name: web-" + std::to_string(i) +
            ", namespace: shop, labels: {app: web}}\nspec: {containers: [{name: c, image: nginx}]}\nstatus: {podIP: "
            "10.244.1." +
            std::to_string(10 + i) + "}\n---\n";
  }
  pods +=
      "apiVersion: v1\nkind: Pod\nmetadata: {name: far, namespace: shop}\nspec: {containers: [{name: c, image: "
      "nginx}]}\nstatus: {podIP: 10.244.2.5}\n---\n";
  auto policy = [](const std::string& peers) {
    return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  "
           "podSelector: {}\n  ingress: [{from: " +
           peers + "}]\n";
  };
  // One pod; five of them (three named, the rest counted); excepts that leave out three (.8-.11 and .12-.13).
  CHECK(IpBlockLines(pods + policy("[{ipBlock: {cidr: 10.244.1.11/32}}]")) ==
        std::vector<std::string>{
            "warning: shop.yaml: doc 7 (NetworkPolicy shop/p): spec.ingress[0].from[0].ipBlock.cidr: 10.244.1.11/32 "
            "contains the address of pod shop/web-1 (10.244.1.11). Pod addresses change whenever a pod restarts or "
            "is rescheduled, and some network plugins never match pod traffic by ipBlock: select the pods with "
            "podSelector (and namespaceSelector) instead"});
  std::vector<std::string> five = IpBlockLines(pods + policy("[{ipBlock: {cidr: 10.244.1.0/24}}]"));
  REQUIRE(five.size() == 1);
  CHECK(five[0].find("contains the address of 5 pods: shop/web-1 (10.244.1.11), shop/web-2 (10.244.1.12), "
                     "shop/web-3 (10.244.1.13) and 2 more.") != std::string::npos);
  std::vector<std::string> except =
      IpBlockLines(pods + policy("[{ipBlock: {cidr: 10.244.1.0/24, except: [10.244.1.8/30, 10.244.1.12/31]}}]"));
  REQUIRE(except.size() == 1);
  CHECK(except[0].find("contains the address of 2 pods: shop/web-4 (10.244.1.14), shop/web-5 (10.244.1.15).") !=
        std::string::npos);
  // Ranges that hold every pod, or none, are not picks of pods.
  CHECK(IpBlockLines(pods + policy("[{ipBlock: {cidr: 0.0.0.0/0}}, {ipBlock: {cidr: 10.0.0.0/8}}, "
                                   "{ipBlock: {cidr: 203.0.113.0/24}}]"))
            .empty());
}

TEST_CASE("lint warns about an ipBlock that holds a Service's ClusterIP (policy sees it after DNAT)",
          "[lint][grading]") {
  std::string text = std::string(kShopManifests) + R"(
---
apiVersion: v1
kind: Service
metadata: {name: dns, namespace: shop}
spec: {clusterIP: 10.96.0.10, selector: {app: web}, ports: [{port: 53, protocol: UDP}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: dns-egress, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: [{to: [{ipBlock: {cidr: 10.96.0.10/32}}, {ipBlock: {cidr: 0.0.0.0/0}}]}]
)";
  CHECK(IpBlockLines(text) ==
        std::vector<std::string>{
            "warning: shop.yaml: doc 9 (NetworkPolicy shop/dns-egress): spec.egress[0].to[0].ipBlock.cidr: "
            "10.96.0.10/32 contains the ClusterIP 10.96.0.10 of Service shop/dns: policy sees the packet after "
            "kube-proxy's DNAT, addressed to a backend pod, never to a ClusterIP, so this block matches no Service "
            "traffic. Select the Service's pods with podSelector (and namespaceSelector) instead"});
}

}  // namespace kreach
