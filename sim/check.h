// `kreach check`: a scenario's expectations evaluated against its cluster.
#ifndef KREACH_SIM_CHECK_H_
#define KREACH_SIM_CHECK_H_

#include <memory>
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

/// One line per expectation (`PASS  from -> to  TCP/80  expected allow, got allow (delivered)`); a failure (or
/// every line when `explain_all`) is followed by its paths, hop by hop: the first `max_paths` of them (0: all),
/// then a line that counts the rest. The caller prints the total line.
void WriteCheckText(const CheckReport& report, bool explain_all, std::ostream& out, std::size_t max_paths = 0);

/// The reports as one JSON document: {"scenarios": [...], "passed": N, "failed": N}.
void WriteCheckJson(const std::vector<CheckReport>& reports, std::ostream& out);

}  // namespace kreach

#endif  // KREACH_SIM_CHECK_H_
