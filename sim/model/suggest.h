// "Did you mean" suggestions for unknown names.
#ifndef KREACH_SIM_MODEL_SUGGEST_H_
#define KREACH_SIM_MODEL_SUGGEST_H_

#include <string>
#include <string_view>
#include <vector>

namespace kreach {

/// Levenshtein distance between two strings.
int EditDistance(std::string_view a, std::string_view b);

/// The candidate closest to `name`, if it is close enough to be a plausible typo (distance at most a third
/// of the longer length, and at most 3); "" otherwise. Ties go to the first candidate in order.
std::string SuggestClosest(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_SUGGEST_H_
