// Raw documents read from files: the boundary between text formats and the typed model. Loader-internal.
#ifndef KREACH_SIM_LOADER_DOCUMENT_H_
#define KREACH_SIM_LOADER_DOCUMENT_H_

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/model/diagnostic.h"

namespace kreach {

/// One Kubernetes object (or a scenario body) as a JSON value, whatever format it was written in.
/// YAML is converted: plain scalars become int/float/bool/null as YAML 1.2 core schema reads them, quoted
/// scalars stay strings. Items of a `kind: List` / `*List` are flattened into one Document each.
struct Document {
  std::string source;  ///< file name as given ("<stdin>" for -)
  int index = 0;       ///< 1-based document number in the file; List items share their List's number
  std::string path;    ///< "" for a top-level document, "items[3]" for a List item
  nlohmann::json body;
};

/// Reads one text (YAML or JSON, detected from content: a first non-space character of `{` or `[` means JSON;
/// otherwise YAML, which also reads JSON) into documents. Empty and null documents are skipped. Syntax
/// errors are reported with line and column and stop reading that text. Lists are flattened.
std::vector<Document> ParseDocuments(const std::string& source, const std::string& text, Diagnostics& diag);

/// Expands inputs (files, folders recursively, "-" for stdin) into documents. Folders contribute files ending
/// in .yaml, .yml, .json in sorted path order (but Chart.yaml, values and kustomization files: IsRenderInput); a
/// file named explicitly is read whatever its extension. Missing paths, unreadable files, a folder with no manifest
/// files and a Helm template (ReportHelmTemplate) are errors.
std::vector<Document> ReadInputs(const std::vector<std::string>& inputs, Diagnostics& diag);

/// Why a YAML or JSON entry of a folder whose status is `status` (symbolic links followed) is not read, or ""
/// for a regular file: "not a regular file (a FIFO): only regular files are read from folders". A FIFO would
/// block the read until some writer came (forever), a device never ends (/dev/zero). For every folder kreach
/// reads: inputs, includes, and the folders `check` searches for scenarios and submissions.
std::string NotRegularFolderEntry(const std::filesystem::file_status& status);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_DOCUMENT_H_
