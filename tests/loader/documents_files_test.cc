#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/loader/document.h"
#include "tests/loader/doc_temp_dir.h"
#include "tests/support/diagnostics_text.h"

namespace kreach {

namespace {

std::vector<std::string> Sources(const std::vector<Document>& docs) {
  std::vector<std::string> out;
  for (const Document& d : docs) out.push_back(d.source);
  return out;
}

const std::string kConformance = std::string(KREACH_SHARED_DIR) + "/conformance/netpol-analyzer";

}  // namespace

TEST_CASE("folders are read recursively in sorted order, manifests only", "[documents][files]") {
  TempDir dir;
  dir.Write("b.yaml", "kind: B\n");
  dir.Write("a.yml", "kind: A1\n---\nkind: A2\n");
  dir.Write("sub/deeper/d.yaml", "kind: D\n");
  dir.Write("sub/c.json", R"({"kind": "C"})");
  dir.Write("UPPER.YAML", "kind: U\n");
  dir.Write("notes.txt", "not: read\n");
  dir.Write("config.xml", "<x/>");
  dir.Write(".git/hidden.yaml", "kind: Hidden\n");
  dir.Write("sub/.cache/h.yaml", "kind: Hidden\n");

  Diagnostics diag;
  std::vector<Document> docs = ReadInputs({dir.Path()}, diag);
  INFO(Messages(diag));
  CHECK(diag.items().empty());
  const std::string root = dir.Path();
  CHECK(Sources(docs) == std::vector<std::string>{root + "/UPPER.YAML", root + "/a.yml", root + "/a.yml",
                                                  root + "/b.yaml", root + "/sub/c.json", root + "/sub/deeper/d.yaml"});
  REQUIRE(docs.size() == 6);
  CHECK(docs[2].index == 2);
  CHECK(docs[2].body["kind"] == "A2");
  CHECK(docs[5].body["kind"] == "D");
}

TEST_CASE("source names keep the folder as the user wrote it", "[documents][files]") {
  TempDir dir;
  dir.Write("m/pod.yaml", "kind: Pod\n");
  std::filesystem::path cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.Path());
  Diagnostics diag;
  std::vector<Document> with_slash = ReadInputs({"m/"}, diag);
  std::vector<Document> without = ReadInputs({"m"}, diag);
  std::vector<Document> file = ReadInputs({"./m/pod.yaml"}, diag);
  std::filesystem::current_path(cwd);
  CHECK(diag.items().empty());
  CHECK(Sources(with_slash) == std::vector<std::string>{"m/pod.yaml"});
  CHECK(Sources(without) == std::vector<std::string>{"m/pod.yaml"});
  CHECK(Sources(file) == std::vector<std::string>{"./m/pod.yaml"});
}

TEST_CASE("a file named explicitly is read whatever its extension", "[documents][files]") {
  TempDir dir;
  std::string path = dir.Write("dump.txt", R"({"kind": "PodList", "items": [{"kind": "Pod"}]})");
  Diagnostics diag;
  std::vector<Document> docs = ReadInputs({path}, diag);
  CHECK(diag.items().empty());
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].source == path);
  CHECK(docs[0].path == "items[0]");
}

TEST_CASE("missing paths and folders without manifests are errors", "[documents][files]") {
  TempDir dir;
  dir.Write("empty/readme.md", "# nothing\n");
  dir.Mkdir("nothing");
  dir.Write("ok.yaml", "kind: Pod\n");
  Diagnostics diag;
  std::vector<Document> docs =
      ReadInputs({dir.Path("missing.yaml"), dir.Path("empty"), dir.Path("nothing"), dir.Path("ok.yaml")}, diag);
  CHECK(Messages(diag) == "error: " + dir.Path("missing.yaml") +
                              ": no such file or folder\n"
                              "error: no .yaml, .yml or .json files in " +
                              dir.Path("empty") + "\nerror: no .yaml, .yml or .json files in " + dir.Path("nothing") +
                              "\n");
  CHECK(docs.size() == 1);  // the good input is still read
}

