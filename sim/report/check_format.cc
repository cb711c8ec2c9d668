#include "sim/report/check_format.h"

#include <algorithm>
#include <cstddef>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/format/structured_writer.h"
#include "sim/format/text_escape.h"
#include "sim/report/teach.h"

namespace kreach {

namespace {

void WriteLine(const ExpectationOutcome& o, std::ostream& out) {
  const Expectation& e = *o.expect;
  out << (o.passed ? "PASS" : "FAIL") << "  " << e.from << " -> " << e.to << "  " << o.trace.probe.ToString()
      << "  expected " << ResultName(e.result);
  if (e.outcome) out << " (" << OutcomeName(*e.outcome) << ")";
  out << ", got " << ResultName(o.got) << " (" << OutcomeName(o.trace.outcome) << ")\n";
}

void WritePaths(const ExpectationOutcome& o, std::size_t max_paths, std::ostream& out) {
  const Expectation& e = *o.expect;
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

/// The line, then (for a failure, or with explain) the lesson and the paths.
void WriteExpectation(const CheckReport& report, const ExpectationOutcome& o, const CheckTextOptions& options,
                      const TeachContext& context, std::ostream& out) {
  WriteLine(o, out);
  if (o.passed && !options.explain) return;
  if (options.explain) {
    WriteLesson(Teach(o, *report.network, context), out);
    out << "  Paths:\n";
  }
  WritePaths(o, options.max_paths, out);
}

char CellSymbol(Result result) { return result == Result::kAllow ? '.' : result == Result::kDeny ? 'X' : '~'; }

/// "expectMatrix[1]" (or "expectMatrix" for the mapping form) from a cell's location.
std::string MatrixName(const Expectation& e) {
  std::size_t dot = e.where.path.find(".table");
  return dot == std::string::npos ? "expectMatrix" : e.where.path.substr(0, dot);
}

std::string Pad(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

/// The cells [begin, end) of one expectMatrix: a summary line, the table kreach got (a '*' after each cell that
/// differs from the expected table), then every failing cell like any failed expectation.
void WriteMatrixCells(const CheckReport& report, std::size_t begin, std::size_t end, const CheckTextOptions& options,
                      const TeachContext& context, std::ostream& out) {
  // Rows and columns in order of first appearance, and the outcome of each cell: one pass over the cells (a
  // table of R rows and C columns has R*C of them; a scan per cell made a failing 300x300 table take minutes).
  std::vector<std::string> rows;
  std::vector<std::string> columns;
  std::unordered_map<std::string_view, std::size_t> row_of;
  std::unordered_map<std::string_view, std::size_t> column_of;
  std::vector<std::pair<std::size_t, std::size_t>> cell_at;  // [i - begin] → (row, column)
  cell_at.reserve(end - begin);
  std::size_t differ = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const Expectation& e = *report.outcomes[i].expect;
    auto [r, new_row] = row_of.emplace(e.from, rows.size());
    if (new_row) rows.push_back(e.from);
    auto [c, new_column] = column_of.emplace(e.to, columns.size());
    if (new_column) columns.push_back(e.to);
    cell_at.emplace_back(r->second, c->second);
    differ += !report.outcomes[i].passed;
  }
  const ExpectationOutcome& first = report.outcomes[begin];
  const std::size_t cells = end - begin;
  out << (differ == 0 ? "PASS" : "FAIL") << "  " << MatrixName(*first.expect) << "  " << first.trace.probe.ToString()
      << "  ";
  if (differ == 0) {
    out << "all " << cells << " cells as expected\n";
  } else {
    out << differ << " of " << cells << " cells differ from the expected table\n";
  }
  if (differ == 0 && !options.explain) return;
  std::size_t width = first.trace.probe.ToString().size();
  for (const std::string& r : rows) width = std::max(width, r.size());
  out << "  " << Pad(first.trace.probe.ToString(), width);
  for (const std::string& c : columns) out << "  " << c;
  out << "\n";
  // The last outcome of a (row, column) pair wins, as when a table names one cell twice; " " where none is.
  std::vector<std::string> grid(rows.size() * columns.size(), " ");
  for (std::size_t i = begin; i < end; ++i) {
    const ExpectationOutcome& o = report.outcomes[i];
    const auto [r, c] = cell_at[i - begin];
    grid[r * columns.size() + c] = std::string(1, CellSymbol(o.got)) + (o.passed ? "" : "*");
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out << "  " << Pad(rows[r], width);
    for (std::size_t j = 0; j < columns.size(); ++j) {
      const std::string& cell = grid[r * columns.size() + j];
      out << "  " << (j + 1 == columns.size() ? cell : Pad(cell, columns[j].size()));
    }
    out << "\n";
  }
  out << "  (what kreach got: '.' allowed, 'X' denied, '~' partial; '*' differs from the expected table)\n";
  for (std::size_t i = begin; i < end; ++i) {
    const ExpectationOutcome& o = report.outcomes[i];
    if (!o.passed || options.explain) WriteExpectation(report, o, options, context, out);
  }
}

std::string XmlEscape(const std::string& s) { return XmlText(s); }

/// What a fix may touch, for the hints: the namespaces of the scenario's submission.
TeachContext ContextOf(const CheckReport& report) {
  return report.scenario ? SubmissionContext(*report.scenario) : TeachContext{};
}

std::string RunName(const CheckRun& run) {
  std::string name = run.scenario ? run.scenario->name : run.file;
  if (!run.submission.empty()) name += " [" + run.submission + "]";
  return name;
}

}  // namespace

void WriteCheckText(const CheckReport& report, const CheckTextOptions& options, std::ostream& out) {
  const TeachContext context = ContextOf(report);  // what a fix may touch, for the hints
  for (std::size_t i = 0; i < report.outcomes.size();) {
    const int matrix = report.outcomes[i].expect->matrix;
    if (matrix < 0) {
      WriteExpectation(report, report.outcomes[i], options, context, out);
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < report.outcomes.size() && report.outcomes[end].expect->matrix == matrix) ++end;
    WriteMatrixCells(report, i, end, options, context, out);
    i = end;
  }
}

void WriteCheckSummary(const std::vector<CheckRun>& runs, std::ostream& out) {
  out << "== summary: " << runs.size() << (runs.size() == 1 ? " run\n" : " runs\n");
  for (const CheckRun& r : runs) {
    std::string status;
    std::string score;
    if (!r.report) {
      status = "ERROR";
      score = "-";
    } else {
      status = r.report->failed == 0 ? "PASS" : "FAIL";
      score = std::to_string(r.report->passed) + "/" + std::to_string(r.report->passed + r.report->failed);
    }
    out << Pad(status, 6) << Pad(score, 8);
    // Paths and messages from the input, one line each (a student's folder may be named with an escape sequence).
    if (!r.submission.empty()) out << EscapeControls(r.submission) << "  ";
    out << EscapeControls(r.file);
    if (!r.report) out << "  (" << EscapeControls(CapText(r.error, 1000)) << ")";
    out << "\n";
  }
}

void WriteCheckJson(const std::vector<CheckRun>& runs, std::ostream& out) {
  int passed = 0;
  int failed = 0;
  StructuredWriter w(TextFormat::kJson, out);
  w.BeginObject(JsonLayout::kLines);
  w.Key("scenarios");
  w.BeginArray(JsonLayout::kLines);
  for (const CheckRun& run : runs) {
    w.BeginObject(JsonLayout::kLines);
    if (!run.report) {
      w.Field("name", run.scenario ? run.scenario->name : run.file);
      w.Field("file", run.file);
      if (!run.submission.empty()) w.Field("submission", run.submission);
      w.Field("error", run.error);
      w.EndObject();
      continue;
    }
    const CheckReport& report = *run.report;
    passed += report.passed;
    failed += report.failed;
    w.Field("name", report.scenario->name);
    w.Field("file", report.scenario->source);
    if (!run.submission.empty()) w.Field("submission", run.submission);
    w.IntField("passed", report.passed);
    w.IntField("failed", report.failed);
    const TeachContext context = ContextOf(report);
    w.Key("expectations");
    w.BeginArray(JsonLayout::kLines);
    for (const ExpectationOutcome& o : report.outcomes) {
      const Expectation& e = *o.expect;
      w.BeginObject(JsonLayout::kInline);
      w.Field("status", o.passed ? "PASS" : "FAIL");
      w.Field("from", e.from);
      w.Field("to", e.to);
      w.Field("port", e.port);
      w.Field("protocol", ProtocolName(e.protocol));
      w.Field("expected", ResultName(e.result));
      w.Field("expectedOutcome", e.outcome ? OutcomeName(*e.outcome) : "");
      w.Field("got", ResultName(o.got));
      w.Field("outcome", OutcomeName(o.trace.outcome));
      w.IntField("matrix", e.matrix);
      if (!o.passed) {
        Lesson lesson = Teach(o, *report.network, context);
        w.Key("lesson");
        w.BeginObject(JsonLayout::kInline);
        w.Field("what", lesson.what);
        w.Key("why");
        w.BeginArray(JsonLayout::kInline);
        for (const std::string& why : lesson.why) w.String(why);
        w.EndArray();
        w.Key("hints");
        w.BeginArray(JsonLayout::kInline);
        for (const Hint& hint : lesson.hints) w.String(hint.text);
        w.EndArray();
        w.EndObject();
      }
      w.Key("paths");
      w.BeginArray(JsonLayout::kInline);
      for (const Branch& b : o.trace.branches) {
        w.BeginObject(JsonLayout::kInline);
        w.Field("src", b.src.ToString());
        w.Key("dst");
        if (b.dst) {
          w.String(b.dst->ToString());
        } else {
          w.Null();
        }
        w.IntField("port", b.port);
        w.Field("outcome", OutcomeName(b.outcome));
        w.Field("why", b.summary);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.IntField("passed", passed);
  w.IntField("failed", failed);
  w.EndObject();
  w.Finish();
}

void WriteCheckJUnit(const std::vector<CheckRun>& runs, std::ostream& out) {
  int tests = 0;
  int failures = 0;
  int errors = 0;
  for (const CheckRun& r : runs) {
    if (!r.report) {
      ++tests;
      ++errors;
      continue;
    }
    tests += r.report->passed + r.report->failed;
    failures += r.report->failed;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"kreach check\" tests=\"" << tests << "\" failures=\"" << failures << "\" errors=\""
      << errors << "\">\n";
  for (const CheckRun& r : runs) {
    const std::string suite = XmlEscape(RunName(r));
    if (!r.report) {
      out << "  <testsuite name=\"" << suite << "\" file=\"" << XmlEscape(r.file)
          << "\" tests=\"1\" failures=\"0\" errors=\"1\">\n";
      out << "    <testcase classname=\"" << suite << "\" name=\"load\">\n";
      out << "      <error message=\"" << XmlEscape(r.error) << "\">" << XmlEscape(r.error) << "</error>\n";
      out << "    </testcase>\n  </testsuite>\n";
      continue;
    }
    const CheckReport& report = *r.report;
    out << "  <testsuite name=\"" << suite << "\" file=\"" << XmlEscape(r.file) << "\" tests=\""
        << report.passed + report.failed << "\" failures=\"" << report.failed << "\" errors=\"0\">\n";
    const TeachContext context = ContextOf(report);
    for (const ExpectationOutcome& o : report.outcomes) {
      const Expectation& e = *o.expect;
      std::string name = e.from + " -> " + e.to + " " + o.trace.probe.ToString() + " expected " + ResultName(e.result) +
                         (e.outcome ? std::string(" (") + OutcomeName(*e.outcome) + ")" : "");
      out << "    <testcase classname=\"" << suite << "\" name=\"" << XmlEscape(name) << "\"";
      if (o.passed) {
        out << "/>\n";
        continue;
      }
      std::ostringstream detail;
      WriteLesson(Teach(o, *report.network, context), detail);
      detail << "  Paths:\n";
      WritePaths(o, 10, detail);
      out << ">\n      <failure message=\""
          << XmlEscape(std::string("got ") + ResultName(o.got) + " (" + OutcomeName(o.trace.outcome) + ")") << "\">"
          << XmlEscape(detail.str()) << "</failure>\n    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace kreach
