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

/// Two ingress-nginx releases whose pods both carry the default controller labels; each says its class in its args
/// (the second gives its flags as separate words, and --ingress-class-by-name in a third release serves by name).
const char* kTwoReleases = R"yaml(
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: internal}
spec: {controller: example.com/internal}
---
apiVersion: v1
kind: Pod
metadata: {name: public, namespace: edge, labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}}
spec: {containers: [{name: c, image: x, args: [/nginx-ingress-controller, "--controller-class=k8s.io/ingress-nginx"]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: plain, namespace: edge, labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}}
spec: {containers: [{name: c, image: x}]}
---
apiVersion: v1
kind: Pod
metadata: {name: inner, namespace: inner, labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}}
spec: {containers: [{name: c, image: x, command: [/nginx-ingress-controller, --controller-class, example.com/internal]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: byname, namespace: other, labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}}
spec: {containers: [{name: c, image: x, args: ["--controller-class=example.com/x", "--ingress-class=nginx", "--ingress-class-by-name"]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: env, namespace: other, labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}}
spec: {containers: [{name: c, image: x, args: ["--controller-class=$(CLASS)"]}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec: {ingressClassName: nginx, defaultBackend: {service: {name: web, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: tools, namespace: shop}
spec: {ingressClassName: internal, defaultBackend: {service: {name: web, port: {number: 80}}}}
)yaml";

TEST_CASE("implied: controller pods are chosen by labels and by the class their --controller-class names",
          "[implied]") {
  Cluster c = Load(kTwoReleases);
  const Pod* inner = c.FindPod("inner", "inner");
  REQUIRE(inner != nullptr);
  CHECK(inner->ingress_class_flags == std::vector<std::string>{"--controller-class=example.com/internal"});
  std::shared_ptr<const ImpliedCluster> world = ImpliedCluster::Build(std::move(c));
  REQUIRE(world->controllers().size() == 2);
  const ControllerPlan& internal = world->controllers()[0];  // IngressClass order
  const ControllerPlan& nginx = world->controllers()[1];
  CHECK(nginx.ingress_class == "nginx");
  CHECK_FALSE(nginx.implied);
  // The pod that names the class's controller, the one that says nothing, the one that serves by name, the one
  // whose flag kreach cannot read: not the pod of the other release.
  CHECK(nginx.pod_keys == std::vector<std::string>{"edge/plain", "edge/public", "other/byname", "other/env"});
  CHECK(nginx.note ==
        "pods with cluster.ingressController.podLabels whose --controller-class names another controller do not serve "
        "IngressClass nginx (controller k8s.io/ingress-nginx): inner/inner (--controller-class=example.com/internal)");
  CHECK(std::count(world->notes().begin(), world->notes().end(), nginx.note) == 1);
  CHECK(nginx.left_out == nginx.note);
  // The other controller's class is served by the pod that names it, not by an implied pod.
  CHECK(internal.ingress_class == "internal");
  CHECK_FALSE(internal.implied);
  CHECK(internal.pod_keys == std::vector<std::string>{"inner/inner"});
  CHECK(internal.note.empty());
  Network net(world, PolicyOptions{});
  REQUIRE(net.controllers().size() == 2);
  CHECK(net.controllers()[1].note == nginx.note);  // query shows it on paths through the controller
}

TEST_CASE("implied: when every labelled pod names another controller, the class gets an implied pod", "[implied]") {
  Cluster c = Load(kTwoReleases);
  c.ingresses.erase(
      std::remove_if(c.ingresses.begin(), c.ingresses.end(), [](const Ingress& i) { return i.name == "tools"; }),
      c.ingresses.end());
  c.pods.erase(std::remove_if(c.pods.begin(), c.pods.end(), [](const Pod& p) { return p.ns != "inner"; }),
               c.pods.end());
  std::shared_ptr<const ImpliedCluster> world = ImpliedCluster::Build(std::move(c));
  REQUIRE(world->controllers().size() == 1);
  const ControllerPlan& nginx = world->controllers().front();
  CHECK(nginx.implied);
  CHECK(nginx.pod_keys == std::vector<std::string>{"ingress-nginx/ingress-nginx-controller-implied"});
  CHECK(nginx.note.find("inner/inner (--controller-class=example.com/internal); no ingress controller pods in the "
                        "input for IngressClass nginx: kreach implies") != std::string::npos);
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
