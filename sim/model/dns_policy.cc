#include "sim/model/dns_policy.h"

namespace kreach {

std::optional<DnsPolicy> ParseDnsPolicy(std::string_view text) {
  if (text == "ClusterFirst") return DnsPolicy::kClusterFirst;
  if (text == "ClusterFirstWithHostNet") return DnsPolicy::kClusterFirstWithHostNet;
  if (text == "Default") return DnsPolicy::kDefault;
  if (text == "None") return DnsPolicy::kNone;
  return std::nullopt;
}

const char* DnsPolicyName(DnsPolicy p) {
  switch (p) {
    case DnsPolicy::kClusterFirst: return "ClusterFirst";
    case DnsPolicy::kClusterFirstWithHostNet: return "ClusterFirstWithHostNet";
    case DnsPolicy::kDefault: return "Default";
    case DnsPolicy::kNone: return "None";
  }
  return "?";
}

}  // namespace kreach
