// The fast JSON reader: simdjson for the common case of one well-formed value (a `kubectl get -o json` dump).
// Loader-internal.
#ifndef KREACH_SIM_LOADER_JSON_FAST_H_
#define KREACH_SIM_LOADER_JSON_FAST_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kreach {

/// Reads `text`, which must hold exactly one JSON value (surrounding whitespace allowed), into `out` with
/// simdjson, under the limits the exact reader enforces (nesting at most `max_depth`, unique keys), dropping
/// what kreach never reads: `metadata.managedFields` and the last-applied-configuration annotation. Non-negative
/// integers are stored as signed when they fit, as the exact reader does. Items of a large top-level `items`
/// array are converted on two threads.
///
/// Returns false, leaving `out` unspecified and reporting nothing, whenever the text is anything else: a syntax
/// error, concatenated values, a duplicate key, too deep a nesting, a number simdjson cannot represent. The
/// caller then reads the text with the exact reader, which explains the problem with line and column.
bool ReadJsonValueFast(const std::string& text, int max_depth, nlohmann::json& out);

/// Tells from the top level of a JSON text, without building it, whether it is a scenario: an object with no
/// `kind` and one of the keys `keys`. Returns false when simdjson cannot read the text (the caller then asks the
/// exact reader); otherwise sets `is_scenario`.
bool JsonTopLevelIsScenario(const std::string& text, const std::vector<const char*>& keys, bool& is_scenario);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_JSON_FAST_H_
