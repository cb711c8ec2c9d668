#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "sim/loader/loader.h"
#include "sim/net/network.h"
#include "viz/views.h"

namespace kreach {

namespace {

/// Namespace shop: Deployment web ×2 (named containerPort http 8080) behind ClusterIP web (80 → http) and NodePort
/// web-np (8080 → 8080, nodePort 30080); ExternalName payments → api.payments.example.com; Ingress shop (class
/// nginx): shop.example.com/shop → web:80, /search → missing Service search. No controller pods, so kreach implies
/// one (ING-1), and no DNS Service (implied, not drawn).
const char* kShop = R"(apiVersion: v1
kind: Node
metadata: {name: node-1}
spec: {podCIDR: 10.244.0.0/24}
status: {addresses: [{type: InternalIP, address: 10.0.0.1}]}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  clusterIP: 10.96.0.20
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: web-np, namespace: shop}
spec:
  type: NodePort
  clusterIP: 10.96.0.21
  selector: {app: web}
  ports: [{port: 8080, nodePort: 30080}]
---
apiVersion: v1
kind: Service
metadata: {name: payments, namespace: shop}
spec: {type: ExternalName, externalName: api.payments.example.com}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - {path: /shop, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
          - {path: /search, pathType: Exact, backend: {service: {name: search, port: {number: 80}}}}
)";

std::unique_ptr<Network> MakeNetwork(const std::string& text) {
  LoadResult result = LoadClusterFromTexts({{"arch.yaml", text}});
  std::string messages;
  for (const Diagnostic& d : result.diagnostics.items()) messages += d.ToString() + "\n";
  INFO(messages);
  REQUIRE_FALSE(result.diagnostics.HasErrors());
  return std::make_unique<Network>(result.cluster, PolicyOptions{});
}

std::string Render(const std::string& text, const ViewOptions& options = {}, ViewNotes* notes = nullptr) {
  auto net = MakeNetwork(text);
  std::ostringstream out;
  WriteDot(ArchitectureView(*net, options, notes), out);
  return out.str();
}

/// Everything but the legend line (the legend is pinned by dot_test.cc; here only its rows are checked).
std::string WithoutLegend(const std::string& dot) {
  std::istringstream in(dot);
  std::string line, out;
  while (std::getline(in, line)) {
    if (line.rfind("    label=<<table", 0) != 0) out += line + "\n";
  }
  return out;
}

std::string LegendLine(const std::string& dot) {
  std::size_t at = dot.find("    label=<<table");
  return at == std::string::npos ? "" : dot.substr(at, dot.find('\n', at) - at);
}

/// The documents of `text` (split at "---" lines) in reverse order.
std::string Reversed(const std::string& text) {
  std::vector<std::string> docs;
  std::string doc, line;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    if (line == "---") {
      docs.push_back(doc);
      doc.clear();
    } else {
      doc += line + "\n";
    }
  }
  docs.push_back(doc);
  std::string out;
  for (auto it = docs.rbegin(); it != docs.rend(); ++it) out += (out.empty() ? "" : "---\n") + *it;
  return out;
}

