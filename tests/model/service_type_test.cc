#include "sim/model/service_type.h"

#include <catch2/catch.hpp>
#include <cstddef>
#include <iterator>
#include <string>

namespace kreach {
namespace {

TEST_CASE("ServiceType: every ServiceType names itself and parses back, in exact case only", "[model][enum]") {
  const ServiceType kAll[] = {ServiceType::kClusterIP, ServiceType::kNodePort, ServiceType::kLoadBalancer,
                              ServiceType::kExternalName};
  const char* const kNames[] = {"ClusterIP", "NodePort", "LoadBalancer", "ExternalName"};
  for (std::size_t i = 0; i < std::size(kAll); ++i) {
    INFO(kNames[i]);
    CHECK(std::string(ServiceTypeName(kAll[i])) == kNames[i]);
    CHECK(ParseServiceType(kNames[i]) == kAll[i]);
  }
  CHECK_FALSE(ParseServiceType("clusterip").has_value());
  CHECK_FALSE(ParseServiceType("CLUSTERIP").has_value());
  CHECK_FALSE(ParseServiceType("Headless").has_value());
  CHECK_FALSE(ParseServiceType("").has_value());
  CHECK_FALSE(ParseServiceType(" ClusterIP").has_value());
  CHECK_FALSE(ParseServiceType("ClusterIP ").has_value());
}

TEST_CASE("TrafficPolicy: every TrafficPolicy names itself and parses back, in exact case only", "[model][enum]") {
  const TrafficPolicy kAll[] = {TrafficPolicy::kCluster, TrafficPolicy::kLocal};
  const char* const kNames[] = {"Cluster", "Local"};
  for (std::size_t i = 0; i < std::size(kAll); ++i) {
    INFO(kNames[i]);
    CHECK(std::string(TrafficPolicyName(kAll[i])) == kNames[i]);
    CHECK(ParseTrafficPolicy(kNames[i]) == kAll[i]);
  }
  CHECK_FALSE(ParseTrafficPolicy("local").has_value());
  CHECK_FALSE(ParseTrafficPolicy("LOCAL").has_value());
  CHECK_FALSE(ParseTrafficPolicy("").has_value());
  CHECK_FALSE(ParseTrafficPolicy("Node").has_value());
}

TEST_CASE("SessionAffinity: every SessionAffinity names itself and parses back, in exact case only", "[model][enum]") {
  const SessionAffinity kAll[] = {SessionAffinity::kNone, SessionAffinity::kClientIP};
  const char* const kNames[] = {"None", "ClientIP"};
  for (std::size_t i = 0; i < std::size(kAll); ++i) {
    INFO(kNames[i]);
    CHECK(std::string(SessionAffinityName(kAll[i])) == kNames[i]);
    CHECK(ParseSessionAffinity(kNames[i]) == kAll[i]);
  }
  CHECK_FALSE(ParseSessionAffinity("none").has_value());
  CHECK_FALSE(ParseSessionAffinity("clientIP").has_value());
  CHECK_FALSE(ParseSessionAffinity("").has_value());
  CHECK_FALSE(ParseSessionAffinity("ClientIp").has_value());
}

}  // namespace
}  // namespace kreach
