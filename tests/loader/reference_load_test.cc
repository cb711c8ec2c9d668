// The loader (fast reader, parallel decoding, the reworked model phase) against the sequential reference of
// tests/support/reference_loader.h: the exact reader's documents, registered one after the other and built with
// the original expansion, addressing, EndpointSlice and owner-label code. Same cluster, same messages.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "sim/loader/document_internal.h"
#include "sim/loader/loader_internal.h"
#include "tests/loader/doc_temp_dir.h"
#include "tests/loader/list_inputs.h"
#include "tests/support/cluster_dump.h"
#include "tests/support/reference_loader.h"

namespace kreach {

namespace {

/// LoadClusterFromTexts the sequential way: the exact reader, then the reference build.
LoadResult ReferenceLoad(const std::vector<std::pair<std::string, std::string>>& texts, const ClusterConfig& config) {
  LoadResult out;
  std::vector<Document> docs;
  for (const auto& [source, text] : texts) {
    Diagnostics parse_diag;
    for (TextValue& v : ReadTextValues(source, text, 0, parse_diag, ReaderMode::kExact)) {
      if (!v.value.is_null()) AddDocument(source, v.index, "", std::move(v.value), docs, parse_diag);
    }
    for (const Diagnostic& d : parse_diag.items()) {
      out.diagnostics.Add(config.skip_invalid_documents ? Severity::kWarning : d.severity, d.where, d.message);
    }
  }
  out.cluster = testing::reference::BuildCluster(docs, config, out.diagnostics);
  return out;
}

/// The loader and the reference give the same dumps; returns the reference's load.
LoadResult ExpectReference(const std::vector<std::pair<std::string, std::string>>& texts,
                           const ClusterConfig& config) {
  LoadResult reference = ReferenceLoad(texts, config);
  LoadResult fast = LoadClusterFromTexts(texts, config);
  INFO((config.skip_invalid_documents ? "skip-invalid" : "strict") << (config.relaxed_validation ? "+relaxed" : ""));
  CHECK(testing::DumpDiagnostics(fast.diagnostics) == testing::DumpDiagnostics(reference.diagnostics));
  CHECK(testing::DumpCluster(fast.cluster) == testing::DumpCluster(reference.cluster));
  return reference;
}

std::vector<ClusterConfig> Configs() {
  std::vector<ClusterConfig> out(4);
  out[1].skip_invalid_documents = true;
  out[2].relaxed_validation = true;
  out[3].skip_invalid_documents = true;
  out[3].relaxed_validation = true;
  return out;
}

}  // namespace

TEST_CASE("the loader equals the sequential reference on the corpus cases", "[loader][reference]") {
  std::filesystem::path cases = std::filesystem::path(KREACH_SHARED_DIR) / "conformance/netpol-analyzer/cases";
  if (!std::filesystem::exists(cases)) return;  // the corpus tests say where they looked
  int compared = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(cases)) {
    std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".json" && ext != ".yaml" && ext != ".yml")) continue;
    INFO(entry.path().string());
    std::ifstream in(entry.path(), std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const ClusterConfig& config : Configs()) ExpectReference({{entry.path().string(), text}}, config);
    ++compared;
  }
  CHECK(compared >= 100);
}

TEST_CASE("the loader equals the sequential reference on generated clusters", "[loader][reference]") {
  std::vector<GeneratorParams> variants = {Preset("L0", 1), Preset("L1", 2), Preset("L2", 3)};
  GeneratorParams stateful = Preset("L1", 3);
  stateful.statefulset_percent = 70;
  stateful.nodeport_percent = 50;
  variants.push_back(stateful);
  GeneratorParams random = Preset("L1", 4);
  random.style = PolicyStyle::kRandom;
  variants.push_back(random);
  GeneratorParams adversarial = Preset("L1", 5);
  adversarial.style = PolicyStyle::kAdversarial;
  variants.push_back(adversarial);
  for (const GeneratorParams& params : variants) {
    INFO("seed " << params.seed << ", " << params.pods << " pods, style " << PolicyStyleName(params.style));
    ExpectReference({{"gen.json", Generated(params)}}, ClusterConfig{});
  }
}