const char* kGolden = R"DOT(digraph "architecture" {
  fontname="Helvetica";
  fontsize="16";
  label="Architecture";
  labeljust="l";
  labelloc="t";
  newrank="true";
  nodesep="0.3";
  rankdir="LR";
  ranksep="0.8";
  node [fontname="Helvetica", fontsize="12"];
  edge [fontname="Helvetica", fontsize="10"];
  "c:ingress-nginx/ingress-nginx-controller-implied" [color="gray45", fillcolor="#eadcf5", label="ingress controller (implied)\ningress-nginx-controller-implied", penwidth="1.5", shape="box", style="rounded,filled,dashed", tooltip="ingress controller ingress-nginx/ingress-nginx-controller-implied\nIngressClass nginx (k8s.io/ingress-nginx)\npods:\n  ingress-nginx/ingress-nginx-controller-implied 10.244.0.253\nno ingress controller pods in the input for IngressClass nginx: kreach implies ingress-nginx/ingress-nginx-controller-implied (app.kubernetes.io/component=controller,app.kubernetes.io/name=ingress-nginx), reached directly on TCP 80 and 443 (cluster.ingressController)"];
  "i:shop/shop" [color="#7b4fa0", fillcolor="#f1e8f8", label="shop\nIngress (nginx)", shape="box", style="filled", tooltip="Ingress shop/shop\nclass: nginx\nshop.example.com/shop (Prefix) → web:80\nshop.example.com/search (Exact) → search:80"];
  "s:shop/payments" [color="#2f6db5", fillcolor="white", label="payments\nExternalName", shape="box", style="filled", tooltip="Service shop/payments (ExternalName)\nexternalName: api.payments.example.com"];
  "s:shop/search" [color="#c62828", fillcolor="#dceafa", label="search\n(missing Service)", shape="box", style="filled,dashed", tooltip="Ingress shop/shop names Service search, which does not exist"];
  "s:shop/web" [color="#2f6db5", fillcolor="#dceafa", label="web\nClusterIP 10.96.0.20", shape="box", style="filled", tooltip="Service shop/web (ClusterIP)\nselector: app=web\nports:\n  80→http/TCP"];
  "s:shop/web-np" [color="#2f6db5", fillcolor="#b7d3f2", label="web-np\nNodePort 30080\nClusterIP 10.96.0.21", shape="box", style="filled", tooltip="Service shop/web-np (NodePort)\nselector: app=web\nports:\n  8080→8080/TCP nodePort 30080"];
  "w:shop/Deployment/web" [color="gray30", fillcolor="#f4f4f4", label="web ×2\nDeployment", shape="box", style="rounded,filled", tooltip="Deployment shop/web\nlabels: app=web, pod-template-hash=8cm5xdd9gz\npods:\n  web-8cm5xdd9gz-h8dpv 10.244.0.2 on node-1\n  web-8cm5xdd9gz-rmhl2 10.244.0.3 on node-1"];
  "x:host:api.payments.example.com" [color="gray20", fillcolor="white", label="api.payments.example.com", shape="ellipse", style="filled", tooltip="host outside the cluster: api.payments.example.com"];
  subgraph "cluster_legend" {
    fontsize="12";
    labeljust="l";
    labelloc="b";
    peripheries="0";
    subgraph "cluster_ns:ingress-nginx" {
      color="gray40";
      fontname="Helvetica";
      fontsize="13";
      label="ingress-nginx";
      labeljust="l";
      labelloc="t";
      peripheries="1";
      style="rounded,dashed";
      "c:ingress-nginx/ingress-nginx-controller-implied";
    }
    subgraph "cluster_ns:shop" {
      color="gray40";
      fontname="Helvetica";
      fontsize="13";
      label="shop";
      labeljust="l";
      labelloc="t";
      peripheries="1";
      style="rounded";
      "i:shop/shop";
      "s:shop/payments";
      "s:shop/search";
      "s:shop/web";
      "s:shop/web-np";
      "w:shop/Deployment/web";
    }
    "c:ingress-nginx/ingress-nginx-controller-implied";
    "i:shop/shop";
    "s:shop/payments";
    "s:shop/search";
    "s:shop/web";
    "s:shop/web-np";
    "w:shop/Deployment/web";
    "x:host:api.payments.example.com";
  }
  "c:ingress-nginx/ingress-nginx-controller-implied" -> "i:shop/shop" [color="gray45", fontcolor="gray45", style="dashed"];
  "i:shop/shop" -> "s:shop/search" [color="#7b4fa0", fontcolor="#7b4fa0", label="shop.example.com/search (exact)"];
  "i:shop/shop" -> "s:shop/web" [color="#7b4fa0", fontcolor="#7b4fa0", label="shop.example.com/shop"];
  "s:shop/payments" -> "x:host:api.payments.example.com" [color="#2f6db5", fontcolor="#2f6db5", label="CNAME", style="dashed"];
  "s:shop/web" -> "w:shop/Deployment/web" [color="#2f6db5", fontcolor="#2f6db5", label="80→8080/TCP"];
  "s:shop/web-np" -> "w:shop/Deployment/web" [color="#2f6db5", fontcolor="#2f6db5", label="8080→8080/TCP"];
}
)DOT";

