// `kreach lint`: warnings about policies that are valid but almost certainly not what the author meant.
#ifndef KREACH_SIM_REPORT_LINT_H_
#define KREACH_SIM_REPORT_LINT_H_

#include "policies/evaluator.h"
#include "sim/model/diagnostic.h"

namespace kreach {

/// Adds a warning (located at the policy's file, document and field) for: a policy that selects no pod; a peer
/// whose selectors match no pod (or whose namespaceSelector matches no namespace); a named port that no
/// destination pod of the rule defines (ingress: the policy's subjects; egress: the pods its peers match; a
/// named port towards ipBlock-only peers is already the loader's warning). API validation errors are the
/// loader's; lint adds only warnings. Also (NP-22): an ingress rule's numeric port that is the port of a Service
/// selecting the policy's subjects rather than the targetPort they receive, when no such pod uses that number
/// itself and the rule does not admit the targetPort anyway.
void LintPolicies(const PolicyEngine& engine, Diagnostics& diag);

/// Adds a warning (located at the Service's or EndpointSlice's field) for: a Service selector that matches no
/// pod in its namespace, naming the namespaces whose pods it would match (SVC-1); a named targetPort that some
/// or all selected pods do not define, listing them (SVC-4); a manual EndpointSlice address that is loopback,
/// link-local or a Service's ClusterIP (SVC-5). ExternalName Services and Services without selector are skipped.
/// Adds an info line (at spec.ports[i].nodePort) for every Service port whose nodePort kreach chose
/// (ServicePort::node_port_assigned, SVC-12): a real cluster would pick another one.
void LintServices(const Cluster& cluster, Diagnostics& diag);

/// Adds a warning (located at the Ingress's field) for: a service backend whose Service is missing from the
/// Ingress's namespace, is ExternalName, or has no such port number or name (ING-8: 503); no ingressClassName
/// while no IngressClass (or more than one) is marked default, or a class that does not exist while the input
/// has IngressClasses (ING-1: no controller serves it).
void LintIngresses(const Cluster& cluster, Diagnostics& diag);

/// Adds a warning (at the ipBlock's cidr) for an ipBlock that picks pod addresses (it contains the address of
/// some pods but not of every pod, or lies inside the pod CIDR; up to three pods are named) and for one inside the
/// Service CIDR that contains a Service's ClusterIP (NP-22: policy sees the address after DNAT, never the ClusterIP).
void LintIpBlocks(const Cluster& cluster, Diagnostics& diag);

/// Everything `kreach lint` warns about: LintPolicies, LintIpBlocks, then LintServices, then LintIngresses.
void Lint(const PolicyEngine& engine, Diagnostics& diag);

}  // namespace kreach

#endif  // KREACH_SIM_REPORT_LINT_H_
