#include "sim/cli/check_command.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <memory>
#include <optional>
#include <sstream>
#include <system_error>

#include "sim/cli/common.h"
#include "sim/format/text_escape.h"
#include "sim/loader/document.h"
#include "sim/loader/loader.h"
#include "sim/loader/scenario.h"
#include "sim/report/check_format.h"
#include "sim/report/lint.h"
#include "viz/output.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace kreach {

namespace {

bool IsYamlOrJsonName(const fs::path& path) {
  std::string ext = path.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

/// Why the YAML/JSON entry `path` of a folder cannot be read, or "" when it is a readable regular file (after
/// following symbolic links). A FIFO is not opened (it would block until some writer came), a device not read.
std::string UnreadableEntry(const fs::path& path) {
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (ec) {
    std::error_code link_ec;
    if (fs::is_symlink(fs::symlink_status(path, link_ec))) return "a symbolic link to a missing file";
    return "cannot read: " + ec.message();
  }
  if (fs::is_directory(status)) return "";
  if (std::string problem = NotRegularFolderEntry(status); !problem.empty()) return problem;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return std::string("cannot read file: ") + std::strerror(errno);
  ::close(fd);
  return "";
}

/// The submissions to grade: every --submission, then each entry of every --submissions folder (its subfolders
/// and YAML/JSON files, sorted). Empty when neither flag is given (each scenario's own `submission:` is read).
bool CollectSubmissions(const std::vector<std::string>& single, const std::vector<std::string>& folders,
                        std::vector<std::string>& out, Io& io) {
  out = single;
  for (const std::string& folder : folders) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
      io.err << "error: kreach check: --submissions " << folder << ": not a folder (it holds one submission per "
             << "subfolder or file)\n";
      return false;
    }
    std::vector<std::string> entries;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder, ec)) {
      std::string name = entry.path().filename().string();
      if (name.empty() || name[0] == '.') continue;
      if (entry.is_directory(ec)) {
        entries.push_back(entry.path().string());
      } else if (IsYamlOrJsonName(entry.path())) {
        std::string problem = UnreadableEntry(entry.path());
        if (!problem.empty()) {
          io.err << "error: kreach check: --submissions " << entry.path().string() << ": " << problem << "\n";
          return false;
        }
        entries.push_back(entry.path().string());
      }
    }
    if (ec) {
      io.err << "error: kreach check: --submissions " << folder << ": " << ec.message() << "\n";
      return false;
    }
    if (entries.empty()) {
      io.err << "error: kreach check: --submissions " << folder << ": no subfolder or YAML/JSON file in it\n";
      return false;
    }
    std::sort(entries.begin(), entries.end());
    out.insert(out.end(), entries.begin(), entries.end());
  }
  return true;
}

/// Collects the scenario files under `dir` into `found` (hidden entries skipped, symbolic links to folders not
/// followed). Every entry that cannot be read (a folder without permission, a YAML/JSON file that is not a readable
/// regular file) is an error naming it: a scenario left out silently would make "all passed" a lie.
bool FindScenarioFiles(const fs::path& dir, std::vector<std::string>& found, Io& io) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  std::vector<fs::directory_entry> entries;
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) entries.push_back(*it);
  if (ec) {
    io.err << "error: kreach check: " << dir.string() << ": cannot read folder: " << ec.message() << "\n";
    return false;
  }
  std::sort(entries.begin(), entries.end());
  bool ok = true;
  for (const fs::directory_entry& entry : entries) {
    const fs::path& path = entry.path();
    std::string name = path.filename().string();
    if (!name.empty() && name[0] == '.') continue;
    std::error_code type_ec;
    if (entry.is_directory(type_ec) && !entry.is_symlink(type_ec)) {
      ok = FindScenarioFiles(path, found, io) && ok;
      continue;
    }
    if (!IsYamlOrJsonName(path) || entry.is_directory(type_ec)) continue;
    std::string problem = UnreadableEntry(path);
    if (!problem.empty()) {
      io.err << "error: kreach check: " << path.string() << ": " << problem << "\n";
      ok = false;
      continue;
    }
    if (IsScenarioFile(path.string())) found.push_back(path.string());
  }
  return ok;
}