/// Service types for the labels: a LoadBalancer with an address, one pending, a headless Service, a Service whose
/// selector matches nothing, and an ExternalName that names another Service of the cluster.
const char* kTypes = R"(apiVersion: v1
kind: Node
metadata: {name: node-1}
spec: {podCIDR: 10.244.0.0/24}
status: {addresses: [{type: InternalIP, address: 10.0.0.1}]}
---
apiVersion: v1
kind: Namespace
metadata: {name: data}
---
apiVersion: v1
kind: Pod
metadata: {name: db-0, namespace: data, labels: {app: db}}
spec: {nodeName: node-1, containers: [{name: c, image: postgres, ports: [{containerPort: 5432}]}]}
status: {podIP: 10.244.0.30}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec: {clusterIP: None, selector: {app: db}, ports: [{port: 15432, targetPort: 5432}]}
---
apiVersion: v1
kind: Service
metadata: {name: db-lb, namespace: data}
spec:
  type: LoadBalancer
  clusterIP: 10.96.0.40
  selector: {app: db}
  ports: [{port: 5432, nodePort: 30432}]
status: {loadBalancer: {ingress: [{ip: 203.0.113.7}]}}
---
apiVersion: v1
kind: Service
metadata: {name: db-pending, namespace: data}
spec:
  type: LoadBalancer
  clusterIP: 10.96.0.41
  allocateLoadBalancerNodePorts: false
  selector: {app: db}
  ports: [{port: 5432}]
---
apiVersion: v1
kind: Service
metadata: {name: nothing, namespace: data}
spec: {clusterIP: 10.96.0.42, selector: {app: nothing}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: alias, namespace: data}
spec: {type: ExternalName, externalName: db.data.svc.cluster.local}
)";

}  // namespace

TEST_CASE("architecture: exact DOT of a small cluster (SVC-4 named targetPort, SVC-12, SVC-20, ING-1, ING-8)",
          "[architecture]") {
  std::string dot = Render(kShop);
  CHECK(WithoutLegend(dot) == kGolden);
  std::string legend = LegendLine(dot);
  for (const char* row : {"ingress controller implied by kreach (not in the input)", "Ingress", "Service ClusterIP",
                          "Service NodePort (its node ports)", "Service ExternalName (a DNS alias)",
                          "Service named by an Ingress but missing", "workload (name ×replicas, kind)",
                          "implied controller serves the Ingress", "Ingress route (host/path)",
                          "Service port → target port of the workload", "ExternalName alias (CNAME)",
                          "the Internet / a host outside the cluster", "namespace (frame)",
                          "namespace created by kreach (not in the input)"}) {
    CHECK(legend.find(">" + std::string(row) + "<") != std::string::npos);
  }
  // Rows for what is not drawn stay out.
  CHECK(legend.find("LoadBalancer") == std::string::npos);
  CHECK(legend.find("cluster node") == std::string::npos);
}

TEST_CASE(
    "architecture: --nodes adds node boxes and the Internet entering at NodePorts (SVC-12) and the controller "
    "(ING-2)",
    "[architecture]") {
  ViewOptions o;
  o.nodes = true;
  std::string dot = Render(kShop, o);
  CHECK(dot.find(
            "  \"n:node-1\" [color=\"gray40\", fillcolor=\"gray92\", label=\"node-1\\n10.0.0.1\", shape=\"box3d\"") !=
        std::string::npos);
  CHECK(dot.find("  \"x:internet\" [color=\"gray20\", fillcolor=\"white\", label=\"Internet\", shape=\"ellipse\"") !=
        std::string::npos);
  CHECK(dot.find("  \"n:node-1\" -> \"s:shop/web-np\" [color=\"gray20\", fontcolor=\"gray20\", label=\":30080/TCP\", "
                 "penwidth=\"1.5\"];\n") != std::string::npos);
  CHECK(dot.find("  \"x:internet\" -> \"n:node-1\" [color=\"gray20\", fontcolor=\"gray20\", label=\"NodePorts\", "
                 "penwidth=\"1.5\"];\n") != std::string::npos);
  CHECK(dot.find("  \"x:internet\" -> \"c:ingress-nginx/ingress-nginx-controller-implied\" [color=\"gray20\", "
                 "fontcolor=\"gray20\", label=\"HTTP(S)\", penwidth=\"1.5\"];\n") != std::string::npos);
  CHECK(LegendLine(dot).find(">cluster node (NodePorts open on every node)<") != std::string::npos);
  CHECK(LegendLine(dot).find(">traffic from outside (address:ports)<") != std::string::npos);
  // Without --nodes there is neither.
  std::string plain = Render(kShop);
  CHECK(plain.find("\"n:node-1\"") == std::string::npos);
  CHECK(plain.find("\"x:internet\"") == std::string::npos);
}

