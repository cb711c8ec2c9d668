// Engine settings: the [impl] switches of the semantics reference. Tests build these directly.
#ifndef KREACH_SIM_MODEL_OPTIONS_H_
#define KREACH_SIM_MODEL_OPTIONS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kreach {

/// Each field is one [impl] rule of ../shared/reference/semantics.md; the default is its canonical choice.
/// The scenario key (`cluster.options.<key>`) and CLI flag (`--option key=value`) are listed in kOptionTable.
struct PolicyOptions {
  /// NP-14: ipBlock peers match pod IPs too (upstream conformance). false = only non-pod IPs (Cilium,
  /// netpol-analyzer).
  bool ip_block_matches_pods = true;
  /// NP-20: a named port in an egress rule never matches a non-pod destination (false, canonical: there is no
  /// pod to resolve the name on). true = such a port entry matches every port of its protocol.
  bool named_port_matches_external = false;
  /// NP-8: egress from a pod to its own node's IP is exempt from egress policy (false = subject to egress rules,
  /// canonical).
  bool egress_to_own_node_exempt = false;
  /// NP-8(a): ingress from the destination pod's own node is always allowed (true, canonical).
  bool ingress_from_own_node_exempt = true;
  /// NP-17: hostNetwork pods are ignored by selectors and treated as their node's IP (true, canonical).
  /// false = they are selectable like normal pods.
  bool host_network_is_node = true;
  /// P-4: ICMP to/from an isolated pod is allowed only by a rule with no `ports` (true, canonical);
  /// false = ICMP is never filtered.
  bool icmp_needs_portless_rule = true;
  /// NP-24: SNAT to the destination pod's own node counts as "from own node" (true, canonical).
  bool snat_from_own_node_exempt = true;
  /// SVC-6: a packet to a ClusterIP on a port the Service does not define is dropped (false, canonical: iptables
  /// captures only its ports); true = refused (IPVS mode).
  bool unknown_vip_port_refused = false;
  /// ING-5: pathType ImplementationSpecific matches like Prefix (false, canonical); true = like Exact.
  bool implementation_specific_is_exact = false;
  /// ING-4: the most specific matching Ingress host picks the server before paths compete, as nginx's server_name
  /// (true, canonical); false = every rule whose host and path both match competes (Gateway API style).
  bool ingress_host_first = true;
};

/// One row of the switch table: scenario key, canonical value, what it selects (for docs and --help).
struct OptionInfo {
  const char* key;   ///< camelCase scenario key, e.g. "ipBlockMatchesPods"
  const char* rule;  ///< "NP-14"
  const char* help;
};

/// All switches, sorted by key.
const std::vector<OptionInfo>& OptionTable();

/// Sets one switch by its scenario key. Returns false with `error` for an unknown key, with a "did you mean"
/// suggestion.
bool SetOption(PolicyOptions& options, std::string_view key, bool value, std::string* error);
/// Current value of a switch by key; nullopt for an unknown key.
std::optional<bool> GetOption(const PolicyOptions& options, std::string_view key);

/// The preset that reproduces np-guard/netpol-analyzer's conventions (used by `kreach list` by default).
PolicyOptions NetpolAnalyzerCompat();

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_OPTIONS_H_
