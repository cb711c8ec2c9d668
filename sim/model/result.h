// The answer to a connection question, pair by pair summed up: allow, deny or partial.
#ifndef KREACH_SIM_MODEL_RESULT_H_
#define KREACH_SIM_MODEL_RESULT_H_

#include <optional>
#include <string_view>

namespace kreach {

/// allow: every pair allowed; deny: none; partial: some. Computed by sim/net, expected by scenario files.
enum class Result { kAllow, kDeny, kPartial };

/// "allow" → kAllow, exact lower case as scenario files write it; anything else is nullopt.
std::optional<Result> ParseResult(std::string_view text);
const char* ResultName(Result r);  ///< "allow", "deny", "partial"

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_RESULT_H_
