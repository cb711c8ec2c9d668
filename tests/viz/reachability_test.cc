#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "sim/loader/loader.h"
#include "sim/net/network.h"
#include "tests/support/random_cluster.h"
#include "tests/support/sim_fixture.h"
#include "viz/reachability_model.h"
#include "viz/views.h"

namespace kreach {

namespace {

/// "from -> to: label" for every edge (denied ones "from -x to: reason"), in model order.
std::vector<std::string> EdgeLines(const ReachModel& m) {
  std::vector<std::string> out;
  for (const ReachEdge& e : m.edges) {
    std::string label = e.denied ? e.reason : e.every.ToString();
    if (e.partial()) label += " (some: " + e.some.ToString() + ")";
    out.push_back(m.nodes[e.from].id + (e.denied ? " -x " : " -> ") + m.nodes[e.to].id + ": " + label);
  }
  return out;
}

const ReachNode& NodeOf(const ReachModel& m, const std::string& id) {
  std::size_t i = m.Find(id);
  REQUIRE(i < m.nodes.size());
  return m.nodes[i];
}

std::string Dot(const Network& net, const ViewOptions& options) {
  ViewNotes notes;
  std::ostringstream out;
  WriteDot(ReachabilityView(net, options, &notes), out);
  return out.str();
}

/// A workload whose pods differ: rs/mixed owns pod a (app=mixed, tier=front) and pod b (app=mixed); a policy lets
/// tier=front pods reach db on TCP 5432 and every app=mixed pod on TCP 9187.
const char* kPartialManifests = R"(
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata:
  name: a
  namespace: shop
  labels: {app: mixed, tier: front}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: mixed, uid: u1, controller: true}]
spec: {containers: [{name: c, image: x}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: b
  namespace: shop
  labels: {app: mixed}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: mixed, uid: u1, controller: true}]
spec: {containers: [{name: c, image: x}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: c, image: x}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-in, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {tier: front}}}]
    ports: [{port: 5432}]
  - from: [{podSelector: {matchLabels: {app: mixed}}}]
    ports: [{port: 9187}]
  egress: []
  policyTypes: [Ingress, Egress]
)";

/// `n` Deployments over `namespaces` namespaces with roles db/api/web and two policies per namespace (an ipBlock
/// among them), for the aggregation tests.
std::string ManyWorkloads(int n, int namespaces) {
  std::ostringstream o;
  for (int s = 0; s < namespaces; ++s) o << "apiVersion: v1\nkind: Namespace\nmetadata: {name: ns" << s << "}\n---\n";
  for (int i = 0; i < n; ++i) {
    const char* role = i % 5 == 0 ? "db" : (i % 5 == 1 ? "api" : "web");
    o << "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w" << i << ", namespace: ns" << i % namespaces
      << "}\nspec:\n  replicas: " << 1 + i % 3 << "\n  selector: {matchLabels: {app: w" << i
      << "}}\n  template:\n    metadata: {labels: {app: w" << i << ", role: " << role
      << "}}\n    spec: {containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}]}]}\n---\n";
  }
  for (int s = 0; s < namespaces; ++s) {
    o << "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-db, namespace: ns" << s
      << "}\nspec: {podSelector: {matchLabels: {role: db}}}\n---\n"
      << "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api, namespace: ns" << s
      << "}\nspec:\n  podSelector: {matchLabels: {role: api}}\n  policyTypes: [Ingress, Egress]\n"
      << "  ingress: [{from: [{podSelector: {matchLabels: {role: web}}}], ports: [{port: http}]}]\n"
      << "  egress: [{to: [{podSelector: {matchLabels: {role: db}}}, {ipBlock: {cidr: 10.0.0.0/8}}]}]\n---\n";
  }
  return o.str();
}

}  // namespace

