#include "sim/loader/loader.h"

#include <filesystem>
#include <iterator>
#include <set>
#include <string>
#include <utility>

#include "sim/loader/build_cluster.h"
#include "sim/loader/document.h"
#include "sim/loader/document_internal.h"
#include "sim/loader/json_fast.h"
#include "sim/loader/loader_internal.h"
#include "sim/loader/scenario.h"
#include "sim/loader/scenario_reader.h"
#include "sim/model/timings.h"

namespace kreach {

namespace {

// Collects the decoded documents of all inputs, in input order. A scenario among them contributes its includes
// and resources, and the first scenario's `cluster:` settings replace the defaults of `config` (its
// expectations are not used).
class InputCollector {
 public:
  InputCollector(const ClusterConfig& config, ReaderMode mode) : config_(config), mode_(mode) {}

  void AddScenario(const std::string& source, const std::string& text, const std::string& base_dir) {
    ScenarioParts parts;
    ReadScenarioParts(source, text, base_dir, parts, diag_, settings());
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
    std::move(parts.included.begin(), parts.included.end(), std::back_inserter(blocks_));
    ClusterConfig resources = config_;  // in the scenario's default namespace
    resources.default_namespace = parts.config.default_namespace;
    AddDocuments(parts.documents, resources);
  }

  void AddDocuments(const std::vector<Document>& docs) { AddDocuments(docs, config_); }

  void AddDocuments(const std::vector<Document>& docs, const ClusterConfig& config) {
    std::vector<DecodedBlock> decoded = DecodeDocuments(docs, config, mode_ == ReaderMode::kFast);
    std::move(decoded.begin(), decoded.end(), std::back_inserter(blocks_));
  }

  LoadResult Build() {
    ScopedPhase phase("model");
    LoadResult result;
    result.cluster = BuildClusterFromBlocks(std::move(blocks_), config_, diag_, &trees_);
    result.diagnostics = std::move(diag_);
    return result;
  }

  ReadSettings settings() const {
    ReadSettings settings;
    settings.syntax_errors_are_warnings = config_.skip_invalid_documents;
    settings.config = config_;
    settings.mode = mode_;
    settings.read_files = &read_files_;
    settings.read_inodes = &read_inodes_;
    settings.trees = &trees_;
    return settings;
  }
  std::vector<DecodedBlock>& blocks() { return blocks_; }
  Diagnostics& diag() { return diag_; }
  const ClusterConfig& config() const { return config_; }

 private:
  ClusterConfig config_;
  ReaderMode mode_;
  std::vector<DecodedBlock> blocks_;
  Diagnostics diag_;
  std::string scenario_source_;
  mutable std::set<std::string> read_files_;  ///< canonical paths, shared by the reads of all inputs
  mutable std::set<std::pair<std::uint64_t, std::uint64_t>> read_inodes_;  ///< their devices and inodes
  mutable InputTrees trees_;  ///< where the files were met, for the hints of BuildClusterFromBlocks
};

bool FirstValueIsScenario(const std::vector<TextValue>& values) {
  for (const TextValue& v : values) {
    if (!v.value.is_null()) return IsScenarioBody(v.value);
  }
  return false;
}

}  // namespace

LoadResult LoadClusterWith(const std::vector<std::string>& inputs, const ClusterConfig& config, ReaderMode mode) {
  InputCollector collector(config, mode);
  ScopedPhase parse("parse");
  for (const std::string& input : inputs) {
    if (input != "-" && IsScenarioFile(input)) {
      std::string text;
      if (ReadTextFile(input, text, collector.diag())) {
        collector.AddScenario(input, text, std::filesystem::path(input).parent_path().string());
      }
      continue;
    }
    ReadDecodedInputs({input}, collector.settings(), collector.blocks(), collector.diag());
  }
  parse.Stop();
  return collector.Build();
}

LoadResult LoadClusterFromTextsWith(const std::vector<std::pair<std::string, std::string>>& texts,
                                    const ClusterConfig& config, ReaderMode mode) {
  InputCollector collector(config, mode);
  for (const auto& [source, text] : texts) {
    // A List is no scenario; in fast mode its items are decoded straight from simdjson.
    if (mode == ReaderMode::kFast && DecodeJsonList(source, text, text.capacity(), config, collector.blocks())) {
      continue;
    }
    Diagnostics parse_diag;
    std::vector<TextValue> values = ReadTextValues(source, text, 0, parse_diag, mode);
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
    collector.AddDocuments(docs);
  }
  return collector.Build();
}

LoadResult LoadCluster(const std::vector<std::string>& inputs, const ClusterConfig& config) {
  return LoadClusterWith(inputs, config, ReaderMode::kFast);
}

LoadResult LoadClusterFromTexts(const std::vector<std::pair<std::string, std::string>>& texts,
                                const ClusterConfig& config) {
  return LoadClusterFromTextsWith(texts, config, ReaderMode::kFast);
}

}  // namespace kreach
