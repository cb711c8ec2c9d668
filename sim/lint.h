// `kreach lint`: warnings about policies that are valid but almost certainly not what the author meant.
#ifndef KREACH_SIM_LINT_H_
#define KREACH_SIM_LINT_H_

#include "policies/evaluator.h"
#include "sim/model/diagnostic.h"

namespace kreach {

/// Adds a warning (located at the policy's file, document and field) for: a policy that selects no pod; a peer
/// whose selectors match no pod (or whose namespaceSelector matches no namespace); a named port that no
/// destination pod of the rule defines (ingress: the policy's subjects; egress: the pods its peers match; a
/// named port towards ipBlock-only peers is already the loader's warning). API validation errors are the
/// loader's; lint adds only warnings.
void LintPolicies(const PolicyEngine& engine, Diagnostics& diag);

}  // namespace kreach

#endif  // KREACH_SIM_LINT_H_
