// Scenario files read but not yet built into a cluster: shared by LoadScenario and LoadCluster.
// Loader-internal.
#ifndef KREACH_SIM_LOADER_SCENARIO_READER_H_
#define KREACH_SIM_LOADER_SCENARIO_READER_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/loader/decode_document.h"
#include "sim/loader/document.h"
#include "sim/loader/document_internal.h"
#include "sim/loader/scenario.h"
#include "sim/model/cluster.h"
#include "sim/model/diagnostic.h"

namespace kreach {

/// Everything a scenario file says, with its cluster still as documents.
struct ScenarioParts {
  Scenario scenario;     ///< source, name, description, options, expect; `cluster` left empty
  ClusterConfig config;  ///< from `cluster:` (defaults where absent)
  /// The included files, read and decoded as inputs are (ReadDecodedInputs: a JSON List straight from
  /// simdjson), in `include` order. They come before `resources` in the cluster.
  std::vector<DecodedBlock> included;
  std::vector<Document> documents;  ///< `resources`, not decoded yet
  int scope_violations = 0;         ///< submission documents outside `submissionScope` (each an error)
  std::string first_scope_violation;
};

/// True when `value` has the shape of a scenario: a mapping without `kind` that has at least one of the keys
/// expect, resources, include, cluster.
bool IsScenarioBody(const nlohmann::json& value);
/// The top-level keys that make an object without `kind` a scenario.
const std::vector<const char*>& ScenarioKeys();

/// Reads a scenario text (first and only document), checks every field (unknown keys are errors with a
/// "did you mean"), reads `include` relative to `base_dir` with `settings` and collects `resources`. Returns
/// false when any error was reported. `submission` is read after `include` (`overrides.submission` instead,
/// relative to the working directory).
bool ReadScenarioParts(const std::string& source, const std::string& text, const std::string& base_dir,
                       ScenarioParts& parts, Diagnostics& diag, const ReadSettings& settings = {},
                       const ScenarioOverrides& overrides = {});

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_SCENARIO_READER_H_
