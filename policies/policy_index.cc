#include "policies/policy_index.h"

#include <algorithm>

namespace kreach {

PolicyIndex::PolicyIndex(const Cluster& cluster, const PolicyOptions& options)
    : cluster_(cluster), options_(options), reach_(ReachabilityMatrix::Compute(cluster, options)) {
  policies_.reserve(cluster.network_policies.size());
  for (std::size_t p = 0; p < cluster.network_policies.size(); ++p) {
    const NetworkPolicy& policy = cluster.network_policies[p];
    const ReachabilityMatrix::PolicyPeers& peers = reach_->policy_peers()[p];
    CompiledPolicy compiled;
    compiled.policy = &policy;
    compiled.subjects = &reach_->subject_sets()[peers.subjects];
    for (std::size_t r = 0; r < policy.ingress.size(); ++r)
      compiled.ingress.push_back(Compile(policy.ingress[r], peers.ingress[r]));
    for (std::size_t r = 0; r < policy.egress.size(); ++r)
      compiled.egress.push_back(Compile(policy.egress[r], peers.egress[r]));
    policies_.push_back(std::move(compiled));
  }
}

CompiledRule PolicyIndex::Compile(const PolicyRule& rule, const std::vector<std::uint32_t>& peer_ids) const {
  CompiledRule out;
  out.rule = &rule;
  out.any_peer = rule.peers.empty();
  for (std::size_t k = 0; k < rule.peers.size(); ++k) {
    CompiledPeer cp;
    cp.peer = &rule.peers[k];
    cp.classes = &reach_->peers()[peer_ids[k]];
    if (rule.peers[k].ip_block) cp.block = *rule.peers[k].ip_block;
    out.peers.push_back(std::move(cp));
  }
  out.portless = rule.ports.empty();
  if (out.portless) {
    out.fixed = ConnSet::All();
  } else {
    for (const PolicyPort& entry : rule.ports) {
      if (!entry.has_port) {
        out.fixed.AddAllPorts(entry.protocol);  // NP-18
      } else if (entry.port_name.empty()) {
        out.fixed.Add(entry.protocol, entry.port, entry.end_port > 0 ? entry.end_port : entry.port);  // NP-19
      } else {
        out.named.push_back(&entry);  // NP-20
      }
    }
  }
  return out;
}

std::vector<std::size_t> PolicyIndex::PodsOf(const ClassSet& classes) const {
  std::vector<std::size_t> out;
  const std::vector<ReachClass>& all = reach_->classes().classes();
  classes.ForEach([&](std::uint32_t k) { out.insert(out.end(), all[k].pods.begin(), all[k].pods.end()); });
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<std::size_t> PolicyIndex::PodIndex(const Pod* pod) const {
  if (pod == nullptr) return std::nullopt;
  const Pod* begin = cluster_.pods.data();
  if (!cluster_.pods.empty() && pod >= begin && pod < begin + cluster_.pods.size()) {
    return static_cast<std::size_t>(pod - begin);
  }
  const Pod* same = cluster_.FindPod(pod->ns, pod->name);
  if (same == nullptr) return std::nullopt;
  return static_cast<std::size_t>(same - begin);
}

bool PolicyIndex::IsPolicyPod(const Peer& end) const {
  return end.pod != nullptr && !(end.pod->host_network && options_.host_network_is_node);
}

const CompiledPolicy* PolicyIndex::Find(const NetworkPolicy& policy) const {
  const NetworkPolicy* begin = cluster_.network_policies.data();
  if (cluster_.network_policies.empty() || &policy < begin || &policy >= begin + cluster_.network_policies.size()) {
    return nullptr;
  }
  return &policies_[static_cast<std::size_t>(&policy - begin)];
}

bool PolicyIndex::SelectorsMatch(const NetworkPolicy& policy, const PolicyPeer& peer, const Pod& pod) const {
  if (peer.namespace_selector) {
    const Namespace* ns = cluster_.FindNamespace(pod.ns);
    if (ns == nullptr || !peer.namespace_selector->Matches(ns->labels)) return false;
  } else if (pod.ns != policy.ns) {
    return false;
  }
  return !peer.pod_selector || peer.pod_selector->Matches(pod.labels);
}

bool PolicyIndex::PeerMatches(const CompiledPolicy& policy, const CompiledPeer& peer, const Peer& other) const {
  if (IsPolicyPod(other)) {
    if (std::optional<std::size_t> index = PodIndex(other.pod)) {
      // Peers match policy pods only (their classes are policy-pod classes, NP-13, NP-17).
      return peer.classes->Contains(static_cast<std::uint32_t>(reach_->ClassOf(*index)));
    }
    // A pod outside the cluster: match it the slow way.
    if (peer.block) return options_.ip_block_matches_pods && peer.block->Contains(other.ip);
    return SelectorsMatch(*policy.policy, *peer.peer, *other.pod);
  }
  // NP-13, NP-17: selectors never match addresses; an ipBlock matches them literally (NP-14).
  return peer.block && peer.block->Contains(other.ip);
}

bool PolicyIndex::PeerMatches(const CompiledPolicy& policy, const CompiledRule& rule, const Peer& other) const {
  if (rule.any_peer) return true;
  for (const CompiledPeer& peer : rule.peers) {
    if (PeerMatches(policy, peer, other)) return true;
  }
  return false;
}

bool PolicyIndex::PortMatches(const CompiledRule& rule, const Peer& dst, Protocol protocol, int port) const {
  if (rule.portless) return true;
  if (protocol == Protocol::kIcmp) return false;  // P-4: only a rule without ports admits ICMP
  if (rule.fixed.Contains(protocol, port)) return true;
  for (const PolicyPort* entry : rule.named) {
    if (entry->protocol != protocol) continue;
    if (!IsPolicyPod(dst)) {
      if (options_.named_port_matches_external) return true;  // NP-20 switch
      continue;
    }
    for (const ContainerPort& cp : dst.pod->ports) {
      if (cp.name == entry->port_name && cp.protocol == protocol && cp.port == port) return true;
    }
  }
  return false;
}

ConnSet PolicyIndex::RulePorts(const CompiledRule& rule, const Peer& dst) const {
  ConnSet out = rule.fixed;
  for (const PolicyPort* entry : rule.named) {
    if (!IsPolicyPod(dst)) {
      if (options_.named_port_matches_external) out.AddAllPorts(entry->protocol);
      continue;
    }
    for (const ContainerPort& cp : dst.pod->ports) {
      if (cp.name == entry->port_name && cp.protocol == entry->protocol) out.Add(cp.protocol, cp.port, cp.port);
    }
  }
  return out;
}

bool PolicyIndex::IsOwnNode(const Pod& pod, Ipv4 address) const {
  const Node* node = cluster_.FindNode(pod.node);
  if (node == nullptr) return false;
  return std::find(node->addresses.begin(), node->addresses.end(), address) != node->addresses.end();
}

}  // namespace kreach