/// The scenario files to check: each argument that is a file as given, and for each folder every scenario file
/// under it (YAML/JSON files that are scenarios, at any depth, in path order; hidden entries are skipped and
/// symbolic links to folders not followed, so a link loop ends). The manifests beside them (an exercise's
/// manifests/ and solution/) are not scenarios and are left to the scenarios that include them. A folder with
/// no scenario file is an input error: it is most likely a folder of manifests.
bool ExpandScenarioInputs(const std::vector<std::string>& inputs, std::vector<std::string>& out,
                          std::vector<bool>& from_folder, Io& io) {
  bool ok = true;
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (input == "-" || !fs::is_directory(input, ec)) {
      out.push_back(input);
      from_folder.push_back(false);
      continue;
    }
    std::vector<std::string> found;
    if (!FindScenarioFiles(input, found, io)) {
      ok = false;
      continue;
    }
    if (found.empty()) {
      io.err << "error: kreach check: " << input << ": no scenario file in this folder or below (a scenario is a "
             << "YAML/JSON mapping with expect, expectMatrix, resources, include, submission or cluster and no "
             << "`kind`; see docs/scenario-format.md). To look at manifests, use query, matrix or list\n";
      ok = false;
      continue;
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
    from_folder.resize(out.size(), true);
  }
  return ok;
}

/// Explains why `path` is not a scenario: its syntax error when it does not parse, else what a scenario is.
void ReportNotAScenario(const std::string& path, Io& io) {
  LoadResult as_manifests = LoadCluster({path});
  bool syntax = false;
  for (const Diagnostic& d : as_manifests.diagnostics.items()) {
    if (d.severity == Severity::kError && d.where.line > 0) {
      io.err << PrintableMessage(d.ToString()) << "\n";
      syntax = true;
    }
  }
  if (!syntax) {
    io.err << "error: " << path
           << ": not a scenario file (a mapping with expect, expectMatrix, resources, include, submission or cluster "
              "and no `kind`; see docs/scenario-format.md)\n";
  }
}

/// The `kreach lint` warnings `check` shows beside a result: those in the submission's files, or in the whole input
/// when the scenario has no submission (never those of implied objects).
std::vector<Diagnostic> LintWarnings(const Scenario& scenario, const PolicyEngine& engine) {
  Diagnostics diag;
  Lint(engine, diag);
  std::vector<Diagnostic> out;
  for (const Diagnostic& d : diag.items()) {
    if (d.severity != Severity::kWarning || d.where.source.empty() || d.where.source == kImpliedSource) continue;
    const std::vector<std::string>& files = scenario.submission_files;
    if (!scenario.submission.empty() && std::find(files.begin(), files.end(), d.where.source) == files.end()) continue;
    out.push_back(d);
  }
  return out;
}

std::string FirstError(const Diagnostics& diag) {
  for (const Diagnostic& d : diag.items()) {
    if (d.severity == Severity::kError) return d.ToString();
  }
  return "input error";
}

}  // namespace

