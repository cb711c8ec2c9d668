#include "sim/report/check_format.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "sim/report/check.h"

namespace kreach {
namespace {

/// The text of an n x n expectMatrix that expects every cell allowed and got every cell but the diagonal denied.
std::string FailingTable(std::size_t n) {
  std::vector<Expectation> cells;
  cells.reserve(n * n);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t c = 0; c < n; ++c) {
      Expectation e;
      e.from = "m/p" + std::to_string(r);
      e.to = "m/p" + std::to_string(c);
      e.port = "80";
      e.result = Result::kAllow;
      e.matrix = 0;
      e.where.path = "expectMatrix[0].table line " + std::to_string(r + 2);
      cells.push_back(std::move(e));
    }
  }
  CheckReport report;
  for (const Expectation& e : cells) {
    ExpectationOutcome o;
    o.expect = &e;
    o.got = e.from == e.to ? Result::kAllow : Result::kDeny;
    o.passed = o.got == e.result;
    o.trace.probe = Probe{"80", Protocol::kTCP};
    o.trace.result = o.got;
    o.trace.outcome = o.passed ? Outcome::kDelivered : Outcome::kDropped;
    (o.passed ? report.passed : report.failed) += 1;
    report.outcomes.push_back(std::move(o));
  }
  std::ostringstream out;
  WriteCheckText(report, CheckTextOptions{}, out);
  return out.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST_CASE("a failing expectMatrix prints the table it got, each cell in its row and column", "[check]") {
  std::vector<std::string> lines = Lines(FailingTable(3));
  REQUIRE(lines.size() >= 6);
  CHECK(lines[0] == "FAIL  expectMatrix[0]  TCP/80  6 of 9 cells differ from the expected table");
  CHECK(lines[1] == "  TCP/80  m/p0  m/p1  m/p2");
  CHECK(lines[2] == "  m/p0    .     X*    X*");
  CHECK(lines[3] == "  m/p1    X*    .     X*");
  CHECK(lines[4] == "  m/p2    X*    X*    .");
  CHECK(lines[5] == "  (what kreach got: '.' allowed, 'X' denied, '~' partial; '*' differs from the expected table)");
  CHECK(lines[6] == "FAIL  m/p0 -> m/p1  TCP/80  expected allow, got deny (dropped)");
}

// Issue 24: placing each cell scanned every cell (300 x 300 cells: 8 billion comparisons, minutes). Placing is
// now one pass, so a table this size takes milliseconds; were it quadratic again, this test would run for
// minutes and the suite's timeout would stop it.
TEST_CASE("a large failing expectMatrix is laid out in one pass over its cells", "[check]") {
  const std::size_t n = 300;
  std::vector<std::string> lines = Lines(FailingTable(n));
  REQUIRE(lines.size() == 1 + 1 + n + 1 + (n * n - n));
  CHECK(lines[0] == "FAIL  expectMatrix[0]  TCP/80  89700 of 90000 cells differ from the expected table");
  // Row p150: X* everywhere but its own column.
  const std::string& row = lines[2 + 150];
  CHECK(row.rfind("  m/p150  ", 0) == 0);
  std::size_t marks = 0;
  for (std::size_t at = row.find("X*"); at != std::string::npos; at = row.find("X*", at + 2)) ++marks;
  CHECK(marks == n - 1);
  CHECK(row.find(" . ") != std::string::npos);
}

}  // namespace
}  // namespace kreach
