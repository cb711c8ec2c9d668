// The oracle's addressing and EndpointSlice generation, written rule by rule from docs/scenario-format.md
// ("What kreach fills in") and the semantics reference §3.1 (SVC-1..4), without the loader's code: the Model's
// maps are walked in order, every free address is looked up in a std::set of the addresses in use.
#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "tests/support/reference_model.h"

namespace kreach {
namespace testing {
namespace reference {

namespace {

const Cidr kNodeRange{0xAC120000u, 16};             // 172.18.0.0/16: node addresses as kind numbers them
constexpr std::uint64_t kPodsPerDefaultNode = 110;  // the kubelet's --max-pods default
constexpr int kFirstNodePort = 30000;               // --service-node-port-range default (SVC-12)
constexpr int kLastNodePort = 32767;
constexpr std::size_t kEndpointsPerSlice = 100;  // --max-endpoints-per-slice default

bool Ended(const Pod& pod) { return pod.phase == PodPhase::kSucceeded || pod.phase == PodPhase::kFailed; }

bool Has(const std::vector<Ipv4>& addresses, Ipv4 a) {
  return std::find(addresses.begin(), addresses.end(), a) != addresses.end();
}

/// Every address a node or a pod has so far.
std::set<Ipv4> AddressesInUse(const Model& m) {
  std::set<Ipv4> out;
  for (const auto& [name, node] : m.nodes) out.insert(node.addresses.begin(), node.addresses.end());
  for (const auto& [key, pod] : m.pods) {
    if (pod.ip != 0) out.insert(pod.ip);
  }
  return out;
}

Location PodField(const Pod& pod, const std::string& field) { return pod.origin.At("Pod " + pod.Key(), field); }

Location WholeObject(const Origin& origin, const std::string& object) {
  return Location{origin.source, origin.doc, object, origin.path};
}

/// Nodes that pods name (by nodeName, or by a hostIP no node has) are created with the pod's hostIP; a pod
/// without nodeName whose hostIP is a node's goes to that node. With no node at all: node-1, node-2, ... one per
/// 110 pods still to place, at least one.
void CompleteNodes(Model& m) {
  std::map<Ipv4, std::string> node_at;  // an address → the first node, by name, that has it
  for (const auto& [name, node] : m.nodes) {
    for (Ipv4 a : node.addresses) node_at.emplace(a, name);
  }
  for (auto& [key, pod] : m.pods) {
    if (pod.node.empty() && pod.host_ip != 0) {
      auto found = node_at.find(pod.host_ip);
      pod.node = found != node_at.end() ? found->second : FormatIpv4(pod.host_ip);
    }
    if (pod.node.empty()) continue;
    if (m.nodes.count(pod.node) == 0) {
      Node& made = m.nodes[pod.node];
      made.name = pod.node;
      made.labels = ImpliedNodeLabels(pod.node);
      made.origin = pod.origin;
    }
    Node& node = m.nodes[pod.node];
    if (!node.declared && node.addresses.empty() && pod.host_ip != 0 && node_at.count(pod.host_ip) == 0) {
      node.addresses.push_back(pod.host_ip);
      node_at[pod.host_ip] = node.name;
    }
  }
  if (!m.nodes.empty()) return;
  std::uint64_t unplaced = 0;
  for (const auto& [key, pod] : m.pods) unplaced += pod.node.empty() ? 1 : 0;
  std::uint64_t count = std::max<std::uint64_t>(1, (unplaced + kPodsPerDefaultNode - 1) / kPodsPerDefaultNode);
  for (std::uint64_t i = 1; i <= count; ++i) {
    std::string name = "node-" + std::to_string(i);
    m.nodes[name].name = name;
    m.nodes[name].labels = ImpliedNodeLabels(name);
  }
}

/// Nodes without an address get the lowest free one of 172.18.0.0/16 from .2, nodes without a podCIDR the
/// next /24 (or the whole pod CIDR when smaller) of the pod CIDR that no node has, both in name order. False
/// (after an error) when a range runs out.
bool AddressNodes(Model& m, Diagnostics& diag) {
  std::set<Ipv4> in_use = AddressesInUse(m);
  Ipv4 next = kNodeRange.Network() + 2;
  for (auto& [name, node] : m.nodes) {
    if (!node.addresses.empty()) continue;
    while (next < kNodeRange.Last() && in_use.count(next) != 0) ++next;
    if (next >= kNodeRange.Last()) {
      diag.Error(Location{}, "no free node address left in " + kNodeRange.ToString());
      return false;
    }
    node.addresses.push_back(next);
    in_use.insert(next);
  }
  const Cidr& pool = m.config.pod_cidr;
  const int prefix = std::max(24, pool.prefix);
  const std::uint64_t block_size = std::uint64_t{1} << (32 - prefix);
  std::uint64_t block = pool.Network();
  for (auto& [name, node] : m.nodes) {
    if (node.pod_cidr) continue;
    for (;; block += block_size) {
      Cidr candidate{static_cast<Ipv4>(block), prefix};
      if (block > 0xFFFFFFFFull || !pool.Contains(candidate)) {
        diag.Error(Location{}, "the pod CIDR " + pool.ToString() + " has no free /" + std::to_string(prefix) +
                                   " left for node " + name);
        return false;
      }
      bool overlaps = false;
      for (const auto& [other_name, other] : m.nodes) {
        overlaps = overlaps || (other.pod_cidr && (other.pod_cidr->Contains(candidate.Network()) ||
                                                   candidate.Contains(other.pod_cidr->Network())));
      }
      if (!overlaps) {
        node.pod_cidr = candidate;
        break;
      }
    }
    block += block_size;
  }
  return true;
}

/// A node's repeated address is dropped; an address of two nodes is an error at the later node (by name).
void CheckNodeAddresses(Model& m, Diagnostics& diag) {
  std::map<Ipv4, std::string> first_node;
  for (auto& [name, node] : m.nodes) {
    std::vector<Ipv4> own;
    for (Ipv4 a : node.addresses) {
      if (Has(own, a)) continue;
      own.push_back(a);
      if (!first_node.emplace(a, name).second) {
        diag.Error(node.origin.At("Node " + name, "status.addresses"),
                   FormatIpv4(a) + " is also the address of node " + first_node[a]);
      }
    }
    node.addresses = own;
  }
}

/// Pods without a node, in (namespace, name) order, go round robin over the nodes in name order, each to the first
/// node from its turn on that admits it. A pod made from a workload that no node admits is dropped (one warning per
/// workload); an input pod is placed on the node of its turn anyway, with a warning.
void PlacePods(Model& m, Diagnostics& diag) {
  std::vector<std::string> names;
  std::map<std::string, Labels> labels;
  for (const auto& [name, node] : m.nodes) {
    names.push_back(name);
    labels[name] = node.labels;
  }
  std::size_t turn = 0;
  std::set<WorkloadKey> warned;
  for (auto it = m.pods.begin(); it != m.pods.end();) {
    Pod& pod = it->second;
    const NodeConstraints* constraints = pod.node_constraints.get();
    if (!pod.node.empty()) {
      ++it;
      continue;
    }
    std::size_t tried = 0;
    while (tried < names.size() &&
           !Admits(constraints, names[(turn + tried) % names.size()], labels[names[(turn + tried) % names.size()]])) {
      ++tried;
    }
    if (tried < names.size()) {
      turn += tried;
      pod.node = names[turn++ % names.size()];
      ++it;
      continue;
    }
    if (m.made.count(MadeKey(pod)) != 0) {
      WorkloadKey workload{pod.ns, pod.owner->name, pod.owner->kind};
      if (warned.insert(workload).second) WarnNoNode(m.workloads.at(workload), *constraints, labels, diag);
      it = m.pods.erase(it);
      continue;
    }
    pod.node = names[turn++ % names.size()];
    std::string field = "spec";
    bool selector_rejects = !constraints->node_selector.empty(), affinity_rejects = !constraints->affinity.empty();
    for (const std::string& name : names) {
      NodeConstraints selector_only{constraints->node_selector, {}};
      NodeConstraints affinity_only{{}, constraints->affinity};
      selector_rejects = selector_rejects && !Admits(&selector_only, name, labels[name]);
      affinity_rejects = affinity_rejects && !Admits(&affinity_only, name, labels[name]);
    }
    if (selector_rejects) {
      field = "spec.nodeSelector";
    } else if (affinity_rejects) {
      field = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution";
    }
    diag.Warning(PodField(pod, field), "no node admits Pod " + pod.Key());
    ++it;
  }
}

/// Host IPs, then pod IPs: a hostNetwork pod has its node's address, another pod without one the lowest free
/// address of its node's podCIDR from .2 (pods in (namespace, name) order).
void AddressPods(Model& m, Diagnostics& diag) {
  std::set<Ipv4> in_use = AddressesInUse(m);
  std::map<std::string, Ipv4> lowest_unseen;  // node → where the search for a free address resumes
  for (auto& [key, pod] : m.pods) {
    const Node& node = m.nodes.at(pod.node);
    if (pod.host_ip == 0) {
      pod.host_ip = node.addresses.front();
    } else if (!Has(node.addresses, pod.host_ip)) {
      diag.Error(PodField(pod, "status.hostIP"), FormatIpv4(pod.host_ip) + " is not an address of node " + node.name);
      continue;
    }
    if (pod.host_network && pod.ip != 0 && pod.ip != pod.host_ip) {
      diag.Error(PodField(pod, "status.podIP"), "a hostNetwork pod's IP must be its node's address");
      continue;
    }
    if (pod.ip != 0) continue;
    if (pod.host_network) {
      pod.ip = pod.host_ip;
      pod.ip_assigned = true;
      continue;
    }
    const Cidr& range = *node.pod_cidr;
    Ipv4 candidate = lowest_unseen.count(node.name) ? lowest_unseen[node.name] : range.Network() + 2;
    while (candidate < range.Last() && in_use.count(candidate) != 0) ++candidate;
    lowest_unseen[node.name] = candidate;
    if (range.prefix >= 31 || candidate >= range.Last()) {
      diag.Error(WholeObject(pod.origin, "Pod " + pod.Key()), "no free pod address left in " + range.ToString());
      continue;
    }
    pod.ip = candidate;
    pod.ip_assigned = true;
    in_use.insert(candidate);
  }
}

/// No pod (but a hostNetwork one) has a node's address; no two pods that can run share an IP.
void CheckPodIps(const Model& m, Diagnostics& diag) {
  std::set<Ipv4> node_addresses;
  for (const auto& [name, node] : m.nodes) node_addresses.insert(node.addresses.begin(), node.addresses.end());
  std::set<Ipv4> running;
  for (const auto& [key, pod] : m.pods) {
    if (pod.host_network || pod.ip == 0) continue;
    if (node_addresses.count(pod.ip) != 0) {
      diag.Error(PodField(pod, "status.podIP"), FormatIpv4(pod.ip) + " is a node's address");
    } else if (!Ended(pod) && !running.insert(pod.ip).second) {
      diag.Error(PodField(pod, "status.podIP"), FormatIpv4(pod.ip) + " is another pod's IP");
    }
  }
}

/// Services that need a ClusterIP and have none get the lowest free address of the service CIDR from .11.
void AddressServices(Model& m, Diagnostics& diag) {
  std::set<Ipv4> in_use;
  for (const auto& [key, svc] : m.services) in_use.insert(svc.cluster_ips.begin(), svc.cluster_ips.end());
  const Cidr& range = m.config.service_cidr;
  Ipv4 next = range.Network() + 11;
  for (auto& [key, svc] : m.services) {
    bool wants = svc.cluster_ips.empty() && svc.cluster_ip.empty() && svc.type != ServiceType::kExternalName;
    if (!wants) continue;  // headless Services wrote "None"; IPv6 ones wrote an address kreach does not model
    while (next < range.Last() && in_use.count(next) != 0) ++next;
    if (next >= range.Last()) {
      diag.Error(WholeObject(svc.origin, "Service " + svc.ns + "/" + svc.name), "no free ClusterIP left");
      return;
    }
    svc.cluster_ips.push_back(next);
    in_use.insert(next);
  }
}

/// Ports of NodePort Services, and of LoadBalancer ones that allocate them, without a nodePort take that of
/// another port of the Service with the same number, else the lowest of 30000-32767 no Service uses. A port
/// counts as kreach's choice when it took the lowest free number, or copied a sibling that had.
void AssignNodePorts(Model& m, Diagnostics& diag) {
  std::set<int> in_use;
  for (const auto& [key, svc] : m.services) {
    for (const ServicePort& p : svc.ports) {
      if (p.node_port != 0) in_use.insert(p.node_port);
    }
  }
  int next = kFirstNodePort;
  for (auto& [key, svc] : m.services) {
    if (svc.type != ServiceType::kNodePort &&
        !(svc.type == ServiceType::kLoadBalancer && svc.allocate_load_balancer_node_ports)) {
      continue;
    }
    for (ServicePort& port : svc.ports) {
      if (port.node_port != 0) continue;
      for (const ServicePort& sibling : svc.ports) {
        if (port.node_port == 0 && sibling.port == port.port && sibling.node_port != 0) {
          port.node_port = sibling.node_port;
          port.node_port_assigned = sibling.node_port_assigned;
        }
      }
      if (port.node_port != 0) continue;
      while (next <= kLastNodePort && in_use.count(next) != 0) ++next;
      if (next > kLastNodePort) {
        diag.Error(WholeObject(svc.origin, "Service " + svc.ns + "/" + svc.name), "no free nodePort left");
        return;
      }
      port.node_port = next;
      port.node_port_assigned = true;
      in_use.insert(next);
    }
  }
}

/// The pod's port number for a Service port (SVC-4), 0 when it has none.
int TargetPort(const Pod& pod, const ServicePort& port) {
  if (port.target_port_name.empty()) return port.target_port;
  for (const ContainerPort& c : pod.ports) {
    if (c.name == port.target_port_name && c.protocol == port.protocol) return c.port;
  }
  return 0;
}

/// A pod as an endpoint of `svc` (SVC-3; a hostname per DNS-4).
Endpoint EndpointOf(const Pod& pod, const Service& svc) {
  Endpoint ep;
  ep.addresses = {pod.ip};
  ep.serving = pod.ready;
  ep.terminating = pod.terminating;
  ep.ready = svc.publish_not_ready_addresses || (pod.ready && !pod.terminating);
  ep.node_name = pod.node;
  ep.target_pod = pod.Key();
  if (!pod.hostname.empty() && pod.subdomain == svc.name) ep.hostname = pod.hostname;
  return ep;
}

}  // namespace

void AssignMissingAddresses(Model& m, Diagnostics& diag) {
  CompleteNodes(m);
  bool nodes_complete = AddressNodes(m, diag);
  CheckNodeAddresses(m, diag);
  if (!nodes_complete) return;  // pods cannot be placed or addressed
  PlacePods(m, diag);
  AddressPods(m, diag);
  CheckPodIps(m, diag);
  AddressServices(m, diag);
  AssignNodePorts(m, diag);
}

void MakeEndpointSlices(Model& m) {
  // The ports of one endpoint, as (name, protocol, number) per Service port the pod has; slices group pods
  // with equal lists, the lists in sorted order.
  using PortList = std::vector<std::tuple<std::string, int, int>>;
  for (const auto& [key, svc] : m.services) {
    if (svc.type == ServiceType::kExternalName || !svc.selector || svc.selector->empty()) continue;
    std::map<PortList, std::vector<Endpoint>> by_ports;
    for (auto it = m.pods.lower_bound(NsName{svc.ns, ""}); it != m.pods.end() && it->first.first == svc.ns; ++it) {
      const Pod& pod = it->second;
      bool selected = true;
      for (const auto& [label, value] : *svc.selector) {
        auto found = pod.labels.find(label);
        selected = selected && found != pod.labels.end() && found->second == value;
      }
      if (!selected || pod.ip == 0 || Ended(pod)) continue;
      PortList ports;
      for (const ServicePort& port : svc.ports) {
        if (int number = TargetPort(pod, port); number != 0) {
          ports.emplace_back(port.name, static_cast<int>(port.protocol), number);
        }
      }
      by_ports[ports].push_back(EndpointOf(pod, svc));
    }
    int n = 0;  // slices are <svc>-1, <svc>-2, ..., skipping names the namespace has
    for (const auto& [ports, endpoints] : by_ports) {
      for (std::size_t first = 0; first < endpoints.size(); first += kEndpointsPerSlice) {
        EndpointSlice slice;
        slice.ns = svc.ns;
        do {
          slice.name = svc.name + "-" + std::to_string(++n);
        } while (m.endpoint_slices.count(NsName{svc.ns, slice.name}) != 0);
        slice.service_name = svc.name;
        for (const auto& [name, protocol, number] : ports) {
          slice.ports.push_back(EndpointPort{name, static_cast<Protocol>(protocol), number});
        }
        std::size_t last = std::min(endpoints.size(), first + kEndpointsPerSlice);
        slice.endpoints.assign(endpoints.begin() + static_cast<std::ptrdiff_t>(first),
                               endpoints.begin() + static_cast<std::ptrdiff_t>(last));
        slice.generated = true;
        slice.origin = svc.origin;
        m.endpoint_slices.emplace(NsName{slice.ns, slice.name}, slice);
      }
    }
  }
}

}  // namespace reference
}  // namespace testing
}  // namespace kreach
