// The fast JSON reader (simdjson) must give the documents the exact reader gives, and leave every text it cannot
// take whole to the exact reader, which explains the problem.
#include "sim/loader/json_fast.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/loader/json_value.h"
#include "sim/loader/text_values.h"
#include "sim/loader/tree_builder.h"

namespace kreach {

namespace {

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

nlohmann::json Exact(const std::string& text) {
  std::vector<TextValue> values;
  Diagnostics diag;
  REQUIRE(ReadJsonValuesExact("t.json", text, 0, values, diag));
  REQUIRE(values.size() == 1);
  return values[0].value;
}

}  // namespace

TEST_CASE("fast JSON reader equals the exact reader on every JSON file of the project and the corpus", "[loader]") {
  std::vector<std::filesystem::path> roots = {std::filesystem::path(KREACH_SOURCE_DIR) / "scenarios",
                                              std::filesystem::path(KREACH_SOURCE_DIR) / "tests",
                                              std::filesystem::path(KREACH_SOURCE_DIR) / "../shared/conformance"};
  int compared = 0;
  for (const auto& root : roots) {
    if (!std::filesystem::exists(root)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
      std::string text = ReadAll(entry.path());
      std::vector<TextValue> exact;
      Diagnostics diag;
      bool exact_ok = ReadJsonValuesExact("t.json", text, 0, exact, diag);
      nlohmann::json fast;
      bool fast_ok = ReadJsonValueFast(text, TreeBuilder::MaxDepth(), fast);
      INFO(entry.path().string());
      if (fast_ok) {
        // Whatever the fast reader takes, the exact reader takes too, as one value, with the same content.
        REQUIRE(exact_ok);
        REQUIRE(exact.size() == 1);
        CHECK(fast == exact[0].value);
        ++compared;
      } else {
        // Whatever it leaves is an error or several values: the exact reader has something to say.
        CHECK((!exact_ok || exact.size() != 1));
      }
    }
  }
  CHECK(compared >= 40);
}

TEST_CASE("fast JSON reader keeps managedFields and last-applied-configuration, as the exact reader does", "[loader]") {
  std::string text = R"({"kind": "List", "items": [{"metadata": {"name": "a", "managedFields": [{"x": 1}],
      "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}", "keep": "yes"}},
      "spec": {"managedFields": 3}}]})";
  nlohmann::json fast;
  REQUIRE(ReadJsonValueFast(text, TreeBuilder::MaxDepth(), fast));
  const nlohmann::json& item = fast["items"][0];
  CHECK(item["metadata"]["managedFields"] == nlohmann::json::parse(R"([{"x": 1}])"));
  CHECK(item["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"] == "{}");
  CHECK(fast == Exact(text));
  // A repeated key where kreach never looks is still a repeated key: the exact reader reports it.
  CHECK_FALSE(
      ReadJsonValueFast(R"({"metadata": {"managedFields": [{"a": 1, "a": 2}]}})", TreeBuilder::MaxDepth(), fast));
}

TEST_CASE("fast JSON reader leaves errors and unusual texts to the exact reader", "[loader]") {
  nlohmann::json out;
  CHECK_FALSE(ReadJsonValueFast(R"({"a": 1, "a": 2})", TreeBuilder::MaxDepth(), out));   // duplicate key
  CHECK_FALSE(ReadJsonValueFast(R"({"a": 1} {"b": 2})", TreeBuilder::MaxDepth(), out));  // two values
  CHECK_FALSE(ReadJsonValueFast(R"({"a": 1,})", TreeBuilder::MaxDepth(), out));          // syntax error
  CHECK_FALSE(ReadJsonValueFast("[1e999999]", TreeBuilder::MaxDepth(), out));            // out of range
  CHECK_FALSE(ReadJsonValueFast("", TreeBuilder::MaxDepth(), out));
  // Depth: exactly the limit is read, one more level is not.
  auto nested = [](int levels) { return std::string(levels, '[') + std::string(levels, ']'); };
  CHECK(ReadJsonValueFast(nested(TreeBuilder::MaxDepth()), TreeBuilder::MaxDepth(), out));
  CHECK_FALSE(ReadJsonValueFast(nested(TreeBuilder::MaxDepth() + 1), TreeBuilder::MaxDepth(), out));
  std::vector<TextValue> values;
  Diagnostics diag;
  CHECK(ReadJsonValuesExact("t.json", nested(TreeBuilder::MaxDepth()), 0, values, diag));
  values.clear();
  CHECK_FALSE(ReadJsonValuesExact("t.json", nested(TreeBuilder::MaxDepth() + 1), 0, values, diag));
  // Through ReadJsonValues a duplicate key is reported as the exact reader reports it.
  values.clear();
  Diagnostics dup;
  CHECK_FALSE(ReadJsonValues("t.json", "{\"a\": 1,\n \"a\": 2}", 0, values, dup));
  REQUIRE(dup.items().size() == 1);
  CHECK(dup.items()[0].message.find("duplicate") != std::string::npos);
}

