// ReadInputs: files, folders and stdin → documents.
#include <fcntl.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>

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
#include <string_view>
#include <system_error>

#include "sim/loader/document.h"
#include "sim/loader/document_internal.h"
#include "sim/loader/input_trees.h"
#include "sim/loader/json_fast.h"
#include "sim/loader/scenario_reader.h"
#include "sim/loader/text_values.h"
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

/// What a file that is not a regular file is, for messages: "a FIFO", "a character device".
std::string FileTypeName(fs::file_type type) {
  switch (type) {
    case fs::file_type::directory: return "a folder";
    case fs::file_type::fifo: return "a FIFO";
    case fs::file_type::character: return "a character device";
    case fs::file_type::block: return "a block device";
    case fs::file_type::socket: return "a socket";
    case fs::file_type::symlink: return "a symbolic link";
    default: return "not a regular file";
  }
}

std::string FileTypeName(mode_t mode) {
  if (S_ISDIR(mode)) return FileTypeName(fs::file_type::directory);
  if (S_ISFIFO(mode)) return FileTypeName(fs::file_type::fifo);
  if (S_ISCHR(mode)) return FileTypeName(fs::file_type::character);
  if (S_ISBLK(mode)) return FileTypeName(fs::file_type::block);
  if (S_ISSOCK(mode)) return FileTypeName(fs::file_type::socket);
  return FileTypeName(fs::file_type::unknown);
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
  fs::directory_iterator it(dir, ec);
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
  std::sort(entries.begin(), entries.end());
  for (const fs::path& entry : entries) {
    // Every entry that may hold manifests and cannot be read is an error naming it: a folder or a file left out
    // silently could hold the policy that changes the answer.
    std::error_code status_ec;
    fs::file_status status = fs::status(entry, status_ec);  // follows symlinks
    if (status_ec) {
      if (IsHidden(entry)) continue;
      std::error_code link_ec;
      bool dangling =
          fs::is_symlink(fs::symlink_status(entry, link_ec)) && status_ec == std::errc::no_such_file_or_directory;
      if (dangling && !IsManifestName(entry)) continue;  // a dangling link that is no manifest's name
      diag.Error(FileLocation(entry.string()), dangling ? "a symbolic link to a missing file: nothing to read"
                                                        : "cannot read: " + status_ec.message());
      continue;
    }
    if (fs::is_directory(status)) {
      if (!IsHidden(entry)) WalkFolder(entry, FolderTree(entry, tree), walk, files, diag);
      if (walk.over_limit) break;
    } else if (IsRenderInput(entry, tree)) {
      ++walk.render_inputs;
    } else if (IsManifestName(entry)) {
      if (std::string problem = NotRegularFolderEntry(status); !problem.empty()) {
        diag.Error(FileLocation(entry.string()), problem);
        continue;
      }
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
void ForEachInputFile(const std::vector<std::string>& inputs, std::set<std::string>* read_files,
                      std::set<std::pair<std::uint64_t, std::uint64_t>>* read_inodes, InputTrees* trees,
                      Diagnostics& diag, ReadOne&& read_one) {
  // A file given twice (or named and also met in a folder) is read once: reading it again would only make every
  // object a duplicate of itself.
  std::set<std::string> own;
  std::set<std::string>& seen = read_files != nullptr ? *read_files : own;
  // Named twice is a warning; met again inside a folder (through a symbolic link) only an info line.
  // Pipes have no path to compare (/dev/stdin, /proc/self/fd/0 and `-` are one input): the device and inode
  // of everything read tell too.
  std::set<std::pair<std::uint64_t, std::uint64_t>> own_inodes;
  std::set<std::pair<std::uint64_t, std::uint64_t>>& identities = read_inodes != nullptr ? *read_inodes : own_inodes;
  auto new_identity = [&](const struct stat& st) {
    return identities.insert({static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino)}).second;
  };
  auto first_time = [&](const std::string& path, bool in_folder) {
    std::error_code ec;
    fs::path canonical = fs::canonical(path, ec);
    bool new_path = ec || seen.insert(canonical.string()).second;
    struct stat st {};
    bool new_inode = ::stat(path.c_str(), &st) != 0 || new_identity(st);
    if (new_path && new_inode) return true;
    if (in_folder) {
      diag.Info(FileLocation(path), "the same file as one read before (a symbolic link); read once");
    } else {
      diag.Warning(FileLocation(path), "given more than once; read once");
    }
    return false;
  };
  for (const std::string& input : inputs) {
    if (input == "-") {
      struct stat st {};
      if (::fstat(0, &st) == 0 && !new_identity(st)) {
        diag.Warning(FileLocation("<stdin>"), "given more than once; read once");
        continue;
      }
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
    const int errors_before = diag.ErrorCount();
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
      if (diag.ErrorCount() > errors_before) continue;  // the entries that could not be read are named already
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

/// One YAML document's text in a file: [begin, end) and the line it starts on.
struct YamlPiece {
  std::size_t begin = 0;
  std::size_t end = 0;
  int first_line = 1;
};

// True when `line` is the document marker `marker` (`---` or `...`) at column 0: alone, or followed by a space or a
// tab (and a comment or, for `---`, the document's first content).
bool IsDocumentMarker(std::string_view line, std::string_view marker) {
  if (line.substr(0, 3) != marker) return false;
  return line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r';
}

/// Cuts a YAML stream at its document markers, as kubectl's YAML reader does before parsing: a `---` line starts
/// a piece, a `...` line ends one. A marker cannot occur inside a document (YAML forbids it in any scalar), so
/// each piece is one document, or none (only comments).
std::vector<YamlPiece> SplitYamlDocuments(const std::string& text) {
  std::vector<YamlPiece> pieces;
  YamlPiece current;
  int line = 1;
  for (std::size_t pos = 0; pos < text.size(); ++line) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    const std::size_t next = eol < text.size() ? eol + 1 : eol;
    const std::string_view content(text.data() + pos, eol - pos);
    if (IsDocumentMarker(content, "---") && pos > current.begin) {
      current.end = pos;
      pieces.push_back(current);
      current = YamlPiece{pos, 0, line};
    }
    if (IsDocumentMarker(content, "...")) {
      current.end = next;
      pieces.push_back(current);
      current = YamlPiece{next, 0, line + 1};
    }
    pos = next;
  }
  if (current.begin < text.size()) {
    current.end = text.size();
    pieces.push_back(current);
  }
  return pieces;
}

/// The values of a YAML text whose broken documents are skipped (--skip-invalid): the text is cut at its
/// document markers first (SplitYamlDocuments) and each piece read on its own, so a syntax error loses only its own
/// document, not every one after it. Messages keep the lines and document numbers of the whole file; each
/// skipped document gets a warning naming it.
std::vector<TextValue> ReadYamlSkippingBroken(const std::string& source, const std::string& text, Diagnostics& diag) {
  std::vector<TextValue> values;
  int docs_before = 0;
  const std::uint64_t limit = CurrentLimits().documents;
  for (const YamlPiece& piece : SplitYamlDocuments(text)) {
    const std::string piece_text = text.substr(piece.begin, piece.end - piece.begin);
    Diagnostics piece_diag;
    std::vector<TextValue> piece_values;
    bool ok = CheckUtf8(source, piece_text, piece_diag) &&
              ReadYamlValues(source, piece_text, static_cast<std::size_t>(limit) + 1, piece_values, piece_diag);
    const int skipped = ok ? 0 : docs_before + static_cast<int>(piece_values.size()) + 1;
    for (const Diagnostic& d : piece_diag.items()) {
      Location where = d.where;
      if (where.line > 0) where.line += piece.first_line - 1;
      where.doc = where.doc > 0 ? where.doc + docs_before : skipped;
      diag.Add(d.severity, where, d.message);
    }
    for (TextValue& v : piece_values) {
      v.index += docs_before;
      if (v.line > 0) v.line += piece.first_line - 1;
      values.push_back(std::move(v));
    }
    docs_before = skipped > 0 ? skipped : docs_before + static_cast<int>(piece_values.size());
    if (skipped > 0) {
      Location where = DocLocation(source, skipped);
      where.line = piece.first_line;
      diag.Add(Severity::kWarning, where,
               "skipped (--skip-invalid): this document does not parse; the documents after it are read");
    }
    if (values.size() > limit) {
      values.resize(static_cast<std::size_t>(limit));
      diag.Error(FileLocation(source),
                 "more than " + LimitValue("documents") + " documents in one file " + LimitHint("documents"));
      break;
    }
  }
  return values;
}

/// The documents of one text read from `source`, appended to `docs`. A file met while walking a folder
/// (`in_folder`) may be something else that happens to end in .json or .yaml (a tool's output saved beside the
/// manifests): top-level values that are not mappings are skipped with a warning there. A file named
/// explicitly must hold Kubernetes objects.
void TextDocuments(const std::string& source, const std::string& text, bool in_folder, bool syntax_errors_are_warnings,
                   ReaderMode mode, std::vector<Document>& docs, Diagnostics& diag) {
  Diagnostics parse_diag;
  std::vector<Document> file_docs;
  std::vector<TextValue> values = syntax_errors_are_warnings && !LooksLikeJson(text)
                                      ? ReadYamlSkippingBroken(source, text, parse_diag)
                                      : ReadTextValues(source, text, 0, parse_diag, mode);
  for (TextValue& v : values) {
    if (v.value.is_null()) continue;
    if (in_folder && !v.value.is_object()) {
      diag.Warning(DocLocation(source, v.index),
                   "skipped: not a Kubernetes object (found " + DescribeType(v.value) + ")");
      continue;
    }
    if (IsScenarioBody(v.value)) {
      if (in_folder) {
        diag.Info(DocLocation(source, v.index),
                  "skipped: a scenario file inside a folder (name it on its own to read its cluster)");
      } else {
        // Named beside other inputs, or in a scenario's `include:` or `submission:`: manifests are expected.
        diag.Error(DocLocation(source, v.index),
                   "this is a scenario file, not manifests: it cannot be included or read beside other inputs "
                   "(name it on its own, or include the manifest files it includes)");
      }
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

std::string NotRegularFolderEntry(const fs::file_status& status) {
  if (fs::is_regular_file(status)) return "";
  return "not a regular file (" + FileTypeName(status.type()) + "): only regular files are read from folders";
}

bool ReadTextFile(const std::string& path, std::string& text, Diagnostics& diag, bool regular_only) {
  const std::uint64_t limit = CurrentLimits().file_bytes;
  const bool is_stdin = path == "-";
  const std::string source = is_stdin ? "<stdin>" : path;
  text.clear();
  NoteFileRead(path);  // no output of this run may replace it (sim/model/files_read.h)
  auto fail = [&](const std::string& message) {
    diag.Error(FileLocation(source), message);
    text.clear();
    text.shrink_to_fit();
    return false;
  };
  int fd = 0;
  if (!is_stdin) {
    // O_NONBLOCK: opening a FIFO met in a folder must not wait for a writer (it is refused below); a FIFO named
    // on the command line is read as a pipe, blocking again.
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | (regular_only ? O_NONBLOCK : 0));
    if (fd < 0) return fail(std::string("cannot read file: ") + std::strerror(errno));
  }
  struct Closer {
    int fd;
    ~Closer() {
      if (fd >= 0) ::close(fd);
    }
  } closer{is_stdin ? -1 : fd};
  struct stat before {};
  if (::fstat(fd, &before) != 0) return fail(std::string("cannot read file: ") + std::strerror(errno));
  const bool regular = S_ISREG(before.st_mode);
  if (regular_only && !regular) return fail("not a regular file (" + FileTypeName(before.st_mode) + "): not read");
  if (!is_stdin && (S_ISCHR(before.st_mode) || S_ISBLK(before.st_mode) || S_ISSOCK(before.st_mode))) {
    return fail("not a file, folder or pipe (a device or socket): nothing to read");
  }
  if (regular_only) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  if (regular && static_cast<std::uint64_t>(before.st_size) > limit) {
    return fail("the file is " + std::to_string(before.st_size) + " bytes, more than the limit of " +
                LimitValue("file-size") + " " + LimitHint("file-size"));
  }
  // A regular file is read into one buffer of its size (with simdjson's padding); a pipe, standard input or a
  // file that reports no size (/proc) grows its buffer as it goes, up to the limit. Reads are at most kChunk
  // bytes, and each chunk is scanned for bytes no YAML or JSON text holds (a NUL, most control characters), so
  // that binary data is refused at its first chunk.
  constexpr std::size_t kChunk = std::size_t{16} << 20;
  std::size_t expected = regular ? static_cast<std::size_t>(before.st_size) : 0;
  if (regular && is_stdin) {
    // Standard input redirected from a file may have been read in part already: the rest is what is left.
    const off_t at = ::lseek(fd, 0, SEEK_CUR);
    if (at > 0) expected = at < before.st_size ? static_cast<std::size_t>(before.st_size - at) : 0;
  }
  text.reserve(expected + kTextPadding);
  for (;;) {
    const std::size_t old_size = text.size();
    ssize_t n = 0;
    if (expected > 0 && old_size >= expected) {
      char probe = 0;  // the end of the file as fstat gave it: anything more means it grew
      n = ::read(fd, &probe, 1);
      if (n > 0) return fail("the file changed while it was read (it grew): read it again");
    } else {
      const std::size_t wanted = expected > 0 ? std::min<std::size_t>(expected - old_size, 4096) : 4096;
      if (text.capacity() - old_size < kTextPadding + wanted) {
        text.reserve(std::max(text.capacity() * 2, old_size + (std::size_t{1} << 16)) + kTextPadding);
      }
      std::size_t room = std::min(kChunk, text.capacity() - old_size - kTextPadding);
      if (expected > 0) room = std::min(room, expected - old_size);
      text.resize(old_size + room);
      n = ::read(fd, text.data() + old_size, room);
      text.resize(old_size + static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(std::string("cannot read file: ") + std::strerror(errno));
    if (n == 0) break;
    if (text.size() > limit) {
      return fail("more than " + LimitValue("file-size") + " to read " + LimitHint("file-size"));
    }
    std::size_t bad = FindControlByte(text, old_size);
    if (bad != std::string::npos) {
      ReportControlByte(source, text, bad, diag);
      text.clear();
      text.shrink_to_fit();
      return false;
    }
  }
  if (regular) {
    // A file that another program truncates or extends while it is read is an error, not half a file.
    struct stat after {};
    bool changed = ::fstat(fd, &after) != 0 || after.st_size != before.st_size ||
                   (expected > 0 && text.size() != expected) || after.st_mtim.tv_sec != before.st_mtim.tv_sec ||
                   after.st_mtim.tv_nsec != before.st_mtim.tv_nsec;
    if (changed) return fail("the file changed while it was read (its size or time changed): read it again");
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
    if (!ReadTextFile(path, text, diag, /*regular_only=*/in_folder)) return;
    if (IsHelmTemplate(source, text, tree, syntax_errors_are_warnings, nullptr, diag)) return;
    TextDocuments(source, text, in_folder, syntax_errors_are_warnings, ReaderMode::kFast, docs, diag);
  };
  ForEachInputFile(inputs, nullptr, nullptr, nullptr, diag, read_one);
  return docs;
}

void ReadDecodedInputs(const std::vector<std::string>& inputs, const ReadSettings& settings,
                       std::vector<DecodedBlock>& blocks, Diagnostics& diag) {
  auto read_one = [&](const std::string& path, const std::string& source, bool in_folder, const SourceTree& tree) {
    // The file is read into memory (not mapped: a file truncated while mapped would kill kreach with SIGBUS); a
    // JSON List is then decoded from that buffer by simdjson (DecodeJsonList), without another copy.
    std::string text;
    if (!ReadTextFile(path, text, diag, /*regular_only=*/in_folder)) return;
    if (IsHelmTemplate(source, text, tree, settings.syntax_errors_are_warnings, settings.trees, diag)) return;
    DecodeText(source, text, in_folder, /*try_list=*/true, settings, blocks, diag);
  };
  ForEachInputFile(inputs, settings.read_files, settings.read_inodes, settings.trees, diag, read_one);
}

void ReadDecodedText(const std::string& source, const std::string& text, const ReadSettings& settings,
                     std::vector<DecodedBlock>& blocks, Diagnostics& diag) {
  DecodeText(source, text, /*in_folder=*/false, /*try_list=*/true, settings, blocks, diag);
}

}  // namespace kreach
