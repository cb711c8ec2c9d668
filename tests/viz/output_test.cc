#include "viz/output.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/cli/cli.h"
#include "sim/model/files_read.h"
#include "tests/loader/doc_temp_dir.h"
#include "tests/support/cli_run.h"

namespace kreach {

namespace {

namespace fs = std::filesystem;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// File names in `dir` (temporary files start with '.', so they show up here too).
std::set<std::string> Listing(const std::string& dir) {
  std::set<std::string> names;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

unsigned ModeOf(const std::string& path) {
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

/// Writes an executable shell script (a stand-in for `dot`).
std::string WriteScript(const TempDir& dir, const std::string& name, const std::string& body) {
  std::string path = dir.Write(name, "#!/bin/sh\n" + body + "\n");
  fs::permissions(path, fs::perms::owner_all);
  return path;
}

/// Sets PATH for one scope and restores it.
class ScopedPath {
 public:
  explicit ScopedPath(const std::string& value) {
    const char* old = std::getenv("PATH");
    had_ = old != nullptr;
    if (had_) old_ = old;
    ::setenv("PATH", value.c_str(), 1);
  }
  ~ScopedPath() {
    if (had_) {
      ::setenv("PATH", old_.c_str(), 1);
    } else {
      ::unsetenv("PATH");
    }
  }
  ScopedPath(const ScopedPath&) = delete;
  ScopedPath& operator=(const ScopedPath&) = delete;

 private:
  bool had_ = false;
  std::string old_;
};

constexpr const char* kTinyGraph =
    "digraph \"t\" {\n  \"web \\\"a\\\" <b>\" -> \"db ×3\" [label=\"TCP 5432\", tooltip=\"ns=shop\"];\n}\n";

using test_cli::Cli;
using test_cli::Run;

const std::string kScenario = std::string(KREACH_SOURCE_DIR) + "/scenarios/netpol/e01-default-deny-ingress.yaml";

}  // namespace

TEST_CASE("DiagramFormatOf: the format comes from the extension, case-insensitively", "[output]") {
  CHECK(DiagramFormatOf("a/b.dot") == DiagramFormat::kDot);
  CHECK(DiagramFormatOf("b.GV") == DiagramFormat::kDot);
  CHECK(DiagramFormatOf("b.svg") == DiagramFormat::kSvg);
  CHECK(DiagramFormatOf("b.Png") == DiagramFormat::kPng);
  CHECK(DiagramFormatOf("b.pdf") == DiagramFormat::kPdf);
  CHECK_FALSE(DiagramFormatOf("b.jpg").has_value());
  CHECK_FALSE(DiagramFormatOf("noext").has_value());
  CHECK(std::string(DiagramFormatName(DiagramFormat::kPng)) == "png");
}

TEST_CASE("WriteFileAtomically creates and replaces a file and leaves no temporary file", "[output]") {
  TempDir dir;
  std::string path = dir.Path("out.dot");
  std::string error;
  REQUIRE(WriteFileAtomically(path, "first\n", &error));
  CHECK(ReadAll(path) == "first\n");
  CHECK(ModeOf(path) == 0644);
  REQUIRE(WriteFileAtomically(path, "second, longer content\n", &error));
  CHECK(ReadAll(path) == "second, longer content\n");
  CHECK(Listing(dir.Path()) == std::set<std::string>{"out.dot"});
  CHECK(error.empty());
}

TEST_CASE("WriteFileAtomically keeps the permission bits of the file it replaces", "[output]") {
  TempDir dir;
  std::string path = dir.Write("out.dot", "old");
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
  std::string error;
  REQUIRE(WriteFileAtomically(path, "new", &error));
  CHECK(ModeOf(path) == 0600);
}

TEST_CASE("WriteFileAtomically: a failed write leaves the old file whole and removes the temporary file", "[output]") {
  TempDir dir;
  std::string path = dir.Write("out.dot", "old content");
  std::string error;
  // Make the write itself fail: a file size limit below the new content (EFBIG instead of SIGXFSZ).
  struct rlimit saved;
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
  struct sigaction ignore;
  struct sigaction old_action;
  std::memset(&ignore, 0, sizeof ignore);
  ignore.sa_handler = SIG_IGN;
  REQUIRE(::sigaction(SIGXFSZ, &ignore, &old_action) == 0);
  struct rlimit small = saved;
  small.rlim_cur = 4;
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
  bool ok = WriteFileAtomically(path, std::string(100, 'x'), &error);
  ::setrlimit(RLIMIT_FSIZE, &saved);
  ::sigaction(SIGXFSZ, &old_action, nullptr);

  CHECK_FALSE(ok);
  CHECK(error == "cannot write " + path + ": File too large");
  CHECK(ReadAll(path) == "old content");
  CHECK(Listing(dir.Path()) == std::set<std::string>{"out.dot"});
}

TEST_CASE("WriteFileAtomically: a missing folder is an error naming the file", "[output]") {
  TempDir dir;
  std::string path = dir.Path("no/such/dir/out.dot");
  std::string error;
  CHECK_FALSE(WriteFileAtomically(path, "x", &error));
  CHECK(error == "cannot write " + path + ": No such file or directory");
  CHECK(Listing(dir.Path()).empty());
}

TEST_CASE("WriteFileAtomically onto a folder fails and leaves the folder alone", "[output]") {
  TempDir dir;
  std::string sub = dir.Mkdir("sub");
  dir.Write("sub/keep.txt", "k");
  std::string error;
  CHECK_FALSE(WriteFileAtomically(sub, "x", &error));
  CHECK(error == "cannot write " + sub + ": Is a directory");
  CHECK(Listing(dir.Path()) == std::set<std::string>{"sub"});
  CHECK(ReadAll(dir.Path("sub/keep.txt")) == "k");
}

TEST_CASE("CheckNotAnInput compares canonical paths: other spellings and symlinks of an input are refused",
          "[output]") {
  TempDir dir;
  std::string input = dir.Write("shop.yaml", "kind: Pod\n");
  dir.Mkdir("sub");
  fs::create_symlink(input, dir.Path("link.yaml"));
  std::string error;
  CHECK(CheckNotAnInput(dir.Path("shop.svg"), {input, "-"}, &error));
  CHECK(CheckNotAnInput(dir.Path("new/shop.svg"), {input}, &error));

  CHECK_FALSE(CheckNotAnInput(dir.Path("sub/../shop.yaml"), {input}, &error));
  CHECK(error == "refusing to write " + dir.Path("sub/../shop.yaml") + ": it is the input " + input +
                     "; choose another output file");
  CHECK_FALSE(CheckNotAnInput(dir.Path("link.yaml"), {"-", input}, &error));
  CHECK_FALSE(CheckNotAnInput(input, {dir.Path("link.yaml")}, &error));
  CHECK(error ==
        "refusing to write " + input + ": it is the input " + dir.Path("link.yaml") + "; choose another output file");
}

TEST_CASE("RenderGraphviz refuses to write onto an input file and leaves it unchanged", "[output]") {
  TempDir dir;
  std::string input = dir.Write("shop.yaml", "kind: Pod\n");
  RenderSettings settings;
  settings.inputs = {input};
  std::string error;
  CHECK_FALSE(RenderGraphviz(kTinyGraph, "svg", input, &error, settings));
  CHECK(error == "refusing to write " + input + ": it is the input " + input + "; choose another output file");
  CHECK(ReadAll(input) == "kind: Pod\n");
  CHECK(Listing(dir.Path()) == std::set<std::string>{"shop.yaml"});
}

TEST_CASE("RenderGraphviz without Graphviz in PATH says how to install it", "[output]") {
  TempDir dir;
  std::string empty_bin = dir.Mkdir("bin");
  std::string out = dir.Path("g.svg");
  std::string error;
  bool ok = false;
  {
    ScopedPath path(empty_bin);
    ok = RenderGraphviz(kTinyGraph, "svg", out, &error);
  }
  CHECK_FALSE(ok);
  CHECK(error == "Graphviz is not installed (no 'dot' in PATH): apt-get install graphviz, or write .dot");
  CHECK(Listing(dir.Path()) == std::set<std::string>{"bin"});
}

TEST_CASE("RenderGraphviz refuses DOT above the size limit before running Graphviz", "[output]") {
  TempDir dir;
  RenderSettings settings;
  settings.max_dot_bytes = 20;
  settings.program = dir.Path("never-run");  // does not exist: the guard must come first
  std::string error;
  std::string text = kTinyGraph;
  CHECK_FALSE(RenderGraphviz(text, "png", dir.Path("g.png"), &error, settings));
  CHECK(error == "the diagram is too large to lay out (" + std::to_string(text.size()) +
                     " bytes of DOT, limit 20): narrow it with --namespace or --focus, raise --max-dot-bytes, or "
                     "write .dot");
  CHECK(Listing(dir.Path()).empty());
}

TEST_CASE("RenderGraphviz rejects formats other than svg, png and pdf", "[output]") {
  TempDir dir;
  std::string error;
  CHECK_FALSE(RenderGraphviz(kTinyGraph, "jpg", dir.Path("g.jpg"), &error));
  CHECK(error == "cannot render " + dir.Path("g.jpg") + ": unknown format 'jpg' (svg, png or pdf)");
}

TEST_CASE("RenderGraphviz: a failing Graphviz leaves the old output and reports its stderr", "[output]") {
  TempDir dir;
  std::string out = dir.Write("g.svg", "<svg>old</svg>");
  RenderSettings settings;
  settings.program = WriteScript(dir, "fake-dot", "echo 'Error: syntax error in line 1' >&2\nexit 3");
  std::string error;
  CHECK_FALSE(RenderGraphviz(kTinyGraph, "svg", out, &error, settings));
  CHECK(error == "Graphviz failed (exit status 3) rendering " + out + ": Error: syntax error in line 1");
  CHECK(ReadAll(out) == "<svg>old</svg>");
  CHECK(Listing(dir.Path()) == std::set<std::string>{"fake-dot", "g.svg"});
}

TEST_CASE("RenderGraphviz: Graphviz that writes nothing is an error", "[output]") {
  TempDir dir;
  RenderSettings settings;
  settings.program = WriteScript(dir, "fake-dot", "exit 0");
  std::string error;
  CHECK_FALSE(RenderGraphviz(kTinyGraph, "svg", dir.Path("g.svg"), &error, settings));
  CHECK(error == "Graphviz wrote nothing for " + dir.Path("g.svg"));
  CHECK(Listing(dir.Path()) == std::set<std::string>{"fake-dot"});
}

TEST_CASE("RenderGraphviz kills Graphviz after the time limit and cleans up", "[output]") {
  TempDir dir;
  RenderSettings settings;
  settings.timeout_seconds = 1;
  settings.program = WriteScript(dir, "slow-dot", "exec sleep 30");
  std::string error;
  CHECK_FALSE(RenderGraphviz(kTinyGraph, "png", dir.Path("g.png"), &error, settings));
  CHECK(error ==
        "Graphviz did not finish within 1 s and was stopped: narrow the diagram with --namespace or --focus, or "
        "write .dot");
  CHECK(Listing(dir.Path()) == std::set<std::string>{"slow-dot"});
}

TEST_CASE("RenderGraphviz: real Graphviz rejects broken DOT with its own message", "[output]") {
  TempDir dir;
  std::string error;
  CHECK_FALSE(RenderGraphviz("digraph { a -> ", "svg", dir.Path("g.svg"), &error));
  CHECK(error.rfind("Graphviz failed (exit status 1) rendering " + dir.Path("g.svg") + ": Error: ", 0) == 0);
  CHECK(error.find("syntax error") != std::string::npos);
  CHECK(Listing(dir.Path()).empty());
}

TEST_CASE("RenderGraphviz renders a tiny graph to valid SVG, PNG and PDF", "[output]") {
  TempDir dir;
  std::string error;
  SECTION("svg") {
    std::string out = dir.Path("g.svg");
    REQUIRE(RenderGraphviz(kTinyGraph, "svg", out, &error));
    std::string svg = ReadAll(out);
    CHECK(svg.rfind("<?xml", 0) == 0);
    CHECK(svg.find("<svg") != std::string::npos);
    std::string end = svg.substr(svg.find_last_not_of("\n") - 5, 6);
    CHECK(end == "</svg>");
    CHECK(svg.find("web &quot;a&quot; &lt;b&gt;") != std::string::npos);  // escaped in the XML
    CHECK(svg.find("db ×3") != std::string::npos);                        // UTF-8 kept
    CHECK(svg.find("xlink:title=\"ns=shop\"") != std::string::npos);      // the edge tooltip
    CHECK(ModeOf(out) == 0644);
    CHECK(Listing(dir.Path()) == std::set<std::string>{"g.svg"});
  }
  SECTION("png") {
    std::string out = dir.Path("g.png");
    REQUIRE(RenderGraphviz(kTinyGraph, "png", out, &error));
    std::string png = ReadAll(out);
    REQUIRE(png.size() > 20);
    CHECK(png.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
    CHECK(png.substr(png.size() - 8, 4) == "IEND");
    CHECK(Listing(dir.Path()) == std::set<std::string>{"g.png"});
  }
  SECTION("pdf") {
    std::string out = dir.Path("g.pdf");
    REQUIRE(RenderGraphviz(kTinyGraph, "pdf", out, &error));
    CHECK(ReadAll(out).rfind("%PDF-", 0) == 0);
  }
  SECTION("an existing output is replaced") {
    std::string out = dir.Write("g.svg", "old");
    REQUIRE(RenderGraphviz(kTinyGraph, "svg", out, &error));
    CHECK(ReadAll(out).rfind("<?xml", 0) == 0);
    CHECK(Listing(dir.Path()) == std::set<std::string>{"g.svg"});
  }
}

TEST_CASE("kreach render -o FILE.dot writes exactly what -o - prints, atomically", "[output][render]") {
  TempDir dir;
  Run to_stdout = Cli({"render", kScenario, "--view", "reachability", "-o", "-"});
  REQUIRE(to_stdout.code == 0);
  REQUIRE(to_stdout.out.rfind("digraph ", 0) == 0);
  std::string out = dir.Write("reach.gv", "old");
  Run to_file = Cli({"render", kScenario, "--view", "reachability", "-o", out});
  CHECK(to_file.code == 0);
  CHECK(to_file.out.empty());
  CHECK(ReadAll(out) == to_stdout.out);
  CHECK(Listing(dir.Path()) == std::set<std::string>{"reach.gv"});
}

TEST_CASE("kreach render -o FILE.svg renders through Graphviz", "[output][render]") {
  TempDir dir;
  std::string out = dir.Path("arch.svg");
  Run r = Cli({"render", kScenario, "-o", out});
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK(ReadAll(out).rfind("<?xml", 0) == 0);
}

TEST_CASE("kreach render refuses to overwrite its input or lay out too much (exit 2); a failed write is exit 3",
          "[output][render]") {
  TempDir dir;
  std::string input = dir.Write("cluster.gv", ReadAll(kScenario));
  Run onto_input = Cli({"render", input, "-o", dir.Path("sub/../cluster.gv")});
  CHECK(onto_input.code == 2);
  CHECK(onto_input.err == "error: refusing to write " + dir.Path("sub/../cluster.gv") + ": it is the input " + input +
                              "; choose another output file\n");
  CHECK(ReadAll(input) == ReadAll(kScenario));

  Run too_big = Cli({"render", kScenario, "--max-dot-bytes", "100", "-o", dir.Path("x.png")});
  CHECK(too_big.code == 2);
  CHECK(too_big.err.rfind("error: the diagram is too large to lay out (", 0) == 0);
  CHECK(too_big.err.find("limit 100): narrow it with --namespace or --focus, raise --max-dot-bytes") !=
        std::string::npos);

  Run no_dir = Cli({"render", kScenario, "-o", dir.Path("missing/x.svg")});
  CHECK(no_dir.code == 3);
  CHECK(no_dir.err == "error: cannot write " + dir.Path("missing/x.svg") + ": No such file or directory\n");
  CHECK(Listing(dir.Path()) == std::set<std::string>{"cluster.gv"});
}

TEST_CASE("kreach render without Graphviz: images fail with the install hint, DOT still works", "[output][render]") {
  TempDir dir;
  std::string empty_bin = dir.Mkdir("bin");
  ScopedPath path(empty_bin);
  Run png = Cli({"render", kScenario, "-o", dir.Path("x.png")});
  CHECK(png.code == 3);
  CHECK(png.err == "error: Graphviz is not installed (no 'dot' in PATH): apt-get install graphviz, or write .dot\n");
  Run dot = Cli({"render", kScenario, "-o", dir.Path("x.dot")});
  CHECK(dot.code == 0);
  CHECK(Listing(dir.Path()) == std::set<std::string>{"bin", "x.dot"});
}

TEST_CASE("WriteFileAtomically follows a symbolic link: the file it points to is replaced, the link stays",
          "[output]") {
  TempDir dir;
  std::string real = dir.Write("real.dot", "old");
  std::string link = dir.Path("link.dot");
  fs::create_symlink("real.dot", link);
  std::string error;
  REQUIRE(WriteFileAtomically(link, "new", &error));
  CHECK(fs::is_symlink(link));
  CHECK(ReadAll(real) == "new");
  CHECK(Listing(dir.Path()) == std::set<std::string>{"link.dot", "real.dot"});
}

TEST_CASE("WriteFileAtomically writes into a device and reports a full one; the device stays", "[output]") {
  TempDir dir;
  std::string link = dir.Path("full.dot");
  fs::create_symlink("/dev/full", link);
  std::string error;
  CHECK_FALSE(WriteFileAtomically(link, "x", &error));
  CHECK(error == "cannot write " + link + ": No space left on device");
  CHECK(fs::is_symlink(link));
  CHECK(fs::is_character_file("/dev/full"));
  CHECK(Listing(dir.Path()) == std::set<std::string>{"full.dot"});
  std::string null_link = dir.Path("null.dot");
  fs::create_symlink("/dev/null", null_link);
  CHECK(WriteFileAtomically(null_link, "x", &error));
  CHECK(fs::is_character_file("/dev/null"));
}

TEST_CASE("No file writer replaces a file the run read, however it was named", "[output]") {
  TempDir dir;
  std::string input = dir.Write("cluster/app.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n");
  dir.Write("sc.yaml", "name: s\ninclude: [cluster/]\n");
  std::string error;
  CHECK(CheckNotAnInput(input, {}, &error));  // nothing read yet in this test
  NoteFileRead(input);
  CHECK_FALSE(CheckNotAnInput(dir.Path("cluster/../cluster/app.yaml"), {}, &error));
  CHECK(error.find("it is the input " + input + ", read in this run") != std::string::npos);
  CHECK_FALSE(WriteFileAtomically(input, "x", &error));
  CHECK(ReadAll(input) == "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n");
  CHECK(FileReadAt(dir.Path("sc.yaml")).empty());
  ForgetFilesRead();
  CHECK(FileReadAt(input).empty());
}

}  // namespace kreach
