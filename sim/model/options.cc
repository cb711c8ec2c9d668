#include "sim/model/options.h"

#include <algorithm>

#include "sim/model/suggest.h"

namespace kreach {

namespace {

struct Switch {
  OptionInfo info;
  bool PolicyOptions::*field;
};

const std::vector<Switch>& Switches() {
  static const std::vector<Switch> kSwitches = {
      {{"egressToOwnNodeExempt", "NP-8",
        "egress from a pod to its own node's IP is always allowed (default false: egress rules apply)"},
       &PolicyOptions::egress_to_own_node_exempt},
      {{"hostNetworkIsNode", "NP-17",
        "hostNetwork pods are invisible to selectors and act as their node's IP (default true); false: they are "
        "selected like other pods"},
       &PolicyOptions::host_network_is_node},
      {{"icmpNeedsPortlessRule", "P-4",
        "ICMP to or from an isolated pod passes only a rule without ports (default true); false: ICMP is never "
        "filtered"},
       &PolicyOptions::icmp_needs_portless_rule},
      {{"implementationSpecificIsExact", "ING-5",
        "Ingress paths of pathType ImplementationSpecific match exactly (default false: they match like Prefix)"},
       &PolicyOptions::implementation_specific_is_exact},
      {{"ingressFromOwnNodeExempt", "NP-8",
        "ingress from the destination pod's own node is always allowed (default true, kubelet probes)"},
       &PolicyOptions::ingress_from_own_node_exempt},
      {{"ingressHostFirst", "ING-4",
        "the most specific matching Ingress host picks the server before paths are compared, as nginx does "
        "(default true); false: every rule whose host and path both match competes, ranked by host then path"},
       &PolicyOptions::ingress_host_first},
      {{"ipBlockMatchesPods", "NP-14",
        "ipBlock peers match pod IPs too (default true, as upstream conformance); false: only non-pod addresses, "
        "as Cilium and netpol-analyzer"},
       &PolicyOptions::ip_block_matches_pods},
      {{"namedPortMatchesExternal", "NP-20",
        "a named port in an egress rule matches every port of its protocol towards non-pod addresses (default "
        "false: it matches nothing there)"},
       &PolicyOptions::named_port_matches_external},
      {{"snatFromOwnNodeExempt", "NP-24",
        "traffic SNATed to the destination pod's own node counts as coming from that node (default true)"},
       &PolicyOptions::snat_from_own_node_exempt},
      {{"unknownVipPortRefused", "SVC-6",
        "a connection to a ClusterIP on a port the Service does not define is refused, as in IPVS mode (default "
        "false: dropped, as iptables captures only the Service's ports)"},
       &PolicyOptions::unknown_vip_port_refused},
  };
  return kSwitches;
}

const Switch* FindSwitch(std::string_view key) {
  for (const Switch& s : Switches()) {
    if (key == s.info.key) return &s;
  }
  return nullptr;
}

}  // namespace

const std::vector<OptionInfo>& OptionTable() {
  static const std::vector<OptionInfo> kTable = [] {
    std::vector<OptionInfo> table;
    for (const Switch& s : Switches()) table.push_back(s.info);
    return table;
  }();
  return kTable;
}

bool SetOption(PolicyOptions& options, std::string_view key, bool value, std::string* error) {
  const Switch* s = FindSwitch(key);
  if (s == nullptr) {
    std::vector<std::string> keys;
    for (const Switch& sw : Switches()) keys.push_back(sw.info.key);
    *error = "unknown option '" + std::string(key) + "'";
    std::string hint = SuggestClosest(key, keys);
    if (!hint.empty()) *error += " (did you mean '" + hint + "'?)";
    return false;
  }
  options.*(s->field) = value;
  return true;
}

std::optional<bool> GetOption(const PolicyOptions& options, std::string_view key) {
  const Switch* s = FindSwitch(key);
  if (s == nullptr) return std::nullopt;
  return options.*(s->field);
}

PolicyOptions NetpolAnalyzerCompat() {
  PolicyOptions options;
  options.ip_block_matches_pods = false;
  return options;
}

}  // namespace kreach
