#include "sim/loader/scenario.h"

#include <filesystem>
#include <iterator>
#include <system_error>
#include <utility>
#include <vector>

#include "sim/loader/build_cluster.h"
#include "sim/loader/decode_document.h"
#include "sim/loader/document_internal.h"
#include "sim/loader/json_fast.h"
#include "sim/loader/scenario_reader.h"
#include "sim/loader/text_values.h"

namespace kreach {

bool IsScenarioFile(const std::string& path) {
  std::error_code ec;
  if (path == "-" || !std::filesystem::is_regular_file(path, ec)) return false;
  // Most JSON inputs tell from their first bytes: a List names its `kind` early (kreach generate, and most
  // tools; kubectl writes `items` first). Only the others are read whole.
  constexpr std::size_t kPrefix = 64 * 1024;
  std::string text;
  if (!ReadFilePrefix(path, kPrefix, text)) return false;
  if (LooksLikeJson(text) && JsonScenarioHint(text) == ScenarioHint::kNotScenario) return false;
  Diagnostics ignored;  // a file we cannot read or parse is not a scenario; its reader reports why
  if (text.size() == kPrefix) {
    if (!ReadTextFile(path, text, ignored)) return false;
    if (LooksLikeJson(text) && JsonScenarioHint(text) == ScenarioHint::kNotScenario) return false;
  }
  bool is_scenario = false;
  if (LooksLikeJson(text) && JsonTopLevelIsScenario(text, ScenarioKeys(), is_scenario)) return is_scenario;
  std::vector<TextValue> values = ReadTextValues(path, text, 1, ignored);
  if (!values.empty() && values[0].value.is_null()) values = ReadTextValues(path, text, 0, ignored);
  for (const TextValue& v : values) {
    if (!v.value.is_null()) return IsScenarioBody(v.value);
  }
  return false;
}

ScenarioLoad ParseScenario(const std::string& source, const std::string& text, const std::string& base_dir,
                           const ScenarioOverrides& overrides) {
  ScenarioLoad load;
  ScenarioParts parts;
  InputTrees trees;
  ReadSettings settings;
  settings.config.default_namespace = overrides.default_namespace;
  settings.trees = &trees;
  bool ok = ReadScenarioParts(source, text, base_dir, parts, load.diagnostics, settings, overrides);
  load.scenario = std::move(parts.scenario);
  load.scope_violations = parts.scope_violations;
  load.first_scope_violation = parts.first_scope_violation;
  // Build even after errors elsewhere in the file, so that every problem of the input shows at once.
  if (ok || !parts.included.empty() || !parts.documents.empty()) {
    std::vector<DecodedBlock> blocks = std::move(parts.included);
    std::vector<DecodedBlock> resources = DecodeDocuments(parts.documents, parts.config);
    std::move(resources.begin(), resources.end(), std::back_inserter(blocks));
    load.scenario.cluster = BuildClusterFromBlocks(std::move(blocks), parts.config, load.diagnostics, &trees);
  } else {
    load.scenario.cluster.config = parts.config;
  }
  return load;
}

ScenarioLoad LoadScenario(const std::string& path, const ScenarioOverrides& overrides) {
  std::string text;
  Diagnostics diag;
  if (!ReadTextFile(path, text, diag)) {
    ScenarioLoad load;
    load.scenario.source = path;
    load.diagnostics = std::move(diag);
    return load;
  }
  return ParseScenario(path, text, std::filesystem::path(path).parent_path().string(), overrides);
}

}  // namespace kreach
