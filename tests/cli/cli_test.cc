#include "sim/cli/cli.h"

#include <catch2/catch.hpp>
#include <sstream>

#include "tests/support/cli_run.h"

namespace kreach {

namespace {

using test_cli::Cli;
using test_cli::Run;

}  // namespace

TEST_CASE("unknown commands get a suggestion and exit 2", "[cli]") {
  Run r = Cli({"chek"});
  CHECK(r.code == 2);
  CHECK(r.err == "error: unknown command 'chek' (did you mean 'check'?); see `kreach help`\n");
}

TEST_CASE("help lists every command from the table", "[cli]") {
  Run r = Cli({"help"});
  CHECK(r.code == 0);
  for (const Command& c : Commands()) CHECK(r.out.find(std::string("  ") + c.name) != std::string::npos);
}

TEST_CASE("bad flags are usage errors", "[cli]") {
  Run r = Cli({"matrix", "--level", "cluster", "x.yaml"});
  CHECK(r.code == 2);
  CHECK(r.err == "error: kreach matrix: --level cluster: must be pod, workload or namespace\n");
  r = Cli({"query", "--frm", "a/b"});
  CHECK(r.code == 2);
  CHECK(r.err.find("error: kreach query: unrecognised option '--frm'") == 0);
  r = Cli({"matrix"});
  CHECK(r.code == 2);
  CHECK(r.err == "error: no input: give files, folders, or - for stdin\n");
}

TEST_CASE("options lists every switch with its default", "[cli]") {
  Run r = Cli({"options"});
  CHECK(r.code == 0);
  CHECK(r.out.find("  ipBlockMatchesPods             NP-14  default true\n") != std::string::npos);
  CHECK(r.out.find("  implementationSpecificIsExact  ING-5  default false\n") != std::string::npos);
  Run bad = Cli({"matrix", "--option", "ipBlockMatchPods=false", "no-such-dir/"});
  CHECK(bad.code == 2);
  CHECK(bad.err ==
        "error: --option ipBlockMatchPods=false: unknown option 'ipBlockMatchPods' (did you mean "
        "'ipBlockMatchesPods'?)\n");
}

}  // namespace kreach
