// Scenario files and LoadCluster end to end: reading, then BuildCluster.
#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "sim/loader/loader.h"
#include "sim/loader/scenario.h"
#include "tests/loader/doc_temp_dir.h"
#include "tests/support/diagnostics_text.h"

namespace kreach {

namespace {

std::string Errors(const Diagnostics& diag) {
  std::string out;
  for (const Diagnostic& d : diag.items()) {
    if (d.severity == Severity::kError) out += d.ToString() + "\n";
  }
  return out;
}

const char kTwoPods[] = R"(name: two pods
cluster:
  podCIDR: 10.50.0.0/16
  options: {ipBlockMatchesPods: false}
resources:
  - apiVersion: v1
    kind: Pod
    metadata: {name: web, namespace: shop, labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx, ports: [{name: http, containerPort: 8080}]}]
  - apiVersion: v1
    kind: List
    items:
    - apiVersion: v1
      kind: Pod
      metadata: {name: client, namespace: shop}
      spec:
        containers: [{name: c, image: busybox}]
expect:
  - {from: shop/client, to: shop/web, port: http, result: allow}
)";

}  // namespace

TEST_CASE("ParseScenario builds the cluster from resources with the scenario's settings", "[scenario][load]") {
  ScenarioLoad load = ParseScenario("two.yaml", kTwoPods, "");
  INFO(Messages(load.diagnostics));
  REQUIRE_FALSE(load.diagnostics.HasErrors());
  const Scenario& s = load.scenario;
  CHECK(s.name == "two pods");
  CHECK_FALSE(s.options.ip_block_matches_pods);
  REQUIRE(s.expect.size() == 1);
  CHECK(s.expect[0].port == "http");
  const Pod* web = s.cluster.FindPod("shop", "web");
  REQUIRE(web != nullptr);
  CHECK(s.cluster.FindPod("shop", "client") != nullptr);
  CHECK(s.cluster.config.pod_cidr.ToString() == "10.50.0.0/16");
  CHECK(s.cluster.config.pod_cidr.Contains(web->ip));
}

TEST_CASE("errors in a resource name the scenario file and the resources path", "[scenario][load]") {
  ScenarioLoad load = ParseScenario("s.yaml", R"(resources:
  - {apiVersion: v1, kind: Pod, metadata: {name: ok, namespace: a}, spec: {containers: [{name: c, image: i}]}}
  - {apiVersion: v1, kind: Pod, spec: {containers: []}}
)",
                                    "");
  std::string errors = Errors(load.diagnostics);
  INFO(Messages(load.diagnostics));
  CHECK(load.diagnostics.HasErrors());
  CHECK(errors.find("error: s.yaml: doc 1") == 0);
  CHECK(errors.find("resources[1]") != std::string::npos);
}

TEST_CASE("LoadScenario reads the bundled shop scenario with its includes", "[scenario][load]") {
  ScenarioLoad load = LoadScenario(std::string(KREACH_SOURCE_DIR) + "/scenarios/shop.yaml");
  INFO(Messages(load.diagnostics));
  CHECK_FALSE(load.diagnostics.HasErrors());
  CHECK(load.scenario.name == "shop");
  CHECK(load.scenario.expect.size() >= 10);
  CHECK(load.scenario.cluster.FindNamespace("shop") != nullptr);
  CHECK(load.scenario.cluster.FindNamespace("ingress-nginx") != nullptr);
}

TEST_CASE("the bundled invalid scenarios fail with exact messages", "[scenario][load]") {
  const std::string dir = std::string(KREACH_SOURCE_DIR) + "/scenarios/invalid/";
  ScenarioLoad keys = LoadScenario(dir + "scenario-unknown-key.yaml");
  CHECK(Errors(keys.diagnostics) ==
        "error: " + dir + "scenario-unknown-key.yaml: doc 1: resource: unknown field (did you mean 'resources'?)\n" +
            "error: " + dir +
            "scenario-unknown-key.yaml: doc 1: expect[0].reslut: unknown field (did you mean 'result'?)\n");
  ScenarioLoad option = LoadScenario(dir + "scenario-unknown-option.yaml");
  CHECK(Errors(option.diagnostics) ==
        "error: " + dir +
            "scenario-unknown-option.yaml: doc 1: cluster.options: unknown option 'ipBlockMatchPods' (did you mean "
            "'ipBlockMatchesPods'?)\n" +
            "error: " + dir +
            "scenario-unknown-option.yaml: doc 1: expect[0].result: unknown result 'maybe' (expected allow, deny or "
            "partial)\n");
}

TEST_CASE("LoadScenario on a missing file is an error, not a crash", "[scenario][load]") {
  ScenarioLoad load = LoadScenario("/nonexistent/kreach/s.yaml");
  CHECK(Messages(load.diagnostics).find("error: /nonexistent/kreach/s.yaml: cannot read file: ") == 0);
}

TEST_CASE("LoadCluster accepts a scenario file as input", "[load]") {
  TempDir dir;
  dir.Write("manifests/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: extra}\n");
  std::string scenario = dir.Write("s/two.yaml", std::string(kTwoPods) + "include: [../manifests]\n");
  LoadResult load = LoadCluster({scenario});
  INFO(Messages(load.diagnostics));
  CHECK_FALSE(load.diagnostics.HasErrors());
  CHECK(load.cluster.FindPod("shop", "web") != nullptr);
  CHECK(load.cluster.FindNamespace("extra") != nullptr);
  CHECK(load.cluster.config.pod_cidr.ToString() == "10.50.0.0/16");
}

TEST_CASE("LoadCluster reads files and folders; syntax errors are errors", "[load]") {
  TempDir dir;
  dir.Write("m/a.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n");
  dir.Write("m/b.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n   oops: 1\n");
  LoadResult load = LoadCluster({dir.Path("m")});
  CHECK(Errors(load.diagnostics) == "error: " + dir.Path("m/b.yaml") + ":5:8: YAML syntax error: illegal map value\n");
  CHECK(load.cluster.FindNamespace("a") != nullptr);

  ClusterConfig skip;
  skip.skip_invalid_documents = true;
  LoadResult lenient = LoadCluster({dir.Path("m")}, skip);
  CHECK_FALSE(lenient.diagnostics.HasErrors());
  CHECK(Messages(lenient.diagnostics).find("warning: " + dir.Path("m/b.yaml") + ":5:8: YAML syntax error") !=
        std::string::npos);

  LoadResult missing = LoadCluster({dir.Path("nope")});
  CHECK(Errors(missing.diagnostics) == "error: " + dir.Path("nope") + ": no such file or folder\n");
}

TEST_CASE("LoadClusterFromTexts takes manifests and scenarios", "[load]") {
  LoadResult load = LoadClusterFromTexts({{"s.yaml", kTwoPods}, {"ns.json", R"({"apiVersion": "v1", "kind": "Namespace",
                                              "metadata": {"name": "other"}})"}});
  INFO(Messages(load.diagnostics));
  CHECK_FALSE(load.diagnostics.HasErrors());
  CHECK(load.cluster.FindPod("shop", "client") != nullptr);
  CHECK(load.cluster.FindNamespace("other") != nullptr);
  CHECK(load.cluster.config.pod_cidr.ToString() == "10.50.0.0/16");

  LoadResult bad = LoadClusterFromTexts({{"bad.json", "{\"kind\": }"}});
  CHECK(Errors(bad.diagnostics) ==
        "error: bad.json:1:10: JSON syntax error: while parsing value - unexpected '}'; "
        "expected '[', '{', or a literal\n");
}

}  // namespace kreach
