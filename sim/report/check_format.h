// What `kreach check` prints: the text report (with lessons under --explain), the summary of many runs, JSON and
// JUnit XML. The checks themselves are sim/report/check.h.
#ifndef KREACH_SIM_REPORT_CHECK_FORMAT_H_
#define KREACH_SIM_REPORT_CHECK_FORMAT_H_

#include <cstddef>
#include <ostream>
#include <vector>

#include "sim/report/check.h"

namespace kreach {

struct CheckTextOptions {
  bool explain = false;  ///< each failure in words (sim/report/teach.h), then its paths
  /// The passes too, in words and with their paths (--explain-passes); without it a pass is its line only.
  bool explain_passes = false;
  std::size_t max_paths = 0;  ///< paths shown per explained expectation; the rest are counted (0: all)
};

/// One line per expectation (`PASS  from -> to  TCP/80  expected allow, got allow (delivered)`); a failure (or
/// every line with `explain`) is followed by its paths, hop by hop; with `explain` first by its lesson (What, Why,
/// Hint). The cells of an `expectMatrix` are printed as one table of what kreach got, differing cells marked,
/// followed by the failing cells. The caller prints the total line.
void WriteCheckText(const CheckReport& report, const CheckTextOptions& options, std::ostream& out);

/// The run's `kreach lint` warnings (CheckRun::warnings), one `warning: file: doc N: ...` line each.
void WriteCheckWarnings(const CheckRun& run, std::ostream& out);

/// One line per run (`PASS  12/12   grade 100%  [SUBMISSION  ]SCENARIO-FILE[  (N must-pass failed)][  N warnings]`,
/// `ERROR -  ...  (the first error)`, `SCOPE -  ...  (the first document outside submissionScope)`), for several
/// scenarios or submissions.
void WriteCheckSummary(const std::vector<CheckRun>& runs, std::ostream& out);

/// The runs as one JSON document: {"scenarios": [...], "passed": N, "failed": N}. A run with an input error is
/// {"name", "file", "submission", "error"} without expectations.
void WriteCheckJson(const std::vector<CheckRun>& runs, std::ostream& out);

/// The runs as JUnit XML (testsuites > testsuite per run > testcase per expectation, <failure> with the lesson and
/// the paths, <error> for a run whose input did not load). No timestamps: the same input gives the same bytes.
void WriteCheckJUnit(const std::vector<CheckRun>& runs, std::ostream& out);

}  // namespace kreach

#endif  // KREACH_SIM_REPORT_CHECK_FORMAT_H_
