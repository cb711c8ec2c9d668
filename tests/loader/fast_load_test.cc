// The fast loader (a JSON List decoded straight from simdjson on two threads, documents decoded in parallel, the
// reworked model phase) must give exactly the cluster and the diagnostics of the exact reader decoding one
// document after the other: every field of every object, every message with its location, in order.
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "sim/generate/generate.h"
#include "sim/loader/build_cluster.h"
#include "sim/loader/document_internal.h"
#include "sim/loader/json_fast.h"
#include "sim/loader/loader_internal.h"
#include "tests/loader/doc_temp_dir.h"
#include "tests/loader/list_inputs.h"
#include "tests/support/cluster_dump.h"

namespace kreach {

namespace {

using Texts = std::vector<std::pair<std::string, std::string>>;

std::vector<ClusterConfig> Configs() {
  std::vector<ClusterConfig> out(4);
  out[1].skip_invalid_documents = true;
  out[2].relaxed_validation = true;
  out[3].skip_invalid_documents = true;
  out[3].relaxed_validation = true;
  return out;
}

std::string ConfigName(const ClusterConfig& c) {
  return std::string(c.skip_invalid_documents ? "skip-invalid" : "strict") + (c.relaxed_validation ? "+relaxed" : "");
}

/// Fast and exact loads of the same texts give the same dumps. Returns the exact load's diagnostics dump.
std::string ExpectSameFromTexts(const Texts& texts, const ClusterConfig& config) {
  LoadResult exact = LoadClusterFromTextsWith(texts, config, ReaderMode::kExact);
  LoadResult fast = LoadClusterFromTextsWith(texts, config, ReaderMode::kFast);
  INFO(ConfigName(config));
  std::string exact_diag = testing::DumpDiagnostics(exact.diagnostics);
  CHECK(testing::DumpDiagnostics(fast.diagnostics) == exact_diag);
  CHECK(testing::DumpCluster(fast.cluster) == testing::DumpCluster(exact.cluster));
  return exact_diag;
}

void ExpectSameFromFiles(const std::vector<std::string>& inputs, const ClusterConfig& config) {
  LoadResult exact = LoadClusterWith(inputs, config, ReaderMode::kExact);
  LoadResult fast = LoadClusterWith(inputs, config, ReaderMode::kFast);
  INFO(ConfigName(config));
  CHECK(testing::DumpDiagnostics(fast.diagnostics) == testing::DumpDiagnostics(exact.diagnostics));
  CHECK(testing::DumpCluster(fast.cluster) == testing::DumpCluster(exact.cluster));
}

/// True when the fast List decoder takes `text` whole (and so the comparison above covered it).
bool FastListTakes(const std::string& text) {
  std::vector<DecodedBlock> blocks;
  std::string padded = text;
  padded.reserve(padded.size() + 64);
  return DecodeJsonList("t.json", padded, padded.capacity(), ClusterConfig(), blocks);
}

/// The items decoded by the second thread from its own scan (as if simdjson's split were slow) give the exact
/// load's cluster and messages too.
void ExpectSameWhenScannedAhead(const std::string& text, const ClusterConfig& config) {
  std::string padded = text;
  padded.reserve(padded.size() + 64);
  std::vector<DecodedBlock> blocks;
  REQUIRE(DecodeJsonList("s.json", padded, padded.capacity(), config, blocks,
                         /*scan_everything=*/true));
  Diagnostics diag;
  Cluster scanned = BuildClusterFromBlocks(std::move(blocks), config, diag);
  LoadResult exact = LoadClusterFromTextsWith({{"s.json", text}}, config, ReaderMode::kExact);
  CHECK(testing::DumpDiagnostics(diag) == testing::DumpDiagnostics(exact.diagnostics));
  CHECK(testing::DumpCluster(scanned) == testing::DumpCluster(exact.cluster));
}

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("fast load equals the exact load on every JSON file of the project and the corpus", "[loader][fast]") {
  std::vector<std::filesystem::path> roots = {std::filesystem::path(KREACH_SOURCE_DIR) / "scenarios",
                                              std::filesystem::path(KREACH_SOURCE_DIR) / "tests",
                                              std::filesystem::path(KREACH_SHARED_DIR) / "conformance/netpol-analyzer"};
  int files = 0, lists = 0;
  for (const auto& root : roots) {
    if (!std::filesystem::exists(root)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
      INFO(entry.path().string());
      std::string text = ReadAll(entry.path());
      for (const ClusterConfig& config : Configs()) {
        ExpectSameFromTexts({{entry.path().string(), text}}, config);
        ExpectSameFromFiles({entry.path().string()}, config);
      }
      ++files;
      lists += FastListTakes(text) ? 1 : 0;
    }
  }
  CHECK(files >= 60);
  CHECK(lists >= 20);  // the fast List decoder took these
  // Whole case folders (files mixed with YAML) too.
  std::filesystem::path cases = std::filesystem::path(KREACH_SHARED_DIR) / "conformance/netpol-analyzer/cases";
  if (std::filesystem::exists(cases)) {
    for (const auto& entry : std::filesystem::directory_iterator(cases)) {
      if (!entry.is_directory()) continue;
      INFO(entry.path().string());
      ExpectSameFromFiles({entry.path().string()}, Configs()[2]);
    }
  }
}

TEST_CASE("fast load equals the exact load on generated clusters", "[loader][fast]") {
  std::vector<GeneratorParams> variants;
  for (std::uint64_t seed : {1, 2, 3}) variants.push_back(Preset("L0", seed));
  for (std::uint64_t seed : {1, 7}) variants.push_back(Preset("L1", seed));
  GeneratorParams stateful = Preset("L1", 3);
  stateful.statefulset_percent = 60;
  stateful.nodeport_percent = 40;
  variants.push_back(stateful);
  GeneratorParams random = Preset("L1", 4);
  random.style = PolicyStyle::kRandom;
  variants.push_back(random);
  GeneratorParams adversarial = Preset("L1", 5);
  adversarial.style = PolicyStyle::kAdversarial;
  adversarial.dns = false;
  variants.push_back(adversarial);
  variants.push_back(Preset("L2", 1));
  for (const GeneratorParams& params : variants) {
    INFO("seed " << params.seed << ", " << params.pods << " pods, style " << PolicyStyleName(params.style));
    std::string text = Generated(params);
    REQUIRE(FastListTakes(text));
    ExpectSameFromTexts({{"gen.json", text}}, ClusterConfig{});
    ClusterConfig relaxed;
    relaxed.relaxed_validation = true;
    relaxed.skip_invalid_documents = true;
    ExpectSameFromTexts({{"gen.json", text}}, relaxed);
  }
  // Through a file: read into a padded buffer, decoded by simdjson from there.
  TempDir dir;
  std::string path = dir.Write("gen.json", Generated(Preset("L1", 9)));
  ExpectSameFromFiles({path}, ClusterConfig{});
}

TEST_CASE("fast load equals the exact load on a large List with broken items of every kind", "[loader][fast]") {
  std::string text = List(5000, BrokenItem);
  REQUIRE(FastListTakes(text));  // problems inside items are decoded item by item, not left to the slow reader
  // A second file defines some of the same objects again, and a first file defines some before.
  Texts texts = {{"before.json", List(3, [](int i) { return PodItem(i * 61 + 40, "ns" + std::to_string(i)); })},
                 {"big.json", text},
                 {"after.yaml",
                  "kind: Pod\nmetadata: {name: p100, namespace: ns2}\n---\nkind: Service\n"
                  "metadata: {name: s11, namespace: ns4}\nspec: {ports: [{port: 1}]}\n"}};
  for (const ClusterConfig& config : Configs()) {
    std::string diagnostics = ExpectSameFromTexts(texts, config);
    CHECK(diagnostics.find("duplicate Pod") != std::string::npos);
    CHECK(diagnostics.find("must be a string") != std::string::npos);
  }
  TempDir dir;
  std::vector<std::string> files = {dir.Write("before.json", texts[0].second), dir.Write("big.json", text),
                                    dir.Write("after.yaml", texts[2].second)};
  for (const ClusterConfig& config : Configs()) ExpectSameFromFiles(files, config);
  ExpectSameFromFiles({dir.Path()}, Configs()[1]);  // the folder
}

TEST_CASE("fast load equals the exact load on typed Lists and on Lists the fast decoder leaves alone",
          "[loader][fast]") {
  auto bare_pod = [](int i) {
    return R"({"metadata": {"name": "p)" + std::to_string(i) + R"("}, "spec": {"containers": []}})";
  };
  std::string pod_list = List(3000, bare_pod, "PodList");
  CHECK(FastListTakes(pod_list));
  std::string plain_list = List(3000, bare_pod);  // items without kind in a plain List: errors
  CHECK(FastListTakes(plain_list));
  std::string big = List(3000, BrokenItem);
  std::vector<std::pair<std::string, bool>> texts = {
      {pod_list, true},
      {plain_list, true},
      {List(2100,
            [](int i) {
              return i == 1500 ? std::string(R"({"kind": "List", "items": [{"kind": "Pod",
        "metadata": {"name": "inner"}}]})")
                               : PodItem(i, "a");
            }),
       false},  // a nested List is flattened
      {List(2100, [](int i) { return i == 7 ? std::string("[1, 2]") : PodItem(i, "a"); }), false},  // not an object
      {List(2100, [](int i) { return i == 2050 ? std::string(R"({"kind": "Pod", "kind": "Pod"})") : PodItem(i, "a"); }),
       false},  // a repeated key
      {List(2100,
            [](int i) {
              return i == 9
                         ? std::string(R"({"kind": "Pod", "x": )") + std::string(250, '[') + std::string(250, ']') + "}"
                         : PodItem(i, "a");
            }),
       false},  // too deep
      {List(2100, [](int i) { return i == 9 ? std::string(R"({"kind": "Pod", "x": 1e400})") : PodItem(i, "a"); }),
       false},                        // a number simdjson cannot hold
      {big + "\n" + big, false},      // two values
      {"\xEF\xBB\xBF" + big, false},  // a byte-order mark
      {R"({"kind": "List", "items": null})", false},
      {R"({"kind": "List", "items": [], "kind": "List"})", false},                       // a repeated top-level key
      {R"({"kind": 5, "items": [{"kind": "Pod", "metadata": {"name": "x"}}]})", false},  // not a List
      {R"({"kind": "Pod", "metadata": {"name": "single"}})", false},
      {R"({"kind": "List", "apiVersion": "v1", "items": [{"kind": "Pod", "metadata": {"name": "a"}}],
          "metadata": {"x": [1, {"y": "\u00e9"}]}})",
       true},
      {R"({"kind": "List", "items": [{"kind": "Pod", "metadata": {"name": "a\ud800"}}]})", false},  // bad escape
      {R"({"kind": "List", "items": [{"kind": "Pod", "metadata": {"name": "a"}},]})", false},       // syntax error
  };
  for (const auto& [text, taken] : texts) {
    INFO(text.substr(0, 200));
    CHECK(FastListTakes(text) == taken);
    for (const ClusterConfig& config : Configs()) ExpectSameFromTexts({{"l.json", text}}, config);
  }
}

