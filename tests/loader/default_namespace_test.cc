// The namespace of objects that name none: ClusterConfig::default_namespace (`-n`), `cluster.defaultNamespace` in
// a scenario, the count of such objects and the hint an endpoint in another namespace gets.
#include "sim/model/default_namespace.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "policies/evaluator.h"
#include "sim/loader/loader.h"
#include "sim/loader/scenario.h"
#include "sim/net/endpoint.h"
#include "tests/loader/doc_temp_dir.h"

namespace kreach {
namespace {

// What `kubectl apply -n shop -f .` applies: nothing names a namespace but the monitoring pod; the Node and the
// IngressClass are cluster-scoped.
constexpr const char* kManifests = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db}
spec:
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, ports: [{containerPort: 5432}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec: {defaultBackend: {service: {name: web, port: {number: 80}}}}
---
apiVersion: v1
kind: Pod
metadata: {name: prober, namespace: monitoring, labels: {app: web}}
spec: {containers: [{name: prober}]}
---
apiVersion: v1
kind: Node
metadata: {name: node-a}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx}
)";

LoadResult Load(const std::string& default_namespace) {
  ClusterConfig config;
  config.default_namespace = default_namespace;
  return LoadClusterFromTexts({{"app.yaml", kManifests}}, config);
}

std::vector<std::string> Namespaces(const Cluster& c) {
  std::vector<std::string> out;
  for (const Namespace& n : c.namespaces) out.push_back(n.name);
  return out;
}

