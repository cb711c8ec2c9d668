// Folders that hold sources to render rather than manifests (a Helm chart, a kustomize folder), and folders of
// alternative versions of one file: what the walk of the inputs finds, and the one hint per folder that says how
// to read them. Loader-internal.
#ifndef KREACH_SIM_LOADER_INPUT_TREES_H_
#define KREACH_SIM_LOADER_INPUT_TREES_H_

#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/model/diagnostic.h"

namespace kreach {

/// Where a file of the inputs was met.
struct SourceTree {
  enum class Kind {
    kPlain,      ///< manifests
    kHelmChart,  ///< under a folder with Chart.yaml, or in a folder named `templates`
    kKustomize,  ///< under a folder with kustomization.yaml (or .yml, or Kustomization), the nearest one
  };
  Kind kind = Kind::kPlain;
  /// The chart (the folder with Chart.yaml, else the one above `templates`) or the kustomize folder; "" for
  /// kPlain.
  std::string root;
  /// The folder named as an input that the file was met in; "" for a file named itself, or standard input.
  std::string folder;
  /// The root holds its Chart.yaml or kustomization file (a folder named `templates` alone is a chart only once a
  /// template is met in it).
  bool declared = false;
};

/// The tree of folder `dir`, met inside (or named as an input below) a folder of tree `parent`. A Helm chart keeps
/// everything under it (its templates, its subcharts); else a folder with Chart.yaml starts a chart, one with a
/// kustomization file a kustomize folder, and a folder named `templates` a chart rooted above it; else `dir` is
/// what `parent` is.
SourceTree FolderTree(const std::filesystem::path& dir, const SourceTree& parent);

/// The tree of an input named on the command line or in `include`: FolderTree from two folders above the input's
/// folder (the input itself for a folder, else the folder it is in) down to it, as far as the path as written
/// goes. `chart/templates` and `overlays/prod/patch.yaml` are found so; `folder` is set for a folder input.
SourceTree InputTree(const std::string& input, bool is_folder);

/// True for a file of a chart or kustomize folder that kreach does not read as manifests: a chart's (or
/// subchart's) Chart.yaml and values files (values*.yaml, values*.yml beside a Chart.yaml, values.schema.json),
/// and a kustomize folder's kustomization file. The walk leaves them out; the folder's hint (InputTrees) stands
/// for them.
bool IsRenderInput(const std::filesystem::path& file, const SourceTree& tree);

/// When `text`, a file of a Helm chart, holds a template expression (`{{`): reports its first one at its line and
/// column, as an error or (`as_warning`, --skip-invalid) as a warning that the file is skipped, and returns true.
/// Such a file is a template to render, not YAML that means what it says; it is not read.
bool ReportHelmTemplate(const std::string& source, const std::string& text, bool as_warning, Diagnostics& diag);

/// The trees of the files read for one load, and the chart and kustomize folders among them.
class InputTrees {
 public:
  /// Records the tree `source` was read from.
  void Add(const std::string& source, const SourceTree& tree);
  /// The tree `source` was read from; nullptr when it was not read from a file of the inputs (standard input).
  const SourceTree* Find(const std::string& source) const;
  /// Notes the chart or kustomize folder of `tree` as one that needs its hint: one with its Chart.yaml or
  /// kustomization file was read, or a template was met in it.
  void NoteRoot(const SourceTree& tree);

  /// Adds to the first warning or error about a file of each noted folder how to render it first, once per
  /// folder: "this looks like a Helm chart template: render it first, e.g. `helm template RELEASE chart | kreach
  /// ... -`", "render it first: `kubectl kustomize DIR | kreach ... -`". A folder without one gets a warning of its
  /// own (read as written, what is lost, how to render it), so that reading it is never silent.
  void AddRenderHints(Diagnostics& diag) const;

  /// For a duplicate object defined at `first` and again at `second`, two files met in one folder named as an
  /// input (neither in a chart or kustomize folder): "; A and B, two files of the folder F, both define it: if
  /// they are alternative versions, pick one file (name it instead of the folder)". Once per folder; "" otherwise.
  std::string AlternativesHint(const std::string& first, const std::string& second);

 private:
  std::unordered_map<std::string, SourceTree> by_source_;
  std::vector<SourceTree> roots_;            ///< noted, in the order met, each root once
  std::vector<std::string> hinted_folders_;  ///< folders that got AlternativesHint
};

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_INPUT_TREES_H_
