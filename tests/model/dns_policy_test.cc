#include "sim/model/dns_policy.h"

#include <catch2/catch.hpp>
#include <cstddef>
#include <iterator>
#include <string>

namespace kreach {
namespace {

TEST_CASE("DnsPolicy: every DnsPolicy names itself and parses back, in exact case only", "[model][enum]") {
  const DnsPolicy kAll[] = {DnsPolicy::kClusterFirst, DnsPolicy::kClusterFirstWithHostNet, DnsPolicy::kDefault,
                            DnsPolicy::kNone};
  const char* const kNames[] = {"ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"};
  for (std::size_t i = 0; i < std::size(kAll); ++i) {
    INFO(kNames[i]);
    CHECK(std::string(DnsPolicyName(kAll[i])) == kNames[i]);
    CHECK(ParseDnsPolicy(kNames[i]) == kAll[i]);
  }
  CHECK_FALSE(ParseDnsPolicy("clusterfirst").has_value());
  CHECK_FALSE(ParseDnsPolicy("default").has_value());
  CHECK_FALSE(ParseDnsPolicy("").has_value());
  CHECK_FALSE(ParseDnsPolicy("ClusterFirstWithHostNetwork").has_value());
  CHECK_FALSE(ParseDnsPolicy("Foo").has_value());
}

}  // namespace
}  // namespace kreach
