#include "sim/model/outcome.h"

#include <catch2/catch.hpp>
#include <cstddef>
#include <iterator>
#include <string>

namespace kreach {
namespace {

TEST_CASE("Outcome: every Outcome names itself and parses back, in exact case only", "[model][enum]") {
  const Outcome kAll[] = {Outcome::kDelivered, Outcome::kDropped, Outcome::kRefused,
                          Outcome::kNxdomain,  Outcome::kHttp404, Outcome::kHttp503};
  const char* const kNames[] = {"delivered", "dropped", "refused", "nxdomain", "http-404", "http-503"};
  for (std::size_t i = 0; i < std::size(kAll); ++i) {
    INFO(kNames[i]);
    CHECK(std::string(OutcomeName(kAll[i])) == kNames[i]);
    CHECK(ParseOutcome(kNames[i]) == kAll[i]);
  }
  CHECK_FALSE(ParseOutcome("Delivered").has_value());
  CHECK_FALSE(ParseOutcome("NXDOMAIN").has_value());
  CHECK_FALSE(ParseOutcome("").has_value());
  CHECK_FALSE(ParseOutcome("http404").has_value());
  CHECK_FALSE(ParseOutcome("http-500").has_value());
  CHECK_FALSE(ParseOutcome("timeout").has_value());
}

}  // namespace
}  // namespace kreach
