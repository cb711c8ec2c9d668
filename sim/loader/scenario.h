// Scenario files: a cluster description plus expectations (docs/scenario-format.md).
#ifndef KREACH_SIM_LOADER_SCENARIO_H_
#define KREACH_SIM_LOADER_SCENARIO_H_

#include <optional>
#include <string>
#include <vector>

#include "sim/model/cluster.h"
#include "sim/model/diagnostic.h"
#include "sim/model/options.h"

namespace kreach {

/// One `expect:` item, as written (endpoints are resolved later, against the cluster).
struct Expectation {
  std::string from;
  std::string to;
  std::string port;                    ///< number or port name as written; "" when absent
  Protocol protocol = Protocol::kTCP;  ///< defaults to TCP
  std::string result;                  ///< "allow", "deny" or "partial"
  std::string outcome;                 ///< optional (Services issue): delivered, dropped, refused, ...
  Location where;                      ///< file, doc, "expect[3]"
};

struct Scenario {
  std::string source;  ///< the scenario file
  std::string name;    ///< `name`, or the file name when absent
  std::string description;
  PolicyOptions options;
  Cluster cluster;
  std::vector<Expectation> expect;
};

struct ScenarioLoad {
  Scenario scenario;
  Diagnostics diagnostics;
};

/// True when `path` is a regular file whose first document is a mapping without `kind` that has at least one
/// of the keys expect/resources/include/cluster (so `matrix`, `list`, ... accept scenario files too).
bool IsScenarioFile(const std::string& path);

/// Loads a scenario file: parses it, reads `include` (paths relative to the file's folder) and `resources`,
/// applies `cluster:` (podCIDR, serviceCIDR, domain, options) and builds the cluster. Unknown keys are
/// errors with a "did you mean". Never throws.
ScenarioLoad LoadScenario(const std::string& path);

/// The same from text; `base_dir` resolves includes.
ScenarioLoad ParseScenario(const std::string& source, const std::string& text, const std::string& base_dir);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_SCENARIO_H_
