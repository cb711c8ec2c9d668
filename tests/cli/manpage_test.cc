#include "sim/cli/manpage.h"

#include <catch2/catch.hpp>
#include <iterator>
#include <sstream>

#include "sim/cli/cli.h"
#include "sim/cli/completion.h"
#include "sim/cli/version.h"
#include "tests/support/cli_run.h"

namespace kreach {

TEST_CASE("roff text: escapes, option dashes and line starts", "[cli][man]") {
  CHECK(RoffText("--output FILE, a\\b") == "\\-\\-output FILE, a\\eb");
  CHECK(RoffText("kube-proxy, 2^64-1, -o") == "kube-proxy, 2^64-1, \\-o");
  CHECK(RoffText(".yaml files") == "\\&.yaml files");
  CHECK(RoffText("'quoted'") == "\\&'quoted'");
  CHECK(RoffText("a \xE2\x86\x92 b") == "a \\[u2192] b");  // →
}

TEST_CASE("the man page has every command, its options and the exit codes", "[cli][man]") {
  test_cli::Run r = test_cli::Cli({"help", "--man"});
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find(".TH KREACH 1 \"\" \"kreach " + std::string(KreachVersion()) + "\"") != std::string::npos);
  for (const char* section : {".SH NAME\n", ".SH SYNOPSIS\n", ".SH DESCRIPTION\n", ".SH COMMANDS\n",
                              ".SH \"EXIT STATUS\"\n", ".SH FILES\n", ".SH \"SEE ALSO\"\n"}) {
    CHECK(r.out.find(section) != std::string::npos);
  }
  for (const Command& c : Commands()) CHECK(r.out.find(std::string(".SS ") + c.name + "\n") != std::string::npos);
  CHECK(r.out.find(".TP\n\\fB\\-o\\fR, \\fB\\-\\-output\\fR \\fIarg\\fR\ntable (default), truth (the e2e truth table "
                   "with endpoints that check reads, to paste into expectMatrix), csv, json or md\n") !=
        std::string::npos);
  CHECK(r.out.find(".TP\n\\fB\\-\\-limit\\fR \\fINAME=N\\fR\n") != std::string::npos);
  CHECK(r.out.find(".TP\n\\fBipBlockMatchesPods\\fR (NP-14, default true)\n") != std::string::npos);
  CHECK(r.out.find(".TP\n\\fB2\\fR\nusage or input error") != std::string::npos);
  // Every line is text or a request: no stray leading spaces, no unescaped request characters mid-stream.
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    CHECK((line.empty() || line[0] != ' '));
  }
}

TEST_CASE("completion: the script, fixed values and usage errors", "[cli][completion]") {
  test_cli::Run r = test_cli::Cli({"completion", "bash"});
  CHECK(r.code == 0);
  CHECK(r.out.find("complete -F _kreach kreach\n") != std::string::npos);
  CHECK(r.out.find("-o|--output) _kreach_words \"table truth csv json md\"; return 0 ;;") != std::string::npos);
  CHECK(r.out.find("--level) _kreach_words \"pod workload namespace\"; return 0 ;;") != std::string::npos);
  const std::string first = "    _kreach_words \"";  // what the first word after kreach completes to
  const std::size_t at = r.out.find(first);
  REQUIRE(at != std::string::npos);
  std::istringstream words(r.out.substr(at + first.size(), r.out.find('"', at + first.size()) - at - first.size()));
  std::vector<std::string> offered{std::istream_iterator<std::string>(words), std::istream_iterator<std::string>()};
  std::vector<std::string> expected;
  for (const Command& c : Commands()) expected.push_back(c.name);
  expected.push_back("--help");
  expected.push_back("--version");
  CHECK(offered == expected);
  CHECK(test_cli::Cli({"completion"}).err ==
        "error: kreach completion: name the shell: bash (see `kreach completion --help`)\n");
  test_cli::Run zsh = test_cli::Cli({"completion", "zsh"});
  CHECK(zsh.code == 2);
  CHECK(zsh.err == "error: kreach completion: no completion for shell 'zsh': only bash\n");

  CHECK(FixedValues("pod, workload (default) or namespace") ==
        std::vector<std::string>{"pod", "workload", "namespace"});
  CHECK(FixedValues("protocol of the probe: TCP (default), UDP, SCTP, ICMP") ==
        std::vector<std::string>{"TCP", "UDP", "SCTP", "ICMP"});
  CHECK(FixedValues("json (default; yaml when -o ends in .yaml or .yml) or yaml") ==
        std::vector<std::string>{"json", "yaml"});
  CHECK(FixedValues("port number or name (a Service port name for Services)").empty());
  CHECK(FixedValues("FILE: .dot/.gv (DOT text), .svg, or - for DOT on stdout").empty());
  CHECK(FixedValues("exit 1").empty());
  CHECK(TakesFile(HelpOption{"-o", "--output", "arg", "FILE, replaced atomically"}));
  CHECK_FALSE(TakesFile(HelpOption{"-o", "--output", "arg", "txt (default) or json"}));
}

}  // namespace kreach
