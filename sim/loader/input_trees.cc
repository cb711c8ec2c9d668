#include "sim/loader/input_trees.h"

#include <algorithm>
#include <system_error>
#include <utility>

#include "sim/model/text.h"

namespace kreach {

namespace fs = std::filesystem;

namespace {

constexpr const char* kKustomizationNames[] = {"kustomization.yaml", "kustomization.yml", "Kustomization"};

bool HasFile(const fs::path& dir, const char* name) {
  std::error_code ec;
  return fs::is_regular_file(dir / name, ec);
}

/// `dir` as messages name it: "." for the working folder.
std::string FolderName(const fs::path& dir) { return dir.empty() ? "." : dir.string(); }

/// The longest template expression a message quotes.
constexpr std::size_t kMaxQuoted = 48;

std::string RenderCommand(const SourceTree& tree) {
  return tree.kind == SourceTree::Kind::kHelmChart ? "helm template RELEASE " + tree.root
                                                   : "kubectl kustomize " + tree.root;
}

/// How to read the folder of `tree`: render it, and pipe or substitute the result.
std::string RenderIt(const SourceTree& tree) {
  std::string command = RenderCommand(tree);
  return "render it first, e.g. `" + command + " | kreach ... -` or `kreach ... <(" + command + ")`";
}

/// The hint added to the first problem of a file under the folder of `tree`.
std::string ProblemHint(const SourceTree& tree) {
  if (tree.kind == SourceTree::Kind::kHelmChart) return "this looks like a Helm chart template: " + RenderIt(tree);
  return tree.root + " is a kustomize folder: " + RenderIt(tree);
}

/// The warning for a folder of `tree` whose files all read without a problem.
std::string ReadAsWrittenWarning(const SourceTree& tree) {
  if (tree.kind == SourceTree::Kind::kHelmChart) {
    return "a Helm chart: its templates are read as written, without values, and Chart.yaml and the values files "
           "are not read: " +
           RenderIt(tree);
  }
  return "a kustomize folder: its files are read as written, without what the kustomization adds (namespace, name "
         "prefixes, labels, patches, other folders): " +
         RenderIt(tree);
}

}  // namespace

SourceTree FolderTree(const fs::path& dir, const SourceTree& parent) {
  if (parent.kind == SourceTree::Kind::kHelmChart) return parent;  // templates, subcharts: one chart
  SourceTree tree;
  tree.folder = parent.folder;
  tree.declared = true;
  if (HasFile(dir, "Chart.yaml")) {
    tree.kind = SourceTree::Kind::kHelmChart;
    tree.root = FolderName(dir);
    return tree;
  }
  for (const char* name : kKustomizationNames) {
    if (!HasFile(dir, name)) continue;
    tree.kind = SourceTree::Kind::kKustomize;
    tree.root = FolderName(dir);
    return tree;
  }
  if (parent.kind == SourceTree::Kind::kPlain && dir.filename() == "templates") {
    tree.kind = SourceTree::Kind::kHelmChart;
    tree.root = FolderName(dir.parent_path());
    tree.declared = false;
    return tree;
  }
  return parent;
}

SourceTree InputTree(const std::string& input, bool is_folder) {
  fs::path path(input);
  if (path.filename().empty()) path = path.parent_path();  // "chart/"
  fs::path dir = is_folder ? path : path.parent_path();
  std::vector<fs::path> chain = {dir};  // the folder, then up to two above it, as far as the path goes
  while (chain.size() < 3) {
    fs::path up = chain.back().parent_path();
    if (up.empty() || up == chain.back()) break;
    chain.push_back(up);
  }
  SourceTree tree;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) tree = FolderTree(*it, tree);
  if (is_folder) tree.folder = input;
  return tree;
}

bool IsRenderInput(const fs::path& file, const SourceTree& tree) {
  const std::string name = file.filename().string();
  if (tree.kind == SourceTree::Kind::kKustomize) {
    return std::find(std::begin(kKustomizationNames), std::end(kKustomizationNames), name) !=
           std::end(kKustomizationNames);
  }
  if (tree.kind != SourceTree::Kind::kHelmChart) return false;
  if (name == "Chart.yaml" || name == "values.schema.json") return true;  // the chart's, or a subchart's
  return StartsWith(name, "values") && (EndsWith(name, ".yaml") || EndsWith(name, ".yml")) &&
         HasFile(file.parent_path(), "Chart.yaml");
}

