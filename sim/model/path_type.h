// An Ingress path's pathType.
#ifndef KREACH_SIM_MODEL_PATH_TYPE_H_
#define KREACH_SIM_MODEL_PATH_TYPE_H_

#include <optional>
#include <string_view>

namespace kreach {

/// How an Ingress path matches a request path: whole path, by path elements, or as the controller decides.
enum class PathType { kExact, kPrefix, kImplementationSpecific };

/// "Prefix" → kPrefix, exact case as the API requires; anything else is nullopt.
std::optional<PathType> ParsePathType(std::string_view text);
const char* PathTypeName(PathType t);

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_PATH_TYPE_H_
