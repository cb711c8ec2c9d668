// Pieces of document reading shared by ParseDocuments, ReadInputs and scenario files. Loader-internal.
#ifndef KREACH_SIM_LOADER_DOCUMENT_INTERNAL_H_
#define KREACH_SIM_LOADER_DOCUMENT_INTERNAL_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/loader/decode_document.h"
#include "sim/loader/document.h"
#include "sim/loader/input_trees.h"
#include "sim/loader/text_values.h"
#include "sim/model/diagnostic.h"

namespace kreach {

/// The top-level values of a text (YAML or JSON by content), at most `max_values` when it is not 0, after a
/// UTF-8 check. Empty (null) documents are included. Errors are reported; the values read before an error
/// are returned.
std::vector<TextValue> ReadTextValues(const std::string& source, const std::string& text, std::size_t max_values,
                                      Diagnostics& diag, ReaderMode mode = ReaderMode::kFast);

/// Adds `body` (document `index` of `source`, at `path` inside it) to `out`. A List (`kind: List` or any kind
/// ending in `List`, with `items`) adds one Document per item instead, at `path.items[i]`, recursively. A body
/// that is not a mapping is an error; so is an item that is not one. `what` names the value in the error for a
/// top-level document ("" → the message mentions no path).
void AddDocument(const std::string& source, int index, const std::string& path, nlohmann::json body,
                 std::vector<Document>& out, Diagnostics& diag);

/// ReadInputs; when `syntax_errors_are_warnings`, problems in a file's text (syntax, a document that is not a
/// mapping) are warnings and the documents read before them are kept (ClusterConfig::skip_invalid_documents).
std::vector<Document> ReadInputFiles(const std::vector<std::string>& inputs, bool syntax_errors_are_warnings,
                                     Diagnostics& diag);

/// How ReadDecodedInputs reads.
struct ReadSettings {
  bool syntax_errors_are_warnings = false;  ///< as for ReadInputFiles
  ClusterConfig config;                     ///< the loader settings, for decoding
  ReaderMode mode = ReaderMode::kFast;
  /// Canonical paths of the files read so far, when several calls read one set of inputs: a file given again
  /// is skipped with a warning. nullptr: each call keeps its own.
  std::set<std::string>* read_files = nullptr;
  /// The device and inode of every input read so far (standard input included), kept with read_files: a pipe
  /// has no path, yet `-`, /dev/stdin and /proc/self/fd/0 are one input. nullptr: each call keeps its own.
  std::set<std::pair<std::uint64_t, std::uint64_t>>* read_inodes = nullptr;
  /// Where the files' trees (Helm charts, kustomize folders, input folders) are recorded, for the hints that
  /// BuildClusterFromBlocks adds; nullptr: not recorded (Helm templates are still reported).
  InputTrees* trees = nullptr;
};

/// ReadInputFiles, decoded: the documents of every input, decoded into blocks in input order (DecodeDocuments),
/// a JSON List's items straight from simdjson (DecodeJsonList) in ReaderMode::kFast. The blocks and messages
/// are those of ReadInputFiles followed by DecodeDocuments.
void ReadDecodedInputs(const std::vector<std::string>& inputs, const ReadSettings& settings,
                       std::vector<DecodedBlock>& blocks, Diagnostics& diag);

/// The same for one text read from `source`, as a file named explicitly (not met in a folder).
void ReadDecodedText(const std::string& source, const std::string& text, const ReadSettings& settings,
                     std::vector<DecodedBlock>& blocks, Diagnostics& diag);

/// Reads a whole file, or standard input for "-", with read(2) into memory (never mapped: a file truncated while
/// mapped would raise SIGBUS). Errors name the path: a regular file over the `file-size` limit (before reading),
/// a pipe over it (when the limit is crossed), a file whose size or time changed while it was read, a byte no
/// YAML or JSON text may hold (FindControlByte; refused at the first chunk that has one). `regular_only` (a file
/// met in a folder) refuses anything but a regular file, without blocking on a FIFO. The text keeps spare
/// capacity for simdjson (SIMDJSON_PADDING), so the fast reader need not copy it.
bool ReadTextFile(const std::string& path, std::string& text, Diagnostics& diag, bool regular_only = false);

/// Reads at most `limit` bytes of the start of a file (false when it cannot be read).
bool ReadFilePrefix(const std::string& path, std::size_t limit, std::string& text);

/// Locations of input problems: a whole file, or a document of it (and a path inside that document).
inline Location FileLocation(const std::string& source) {
  Location where;
  where.source = source;
  return where;
}
inline Location DocLocation(const std::string& source, int doc, const std::string& path = "") {
  Location where;
  where.source = source;
  where.doc = doc;
  where.path = path;
  return where;
}

/// The name of a JSON value's type as a YAML user knows it: "a mapping", "a sequence", "a string", ...
std::string DescribeType(const nlohmann::json& value);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_DOCUMENT_INTERNAL_H_
