#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "sim/loader/document.h"

namespace kreach {

TEST_CASE("items of a typed List take their kind and apiVersion from the List", "[documents]") {
  Diagnostics diag;
  std::vector<Document> docs = ParseDocuments("pods.json", R"({
    "apiVersion": "v1", "kind": "PodList",
    "items": [
      {"metadata": {"name": "a"}},
      {"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "b"}},
      {"apiVersion": "v2", "metadata": {"name": "c"}}
    ]})",
                                              diag);
  CHECK(diag.items().empty());
  REQUIRE(docs.size() == 3);
  CHECK(docs[0].path == "items[0]");
  CHECK(docs[0].body["kind"] == "Pod");
  CHECK(docs[0].body["apiVersion"] == "v1");
  CHECK(docs[1].body["kind"] == "Pod");
  CHECK(docs[2].body["kind"] == "Pod");
  CHECK(docs[2].body["apiVersion"] == "v2");  // an item's own apiVersion is kept
}

TEST_CASE("items of a plain List keep having no kind", "[documents]") {
  Diagnostics diag;
  std::vector<Document> docs =
      ParseDocuments("list.yaml", "apiVersion: v1\nkind: List\nitems:\n- metadata: {name: a}\n", diag);
  REQUIRE(docs.size() == 1);
  CHECK_FALSE(docs[0].body.contains("kind"));
}

}  // namespace kreach
