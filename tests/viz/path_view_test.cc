#include <catch2/catch.hpp>
#include <memory>
#include <sstream>
#include <string>

#include "sim/loader/loader.h"
#include "sim/net/endpoint.h"
#include "sim/net/network.h"
#include "sim/net/path.h"
#include "viz/views.h"

namespace kreach {

namespace {

/// One node; shop/web-0 (client), shop/api-0 behind Service shop/api (ClusterIP 10.96.0.20, 80 → 8080), shop/db-0
/// (ingress-isolated by shop/deny-db, no rule), three more web pods for the many-branches case. No DNS Service in the
/// input: kreach implies kube-system/kube-dns.
const char* kViewManifests = R"(
apiVersion: v1
kind: Node
metadata: {name: node-1}
spec: {podCIDR: 10.244.0.0/24}
status: {addresses: [{type: InternalIP, address: 10.0.0.1}]}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: web-0, namespace: shop, labels: {app: web}}
spec: {nodeName: node-1, containers: [{name: c, image: nginx}]}
status: {podIP: 10.244.0.10}
---
apiVersion: v1
kind: Pod
metadata: {name: api-0, namespace: shop, labels: {app: api}}
spec: {nodeName: node-1, containers: [{name: c, image: nginx, ports: [{containerPort: 8080}]}]}
status: {podIP: 10.244.0.20}
---
apiVersion: v1
kind: Pod
metadata: {name: db-0, namespace: shop, labels: {app: db}}
spec: {nodeName: node-1, containers: [{name: c, image: postgres, ports: [{containerPort: 5432}]}]}
status: {podIP: 10.244.0.30}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  clusterIP: 10.96.0.20
  selector: {app: api}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
)";

/// The exact picture of shop/web-0 → service/shop/api TCP/80.
const char* kGoldenClusterIp = R"DOT(digraph "path" {
  fontname="Helvetica";
  fontsize="16";
  label="Path: shop/web-0 -> service/shop/api TCP/80: allow (delivered)";
  labeljust="l";
  labelloc="t";
  newrank="true";
  nodesep="0.35";
  rankdir="LR";
  ranksep="0.9";
  tooltip="Path: shop/web-0 -> service/shop/api TCP/80: allow (delivered)";
  node [fontname="Helvetica", fontsize="12"];
  edge [fontname="Helvetica", fontsize="11"];
  "pod:shop/api-0" [color="gray30", fillcolor="#f4f4f4", label="api-0\n10.244.0.20", shape="box", style="rounded,filled", tooltip="pod shop/api-0, 10.244.0.20 on node-1"];
  "pod:shop/web-0" [color="gray30", fillcolor="#fff2cc", label="web-0\n10.244.0.10", penwidth="2", shape="box", style="rounded,filled", tooltip="pod shop/web-0, 10.244.0.10 on node-1"];
  "svc:ClusterIP shop/api 10.96.0.20:80/TCP" [color="#2f6db5", fillcolor="#dceafa", label="Service shop/api\nClusterIP 10.96.0.20:80/TCP", shape="box", style="rounded,filled", tooltip="Service shop/api: ClusterIP 10.96.0.20:80/TCP"];
  subgraph "cluster_legend" {
    fontsize="12";
    label=<<table border="1" cellborder="0" cellspacing="3" cellpadding="2" style="rounded" color="gray50" bgcolor="white"><tr><td colspan="2" align="left"><b>Legend</b></td></tr><tr><td><table border="2" cellborder="0" cellpadding="0" style="rounded" color="gray30" bgcolor="#fff2cc"><tr><td width="40" height="18"> </td></tr></table></td><td align="left">client (where the connection starts)</td></tr><tr><td><table border="1" cellborder="0" cellpadding="0" style="rounded" color="gray30" bgcolor="#f4f4f4"><tr><td width="40" height="18"> </td></tr></table></td><td align="left">pod</td></tr><tr><td><table border="1" cellborder="0" cellpadding="0" style="rounded" color="#2f6db5" bgcolor="#dceafa"><tr><td width="40" height="18"> </td></tr></table></td><td align="left">Service frontend (ClusterIP, NodePort, LoadBalancer, externalIP)</td></tr><tr><td align="center"><font color="#1b7a3a">━━━━▶</font></td><td align="left">step N: allowed (translation, policy)</td></tr></table>>;
    labeljust="l";
    labelloc="b";
    peripheries="0";
    subgraph "cluster_ns:shop" {
      color="gray40";
      fontname="Helvetica";
      fontsize="13";
      label="namespace shop";
      labeljust="l";
      labelloc="t";
      peripheries="1";
      style="rounded";
      "pod:shop/api-0";
      "pod:shop/web-0";
      "svc:ClusterIP shop/api 10.96.0.20:80/TCP";
    }
    "pod:shop/api-0";
    "pod:shop/web-0";
    "svc:ClusterIP shop/api 10.96.0.20:80/TCP";
  }
  "pod:shop/web-0" -> "svc:ClusterIP shop/api 10.96.0.20:80/TCP" [color="#1b7a3a", label=<<font point-size="15"><b>1</b></font><br/>to 10.96.0.20:80 TCP>, labeltooltip="10.244.0.10 (shop/web-0) → 10.96.0.20:80 TCP (ClusterIP of shop/api)", penwidth="2", tooltip="10.244.0.10 (shop/web-0) → 10.96.0.20:80 TCP (ClusterIP of shop/api)"];
  "svc:ClusterIP shop/api 10.96.0.20:80/TCP" -> "pod:shop/api-0" [color="#1b7a3a", label=<<font point-size="15"><b>2</b></font><br/>DNAT 10.96.0.20:80 → 10.244.0.20:8080<br/>egress ✓ (no policy)<br/>ingress ✓ (no policy)<br/>delivered>, labeltooltip="ClusterIP shop/api 10.96.0.20:80/TCP → endpoint 10.244.0.20 (shop/api-0) port 8080 (ready, on node-1)\nDNAT 10.96.0.20:80 → 10.244.0.20:8080, source kept\negress at shop/web-0: allowed: no policy selects shop/web-0 for egress\ningress at shop/api-0: allowed: no policy selects shop/api-0 for ingress\ndelivered to 10.244.0.20 (shop/api-0) port 8080, source seen as 10.244.0.10", penwidth="2", tooltip="ClusterIP shop/api 10.96.0.20:80/TCP → endpoint 10.244.0.20 (shop/api-0) port 8080 (ready, on node-1)\nDNAT 10.96.0.20:80 → 10.244.0.20:8080, source kept\negress at shop/web-0: allowed: no policy selects shop/web-0 for egress\ningress at shop/api-0: allowed: no policy selects shop/api-0 for ingress\ndelivered to 10.244.0.20 (shop/api-0) port 8080, source seen as 10.244.0.10"];
}
)DOT";

