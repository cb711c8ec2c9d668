// The exit codes: one table (ExitCodeTable) that the man page prints and docs/cli.md repeats word for word, and
// the commands that write files exit 3 when the write fails.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/cli/cli.h"
#include "tests/support/cli_run.h"

namespace kreach {
namespace {

using test_cli::Cli;
using test_cli::Run;

std::string ReadDoc(const std::string& relative) {
  std::ifstream in(std::string(KREACH_SOURCE_DIR) + "/" + relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_CASE("exit codes: docs/cli.md repeats the table, row by row", "[cli][exit]") {
  std::string doc = ReadDoc("docs/cli.md");
  REQUIRE(ExitCodeTable().size() == 4);
  int expected = 0;
  for (const ExitCodeInfo& e : ExitCodeTable()) {
    CHECK(e.code == expected++);
    std::string row = "| " + std::to_string(e.code) + " | " + e.meaning + " |\n";
    INFO(row);
    CHECK(doc.find(row) != std::string::npos);
  }
}

TEST_CASE("exit codes: the man page prints the table", "[cli][exit]") {
  Run man = Cli({"help", "--man"});
  REQUIRE(man.code == 0);
  std::size_t section = man.out.find(".SH \"EXIT STATUS\"");
  REQUIRE(section != std::string::npos);
  for (const ExitCodeInfo& e : ExitCodeTable()) {
    CHECK(man.out.find(std::string(e.meaning).substr(0, 30), section) != std::string::npos);
  }
}

TEST_CASE("exit codes: an output file that cannot be written is exit 3", "[cli][exit]") {
  std::string missing = (std::filesystem::temp_directory_path() / "kreach-no-such-dir-3" / "out").string();
  REQUIRE_FALSE(std::filesystem::exists(std::filesystem::path(missing).parent_path()));
  Run generate = Cli({"generate", "--preset", "L0", "-o", missing + ".json"});
  CHECK(generate.code == 3);
  CHECK(generate.err.find("error: cannot write " + missing + ".json: ") == 0);
  Run junit = Cli({"check", std::string(KREACH_SOURCE_DIR) + "/scenarios/netpol/e01-default-deny-ingress.yaml",
                   "--junit", missing + ".xml"});
  CHECK(junit.code == 3);
  CHECK(junit.err.find("error: kreach check: cannot write " + missing + ".xml: ") == 0);
  Run dot = Cli({"render", std::string(KREACH_SOURCE_DIR) + "/scenarios/shop.yaml", "-o", missing + ".dot"});
  CHECK(dot.code == 3);
  // A usage error is still 2.
  Run bad = Cli({"generate", "--preset", "L9"});
  CHECK(bad.code == 2);
}

}  // namespace
}  // namespace kreach
