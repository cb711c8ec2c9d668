// Scenario files: a cluster description plus expectations (docs/scenario-format.md).
#ifndef KREACH_SIM_LOADER_SCENARIO_H_
#define KREACH_SIM_LOADER_SCENARIO_H_

#include <optional>
#include <string>
#include <vector>

#include "sim/model/cluster.h"
#include "sim/model/diagnostic.h"
#include "sim/model/options.h"
#include "sim/model/outcome.h"
#include "sim/model/result.h"

namespace kreach {

/// One `expect:` item, as written (endpoints are resolved later, against the cluster).
struct Expectation {
  std::string from;
  std::string to;
  std::string port;                    ///< number or port name as written; "" when absent
  Protocol protocol = Protocol::kTCP;  ///< defaults to TCP
  Result result = Result::kDeny;
  std::optional<Outcome> outcome;  ///< optional (Services issue): delivered, dropped, refused, ...
  Location where;                  ///< file, doc, "expect[3]"
  /// The `expectMatrix` item this cell comes from (0-based), or -1 for an `expect` item. A matrix's cells are
  /// consecutive, row by row: its rows are the distinct `from`s in order, its columns the distinct `to`s.
  int matrix = -1;
  /// `mustPass: true`: the grade is 0 when this expectation fails (docs/scenario-format.md, "Grading").
  bool must_pass = false;
  /// `weight`: this expectation's share of the grade, a positive number (default 1).
  double weight = 1;
};

/// `submissionScope`: what a submission may contain. An empty list does not restrict (the key's absence
/// neither); a document outside the scope is an input error of the run (docs/scenario-format.md).
struct SubmissionScope {
  std::vector<std::string> namespaces;  ///< namespaces a namespaced object (and a Namespace object) may name
  std::vector<std::string> kinds;       ///< Kubernetes kinds (NetworkPolicy, Service, ...) a document may have
  /// "namespaces: shop; kinds: NetworkPolicy": the scope as the messages print it.
  std::string ToString() const;
};

struct Scenario {
  std::string source;  ///< the scenario file
  std::string name;    ///< `name`, or the file name when absent
  std::string description;
  PolicyOptions options;
  /// The files or folders read for `submission:` (or given by --submission), as written: the work graded.
  std::vector<std::string> submission;
  /// The same paths as read (relative ones resolved against the scenario's folder): the prefix of the
  /// Origin::source of every object the submission holds.
  std::vector<std::string> submission_read;
  /// The files the submission's documents were read from (after a whole-folder hand-in was recognised): `check`
  /// shows the lint warnings of these files.
  std::vector<std::string> submission_files;
  std::optional<SubmissionScope> scope;  ///< `submissionScope`, when given
  Cluster cluster;
  std::vector<Expectation> expect;
  /// The file has an `expect` or `expectMatrix` key (even an empty one): `check` over a folder skips the scenario
  /// files without either (cluster descriptions for query, render or list), and refuses the others when empty.
  bool declares_expectations = false;
};

/// What the command line changes in a scenario file as it is read.
struct ScenarioOverrides {
  /// Read instead of the scenario's `submission:` paths (relative to the working directory): `check
  /// --submission DIR` grades another student's folder against the same expectations.
  std::optional<std::vector<std::string>> submission;
  /// `-n`: the namespace of the objects that name none, unless the scenario's `cluster.defaultNamespace` names one.
  std::string default_namespace = "default";
};

struct ScenarioLoad {
  Scenario scenario;
  Diagnostics diagnostics;
  /// Documents of the submission outside `submissionScope` (each also an error in `diagnostics`), and the first
  /// one's message: `check` marks such a run SCOPE rather than ERROR.
  int scope_violations = 0;
  std::string first_scope_violation;
};

/// True when `path` is a regular file whose first document is a mapping without `kind` that has at least one
/// of the keys expect/resources/include/cluster (so `matrix`, `list`, ... accept scenario files too).
bool IsScenarioFile(const std::string& path);

/// Loads a scenario file: parses it, reads `include` (paths relative to the file's folder) and `resources`,
/// and `submission`, applies `cluster:` (podCIDR, serviceCIDR, domain, options) and builds the cluster. Unknown keys
/// are errors with a "did you mean". Never throws.
ScenarioLoad LoadScenario(const std::string& path, const ScenarioOverrides& overrides = {});

/// The same from text; `base_dir` resolves includes.
ScenarioLoad ParseScenario(const std::string& source, const std::string& text, const std::string& base_dir,
                           const ScenarioOverrides& overrides = {});

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_SCENARIO_H_