TEST_CASE("reachability: one box per workload, exact connection sets (NP-1, NP-3)", "[reach]") {
  Network net(LoadOk(kShopManifests), PolicyOptions{});
  ReachModel m = BuildReachModel(net, ViewOptions{});
  CHECK(m.level == ReachLevel::kWorkloads);
  CHECK(NodeOf(m, "w:shop/web[Deployment]").label == "web \u00d72");
  CHECK(NodeOf(m, "w:shop/db[Pod]").label == "db");
  CHECK(NodeOf(m, "x:0.0.0.0").label == "any address (0.0.0.0/0)");
  CHECK(NodeOf(m, "w:kube-system/coredns-implied[Pod]").implied);
  const std::vector<std::string> expected = {
      "w:kube-system/coredns-implied[Pod] -> w:ops/probe[Pod]: All Connections",
      "w:kube-system/coredns-implied[Pod] -> x:0.0.0.0: All Connections",
      "w:ops/probe[Pod] -> w:kube-system/coredns-implied[Pod]: All Connections",
      "w:ops/probe[Pod] -> x:0.0.0.0: All Connections",
      "w:shop/db[Pod] -> w:kube-system/coredns-implied[Pod]: All Connections",
      "w:shop/db[Pod] -> w:ops/probe[Pod]: All Connections",
      "w:shop/db[Pod] -> x:0.0.0.0: All Connections",
      "w:shop/web[Deployment] -> w:kube-system/coredns-implied[Pod]: All Connections",
      "w:shop/web[Deployment] -> w:ops/probe[Pod]: All Connections",
      "w:shop/web[Deployment] -> w:shop/db[Pod]: TCP 5432",  // named port postgres resolved on db
      "w:shop/web[Deployment] -> x:0.0.0.0: All Connections",
      "x:0.0.0.0 -> w:kube-system/coredns-implied[Pod]: All Connections",
      "x:0.0.0.0 -> w:ops/probe[Pod]: All Connections",
  };
  CHECK(EdgeLines(m) == expected);
  // The DOT carries the label and the frames.
  std::string dot = Dot(net, ViewOptions{});
  CHECK(dot.find("\"w:shop/web[Deployment]\" -> \"w:shop/db[Pod]\" [label=\"TCP 5432\"") != std::string::npos);
  CHECK(dot.find("subgraph \"cluster_ns_shop\"") != std::string::npos);
}

TEST_CASE("reachability: isolation marks and selecting policies (NP-2)", "[reach]") {
  Network net(LoadOk(kShopManifests), PolicyOptions{});
  ReachModel m = BuildReachModel(net, ViewOptions{});
  const ReachNode& db = NodeOf(m, "w:shop/db[Pod]");
  CHECK(db.ingress == ReachNode::Isolation::kAll);
  CHECK(db.egress == ReachNode::Isolation::kNone);
  CHECK(db.ingress_policies == std::vector<std::string>{"shop/default-deny", "shop/web-to-db"});
  const ReachNode& probe = NodeOf(m, "w:ops/probe[Pod]");
  CHECK(probe.ingress == ReachNode::Isolation::kNone);
  CHECK(probe.egress == ReachNode::Isolation::kNone);
  std::string dot = Dot(net, ViewOptions{});
  CHECK(dot.find("label=\"db\\n[ingress-isolated]\"") != std::string::npos);
  CHECK(dot.find("label=\"probe\\n[unprotected]\"") != std::string::npos);
  CHECK(dot.find("ingress: isolated by shop/default-deny, shop/web-to-db") != std::string::npos);
}

TEST_CASE("reachability: partial edges when pods of one workload differ (NP-3)", "[reach]") {
  Network net(LoadOk(kPartialManifests), PolicyOptions{});
  ReachModel m = BuildReachModel(net, ViewOptions{});
  std::vector<std::string> lines = EdgeLines(m);
  CHECK(std::find(lines.begin(), lines.end(),
                  "w:shop/mixed[ReplicaSet] -> w:shop/db[Pod]: TCP 9187 (some: TCP 5432,9187)") != lines.end());
  CHECK(NodeOf(m, "w:shop/db[Pod]").egress == ReachNode::Isolation::kAll);
  std::string dot = Dot(net, ViewOptions{});
  CHECK(dot.find("label=\"TCP 9187\\nsome pods: TCP 5432,9187\"") != std::string::npos);
  CHECK(dot.find("partial: every pod pair allows TCP 9187; some pod pairs allow TCP 5432,9187") != std::string::npos);
}

TEST_CASE("reachability: --port keeps edges containing the port and labels them with it", "[reach]") {
  Network net(LoadOk(kShopManifests), PolicyOptions{});
  ViewOptions options;
  options.port = 5432;
  ReachModel m = BuildReachModel(net, options);
  for (const ReachEdge& e : m.edges) CHECK(e.every.ToString() == "TCP 5432");
  CHECK(m.edges.size() == 13);  // every edge of the plain picture contains TCP 5432
  options.port = 8080;
  m = BuildReachModel(net, options);
  std::vector<std::string> lines = EdgeLines(m);
  CHECK(std::find(lines.begin(), lines.end(), "w:shop/web[Deployment] -> w:shop/db[Pod]: TCP 8080") == lines.end());
  CHECK(lines.size() == 12);
}