TEST_CASE("fast load equals the exact load where items are found before simdjson's split ends", "[loader][fast]") {
  // Items whose strings hold what a structure scanner could trip on: braces, brackets, quotes, backslashes,
  // commas, unicode escapes; the List's kind first (the second thread scans ahead), after the items (it waits),
  // a typed list with and without its apiVersion first, and escaped top-level keys.
  auto tricky = [](int i) {
    std::string n = std::to_string(i);
    return R"({"kind": "Pod", "metadata": {"name": "p)" + n +
           R"(", "namespace": "t", "annotations": {"a": "}{][,\"\\\\",
      "b": "\\\"}\\\\\"{", "c": "\u007d\u005d", "d": "[[{{"}}, "spec": {"containers": [{"name": "c", "args": ["}", "]",
      "{\"x\": [1, 2]}"], "ports": [{"containerPort": )" +
           std::to_string(i % 60000 + 1) + "}]}]}}";
  };
  std::string items;
  for (int i = 0; i < 3500; ++i) items += (i ? ",\n" : "") + tricky(i);
  std::string bare_items;
  for (int i = 0; i < 2500; ++i) {
    bare_items += (i ? "," : "") + std::string(R"({"metadata": {"name": "b)") + std::to_string(i) + R"("}})";
  }
  std::vector<std::string> texts = {
      R"({"kind": "List", "apiVersion": "v1", "items": [)" + items + "]}",
      R"({"apiVersion": "v1", "items": [)" + items + R"(], "kind": "List"})",
      R"({"kind": "PodList", "apiVersion": "v1", "items": [)" + bare_items + "]}",
      R"({"kind": "PodList", "items": [)" + bare_items + R"(], "apiVersion": "v9"})",
      R"({"kind": "PodList", "items": [)" + bare_items + "]}",
      R"({"ki\u006ed": "List", "items": [)" + items + "]}",
      R"({"kind" : "List" , "items" : [ )" + items + " ] }",
  };
  texts.push_back(List(5000, BrokenItem));
  for (const std::string& text : texts) {
    INFO(text.substr(0, 120));
    CHECK(FastListTakes(text));
    for (const ClusterConfig& config : Configs()) {
      ExpectSameFromTexts({{"s.json", text}}, config);
      ExpectSameWhenScannedAhead(text, config);
    }
  }
}

TEST_CASE("fast load equals the exact load on many YAML documents (decoded on two threads)", "[loader][fast]") {
  std::string yaml;
  for (int i = 0; i < 3000; ++i) {
    yaml += "---\nkind: Pod\nmetadata:\n  name: p" + std::to_string(i % 2900) + "\n  namespace: ns" +
            std::to_string(i % 3) + "\n  labels: {app: a" + std::to_string(i % 5) + "}\n";
    if (i % 500 == 7) yaml += "spec: {containers: [{ports: [{containerPort: nope}]}]}\n";
  }
  for (const ClusterConfig& config : Configs()) ExpectSameFromTexts({{"many.yaml", yaml}}, config);
}

}  // namespace kreach
