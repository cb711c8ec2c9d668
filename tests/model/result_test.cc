#include "sim/model/result.h"

#include <catch2/catch.hpp>
#include <cstddef>
#include <iterator>
#include <string>

namespace kreach {
namespace {

TEST_CASE("Result: every Result names itself and parses back, in exact case only", "[model][enum]") {
  const Result kAll[] = {Result::kAllow, Result::kDeny, Result::kPartial};
  const char* const kNames[] = {"allow", "deny", "partial"};
  for (std::size_t i = 0; i < std::size(kAll); ++i) {
    INFO(kNames[i]);
    CHECK(std::string(ResultName(kAll[i])) == kNames[i]);
    CHECK(ParseResult(kNames[i]) == kAll[i]);
  }
  CHECK_FALSE(ParseResult("Allow").has_value());
  CHECK_FALSE(ParseResult("DENY").has_value());
  CHECK_FALSE(ParseResult("").has_value());
  CHECK_FALSE(ParseResult("allowed").has_value());
  CHECK_FALSE(ParseResult("denied").has_value());
}

}  // namespace
}  // namespace kreach
