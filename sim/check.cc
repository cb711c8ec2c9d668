#include "sim/check.h"

#include "sim/json_text.h"

namespace kreach {

namespace {

/// The outcomes this issue can tell apart; the rest need Services/DNS/Ingress.
bool OutcomeSupported(const std::string& outcome) { return outcome.empty() || outcome == "delivered" || outcome == "dropped"; }

}  // namespace

CheckReport RunChecks(const Scenario& scenario, const PolicyOptions& options, Diagnostics& diag) {
  CheckReport report;
  report.scenario = &scenario;
  PolicyEngine engine(scenario.cluster, options);
  for (const Expectation& e : scenario.expect) {
    ResolvedEndpoint from;
    ResolvedEndpoint to;
    std::string error;
    Location from_where = e.where;
    from_where.path += ".from";
    Location to_where = e.where;
    to_where.path += ".to";
    if (!ResolveEndpoint(scenario.cluster, e.from, &from, &error)) {
      diag.Error(from_where, error);
      continue;
    }
    if (!ResolveEndpoint(scenario.cluster, e.to, &to, &error)) {
      diag.Error(to_where, error);
      continue;
    }
    if (!OutcomeSupported(e.outcome)) {
      Location where = e.where;
      where.path += ".outcome";
      diag.Error(where, "outcome '" + e.outcome +
                            "' is not supported yet (Services, DNS and Ingress come later); use delivered or dropped");
      continue;
    }
    ExpectationOutcome outcome;
    outcome.expect = &e;
    Probe probe{e.port, e.protocol};
    if (!EvaluateConnection(engine, from, to, probe, &outcome.connection, &error)) {
      Location where = e.where;
      where.path += e.port.empty() && e.protocol != Protocol::kIcmp ? "" : ".port";
      diag.Error(where, error);
      continue;
    }
    outcome.got = ResultName(outcome.connection.result);
    outcome.passed = outcome.got == e.result;
    if (e.outcome == "delivered") outcome.passed = outcome.passed && outcome.connection.result == Result::kAllow;
    if (e.outcome == "dropped") outcome.passed = outcome.passed && outcome.connection.result == Result::kDeny;
    (outcome.passed ? report.passed : report.failed) += 1;
    report.outcomes.push_back(std::move(outcome));
  }
  return report;
}

void WriteCheckText(const CheckReport& report, bool explain_all, std::ostream& out) {
  for (const ExpectationOutcome& o : report.outcomes) {
    const Expectation& e = *o.expect;
    Probe probe{e.port, e.protocol};
    out << (o.passed ? "PASS" : "FAIL") << "  " << e.from << " -> " << e.to << "  " << probe.ToString()
        << "  expected " << e.result;
    if (!e.outcome.empty()) out << " (" << e.outcome << ")";
    out << ", got " << o.got << "\n";
    if (o.passed && !explain_all) continue;
    for (const PairResult& pair : o.connection.pairs) {
      out << "  " << pair.src.ToString() << " -> " << pair.dst.ToString();
      if (pair.port != 0 && e.port != std::to_string(pair.port)) out << " (port " << pair.port << ")";
      out << ": " << (pair.allowed ? "allowed" : "denied") << "\n";
      out << ExplainPair(pair);
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
          << ", \"expected\": " << JsonQuote(e.result) << ", \"got\": " << JsonQuote(o.got) << ", \"pairs\": [";
      for (std::size_t p = 0; p < o.connection.pairs.size(); ++p) {
        const PairResult& pair = o.connection.pairs[p];
        out << (p ? ", " : "") << "{\"src\": " << JsonQuote(pair.src.ToString())
            << ", \"dst\": " << JsonQuote(pair.dst.ToString()) << ", \"port\": " << pair.port
            << ", \"allowed\": " << (pair.allowed ? "true" : "false");
        if (pair.verdict) {
          out << ", \"egress\": " << JsonQuote(pair.verdict->egress.ToString(Direction::kEgress))
              << ", \"ingress\": " << JsonQuote(pair.verdict->ingress.ToString(Direction::kIngress));
        } else {
          out << ", \"note\": " << JsonQuote(pair.note);
        }
        out << "}";
      }
      out << "]}";
    }
    out << "\n      ]\n    }";
  }
  out << "\n  ],\n  \"passed\": " << passed << ",\n  \"failed\": " << failed << "\n}\n";
}

}  // namespace kreach