TEST_CASE("reachability: --focus keeps the workload and its neighbours, --denied adds red edges", "[reach]") {
  Network net(LoadOk(kShopManifests), PolicyOptions{});
  ViewOptions options;
  options.focus = "shop/db";
  ReachModel m = BuildReachModel(net, options);
  std::vector<std::string> expected = {
      "w:shop/db[Pod] -> w:kube-system/coredns-implied[Pod]: All Connections",
      "w:shop/db[Pod] -> w:ops/probe[Pod]: All Connections",
      "w:shop/db[Pod] -> x:0.0.0.0: All Connections",
      "w:shop/web[Deployment] -> w:shop/db[Pod]: TCP 5432",
  };
  CHECK(EdgeLines(m) == expected);
  CHECK(m.nodes.size() == 5);

  options.denied = true;
  options.port = 5432;
  m = BuildReachModel(net, options);
  std::vector<std::string> lines = EdgeLines(m);
  const std::string probe_to_db =
      "w:ops/probe[Pod] -x w:shop/db[Pod]: no rule allows TCP/5432\ndenied: shop/db is isolated for ingress by "
      "shop/default-deny, shop/web-to-db; no ingress rule allows TCP/5432 from ops/probe";
  CHECK(std::find(lines.begin(), lines.end(), probe_to_db) != lines.end());
  CHECK(std::count_if(m.edges.begin(), m.edges.end(), [](const ReachEdge& e) { return e.denied; }) ==
        3);  // probe → db, coredns → db, db → web

  options.port.reset();
  m = BuildReachModel(net, options);
  lines = EdgeLines(m);
  CHECK(std::find(lines.begin(), lines.end(),
                  "w:kube-system/coredns-implied[Pod] -x w:shop/db[Pod]: no rule allows any connection\ndb is "
                  "isolated for ingress by shop/default-deny, shop/web-to-db") != lines.end());
  std::string dot = Dot(net, options);
  CHECK(dot.find("color=\"#c62828\"") != std::string::npos);
  CHECK(dot.find("denied: no rule allows") != std::string::npos);  // legend row

  options.focus = "shop/nothing";
  ViewNotes notes;
  ReachabilityView(net, options, &notes);
  CHECK(std::find(notes.begin(), notes.end(), "--focus shop/nothing matches no workload") != notes.end());
}

TEST_CASE("reachability: --expand-pods draws one box per pod and edges between pods of one workload", "[reach]") {
  Network net(LoadOk(kShopManifests), PolicyOptions{});
  ViewOptions options;
  options.expand_pods = true;
  ReachModel m = BuildReachModel(net, options);
  CHECK(m.Find("p:shop/db") < m.nodes.size());
  std::size_t webs = 0;
  for (const ReachNode& n : m.nodes) webs += n.id.rfind("p:shop/web-", 0) == 0 ? 1 : 0;
  CHECK(webs == 2);
  // web pods reach each other? No: shop/default-deny isolates them for ingress.
  for (const ReachEdge& e : m.edges) {
    bool web_to_web = m.nodes[e.from].id.rfind("p:shop/web-", 0) == 0 && m.nodes[e.to].id.rfind("p:shop/web-", 0) == 0;
    CHECK_FALSE(web_to_web);
  }
}

TEST_CASE("reachability: output is deterministic", "[reach]") {
  Network net(LoadOk(kShopManifests), PolicyOptions{});
  ViewOptions options;
  CHECK(Dot(net, options) == Dot(net, options));
  Network again(LoadOk(kShopManifests), PolicyOptions{});
  CHECK(Dot(net, options) == Dot(again, options));
}

