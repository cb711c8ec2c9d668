// ReadInputs: files, folders and stdin → documents.
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>
#include <system_error>

#include "sim/loader/document.h"
#include "sim/loader/document_internal.h"
#include "sim/loader/input_trees.h"
#include "sim/loader/json_fast.h"
#include "sim/loader/mapped_file.h"
#include "sim/loader/scenario_reader.h"
#include "sim/model/files_read.h"
#include "sim/model/limits.h"

namespace kreach {

namespace fs = std::filesystem;

namespace {

bool IsManifestName(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

bool IsHidden(const fs::path& path) {
  std::string name = path.filename().string();
  return name.size() > 1 && name[0] == '.' && name != "..";
}

/// A walk of one input folder: the folders being walked (their canonical paths, so that a symbolic link back to
/// one of them is not followed again) and the entries looked at so far, against the `folder-entries` limit; the
/// chart and kustomize folders met (when `trees` is set) and how many of their files were left out.
struct FolderWalk {
  std::set<fs::path> active;
  std::uint64_t entries = 0;
  bool over_limit = false;
  InputTrees* trees = nullptr;
  std::size_t render_inputs = 0;  ///< Chart.yaml, values and kustomization files left out (IsRenderInput)
};

/// A manifest file met in a folder, with the tree it belongs to.
struct FolderFile {
  fs::path path;
  SourceTree tree;
};

// Collects manifest files under `dir`, whose tree is `tree`. Stops, with `walk.over_limit`, after the
// `folder-entries` limit: a folder named by mistake (/, a home folder) is refused in a moment instead of read for
// minutes.
void WalkFolder(const fs::path& dir, const SourceTree& tree, FolderWalk& walk, std::vector<FolderFile>& files,
                Diagnostics& diag) {
  if (walk.over_limit) return;
  if (walk.trees != nullptr && tree.declared) walk.trees->NoteRoot(tree);
  std::set<fs::path>& active = walk.active;
  std::error_code ec;
  fs::path canonical = fs::canonical(dir, ec);
  if (ec) canonical = dir;
  if (!active.insert(canonical).second) return;  // a symlink loop
  fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    diag.Error(FileLocation(dir.string()), "cannot read folder: " + ec.message());
    active.erase(canonical);
    return;
  }
  std::vector<fs::path> entries;
  const std::uint64_t limit = CurrentLimits().folder_entries;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (++walk.entries > limit) {
      walk.over_limit = true;
      active.erase(canonical);
      return;
    }
    entries.push_back(it->path());
  }
  if (ec) diag.Error(FileLocation(dir.string()), "cannot read folder: " + ec.message());
  for (const fs::path& entry : entries) {
    std::error_code status_ec;
    fs::file_status status = fs::status(entry, status_ec);  // follows symlinks
    if (status_ec) continue;                                // a dangling link: not a manifest
    if (fs::is_directory(status)) {
      if (!IsHidden(entry)) WalkFolder(entry, FolderTree(entry, tree), walk, files, diag);
      if (walk.over_limit) break;
    } else if (IsRenderInput(entry, tree)) {
      ++walk.render_inputs;
    } else if (IsManifestName(entry)) {
      files.push_back(FolderFile{entry, tree});
    }
  }
  active.erase(canonical);
}

// Spare capacity ReadTextFile leaves after a text: simdjson reads up to this far past the end.
constexpr std::size_t kTextPadding = 64;
static_assert(kTextPadding >= simdjson::SIMDJSON_PADDING, "simdjson needs this much padding");

/// Calls read_one(path, source, in_folder, tree) for every file of `inputs`, in order: "-" as "<stdin>", a file as
/// named, a folder's manifest files in sorted path order (without the Chart.yaml, values and kustomization files
/// of chart and kustomize folders: IsRenderInput). `tree` is where the file was met (InputTree, FolderTree); with
/// `trees` set, every file's tree and every chart and kustomize folder met are recorded there. Reports missing
/// paths and empty folders.
template <typename ReadOne>
void ForEachInputFile(const std::vector<std::string>& inputs, std::set<std::string>* read_files, InputTrees* trees,
                      Diagnostics& diag, ReadOne&& read_one) {
  // A file given twice (or named and also met in a folder) is read once: reading it again would only make every
  // object a duplicate of itself.
  std::set<std::string> own;
  std::set<std::string>& seen = read_files != nullptr ? *read_files : own;
  // Named twice is a warning; met again inside a folder (through a symbolic link) only an info line.
  auto first_time = [&](const std::string& path, bool in_folder) {
    std::error_code ec;
    fs::path canonical = fs::canonical(path, ec);
    if (ec || seen.insert(canonical.string()).second) return true;
    if (in_folder) {
      diag.Info(FileLocation(path), "the same file as one read before (a symbolic link); read once");
    } else {
      diag.Warning(FileLocation(path), "given more than once; read once");
    }
    return false;
  };
  for (const std::string& input : inputs) {
    if (input == "-") {
      read_one("-", "<stdin>", false, SourceTree{});
      continue;
    }
    std::error_code ec;
    fs::file_status status = fs::status(input, ec);
    if (ec || !fs::exists(status)) {
      bool missing = !fs::exists(status);
      diag.Error(FileLocation(input), missing ? "no such file or folder" : "cannot access: " + ec.message());
      continue;
    }
    if (fs::is_character_file(status) || fs::is_block_file(status) || fs::is_socket(status)) {
      // A device never ends (/dev/zero) or is not text; pipes and process substitutions are read.
      diag.Error(FileLocation(input), "not a file, folder or pipe (a device or socket): nothing to read");
      continue;
    }
    if (!fs::is_directory(status)) {
      if (!first_time(input, false)) continue;
      SourceTree tree = InputTree(input, /*is_folder=*/false);
      if (trees != nullptr) {
        if (tree.declared) trees->NoteRoot(tree);
        trees->Add(input, tree);
      }
      read_one(input, input, false, tree);
      continue;
    }
    std::vector<FolderFile> files;
    FolderWalk walk;
    walk.trees = trees;
    WalkFolder(fs::path(input), InputTree(input, /*is_folder=*/true), walk, files, diag);
    if (walk.over_limit) {
      diag.Error(FileLocation(input), "more than " + LimitValue("folder-entries") +
                                          " files and folders under this folder: is it the folder you meant? " +
                                          LimitHint("folder-entries"));
      continue;
    }
    std::sort(files.begin(), files.end(), [](const FolderFile& a, const FolderFile& b) {
      return a.path.generic_string() < b.path.generic_string();
    });
    if (files.empty()) {
      if (walk.render_inputs > 0) {
        diag.Error(FileLocation(input), "no manifests: only Chart.yaml, values or kustomization files");
      } else {
        diag.Error(Location(), "no .yaml, .yml or .json files in " + input);
      }
      continue;
    }
    for (const FolderFile& file : files) {
      const std::string path = file.path.string();
      if (!first_time(path, true)) continue;
      if (trees != nullptr) trees->Add(path, file.tree);
      read_one(path, path, true, file.tree);
    }
  }
}

/// The documents of one text read from `source`, appended to `docs`. A file met while walking a folder
/// (`in_folder`) may be something else that happens to end in .json or .yaml (a tool's output saved beside the
/// manifests): top-level values that are not mappings are skipped with a warning there. A file named
/// explicitly must hold Kubernetes objects.
void TextDocuments(const std::string& source, const std::string& text, bool in_folder, bool syntax_errors_are_warnings,
                   ReaderMode mode, std::vector<Document>& docs, Diagnostics& diag) {
  Diagnostics parse_diag;
  std::vector<Document> file_docs;
  for (TextValue& v : ReadTextValues(source, text, 0, parse_diag, mode)) {
    if (v.value.is_null()) continue;
    if (in_folder && !v.value.is_object()) {
      diag.Warning(DocLocation(source, v.index),
                   "skipped: not a Kubernetes object (found " + DescribeType(v.value) + ")");
      continue;
    }
    if (in_folder && IsScenarioBody(v.value)) {
      diag.Info(DocLocation(source, v.index),
                "skipped: a scenario file inside a folder (name it on its own to read its cluster)");
      continue;
    }
    AddDocument(source, v.index, "", std::move(v.value), file_docs, parse_diag);
  }
  for (const Diagnostic& d : parse_diag.items()) {
    Severity severity = syntax_errors_are_warnings ? Severity::kWarning : d.severity;
    diag.Add(severity, d.where, d.message);
  }
  std::move(file_docs.begin(), file_docs.end(), std::back_inserter(docs));
}

/// One text, decoded into `blocks`: a JSON List straight from simdjson when `try_list` (and the mode is fast),
/// else its documents one by one.
void DecodeText(const std::string& source, const std::string& text, bool in_folder, bool try_list,
                const ReadSettings& settings, std::vector<DecodedBlock>& blocks, Diagnostics& diag) {
  bool fast = settings.mode == ReaderMode::kFast;
  if (fast && try_list && DecodeJsonList(source, text, text.capacity(), settings.config, blocks)) return;
  std::vector<Document> docs;
  TextDocuments(source, text, in_folder, settings.syntax_errors_are_warnings, settings.mode, docs, diag);
  std::vector<DecodedBlock> decoded = DecodeDocuments(docs, settings.config, /*parallel=*/fast);
  std::move(decoded.begin(), decoded.end(), std::back_inserter(blocks));
}

/// True, after reporting it (ReportHelmTemplate), when `text`, read from a file of a Helm chart, is a template;
/// the chart then needs its hint (`trees`, when set).
bool IsHelmTemplate(const std::string& source, const std::string& text, const SourceTree& tree, bool as_warning,
                    InputTrees* trees, Diagnostics& diag) {
  if (tree.kind != SourceTree::Kind::kHelmChart || !ReportHelmTemplate(source, text, as_warning, diag)) return false;
  if (trees != nullptr) trees->NoteRoot(tree);
  return true;
}

}  // namespace

