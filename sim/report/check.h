// `kreach check`: a scenario's expectations evaluated against its cluster.
#ifndef KREACH_SIM_REPORT_CHECK_H_
#define KREACH_SIM_REPORT_CHECK_H_

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/loader/scenario.h"
#include "sim/model/diagnostic.h"
#include "sim/net/path.h"

namespace kreach {

struct ExpectationOutcome {
  const Expectation* expect = nullptr;
  bool passed = false;
  Result got = Result::kDeny;
  Trace trace;
};

struct CheckReport {
  const Scenario* scenario = nullptr;
  /// The network the traces point into (their peers are its pods): kept alive with the report.
  std::shared_ptr<const Network> network;
  std::vector<ExpectationOutcome> outcomes;
  int passed = 0;
  int failed = 0;
  double weight_passed = 0;  ///< the weights (`weight`, default 1) of the passed expectations
  double weight_total = 0;   ///< ... and of all of them
  int must_pass_failed = 0;  ///< failed expectations marked `mustPass: true`

  /// The grade in percent, rounded down: the weighted share of passed expectations, or 0 when any must-pass
  /// expectation failed (docs/scenario-format.md, "Grading").
  int GradePercent() const;
};

/// "grade 62%" or "grade 0% (must-pass failed)": how the text writers print a report's grade.
std::string GradeText(const CheckReport& report);

/// Evaluates every expectation of `scenario` (which must outlive the report) on the packet's real path
/// (sim/net/path.h). An expectation passes when `result` matches and, if given, `outcome` equals the trace's outcome.
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
  /// The submission holds documents outside the scenario's `submissionScope` (then `error` is the first of them,
  /// and there is no report): the summary shows SCOPE, not ERROR.
  bool out_of_scope = false;
  /// `kreach lint` warnings of the submission's files (of the whole input when the scenario has no submission).
  std::vector<Diagnostic> warnings;
};

}  // namespace kreach

#endif  // KREACH_SIM_REPORT_CHECK_H_
