#include "sim/net/own_node_switch.h"

namespace kreach {

namespace {

constexpr const char* kConceptPage =
    "Kubernetes concept page (kubernetes.io/docs/concepts/services-networking/network-policies/): \"traffic to and "
    "from the node where a Pod is running is always allowed, regardless of the IP address of the Pod or the node\"";
constexpr const char* kApiReference =
    "API reference (NetworkPolicySpec, networking.k8s.io/v1): ingress is allowed \"if the traffic source is the "
    "pod's local node\", and the egress field has no such clause; kreach's canonical rule NP-8 follows the API "
    "(docs/semantics.md, \"Traffic to the pod's own node\")";

bool OnlyTheExemption(const DirectionVerdict& v, const PolicyOptions& o) {
  bool icmp_unfiltered = v.protocol == Protocol::kIcmp && !o.icmp_needs_portless_rule;
  return v.allowed && v.reason == Reason::kOwnNode && !v.isolating.empty() && v.allowing.empty() && !icmp_unfiltered;
}

}  // namespace

std::string OwnNodeSwitch::Flag() const { return std::string("--option ") + key + "=" + (value ? "false" : "true"); }

std::optional<OwnNodeSwitch> DecidingOwnNodeSwitch(const DirectionVerdict& v, Direction d, const PolicyOptions& o,
                                                   bool snat) {
  if (!v.own_node) return std::nullopt;
  OwnNodeSwitch s;
  s.direction = d;
  s.allowed = v.allowed;
  bool denied_by_rules = !v.allowed && v.reason == Reason::kNoRuleAllows;
  if (d == Direction::kEgress) {
    s.key = "egressToOwnNodeExempt";
    s.rule = "NP-8";
    s.value = o.egress_to_own_node_exempt;
    if ((denied_by_rules && !s.value) || (OnlyTheExemption(v, o) && s.value)) return s;
    return std::nullopt;
  }
  if (OnlyTheExemption(v, o)) {
    s.key = "ingressFromOwnNodeExempt";
    s.rule = "NP-8(a)";
    s.value = true;
    s.via_snat = snat;
    return s;
  }
  if (!denied_by_rules) return std::nullopt;
  if (snat && o.ingress_from_own_node_exempt && !o.snat_from_own_node_exempt) {
    s.key = "snatFromOwnNodeExempt";
    s.rule = "NP-24";
    s.value = false;
    s.via_snat = true;
    return s;
  }
  if (o.ingress_from_own_node_exempt) return std::nullopt;
  s.key = "ingressFromOwnNodeExempt";
  s.rule = "NP-8(a)";
  s.value = false;
  return s;
}

const std::vector<std::string>& OwnNodeSources() {
  static const std::vector<std::string> kSources = {kConceptPage, kApiReference};
  return kSources;
}

std::string OwnNodeSwitchText(const OwnNodeSwitch& s, const DirectionVerdict& v) {
  const std::string node = FormatIpv4(v.other.ip) + " is the node of " + v.self.ToString();
  const std::string setting = std::string(s.key) + "=" + (s.value ? "true" : "false");
  const std::string flips = s.Flag() + " would " + (s.allowed ? "deny" : "allow") + " it";
  std::string decided;
  if (s.direction == Direction::kEgress) {
    decided = s.allowed
                  ? node + ": " + setting + " (" + s.rule +
                        ") allows egress to the pod's own node although no egress rule does; " + flips + " (canonical)"
                  : node + ": under " + setting + " (kreach's canonical " + s.rule +
                        ") egress to the pod's own node passes only an egress rule; " + flips;
  } else if (s.allowed) {
    decided = node + ": " + setting + " (" + s.rule + ", canonical) admits it although no ingress rule does; " + flips +
              (s.via_snat ? " (the packet comes from the node only because kube-proxy SNATed it: "
                            "--option snatFromOwnNodeExempt=false would deny it too, NP-24)"
                          : "");
  } else {
    decided = node + (s.via_snat ? ", the address kube-proxy SNATed the packet to" : "") + ": under " + setting + " (" +
              s.rule + ") ingress from the pod's own node passes only an ingress rule; " + flips + " (canonical)";
  }
  return decided;
}

}  // namespace kreach
