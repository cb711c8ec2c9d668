// The loader (fast reader, parallel decoding, the reworked model phase) against the independent oracle of
// tests/support/reference_loader.h: the exact reader's documents, decoded by the same decoders, then registered,
// expanded, addressed, given EndpointSlices and checked by a sequential, map-based rewrite of the documented rules.
// What is compared: the whole Cluster, every field (DumpCluster), and where the messages are (severity and
// Location of each, as a sorted list). The oracle words the messages of its own checks itself and emits them in
// its own order, so their text and order are not compared; the loader's exact messages are pinned by the other
// loader tests. The last test case shows that the comparison fails on a model that is wrong in one place.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "sim/loader/document_internal.h"
#include "sim/loader/loader_internal.h"
#include "sim/loader/scenario.h"
#include "sim/loader/scenario_reader.h"
#include "tests/loader/doc_temp_dir.h"
#include "tests/loader/list_inputs.h"
#include "tests/support/cluster_dump.h"
#include "tests/support/reference_loader.h"

namespace kreach {

namespace {

/// LoadClusterFromTexts the sequential way: the exact reader, then the oracle.
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

/// The first line where two texts differ ("" when they are equal), for a readable failure.
std::string FirstDifference(const std::string& what, const std::string& loader, const std::string& oracle) {
  if (loader == oracle) return "";
  std::istringstream a(loader), b(oracle);
  std::string line_a, line_b;
  for (int line = 1;; ++line) {
    bool more_a = static_cast<bool>(std::getline(a, line_a)), more_b = static_cast<bool>(std::getline(b, line_b));
    if (!more_a) line_a = "(end)";
    if (!more_b) line_b = "(end)";
    if (line_a != line_b || (!more_a && !more_b)) {
      return what + " line " + std::to_string(line) + ":\n  loader: " + line_a + "\n  oracle: " + line_b;
    }
  }
}

/// What the loader and the oracle disagree on: "" when the clusters are equal field by field and the
/// diagnostics are at the same places with the same severities.
std::string Disagreement(const LoadResult& loader, const LoadResult& oracle) {
  std::string cluster =
      FirstDifference("cluster", testing::DumpCluster(loader.cluster), testing::DumpCluster(oracle.cluster));
  if (!cluster.empty()) return cluster;
  return FirstDifference("diagnostic places", testing::DumpDiagnosticPlaces(loader.diagnostics),
                         testing::DumpDiagnosticPlaces(oracle.diagnostics));
}

/// The loader and the oracle agree; returns the oracle's load.
LoadResult ExpectReference(const std::vector<std::pair<std::string, std::string>>& texts, const ClusterConfig& config) {
  LoadResult reference = ReferenceLoad(texts, config);
  LoadResult fast = LoadClusterFromTexts(texts, config);
  INFO((config.skip_invalid_documents ? "skip-invalid" : "strict") << (config.relaxed_validation ? "+relaxed" : ""));
  CHECK(Disagreement(fast, reference) == "");
  return reference;
}

/// LoadScenario with the oracle building the cluster from the scenario's decoded documents.
LoadResult ReferenceScenario(const std::string& path) {
  LoadResult out;
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ScenarioParts parts;
  bool ok = ReadScenarioParts(path, text, std::filesystem::path(path).parent_path().string(), parts, out.diagnostics);
  out.cluster.config = parts.config;
  if (!ok && parts.included.empty() && parts.documents.empty()) return out;
  std::vector<DecodedBlock> blocks = std::move(parts.included);
  std::vector<DecodedBlock> resources = DecodeDocuments(parts.documents, parts.config);
  std::move(resources.begin(), resources.end(), std::back_inserter(blocks));
  out.cluster = testing::reference::BuildCluster(std::move(blocks), parts.config, out.diagnostics);
  return out;
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

TEST_CASE("the loader equals the oracle on the bundled scenarios", "[loader][reference]") {
  int compared = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(std::string(KREACH_SOURCE_DIR) + "/scenarios")) {
    std::string path = entry.path().string();
    if (!IsScenarioFile(path)) continue;
    INFO(path);
    ScenarioLoad fast = LoadScenario(path);
    CHECK(Disagreement(LoadResult{fast.scenario.cluster, fast.diagnostics}, ReferenceScenario(path)) == "");
    ++compared;
  }
  CHECK(compared >= 40);
}

TEST_CASE("the loader equals the oracle on the corpus cases", "[loader][reference]") {
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

TEST_CASE("the loader equals the oracle on generated clusters", "[loader][reference]") {
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

TEST_CASE("the loader equals the oracle on broken Lists, workloads to expand and missing nodes",
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
               {"metadata": {"labels": {"app": "s", "v": ")" +
               n + R"("}}}}})";
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
      default: return PodItem(i, ns);
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

TEST_CASE("the loader equals the oracle when a pod's owner is that of a dropped duplicate", "[loader][reference]") {
  // p1 is first a bare pod; in the List it comes again (a duplicate, dropped) owned by rs-x, then p2 has the same
  // owner: rs-x has pods in the input, so it is not expanded.
  std::string bare = R"({"kind": "Pod", "metadata": {"name": "p1", "namespace": "n"}})";
  std::string list = List(1500, [](int i) {
    std::string owner = R"(, "ownerReferences": [{"kind": "ReplicaSet", "name": "rs-x", "controller": true}])";
    if (i == 0)
      return std::string(R"({"kind": "ReplicaSet", "metadata": {"name": "rs-x", "namespace": "n"}, "spec":
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

TEST_CASE("the loader equals the oracle on addressing and EndpointSlice corner cases", "[loader][reference]") {
  // Clashing and missing addresses, nodes known only by a hostIP, hostNetwork pods, nodePorts shared by a
  // Service's ports or taken twice, a clusterIP outside the range, an expanded pod named like an input pod,
  // CronJobs, Jobs and DaemonSets, named targetPorts some pods lack, and a manual slice named like a generated one.
  std::string objects = R"(
{"kind": "List", "items": [
 {"kind": "Node", "metadata": {"name": "a", "labels": {"role": "x"}}, "status": {"addresses": [{"type": "InternalIP",
  "address": "172.18.0.2"}, {"type": "InternalIP", "address": "172.18.0.2"}]}},
 {"kind": "Node", "metadata": {"name": "b"}, "status": {"addresses": [{"type": "InternalIP", "address": "172.18.0.2"}]}},
 {"kind": "Node", "metadata": {"name": "c"}, "spec": {"podCIDR": "10.244.0.0/24"}},
 {"kind": "Pod", "metadata": {"name": "h1", "namespace": "n", "labels": {"app": "w"}}, "spec": {"hostNetwork": true,
  "nodeName": "a"}},
 {"kind": "Pod", "metadata": {"name": "h2", "namespace": "n"}, "spec": {"hostNetwork": true}, "status": {"podIP":
  "10.1.1.1", "hostIP": "172.18.0.9"}},
 {"kind": "Pod", "metadata": {"name": "byhost", "namespace": "n", "labels": {"app": "w"}}, "status": {"hostIP":
  "172.18.0.2"}},
 {"kind": "Pod", "metadata": {"name": "far", "namespace": "n"}, "spec": {"nodeName": "a"}, "status": {"hostIP":
  "172.18.5.5"}},
 {"kind": "Pod", "metadata": {"name": "ghost", "namespace": "m"}, "spec": {"nodeName": "ghost-node"}, "status":
  {"hostIP": "172.18.7.7"}},
 {"kind": "Pod", "metadata": {"name": "same1", "namespace": "n"}, "status": {"podIP": "10.244.0.2"}},
 {"kind": "Pod", "metadata": {"name": "same2", "namespace": "n"}, "status": {"podIP": "10.244.0.2"}},
 {"kind": "Pod", "metadata": {"name": "done", "namespace": "n"}, "status": {"podIP": "10.244.0.2", "phase":
  "Succeeded"}},
 {"kind": "Pod", "metadata": {"name": "atnode", "namespace": "n"}, "status": {"podIP": "172.18.0.2"}},
 {"kind": "Pod", "metadata": {"name": "st-0", "namespace": "n", "labels": {"app": "w"}}, "spec": {"containers":
  [{"ports": [{"name": "web", "containerPort": 81}]}]}},
 {"kind": "StatefulSet", "metadata": {"name": "st", "namespace": "n"}, "spec": {"replicas": 3, "serviceName": "w",
  "selector": {"matchLabels": {"app": "w"}}, "template": {"metadata": {"labels": {"app": "w"}}, "spec":
  {"containers": [{"ports": [{"name": "web", "containerPort": 80}]}]}}}},
 {"kind": "CronJob", "metadata": {"name": "cj", "namespace": "n"}, "spec": {"schedule": "* * * * *", "jobTemplate":
  {"spec": {"template": {"metadata": {"labels": {"app": "w"}}, "spec": {"containers": [{"name": "c"}]}}}}}},
 {"kind": "Job", "metadata": {"name": "job", "namespace": "j"}, "spec": {"parallelism": 3, "completions": 2,
  "template": {"metadata": {"labels": {"app": "j"}}, "spec": {"containers": [{"name": "c"}]}}}},
 {"kind": "DaemonSet", "metadata": {"name": "ds", "namespace": "n"}, "spec": {"selector": {"matchLabels":
  {"app": "ds"}}, "template": {"metadata": {"labels": {"app": "ds"}}, "spec": {"nodeSelector": {"role": "x"}}}}},
 {"kind": "Service", "metadata": {"name": "w", "namespace": "n"}, "spec": {"type": "NodePort", "selector": {"app":
  "w"}, "publishNotReadyAddresses": true, "ports": [{"name": "a", "port": 53, "protocol": "UDP", "targetPort": "web"},
  {"name": "b", "port": 53, "targetPort": "web"}, {"name": "c", "port": 80, "nodePort": 30000}]}},
 {"kind": "Service", "metadata": {"name": "lb", "namespace": "n"}, "spec": {"type": "LoadBalancer",
  "allocateLoadBalancerNodePorts": false, "selector": {"app": "w"}, "ports": [{"port": 80}]}},
 {"kind": "Service", "metadata": {"name": "np2", "namespace": "m"}, "spec": {"type": "NodePort", "clusterIP":
  "192.168.0.1", "ports": [{"port": 80, "nodePort": 30000}]}},
 {"kind": "Service", "metadata": {"name": "ext", "namespace": "m"}, "spec": {"type": "ExternalName", "externalName":
  "example.com", "selector": {"app": "w"}}},
 {"kind": "EndpointSlice", "metadata": {"name": "w-1", "namespace": "n", "labels": {"kubernetes.io/service-name":
  "other"}}, "addressType": "IPv4", "endpoints": []}
]})";
  // Pods without nodes and no node at all: default nodes, one per 110 pods.
  std::string many = List(230, [](int i) {
    return R"({"kind": "Pod", "metadata": {"name": "p)" + std::to_string(i) + R"(", "namespace": "q"}})";
  });
  for (const ClusterConfig& config : Configs()) {
    ExpectReference({{"objects.json", objects}}, config);
    ExpectReference({{"many.json", many}}, config);
  }
  ClusterConfig tiny;
  tiny.pod_cidr = Cidr{0x0AF40000u, 23};  // two /24s: the third node has none left
  tiny.service_cidr = Cidr{0x0A600000u, 28};
  ExpectReference({{"objects.json", objects}}, tiny);
  LoadResult crowded = ExpectReference({{"many.json", many}}, tiny);
  CHECK(crowded.cluster.nodes.size() == 3);
}

TEST_CASE("the loader equals the oracle on node labels, node selectors and node affinity", "[loader][reference]") {
  // Nodes of the input with and without labels (kubernetes.io/hostname added), implied nodes (named by a pod, or
  // known by a hostIP only), DaemonSets and Deployments whose selectors and affinity accept some, one or no node
  // (dropped, with a warning), a CronJob that no node accepts, and input pods that no node accepts (kept, warned).
  std::string placed = R"(
{"kind": "List", "items": [
 {"kind": "Node", "metadata": {"name": "a", "labels": {"disk": "ssd", "cpus": "8"}}},
 {"kind": "Node", "metadata": {"name": "b", "labels": {"kubernetes.io/hostname": "host-b", "cpus": "2"}}},
 {"kind": "Pod", "metadata": {"name": "pinned", "namespace": "n"}, "spec": {"nodeName": "c"}},
 {"kind": "Pod", "metadata": {"name": "byip", "namespace": "n"}, "status": {"hostIP": "192.0.2.9"}},
 {"kind": "DaemonSet", "metadata": {"name": "linux", "namespace": "n"}, "spec": {"selector": {"matchLabels":
  {"app": "linux"}}, "template": {"metadata": {"labels": {"app": "linux"}}, "spec": {"nodeSelector":
  {"kubernetes.io/os": "linux"}}}}},
 {"kind": "DaemonSet", "metadata": {"name": "big", "namespace": "n"}, "spec": {"selector": {"matchLabels":
  {"app": "big"}}, "template": {"metadata": {"labels": {"app": "big"}}, "spec": {"affinity": {"nodeAffinity":
  {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "cpus",
  "operator": "Gt", "values": ["4"]}]}, {"matchFields": [{"key": "metadata.name", "operator": "In", "values":
  ["b"]}]}]}}}}}}},
 {"kind": "Deployment", "metadata": {"name": "ssd", "namespace": "n"}, "spec": {"replicas": 5, "selector":
  {"matchLabels": {"app": "ssd"}}, "template": {"metadata": {"labels": {"app": "ssd"}}, "spec": {"nodeSelector":
  {"disk": "ssd"}}}}},
 {"kind": "Deployment", "metadata": {"name": "host", "namespace": "n"}, "spec": {"replicas": 2, "selector":
  {"matchLabels": {"app": "host"}}, "template": {"metadata": {"labels": {"app": "host"}}, "spec": {"nodeSelector":
  {"kubernetes.io/hostname": "host-b"}}}}},
 {"kind": "Deployment", "metadata": {"name": "gpu", "namespace": "n"}, "spec": {"replicas": 3, "selector":
  {"matchLabels": {"app": "gpu"}}, "template": {"metadata": {"labels": {"app": "gpu"}}, "spec": {"nodeSelector":
  {"gpu": "true"}}}}},
 {"kind": "Deployment", "metadata": {"name": "both", "namespace": "n"}, "spec": {"selector": {"matchLabels":
  {"app": "both"}}, "template": {"metadata": {"labels": {"app": "both"}}, "spec": {"nodeSelector": {"disk": "ssd"},
  "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms":
  [{"matchExpressions": [{"key": "cpus", "operator": "Lt", "values": ["4"]}]}]}}}}}}},
 {"kind": "CronJob", "metadata": {"name": "nightly", "namespace": "n"}, "spec": {"schedule": "0 0 * * *",
  "jobTemplate": {"spec": {"template": {"metadata": {"labels": {"app": "nightly"}}, "spec": {"affinity":
  {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{}]}}}}}}}}},
 {"kind": "Pod", "metadata": {"name": "lonely", "namespace": "n"}, "spec": {"nodeSelector": {"zone": "z"}}},
 {"kind": "Pod", "metadata": {"name": "fussy", "namespace": "n"}, "spec": {"affinity": {"nodeAffinity":
  {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "disk",
  "operator": "DoesNotExist"}, {"key": "cpus", "operator": "NotIn", "values": ["2"]}]}]}}}}},
 {"kind": "Pod", "metadata": {"name": "zz", "namespace": "n"}}
]})";
  for (const ClusterConfig& config : Configs()) {
    LoadResult r = ExpectReference({{"placed.json", placed}}, config);
    std::size_t warnings = 0;
    for (const Diagnostic& d : r.diagnostics.items()) warnings += d.severity == Severity::kWarning;
    // linux (a and b, the input's Nodes, lack kubernetes.io/os), gpu, both, nightly; lonely (fussy fits c)
    CHECK(warnings == 5);
  }
}

