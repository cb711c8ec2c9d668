// Every bundled scenario under scenarios/services/ loads cleanly and every expectation in it holds: the examples
// users read and the §9 edge cases of the semantics reference stay true as the engine changes.

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/loader/scenario.h"
#include "sim/report/check.h"

namespace kreach {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> ScenarioFiles(const std::string& folder) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(fs::path(KREACH_SOURCE_DIR) / folder)) {
    if (entry.path().extension() == ".yaml") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("every Services, DNS and Ingress scenario passes", "[scenario][services]") {
  std::vector<fs::path> files = ScenarioFiles("scenarios/services");
  REQUIRE(files.size() >= 25);
  int expectations = 0;
  for (const fs::path& file : files) {
    INFO(file.string());
    ScenarioLoad load = LoadScenario(file.string());
    for (const Diagnostic& d : load.diagnostics.items()) INFO(d.ToString());
    REQUIRE_FALSE(load.diagnostics.HasErrors());
    Diagnostics diag;
    CheckReport report = RunChecks(load.scenario, load.scenario.options, diag);
    for (const Diagnostic& d : diag.items()) INFO(d.ToString());
    CHECK_FALSE(diag.HasErrors());
    CHECK(report.failed == 0);
    CHECK(report.passed == static_cast<int>(load.scenario.expect.size()));
    bool has_outcome = false;
    for (const Expectation& e : load.scenario.expect) has_outcome = has_outcome || e.outcome.has_value();
    CHECK(has_outcome);
    expectations += report.passed;
  }
  CHECK(expectations >= 200);
}

}  // namespace
}  // namespace kreach
