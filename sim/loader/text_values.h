// Texts → top-level JSON values: the YAML and JSON readers behind ParseDocuments. Loader-internal.
#ifndef KREACH_SIM_LOADER_TEXT_VALUES_H_
#define KREACH_SIM_LOADER_TEXT_VALUES_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/model/diagnostic.h"

namespace kreach {

/// How JSON texts are read: kFast takes the simdjson paths wherever they apply (json_fast.h); kExact reads
/// every text with the exact reader and decodes one document after the other, the reference the fast paths are
/// held equal to.
enum class ReaderMode { kFast, kExact };

/// One top-level value of a text, before any check of its shape.
struct TextValue {
  int index = 0;  ///< 1-based position among the text's documents (empty YAML documents count too)
  int line = 0;   ///< 1-based line where the document starts (0 when unknown)
  nlohmann::json value;
};

/// True when the text is JSON by content: its first character after whitespace (and a UTF-8 byte-order mark)
/// is `{` or `[`.
bool LooksLikeJson(const std::string& text);

/// The position of the first byte at or after `from` that no YAML or JSON text may hold raw: a C0 control
/// character other than tab, line feed and carriage return (NUL included). npos when there is none. Fast enough
/// to run over every input before parsing (a few hundred MB/s at worst).
std::size_t FindControlByte(const std::string& text, std::size_t from);

/// Reports the byte at `pos` (found by FindControlByte) as an error at its line and column: "a NUL byte (0x00):
/// YAML and JSON texts cannot hold control characters; is this a binary file?".
void ReportControlByte(const std::string& source, const std::string& text, std::size_t pos, Diagnostics& diag);

/// Checks that `text` is UTF-8 without control characters (FindControlByte); otherwise reports an error with the
/// line and column of the first bad byte.
bool CheckUtf8(const std::string& source, const std::string& text, Diagnostics& diag);

/// Why kubectl would read the plain YAML scalar `s` as another value than kreach does, or "" when both agree.
/// kubectl's YAML reader (sigs.k8s.io/yaml over go-yaml v2) follows YAML 1.1: `yes`/`no`/`on`/`off`/`y`/`n` are
/// booleans, `0120` is octal (80), `0b101`, `0X50`, `-0x50` and `0O17` are numbers, `_` in numbers is ignored (`8_0`
/// is 80), and `2024-01-02` is a timestamp; kreach reads YAML 1.2 (the core schema), where they are strings or
/// decimal. Sexagesimal `1:20` is a string for both (go-yaml v2 does not read base 60).
std::string KubectlReadsDifferently(const std::string& s);

/// Reads every YAML document of `text` (at most `max_values` when it is not 0). Plain scalars are typed as
/// the YAML 1.2 core schema says (null, bool, int, float, else string); quoted and block scalars, and `!!str`,
/// stay strings; merge keys are applied. Empty documents are returned as null values. On a syntax error (or a
/// duplicate key, a too-deep nesting, an alias explosion) reports it with line and column, keeps the values
/// read so far and returns false.
bool ReadYamlValues(const std::string& source, const std::string& text, std::size_t max_values,
                    std::vector<TextValue>& out, Diagnostics& diag);

/// Reads a JSON text: one value or a stream of concatenated values (as `kubectl get -o json` of several
/// resources can print). Errors as for YAML. One well-formed value goes through the fast reader (json_fast.h),
/// everything else through ReadJsonValuesExact.
bool ReadJsonValues(const std::string& source, const std::string& text, std::size_t max_values,
                    std::vector<TextValue>& out, Diagnostics& diag);
/// The same with nlohmann's parser only: slower, but it explains every error with line and column.
bool ReadJsonValuesExact(const std::string& source, const std::string& text, std::size_t max_values,
                         std::vector<TextValue>& out, Diagnostics& diag);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_TEXT_VALUES_H_
