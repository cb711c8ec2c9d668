#include "tests/support/reference_evaluator.h"

#include <cstdint>
#include <string>

namespace kreach {
namespace testing {

namespace {

// metav1.LabelSelector: every matchLabels pair AND every matchExpressions requirement.
bool SelectorMatches(const LabelSelector& selector, const Labels& labels) {
  for (const auto& [key, value] : selector.match_labels) {
    auto it = labels.find(key);
    if (it == labels.end() || it->second != value) return false;
  }
  for (const LabelRequirement& r : selector.match_expressions) {
    auto it = labels.find(r.key);
    bool has = it != labels.end();
    bool listed = false;
    for (const std::string& v : r.values) listed = listed || (has && it->second == v);
    switch (r.op) {
      case LabelRequirement::Op::kIn:
        if (!(has && listed)) return false;
        break;
      case LabelRequirement::Op::kNotIn:
        if (has && listed) return false;
        break;
      case LabelRequirement::Op::kExists:
        if (!has) return false;
        break;
      case LabelRequirement::Op::kDoesNotExist:
        if (has) return false;
        break;
    }
  }
  return true;
}

// An address is inside a CIDR iff its first `prefix` bits equal those of the block, compared bit by bit.
bool InsideCidr(Ipv4 ip, const Cidr& cidr) {
  for (int bit = 0; bit < cidr.prefix; ++bit) {
    std::uint32_t mask = std::uint32_t{1} << (31 - bit);
    if ((ip & mask) != (cidr.base & mask)) return false;
  }
  return true;
}

// NP-17: under the canonical model a hostNetwork pod is not a pod for NetworkPolicy, only its node's address.
bool IsPolicyPod(const PolicyOptions& options, const Peer& end) {
  if (end.pod == nullptr) return false;
  return !(end.pod->host_network && options.host_network_is_node);
}

bool IsAddressOfNode(const Cluster& cluster, const std::string& node_name, Ipv4 ip) {
  for (const Node& node : cluster.nodes) {
    if (node.name != node_name) continue;
    for (Ipv4 address : node.addresses) {
      if (address == ip) return true;
    }
  }
  return false;
}

const Labels* NamespaceLabels(const Cluster& cluster, const std::string& name) {
  for (const Namespace& ns : cluster.namespaces) {
    if (ns.name == name) return &ns.labels;
  }
  return nullptr;
}

// Does one `from`/`to` item of `policy` match the remote end `other`?
bool PeerMatches(const Cluster& cluster, const PolicyOptions& options, const NetworkPolicy& policy,
                 const PolicyPeer& peer, const Peer& other) {
  if (peer.ip_block) {
    // NP-14: inside cidr ...
    if (!InsideCidr(other.ip, peer.ip_block->cidr)) return false;
    // ... and outside every except (NP-15's union happens across peers, rules and policies, not here).
    for (const Cidr& except : peer.ip_block->except) {
      if (InsideCidr(other.ip, except)) return false;
    }
    // NP-14 switch: a pod's IP matches only when ipBlock matches pods.
    if (IsPolicyPod(options, other) && !options.ip_block_matches_pods) return false;
    return true;
  }
  // NP-13 + NP-17: pod and namespace selectors match pods only (never nodes, external hosts, or hostNetwork
  // pods under the canonical model).
  if (!IsPolicyPod(options, other)) return false;
  const Pod& pod = *other.pod;
  if (peer.namespace_selector) {
    // NP-11 + NP-16: the pod's namespace labels (with kubernetes.io/metadata.name) match.
    const Labels* ns_labels = NamespaceLabels(cluster, pod.ns);
    if (ns_labels == nullptr || !SelectorMatches(*peer.namespace_selector, *ns_labels)) return false;
  } else {
    // NP-10: podSelector alone means the policy's own namespace.
    if (pod.ns != policy.ns) return false;
  }
  // NP-12: with both selectors, the pod selector must match too (AND); absent means every pod.
  if (peer.pod_selector && !SelectorMatches(*peer.pod_selector, pod.labels)) return false;
  return true;
}

// Does one port entry match the packet's destination protocol/port, going to `dst`?
bool PortMatches(const PolicyOptions& options, const PolicyPort& entry, const Peer& dst, Protocol protocol, int port) {
  // NP-18 (protocol defaulted to TCP by the loader) and NP-21 (SCTP/TCP/UDP are distinct).
  if (entry.protocol != protocol) return false;
  // NP-18: no port = every port of the protocol.
  if (!entry.has_port) return true;
  if (!entry.port_name.empty()) {
    // NP-20: resolved on the destination pod: a container port with that name, the same protocol, and a
    // containerPort equal to the packet's port.
    if (IsPolicyPod(options, dst)) {
      for (const ContainerPort& cp : dst.pod->ports) {
        if (cp.name == entry.port_name && cp.protocol == protocol && cp.port == port) return true;
      }
      return false;
    }
    // NP-20 switch: towards a non-pod address a named port matches nothing (canonical), or every port.
    return options.named_port_matches_external;
  }
  // NP-19: a single port, or the inclusive range port..endPort.
  if (entry.end_port == 0) return port == entry.port;
  return entry.port <= port && port <= entry.end_port;
}

// NP-7: a rule matches iff (a peer matches, or there are no peers) AND (a port matches, or there are no ports).
bool RuleMatches(const Cluster& cluster, const PolicyOptions& options, const NetworkPolicy& policy,
                 const PolicyRule& rule, const Peer& other, const Peer& dst, Protocol protocol, int port) {
  bool peer_ok = rule.peers.empty();
  for (const PolicyPeer& peer : rule.peers) peer_ok = peer_ok || PeerMatches(cluster, options, policy, peer, other);
  if (!peer_ok) return false;
  // P-4 (canonical): ICMP passes only a rule without ports.
  if (protocol == Protocol::kIcmp) return rule.ports.empty();
  bool port_ok = rule.ports.empty();
  for (const PolicyPort& entry : rule.ports) port_ok = port_ok || PortMatches(options, entry, dst, protocol, port);
  return port_ok;
}

}  // namespace

std::vector<const NetworkPolicy*> ReferenceSelecting(const Cluster& cluster, const PolicyOptions& options,
                                                     const Pod& pod, Direction direction) {
  std::vector<const NetworkPolicy*> out;
  // NP-17: hostNetwork pods are ignored by spec.podSelector under the canonical model.
  if (pod.host_network && options.host_network_is_node) return out;
  for (const NetworkPolicy& policy : cluster.network_policies) {
    // NP-1: subjects are pods of the policy's own namespace matching spec.podSelector ({} = all).
    if (policy.ns != pod.ns) continue;
    if (!SelectorMatches(policy.pod_selector, pod.labels)) continue;
    // NP-3/NP-4 (with NP-2's defaulting already applied by the loader): only the directions in policyTypes.
    bool has_type = direction == Direction::kIngress ? policy.ingress_type : policy.egress_type;
    if (has_type) out.push_back(&policy);
  }
  return out;
}

std::vector<const Pod*> ReferenceSubjects(const Cluster& cluster, const PolicyOptions& options,
                                          const NetworkPolicy& policy) {
  std::vector<const Pod*> out;
  for (const Pod& pod : cluster.pods) {
    // NP-17: hostNetwork pods are never subjects under the canonical model.
    if (pod.host_network && options.host_network_is_node) continue;
    // NP-1: the policy's own namespace, matching spec.podSelector.
    if (pod.ns == policy.ns && SelectorMatches(policy.pod_selector, pod.labels)) out.push_back(&pod);
  }
  return out;
}

std::vector<const Pod*> ReferencePeerPods(const Cluster& cluster, const PolicyOptions& options,
                                          const NetworkPolicy& policy, const PolicyPeer& peer) {
  std::vector<const Pod*> out;
  for (const Pod& pod : cluster.pods) {
    if (PeerMatches(cluster, options, policy, peer, Peer::OfPod(pod))) out.push_back(&pod);
  }
  return out;
}

std::vector<ReferenceRule> ReferenceAllowingRules(const Cluster& cluster, const PolicyOptions& options,
                                                  Direction direction, const Peer& src, const Peer& dst,
                                                  Protocol protocol, int port) {
  std::vector<ReferenceRule> out;
  const bool ingress = direction == Direction::kIngress;
  const Peer& self = ingress ? dst : src;
  const Peer& other = ingress ? src : dst;
  if (!IsPolicyPod(options, self)) return out;  // P-3
  for (const NetworkPolicy* policy : ReferenceSelecting(cluster, options, *self.pod, direction)) {
    const std::vector<PolicyRule>& rules = ingress ? policy->ingress : policy->egress;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      if (RuleMatches(cluster, options, *policy, rules[i], other, dst, protocol, port)) {
        out.push_back(ReferenceRule{policy, static_cast<int>(i)});
      }
    }
  }
  return out;
}

bool ReferenceIsolated(const Cluster& cluster, const PolicyOptions& options, const Pod& pod, Direction direction) {
  return !ReferenceSelecting(cluster, options, pod, direction).empty();
}

bool ReferenceDirectionAllows(const Cluster& cluster, const PolicyOptions& options, Direction direction,
                              const Peer& src, const Peer& dst, Protocol protocol, int port) {
  const bool ingress = direction == Direction::kIngress;
  const Peer& self = ingress ? dst : src;   // the pod whose policies apply
  const Peer& other = ingress ? src : dst;  // the remote end the rules' peers must match
  // P-3: a node, external address or (NP-17) hostNetwork pod has no policy of its own.
  if (!IsPolicyPod(options, self)) return true;
  // NP-8(b): a pod can always reach itself.
  if (src.pod != nullptr && src.pod == dst.pod) return true;
  // NP-8(a): ingress from the pod's own node; egress to the own node only with that [impl] switch.
  if (!IsPolicyPod(options, other) && IsAddressOfNode(cluster, self.pod->node, other.ip)) {
    if (ingress && options.ingress_from_own_node_exempt) return true;
    if (!ingress && options.egress_to_own_node_exempt) return true;
  }
  // NP-3: not isolated in this direction → everything is allowed.
  std::vector<const NetworkPolicy*> selecting = ReferenceSelecting(cluster, options, *self.pod, direction);
  if (selecting.empty()) return true;
  // P-4 switch off: ICMP is never filtered.
  if (protocol == Protocol::kIcmp && !options.icmp_needs_portless_rule) return true;
  // NP-5: the union of every rule of every isolating policy for this direction (NP-6: no rules = nothing).
  for (const NetworkPolicy* policy : selecting) {
    const std::vector<PolicyRule>& rules = ingress ? policy->ingress : policy->egress;
    for (const PolicyRule& rule : rules) {
      if (RuleMatches(cluster, options, *policy, rule, other, dst, protocol, port)) return true;
    }
  }
  return false;
}

bool ReferenceAllows(const Cluster& cluster, const PolicyOptions& options, const Peer& src, const Peer& dst,
                     Protocol protocol, int port) {
  // P-1(c): the source's egress AND the destination's ingress must both allow.
  return ReferenceDirectionAllows(cluster, options, Direction::kEgress, src, dst, protocol, port) &&
         ReferenceDirectionAllows(cluster, options, Direction::kIngress, src, dst, protocol, port);
}

std::string ReferencePeerText(const Peer& peer) {
  if (peer.pod == nullptr) return FormatIpv4(peer.ip);
  std::string text = peer.pod->Key();
  if (peer.pod->host_network) text += " (hostNetwork " + FormatIpv4(peer.ip) + ")";
  return text;
}

}  // namespace testing
}  // namespace kreach
