// The grade of a check run (docs/scenario-format.md, "Grading"): the weighted share of passed expectations,
// rounded down, and 0 when a must-pass expectation failed.
#include <catch2/catch.hpp>

#include "sim/report/check.h"

namespace kreach {
namespace {

CheckReport Report(double passed_weight, double total_weight, int must_pass_failed) {
  CheckReport report;
  report.weight_passed = passed_weight;
  report.weight_total = total_weight;
  report.must_pass_failed = must_pass_failed;
  return report;
}

TEST_CASE("the grade: weighted share, rounded down; 0 when a must-pass expectation failed", "[check][grading]") {
  CHECK(Report(6, 8, 0).GradePercent() == 75);
  CHECK(Report(5, 8, 0).GradePercent() == 62);       // 62.5: rounded down
  CHECK(Report(999, 1000, 0).GradePercent() == 99);  // only a full pass shows 100
  CHECK(Report(1, 1, 0).GradePercent() == 100);
  CHECK(Report(1.0 / 3 + 1.0 / 3 + 1.0 / 3, 1, 0).GradePercent() == 100);  // no 99 from floating point
  CHECK(Report(7, 10, 0).GradePercent() == 70);
  CHECK(Report(8, 9.5, 1).GradePercent() == 0);
  CHECK(Report(0, 0, 0).GradePercent() == 0);  // nothing weighed (check refuses such a scenario before)
  CHECK(GradeText(Report(7, 10, 0)) == "grade 70%");
  CHECK(GradeText(Report(9, 10, 2)) == "grade 0% (must-pass failed)");
}

}  // namespace
}  // namespace kreach
