// The scenario keys for classes: `submission` (replaceable by check --submission) and `expectMatrix` (a truth
// table whose cells are expectations). Read by ReadScenarioParts, before any cluster is built.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sim/loader/scenario.h"
#include "sim/loader/scenario_reader.h"
#include "tests/loader/doc_temp_dir.h"
#include "tests/support/diagnostics_text.h"

namespace kreach {
namespace {

TEST_CASE("expectMatrix: every cell is an expectation from its row to its column", "[scenario][teach]") {
  ScenarioParts parts;
  Diagnostics diag;
  bool ok = ReadScenarioParts("s.yaml", R"(expect: [{from: x/a, to: x/b, port: 81, result: deny}]
expectMatrix:
  - port: 80
    table: |
      # a comment, then the header
      TCP/80  x/a  x/b
      x/a     .    X
      x/b     ~    .
  - {protocol: UDP, port: dns, table: "-\tx/a\nx/b\tx\n"}
)",
                              "", parts, diag);
  INFO(Messages(diag));
  REQUIRE(ok);
  const std::vector<Expectation>& e = parts.scenario.expect;
  REQUIRE(e.size() == 6);
  CHECK(e[0].matrix == -1);
  CHECK((e[1].from == "x/a" && e[1].to == "x/a" && e[1].result == Result::kAllow && e[1].port == "80" &&
         e[1].matrix == 0));
  CHECK((e[2].from == "x/a" && e[2].to == "x/b" && e[2].result == Result::kDeny));
  CHECK((e[3].from == "x/b" && e[3].to == "x/a" && e[3].result == Result::kPartial));
  CHECK(e[3].where.path == "expectMatrix[0].table line 4 (x/b -> x/a)");
  CHECK((e[5].from == "x/b" && e[5].to == "x/a" && e[5].result == Result::kDeny && e[5].port == "dns" &&
         e[5].protocol == Protocol::kUDP && e[5].matrix == 1));
}

TEST_CASE("expectMatrix mistakes name the line and the cell", "[scenario][teach]") {
  ScenarioParts parts;
  Diagnostics diag;
  bool ok = ReadScenarioParts("s.yaml", R"(expectMatrix:
  - {port: 80, table: "TCP/80 x/a x/b\nx/a . O\nx/b .\n"}
  - {port: 80, table: "TCP/80 x/a\n"}
  - {port: 80}
  - {port: 80, table: "p\nx/a .\n", colour: red}
  - [1]
)",
                              "", parts, diag);
  CHECK_FALSE(ok);
  CHECK(Messages(diag) ==
        "error: s.yaml: doc 1: expectMatrix[0].table line 2: cell 'O' under x/b: expected . (allowed), X (denied) or "
        "~ (partial)\n"
        "error: s.yaml: doc 1: expectMatrix[0].table line 3: 'x/b' has 1 cell, the header 2 destinations\n"
        "error: s.yaml: doc 1: expectMatrix[1].table: expected a header line (a corner cell, then one destination "
        "per column) and at least one row (a source, then one of . X ~ per column)\n"
        "error: s.yaml: doc 1: expectMatrix[2]: missing required field 'table'\n"
        "error: s.yaml: doc 1: expectMatrix[3].colour: unknown field (known fields: port, protocol, table, mustPass or "
        "weight)\n"
        "error: s.yaml: doc 1: expectMatrix[3].table: the header line names no destination (the first cell is the "
        "corner, e.g. TCP/80)\n"
        "error: s.yaml: doc 1: expectMatrix[4]: expected a mapping {port, protocol, table}, found a sequence\n");
}

TEST_CASE("submission is read like include, and --submission replaces it", "[scenario][teach]") {
  TempDir dir;
  dir.Write("ex/cluster/app.yaml", "kind: Namespace\nmetadata: {name: shop}\n");
  dir.Write("ex/manifests/start.yaml", "kind: Namespace\nmetadata: {name: start}\n");
  dir.Write("alice/policy.yaml", "kind: Namespace\nmetadata: {name: alice}\n");
  const std::string text = "include: [cluster/]\nsubmission: manifests/\n";
  std::string scenario = dir.Write("ex/exercise.yaml", text);

  ScenarioParts own;
  Diagnostics diag;
  REQUIRE(ReadScenarioParts(scenario, text, dir.Path("ex"), own, diag));
  REQUIRE(own.included.size() == 2);
  CHECK(own.included[1].source == dir.Path("ex/manifests/start.yaml"));
  CHECK(own.scenario.submission == std::vector<std::string>{"manifests/"});

  ScenarioParts replaced;
  ScenarioOverrides overrides;
  overrides.submission = std::vector<std::string>{dir.Path("alice")};
  REQUIRE(ReadScenarioParts(scenario, text, dir.Path("ex"), replaced, diag, {}, overrides));
  REQUIRE(replaced.included.size() == 2);
  CHECK(replaced.included[1].source == dir.Path("alice/policy.yaml"));
  CHECK(replaced.scenario.submission == std::vector<std::string>{dir.Path("alice")});

  // A sequence works too; a missing folder is an error at its entry.
  ScenarioParts listed;
  Diagnostics missing;
  CHECK_FALSE(ReadScenarioParts(scenario, "submission: [manifests/, nope/]\n", dir.Path("ex"), listed, missing));
  CHECK(Messages(missing) ==
        "error: " + scenario + ": doc 1: submission[1]: no such file or folder: " + dir.Path("ex/nope/") + "\n");
}

TEST_CASE("the --submission override needs a scenario with a submission key", "[scenario][teach]") {
  ScenarioParts parts;
  Diagnostics diag;
  ScenarioOverrides overrides;
  overrides.submission = std::vector<std::string>{"students/alice"};
  CHECK_FALSE(ReadScenarioParts("s.yaml", "expect: []\n", "", parts, diag, {}, overrides));
  CHECK(Messages(diag) ==
        "error: s.yaml: doc 1: --submission replaces the scenario's `submission:` folder, and "
        "this scenario has none (add `submission: manifests/` naming the files a student edits)\n");
  CHECK(parts.included.empty());  // the replacement is not read
  Diagnostics typed;
  CHECK_FALSE(ReadScenarioParts("s.yaml", "submission: {a: 1}\n", "", parts, typed));
  CHECK(Messages(typed) ==
        "error: s.yaml: doc 1: submission: expected a file or folder path, or a sequence of "
        "them, found a mapping\n");
}

}  // namespace
}  // namespace kreach
