#include "sim/report/check.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <sstream>
#include <vector>

#include "sim/model/default_namespace.h"

namespace kreach {

namespace {

/// "; " and DefaultNamespaceHint for a scenario, or "".
std::string NamespaceHint(const Cluster& cluster, const std::string& ns) {
  std::string hint = DefaultNamespaceHint(cluster, ns, DefaultNamespaceSetting::kScenarioKey);
  return hint.empty() ? "" : "; " + hint;
}

}  // namespace

CheckReport RunChecks(const Scenario& scenario, const PolicyOptions& options, Diagnostics& diag) {
  CheckReport report;
  report.scenario = &scenario;
  report.network = std::make_shared<const Network>(ImpliedCluster::Build(scenario.cluster), options);
  const Network& network = *report.network;
  for (const Expectation& e : scenario.expect) {
    ResolvedEndpoint from;
    ResolvedEndpoint to;
    std::string error;
    Location from_where = e.where;
    from_where.path += ".from";
    Location to_where = e.where;
    to_where.path += ".to";
    if (!ResolveEndpoint(network.cluster(), e.from, &from, &error)) {
      diag.Error(from_where, error + NamespaceHint(network.cluster(), from.missing_namespace));
      continue;
    }
    if (!from.CanSend()) {
      diag.Error(from_where, e.from + " cannot be a source: a source is a pod, a workload, a node or an IPv4 address");
      continue;
    }
    if (!ResolveEndpoint(network.cluster(), e.to, &to, &error)) {
      diag.Error(to_where, error + NamespaceHint(network.cluster(), to.missing_namespace));
      continue;
    }
    ExpectationOutcome outcome;
    outcome.expect = &e;
    Probe probe{e.port, e.protocol};
    if (!TraceConnection(network, from, to, probe, &outcome.trace, &error)) {
      Location where = e.where;
      where.path += e.port.empty() && e.protocol != Protocol::kIcmp ? "" : ".port";
      diag.Error(where, error);
      continue;
    }
    outcome.got = outcome.trace.result;
    outcome.passed = outcome.got == e.result && (!e.outcome || *e.outcome == outcome.trace.outcome);
    (outcome.passed ? report.passed : report.failed) += 1;
    report.weight_total += e.weight;
    if (outcome.passed) report.weight_passed += e.weight;
    if (!outcome.passed && e.must_pass) ++report.must_pass_failed;
    report.outcomes.push_back(std::move(outcome));
  }
  return report;
}

int CheckReport::GradePercent() const {
  if (must_pass_failed > 0 || weight_total <= 0) return 0;
  // A hair of tolerance so that 3 x 1/3 does not round down to 99.
  return static_cast<int>(std::floor(100.0 * weight_passed / weight_total + 1e-9));
}

std::string GradeText(const CheckReport& report) {
  std::string text = "grade " + std::to_string(report.GradePercent()) + "%";
  if (report.must_pass_failed > 0) text += " (must-pass failed)";
  return text;
}

}  // namespace kreach
