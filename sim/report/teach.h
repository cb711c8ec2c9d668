// Explanations that teach (`kreach check --explain`): for a checked expectation, what was expected, what
// happened and at which hop, which policy and rule decided (and why the rules that come closest do not), and the
// usual fix.
#ifndef KREACH_SIM_REPORT_TEACH_H_
#define KREACH_SIM_REPORT_TEACH_H_

#include <string>
#include <vector>

#include "policies/evaluator.h"
#include "sim/report/check.h"
#include "sim/net/network.h"

namespace kreach {

/// Why one rule of a policy does or does not admit a connection: its peers and its ports checked one by one,
/// as the semantics reference defines them (NP-7, NP-10 to NP-21).
struct RuleAnalysis {
  const NetworkPolicy* policy = nullptr;
  int rule = 0;            ///< 0-based index in the direction's rule list
  bool peer_matches = false;
  bool port_matches = false;
  int matching_peer = -1;  ///< the first peer that matches (-1: none, or the rule has no peers)
  /// Why no peer matches ("" when one does): the closest peer's reason, e.g. "from[0] (podSelector app=web)
  /// selects pods of namespace shop only, and a/client is in namespace a".
  std::string peer_reason;
  std::string port_reason;  ///< why no port matches, e.g. "it allows TCP/80, not TCP/8080"
  bool Admits() const { return peer_matches && port_matches; }
};

/// The rules of every policy in `verdict.isolating`, for the direction, against the verdict's connection
/// (self, other, protocol, port). An ICMP probe passes only a rule without ports when icmpNeedsPortlessRule is on.
/// Admits() is true exactly for the rules the engine lists in `verdict.allowing` (tests/property/teach_test.cc).
std::vector<RuleAnalysis> AnalyzeRules(const Cluster& cluster, const PolicyOptions& options,
                                       const DirectionVerdict& verdict, Direction direction);

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