TEST_CASE("reachability: the class matrix equals the engine pod by pod on random clusters (NP-1..NP-14)", "[reach]") {
  for (std::uint32_t seed = 1; seed <= 60; ++seed) {
    testing::RandomClusterCase c = testing::GenerateRandomCluster(seed);
    Network net(c.cluster, testing::RandomPolicyOptions(seed));
    ViewOptions options;
    options.expand_pods = true;
    options.aggregate_threshold = 1000;
    ReachModel m = BuildReachModel(net, options);
    REQUIRE(m.level == ReachLevel::kWorkloads);
    for (const Pod& src : net.cluster().pods) {
      for (const Pod& dst : net.cluster().pods) {
        if (&src == &dst) continue;
        ConnSet want = net.engine().Allowed(Peer::OfPod(src), Peer::OfPod(dst));
        std::size_t a = m.Find("p:" + src.Key()), b = m.Find("p:" + dst.Key());
        REQUIRE(a < m.nodes.size());
        REQUIRE(b < m.nodes.size());
        auto it =
            std::find_if(m.edges.begin(), m.edges.end(), [&](const ReachEdge& e) { return e.from == a && e.to == b; });
        INFO("seed " << seed << ": " << src.Key() << " -> " << dst.Key());
        if (want.Empty()) {
          CHECK(it == m.edges.end());
        } else {
          REQUIRE(it != m.edges.end());
          CHECK(it->every == want);
          CHECK_FALSE(it->partial());
        }
      }
    }
  }
}

TEST_CASE("reachability: above the threshold identical workloads merge, the picture says so", "[reach]") {
  LoadResult loaded = LoadClusterFromTexts({{"many.yaml", ManyWorkloads(300, 4)}});
  REQUIRE_FALSE(loaded.diagnostics.HasErrors());
  Network net(loaded.cluster, PolicyOptions{});
  ViewOptions options;  // threshold 120
  ReachModel m = BuildReachModel(net, options);
  CHECK(m.workloads == 301);  // and the implied DNS pod
  CHECK(m.level == ReachLevel::kMerged);
  std::size_t boxes = 0;
  for (const ReachNode& n : m.nodes) boxes += n.kind != ReachNode::Kind::kExternal ? 1 : 0;
  CHECK(boxes <= options.aggregate_threshold);
  CHECK(m.edges.size() <= kReachMaxEdges);
  // Every db workload (ingress-isolated, no rule) behaves alike, whatever its namespace.
  const ReachNode& merged = NodeOf(m, "m:ns0/w0[Deployment]");
  CHECK(merged.label == "60 workloads: ns0/w0, ns0/w100, ns0/w120, \u2026");
  CHECK(merged.members.size() == 60);
  CHECK(merged.ns.empty());
  ViewNotes notes;
  std::ostringstream dot;
  WriteDot(ReachabilityView(net, options, &notes), dot);
  REQUIRE_FALSE(notes.empty());
  CHECK(notes.back().rfind("aggregated: 301 workloads drawn as", 0) == 0);
  CHECK(dot.str().find("aggregated: 301 workloads drawn as") != std::string::npos);

  options.aggregate_threshold = 5;  // merging leaves more boxes than that: namespaces
  m = BuildReachModel(net, options);
  CHECK(m.level == ReachLevel::kNamespaces);
  CHECK(m.Find("ns:ns3") < m.nodes.size());
  notes.clear();
  ReachabilityView(net, options, &notes);
  CHECK(notes.back().rfind("aggregated to namespace level: 301 workloads", 0) == 0);
}

}  // namespace kreach

