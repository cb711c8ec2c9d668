// "Did you mean" suggestions for unknown names.
#ifndef KREACH_SIM_MODEL_SUGGEST_H_
#define KREACH_SIM_MODEL_SUGGEST_H_

#include <string>
#include <string_view>
#include <vector>

namespace kreach {

/// Levenshtein distance between two strings.
int EditDistance(std::string_view a, std::string_view b);

/// The candidate closest to `name`, if it is close enough to be a plausible typo: edit distance at most
/// (longer length / 3) + 1, and never more than 3 (so a swapped pair of letters, "shpo" for "shop", is found);
/// "" otherwise. Ties go to the first candidate in order.
std::string SuggestClosest(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_SUGGEST_H_
