// Robustness: mutated YAML and JSON never throw, hang or break the Document invariants.
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "sim/loader/document.h"

namespace kreach {

namespace {

const char kYaml[] = R"(apiVersion: v1
kind: List
items:
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: allow-web, namespace: shop}
  spec:
    podSelector: {matchLabels: {app: web}}
    ingress:
    - from: [{ipBlock: {cidr: 10.0.0.0/8, except: ["10.1.0.0/16"]}}]
      ports: [{port: 80, protocol: TCP}, {port: http}]
---
base: &b {app: web}
labels:
  <<: *b
  tier: 'front'
text: |
  line one
  line two
)";

const char kJson[] = R"({"kind": "PodList", "items": [{"kind": "Pod", "metadata": {"name": "a", "labels": {"x": "1"}},
"spec": {"containers": [{"ports": [{"containerPort": 8080, "name": "http"}]}]}}]}
{"kind": "Namespace", "metadata": {"name": "shop"}})";

const char* const kFragments[] = {"&a ", "*a", "<<: ",  "[",       "]",    "{",      "}",     "---\n", "? ",    ": ",
                                  "- ",  "\"", "'",     "|",       ">",    "!!str ", "\t",    "\r\n",  "\xff",  "%",
                                  "@",   "#",  "...\n", "&b [*b]", "\xc3", ",",      "\\u00", "null",  "1e999", "-0x"};

std::string Mutate(std::string text, std::mt19937& rng) {
  int count = 1 + static_cast<int>(rng() % 4);
  for (int m = 0; m < count && !text.empty(); ++m) {
    std::size_t pos = rng() % text.size();
    switch (rng() % 4) {
      case 0: text[pos] = static_cast<char>(rng() % 256); break;
      case 1: text.insert(pos, kFragments[rng() % (sizeof kFragments / sizeof kFragments[0])]); break;
      case 2: text.erase(pos, rng() % 16); break;
      default: text.resize(pos); break;
    }
  }
  return text;
}

}  // namespace

TEST_CASE("mutated inputs give documents or diagnostics, never exceptions", "[documents][fuzz]") {
  std::mt19937 rng(20261128);
  int with_errors = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string text = Mutate(i % 2 == 0 ? kYaml : kJson, rng);
    Diagnostics diag;
    std::vector<Document> docs;
    REQUIRE_NOTHROW(docs = ParseDocuments("fuzz.yaml", text, diag));
    for (const Document& d : docs) {
      REQUIRE(d.body.is_object());
      REQUIRE(d.source == "fuzz.yaml");
      REQUIRE(d.index >= 1);
    }
    for (const Diagnostic& d : diag.items()) {
      REQUIRE(d.where.source == "fuzz.yaml");
      REQUIRE_FALSE(d.message.empty());
    }
    if (diag.HasErrors()) ++with_errors;
  }
  // The mutations must actually exercise the error paths.
  CHECK(with_errors > 500);
}

}  // namespace kreach
