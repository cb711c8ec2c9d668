// The implied-objects stage (sim/net/implied_objects.h): what it adds, that it never edits the input, and that every
// command answers about the same pods, up to the one rule for implied objects.
#include "sim/net/implied_objects.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "sim/loader/loader.h"
#include "sim/loader/scenario.h"
#include "sim/net/network.h"
#include "sim/report/connlist.h"
#include "sim/report/matrix.h"

namespace kreach {
namespace {

namespace fs = std::filesystem;

Cluster Load(const std::string& yaml) {
  LoadResult r = LoadClusterFromTexts({{"implied.yaml", yaml}}, ClusterConfig{});
  for (const Diagnostic& d : r.diagnostics.items()) INFO(d.ToString());
  REQUIRE_FALSE(r.diagnostics.HasErrors());
  return std::move(r.cluster);
}

std::set<std::string> PodKeys(const Cluster& c, bool with_implied) {
  std::set<std::string> out;
  for (const Pod& p : c.pods) {
    if (with_implied || !IsImplied(p.origin)) out.insert(p.Key());
  }
  return out;
}

const char* kNoDns = R"(
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: app, labels: {app: client}}
spec: {containers: [{name: c, image: x}]}
)";

const char* kIngressWithoutController = R"(
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
  - host: shop.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
)";

TEST_CASE("implied: a missing cluster DNS Service is added to cluster(), never to input()", "[implied]") {
  std::shared_ptr<const ImpliedCluster> world = ImpliedCluster::Build(Load(kNoDns));
  CHECK(world->input().FindService("kube-system", "kube-dns") == nullptr);
  const Service* dns = world->cluster().FindService("kube-system", "kube-dns");
  REQUIRE(dns != nullptr);
  CHECK(IsImplied(dns->origin));
  CHECK(PodKeys(world->input(), true) == std::set<std::string>{"app/client"});
  CHECK(PodKeys(world->cluster(), true) == std::set<std::string>{"app/client", "kube-system/coredns-implied"});
  CHECK(world->cluster().FindNamespace("kube-system") != nullptr);
  CHECK(world->input().FindNamespace("kube-system") == nullptr);
  REQUIRE(world->notes().size() == 2);  // the DNS note, then the API server's
  CHECK(world->dns_note() == world->notes().front());
  CHECK(world->dns_note().find("kreach implies it with one CoreDNS pod kube-system/coredns-implied") !=
        std::string::npos);
  CHECK(&world->For(ImpliedCluster::View::kInput) == &world->input());
  CHECK(&world->For(ImpliedCluster::View::kPath) == &world->cluster());
}

TEST_CASE("implied: nothing implied, no copy: cluster() is input()", "[implied]") {
  Cluster c = Load(kNoDns);
  c.config.implied_dns = false;
  c.config.implied_api_server = false;
  std::shared_ptr<const ImpliedCluster> world = ImpliedCluster::Build(std::move(c));
  CHECK(&world->cluster() == &world->input());
  CHECK(world->notes().empty());
  CHECK(world->controllers().empty());
}

TEST_CASE("implied: an Ingress without controller pods gets an implied controller", "[implied]") {
  std::shared_ptr<const ImpliedCluster> world = ImpliedCluster::Build(Load(kIngressWithoutController));
  REQUIRE(world->controllers().size() == 1);
  const ControllerPlan& plan = world->controllers().front();
  CHECK(plan.implied);
  CHECK(plan.ingress_class.empty());
  CHECK(plan.pod_keys == std::vector<std::string>{"ingress-nginx/ingress-nginx-controller-implied"});
  CHECK(plan.note.find("no ingress controller pods in the input: kreach implies "
                       "ingress-nginx/ingress-nginx-controller-implied") == 0);
  CHECK(world->notes().size() == 3);  // the DNS note, the API server's, then the controller's
  const Pod* pod = world->cluster().FindPod("ingress-nginx", "ingress-nginx-controller-implied");
  REQUIRE(pod != nullptr);
  CHECK(IsImplied(pod->origin));
  CHECK(world->input().FindPod("ingress-nginx", "ingress-nginx-controller-implied") == nullptr);
  Network net(world, PolicyOptions{});
  REQUIRE(net.controllers().size() == 1);
  CHECK(net.controllers().front().implied);
  CHECK(net.controllers().front().note == plan.note);
  REQUIRE(net.controllers().front().pods.size() == 1);
  CHECK(net.controllers().front().pods.front() == pod);  // the network points into the stage's cluster
}

/// Every bundled scenario file (scenarios/**/*.yaml with `cluster:`), loaded as `kreach check` loads it.
std::vector<fs::path> BundledScenarios() {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(KREACH_SOURCE_DIR) / "scenarios")) {
    if (e.is_regular_file() && e.path().extension() == ".yaml" && IsScenarioFile(e.path().string())) {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("implied: matrix, list, query and render agree on the pods of every bundled scenario", "[implied]") {
  std::vector<fs::path> files = BundledScenarios();
  REQUIRE(files.size() >= 50);
  std::size_t with_implied = 0;
  for (const fs::path& file : files) {
    INFO(file.string());
    ScenarioLoad load = LoadScenario(file.string());
    if (load.diagnostics.HasErrors()) continue;  // scenarios that are wrong on purpose
    std::shared_ptr<const ImpliedCluster> world = ImpliedCluster::Build(load.scenario.cluster);
    const std::set<std::string> input = PodKeys(load.scenario.cluster, true);
    // The input is what was loaded, untouched.
    CHECK(PodKeys(world->input(), true) == input);
    // query, check and render: the network's pods are the input's plus the implied ones, and nothing else.
    Network net(world, load.scenario.options);
    CHECK(PodKeys(net.cluster(), false) == input);
    with_implied += PodKeys(net.cluster(), true).size() > input.size();
    // matrix (pod level) and list: exactly the input's pods.
    Matrix m =
        ComputeMatrix(world->For(ImpliedCluster::View::kInput), load.scenario.options, MatrixLevel::kPod, std::nullopt);
    CHECK(std::set<std::string>(m.names.begin(), m.names.end()) == input);
    ConnList list = ComputeConnList(world->For(ImpliedCluster::View::kInput), load.scenario.options);
    for (const ConnListPeer& peer : list.workloads) CHECK(peer.workload.name.find("-implied") == std::string::npos);
    // matrix --to-services: rows are the input's pods too.
    Matrix services = ComputeServiceMatrix(net, MatrixLevel::kPod);
    for (const std::string& name : services.names) CHECK(input.count(name) == 1);
  }
  CHECK(with_implied > 10);  // the rule is exercised: many scenarios rely on implied DNS or controllers
}

}  // namespace
}  // namespace kreach
