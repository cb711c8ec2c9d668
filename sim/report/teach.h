// Explanations that teach (`kreach check --explain`): for a checked expectation, what was expected, what
// happened and at which hop, which policy and rule decided (and why the rules that come closest do not), and the
// usual fix.
#ifndef KREACH_SIM_REPORT_TEACH_H_
#define KREACH_SIM_REPORT_TEACH_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "policies/evaluator.h"
#include "sim/net/network.h"
#include "sim/report/check.h"
#include "sim/report/rule_analysis.h"

namespace kreach {

/// What a hint asks the student to do, so that tests can check the hint rules without matching its words.
enum class HintKind {
  kNarrowPeer,        ///< a peer (or a rule without `from`/`to`) admits too much: narrow it
  kAddPorts,          ///< a rule without `ports` admits every port: list them
  kRemovePolicyType,  ///< a policyType isolates a direction the policy has no rules for: remove it
  kIsolate,           ///< add a policy that isolates a pod (names the namespace)
  kAllowPeer,         ///< add or fix a peer so that it admits the connection (selectors)
  kAllowPort,         ///< add or fix a rule's port
  kRelabel,           ///< give a Namespace the label a namespaceSelector expects (names the namespace)
  kIpBlock,           ///< admit an address that is no pod with an ipBlock (names the address)
  kDnat,              ///< policy sees the address after DNAT: select the pods, not the Service address
  kDns,               ///< allow DNS (names the namespace of the DNS pods)
  kAdmittedBy,        ///< says which rule admits it and what would narrow it, when no allowed fix is left
  kService,           ///< change a Service (traffic policy, source ranges, ports, type)
  kOther,             ///< any other advice (names, Ingress rules, the own-node switches)
};

/// One usual fix: its kind, what it names (a policy "ns/name ingress rule 0 from[1]", a namespace for kIsolate,
/// an address for kIpBlock; "" when nothing), and the text printed.
struct Hint {
  HintKind kind = HintKind::kOther;
  std::string object;
  std::string text;
};

/// A checked expectation in words.
struct Lesson {
  std::string what;              ///< what was expected and what happened
  std::vector<std::string> why;  ///< where it was decided and by which policy and rule; near misses
  std::vector<Hint> hints;       ///< the usual fixes, the most likely first
};

/// What a fix may touch. Hints never ask to isolate or relabel something outside it: when the usual fix is
/// outside, they point at the rule inside that admits too much, or say what admits the traffic.
struct TeachContext {
  /// The namespaces a fix may touch; absent: any.
  std::optional<std::set<std::string>> namespaces;
  bool MayTouch(const std::string& ns) const { return !namespaces || namespaces->count(ns) > 0; }
};

/// The context of a scenario graded with `submission:`: the namespaces of its `submissionScope` when it lists
/// some, else the namespaces of the objects read from the submission (none read, or no submission: any namespace).
TeachContext SubmissionContext(const Scenario& scenario);

/// The lesson of one expectation of `report` (which keeps the network its traces point into).
Lesson Teach(const ExpectationOutcome& outcome, const Network& network, const TeachContext& context = {});

/// Prints a lesson under an expectation line: "  What: ...", "  Why: ...", "  Hint: ...", wrapped at `width`.
void WriteLesson(const Lesson& lesson, std::ostream& out, std::size_t width = 110);

}  // namespace kreach

#endif  // KREACH_SIM_REPORT_TEACH_H_
