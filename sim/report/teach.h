// Explanations that teach (`kreach check --explain`): for a checked expectation, what was expected, what
// happened and at which hop, which policy and rule decided (and why the rules that come closest do not), and the
// usual fix.
#ifndef KREACH_SIM_REPORT_TEACH_H_
#define KREACH_SIM_REPORT_TEACH_H_

#include <string>
#include <vector>

#include "policies/evaluator.h"
#include "sim/net/network.h"
#include "sim/report/check.h"
#include "sim/report/rule_analysis.h"

namespace kreach {

/// A checked expectation in words.
struct Lesson {
  std::string what;                ///< what was expected and what happened
  std::vector<std::string> why;    ///< where it was decided and by which policy and rule; near misses
  std::vector<std::string> hints;  ///< the usual fixes
};

/// The lesson of one expectation of `report` (which keeps the network its traces point into).
Lesson Teach(const ExpectationOutcome& outcome, const Network& network);

/// Prints a lesson under an expectation line: "  What: ...", "  Why: ...", "  Hint: ...", wrapped at `width`.
void WriteLesson(const Lesson& lesson, std::ostream& out, std::size_t width = 110);

}  // namespace kreach

#endif  // KREACH_SIM_REPORT_TEACH_H_