TEST_CASE("inside folders, files whose values are not objects are skipped with a warning", "[documents][files]") {
  TempDir dir;
  dir.Write("pods.yaml", "kind: Pod\n");
  std::string rows = dir.Write("rows.json", R"([{"src": "a", "dst": "b"}])");
  Diagnostics diag;
  std::vector<Document> docs = ReadInputs({dir.Path()}, diag);
  CHECK(Messages(diag) == "warning: " + rows + ": doc 1: skipped: not a Kubernetes object (found a sequence)\n");
  CHECK(docs.size() == 1);
  // Named explicitly, the same file is an error.
  Diagnostics named;
  ReadInputs({rows}, named);
  CHECK(Messages(named) == "error: " + rows + ": doc 1: expected a mapping (a Kubernetes object), found a sequence\n");
}

TEST_CASE("an empty manifest file gives no documents and no error", "[documents][files]") {
  TempDir dir;
  dir.Write("empty.yaml", "");
  Diagnostics diag;
  CHECK(ReadInputs({dir.Path()}, diag).empty());
  CHECK(diag.items().empty());
}

TEST_CASE("symbolic link loops are not followed forever", "[documents][files]") {
  TempDir dir;
  dir.Write("a.yaml", "kind: A\n");
  dir.Write("sub/b.yaml", "kind: B\n");
  std::filesystem::create_directory_symlink(dir.Path(), dir.Path("sub/loop"));
  std::filesystem::create_directory_symlink(dir.Path("sub"), dir.Path("linked"));
  Diagnostics diag;
  std::vector<Document> docs = ReadInputs({dir.Path()}, diag);
  // sub/ is reached directly and through the `linked` symlink (not a loop), and its file is read once, where it
  // is met first; sub/loop leads back to the root.
  REQUIRE(diag.items().size() == 1);
  CHECK(diag.items()[0].ToString() ==
        "info: " + dir.Path("sub/b.yaml") + ": the same file as one read before (a symbolic link); read once");
  CHECK(Sources(docs) == std::vector<std::string>{dir.Path("a.yaml"), dir.Path("linked/b.yaml")});
}

TEST_CASE("an unreadable file is an error naming it", "[documents][files]") {
  if (::geteuid() == 0) return;  // root reads everything; nothing to check
  TempDir dir;
  std::string path = dir.Write("secret.yaml", "kind: Pod\n");
  std::filesystem::permissions(path, std::filesystem::perms::none);
  Diagnostics diag;
  ReadInputs({path}, diag);
  CHECK(Messages(diag) == "error: " + path + ": cannot read file: Permission denied\n");
}

TEST_CASE("every netpol-analyzer case input reads without errors", "[documents][files][conformance]") {
  if (!std::filesystem::exists(kConformance)) return;
  int cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kConformance + "/cases")) {
    Diagnostics diag;
    std::vector<Document> docs = ReadInputs({(entry.path() / "input").string()}, diag);
    INFO(entry.path().string() << "\n" << Messages(diag));
    CHECK_FALSE(diag.HasErrors());
    CHECK_FALSE(docs.empty());
    ++cases;
  }
  CHECK(cases > 50);
}

TEST_CASE("netpol-analyzer bad inputs with syntax errors are reported, not thrown", "[documents][files][conformance]") {
  if (!std::filesystem::exists(kConformance)) return;
  const std::string bad = kConformance + "/bad-inputs/";
  Diagnostics diag;
  std::vector<Document> docs =
      ReadInputs({bad + "document_with_syntax_error", bad + "dirty", bad + "malformed-pod-example-5/pod.yaml"}, diag);
  CHECK(Messages(diag) == "error: " + bad +
                              "document_with_syntax_error/document_with_syntax_error.yaml:225:30: YAML syntax error: "
                              "unknown token '%'\n"
                              "error: " +
                              bad +
                              "dirty/backend.yaml:17:28: YAML syntax error: unknown token '%'\n"
                              "error: " +
                              bad +
                              "dirty/frontend.yaml:17:28: YAML syntax error: unknown token '%'\n"
                              "error: " +
                              bad + "malformed-pod-example-5/pod.yaml:12:1: YAML syntax error: unknown token '@'\n");
  // The documents before each error are kept.
  CHECK_FALSE(docs.empty());

  Diagnostics yamls;
  ReadInputs({bad + "bad_yamls"}, yamls);
  INFO(Messages(yamls));
  CHECK_FALSE(yamls.HasErrors());  // kinds and empty files are the cluster builder's concern
  Diagnostics xml_only;
  ReadInputs({bad + "bad_yamls/subdir2"}, xml_only);
  CHECK(Messages(xml_only) == "error: no .yaml, .yml or .json files in " + bad + "bad_yamls/subdir2\n");
}

}  // namespace kreach
