#include "sim/loader/assign_addresses.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "sim/loader/implied_nodes.h"
#include "sim/loader/sort_objects.h"

namespace kreach {

namespace {

const Cidr kNodeAddressRange = kNodeNetwork;  // 172.18.0.0/16, as kind uses

void SortNodes(std::vector<Node>& nodes) { SortByName(nodes); }

/// Creates the nodes pods refer to, places pods by hostIP, and adds default nodes when there are none.
void CreateNodes(Cluster& cluster) {
  std::map<Ipv4, std::string> node_by_ip;
  for (const Node& n : cluster.nodes) {
    for (Ipv4 ip : n.addresses) node_by_ip.emplace(ip, n.name);
  }
  std::unordered_map<std::string, std::size_t> node_index;  // names are unique (duplicates were not kept)
  for (std::size_t i = 0; i < cluster.nodes.size(); ++i) node_index.emplace(cluster.nodes[i].name, i);
  const std::string* last_name = nullptr;  // pods of one node often come together
  std::size_t last_index = 0;
  for (Pod& p : cluster.pods) {
    if (p.node.empty() && p.host_ip != 0) {
      auto it = node_by_ip.find(p.host_ip);
      if (it != node_by_ip.end()) {
        p.node = it->second;
      } else {
        p.node = FormatIpv4(p.host_ip);  // a node known only by its address
      }
    }
    if (p.node.empty()) continue;
    std::size_t index;
    if (last_name != nullptr && *last_name == p.node) {
      index = last_index;
    } else {
      auto [it, inserted] = node_index.try_emplace(p.node, cluster.nodes.size());
      if (inserted) cluster.nodes.push_back(ImpliedNode(p.node, p.origin));
      index = it->second;
      last_name = &it->first;
      last_index = index;
    }
    Node* node = &cluster.nodes[index];
    if (!node->declared && node->addresses.empty() && p.host_ip != 0 && !node_by_ip.count(p.host_ip)) {
      node->addresses.push_back(p.host_ip);
      node_by_ip.emplace(p.host_ip, node->name);
    }
  }
  if (cluster.nodes.empty()) {
    // No node in the input: enough default nodes for the pods at the kubelet's default of 110 pods per node
    // (--max-pods), so that each gets a /24 of the pod CIDR as a real cluster would.
    constexpr std::size_t kMaxPodsPerNode = 110;
    std::size_t unplaced = static_cast<std::size_t>(
        std::count_if(cluster.pods.begin(), cluster.pods.end(), [](const Pod& p) { return p.node.empty(); }));
    std::size_t count = std::max<std::size_t>(1, (unplaced + kMaxPodsPerNode - 1) / kMaxPodsPerNode);
    for (std::size_t i = 1; i <= count; ++i) cluster.nodes.push_back(ImpliedNode("node-" + std::to_string(i)));
  }
  SortNodes(cluster.nodes);
}

bool Overlaps(const Cidr& a, const Cidr& b) { return a.Contains(b.Network()) || b.Contains(a.Network()); }

void AssignNodeAddresses(Cluster& cluster, Diagnostics& diag) {
  // The addresses in use, as far as the node range goes (only candidates from it are asked about).
  std::vector<bool> used(std::size_t{1} << (32 - kNodeAddressRange.prefix));
  auto mark = [&used](Ipv4 ip) {
    if (kNodeAddressRange.Contains(ip)) used[ip - kNodeAddressRange.Network()] = true;
  };
  auto is_used = [&used](Ipv4 ip) { return used[ip - kNodeAddressRange.Network()]; };
  bool any_missing =
      std::any_of(cluster.nodes.begin(), cluster.nodes.end(), [](const Node& n) { return n.addresses.empty(); });
  if (any_missing) {  // otherwise nothing asks
    for (const Node& n : cluster.nodes) {
      for (Ipv4 ip : n.addresses) mark(ip);
    }
    for (const Pod& p : cluster.pods) {
      if (p.ip != 0) mark(p.ip);
    }
  }
  Ipv4 next = kNodeAddressRange.Network() + 2;
  for (Node& n : cluster.nodes) {
    if (!n.addresses.empty()) continue;
    while (is_used(next) && next < kNodeAddressRange.Last()) ++next;
    if (next >= kNodeAddressRange.Last()) {
      diag.Error(Location{}, "no free node address left in " + kNodeAddressRange.ToString());
      return;
    }
    n.addresses.push_back(next);
    mark(next);
  }
  const Cidr& pool = cluster.config.pod_cidr;
  int block_prefix = std::max(24, pool.prefix);
  Ipv4 block_size = block_prefix == 32 ? 1u : (1u << (32 - block_prefix));
  Ipv4 block = pool.Network();
  for (Node& n : cluster.nodes) {
    if (n.pod_cidr) continue;
    while (true) {
      Cidr candidate{block, block_prefix};
      if (!pool.Contains(candidate)) {
        diag.Error(Location{}, "the pod CIDR " + pool.ToString() + " has no free /" + std::to_string(block_prefix) +
                                   " left for node " + n.name + " (set cluster.podCIDR to a larger block)");
        return;
      }
      bool clash = false;
      for (const Node& other : cluster.nodes) {
        if (other.pod_cidr && Overlaps(*other.pod_cidr, candidate)) clash = true;
      }
      block += block_size;
      if (!clash) {
        n.pod_cidr = candidate;
        break;
      }
    }
  }
}

/// A node's addresses are its own: one listed twice (InternalIP and ExternalIP alike) is kept once, one that
/// another node has is an error.
void CheckNodeAddresses(Cluster& cluster, Diagnostics& diag) {
  std::unordered_map<Ipv4, const Node*> node_of;
  for (Node& n : cluster.nodes) {
    std::vector<Ipv4> own;
    for (Ipv4 a : n.addresses) {
      if (std::find(own.begin(), own.end(), a) != own.end()) continue;
      own.push_back(a);
      auto [it, fresh] = node_of.emplace(a, &n);
      if (!fresh) {
        diag.Error(
            n.origin.At("Node " + n.name, "status.addresses"),
            FormatIpv4(a) + " is also the address of node " + it->second->name + ": a node's address is its own");
      }
    }
    n.addresses = std::move(own);
  }
}

void AssignPodIps(Cluster& cluster, Diagnostics& diag) {
  // The addresses in use, collected only when some pod needs one. Every pod is visited: a missing hostIP is
  // its node's address, a stated one must be it.
  bool any_missing = false;
  for (const Pod& p : cluster.pods) any_missing = any_missing || (p.ip == 0 && !p.host_network);
  std::unordered_set<Ipv4> used;
  if (any_missing) {
    used.reserve(cluster.pods.size() + cluster.nodes.size());
    for (const Node& n : cluster.nodes) used.insert(n.addresses.begin(), n.addresses.end());
    for (const Pod& p : cluster.pods) {
      if (p.ip != 0) used.insert(p.ip);
    }
    for (const Service& s : cluster.services) used.insert(s.cluster_ips.begin(), s.cluster_ips.end());
  }
  std::map<std::string, Ipv4> cursor;  // node name → next candidate address
  const Node* node = nullptr;          // the last pod's node: pods of one node often come together
  for (Pod& p : cluster.pods) {
    if (node == nullptr || node->name != p.node) node = cluster.FindNode(p.node);
    if (node == nullptr) continue;  // cannot happen: CompleteNodes created every node
    if (p.host_ip == 0) {
      p.host_ip = node->addresses.front();
    } else if (std::find(node->addresses.begin(), node->addresses.end(), p.host_ip) == node->addresses.end()) {
      // The model (and the engine) puts a pod at its node's address; a status.hostIP elsewhere contradicts it.
      std::string addresses;
      for (Ipv4 a : node->addresses) addresses += (addresses.empty() ? "" : ", ") + FormatIpv4(a);
      diag.Error(p.origin.At("Pod " + p.Key(), "status.hostIP"),
                 FormatIpv4(p.host_ip) + " is not an address of node " + node->name + " (" + addresses +
                     "): fix the hostIP, or the node's status.addresses");
      continue;
    }
    if (p.host_network && p.ip != 0 && p.ip != p.host_ip) {  // a hostNetwork pod has its node's address
      diag.Error(p.origin.At("Pod " + p.Key(), "status.podIP"),
                 "a hostNetwork pod has its node's address, but " + FormatIpv4(p.ip) + " is not " +
                     FormatIpv4(p.host_ip) + " (node " + node->name +
                     "): fix the podIP, the hostIP, or the node's status.addresses");
      continue;
    }
    if (p.ip != 0) continue;
    p.ip_assigned = true;
    if (p.host_network) {
      p.ip = p.host_ip;
      continue;
    }
    const Cidr& range = *node->pod_cidr;
    auto [it, inserted] = cursor.emplace(p.node, range.Network() + 2);
    Ipv4& candidate = it->second;
    while (candidate < range.Last() && used.count(candidate)) ++candidate;
    if (range.prefix >= 31 || candidate >= range.Last()) {
      diag.Error(Location{p.origin.source, p.origin.doc, "Pod " + p.Key(), p.origin.path},
                 "no free pod address left in " + range.ToString() + " (podCIDR of node " + node->name + ")");
      p.ip_assigned = false;
      continue;
    }
    p.ip = candidate;
    used.insert(candidate);
    ++candidate;
  }
}

/// A pod's IP is its own: no other pod that can run has it, and no node (only hostNetwork pods are at their
/// node's address). A Succeeded or Failed pod of a dump may keep an IP the network has since given to another.
void CheckPodIps(const Cluster& cluster, Diagnostics& diag) {
  std::unordered_map<Ipv4, std::string> node_of;
  for (const Node& n : cluster.nodes) {
    for (Ipv4 a : n.addresses) node_of.emplace(a, n.name);
  }
  std::unordered_map<Ipv4, const Pod*> pod_of;
  pod_of.reserve(cluster.pods.size());
  for (const Pod& p : cluster.pods) {
    if (p.host_network || p.ip == 0) continue;
    Location where = p.origin.At("Pod " + p.Key(), "status.podIP");
    auto node = node_of.find(p.ip);
    if (node != node_of.end()) {
      diag.Error(where, FormatIpv4(p.ip) + " is the address of node " + node->second +
                            ": only a hostNetwork pod has its node's address");
      continue;
    }
    if (Ended(p.phase)) continue;
    auto [it, fresh] = pod_of.emplace(p.ip, &p);
    if (!fresh) {
      diag.Error(where, FormatIpv4(p.ip) + " is also the IP of pod " + it->second->Key() +
                            ": a pod's IP is its own (give one of them another podIP, or its phase if it ended)");
    }
  }
}

void AssignServiceIps(Cluster& cluster, Diagnostics& diag) {
  std::set<Ipv4> used;
  for (const Service& s : cluster.services) used.insert(s.cluster_ips.begin(), s.cluster_ips.end());
  const Cidr& range = cluster.config.service_cidr;
  for (const Pod& p : cluster.pods) {  // a pod address is its own (in case the pod and service CIDRs overlap)
    if (range.Contains(p.ip)) used.insert(p.ip);
  }
  Ipv4 candidate = range.Network() + 11;
  for (Service& s : cluster.services) {
    if (!s.cluster_ips.empty() || s.Headless() || s.type == ServiceType::kExternalName || !s.cluster_ip.empty()) {
      continue;
    }
    while (candidate < range.Last() && used.count(candidate)) ++candidate;
    if (candidate >= range.Last()) {
      diag.Error(Location{s.origin.source, s.origin.doc, "Service " + s.ns + "/" + s.name, s.origin.path},
                 "no free ClusterIP left in the service CIDR " + range.ToString());
      return;
    }
    s.cluster_ips.push_back(candidate);
    used.insert(candidate++);
  }
}

constexpr int kNodePortFirst = 30000;  // --service-node-port-range default (SVC-12)
constexpr int kNodePortLast = 32767;

/// The port of `svc` with the same port number that already has a nodePort (the API server gives a Service's
/// ports that share a number, e.g. DNS on TCP and UDP 53, one nodePort), or nullptr.
const ServicePort* SiblingWithNodePort(const Service& svc, int port) {
  for (const ServicePort& p : svc.ports) {
    if (p.port == port && p.node_port != 0) return &p;
  }
  return nullptr;
}

void AssignNodePorts(Cluster& cluster, Diagnostics& diag) {
  std::set<int> used;  // the allocator has one bitmap for every protocol
  for (const Service& s : cluster.services) {
    for (const ServicePort& p : s.ports) {
      if (p.node_port != 0) used.insert(p.node_port);
    }
  }
  int candidate = kNodePortFirst;
  for (Service& s : cluster.services) {
    bool wants = s.type == ServiceType::kNodePort ||
                 (s.type == ServiceType::kLoadBalancer && s.allocate_load_balancer_node_ports);
    if (!wants) continue;
    for (ServicePort& p : s.ports) {
      if (p.node_port != 0) continue;
      if (const ServicePort* sibling = SiblingWithNodePort(s, p.port)) {
        p.node_port = sibling->node_port;
        p.node_port_assigned = sibling->node_port_assigned;  // kreach's choice only if the sibling's was
        continue;
      }
      while (candidate <= kNodePortLast && used.count(candidate)) ++candidate;
      if (candidate > kNodePortLast) {
        diag.Error(Location{s.origin.source, s.origin.doc, "Service " + s.ns + "/" + s.name, s.origin.path},
                   "no free nodePort left in the range " + std::to_string(kNodePortFirst) + "-" +
                       std::to_string(kNodePortLast));
        return;
      }
      p.node_port = candidate;
      p.node_port_assigned = true;
      used.insert(candidate++);
    }
  }
}

}  // namespace

bool CompleteNodes(Cluster& cluster, Diagnostics& diag) {
  CreateNodes(cluster);
  AssignNodeAddresses(cluster, diag);
  CheckNodeAddresses(cluster, diag);
  return !diag.HasErrors() || std::all_of(cluster.nodes.begin(), cluster.nodes.end(),
                                          [](const Node& n) { return n.pod_cidr && !n.addresses.empty(); });
}

void AssignAddresses(Cluster& cluster, Diagnostics& diag) {
  AssignPodIps(cluster, diag);
  CheckPodIps(cluster, diag);
  AssignServiceIps(cluster, diag);
  AssignNodePorts(cluster, diag);
}

}  // namespace kreach
