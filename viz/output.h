// Writing diagrams to disk: atomic file replacement and Graphviz (`dot`) run as a child process. Nothing here
// prints; every failure comes back as a message the CLI can show as it is.
#ifndef KREACH_VIZ_OUTPUT_H_
#define KREACH_VIZ_OUTPUT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kreach {

/// What a diagram file is, from its extension.
enum class DiagramFormat { kDot, kSvg, kPng, kPdf };

/// The format of `path` from its extension (case-insensitive): .dot and .gv are DOT text, .svg .png .pdf are
/// rendered by Graphviz. nullopt for any other extension.
std::optional<DiagramFormat> DiagramFormatOf(const std::string& path);

/// The Graphviz output type of a rendered format ("svg", "png", "pdf"); "dot" for kDot.
const char* DiagramFormatName(DiagramFormat format);

/// Returns false with `error` set when `out_path` names the same file as one of `inputs` (compared as canonical
/// paths, so `./a.yaml`, `a.yaml` and a symlink to it are the same; an existing file also by device and inode).
/// Inputs "-" (stdin) are skipped. A path that does not exist yet is compared by its weakly canonical form.
bool CheckNotAnInput(const std::string& out_path, const std::vector<std::string>& inputs, std::string* error);

/// Replaces `path` with `content` atomically: the bytes go to a temporary file in the same directory, which is
/// flushed to disk (fsync) and renamed over `path`. Readers see the old file or the new one, never a part. On
/// failure returns false with `error` set ("cannot write PATH: reason"), removes the temporary file and leaves an
/// existing `path` untouched. A replaced file keeps its permission bits; a new one gets 0644.
bool WriteFileAtomically(const std::string& path, std::string_view content, std::string* error);

/// Whether `dot_text` is small enough for Graphviz to lay out (at most `max_dot_bytes`); else false with `error`
/// saying how to narrow the picture. RenderGraphviz checks it too.
bool DotWithinLimit(const std::string& dot_text, std::size_t max_dot_bytes, std::string* error);

/// Limits and context for RenderGraphviz. The defaults suit the CLI.
struct RenderSettings {
  /// DOT text larger than this is refused before Graphviz runs (layout time grows much faster than the text).
  std::size_t max_dot_bytes = 4u << 20;
  /// Graphviz is killed after this many seconds.
  int timeout_seconds = 60;
  /// Files the diagram was made from; the output must not be one of them (see CheckNotAnInput).
  std::vector<std::string> inputs;
  /// The Graphviz layout program, looked up in PATH unless it contains a '/'.
  std::string program = "dot";
};

/// Renders `dot_text` with `dot -T<format>` (format "svg", "png" or "pdf") into `out_path`. Graphviz runs as a
/// child process without a shell: it reads the DOT from a temporary file and writes a temporary output next to
/// `out_path`, which is synced and renamed into place only when Graphviz succeeded, so an existing `out_path` is
/// replaced whole or not at all and no temporary file is left behind. Returns false with `error` set when:
/// the format is unknown; `out_path` is one of `settings.inputs`; the DOT is larger than max_dot_bytes (the
/// message suggests --namespace/--focus or raising --max-dot-bytes); the program is not in PATH ("Graphviz is not
/// installed: apt-get install graphviz, or write .dot"); it runs longer than timeout_seconds (it is killed); it
/// fails (its exit status and the end of its stderr are in the message) or writes nothing.
bool RenderGraphviz(const std::string& dot_text, const std::string& format, const std::string& out_path,
                    std::string* error, const RenderSettings& settings = RenderSettings());

}  // namespace kreach

#endif  // KREACH_VIZ_OUTPUT_H_
