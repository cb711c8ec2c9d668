// A Service's closed vocabularies: its type, its traffic policies and its session affinity.
#ifndef KREACH_SIM_MODEL_SERVICE_TYPE_H_
#define KREACH_SIM_MODEL_SERVICE_TYPE_H_

#include <optional>
#include <string_view>

namespace kreach {

/// spec.type. Each type is reachable the ways the ones before it are, plus its own (ExternalName is only a DNS
/// alias).
enum class ServiceType { kClusterIP, kNodePort, kLoadBalancer, kExternalName };

/// "ClusterIP" → kClusterIP, exact case as the API requires; anything else is nullopt.
std::optional<ServiceType> ParseServiceType(std::string_view text);
const char* ServiceTypeName(ServiceType t);

/// spec.externalTrafficPolicy and spec.internalTrafficPolicy: Local keeps traffic on the receiving node's
/// endpoints.
enum class TrafficPolicy { kCluster, kLocal };

/// "Cluster" or "Local", exact case.
std::optional<TrafficPolicy> ParseTrafficPolicy(std::string_view text);
const char* TrafficPolicyName(TrafficPolicy p);

/// spec.sessionAffinity.
enum class SessionAffinity { kNone, kClientIP };

/// "None" or "ClientIP", exact case.
std::optional<SessionAffinity> ParseSessionAffinity(std::string_view text);
const char* SessionAffinityName(SessionAffinity a);

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_SERVICE_TYPE_H_
