// Resource limits (sim/model/limits.h): parsing `--limit NAME=N`, and every limit enforced where input is read,
// with an error that names the file, the limit and the flag that raises it.
#include "sim/model/limits.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sim/loader/document.h"
#include "sim/loader/document_internal.h"
#include "sim/loader/loader.h"
#include "tests/loader/doc_temp_dir.h"
#include "tests/support/diagnostics_text.h"

namespace kreach {

namespace {

/// SetLimit's error, or "" when it succeeded (so that a check can compare the message).
std::string SetLimitError(Limits& limits, std::string_view assignment) {
  std::string error;
  bool ok = SetLimit(limits, assignment, &error);
  CHECK(ok == error.empty());
  return error;
}

Limits With(const std::string& assignment) {
  Limits limits;
  REQUIRE(SetLimitError(limits, assignment).empty());
  return limits;
}

/// `{"kind": "List", "items": [pods...]}` with `n` pods.
std::string PodList(int n) {
  std::string text = R"({"apiVersion": "v1", "kind": "List", "items": [)";
  for (int i = 0; i < n; ++i) {
    text += std::string(i ? ", " : "") + R"({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p)" +
            std::to_string(i) + R"(", "namespace": "default"}, "spec": {"containers": [{"name": "c"}]}})";
  }
  return text + "]}";
}

}  // namespace

TEST_CASE("SetLimit reads names, numbers and size suffixes, and says what is wrong", "[limits]") {
  Limits limits;
  CHECK(SetLimitError(limits, "file-size=4G").empty());
  CHECK(limits.file_bytes == (std::uint64_t{4} << 30));
  CHECK(SetLimitError(limits, "file-size=512k").empty());
  CHECK(limits.file_bytes == 512u * 1024u);
  CHECK(SetLimitError(limits, "documents=5").empty());
  CHECK(limits.documents == 5);
  CHECK(SetLimitError(limits, "pods=3000000").empty());
  CHECK(limits.pods == 3000000);
  CHECK(SetLimitError(limits, "pods=3M") == "expected a positive whole number");  // counts take no suffix
  CHECK(SetLimitError(limits, "depth=0") == "expected a positive whole number");
  CHECK(SetLimitError(limits, "depth=-1") == "expected a positive whole number");
  CHECK(SetLimitError(limits, "depth=") == "expected a positive whole number");
  CHECK(SetLimitError(limits, "file-size=1T") == "expected a positive number of bytes, optionally with K, M or G");
  CHECK(SetLimitError(limits, "file-size=99999999999999999999") ==
        "expected a positive number of bytes, optionally with K, M or G");
  CHECK(SetLimitError(limits, "file-size=17179869184G") == "too large");
  CHECK(SetLimitError(limits, "depth") == "needs a value: depth=N");
  // Above the readers' own bound a larger depth would be capped silently: refused, naming the maximum.
  CHECK(SetLimitError(limits, "depth=10001") == "at most 10,000, the most kreach can follow");
  CHECK(SetLimitError(limits, "depth=99999999999") == "at most 10,000, the most kreach can follow");
  Limits deepest;
  CHECK(SetLimitError(deepest, "depth=10000").empty());
  CHECK(deepest.depth == kMaxDepthLimit);
  {
    ScopedLimits at_max(deepest);  // raising it cannot help any more: the hint says so instead
    CHECK(LimitHint("depth") == "(the most kreach can follow: 10,000)");
  }
  CHECK(LimitHint("depth") == "(raise it with --limit depth=N)");
  CHECK(SetLimitError(limits, "dokuments=5") ==
        "unknown limit 'dokuments' (did you mean 'documents'? limits: file-size, documents, depth, aliases, "
        "alias-bytes, values-per-kib, pods, "
        "folder-entries)");
  CHECK(limits.depth == Limits().depth);  // failed assignments change nothing
}