TEST_CASE("the loader equals the sequential reference on broken Lists, workloads to expand and missing nodes",
          "[loader][reference]") {
  // Workloads without their pods are expanded (Deployments, StatefulSets, DaemonSets on the nodes declared
  // here); pods without nodeName, IPs or hostIP get nodes and addresses assigned; Services select them.
  std::string expand = List(2600, [](int i) {
    std::string n = std::to_string(i);
    std::string ns = "e" + std::to_string(i % 4);
    switch (i % 9) {
      case 0:
        return R"({"kind": "Deployment", "metadata": {"name": "d)" + n + R"(", "namespace": ")" + ns +
               R"("}, "spec": {"replicas": 3, "template": {"metadata": {"labels": {"app": "d)" + std::to_string(i % 5) +
               R"("}}, "spec": {"containers": [{"ports": [{"name": "web", "containerPort": 80}]}]}}}})";
      case 1:
        return R"({"kind": "StatefulSet", "metadata": {"name": "s)" + n + R"(", "namespace": ")" + ns +
               R"("}, "spec": {"replicas": 2, "serviceName": "svc)" + std::to_string(i % 7) + R"(", "template":
               {"metadata": {"labels": {"app": "s", "v": ")" + n + R"("}}}}})";
      case 2:
        return R"({"kind": "DaemonSet", "metadata": {"name": "ds)" + n + R"(", "namespace": ")" + ns +
               R"("}, "spec": {"template": {"metadata": {"labels": {"app": "ds"}}, "spec": {"nodeSelector":
               {"zone": "a"}}}}})";
      case 3:
        if (i % 90 != 3) return PodItem(i, ns);  // a few nodes: each takes a /24 of the pod CIDR
        return R"({"kind": "Node", "metadata": {"name": "node-)" + n + R"(", "labels": {"zone": ")" +
               (i % 180 == 3 ? "a" : "b") + R"("}}})";
      case 4:
        return R"({"kind": "Service", "metadata": {"name": "svc)" + std::to_string(i % 7) + R"(", "namespace": ")" +
               ns + R"("}, "spec": {"clusterIP": "None", "selector": {"app": "s"}, "ports": [{"port": 80,
               "targetPort": "web"}]}})";
      case 5:
        return R"({"kind": "NetworkPolicy", "metadata": {"name": "np)" + n + R"(", "namespace": ")" + ns +
               R"("}, "spec": {"podSelector": {"matchLabels": {"statefulset.kubernetes.io/pod-name": "s)" +
               std::to_string(i - 4) + R"(-0"}}, "ingress": [{"from": [{"podSelector": {"matchExpressions": [{"key":
               "statefulset.kubernetes.io/pod-name", "operator": "In", "values": ["s1-1", "s10-0"]}]},
               "namespaceSelector": {}}]}]}})";  // split StatefulSets: owner-label warnings
      case 6:
        return R"({"kind": "Service", "metadata": {"name": "lb)" + n + R"(", "namespace": ")" + ns +
               R"("}, "spec": {"type": "LoadBalancer", "selector": {"app": "d1"}, "ports": [{"name": "a", "port": 80},
               {"name": "b", "port": 81, "protocol": "UDP"}]}})";
      default:
        return PodItem(i, ns);
    }
  });
  std::vector<std::pair<std::string, std::string>> inputs = {{"expand.json", expand},
                                                             {"broken.json", List(4000, BrokenItem)}};
  for (const ClusterConfig& config : Configs()) {
    LoadResult expanded = ExpectReference({inputs[0]}, config);
    // The input exercises what it is for: expansion, assigned nodes and addresses, slices, split owners.
    CHECK(expanded.cluster.pods.size() > 2600);
    CHECK(std::any_of(expanded.cluster.pods.begin(), expanded.cluster.pods.end(),
                      [](const Pod& p) { return p.ip_assigned && p.owner && p.owner->kind == "StatefulSet"; }));
    CHECK(std::any_of(expanded.cluster.endpoint_slices.begin(), expanded.cluster.endpoint_slices.end(),
                      [](const EndpointSlice& e) { return e.generated && !e.endpoints.empty(); }));
    CHECK(testing::DumpDiagnostics(expanded.diagnostics).find("matches only some pods of StatefulSet") !=
          std::string::npos);
    ExpectReference({inputs[1]}, config);
    ExpectReference(inputs, config);
  }
}

TEST_CASE("the loader equals the sequential reference when a pod's owner is that of a dropped duplicate",
          "[loader][reference]") {
  // p1 is first a bare pod; in the List it comes again (a duplicate, dropped) owned by rs-x, then p2 has the same
  // owner: rs-x has pods in the input, so it is not expanded.
  std::string bare = R"({"kind": "Pod", "metadata": {"name": "p1", "namespace": "n"}})";
  std::string list = List(1500, [](int i) {
    std::string owner = R"(, "ownerReferences": [{"kind": "ReplicaSet", "name": "rs-x", "controller": true}])";
    if (i == 0) return std::string(R"({"kind": "ReplicaSet", "metadata": {"name": "rs-x", "namespace": "n"}, "spec":
        {"replicas": 4, "selector": {"matchLabels": {"app": "x"}}, "template": {"metadata": {"labels": {"app":
        "x"}}}}})");
    if (i == 1) return R"({"kind": "Pod", "metadata": {"name": "p1", "namespace": "n")" + owner + "}}";
    if (i == 2) return R"({"kind": "Pod", "metadata": {"name": "p2", "namespace": "n")" + owner + "}}";
    return PodItem(i, "other");
  });
  for (const ClusterConfig& config : Configs()) {
    LoadResult reference = ExpectReference({{"bare.json", bare}, {"list.json", list}}, config);
    CHECK(std::none_of(reference.cluster.pods.begin(), reference.cluster.pods.end(),
                       [](const Pod& p) { return p.name.rfind("rs-x-", 0) == 0; }));
  }
}

}  // namespace kreach
