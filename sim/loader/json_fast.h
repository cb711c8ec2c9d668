// The fast JSON reader: simdjson for the common case of one well-formed value (a `kubectl get -o json` dump, a
// `kreach generate` file). Loader-internal.
#ifndef KREACH_SIM_LOADER_JSON_FAST_H_
#define KREACH_SIM_LOADER_JSON_FAST_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "sim/loader/decode_document.h"

namespace kreach {

/// Reads `text`, which must hold exactly one JSON value (surrounding whitespace allowed), into `out` with
/// simdjson, under the limits the exact reader enforces (nesting at most `max_depth`, unique keys). The value
/// equals the exact reader's (non-negative integers are stored as signed when they fit, as there). Items of a
/// large top-level `items` array are converted on two threads.
///
/// Returns false, leaving `out` unspecified and reporting nothing, whenever the text is anything else: a syntax
/// error, concatenated values, a duplicate key, too deep a nesting, a number simdjson cannot represent. The
/// caller then reads the text with the exact reader, which explains the problem with line and column.
bool ReadJsonValueFast(const std::string& text, int max_depth, nlohmann::json& out,
                       std::uint64_t max_values = ~std::uint64_t{0});

/// Reads `text` when it is one JSON List object (`kind` a string ending in "List", `items` an array of
/// objects none of which is itself a List) that the exact reader would take whole, and decodes its items
/// straight from simdjson, on two threads, into `out` (after what it holds), as the documents of `source`
/// (document 1, paths "items[i]"). The blocks equal those DecodeDocuments gives for the documents the exact
/// reader and AddDocument make of the text, messages included: an item whose decoding reports anything is
/// decoded again from its nlohmann tree. `readable` bytes from text.data() may be read (at least text.size());
/// with fewer than simdjson::SIMDJSON_PADDING of them past the end the text is copied.
///
/// Returns false, adding nothing, for every other text (the caller reads it the ordinary way).
/// `scan_everything` is for tests: the second thread finds every item itself (ItemScanner) and decodes all
/// blocks so, as if simdjson's split were slow; the result must not change.
bool DecodeJsonList(const std::string& source, std::string_view text, std::size_t readable, const ClusterConfig& config,
                    std::vector<DecodedBlock>& out, bool scan_everything = false);

/// What the start of a JSON text tells about it being a scenario (IsScenarioFile), without parsing it.
enum class ScenarioHint {
  kUnknown,      ///< read the text to decide
  kNotScenario,  ///< the first value is a sequence, or a mapping with a top-level `kind`
};

/// Looks at `text`, which may be cut anywhere (the first bytes of a file).
ScenarioHint JsonScenarioHint(std::string_view text);

/// Tells from the top level of a JSON text whether it is a scenario: an object with no `kind` and one of the
/// keys `keys`. Returns false when simdjson cannot read the text (the caller then asks the exact reader);
/// otherwise sets `is_scenario`.
bool JsonTopLevelIsScenario(const std::string& text, const std::vector<const char*>& keys, bool& is_scenario);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_JSON_FAST_H_