TEST_CASE("FormatLimit prints sizes in binary units and counts with separators", "[limits]") {
  const LimitInfo& size = LimitTable()[0];
  const LimitInfo& docs = LimitTable()[1];
  REQUIRE(std::string(size.name) == "file-size");
  REQUIRE(std::string(docs.name) == "documents");
  CHECK(FormatLimit(size, std::uint64_t{2} << 30) == "2 GiB");
  CHECK(FormatLimit(size, 1536u * 1024u) == "1,536 KiB");
  CHECK(FormatLimit(size, 1000) == "1,000 bytes");
  CHECK(FormatLimit(docs, 1000000) == "1,000,000");
  CHECK(FormatLimit(docs, 7) == "7");
}

TEST_CASE("the documents limit stops YAML streams and Lists on both JSON paths", "[limits]") {
  ScopedLimits scoped(With("documents=3"));
  Diagnostics yaml;
  std::vector<Document> docs = ParseDocuments("many.yaml", "---\n---\n---\n---\n---\n", yaml);
  CHECK(Messages(yaml) == "error: many.yaml: more than 3 documents in one file (raise it with --limit documents=N)\n");

  Diagnostics small;
  ParseDocuments("three.yaml", "a: 1\n---\nb: 2\n---\nc: 3\n", small);
  CHECK_FALSE(small.HasErrors());

  // The fast reader leaves a long List to the exact one, which names the items field.
  LoadResult fast = LoadClusterFromTexts({{"list.json", PodList(4)}});
  CHECK(Messages(fast.diagnostics) ==
        "error: list.json: doc 1: items: 4 items, more than the limit of 3 documents in one file (raise it with "
        "--limit documents=N)\n");
  LoadResult fits = LoadClusterFromTexts({{"list.json", PodList(3)}});
  CHECK_FALSE(fits.diagnostics.HasErrors());
  CHECK(fits.cluster.pods.size() == 3);
}

TEST_CASE("the depth limit can be raised and lowered", "[limits]") {
  const std::string deep = "kind: X\nv: " + std::string(250, '[') + std::string(250, ']') + "\n";
  Diagnostics at_default;
  ParseDocuments("deep.yaml", deep, at_default);
  CHECK(at_default.HasErrors());
  {
    ScopedLimits scoped(With("depth=300"));
    Diagnostics raised;
    ParseDocuments("deep.yaml", deep, raised);
    CHECK_FALSE(raised.HasErrors());
    Diagnostics json;
    ParseDocuments("deep.json", "{\"v\": " + std::string(250, '[') + std::string(250, ']') + "}", json);
    CHECK_FALSE(json.HasErrors());
  }
  ScopedLimits lowered(With("depth=3"));
  Diagnostics low;
  ParseDocuments("d.yaml", "a: {b: {c: {d: 1}}}\n", low);
  CHECK(Messages(low) ==
        "error: d.yaml:1:12: doc 1: a.b.c: nested deeper than 3 levels (raise it with --limit "
        "depth=N)\n");
}

TEST_CASE("the aliases limit refuses what aliases copy beyond it", "[limits]") {
  ScopedLimits scoped(With("aliases=5"));
  Diagnostics diag;
  ParseDocuments("a.yaml", "a: &x [1, 2, 3]\nb: *x\nc: *x\n", diag);
  REQUIRE(diag.ErrorCount() == 1);
  CHECK(diag.items()[0].message == "aliases expand to more than 5 values (raise it with --limit aliases=N)");
}