namespace {

/// False, with an error naming the file, when `path` is a regular file larger than the file-size limit.
bool WithinFileSizeLimit(const std::string& path, Diagnostics& diag) {
  std::error_code ec;
  const std::uintmax_t size = fs::is_regular_file(path, ec) ? fs::file_size(path, ec) : 0;
  if (ec || size <= CurrentLimits().file_bytes) return true;
  diag.Error(FileLocation(path), "the file is " + std::to_string(size) + " bytes, more than the limit of " +
                                     LimitValue("file-size") + " " + LimitHint("file-size"));
  return false;
}

}  // namespace

bool ReadTextFile(const std::string& path, std::string& text, Diagnostics& diag) {
  const std::uint64_t limit = CurrentLimits().file_bytes;
  const std::string source = path == "-" ? "<stdin>" : path;
  std::ifstream file;
  std::istream* in = &std::cin;
  text.clear();
  NoteFileRead(path);  // no output of this run may replace it (sim/model/files_read.h)
  if (path != "-") {
    if (!WithinFileSizeLimit(path, diag)) return false;
    file.open(path, std::ios::binary);
    if (!file) {
      diag.Error(FileLocation(path), std::string("cannot read file: ") + std::strerror(errno));
      return false;
    }
    in = &file;
    // One read of the whole size into a buffer with room for simdjson's padding; then whatever the file grew by.
    std::error_code ec;
    std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > 0 && size <= limit) {
      std::size_t n = static_cast<std::size_t>(size);
      text.reserve(n + kTextPadding);
      text.resize(n);
      file.read(text.data(), static_cast<std::streamsize>(n));
      text.resize(static_cast<std::size_t>(file.gcount()));
    }
  }
  // Standard input, special files (a FIFO, /dev/zero) and growing files are read block by block, up to the limit.
  char block[1 << 16];
  while (in->read(block, sizeof block) || in->gcount() > 0) {
    text.append(block, static_cast<std::size_t>(in->gcount()));
    if (text.size() > limit) {
      diag.Error(FileLocation(source), "more than " + LimitValue("file-size") + " to read " + LimitHint("file-size"));
      text.clear();
      text.shrink_to_fit();
      return false;
    }
  }
  if (in->bad()) {
    diag.Error(FileLocation(source), "cannot read file: read error");
    return false;
  }
  if (text.capacity() < text.size() + kTextPadding) text.reserve(text.size() + kTextPadding);
  return true;
}

