#include "sim/check.h"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "sim/json_text.h"

namespace kreach {

CheckReport RunChecks(const Scenario& scenario, const PolicyOptions& options, Diagnostics& diag) {
  CheckReport report;
  report.scenario = &scenario;
  report.network = std::make_shared<const Network>(scenario.cluster, options);
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
      diag.Error(from_where, error);
      continue;
    }
    if (!from.CanSend()) {
      diag.Error(from_where, e.from + " cannot be a source: a source is a pod, a workload, a node or an IPv4 address");
      continue;
    }
    if (!ResolveEndpoint(network.cluster(), e.to, &to, &error)) {
      diag.Error(to_where, error);
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
    outcome.got = ResultName(outcome.trace.result);
    outcome.passed = outcome.got == e.result && (e.outcome.empty() || e.outcome == OutcomeName(outcome.trace.outcome));
    (outcome.passed ? report.passed : report.failed) += 1;
    report.outcomes.push_back(std::move(outcome));
  }
  return report;
}

void WriteCheckText(const CheckReport& report, bool explain_all, std::ostream& out, std::size_t max_paths) {
  for (const ExpectationOutcome& o : report.outcomes) {
    const Expectation& e = *o.expect;
    out << (o.passed ? "PASS" : "FAIL") << "  " << e.from << " -> " << e.to << "  " << o.trace.probe.ToString()
        << "  expected " << e.result;
    if (!e.outcome.empty()) out << " (" << e.outcome << ")";
    out << ", got " << o.got << " (" << OutcomeName(o.trace.outcome) << ")\n";
    if (o.passed && !explain_all) continue;
    const std::vector<Branch>& branches = o.trace.branches;
    const std::size_t shown = max_paths == 0 ? branches.size() : std::min(max_paths, branches.size());
    for (std::size_t i = 0; i < shown; ++i) {
      const Branch& b = branches[i];
      out << "  " << b.src.ToString() << " -> " << ReceiverText(b);
      if (b.port != 0 && e.port != std::to_string(b.port)) out << " (port " << b.port << ")";
      out << ": " << OutcomeName(b.outcome) << "\n";
      for (const Hop& h : b.hops) {
        if (h.kind == Hop::Kind::kPolicy || !h.ok) out << "    " << h.text << "\n";
      }
    }
    if (shown < branches.size()) {
      std::size_t delivered = 0;
      for (std::size_t i = shown; i < branches.size(); ++i) delivered += branches[i].outcome == Outcome::kDelivered;
      const std::size_t rest = branches.size() - shown;
      out << "  ... " << rest << (rest == 1 ? " more path (" : " more paths (") << delivered << " delivered, "
          << rest - delivered << " not): --max-paths 0 shows them all\n";
    }
  }
}

void WriteCheckJson(const std::vector<CheckReport>& reports, std::ostream& out) {
  int passed = 0;
  int failed = 0;
  out << "{\n  \"scenarios\": [";
  for (std::size_t r = 0; r < reports.size(); ++r) {
    const CheckReport& report = reports[r];
    passed += report.passed;
    failed += report.failed;
    out << (r ? "," : "") << "\n    {\n      \"name\": " << JsonQuote(report.scenario->name)
        << ",\n      \"file\": " << JsonQuote(report.scenario->source) << ",\n      \"passed\": " << report.passed
        << ",\n      \"failed\": " << report.failed << ",\n      \"expectations\": [";
    for (std::size_t i = 0; i < report.outcomes.size(); ++i) {
      const ExpectationOutcome& o = report.outcomes[i];
      const Expectation& e = *o.expect;
      out << (i ? "," : "") << "\n        {\"status\": " << JsonQuote(o.passed ? "PASS" : "FAIL")
          << ", \"from\": " << JsonQuote(e.from) << ", \"to\": " << JsonQuote(e.to)
          << ", \"port\": " << JsonQuote(e.port) << ", \"protocol\": " << JsonQuote(ProtocolName(e.protocol))
          << ", \"expected\": " << JsonQuote(e.result) << ", \"expectedOutcome\": " << JsonQuote(e.outcome)
          << ", \"got\": " << JsonQuote(o.got) << ", \"outcome\": " << JsonQuote(OutcomeName(o.trace.outcome))
          << ", \"paths\": [";
      for (std::size_t p = 0; p < o.trace.branches.size(); ++p) {
        const Branch& b = o.trace.branches[p];
        out << (p ? ", " : "") << "{\"src\": " << JsonQuote(b.src.ToString())
            << ", \"dst\": " << (b.dst ? JsonQuote(b.dst->ToString()) : "null") << ", \"port\": " << b.port
            << ", \"outcome\": " << JsonQuote(OutcomeName(b.outcome)) << ", \"why\": " << JsonQuote(b.summary) << "}";
      }
      out << "]}";
    }
    out << "\n      ]\n    }";
  }
  out << "\n  ],\n  \"passed\": " << passed << ",\n  \"failed\": " << failed << "\n}\n";
}

}  // namespace kreach