TEST_CASE(
    "architecture: Service types are labelled and styled apart (SVC-13 LB address or pending, SVC-19 headless, "
    "SVC-20 in-cluster ExternalName)",
    "[architecture]") {
  ViewOptions o;
  o.nodes = true;
  std::string dot = Render(kTypes, o);
  CHECK(dot.find("\"s:data/db-lb\" [color=\"#2f6db5\", fillcolor=\"#8fbbe9\", label=\"db-lb\\nLoadBalancer "
                 "203.0.113.7\\nNodePort 30432\\nClusterIP 10.96.0.40\", penwidth=\"2\", shape=\"box\"") !=
        std::string::npos);
  CHECK(dot.find("label=\"db-pending\\nLoadBalancer pending\\nClusterIP 10.96.0.41\"") != std::string::npos);
  CHECK(dot.find("\"s:data/db\" [color=\"#2f6db5\", fillcolor=\"white\", label=\"db\\nheadless\", penwidth=\"1.5\", "
                 "shape=\"box\", style=\"filled,dotted\"") != std::string::npos);
  CHECK(dot.find("label=\"nothing\\nClusterIP 10.96.0.42\\n(no endpoints)\"") != std::string::npos);
  // A headless Service translates nothing (SVC-19): its edge reads the port the pods listen on, never 15432→5432,
  // as the path model has it (a client dialling 15432 reaches the pods on 15432).
  CHECK(dot.find("\"s:data/db\" -> \"w:data/Pod/db-0\" [color=\"#2f6db5\", fontcolor=\"#2f6db5\", "
                 "label=\"5432/TCP (headless)\"];") != std::string::npos);
  CHECK(dot.find("15432→") == std::string::npos);
  CHECK(dot.find("\\n  15432/TCP, pods on 5432 (headless: not translated)") != std::string::npos);
  // The alias resolves inside the cluster: its edge ends at the Service, not at an outside host.
  CHECK(dot.find("\"s:data/alias\" -> \"s:data/db\" [color=\"#2f6db5\", fontcolor=\"#2f6db5\", label=\"CNAME\", "
                 "style=\"dashed\"];") != std::string::npos);
  CHECK(dot.find("x:host:") == std::string::npos);
  // The Internet reaches the LB address; the pending LB has no entry.
  CHECK(dot.find("\"x:internet\" -> \"s:data/db-lb\" [color=\"gray20\", fontcolor=\"gray20\", "
                 "label=\"203.0.113.7:5432\", penwidth=\"1.5\"];") != std::string::npos);
  CHECK(dot.find("-> \"s:data/db-pending\"") == std::string::npos);
  std::string legend = LegendLine(dot);
  CHECK(legend.find(">Service LoadBalancer (its address or pending)<") != std::string::npos);
  CHECK(legend.find(">headless Service (no ClusterIP)<") != std::string::npos);
  CHECK(legend.find("bgcolor=\"#8fbbe9\"") != std::string::npos);
}