bool ReportHelmTemplate(const std::string& source, const std::string& text, bool as_warning, Diagnostics& diag) {
  const std::size_t at = text.find("{{");
  if (at == std::string::npos) return false;
  const std::size_t line_start = text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
  Location where;
  where.source = source;
  where.line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
  where.column = 1;
  for (std::size_t i = line_start; i < at; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++where.column;  // code points, as CheckUtf8 counts
  }
  std::size_t line_end = text.find('\n', at);
  if (line_end == std::string::npos) line_end = text.size();
  std::size_t close = text.find("}}", at + 2);
  std::size_t end = close != std::string::npos && close < line_end ? close + 2 : line_end;
  std::string expression = Trim(std::string_view(text).substr(at, end - at));
  if (expression.size() > kMaxQuoted) {
    std::size_t cut = kMaxQuoted;
    while (cut > 0 && (static_cast<unsigned char>(expression[cut]) & 0xC0) == 0x80) --cut;  // whole characters
    expression = expression.substr(0, cut) + "...";
  }
  std::string message = "`" + expression + "` is a Helm template expression: the file is a template, not a manifest";
  if (as_warning) {
    diag.Warning(where, message + " (skipped)");
  } else {
    diag.Error(where, message);
  }
  return true;
}

void InputTrees::Add(const std::string& source, const SourceTree& tree) { by_source_[source] = tree; }

const SourceTree* InputTrees::Find(const std::string& source) const {
  auto it = by_source_.find(source);
  return it == by_source_.end() ? nullptr : &it->second;
}

void InputTrees::NoteRoot(const SourceTree& tree) {
  if (tree.kind == SourceTree::Kind::kPlain) return;
  for (const SourceTree& noted : roots_) {
    if (noted.root == tree.root) return;
  }
  roots_.push_back(tree);
}

void InputTrees::AddRenderHints(Diagnostics& diag) const {
  if (roots_.empty()) return;
  std::vector<bool> hinted(roots_.size(), false);
  auto root_of = [this](const std::string& source) -> std::size_t {
    const SourceTree* tree = Find(source);
    std::string root = tree != nullptr ? tree->root : source;  // a message about the folder itself names it
    if (tree == nullptr && root.size() > 1 && root.back() == '/') root.pop_back();
    for (std::size_t r = 0; r < roots_.size(); ++r) {
      if (roots_[r].root == root) return r;
    }
    return roots_.size();
  };
  Diagnostics out;
  for (const Diagnostic& d : diag.items()) {
    std::string message = d.message;
    if (d.severity != Severity::kInfo) {
      std::size_t r = root_of(d.where.source);
      if (r < roots_.size() && !hinted[r]) {
        message += "; " + ProblemHint(roots_[r]);
        hinted[r] = true;
      }
    }
    out.Add(d.severity, d.where, std::move(message));
  }
  for (std::size_t r = 0; r < roots_.size(); ++r) {
    if (!hinted[r]) out.Warning(Location{roots_[r].root, 0, "", "", 0, 0}, ReadAsWrittenWarning(roots_[r]));
  }
  diag = std::move(out);
}

std::string InputTrees::AlternativesHint(const std::string& first, const std::string& second) {
  const SourceTree* a = Find(first);
  const SourceTree* b = Find(second);
  if (a == nullptr || b == nullptr || first == second || a->folder.empty() || a->folder != b->folder ||
      a->kind != SourceTree::Kind::kPlain || b->kind != SourceTree::Kind::kPlain) {
    return "";
  }
  if (std::find(hinted_folders_.begin(), hinted_folders_.end(), a->folder) != hinted_folders_.end()) return "";
  hinted_folders_.push_back(a->folder);
  return "; " + first + " and " + second + ", two files of the folder " + a->folder +
         ", both define it: if they are alternative versions, pick one file (name it instead of the folder)";
}

}  // namespace kreach
