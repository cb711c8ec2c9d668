#include "sim/model/service_type.h"

namespace kreach {

std::optional<ServiceType> ParseServiceType(std::string_view text) {
  if (text == "ClusterIP") return ServiceType::kClusterIP;
  if (text == "NodePort") return ServiceType::kNodePort;
  if (text == "LoadBalancer") return ServiceType::kLoadBalancer;
  if (text == "ExternalName") return ServiceType::kExternalName;
  return std::nullopt;
}

const char* ServiceTypeName(ServiceType t) {
  switch (t) {
    case ServiceType::kClusterIP: return "ClusterIP";
    case ServiceType::kNodePort: return "NodePort";
    case ServiceType::kLoadBalancer: return "LoadBalancer";
    case ServiceType::kExternalName: return "ExternalName";
  }
  return "?";
}

std::optional<TrafficPolicy> ParseTrafficPolicy(std::string_view text) {
  if (text == "Cluster") return TrafficPolicy::kCluster;
  if (text == "Local") return TrafficPolicy::kLocal;
  return std::nullopt;
}

const char* TrafficPolicyName(TrafficPolicy p) {
  switch (p) {
    case TrafficPolicy::kCluster: return "Cluster";
    case TrafficPolicy::kLocal: return "Local";
  }
  return "?";
}

std::optional<SessionAffinity> ParseSessionAffinity(std::string_view text) {
  if (text == "None") return SessionAffinity::kNone;
  if (text == "ClientIP") return SessionAffinity::kClientIP;
  return std::nullopt;
}

const char* SessionAffinityName(SessionAffinity a) {
  switch (a) {
    case SessionAffinity::kNone: return "None";
    case SessionAffinity::kClientIP: return "ClientIP";
  }
  return "?";
}

}  // namespace kreach