std::string Errors(const Diagnostics& diag) {
  std::string out;
  for (const Diagnostic& d : diag.items()) {
    if (d.severity == Severity::kError) out += d.ToString() + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("the default namespace (-n) holds every namespaced object that names none", "[loader][namespace]") {
  LoadResult load = Load("shop");
  REQUIRE(Errors(load.diagnostics).empty());
  const Cluster& c = load.cluster;
  CHECK(Namespaces(c) == std::vector<std::string>{"monitoring", "shop"});
  for (const Workload& w : c.workloads) CHECK(w.ns == "shop");
  for (const Service& s : c.services) CHECK(s.ns == "shop");
  for (const EndpointSlice& s : c.endpoint_slices) CHECK(s.ns == "shop");
  for (const Ingress& i : c.ingresses) CHECK(i.ns == "shop");
  REQUIRE(c.network_policies.size() == 1);
  CHECK(c.network_policies[0].ns == "shop");
  int in_shop = 0;
  for (const Pod& p : c.pods) in_shop += p.ns == "shop" ? 1 : 0;
  CHECK(in_shop == 3);  // web and two db pods
  // An object that names its namespace keeps it; cluster-scoped kinds have none.
  const Pod* prober = c.FindPod("monitoring", "prober");
  REQUIRE(prober != nullptr);
  CHECK_FALSE(prober->origin.namespace_defaulted);
  REQUIRE(c.FindNode("node-a") != nullptr);
  REQUIRE(c.ingress_classes.size() == 1);
  CHECK(c.FindNamespace("default") == nullptr);
  // Five documents named no namespace; the pods and EndpointSlices made from them count with them.
  CHECK(CountNamespaceDefaulted(c) == 5);
}

TEST_CASE("a policy peer without namespaceSelector selects pods of the default namespace given",
          "[loader][namespace]") {
  LoadResult load = Load("shop");
  REQUIRE(Errors(load.diagnostics).empty());
  const Cluster& c = load.cluster;
  PolicyEngine engine(c, PolicyOptions{});
  const NetworkPolicy& policy = c.network_policies[0];
  std::vector<const Pod*> peers = engine.PeerPods(policy, policy.ingress.at(0).peers.at(0));
  REQUIRE(peers.size() == 1);
  CHECK(peers[0]->ns == "shop");
  CHECK(peers[0]->labels.at("app") == "web");
  // The monitoring pod has the label app=web too, but the peer selects pods of shop only.
  const Pod* prober = c.FindPod("monitoring", "prober");
  REQUIRE(prober != nullptr);
  std::vector<const Pod*> db = engine.Subjects(policy);
  REQUIRE(db.size() == 2);
  CHECK(engine.Evaluate(Peer::OfPod(*peers[0]), Peer::OfPod(*db[0]), Protocol::kTCP, 5432).allowed());
  CHECK_FALSE(engine.Evaluate(Peer::OfPod(*prober), Peer::OfPod(*db[0]), Protocol::kTCP, 5432).allowed());
}

TEST_CASE("without -n the objects land in default, and an endpoint in another namespace gets a hint",
          "[loader][namespace]") {
  LoadResult load = Load("default");
  REQUIRE(Errors(load.diagnostics).empty());
  const Cluster& c = load.cluster;
  CHECK(Namespaces(c) == std::vector<std::string>{"default", "monitoring"});
  ResolvedEndpoint endpoint;
  std::string error;
  REQUIRE_FALSE(ResolveEndpoint(c, "deployment/shop/web", &endpoint, &error));
  CHECK(error == "no namespace 'shop'");
  CHECK(endpoint.missing_namespace == "shop");
  CHECK(DefaultNamespaceHint(c, "shop", DefaultNamespaceSetting::kFlag) ==
        "5 objects name no namespace and were put in default: pass -n shop (--default-namespace) to put them there");
  CHECK(DefaultNamespaceHint(c, "shop", DefaultNamespaceSetting::kScenarioKey) ==
        "5 objects name no namespace and were put in default: set `cluster.defaultNamespace: shop` in the scenario "
        "to put them there");
  // No hint for a namespace that exists, for a name -n would refuse, or when every object names its namespace.
  CHECK(DefaultNamespaceHint(c, "monitoring", DefaultNamespaceSetting::kFlag).empty());
  CHECK(DefaultNamespaceHint(c, "Shop", DefaultNamespaceSetting::kFlag).empty());
  LoadResult named = LoadClusterFromTexts({{"p.yaml", R"(apiVersion: v1
kind: Pod
metadata: {name: p, namespace: a}
spec: {containers: [{name: c}]}
)"}});
  CHECK(CountNamespaceDefaulted(named.cluster) == 0);
  CHECK(DefaultNamespaceHint(named.cluster, "shop", DefaultNamespaceSetting::kFlag).empty());
  // One object: the sentence says so.
  LoadResult one = LoadClusterFromTexts({{"p.yaml", R"(apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: c}]}
)"}});
  CHECK(DefaultNamespaceHint(one.cluster, "shop", DefaultNamespaceSetting::kFlag) ==
        "1 object names no namespace and was put in default: pass -n shop (--default-namespace) to put it there");
}

TEST_CASE("cluster.defaultNamespace puts the scenario's included and inline objects there", "[scenario][namespace]") {
  TempDir dir;
  dir.Write("manifests/app.yaml", kManifests);
  const std::string scenario = R"(cluster: {defaultNamespace: shop}
include: [manifests/]
resources:
  - {apiVersion: v1, kind: Pod, metadata: {name: inline}, spec: {containers: [{name: c}]}}
expect:
  - {from: deployment/shop/web, to: deployment/shop/db, port: 5432, result: allow}
)";
  ScenarioLoad load = ParseScenario(dir.Path("s.yaml"), scenario, dir.Path());
  REQUIRE(Errors(load.diagnostics).empty());
  const Cluster& c = load.scenario.cluster;
  CHECK(Namespaces(c) == std::vector<std::string>{"monitoring", "shop"});
  CHECK(c.FindPod("shop", "inline") != nullptr);
  CHECK(c.config.default_namespace == "shop");

  SECTION("-n is the default the scenario's key overrides") {
    ScenarioOverrides overrides;
    overrides.default_namespace = "other";
    ScenarioLoad with_flag = ParseScenario(dir.Path("s.yaml"), scenario, dir.Path(), overrides);
    CHECK(Namespaces(with_flag.scenario.cluster) == std::vector<std::string>{"monitoring", "shop"});
    std::string without_key = scenario.substr(scenario.find('\n') + 1);
    ScenarioLoad flag_only = ParseScenario(dir.Path("s.yaml"), without_key, dir.Path(), overrides);
    CHECK(Namespaces(flag_only.scenario.cluster) == std::vector<std::string>{"monitoring", "other"});
  }
  SECTION("an invalid name is an error at the key") {
    ScenarioLoad bad = ParseScenario(dir.Path("s.yaml"), "cluster: {defaultNamespace: Shop}\nresources: []\n", "");
    CHECK(Errors(bad.diagnostics) == "error: " + dir.Path("s.yaml") +
                                         ": doc 1: cluster.defaultNamespace: 'Shop' is not a valid namespace name: a "
                                         "lowercase RFC 1123 label must consist of lower case alphanumeric characters "
                                         "or '-', and must start and end with an alphanumeric character\n");
  }
}

TEST_CASE("a scenario read among other inputs applies its defaultNamespace to its own objects only",
          "[scenario][namespace]") {
  TempDir dir;
  dir.Write("s.yaml", R"(cluster: {defaultNamespace: shop}
resources:
  - {apiVersion: v1, kind: Pod, metadata: {name: a}, spec: {containers: [{name: c}]}}
)");
  dir.Write("other.yaml", "kind: Pod\nmetadata: {name: b}\nspec: {containers: [{name: c}]}\n");
  ClusterConfig config;
  config.default_namespace = "team";
  LoadResult load = LoadCluster({dir.Path("s.yaml"), dir.Path("other.yaml")}, config);
  REQUIRE(Errors(load.diagnostics).empty());
  CHECK(load.cluster.FindPod("shop", "a") != nullptr);
  CHECK(load.cluster.FindPod("team", "b") != nullptr);
}

}  // namespace kreach
