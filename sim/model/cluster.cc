#include "sim/model/cluster.h"

#include <algorithm>

namespace kreach {

std::string PolicyPort::ToString() const {
  std::string out = std::string(ProtocolName(protocol)) + "/";
  if (!has_port) return out + "*";
  if (!port_name.empty()) return out + port_name;
  out += std::to_string(port);
  if (end_port > 0) out += "-" + std::to_string(end_port);
  return out;
}

bool IpBlock::Contains(Ipv4 ip) const {
  if (!cidr.Contains(ip)) return false;
  for (const Cidr& e : except) {
    if (e.Contains(ip)) return false;
  }
  return true;
}

std::string PolicyPeer::ToString() const {
  if (ip_block) {
    std::string out = "ipBlock " + ip_block->cidr.ToString();
    if (!ip_block->except.empty()) {
      out += " except ";
      for (std::size_t i = 0; i < ip_block->except.size(); ++i) {
        out += (i ? "," : "") + ip_block->except[i].ToString();
      }
    }
    return out;
  }
  std::string out;
  if (namespace_selector) out += "namespaceSelector " + namespace_selector->ToString();
  if (pod_selector) out += std::string(out.empty() ? "" : " + ") + "podSelector " + pod_selector->ToString();
  return out;
}

namespace {

template <typename T>
const T* FindByName(const std::vector<T>& items, const std::string& name) {
  auto it = std::lower_bound(items.begin(), items.end(), name,
                             [](const T& item, const std::string& n) { return item.name < n; });
  return it != items.end() && it->name == name ? &*it : nullptr;
}

}  // namespace

const Namespace* Cluster::FindNamespace(const std::string& name) const { return FindByName(namespaces, name); }

const Node* Cluster::FindNode(const std::string& name) const { return FindByName(nodes, name); }

const Pod* Cluster::FindPod(const std::string& ns, const std::string& name) const {
  auto it = std::lower_bound(pods.begin(), pods.end(), std::make_pair(ns, name), [](const Pod& p, const auto& key) {
    return p.ns != key.first ? p.ns < key.first : p.name < key.second;
  });
  return it != pods.end() && it->ns == ns && it->name == name ? &*it : nullptr;
}

const Service* Cluster::FindService(const std::string& ns, const std::string& name) const {
  auto it = std::lower_bound(
      services.begin(), services.end(), std::make_pair(ns, name),
      [](const Service& s, const auto& key) { return s.ns != key.first ? s.ns < key.first : s.name < key.second; });
  return it != services.end() && it->ns == ns && it->name == name ? &*it : nullptr;
}

const Pod* Cluster::FindPodByIp(Ipv4 ip) const {
  for (const Pod& p : pods) {
    if (!p.host_network && p.ip == ip) return &p;
  }
  return nullptr;
}

const Node* Cluster::FindNodeByIp(Ipv4 ip) const {
  for (const Node& n : nodes) {
    if (std::find(n.addresses.begin(), n.addresses.end(), ip) != n.addresses.end()) return &n;
  }
  return nullptr;
}

}  // namespace kreach