/// Two ingress-nginx releases with the chart's labels on both controllers (KR-2): only the public one serves
/// IngressClass nginx; the internal one names another controller class in its args.
const char* kTwoReleases = R"yaml(apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: public, namespace: edge}
spec:
  replicas: 2
  selector: {matchLabels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller, release: public}}
  template:
    metadata: {labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller, release: public}}
    spec: {containers: [{name: c, image: x, args: ["--controller-class=k8s.io/ingress-nginx"], ports: [{containerPort: 80}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: internal, namespace: inner}
spec:
  replicas: 1
  selector: {matchLabels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller, release: internal}}
  template:
    metadata: {labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller, release: internal}}
    spec: {containers: [{name: c, image: x, args: ["--controller-class=k8s.io/internal"], ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: internal-lb, namespace: inner}
spec:
  type: LoadBalancer
  clusterIP: 10.96.0.50
  selector: {release: internal}
  ports: [{port: 80, nodePort: 31080}]
status: {loadBalancer: {ingress: [{ip: 10.0.50.10}]}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: edge}
spec: {ingressClassName: nginx, defaultBackend: {service: {name: missing, port: {number: 80}}}}
)yaml";

TEST_CASE("architecture: a second ingress-nginx release with the same labels is its own workload (KR-2)",
          "[architecture]") {
  ViewNotes notes;
  std::string dot = Render(kTwoReleases, {}, &notes);
  REQUIRE(notes.size() == 1);  // render prints it on stderr: which pods were left out, and their flag
  CHECK(notes[0].find("do not serve IngressClass nginx (controller k8s.io/ingress-nginx): inner/internal-") !=
        std::string::npos);
  CHECK(notes[0].find("(--controller-class=k8s.io/internal)") != std::string::npos);
  // The controller of class nginx is the public release's two pods, not three.
  CHECK(dot.find("label=\"ingress controller\\npublic-") != std::string::npos);
  CHECK(dot.find(" ×2\"") != std::string::npos);
  CHECK(dot.find("×3") == std::string::npos);
  CHECK(dot.find("tooltip=\"ingress controller edge/") != std::string::npos);
  // The internal release is a workload, and its load balancer points at it, not at the public controller.
  CHECK(dot.find("\"w:inner/Deployment/internal\" [") != std::string::npos);
  CHECK(dot.find("\"s:inner/internal-lb\" -> \"w:inner/Deployment/internal\"") != std::string::npos);
  CHECK(dot.find("\"s:inner/internal-lb\" -> \"c:") == std::string::npos);
  CHECK(dot.find("inner/internal-") != std::string::npos);  // named in the controller's tooltip note
  CHECK(dot.find("(--controller-class=k8s.io/internal)") != std::string::npos);
}

TEST_CASE("architecture: --namespace keeps the namespace and what connects to it", "[architecture]") {
  std::string both = std::string(kShop) + "---\n" +
                     std::string(kTypes).substr(std::string(kTypes).find("apiVersion: v1\nkind: Namespace"));
  ViewOptions o;
  o.ns = "data";
  ViewNotes notes;
  std::string dot = Render(both, o, &notes);
  CHECK(notes.empty());
  CHECK(dot.find("cluster_ns:data") != std::string::npos);
  CHECK(dot.find("cluster_ns:shop") == std::string::npos);
  CHECK(dot.find("cluster_ns:ingress-nginx") == std::string::npos);
  CHECK(dot.find("label=\"Architecture around namespace data\"") != std::string::npos);

  o.ns = "shop";
  dot = Render(both, o, &notes);
  CHECK(dot.find("cluster_ns:data") == std::string::npos);
  // The implied controller routes to shop's Ingress, so it stays.
  CHECK(dot.find("\"c:ingress-nginx/ingress-nginx-controller-implied\" -> \"i:shop/shop\"") != std::string::npos);

  o.ns = "dta";
  dot = Render(both, o, &notes);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0] == "--namespace dta matches nothing drawn (did you mean data?)");
  CHECK(dot.find("cluster_ns:") == std::string::npos);
}