TEST_CASE("the comparison with the oracle finds a model that is wrong in one place", "[loader][reference]") {
  // A load with everything the oracle rebuilds: expanded workloads (assigned nodes and IPs), generated
  // EndpointSlices, NodePorts, ClusterIPs, created namespaces and diagnostics. Each mutation below changes one
  // field of the loader's result; the comparison used above must report it.
  std::vector<std::pair<std::string, std::string>> texts = {{"gen.json", Generated(Preset("L0", 1))},
                                                            {"broken.json", List(400, BrokenItem)}};
  const LoadResult loader = LoadClusterFromTexts(texts, ClusterConfig{});
  const LoadResult oracle = ReferenceLoad(texts, ClusterConfig{});
  REQUIRE(Disagreement(loader, oracle) == "");

  auto first_assigned = [](Cluster& c) -> Pod& {
    auto it = std::find_if(c.pods.begin(), c.pods.end(), [](const Pod& p) { return p.ip_assigned && p.owner; });
    REQUIRE(it != c.pods.end());
    return *it;
  };
  auto first_endpoint = [](Cluster& c) -> Endpoint& {
    auto it = std::find_if(c.endpoint_slices.begin(), c.endpoint_slices.end(),
                           [](const EndpointSlice& e) { return e.generated && !e.endpoints.empty(); });
    REQUIRE(it != c.endpoint_slices.end());
    return it->endpoints.back();
  };
  auto first_node_port = [](Cluster& c) -> ServicePort& {
    for (Service& s : c.services) {
      for (ServicePort& p : s.ports) {
        if (p.node_port != 0) return p;
      }
    }
    FAIL("no nodePort");
    throw 0;
  };
  REQUIRE(!loader.diagnostics.items().empty());
  const std::vector<std::pair<const char*, std::function<void(LoadResult&)>>> mutations = {
      {"an expanded pod's assigned IP", [&](LoadResult& r) { first_assigned(r.cluster).ip += 1; }},
      {"an expanded pod's node", [&](LoadResult& r) { first_assigned(r.cluster).node = "elsewhere"; }},
      {"an expanded pod's name", [&](LoadResult& r) { first_assigned(r.cluster).name += "x"; }},
      {"an expanded pod's labels", [&](LoadResult& r) { first_assigned(r.cluster).labels["extra"] = "1"; }},
      {"an EndpointSlice endpoint's address", [&](LoadResult& r) { first_endpoint(r.cluster).addresses[0] += 1; }},
      {"an EndpointSlice endpoint's ready condition",
       [&](LoadResult& r) { first_endpoint(r.cluster).ready = !first_endpoint(r.cluster).ready; }},
      {"an EndpointSlice endpoint dropped",
       [&](LoadResult& r) {
         auto it = std::find_if(r.cluster.endpoint_slices.begin(), r.cluster.endpoint_slices.end(),
                                [](const EndpointSlice& e) { return e.generated && !e.endpoints.empty(); });
         it->endpoints.pop_back();
       }},
      {"a generated EndpointSlice dropped",
       [&](LoadResult& r) {
         auto it = std::find_if(r.cluster.endpoint_slices.begin(), r.cluster.endpoint_slices.end(),
                                [](const EndpointSlice& e) { return e.generated; });
         r.cluster.endpoint_slices.erase(it);
       }},
      {"a node's podCIDR", [&](LoadResult& r) { r.cluster.nodes.back().pod_cidr->base += 256; }},
      {"a Service's ClusterIP", [&](LoadResult& r) { r.cluster.services.back().cluster_ips = {0x0A600001u}; }},
      {"a nodePort", [&](LoadResult& r) { first_node_port(r.cluster).node_port += 1; }},
      {"whether kreach chose a nodePort",
       [&](LoadResult& r) {
         first_node_port(r.cluster).node_port_assigned = !first_node_port(r.cluster).node_port_assigned;
       }},
      {"a created namespace's origin", [&](LoadResult& r) { r.cluster.namespaces.front().origin.doc += 1; }},
      {"two pods swapped", [&](LoadResult& r) { std::swap(r.cluster.pods[0], r.cluster.pods[1]); }},
      {"a diagnostic's place",
       [&](LoadResult& r) {
         Diagnostics moved;
         const std::vector<Diagnostic>& items = r.diagnostics.items();
         for (std::size_t i = 0; i < items.size(); ++i) {
           Location where = items[i].where;
           if (i + 1 == items.size()) where.path += ".x";
           moved.Add(items[i].severity, where, items[i].message);
         }
         r.diagnostics = moved;
       }},
      {"a diagnostic's severity",
       [&](LoadResult& r) {
         Diagnostics changed;
         for (const Diagnostic& d : r.diagnostics.items()) {
           Severity other = d.severity == Severity::kError ? Severity::kWarning : Severity::kError;
           changed.Add(&d == &r.diagnostics.items().front() ? other : d.severity, d.where, d.message);
         }
         r.diagnostics = changed;
       }},
      {"a diagnostic dropped",
       [&](LoadResult& r) {
         Diagnostics fewer;
         for (std::size_t i = 1; i < r.diagnostics.items().size(); ++i) {
           const Diagnostic& d = r.diagnostics.items()[i];
           fewer.Add(d.severity, d.where, d.message);
         }
         r.diagnostics = fewer;
       }},
  };
  for (const auto& [what, mutate] : mutations) {
    INFO("mutated: " << what);
    LoadResult wrong = loader;
    mutate(wrong);
    std::string found = Disagreement(wrong, oracle);
    CHECK(found != "");
    // The comparison is symmetric: a wrong oracle is caught as well.
    CHECK(Disagreement(loader, wrong) != "");
  }
}

}  // namespace kreach
