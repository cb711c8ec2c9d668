// A pod's spec.dnsPolicy.
#ifndef KREACH_SIM_MODEL_DNS_POLICY_H_
#define KREACH_SIM_MODEL_DNS_POLICY_H_

#include <optional>
#include <string_view>

namespace kreach {

/// Which resolver the pod uses (DNS-6): the cluster DNS for ClusterFirst (unless hostNetwork) and
/// ClusterFirstWithHostNet; the node's for Default; only its dnsConfig (not modelled) for None.
enum class DnsPolicy { kClusterFirst, kClusterFirstWithHostNet, kDefault, kNone };

/// "ClusterFirst" → kClusterFirst, exact case as the API requires; anything else is nullopt.
std::optional<DnsPolicy> ParseDnsPolicy(std::string_view text);
const char* DnsPolicyName(DnsPolicy p);

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_DNS_POLICY_H_
