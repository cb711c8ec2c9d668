#include "sim/loader/loader.h"

#include <filesystem>
#include <iterator>
#include <utility>

#include "sim/loader/build_cluster.h"
#include "sim/loader/document.h"
#include "sim/loader/document_internal.h"
#include "sim/loader/scenario.h"
#include "sim/loader/scenario_reader.h"
#include "sim/model/timings.h"

namespace kreach {

namespace {

// Collects the documents of all inputs. A scenario among them contributes its includes and resources, and
// the first scenario's `cluster:` settings replace the defaults of `config` (its expectations are not used).
class InputCollector {
 public:
  explicit InputCollector(const ClusterConfig& config) : config_(config) {}

  void AddScenario(const std::string& source, const std::string& text, const std::string& base_dir) {
    ScenarioParts parts;
    ReadScenarioParts(source, text, base_dir, parts, diag_);
    if (scenario_source_.empty()) {
      scenario_source_ = source;
      config_.pod_cidr = parts.config.pod_cidr;
      config_.service_cidr = parts.config.service_cidr;
      config_.domain = parts.config.domain;
    } else if (!(parts.config.pod_cidr == config_.pod_cidr) || !(parts.config.service_cidr == config_.service_cidr) ||
               parts.config.domain != config_.domain) {
      diag_.Warning(FileLocation(source),
                    "cluster settings differ from those of " + scenario_source_ + ", which are used");
    }
    Append(std::move(parts.documents));
  }

  void Append(std::vector<Document> docs) { std::move(docs.begin(), docs.end(), std::back_inserter(docs_)); }

  LoadResult Build() {
    ScopedPhase phase("model");
    LoadResult result;
    result.cluster = BuildCluster(docs_, config_, diag_);
    result.diagnostics = std::move(diag_);
    return result;
  }

  Diagnostics& diag() { return diag_; }
  const ClusterConfig& config() const { return config_; }

 private:
  ClusterConfig config_;
  std::vector<Document> docs_;
  Diagnostics diag_;
  std::string scenario_source_;
};

bool FirstValueIsScenario(const std::vector<TextValue>& values) {
  for (const TextValue& v : values) {
    if (!v.value.is_null()) return IsScenarioBody(v.value);
  }
  return false;
}

}  // namespace

LoadResult LoadCluster(const std::vector<std::string>& inputs, const ClusterConfig& config) {
  InputCollector collector(config);
  ScopedPhase parse("parse");
  for (const std::string& input : inputs) {
    if (input != "-" && IsScenarioFile(input)) {
      std::string text;
      if (ReadTextFile(input, text, collector.diag())) {
        collector.AddScenario(input, text, std::filesystem::path(input).parent_path().string());
      }
      continue;
    }
    collector.Append(ReadInputFiles({input}, config.skip_invalid_documents, collector.diag()));
  }
  parse.Stop();
  return collector.Build();
}

LoadResult LoadClusterFromTexts(const std::vector<std::pair<std::string, std::string>>& texts,
                                const ClusterConfig& config) {
  InputCollector collector(config);
  for (const auto& [source, text] : texts) {
    Diagnostics parse_diag;
    std::vector<TextValue> values = ReadTextValues(source, text, 0, parse_diag);
    if (!parse_diag.HasErrors() && FirstValueIsScenario(values)) {
      collector.AddScenario(source, text, std::filesystem::path(source).parent_path().string());
      continue;
    }
    std::vector<Document> docs;
    for (TextValue& v : values) {
      if (!v.value.is_null()) AddDocument(source, v.index, "", std::move(v.value), docs, parse_diag);
    }
    for (const Diagnostic& d : parse_diag.items()) {
      collector.diag().Add(config.skip_invalid_documents ? Severity::kWarning : d.severity, d.where, d.message);
    }
    collector.Append(std::move(docs));
  }
  return collector.Build();
}

}  // namespace kreach
