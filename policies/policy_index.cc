#include "policies/policy_index.h"

#include <algorithm>

namespace kreach {

PolicyIndex::PolicyIndex(const Cluster& cluster, const PolicyOptions& options)
    : cluster_(cluster), options_(options), pods_by_namespace_(cluster.namespaces.size()) {
  const std::size_t pod_count = cluster.pods.size();
  std::vector<bool> policy_pod(pod_count);
  for (std::size_t i = 0; i < pod_count; ++i) {
    const Pod& pod = cluster.pods[i];
    policy_pod[i] = !(pod.host_network && options.host_network_is_node);
    if (!policy_pod[i]) continue;  // NP-17: invisible to every selector
    const Namespace* ns = cluster.FindNamespace(pod.ns);
    if (ns != nullptr) pods_by_namespace_[static_cast<std::size_t>(ns - cluster.namespaces.data())].push_back(i);
  }
  auto namespace_pods = [this, &cluster](const std::string& name) -> const std::vector<std::size_t>* {
    const Namespace* ns = cluster.FindNamespace(name);
    return ns == nullptr ? nullptr : &pods_by_namespace_[static_cast<std::size_t>(ns - cluster.namespaces.data())];
  };

  policies_.reserve(cluster.network_policies.size());
  for (const NetworkPolicy& policy : cluster.network_policies) {
    CompiledPolicy compiled;
    compiled.policy = &policy;
    compiled.subjects = PodBits(pod_count);
    if (const std::vector<std::size_t>* pods = namespace_pods(policy.ns)) {
      for (std::size_t i : *pods) {
        if (!policy.pod_selector.Matches(cluster.pods[i].labels)) continue;
        compiled.subjects.Insert(i);
        compiled.subject_list.push_back(i);
      }
    }
    for (const PolicyRule& rule : policy.ingress) compiled.ingress.push_back(Compile(policy, rule));
    for (const PolicyRule& rule : policy.egress) compiled.egress.push_back(Compile(policy, rule));
    policies_.push_back(std::move(compiled));
  }
}

CompiledRule PolicyIndex::Compile(const NetworkPolicy& policy, const PolicyRule& rule) const {
  const std::size_t pod_count = cluster_.pods.size();
  CompiledRule out;
  out.rule = &rule;
  out.any_peer = rule.peers.empty();
  for (const PolicyPeer& peer : rule.peers) {
    CompiledPeer cp;
    cp.peer = &peer;
    cp.pods = PodBits(pod_count);
    if (peer.ip_block) {
      cp.block = *peer.ip_block;
      if (options_.ip_block_matches_pods) {  // NP-14
        for (std::size_t i = 0; i < pod_count; ++i) {
          const Pod& pod = cluster_.pods[i];
          if (!(pod.host_network && options_.host_network_is_node) && peer.ip_block->Contains(pod.ip)) {
            cp.pods.Insert(i);
          }
        }
      }
    } else {
      for (std::size_t n = 0; n < cluster_.namespaces.size(); ++n) {
        const Namespace& ns = cluster_.namespaces[n];
        // NP-10: podSelector alone = the policy's namespace; NP-11/16: namespaceSelector on namespace labels.
        bool ns_matches = peer.namespace_selector ? peer.namespace_selector->Matches(ns.labels) : ns.name == policy.ns;
        if (!ns_matches) continue;
        for (std::size_t i : pods_by_namespace_[n]) {
          // NP-12: both selectors = AND.
          if (!peer.pod_selector || peer.pod_selector->Matches(cluster_.pods[i].labels)) cp.pods.Insert(i);
        }
      }
    }
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
    if (std::optional<std::size_t> index = PodIndex(other.pod)) return peer.pods.Contains(*index);
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