int RunCheck(const std::vector<std::string>& args, Io& io) {
  CommonFlags flags;
  std::string format = "txt";
  bool explain = false;
  bool explain_passes = false;
  std::size_t max_paths = 10;
  std::vector<std::string> submission;
  std::vector<std::string> submissions;
  const std::string kNotGiven(1, '\0');  // no argument can hold a NUL byte: tells "--junit ''" from no --junit
  std::string junit = kNotGiven;
  bool summary_only = false;
  po::options_description desc("check options");
  po::positional_options_description pos;
  desc.add_options()("output,o", po::value(&format), "txt (default) or json")(
      "explain", po::bool_switch(&explain),
      "explain each failed expectation in words: what was expected and what happened, where and by which policy "
      "and rule, and a hint at the usual fix; then its paths")(
      "explain-passes", po::bool_switch(&explain_passes),
      "explain the passed expectations too, with their paths (implies --explain)")(
      "max-paths", po::value(&max_paths),
      "paths (pod pairs, Service backends) shown per explained expectation, identical ones collapsed into one "
      "entry; the rest are counted (default 10, 0: all; -o json always lists all)")(
      "submission", po::value(&submission)->composing(),
      "grade this file or folder instead of the scenario's `submission:` (repeatable: each is graded on its own)")(
      "submissions", po::value(&submissions)->composing(),
      "grade every subfolder (and YAML/JSON file) of this folder as one submission, in name order: a class at "
      "once")("summary", po::bool_switch(&summary_only),
              "print only the summary line of each run (scenario and submission) and the total")(
      "junit", po::value(&junit),
      "also write the results as JUnit XML to this file (one testsuite per scenario and submission); - prints "
      "the XML on standard output instead of the text");
  AddCommonFlags(desc, pos, flags, /*loader_flags=*/false);
  if (WantsHelp(args)) {
    PrintUsage(io,
               "check SCENARIO... [options]\n\nEvaluates each scenario's expectations (a folder: every scenario "
               "file under it).\nPrints one line per expectation, the `kreach lint` warnings of the submission, "
               "and\n`N passed, N failed, grade P%` last; with several scenarios or submissions, a summary\nline "
               "per run before it: PASS, FAIL, ERROR, or SCOPE (the submission holds objects outside\nthe "
               "exercise's submissionScope). A submission that is a copy of the exercise folder is\ngraded at its "
               "`submission:` path. A scenario without expectations is an input error.\nExit 0 when all pass, 1 "
               "when any fails, 2 on input errors.",
               desc);
    return kExitOk;
  }
  if (!ParseFlags("check", args, desc, pos, io)) return kExitBadInput;
  if (junit.empty()) {
    io.err << "error: kreach check: --junit needs a file name, or - for standard output\n";
    return kExitBadInput;
  }
  if (junit == kNotGiven) junit.clear();
  if (format == "text") format = "txt";  // as query spells it
  if (format != "txt" && format != "json") {
    io.err << "error: kreach check: unknown output format '" << format << "' (txt or json)\n";
    return kExitBadInput;
  }
  if (flags.unmodeled != "warn" && flags.unmodeled != "error") {
    io.err << "error: kreach check: --unmodeled " << flags.unmodeled << ": must be warn or error\n";
    return kExitBadInput;
  }
  if (flags.inputs.empty()) {
    io.err << "error: kreach check: give one or more scenario files\n";
    return kExitBadInput;
  }
  if (!ApplyLimitFlags(flags, io)) return kExitBadInput;
  std::vector<std::string> scenario_files;
  std::vector<bool> from_folder;
  if (!ExpandScenarioInputs(flags.inputs, scenario_files, from_folder, io)) return kExitBadInput;
  std::vector<std::string> graded;
  if (!CollectSubmissions(submission, submissions, graded, io)) return kExitBadInput;
  const bool junit_stdout = junit == "-";
  if (!junit.empty() && !junit_stdout) {
    std::vector<std::string> inputs = scenario_files;
    inputs.insert(inputs.end(), graded.begin(), graded.end());
    std::string error;
    if (!CheckNotAnInput(junit, inputs, &error)) {
      io.err << "error: kreach check: --junit " << error << "\n";
      return kExitBadInput;
    }
  }

  // One run per (scenario, submission); a submission that does not load is an error of its run only, so that
  // one student's broken YAML does not stop the grading of the others.
  std::vector<std::optional<std::string>> subs;
  if (graded.empty()) subs.push_back(std::nullopt);
  for (const std::string& g : graded) subs.push_back(g);
  std::vector<CheckRun> runs;
  bool input_error = false;
  std::size_t skipped = 0;
  for (std::size_t f = 0; f < scenario_files.size(); ++f) {
    const std::string& path = scenario_files[f];
    if (!IsScenarioFile(path)) {
      ReportNotAScenario(path, io);
      input_error = true;
      CheckRun run;
      run.file = path;
      run.error = "not a scenario file";
      runs.push_back(std::move(run));
      continue;
    }
    for (const std::optional<std::string>& sub : subs) {
      CheckRun run;
      run.file = path;
      ScenarioOverrides overrides;
      if (sub) overrides.submission = std::vector<std::string>{*sub};
      ScenarioLoad load = LoadScenario(path, overrides);
      // A scenario met in a folder that names no expectations at all describes a cluster for query, render or
      // list: skipped (once, not per submission). One that says `expect: []` is refused like a named one.
      if (from_folder[f] && !load.scenario.declares_expectations && !load.diagnostics.HasErrors()) {
        if (!sub || sub == subs.front()) {
          io.err << "note: " << EscapeControls(path) << ": skipped: no `expect` or `expectMatrix` (a scenario for "
                 << "query, render or list; nothing to grade)\n";
          ++skipped;
        }
        break;
      }
      PrintDiagnostics(load.diagnostics, flags.quiet, io);
      auto scenario = std::make_shared<Scenario>(std::move(load.scenario));
      run.scenario = scenario;
      if (sub) run.submission = *sub;
      if (load.scope_violations > 0) {
        input_error = true;
        run.out_of_scope = true;
        run.error = load.first_scope_violation;
        if (load.scope_violations > 1) {
          run.error += " (and " + std::to_string(load.scope_violations - 1) + " more outside the scope)";
        }
        runs.push_back(std::move(run));
        continue;
      }
      if (load.diagnostics.HasErrors()) {
        input_error = true;
        run.error = FirstError(load.diagnostics);
        runs.push_back(std::move(run));
        continue;
      }
      if (scenario->expect.empty()) {
        std::string message = "error: " + path + ": no expectations: nothing to grade (`expect` and `expectMatrix` " +
                              "are empty or missing; a check that cannot fail proves nothing)";
        io.err << EscapeControls(message) << "\n";
        input_error = true;
        run.error = message;
        runs.push_back(std::move(run));
        continue;
      }
      std::string caveat = UnmodeledCaveat(scenario->cluster, path);
      if (!caveat.empty() && flags.unmodeled == "error") {
        input_error = true;
        run.error = "objects that filter or route traffic are not modelled (--unmodeled=error; see the warnings)";
        runs.push_back(std::move(run));
        continue;
      }
      if (!caveat.empty()) io.caveat += (io.caveat.empty() ? "" : "\n") + caveat;
      PolicyOptions options = scenario->options;
      if (!ApplyOptionFlags(flags.options, options, io)) return kExitBadInput;
      Diagnostics diag;
      run.report = RunChecks(*scenario, options, diag);
      PrintDiagnostics(diag, flags.quiet, io);
      if (diag.HasErrors()) {
        input_error = true;
        run.error = FirstError(diag);
        run.report.reset();
      } else {
        run.warnings = LintWarnings(*scenario, run.report->network->engine());
      }
      runs.push_back(std::move(run));
    }
  }
  if (!scenario_files.empty() && skipped == scenario_files.size()) {
    io.err << "error: kreach check: no scenario with expectations among the scenario files found: nothing to grade\n";
    return kExitBadInput;
  }

  if (!junit.empty() && !junit_stdout) {  // again with every file the runs read: includes, submissions
    std::string error;
    if (!CheckNotAnInput(junit, {}, &error)) {
      io.err << "error: kreach check: --junit " << error << "\n";
      return kExitBadInput;
    }
  }
  int passed = 0;
  int failed = 0;
  for (const CheckRun& r : runs) {
    if (!r.report) continue;
    passed += r.report->passed;
    failed += r.report->failed;
  }
  if (junit_stdout) {
    WriteCheckJUnit(runs, io.out);
  } else if (format == "json") {
    // One scenario that does not load prints no JSON (the error says why); in a class, the others still count.
    if (!input_error || runs.size() > 1) WriteCheckJson(runs, io.out);
  } else {
    for (const CheckRun& r : runs) {
      if (!r.report || summary_only) continue;
      io.out << "== " << EscapeControls(r.scenario->name) << " (" << EscapeControls(r.scenario->source);
      if (!r.submission.empty()) io.out << ", submission " << EscapeControls(r.submission);
      io.out << ")\n";
      if (!r.scenario->description.empty()) io.out << "   " << r.scenario->description << "\n";
      WriteCheckText(*r.report, CheckTextOptions{explain || explain_passes, explain_passes, max_paths}, io.out);
      if (runs.size() > 1) WriteCheckWarnings(r, io.out);
    }
    if (runs.size() > 1 || summary_only) WriteCheckSummary(runs, io.out);
    if (!input_error || runs.size() > 1) {
      io.out << passed << " passed, " << failed << " failed";
      if (runs.size() == 1 && runs.front().report) io.out << ", " << GradeText(*runs.front().report);
      io.out << "\n";
      if (runs.size() == 1 && !summary_only) WriteCheckWarnings(runs.front(), io.out);
    }
  }
  if (!junit.empty() && !junit_stdout) {
    std::ostringstream xml;
    WriteCheckJUnit(runs, xml);
    std::string error;
    if (!WriteFileAtomically(junit, xml.str(), &error)) {
      io.err << "error: kreach check: " << error << "\n";
      return kExitInternal;
    }
  }
  if (input_error) {
    std::size_t broken = 0;
    for (const CheckRun& r : runs) broken += !r.report;
    if (runs.size() > 1) {
      io.err << "check: " << broken << " of " << runs.size()
             << " runs could not be checked (ERROR or SCOPE in the summary): fix the input errors above\n";
    } else {
      io.err << "check stopped: fix the input errors above (" << passed << " passed, " << failed
             << " failed in the scenarios that loaded)\n";
    }
    return kExitBadInput;
  }
  return failed > 0 ? kExitFailed : kExitOk;
}

}  // namespace kreach
