#include "sim/model/pod_phase.h"

#include <catch2/catch.hpp>
#include <cstddef>
#include <iterator>
#include <string>

namespace kreach {
namespace {

TEST_CASE("PodPhase: every PodPhase names itself and parses back, in exact case only", "[model][enum]") {
  const PodPhase kAll[] = {PodPhase::kPending, PodPhase::kRunning, PodPhase::kSucceeded, PodPhase::kFailed,
                           PodPhase::kUnknown};
  const char* const kNames[] = {"Pending", "Running", "Succeeded", "Failed", "Unknown"};
  for (std::size_t i = 0; i < std::size(kAll); ++i) {
    INFO(kNames[i]);
    CHECK(std::string(PodPhaseName(kAll[i])) == kNames[i]);
    CHECK(ParsePodPhase(kNames[i]) == kAll[i]);
  }
  CHECK_FALSE(ParsePodPhase("running").has_value());
  CHECK_FALSE(ParsePodPhase("RUNNING").has_value());
  CHECK_FALSE(ParsePodPhase("").has_value());
  CHECK_FALSE(ParsePodPhase("Terminating").has_value());
  CHECK_FALSE(ParsePodPhase("Completed").has_value());
}

TEST_CASE("PodPhase: only Succeeded and Failed have ended", "[model][enum]") {
  CHECK(Ended(PodPhase::kSucceeded));
  CHECK(Ended(PodPhase::kFailed));
  CHECK_FALSE(Ended(PodPhase::kPending));
  CHECK_FALSE(Ended(PodPhase::kRunning));
  CHECK_FALSE(Ended(PodPhase::kUnknown));
}

}  // namespace
}  // namespace kreach
