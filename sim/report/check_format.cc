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
#include "sim/model/ipv4.h"
#include "sim/model/text.h"
#include "sim/model/workload_key.h"
#include "sim/report/teach.h"

namespace kreach {

namespace {

/// " [must pass]", " [weight 3]", " [must pass, weight 0.5]" or "": how an expectation counts in the grade.
std::string GradingMark(const Expectation& e) {
  std::vector<std::string> marks;
  if (e.must_pass) marks.push_back("must pass");
  if (e.weight != 1) {
    std::ostringstream w;
    w << "weight " << e.weight;
    marks.push_back(w.str());
  }
  return marks.empty() ? "" : "  [" + Join(marks, ", ") + "]";
}

void WriteLine(const ExpectationOutcome& o, std::ostream& out) {
  const Expectation& e = *o.expect;
  out << (o.passed ? "PASS" : "FAIL") << "  " << e.from << " -> " << e.to << "  " << o.trace.probe.ToString()
      << "  expected " << ResultName(e.result);
  if (e.outcome) out << " (" << OutcomeName(*e.outcome) << ")";
  out << ", got " << ResultName(o.got) << " (" << OutcomeName(o.trace.outcome) << ")" << GradingMark(e) << "\n";
}

bool NameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

/// `text` with every whole occurrence of `word` (not inside a longer name) replaced by `by`.
std::string ReplaceWord(const std::string& text, const std::string& word, const std::string& by) {
  if (word.empty()) return text;
  std::string out;
  std::size_t at = 0;
  while (true) {
    std::size_t hit = text.find(word, at);
    if (hit == std::string::npos) break;
    std::size_t end = hit + word.size();
    bool whole = (hit == 0 || !NameChar(text[hit - 1])) && (end == text.size() || !NameChar(text[end]));
    out.append(text, at, hit - at);
    out += whole ? by : word;
    at = end;
  }
  out.append(text, at, std::string::npos);
  return out;
}

/// The pod's workload ("shop/cart[Deployment]"), or the peer as printed when it is no pod.
std::string PeerGroup(const Peer& peer) { return peer.pod != nullptr ? WorkloadKey(*peer.pod) : peer.ToString(); }

/// The lines a path prints: its header, then its policy hops and the hop that failed.
std::vector<std::string> PathLines(const Expectation& e, const Branch& b) {
  std::vector<std::string> lines;
  std::string header = b.src.ToString() + " -> " + ReceiverText(b);
  if (b.port != 0 && e.port != std::to_string(b.port)) header += " (port " + std::to_string(b.port) + ")";
  lines.push_back(header + ": " + OutcomeName(b.outcome));
  for (const Hop& h : b.hops) {
    if (h.kind == Hop::Kind::kPolicy || !h.ok) lines.push_back("  " + h.text);
  }
  return lines;
}

/// `lines` with the path's source and receiver pods (names and addresses) replaced by `src` and `dst`.
std::vector<std::string> Generalise(std::vector<std::string> lines, const Branch& b, const std::string& src,
                                    const std::string& dst) {
  auto replace_peer = [&](const Peer& peer, const std::string& by) {
    if (peer.pod == nullptr) return;
    for (std::string& line : lines) {
      line = ReplaceWord(line, peer.ToString(), by);
      line = ReplaceWord(line, FormatIpv4(peer.ip), by + "'s address");
    }
  };
  replace_peer(b.src, src);
  if (b.dst) replace_peer(*b.dst, dst);
  return lines;
}

/// The paths under an expectation, identical paths collapsed: paths whose printed hops differ only in which pod
/// of the same workloads is the source and the receiver are one entry ("4 paths like this: ..."), printed with
/// the workloads' names. `max_paths` counts entries (0: all).
void WritePaths(const ExpectationOutcome& o, std::size_t max_paths, std::ostream& out) {
  const Expectation& e = *o.expect;
  const std::vector<Branch>& branches = o.trace.branches;
  struct Group {
    std::string key;
    std::vector<std::size_t> members;
  };
  std::vector<Group> groups;
  std::unordered_map<std::string, std::size_t> group_of;
  for (std::size_t i = 0; i < branches.size(); ++i) {
    const Branch& b = branches[i];
    const std::string src = PeerGroup(b.src);
    const std::string dst = b.dst ? PeerGroup(*b.dst) : "";
    std::string key = src + "\n" + dst + "\n" + Join(Generalise(PathLines(e, b), b, "<src>", "<dst>"), "\n");
    auto [it, added] = group_of.emplace(key, groups.size());
    if (added) groups.push_back(Group{key, {}});
    groups[it->second].members.push_back(i);
  }
  const std::size_t shown = max_paths == 0 ? groups.size() : std::min(max_paths, groups.size());
  std::size_t printed_paths = 0;
  for (std::size_t g = 0; g < shown; ++g) {
    const std::vector<std::size_t>& members = groups[g].members;
    const Branch& b = branches[members.front()];
    std::vector<std::string> lines = PathLines(e, b);
    printed_paths += members.size();
    if (members.size() == 1) {
      for (const std::string& line : lines) out << "  " << line << "\n";
      continue;
    }
    std::vector<std::string> sources;
    std::vector<std::string> receivers;
    for (std::size_t i : members) {
      const Branch& m = branches[i];
      if (std::find(sources.begin(), sources.end(), m.src.ToString()) == sources.end()) {
        sources.push_back(m.src.ToString());
      }
      std::string r = ReceiverText(m);
      if (std::find(receivers.begin(), receivers.end(), r) == receivers.end()) receivers.push_back(r);
    }
    auto side = [](const Peer* peer, std::size_t pods, const std::string& as_printed) {
      if (peer == nullptr || peer->pod == nullptr) return as_printed;
      return PeerGroup(*peer) + (pods == 1 ? " (1 pod)" : " (" + std::to_string(pods) + " pods)");
    };
    const std::string src = PeerGroup(b.src);
    const std::string dst = b.dst ? PeerGroup(*b.dst) : "";
    const std::vector<std::string> general = Generalise(lines, b, src, dst);
    std::string suffix;
    if (b.port != 0 && e.port != std::to_string(b.port)) suffix += " (port " + std::to_string(b.port) + ")";
    // The header names the workloads and how many of their pods the paths join.
    out << "  " << members.size() << " paths like this: " << side(&b.src, sources.size(), b.src.ToString()) << " -> "
        << side(b.dst ? &*b.dst : nullptr, receivers.size(), ReceiverText(b)) << suffix << ": "
        << OutcomeName(b.outcome) << "\n";
    for (std::size_t l = 1; l < general.size(); ++l) out << "  " << general[l] << "\n";  // the hops
  }
  if (shown < groups.size()) {
    std::size_t delivered = 0;
    for (std::size_t g = shown; g < groups.size(); ++g) {
      for (std::size_t i : groups[g].members) delivered += branches[i].outcome == Outcome::kDelivered;
    }
    const std::size_t rest = branches.size() - printed_paths;
    out << "  ... " << rest << (rest == 1 ? " more path (" : " more paths (") << delivered << " delivered, "
        << rest - delivered << " not): --max-paths 0 shows them all\n";
  }
}

/// The line, then (for a failure, or a pass with explain_passes) the lesson under --explain, and the paths.
void WriteExpectation(const CheckReport& report, const ExpectationOutcome& o, const CheckTextOptions& options,
                      const TeachContext& context, std::ostream& out) {
  WriteLine(o, out);
  if (o.passed && !options.explain_passes) return;
  if (options.explain || options.explain_passes) {
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
    out << "all " << cells << " cells as expected";
  } else {
    out << differ << " of " << cells << " cells differ from the expected table";
  }
  out << GradingMark(*first.expect) << "\n";  // the item's mustPass and weight, each cell's
  if (differ == 0 && !options.explain_passes) return;
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
    if (!o.passed || options.explain_passes) WriteExpectation(report, o, options, context, out);
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

void WriteCheckWarnings(const CheckRun& run, std::ostream& out) {
  for (const Diagnostic& d : run.warnings) out << EscapeControls(d.ToString()) << "\n";
}

void WriteCheckSummary(const std::vector<CheckRun>& runs, std::ostream& out) {
  out << "== summary: " << runs.size() << (runs.size() == 1 ? " run\n" : " runs\n");
  for (const CheckRun& r : runs) {
    std::string status;
    std::string score;
    std::string grade;
    if (!r.report) {
      status = r.out_of_scope ? "SCOPE" : "ERROR";
      score = "-";
    } else {
      status = r.report->failed == 0 ? "PASS" : "FAIL";
      score = std::to_string(r.report->passed) + "/" + std::to_string(r.report->passed + r.report->failed);
      grade = "grade " + std::to_string(r.report->GradePercent()) + "%";
    }
    out << Pad(status, 6) << Pad(score, 8) << Pad(grade, 11);
    // Paths and messages from the input, one line each (a student's folder may be named with an escape sequence).
    if (!r.submission.empty()) out << EscapeControls(r.submission) << "  ";
    out << EscapeControls(r.file);
    if (r.report && r.report->must_pass_failed > 0) {
      out << "  (" << r.report->must_pass_failed << " must-pass failed)";
    }
    if (!r.warnings.empty()) {
      out << "  " << r.warnings.size() << (r.warnings.size() == 1 ? " warning" : " warnings");
    }
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
      w.Field("status", run.out_of_scope ? "SCOPE" : "ERROR");
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
    w.Field("status", report.failed == 0 ? "PASS" : "FAIL");
    w.IntField("passed", report.passed);
    w.IntField("failed", report.failed);
    const TeachContext context = ContextOf(report);
    w.IntField("grade", report.GradePercent());
    w.IntField("mustPassFailed", report.must_pass_failed);
    w.Key("warnings");
    w.BeginArray(JsonLayout::kLines);
    for (const Diagnostic& d : run.warnings) {
      w.BeginObject(JsonLayout::kInline);
      w.Field("file", d.where.source);
      w.IntField("doc", d.where.doc);
      w.Field("object", d.where.object);
      w.Field("field", d.where.path);
      w.Field("message", d.message);
      w.EndObject();
    }
    w.EndArray();
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
      w.BoolField("mustPass", e.must_pass);
      w.NumberField("weight", e.weight);
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
      if (r.out_of_scope) {
        out << "    <properties>\n      <property name=\"status\" value=\"SCOPE\"/>\n    </properties>\n";
      }
      out << "    <testcase classname=\"" << suite << "\" name=\"" << (r.out_of_scope ? "scope" : "load") << "\">\n";
      out << "      <error message=\"" << XmlEscape(r.error) << "\">" << XmlEscape(r.error) << "</error>\n";
      out << "    </testcase>\n  </testsuite>\n";
      continue;
    }
    const CheckReport& report = *r.report;
    out << "  <testsuite name=\"" << suite << "\" file=\"" << XmlEscape(r.file) << "\" tests=\""
        << report.passed + report.failed << "\" failures=\"" << report.failed << "\" errors=\"0\">\n";
    const TeachContext context = ContextOf(report);
    out << "    <properties>\n      <property name=\"grade\" value=\"" << report.GradePercent() << "\"/>\n"
        << "      <property name=\"mustPassFailed\" value=\"" << report.must_pass_failed << "\"/>\n"
        << "      <property name=\"warnings\" value=\"" << r.warnings.size() << "\"/>\n    </properties>\n";
    for (const ExpectationOutcome& o : report.outcomes) {
      const Expectation& e = *o.expect;
      std::string name = e.from + " -> " + e.to + " " + o.trace.probe.ToString() + " expected " + ResultName(e.result) +
                         (e.outcome ? std::string(" (") + OutcomeName(*e.outcome) + ")" : "");
      if (std::string mark = GradingMark(e); !mark.empty()) name += " " + mark.substr(2);  // one space, not two
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