TEST_CASE("fast JSON reader: numbers and strings as the exact reader types them", "[loader]") {
  std::string text = R"({"i": -3, "u": 18446744073709551615, "s": 9223372036854775807, "f": 1.5, "e": "\u00e9\n",
                        "b": true, "n": null})";
  nlohmann::json fast;
  REQUIRE(ReadJsonValueFast(text, TreeBuilder::MaxDepth(), fast));
  nlohmann::json exact = Exact(text);
  CHECK(fast == exact);
  CHECK(fast["s"].is_number_integer());
  CHECK_FALSE(fast["s"].is_number_unsigned());
  CHECK(fast["u"].is_number_unsigned());
  CHECK(fast["e"] == "\u00e9\n");
}

TEST_CASE("a large List is converted on two threads into the same items, in order", "[loader]") {
  std::string text = "{\"kind\": \"List\", \"apiVersion\": \"v1\", \"items\": [";
  for (int i = 0; i < 4501; ++i) {
    if (i > 0) text += ",";
    text += "{\"kind\": \"Pod\", \"metadata\": {\"name\": \"p" + std::to_string(i) + "\", \"managedFields\": []}}";
  }
  text += "]}";
  nlohmann::json fast;
  REQUIRE(ReadJsonValueFast(text, TreeBuilder::MaxDepth(), fast));
  CHECK(fast == Exact(text));
  CHECK(fast["items"][4500]["metadata"]["name"] == "p4500");
  // A repeated key in one item or in the List leaves the whole text to the exact reader.
  std::string repeated = text;
  repeated.replace(repeated.find("\"kind\": \"Pod\""), 13, "\"kind\": \"Pod\", \"kind\": \"Pod\"");
  CHECK_FALSE(ReadJsonValueFast(repeated, TreeBuilder::MaxDepth(), fast));
}

}  // namespace kreach

namespace kreach {

TEST_CASE("a simdjson value dumps as nlohmann dumps the equal tree (Deployment pod-template-hash)", "[loader]") {
  std::vector<std::string> texts = {
      R"({"b": 1, "a": [true, false, null, -0, 0, -12, 9223372036854775807, 18446744073709551615, "x"], "c": {}})",
      R"({"s": "tab\t nl\n cr\r bs\b ff\f quote\" back\\ slash/ ctl\u0001\u001f del\u007f é € 𝄞", "k\"ey": []})",
      R"([1.5, 0.1, 1e300, -2.5e-300, 100.0, 1e2, 3.0e0, 123456789012345678901234567890.0])",
      R"({"nested": {"z": {"y": [[], [{}], [[1]]]}, "a": ""}})",
  };
  for (const char* root : {"scenarios", "tests", "../shared/conformance"}) {
    std::filesystem::path dir = std::filesystem::path(KREACH_SOURCE_DIR) / root;
    if (!std::filesystem::exists(dir)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
      if (entry.is_regular_file() && entry.path().extension() == ".json") texts.push_back(ReadAll(entry.path()));
    }
  }
  int compared = 0;
  for (const std::string& text : texts) {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(text).get(root) != simdjson::SUCCESS) continue;
    std::vector<TextValue> exact;
    Diagnostics diag;
    if (!ReadJsonValuesExact("t.json", text, 0, exact, diag) || exact.size() != 1) continue;
    INFO(text.substr(0, 300));
    CHECK(SimdValue(root).Dump() == exact[0].value.dump());
    CHECK(NlohmannValue(&exact[0].value).Dump() == exact[0].value.dump());
    ++compared;
  }
  CHECK(compared >= 40);
}

TEST_CASE("the start of a JSON text tells when it is no scenario", "[loader]") {
  CHECK(JsonScenarioHint(R"({"apiVersion": "v1", "kind": "List", "items": [)") == ScenarioHint::kNotScenario);
  CHECK(JsonScenarioHint("\xEF\xBB\xBF  [") == ScenarioHint::kNotScenario);
  CHECK(JsonScenarioHint(R"({"items": [{"kind": "Pod"}], "kind": "List"})") == ScenarioHint::kNotScenario);
  // `kind` below the top level, in a string, as a value, escaped, or not yet seen: unknown.
  CHECK(JsonScenarioHint(R"({"expect": [{"kind": "x"}], "cluster": {}})") == ScenarioHint::kUnknown);
  CHECK(JsonScenarioHint(R"({"name": "kind", "a\"kind": 1})") == ScenarioHint::kUnknown);
  CHECK(JsonScenarioHint(R"({"ki\u006ed": "Pod"})") == ScenarioHint::kUnknown);
  CHECK(JsonScenarioHint(R"({"items": [{"a": "b)") == ScenarioHint::kUnknown);
  CHECK(JsonScenarioHint(R"({"a": "\\", "kind": "Pod"})") == ScenarioHint::kNotScenario);
  CHECK(JsonScenarioHint(R"({"a": "\\\"kind\\": 1"})") == ScenarioHint::kUnknown);
  CHECK(JsonScenarioHint("kind: Pod\n") == ScenarioHint::kUnknown);            // YAML
  CHECK(JsonScenarioHint(R"({} {"kind": "Pod"})") == ScenarioHint::kUnknown);  // only the first value counts
}

}  // namespace kreach