TEST_CASE("the alias-bytes limit refuses one big value aliased many times, before copying it", "[limits]") {
  // One 1 MiB scalar aliased 5,000 times would need 5 GB; the default limit (16 MiB) stops it at the 17th copy,
  // keys and values counted alike (a mapping copies its keys too).
  std::string text = "a: &big " + std::string(1 << 20, 'x') + "\nlist:\n";
  for (int i = 0; i < 5000; ++i) text += "  - *big\n";
  Diagnostics diag;
  ParseDocuments("big.yaml", text, diag);
  REQUIRE(diag.ErrorCount() == 1);
  CHECK(Messages(diag) ==
        "error: big.yaml:19:5: doc 1: list[16]: aliases expand to more than 16 MiB of keys and "
        "strings (raise it with --limit alias-bytes=N)\n");
  ScopedLimits scoped(With("alias-bytes=10"));
  Diagnostics keys;
  ParseDocuments("k.yaml", "m: &m {abc: de}\np: *m\nq: *m\nr: *m\n", keys);  // 5 bytes a copy: 15 > 10
  CHECK(Messages(keys) ==
        "error: k.yaml:4:4: doc 1: r: aliases expand to more than 10 bytes of keys and strings "
        "(raise it with --limit alias-bytes=N)\n");
  Diagnostics as_key;
  ParseDocuments("k.yaml", "a: &k abcdef\nb: {*k : 1}\nc: {*k : 1}\n", as_key);  // an alias as a key copies it too
  CHECK(as_key.ErrorCount() == 1);
}

TEST_CASE("the values-per-kib limit bounds the values of a text by its size, JSON and YAML alike", "[limits]") {
  // 1,200,000 zeros in 2.4 MB: within the default (1,000,000 + 128 per KiB), beyond 1 per KiB.
  std::string json = "[0";
  for (int i = 1; i < 1200000; ++i) json += ",0";
  json += "]";
  Diagnostics fits;
  ParseDocuments("zeros.json", json, fits);
  CHECK(fits.ErrorCount() == 1);  // a sequence is no Kubernetes object, but it was read
  CHECK(Messages(fits).find("values") == std::string::npos);
  ScopedLimits scoped(With("values-per-kib=1"));
  for (const auto& [source, text] : {std::pair<std::string, std::string>{"zeros.json", json},
                                     std::pair<std::string, std::string>{"zeros.yaml", "a: " + json + "\n"}}) {
    Diagnostics diag;
    ParseDocuments(source, text, diag);
    INFO(source);
    REQUIRE(diag.ErrorCount() == 1);
    CHECK(diag.items()[0].message ==
          "more values than a text of this size may hold (1,000,000 and 1 per KiB): is it binary or generated data? "
          "(raise it with --limit values-per-kib=N)");
  }
}

TEST_CASE("the pods limit names the workload that crosses it", "[limits]") {
  ScopedLimits scoped(With("pods=10"));
  const std::string text = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 11
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c}]}
)";
  LoadResult load = LoadClusterFromTexts({{"w.yaml", text}});
  CHECK(Messages(load.diagnostics) ==
        "error: w.yaml: doc 1 (Deployment default/web): spec.replicas: 11 pods would exceed the limit of 10 pods made "
        "from workloads in total (raise it with --limit pods=N)\n");
}

TEST_CASE("the file-size limit refuses a larger file before reading it", "[limits]") {
  TempDir dir;
  const std::string path = dir.Write("big.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n");
  {
    ScopedLimits scoped(With("file-size=16"));
    LoadResult load = LoadCluster({path});
    CHECK(Messages(load.diagnostics) == "error: " + path +
                                            ": the file is 54 bytes, more than the limit of 16 bytes (raise it with "
                                            "--limit file-size=N)\n");
    std::string text;
    Diagnostics diag;
    CHECK_FALSE(ReadTextFile(path, text, diag));
    CHECK(diag.ErrorCount() == 1);
  }
  LoadResult fits = LoadCluster({path});
  CHECK_FALSE(fits.diagnostics.HasErrors());
}

TEST_CASE("a device is refused instead of read forever", "[limits]") {
  LoadResult load = LoadCluster({"/dev/zero"});
  CHECK(Messages(load.diagnostics) ==
        "error: /dev/zero: not a file, folder or pipe (a device or socket): nothing to read\n");
}

}  // namespace kreach