namespace kreach {

TEST_CASE("reachability: an ingress controller's arrows are what policies allow its pods, as list says", "[reach]") {
  LoadResult loaded = LoadCluster({std::string(KREACH_SOURCE_DIR) + "/tests/cli/data/lb-ingress.yaml"});
  REQUIRE_FALSE(loaded.diagnostics.HasErrors());
  Network net(loaded.cluster, PolicyOptions{});
  ReachModel m = BuildReachModel(net, ViewOptions{});
  const ReachNode& controller = NodeOf(m, "w:ingress-nginx/ingress-nginx-controller-0[Pod]");
  CHECK(controller.kind == ReachNode::Kind::kController);
  std::vector<std::string> from_controller;
  for (const std::string& line : EdgeLines(m)) {
    if (line.rfind("w:ingress-nginx/ingress-nginx-controller-0[Pod] -> ", 0) == 0) from_controller.push_back(line);
  }
  // Its pod reaches the DNS pod too, unrouted: the arrows are the policies' answer, not the Ingress routes.
  CHECK(from_controller ==
        std::vector<std::string>{
            "w:ingress-nginx/ingress-nginx-controller-0[Pod] -> w:kube-system/coredns-implied[Pod]: All Connections",
            "w:ingress-nginx/ingress-nginx-controller-0[Pod] -> w:shop/web-a[Pod]: TCP 8080",
            "w:ingress-nginx/ingress-nginx-controller-0[Pod] -> w:shop/web-b[Pod]: TCP 8080",
            "w:ingress-nginx/ingress-nginx-controller-0[Pod] -> x:0.0.0.0: All Connections"});
}

TEST_CASE("reachability: exercise 11's controllers get the answers for their own pods (issue 22)", "[reach]") {
  const std::string dir = std::string(KREACH_SOURCE_DIR) + "/scenarios/exercises/11-ingress-controller-namespace/";
  LoadResult loaded = LoadCluster({dir + "cluster", dir + "solution"});
  REQUIRE_FALSE(loaded.diagnostics.HasErrors());
  PolicyOptions policy;
  policy.ip_block_matches_pods = false;  // as exercise.yaml says
  Network net(loaded.cluster, policy);
  auto edge = [](const ReachModel& m, const std::string& from, const std::string& to) -> const ReachEdge* {
    std::size_t a = m.Find(from), b = m.Find(to);
    for (const ReachEdge& e : m.edges) {
      if (e.from == a && e.to == b && !e.denied) return &e;
    }
    return nullptr;
  };
  ReachModel m = BuildReachModel(net, ViewOptions{});
  const std::string pub = "w:ingress-nginx/ingress-nginx-controller[Deployment]";
  const std::string internal = "w:ingress-nginx-internal/ingress-nginx-internal-controller[Deployment]";
  const std::string storefront = "w:shop/storefront[Deployment]";
  // The public controller reaches every storefront pod on TCP 8080 (list: "TCP 8080"), not partially.
  const ReachEdge* e = edge(m, pub, storefront);
  REQUIRE(e != nullptr);
  CHECK(e->every.ToString() == "TCP 8080");
  CHECK_FALSE(e->partial());
  // The internal controller reaches no storefront pod, but it does reach the staff tools it proxies to.
  CHECK(edge(m, internal, storefront) == nullptr);
  REQUIRE(edge(m, internal, "w:staff/tools[Deployment]") != nullptr);
  CHECK(edge(m, internal, "w:staff/tools[Deployment]")->every == ConnSet::All());

  ViewOptions expand;
  expand.expand_pods = true;
  m = BuildReachModel(net, expand);
  std::size_t pod_edges = 0;
  for (const ReachEdge& x : m.edges) {
    INFO(m.nodes[x.from].id << " -> " << m.nodes[x.to].id);
    CHECK_FALSE(x.partial());  // one pod meets one pod (or an external range): never partial
    if (m.nodes[x.to].id.rfind("p:shop/storefront", 0) == 0 &&
        m.nodes[x.from].id.rfind("p:ingress-nginx-internal/", 0) == 0) {
      FAIL("the internal controller reaches a storefront pod");
    }
    if (m.nodes[x.to].id.rfind("p:shop/storefront", 0) == 0 &&
        m.nodes[x.from].id.rfind("p:ingress-nginx/ingress-nginx-controller", 0) == 0) {
      CHECK(x.every.ToString() == "TCP 8080");
      ++pod_edges;
    }
  }
  CHECK(pod_edges == 4);  // 2 controller pods x 2 storefront pods
}

TEST_CASE("reachability: --namespace keeps its workloads and what connects to them", "[reach]") {
  Network net(LoadOk(kShopManifests), PolicyOptions{});
  ViewOptions options;
  options.ns = "ops";
  ReachModel m = BuildReachModel(net, options);
  std::vector<std::string> ids;
  for (const ReachNode& n : m.nodes) ids.push_back(n.id);
  // shop/db and shop/web reach ops/probe; the implied DNS pod talks with it both ways.
  CHECK(ids == std::vector<std::string>{"w:kube-system/coredns-implied[Pod]", "w:ops/probe[Pod]", "w:shop/db[Pod]",
                                        "w:shop/web[Deployment]", "x:0.0.0.0"});
  std::vector<std::string> expected = {
      "w:kube-system/coredns-implied[Pod] -> w:ops/probe[Pod]: All Connections",
      "w:ops/probe[Pod] -> w:kube-system/coredns-implied[Pod]: All Connections",
      "w:ops/probe[Pod] -> x:0.0.0.0: All Connections",
      "w:shop/db[Pod] -> w:ops/probe[Pod]: All Connections",
      "w:shop/web[Deployment] -> w:ops/probe[Pod]: All Connections",
      "x:0.0.0.0 -> w:ops/probe[Pod]: All Connections",
  };
  CHECK(EdgeLines(m) == expected);  // edges touch the namespace
  options.ns = "nowhere";
  ViewNotes notes;
  ReachabilityView(net, options, &notes);
  CHECK(notes.front() == "--namespace nowhere matches no pod");
}

}  // namespace kreach