std::unique_ptr<Network> MakeNetwork(const std::string& extra = "") {
  std::string text = std::string(kViewManifests) + extra;
  LoadResult result = LoadClusterFromTexts({{"view.yaml", text}});
  for (const Diagnostic& d : result.diagnostics.items()) INFO(d.ToString());
  REQUIRE_FALSE(result.diagnostics.HasErrors());
  return std::make_unique<Network>(result.cluster, PolicyOptions{});
}

Trace Run(const Network& net, const std::string& from, const std::string& to, const std::string& port) {
  ResolvedEndpoint src, dst;
  std::string error;
  REQUIRE(ResolveEndpoint(net.cluster(), from, &src, &error));
  REQUIRE(ResolveEndpoint(net.cluster(), to, &dst, &error));
  Trace trace;
  INFO(error);
  REQUIRE(TraceConnection(net, src, dst, Probe{port, Protocol::kTCP}, &trace, &error));
  return trace;
}

std::string Dot(const DotGraph& g) {
  std::ostringstream out;
  WriteDot(g, out);
  return out.str();
}

const DotEdge* FindEdge(const DotGraph& g, const std::string& from, const std::string& to) {
  for (const DotEdge& e : g.edges) {
    if (e.from == from && e.to == to) return &e;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("path view: exact DOT of a ClusterIP path (P-1: send, DNAT, policy, delivery as numbered edges)",
          "[viz][pathview]") {
  auto net = MakeNetwork();
  Trace trace = Run(*net, "shop/web-0", "service/shop/api", "80");
  ViewNotes notes;
  DotGraph g = PathView(*net, trace, ViewOptions{}, &notes);
  CHECK(notes.empty());
  CHECK(Dot(g) == kGoldenClusterIp);
}

}  // namespace kreach

namespace kreach {

TEST_CASE("path view: a denied hop (NP-4 isolated, no rule allows) is a red dashed edge to a ✗ node with the reason",
          "[viz][pathview]") {
  auto net = MakeNetwork();
  Trace trace = Run(*net, "shop/web-0", "shop/db-0", "5432");
  DotGraph g = PathView(*net, trace, ViewOptions{}, nullptr);
  CHECK(g.graph_attrs["label"] == "Path: shop/web-0 -> shop/db-0 TCP/5432: deny (dropped)");
  const std::string fail = "fail:pod:shop/web-0|dropped|ingress policy of shop/db-0 drops it";
  DotNode* node = g.FindNode(fail);
  REQUIRE(node != nullptr);
  CHECK(node->attrs["label"] == "\u2717 dropped\ningress policy of shop/db-0 drops it");
  CHECK(node->attrs["color"] == "#c62828");
  const DotEdge* edge = FindEdge(g, "pod:shop/web-0", fail);
  REQUIRE(edge != nullptr);
  CHECK(edge->attrs.at("color") == "#c62828");
  CHECK(edge->attrs.at("style") == "dashed");
  CHECK(edge->attrs.at("label") ==
        "<<font point-size=\"15\"><b>1</b></font><br/>to 10.244.0.30:5432 TCP (shop/db-0)<br/>egress \u2713 (no "
        "policy)<br/>ingress \u2717: no rule allows<br/>(isolated by shop/deny-db)>");
  // The full verdict stays in the tooltip.
  CHECK(edge->attrs.at("tooltip").find("ingress at shop/db-0: denied: shop/db-0 is isolated for ingress by "
                                       "shop/deny-db; no ingress rule allows TCP/5432 from shop/web-0") !=
        std::string::npos);
  CHECK(FindEdge(g, "pod:shop/web-0", "pod:shop/db-0") == nullptr);
}

TEST_CASE("path view: DNS-7 lookup is a side trip to the implied cluster DNS; NXDOMAIN ends there in red",
          "[viz][pathview]") {
  auto net = MakeNetwork();
  Trace trace = Run(*net, "shop/web-0", "nosuch", "80");
  DotGraph g = PathView(*net, trace, ViewOptions{}, nullptr);
  CHECK(g.graph_attrs["label"] == "Path: shop/web-0 -> nosuch TCP/80: deny (nxdomain)");
  DotNode* dns = g.FindNode("dns:kube-system/kube-dns");
  REQUIRE(dns != nullptr);
  CHECK(dns->attrs["label"] == "cluster DNS\nkube-system/kube-dns\n10.96.0.10:53 UDP");
  CHECK(dns->attrs["style"] == "rounded,filled,dashed");  // implied by kreach
  const DotEdge* lookup = FindEdge(g, "pod:shop/web-0", "dns:kube-system/kube-dns");
  REQUIRE(lookup != nullptr);
  CHECK(lookup->attrs.at("label") == "<<font point-size=\"15\"><b>1</b></font><br/>DNS lookup of nosuch>");
  CHECK(lookup->attrs.at("color") == "#2f6db5");
  const DotEdge* nx = nullptr;
  for (const DotEdge& e : g.edges) {
    if (e.from == "dns:kube-system/kube-dns") nx = &e;
  }
  REQUIRE(nx != nullptr);
  CHECK(nx->attrs.at("label") == "<<font point-size=\"15\"><b>2</b></font><br/>NXDOMAIN>");
  CHECK(nx->attrs.at("color") == "#c62828");
  DotNode* fail = g.FindNode(nx->to);
  REQUIRE(fail != nullptr);
  CHECK(fail->attrs["label"].rfind("\u2717 nxdomain\nnosuch does not resolve: no Service\n'nosuch' in namespace", 0) ==
        0);
  // The legend explains the implied style, the DNS trip and the failing step.
  std::string dot = Dot(g);
  CHECK(dot.find("<td align=\"left\">implied by kreach (not in the input)</td>") != std::string::npos);
  CHECK(dot.find("<td align=\"left\">DNS lookup and answer</td>") != std::string::npos);
  CHECK(dot.find("<td align=\"left\">step that fails</td>") != std::string::npos);
}

TEST_CASE("path view: DNS answer and ClusterIP share the prefix; many branches are capped with a note",
          "[viz][pathview]") {
  std::string extra;
  for (int i = 1; i <= 13; ++i) {
    extra += "---\napiVersion: v1\nkind: Pod\nmetadata: {name: api-" + std::to_string(i) +
             ", namespace: shop, labels: {app: api}}\nspec: {nodeName: node-1, containers: [{name: c, image: nginx, "
             "ports: [{containerPort: 8080}]}]}\nstatus: {podIP: 10.244.0." +
             std::to_string(100 + i) + "}\n";
  }
  auto net = MakeNetwork(extra);
  Trace trace = Run(*net, "shop/web-0", "api", "80");
  REQUIRE(trace.branches.size() == 14);
  ViewNotes notes;
  DotGraph g = PathView(*net, trace, ViewOptions{}, &notes);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0] == "+2 more paths not drawn (12 of 14 shown)");
  CHECK(g.graph_attrs["label"] == "Path: shop/web-0 -> api TCP/80: allow (delivered)\n" + notes[0]);
  // The lookup and the way to the ClusterIP are drawn once; one edge per drawn endpoint.
  const std::string svc = "svc:ClusterIP shop/api 10.96.0.20:80/TCP";
  std::size_t lookups = 0, sends = 0, dnat = 0;
  for (const DotEdge& e : g.edges) {
    lookups += e.to == "dns:kube-system/kube-dns";
    sends += e.from == "pod:shop/web-0" && e.to == svc;
    dnat += e.from == svc;
  }
  CHECK(lookups == 1);
  CHECK(sends == 1);
  CHECK(dnat == 12);
  const DotEdge* lookup = FindEdge(g, "pod:shop/web-0", "dns:kube-system/kube-dns");
  REQUIRE(lookup != nullptr);
  CHECK(lookup->attrs.at("label") ==
        "<<font point-size=\"15\"><b>1</b></font><br/>DNS lookup of api<br/>answer: A 10.96.0.20>");
  const DotEdge* send = FindEdge(g, "pod:shop/web-0", svc);
  REQUIRE(send != nullptr);
  CHECK(send->attrs.at("label") == "<<font point-size=\"15\"><b>2</b></font><br/>to 10.96.0.20:80 TCP>");
}

