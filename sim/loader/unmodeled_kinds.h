// Kinds that filter or route traffic but that kreach does not model (yet): other policy languages, service
// meshes, the Gateway API. Skipping one changes answers, so the loader warns about each, per kind, with the
// consequence. Loader-internal.
#ifndef KREACH_SIM_LOADER_UNMODELED_KINDS_H_
#define KREACH_SIM_LOADER_UNMODELED_KINDS_H_

#include <string_view>

namespace kreach {

/// What skipping an object of a traffic kind does to kreach's answers.
enum class UnmodeledEffect : unsigned char {
  kFilters,  ///< a policy: traffic it filters is reported as allowed
  kRoutes,   ///< a route or gateway: requests it would route are not modelled
};

/// The effect of skipping an object of `kind` in `api_version`, when it is a kind that filters or routes
/// traffic; false for any other kind. Beside the kinds kreach knows by name, any kind whose name contains
/// "NetworkPolicy" counts as a policy, whatever its group.
bool IsUnmodeledTrafficKind(std::string_view api_version, std::string_view kind, UnmodeledEffect* effect);

/// "traffic they filter is reported as allowed", ... as the summary warning says it (`one`: of one object).
const char* DescribeEffect(UnmodeledEffect effect, bool one);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_UNMODELED_KINDS_H_
