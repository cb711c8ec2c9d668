#include "sim/model/path_type.h"

namespace kreach {

std::optional<PathType> ParsePathType(std::string_view text) {
  if (text == "Exact") return PathType::kExact;
  if (text == "Prefix") return PathType::kPrefix;
  if (text == "ImplementationSpecific") return PathType::kImplementationSpecific;
  return std::nullopt;
}

const char* PathTypeName(PathType t) {
  switch (t) {
    case PathType::kExact: return "Exact";
    case PathType::kPrefix: return "Prefix";
    case PathType::kImplementationSpecific: return "ImplementationSpecific";
  }
  return "?";
}

}  // namespace kreach