TEST_CASE("architecture: --focus keeps the workload, its Services and the Ingresses and controller before them",
          "[architecture]") {
  std::string both = std::string(kShop) + "---\n" +
                     std::string(kTypes).substr(std::string(kTypes).find("apiVersion: v1\nkind: Namespace"));
  ViewOptions o;
  o.focus = "shop/web";
  ViewNotes notes;
  std::string dot = Render(both, o, &notes);
  CHECK(notes.empty());
  for (const char* id : {"\"w:shop/Deployment/web\" [", "\"s:shop/web\" [", "\"s:shop/web-np\" [", "\"i:shop/shop\" [",
                         "\"c:ingress-nginx/ingress-nginx-controller-implied\" ["}) {
    CHECK(dot.find(id) != std::string::npos);
  }
  for (const char* id : {"\"s:shop/payments\" [", "\"s:shop/search\" [", "\"s:data/db\" [", "\"w:data/Pod/db-0\" ["}) {
    CHECK(dot.find(id) == std::string::npos);
  }
  o.focus = "shop/nope";
  Render(both, o, &notes);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0] == "--focus shop/nope matches no workload (write namespace/name)");
  notes.clear();
  o.focus = "shop/wbe";
  Render(both, o, &notes);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0] == "--focus shop/wbe matches no workload (write namespace/name); did you mean shop/web?");
  // The matrix's name for a workload works too.
  notes.clear();
  o.focus = "shop/web[Deployment]";
  CHECK(Render(both, o, &notes).find("\"w:shop/Deployment/web\" [") != std::string::npos);
  CHECK(notes.empty());
}

TEST_CASE("architecture: --port keeps the Services with that port and their neighbours", "[architecture]") {
  ViewOptions o;
  o.port = 30080;
  std::string dot = Render(kShop, o);
  CHECK(dot.find("\"s:shop/web-np\" [") != std::string::npos);
  CHECK(dot.find("\"w:shop/Deployment/web\" [") != std::string::npos);
  CHECK(dot.find("\"s:shop/web\" [") == std::string::npos);
  CHECK(dot.find("\"i:shop/shop\" [") == std::string::npos);
}

TEST_CASE("architecture: deterministic (same input twice, documents shuffled)", "[architecture]") {
  ViewOptions o;
  o.nodes = true;
  std::string first = Render(kShop, o);
  CHECK(Render(kShop, o) == first);
  CHECK(Render(Reversed(kShop), o) == first);
  std::string types = Render(kTypes, o);
  CHECK(Render(Reversed(kTypes), o) == types);
}

/// Hostile text: an Ingress path with quotes, a backslash, <, >, &, a newline and unicode (label values cannot
/// carry them: the loader rejects such labels).
const char* kHostile = R"(apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  rules:
    - http:
        paths:
          - {path: "/a\"b\\c<d>&e\nÿ", pathType: ImplementationSpecific, backend: {service: {name: web, port: {number: 80}}}}
)";

TEST_CASE("architecture: hostile names are escaped into valid DOT", "[architecture]") {
  std::string dot = Render(kHostile);
  CHECK(dot.find("label=\"*/a\\\"b\\\\c<d>&e\\nÿ\"") != std::string::npos);
  CHECK(dot.find("\\n*/a\\\"b\\\\c<d>&e\\nÿ (ImplementationSpecific) → web:80\"") != std::string::npos);
  std::ifstream probe("/usr/bin/dot");
  if (!probe.good()) return;  // Graphviz not installed: the text checks above still hold
  std::string in = "/tmp/kreach-arch-test-" + std::to_string(reinterpret_cast<std::uintptr_t>(&dot)) + ".dot";
  std::string out = in + ".svg";
  {
    std::ofstream f(in);
    f << dot;
  }
  int rc = std::system(("/usr/bin/dot -Tsvg '" + in + "' -o '" + out + "' 2>/dev/null").c_str());
  std::ifstream svg_file(out);
  std::string svg((std::istreambuf_iterator<char>(svg_file)), std::istreambuf_iterator<char>());
  std::remove(in.c_str());
  std::remove(out.c_str());
  CHECK(rc == 0);
  CHECK(svg.find("*/a&quot;b\\c&lt;d&gt;&amp;e") != std::string::npos);
  CHECK(svg.find("ÿ") != std::string::npos);
}

}  // namespace kreach
