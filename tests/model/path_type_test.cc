#include "sim/model/path_type.h"

#include <catch2/catch.hpp>
#include <cstddef>
#include <iterator>
#include <string>

namespace kreach {
namespace {

TEST_CASE("PathType: every PathType names itself and parses back, in exact case only", "[model][enum]") {
  const PathType kAll[] = {PathType::kExact, PathType::kPrefix, PathType::kImplementationSpecific};
  const char* const kNames[] = {"Exact", "Prefix", "ImplementationSpecific"};
  for (std::size_t i = 0; i < std::size(kAll); ++i) {
    INFO(kNames[i]);
    CHECK(std::string(PathTypeName(kAll[i])) == kNames[i]);
    CHECK(ParsePathType(kNames[i]) == kAll[i]);
  }
  CHECK_FALSE(ParsePathType("exact").has_value());
  CHECK_FALSE(ParsePathType("prefix").has_value());
  CHECK_FALSE(ParsePathType("").has_value());
  CHECK_FALSE(ParsePathType("Regex").has_value());
  CHECK_FALSE(ParsePathType("implementationSpecific").has_value());
}

}  // namespace
}  // namespace kreach
