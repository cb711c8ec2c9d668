#include "policies/reach_classes.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "policies/ip_set.h"

namespace kreach {

namespace {

void AddKeys(const LabelSelector& selector, std::set<std::string>& keys) {
  for (std::string& k : selector.Keys()) keys.insert(std::move(k));
}

std::size_t AtomIndex(const std::vector<std::pair<Ipv4, Ipv4>>& atoms, Ipv4 ip) {
  auto it = std::upper_bound(atoms.begin(), atoms.end(), ip,
                             [](Ipv4 x, const std::pair<Ipv4, Ipv4>& atom) { return x < atom.first; });
  return static_cast<std::size_t>(it - atoms.begin()) - 1;  // atoms start at 0.0.0.0, so it > begin
}

/// Pods that are alike in everything a class key reads except the IP (a sufficient test, not a necessary one).
bool SameAsPrevious(const Pod& previous, const Pod& pod) {
  if (previous.ns != pod.ns || previous.host_network != pod.host_network || previous.labels != pod.labels) return false;
  if (previous.ports.size() != pod.ports.size()) return false;
  for (std::size_t k = 0; k < pod.ports.size(); ++k) {
    const ContainerPort& a = previous.ports[k];
    const ContainerPort& b = pod.ports[k];
    if (a.name != b.name || a.port != b.port || a.protocol != b.protocol) return false;
  }
  return true;
}

}  // namespace

ReachClasses::ReachClasses(const Cluster& cluster, const PolicyOptions& options)
    : class_of_(cluster.pods.size()), by_namespace_(cluster.namespaces.size()), port_maps_(1) {
  // What policies read: pod label keys, port names with their protocol, ipBlock bounds.
  std::set<std::string> keys;
  std::set<std::pair<std::string, Protocol>> names;
  std::vector<IpBlock> blocks;
  for (const NetworkPolicy& np : cluster.network_policies) {
    AddKeys(np.pod_selector, keys);
    for (const auto* rules : {&np.ingress, &np.egress}) {
      for (const PolicyRule& rule : *rules) {
        for (const PolicyPeer& peer : rule.peers) {
          if (peer.pod_selector) AddKeys(*peer.pod_selector, keys);
          if (peer.ip_block) blocks.push_back(*peer.ip_block);
        }
        for (const PolicyPort& port : rule.ports) {
          if (port.has_port && !port.port_name.empty()) names.emplace(port.port_name, port.protocol);
        }
      }
    }
  }
  read_keys_.assign(keys.begin(), keys.end());
  ip_atoms_ = IpAtoms(blocks);
  by_ip_atom_.resize(ip_atoms_.size());

  std::map<NamedPorts, std::size_t> port_map_ids;  // id 0 stays reserved for address-only ends
  std::unordered_map<std::string, std::size_t> class_ids;
  std::unordered_map<std::string, std::size_t> ns_index;
  for (std::size_t n = 0; n < cluster.namespaces.size(); ++n) ns_index.emplace(cluster.namespaces[n].name, n);
  std::string key;
  for (std::size_t i = 0; i < cluster.pods.size(); ++i) {
    const Pod& pod = cluster.pods[i];
    const bool policy_pod = !(pod.host_network && options.host_network_is_node);
    auto ns = ns_index.find(pod.ns);
    const std::size_t ns_id = ns == ns_index.end() ? 0 : ns->second;
    const bool keyed_by_ip = !policy_pod || options.ip_block_matches_pods;
    const std::size_t atom = keyed_by_ip ? AtomIndex(ip_atoms_, pod.ip) : 0;
    if (i > 0 && SameAsPrevious(cluster.pods[i - 1], pod) &&
        (!keyed_by_ip || AtomIndex(ip_atoms_, cluster.pods[i - 1].ip) == atom)) {
      class_of_[i] = class_of_[i - 1];  // replicas sit next to each other: skip building the key
      classes_[class_of_[i]].pods.push_back(i);
      continue;
    }
    std::size_t port_map = 0;
    key.clear();
    if (!policy_pod) {
      key = "@" + std::to_string(atom);
    } else {
      NamedPorts ports;
      for (const ContainerPort& cp : pod.ports) {
        if (names.count({cp.name, cp.protocol})) ports.push_back({{cp.name, cp.protocol}, cp.port});
      }
      std::sort(ports.begin(), ports.end());
      auto inserted = port_map_ids.emplace(ports, port_maps_.size());
      if (inserted.second) port_maps_.push_back(std::move(ports));
      port_map = inserted.first->second;
      key = std::to_string(ns_id) + ":" + std::to_string(atom) + ":" + std::to_string(port_map);
      for (const std::string& k : read_keys_) {
        auto it = pod.labels.find(k);
        key += '\0';
        key += it == pod.labels.end() ? std::string("\x01") : it->second;  // label values never hold \x01
      }
    }
    auto found = class_ids.emplace(key, classes_.size());
    if (found.second) {
      ReachClass c;
      c.ns = ns_id;
      c.policy_pod = policy_pod;
      c.port_map = port_map;
      classes_.push_back(std::move(c));
      const auto id = static_cast<std::uint32_t>(found.first->second);
      if (policy_pod && ns != ns_index.end()) by_namespace_[ns_id].push_back(id);
      if (keyed_by_ip) by_ip_atom_[atom].push_back(id);
    }
    class_of_[i] = found.first->second;
    classes_[found.first->second].pods.push_back(i);
  }
}

}  // namespace kreach