bool ReadFilePrefix(const std::string& path, std::size_t limit, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  text.resize(limit);
  in.read(text.data(), static_cast<std::streamsize>(limit));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return !in.bad();
}

std::vector<Document> ReadInputs(const std::vector<std::string>& inputs, Diagnostics& diag) {
  return ReadInputFiles(inputs, /*syntax_errors_are_warnings=*/false, diag);
}

std::vector<Document> ReadInputFiles(const std::vector<std::string>& inputs, bool syntax_errors_are_warnings,
                                     Diagnostics& diag) {
  std::vector<Document> docs;
  auto read_one = [&](const std::string& path, const std::string& source, bool in_folder, const SourceTree& tree) {
    std::string text;
    if (!ReadTextFile(path, text, diag)) return;
    if (IsHelmTemplate(source, text, tree, syntax_errors_are_warnings, nullptr, diag)) return;
    TextDocuments(source, text, in_folder, syntax_errors_are_warnings, ReaderMode::kFast, docs, diag);
  };
  ForEachInputFile(inputs, nullptr, nullptr, diag, read_one);
  return docs;
}

void ReadDecodedInputs(const std::vector<std::string>& inputs, const ReadSettings& settings,
                       std::vector<DecodedBlock>& blocks, Diagnostics& diag) {
  auto read_one = [&](const std::string& path, const std::string& source, bool in_folder, const SourceTree& tree) {
    bool tried_list = false;
    if (tree.kind == SourceTree::Kind::kHelmChart) {  // a template is not even tried as a JSON List
      std::string text;
      if (!ReadTextFile(path, text, diag)) return;
      if (IsHelmTemplate(source, text, tree, settings.syntax_errors_are_warnings, settings.trees, diag)) return;
      DecodeText(source, text, in_folder, /*try_list=*/true, settings, blocks, diag);
      return;
    }
    if (settings.mode == ReaderMode::kFast && path != "-") {
      // A JSON List is decoded where the file is mapped, without copying it.
      if (!WithinFileSizeLimit(path, diag)) return;
      MappedFile mapped;
      if (mapped.Open(path)) {
        if (DecodeJsonList(source, mapped.text(), mapped.readable(), settings.config, blocks)) return;
        tried_list = true;
      }
    }
    std::string text;
    if (!ReadTextFile(path, text, diag)) return;
    DecodeText(source, text, in_folder, /*try_list=*/!tried_list, settings, blocks, diag);
  };
  ForEachInputFile(inputs, settings.read_files, settings.trees, diag, read_one);
}

void ReadDecodedText(const std::string& source, const std::string& text, const ReadSettings& settings,
                     std::vector<DecodedBlock>& blocks, Diagnostics& diag) {
  DecodeText(source, text, /*in_folder=*/false, /*try_list=*/true, settings, blocks, diag);
}

}  // namespace kreach
