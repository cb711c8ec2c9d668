// `kreach check`: a scenario's expectations evaluated against its cluster.
#ifndef KREACH_SIM_CHECK_H_
#define KREACH_SIM_CHECK_H_

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/path.h"
#include "sim/loader/scenario.h"
#include "sim/model/diagnostic.h"

namespace kreach {

struct ExpectationOutcome {
  const Expectation* expect = nullptr;
  bool passed = false;
  std::string got;  ///< "allow", "deny" or "partial"
  Trace trace;
};

struct CheckReport {
  const Scenario* scenario = nullptr;
  /// The network the traces point into (their peers are its pods): kept alive with the report.
  std::shared_ptr<const Network> network;
  std::vector<ExpectationOutcome> outcomes;
  int passed = 0;
  int failed = 0;
};

/// Evaluates every expectation of `scenario` (which must outlive the report) on the packet's real path
/// (sim/path.h). An expectation passes when `result` matches and, if given, `outcome` equals the trace's outcome.
/// An expectation whose endpoints or probe cannot be resolved is an input error in `diag` (naming the scenario
/// file and `expect[i]`), not a FAIL.
CheckReport RunChecks(const Scenario& scenario, const PolicyOptions& options, Diagnostics& diag);

/// One scenario graded against one submission (or against its own files): what `check` prints, sums and exports.
struct CheckRun {
  std::string file;        ///< the scenario file
  std::string submission;  ///< the --submission path; "" when the scenario's own `submission:` was read
  std::shared_ptr<const Scenario> scenario;  ///< null when the file is no scenario
  std::optional<CheckReport> report;         ///< absent after an input error
  std::string error;                         ///< the first input error, when there was one
};

struct CheckTextOptions {
  bool explain = false;       ///< every expectation in words (sim/teach.h), then its paths; not only failures
  std::size_t max_paths = 0;  ///< paths shown per explained expectation; the rest are counted (0: all)
};

/// One line per expectation (`PASS  from -> to  TCP/80  expected allow, got allow (delivered)`); a failure (or
/// every line with `explain`) is followed by its paths, hop by hop; with `explain` first by its lesson (What, Why,
/// Hint). The cells of an `expectMatrix` are printed as one table of what kreach got, differing cells marked,
/// followed by the failing cells. The caller prints the total line.
void WriteCheckText(const CheckReport& report, const CheckTextOptions& options, std::ostream& out);

/// One line per run (`PASS  12/12    [SUBMISSION  ]SCENARIO-FILE`, `ERROR -  ...  (the first error)`), for several
/// scenarios or submissions.
void WriteCheckSummary(const std::vector<CheckRun>& runs, std::ostream& out);

/// The runs as one JSON document: {"scenarios": [...], "passed": N, "failed": N}. A run with an input error is
/// {"name", "file", "submission", "error"} without expectations.
void WriteCheckJson(const std::vector<CheckRun>& runs, std::ostream& out);

/// The runs as JUnit XML (testsuites > testsuite per run > testcase per expectation, <failure> with the lesson and
/// the paths, <error> for a run whose input did not load). No timestamps: the same input gives the same bytes.
void WriteCheckJUnit(const std::vector<CheckRun>& runs, std::ostream& out);

}  // namespace kreach

#endif  // KREACH_SIM_CHECK_H_