TEST_CASE("path view: deterministic output (same trace → byte-identical DOT)", "[viz][pathview]") {
  auto net = MakeNetwork();
  Trace a = Run(*net, "shop/web-0", "api", "80");
  Trace b = Run(*net, "shop/web-0", "api", "80");
  std::string first = Dot(PathView(*net, a, ViewOptions{}, nullptr));
  CHECK(first == Dot(PathView(*net, b, ViewOptions{}, nullptr)));
  CHECK(first == Dot(PathView(*net, a, ViewOptions{}, nullptr)));
}

TEST_CASE("path view: the picture comes from the hops' typed fields; rewording a hop changes only its tooltip",
          "[viz][pathview]") {
  auto net = MakeNetwork();
  struct Case {
    const char* from;
    const char* to;
    const char* port;
  };
  for (const Case& c : {Case{"shop/web-0", "api", "80"}, Case{"shop/web-0", "shop/db-0", "5432"},
                        Case{"shop/web-0", "service/shop/api", "80"}, Case{"shop/web-0", "nothere", "80"}}) {
    INFO(c.from << " -> " << c.to);
    Trace trace = Run(*net, c.from, c.to, c.port);
    DotGraph before = PathView(*net, trace, ViewOptions{}, nullptr);
    for (Branch& b : trace.branches) {
      for (Hop& h : b.hops) h.text = "reworded: " + h.text;
    }
    DotGraph after = PathView(*net, trace, ViewOptions{}, nullptr);
    REQUIRE(before.edges.size() == after.edges.size());
    std::size_t tooltips_changed = 0;
    for (std::size_t i = 0; i < before.edges.size(); ++i) {
      CHECK(before.edges[i].from == after.edges[i].from);
      CHECK(before.edges[i].to == after.edges[i].to);
      CHECK(before.edges[i].attrs.at("label") == after.edges[i].attrs.at("label"));
      tooltips_changed += before.edges[i].attrs.at("tooltip") != after.edges[i].attrs.at("tooltip");
    }
    CHECK(tooltips_changed > 0);  // the sentences are still shown, as tooltips
    CHECK(before.nodes.size() == after.nodes.size());
  }
}

}  // namespace kreach
