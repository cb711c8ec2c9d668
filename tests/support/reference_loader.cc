// The loader's model phase as it was before the fast loader (sim/loader at commit e349b48): one
// document after the other, std::map registration, std::sort, and the original expansion, addressing,
// EndpointSlice and owner-label code, kept verbatim as a slow, obviously sequential oracle for tests.
#include "tests/support/reference_loader.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "sim/loader/decode_document.h"
#include "sim/loader/expand_names.h"
#include "sim/loader/expand_workloads.h"
#include "sim/loader/generate_endpoint_slices.h"
#include "sim/loader/validate_services.h"
#include "sim/model/limits.h"

namespace kreach {
namespace testing {
namespace reference {

namespace expand {


namespace {

using WorkloadKey = std::pair<std::string, OwnerRef>;  // namespace, {kind, name}

bool IsSelectedBy(const Labels& labels, const Labels& selector) {
  for (const auto& [key, value] : selector) {
    auto it = labels.find(key);
    if (it == labels.end() || it->second != value) return false;
  }
  return true;
}

/// The workloads whose pods the input already contains.
std::set<WorkloadKey> MaterializedWorkloads(const std::vector<WorkloadSpec>& specs, const std::vector<Pod>& pods) {
  std::set<WorkloadKey> out;
  for (const Pod& p : pods) {
    if (p.owner) out.insert({p.ns, *p.owner});
  }
  // Propagate through intermediate controllers (ReplicaSet → Deployment, Job → CronJob).
  for (bool changed = true; changed;) {
    changed = false;
    for (const WorkloadSpec& s : specs) {
      if (s.owner && out.count({s.workload.ns, s.workload.ref}) && out.insert({s.workload.ns, *s.owner}).second) {
        changed = true;
      }
    }
  }
  return out;
}

std::string DigitsSuffix(const std::string& seed) {
  std::string letters = HashSuffix(seed, 8);
  std::string digits;
  for (char c : letters) digits += static_cast<char>('0' + static_cast<unsigned char>(c) % 10);
  return digits;
}

}  // namespace

void ExpandWorkloads(const std::vector<WorkloadSpec>& specs, const std::vector<Node>& nodes, std::vector<Pod>& pods,
                     Diagnostics& diag) {
  std::set<WorkloadKey> materialized = MaterializedWorkloads(specs, pods);
  std::set<WorkloadKey> present;
  for (const WorkloadSpec& s : specs) present.insert({s.workload.ns, s.workload.ref});
  std::size_t created = 0;
  for (const WorkloadSpec& s : specs) {
    const Workload& w = s.workload;
    if (materialized.count({w.ns, w.ref})) continue;
    if (s.owner && present.count({w.ns, *s.owner})) continue;  // its controller expands instead
    std::vector<const Node*> targets;
    int count = w.replicas;
    if (w.ref.kind == "DaemonSet") {
      for (const Node& n : nodes) {
        if (IsSelectedBy(n.labels, s.node_selector)) targets.push_back(&n);
      }
      count = static_cast<int>(targets.size());
    }
    if (created + static_cast<std::uint64_t>(count) > CurrentLimits().pods) {
      diag.Error(Location{w.origin.source, w.origin.doc, w.ref.kind + " " + w.ns + "/" + w.ref.name,
                          ReplicasPath(s)},
                 std::to_string(count) + " pods would exceed the limit of " + LimitValue("pods") +
                     " pods made from workloads in total " + LimitHint("pods"));
      return;
    }
    created += static_cast<std::size_t>(count);
    std::set<std::string> used;
    std::string cron_job_part = w.ref.kind == "CronJob" ? DigitsSuffix(w.ns + "/" + w.ref.name) : "";
    for (int i = 0; i < count; ++i) {
      Pod pod = s.prototype;
      pod.labels = w.template_labels;
      pod.ns = w.ns;
      pod.owner = w.ref;
      pod.origin = w.origin;
      std::string base = w.ref.name + "-";
      if (w.ref.kind == "Deployment") {
        base += s.template_hash + "-";
        pod.labels["pod-template-hash"] = s.template_hash;
      } else if (w.ref.kind == "CronJob") {
        base += cron_job_part + "-";
      }
      if (w.ref.kind == "StatefulSet") {
        pod.name = w.ref.name + "-" + std::to_string(i);
        pod.hostname = pod.name;
        pod.subdomain = s.service_name;
        pod.labels["statefulset.kubernetes.io/pod-name"] = pod.name;
      } else {
        for (int salt = 0;; ++salt) {
          std::string seed = w.ns + "/" + w.ref.name + "/" + std::to_string(i);
          if (salt > 0) seed += "/" + std::to_string(salt);
          pod.name = base + HashSuffix(seed, 5);
          if (used.insert(pod.name).second) break;
        }
      }
      if (!targets.empty()) pod.node = targets[static_cast<std::size_t>(i)]->name;
      pods.push_back(std::move(pod));
    }
  }
}


}  // namespace expand
namespace assign {


namespace {

const Cidr kNodeAddressRange{0xAC120000u, 16};  // 172.18.0.0/16, as kind uses

void SortNodes(std::vector<Node>& nodes) {
  std::sort(nodes.begin(), nodes.end(), [](const Node& a, const Node& b) { return a.name < b.name; });
}

Node* FindNodeByName(std::vector<Node>& nodes, const std::string& name) {
  for (Node& n : nodes) {
    if (n.name == name) return &n;
  }
  return nullptr;
}

/// Creates the nodes pods refer to, places pods by hostIP, and adds default nodes when there are none.
void CompleteNodes(Cluster& cluster) {
  std::map<Ipv4, std::string> node_by_ip;
  for (const Node& n : cluster.nodes) {
    for (Ipv4 ip : n.addresses) node_by_ip.emplace(ip, n.name);
  }
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
    Node* node = FindNodeByName(cluster.nodes, p.node);
    if (node == nullptr) {
      Node made;
      made.name = p.node;
      made.origin = p.origin;
      cluster.nodes.push_back(made);
      node = &cluster.nodes.back();
    }
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
    for (std::size_t i = 1; i <= count; ++i) {
      Node made;
      made.name = "node-" + std::to_string(i);
      cluster.nodes.push_back(made);
    }
  }
  SortNodes(cluster.nodes);
}

bool Overlaps(const Cidr& a, const Cidr& b) { return a.Contains(b.Network()) || b.Contains(a.Network()); }

void AssignNodeAddresses(Cluster& cluster, Diagnostics& diag) {
  std::set<Ipv4> used;
  for (const Node& n : cluster.nodes) used.insert(n.addresses.begin(), n.addresses.end());
  for (const Pod& p : cluster.pods) {
    if (p.ip != 0) used.insert(p.ip);
  }
  Ipv4 next = kNodeAddressRange.Network() + 2;
  for (Node& n : cluster.nodes) {
    if (!n.addresses.empty()) continue;
    while (used.count(next) && next < kNodeAddressRange.Last()) ++next;
    if (next >= kNodeAddressRange.Last()) {
      diag.Error(Location{}, "no free node address left in " + kNodeAddressRange.ToString());
      return;
    }
    n.addresses.push_back(next);
    used.insert(next);
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

/// Repeats of a node's own address are dropped; an address of two nodes is an error.
void CheckNodeAddresses(Cluster& cluster, Diagnostics& diag) {
  std::map<Ipv4, std::string> first_node;
  for (Node& n : cluster.nodes) {
    std::vector<Ipv4> own;
    for (Ipv4 a : n.addresses) {
      if (std::count(own.begin(), own.end(), a) != 0) continue;
      own.push_back(a);
      if (!first_node.emplace(a, n.name).second) {
        diag.Error(Location{n.origin.source, n.origin.doc, "Node " + n.name,
                            (n.origin.path.empty() ? "" : n.origin.path + ".") + "status.addresses"},
                   FormatIpv4(a) + " is also the address of node " + first_node[a] +
                       ": a node's address is its own");
      }
    }
    n.addresses = own;
  }
}

void SchedulePods(Cluster& cluster) {
  std::size_t next = 0;
  for (Pod& p : cluster.pods) {
    if (!p.node.empty()) continue;
    p.node = cluster.nodes[next % cluster.nodes.size()].name;
    ++next;
  }
}

/// "status.podIP", or "items[3].status.podIP" inside a List.
std::string StatusPath(const Pod& p, const std::string& field) {
  return (p.origin.path.empty() ? "" : p.origin.path + ".") + "status." + field;
}

void AssignPodIps(Cluster& cluster, Diagnostics& diag) {
  std::set<Ipv4> used;
  for (const Node& n : cluster.nodes) used.insert(n.addresses.begin(), n.addresses.end());
  for (const Pod& p : cluster.pods) {
    if (p.ip != 0) used.insert(p.ip);
  }
  std::map<std::string, Ipv4> cursor;  // node name → next candidate address
  for (Pod& p : cluster.pods) {
    const Node* node = cluster.FindNode(p.node);
    if (node == nullptr) continue;  // cannot happen: CompleteNodes created every node
    Location where{p.origin.source, p.origin.doc, "Pod " + p.Key(), StatusPath(p, "hostIP")};
    if (p.host_ip == 0) {
      p.host_ip = node->addresses.front();
    } else if (std::count(node->addresses.begin(), node->addresses.end(), p.host_ip) == 0) {
      std::string addresses;
      for (Ipv4 a : node->addresses) addresses += (addresses.empty() ? "" : ", ") + FormatIpv4(a);
      diag.Error(where, FormatIpv4(p.host_ip) + " is not an address of node " + node->name + " (" + addresses +
                            "): fix the hostIP, or the node's status.addresses");
      continue;
    }
    if (p.host_network && p.ip != 0 && p.ip != p.host_ip) {
      where.path = StatusPath(p, "podIP");
      diag.Error(where, "a hostNetwork pod has its node's address, but " + FormatIpv4(p.ip) + " is not " +
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

/// No pod that can run shares its IP with another, no ordinary pod has a node's address.
void CheckPodIps(const Cluster& cluster, Diagnostics& diag) {
  std::map<Ipv4, std::string> first_pod;
  for (const Pod& p : cluster.pods) {
    if (p.host_network || p.ip == 0) continue;
    Location where{p.origin.source, p.origin.doc, "Pod " + p.Key(), StatusPath(p, "podIP")};
    if (const Node* node = cluster.FindNodeByIp(p.ip)) {
      diag.Error(where, FormatIpv4(p.ip) + " is the address of node " + node->name +
                            ": only a hostNetwork pod has its node's address");
    } else if (p.phase != "Succeeded" && p.phase != "Failed" && !first_pod.emplace(p.ip, p.Key()).second) {
      diag.Error(where, FormatIpv4(p.ip) + " is also the IP of pod " + first_pod[p.ip] +
                            ": a pod's IP is its own (give one of them another podIP, or its phase if it ended)");
    }
  }
}

void AssignServiceIps(Cluster& cluster, Diagnostics& diag) {
  std::set<Ipv4> used;
  for (const Service& s : cluster.services) used.insert(s.cluster_ips.begin(), s.cluster_ips.end());
  const Cidr& range = cluster.config.service_cidr;
  Ipv4 candidate = range.Network() + 11;
  for (Service& s : cluster.services) {
    if (!s.cluster_ips.empty() || s.Headless() || s.type == "ExternalName" || !s.cluster_ip.empty()) continue;
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

/// The nodePort written on another port of `svc` with the same port number (the API server gives a Service's
/// ports that share a number, e.g. DNS on TCP and UDP 53, one nodePort), or 0.
int SiblingNodePort(const Service& svc, int port) {
  for (const ServicePort& p : svc.ports) {
    if (p.port == port && p.node_port != 0) return p.node_port;
  }
  return 0;
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
    bool wants = s.type == "NodePort" || (s.type == "LoadBalancer" && s.allocate_load_balancer_node_ports);
    if (!wants) continue;
    for (ServicePort& p : s.ports) {
      if (p.node_port != 0) continue;
      if (int sibling = SiblingNodePort(s, p.port); sibling != 0) {
        p.node_port = sibling;
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
      used.insert(candidate++);
    }
  }
}

}  // namespace

void AssignAddresses(Cluster& cluster, Diagnostics& diag) {
  CompleteNodes(cluster);
  AssignNodeAddresses(cluster, diag);
  CheckNodeAddresses(cluster, diag);
  if (diag.HasErrors() && std::any_of(cluster.nodes.begin(), cluster.nodes.end(),
                                      [](const Node& n) { return !n.pod_cidr || n.addresses.empty(); })) {
    return;
  }
  SchedulePods(cluster);
  AssignPodIps(cluster, diag);
  CheckPodIps(cluster, diag);
  AssignServiceIps(cluster, diag);
  AssignNodePorts(cluster, diag);
}


}  // namespace assign
namespace slices {


namespace {

/// The port list of one endpoint, comparable: (name, protocol, port) per Service port it resolves.
using PortKey = std::vector<std::tuple<std::string, int, int>>;

bool SelectorMatches(const Labels& selector, const Labels& labels) {
  for (const auto& [key, value] : selector) {
    auto it = labels.find(key);
    if (it == labels.end() || it->second != value) return false;
  }
  return true;
}

/// ShouldPodBeInEndpoints(pod, includeTerminating=true): an IP and not terminal (SVC-2).
bool IsEndpointCandidate(const Pod& pod) { return pod.ip != 0 && pod.phase != "Succeeded" && pod.phase != "Failed"; }

/// The pod's port for `port` (SVC-4): a numeric targetPort as is, a named one from the pod's ports by name and
/// protocol (regular containers come first in pod.ports). 0 when the pod lacks it.
int ResolveTargetPort(const Pod& pod, const ServicePort& port) {
  if (port.target_port_name.empty()) return port.target_port;
  for (const ContainerPort& cp : pod.ports) {
    if (cp.name == port.target_port_name && cp.protocol == port.protocol) return cp.port;
  }
  return 0;
}

Endpoint PodEndpoint(const Pod& pod, const Service& svc) {
  Endpoint ep;
  ep.addresses.push_back(pod.ip);
  ep.serving = pod.ready;
  ep.terminating = pod.terminating;
  ep.ready = svc.publish_not_ready_addresses || (ep.serving && !ep.terminating);
  ep.node_name = pod.node;
  ep.target_pod = pod.Key();
  if (!pod.hostname.empty() && pod.subdomain == svc.name) ep.hostname = pod.hostname;
  return ep;
}

/// Pods of namespace `ns` in `pods` (sorted by (ns, name)).
std::pair<std::vector<Pod>::const_iterator, std::vector<Pod>::const_iterator> PodsIn(const std::vector<Pod>& pods,
                                                                                     const std::string& ns) {
  auto first =
      std::lower_bound(pods.begin(), pods.end(), ns, [](const Pod& p, const std::string& n) { return p.ns < n; });
  auto last = std::upper_bound(first, pods.end(), ns, [](const std::string& n, const Pod& p) { return n < p.ns; });
  return {first, last};
}

/// The pods of one namespace by label: (key, value) → pods carrying it, in cluster order. Built once per namespace
/// so that a Service's selector looks only at the pods that have its first label, not at the whole namespace.
using LabelPostings = std::map<std::pair<std::string, std::string>, std::vector<const Pod*>>;

LabelPostings IndexPods(const std::vector<Pod>& pods, const std::string& ns) {
  LabelPostings index;
  auto [first, last] = PodsIn(pods, ns);
  for (auto it = first; it != last; ++it) {
    for (const auto& label : it->labels) index[label].push_back(&*it);
  }
  return index;
}

void GenerateFor(const Service& svc, const LabelPostings& pods_by_label, std::set<std::string>& used_names,
                 std::vector<EndpointSlice>& out) {
  std::map<PortKey, std::vector<Endpoint>> groups;
  auto candidates = pods_by_label.find(*svc.selector->begin());  // the selector is not empty
  if (candidates == pods_by_label.end()) return;
  for (const Pod* candidate : candidates->second) {
    const Pod& pod = *candidate;
    if (!IsEndpointCandidate(pod) || !SelectorMatches(*svc.selector, pod.labels)) continue;
    PortKey key;
    for (const ServicePort& port : svc.ports) {
      int number = ResolveTargetPort(pod, port);
      if (number != 0) key.emplace_back(port.name, static_cast<int>(port.protocol), number);
    }
    groups[key].push_back(PodEndpoint(pod, svc));
  }
  int n = 0;
  for (auto& [key, endpoints] : groups) {
    for (std::size_t start = 0; start < endpoints.size(); start += kMaxEndpointsPerSlice) {
      EndpointSlice slice;
      slice.ns = svc.ns;
      do {
        slice.name = svc.name + "-" + std::to_string(++n);
      } while (!used_names.insert(slice.name).second);
      slice.service_name = svc.name;
      for (const auto& [name, protocol, number] : key) {
        slice.ports.push_back(EndpointPort{name, static_cast<Protocol>(protocol), number});
      }
      std::size_t end = std::min(endpoints.size(), start + kMaxEndpointsPerSlice);
      slice.endpoints.assign(endpoints.begin() + static_cast<std::ptrdiff_t>(start),
                             endpoints.begin() + static_cast<std::ptrdiff_t>(end));
      slice.generated = true;
      slice.origin = svc.origin;
      out.push_back(std::move(slice));
    }
  }
}

}  // namespace

void GenerateEndpointSlices(Cluster& cluster) {
  std::map<std::string, std::set<std::string>> used_names;  // namespace → slice names
  for (const EndpointSlice& s : cluster.endpoint_slices) used_names[s.ns].insert(s.name);
  std::vector<EndpointSlice> generated;
  std::string indexed_ns;  // Services are sorted by namespace: one index at a time
  LabelPostings index;
  bool indexed = false;
  for (const Service& svc : cluster.services) {
    if (svc.type == "ExternalName" || !svc.selector || svc.selector->empty()) continue;
    if (!indexed || svc.ns != indexed_ns) {
      index = IndexPods(cluster.pods, svc.ns);
      indexed_ns = svc.ns;
      indexed = true;
    }
    GenerateFor(svc, index, used_names[svc.ns], generated);
  }
  if (generated.empty()) return;
  for (EndpointSlice& s : generated) cluster.endpoint_slices.push_back(std::move(s));
  std::sort(
      cluster.endpoint_slices.begin(), cluster.endpoint_slices.end(),
      [](const EndpointSlice& a, const EndpointSlice& b) { return std::tie(a.ns, a.name) < std::tie(b.ns, b.name); });
}


}  // namespace slices
namespace owners {


namespace {

/// The pods of `group` that `selector` matches, or "" when it matches all or none.
std::string PartialMatch(const LabelSelector& selector, const std::vector<const Pod*>& group) {
  std::string matched;
  std::size_t count = 0;
  for (const Pod* p : group) {
    if (!selector.Matches(p->labels)) continue;
    ++count;
    matched += (matched.empty() ? "" : ", ") + p->name;
  }
  return count == 0 || count == group.size() ? "" : matched;
}

}  // namespace

void CheckOwnerLabelSplits(const Cluster& cluster, Diagnostics& diag) {
  std::map<std::pair<std::string, OwnerRef>, std::vector<const Pod*>> groups;
  for (const Pod& p : cluster.pods) {
    if (p.owner) groups[{p.ns, *p.owner}].push_back(&p);
  }
  // A selector can split a group only when it reads a label key whose value (or presence) differs inside the
  // group; StatefulSet pods always differ (their pod-name label), so this filter keeps big inputs fast.
  auto reads_any = [](const LabelSelector& selector, const std::set<std::string>& keys) {
    for (const auto& [key, value] : selector.match_labels) {
      if (keys.count(key)) return true;
    }
    for (const LabelRequirement& r : selector.match_expressions) {
      if (keys.count(r.key)) return true;
    }
    return false;
  };
  std::map<std::string, const Labels*> ns_labels;
  for (const Namespace& ns : cluster.namespaces) ns_labels[ns.name] = &ns.labels;
  std::map<std::string, std::vector<std::size_t>> by_namespace;  // policy indices, in cluster order
  std::vector<std::size_t> cross_namespace;                        // policies with a namespaceSelector peer
  for (std::size_t i = 0; i < cluster.network_policies.size(); ++i) {
    const NetworkPolicy& np = cluster.network_policies[i];
    by_namespace[np.ns].push_back(i);
    bool cross = false;
    for (const auto* rules : {&np.ingress, &np.egress}) {
      for (const PolicyRule& rule : *rules) {
        for (const PolicyPeer& peer : rule.peers) cross = cross || (peer.pod_selector && peer.namespace_selector);
      }
    }
    if (cross) cross_namespace.push_back(i);
  }
  for (const auto& [key, group] : groups) {
    std::set<std::string> differing;
    const Labels& first = group.front()->labels;
    for (const Pod* p : group) {
      if (p->labels == first) continue;
      for (const auto& [k, v] : p->labels) {
        auto it = first.find(k);
        if (it == first.end() || it->second != v) differing.insert(k);
      }
      for (const auto& [k, v] : first) {
        if (!p->labels.count(k)) differing.insert(k);
      }
    }
    if (differing.empty()) continue;
    auto ns_it = ns_labels.find(key.first);
    const Labels* group_ns_labels = ns_it == ns_labels.end() ? nullptr : ns_it->second;
    // Only policies of the group's namespace and policies with a cross-namespace peer can select its pods.
    std::vector<std::size_t> candidates;
    auto local = by_namespace.find(key.first);
    if (local != by_namespace.end()) candidates = local->second;
    candidates.insert(candidates.end(), cross_namespace.begin(), cross_namespace.end());
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (std::size_t index : candidates) {
      const NetworkPolicy& np = cluster.network_policies[index];
      // (path, selector) of every selector of np that applies to the group's namespace and reads a differing key.
      std::vector<std::pair<std::string, const LabelSelector*>> selectors;
      if (np.ns == key.first && reads_any(np.pod_selector, differing)) {
        selectors.push_back({"spec.podSelector", &np.pod_selector});
      }
      auto add_peers = [&](const std::vector<PolicyRule>& rules, const std::string& dir, const char* peers_key) {
        for (std::size_t r = 0; r < rules.size(); ++r) {
          for (std::size_t i = 0; i < rules[r].peers.size(); ++i) {
            const PolicyPeer& peer = rules[r].peers[i];
            if (!peer.pod_selector || (!peer.namespace_selector && np.ns != key.first)) continue;
            // A namespaceSelector that does not match the group's namespace never selects its pods (NP-11).
            if (peer.namespace_selector && (group_ns_labels == nullptr ||
                                            !peer.namespace_selector->Matches(*group_ns_labels))) {
              continue;
            }
            if (!reads_any(*peer.pod_selector, differing)) continue;
            selectors.push_back({"spec." + dir + "[" + std::to_string(r) + "]." + peers_key + "[" +
                                     std::to_string(i) + "].podSelector",
                                 &*peer.pod_selector});
          }
        }
      };
      add_peers(np.ingress, "ingress", "from");
      add_peers(np.egress, "egress", "to");
      for (const auto& [path, selector] : selectors) {
        std::string matched = PartialMatch(*selector, group);
        if (matched.empty()) continue;
        std::string field = np.origin.path.empty() ? path : np.origin.path + "." + path;
        diag.Warning(Location{np.origin.source, np.origin.doc, "NetworkPolicy " + np.Key(), field},
                     "selector " + selector->ToString() + " matches only some pods of " + key.second.kind + " " +
                         key.first + "/" + key.second.name + " (" + matched +
                         "), whose pods have different labels; workload-level output merges them into one peer");
        break;
      }
    }
  }
}


}  // namespace owners

namespace {

std::string DescribeOrigin(const Origin& o) {
  std::string out = o.source + ": doc " + std::to_string(o.doc);
  if (!o.path.empty()) out += " (" + o.path + ")";
  return out;
}

template <typename T>
void SortByNsName(std::vector<T>& items) {
  std::sort(items.begin(), items.end(),
            [](const T& a, const T& b) { return std::tie(a.ns, a.name) < std::tie(b.ns, b.name); });
}

template <typename T>
void SortByName(std::vector<T>& items) {
  std::sort(items.begin(), items.end(), [](const T& a, const T& b) { return a.name < b.name; });
}

void CreateReferencedNamespaces(Cluster& c) {
  std::map<std::string, Origin> referenced;
  auto note = [&referenced](const std::string& ns, const Origin& origin) { referenced.emplace(ns, origin); };
  for (const Pod& p : c.pods) note(p.ns, p.origin);
  for (const Workload& w : c.workloads) note(w.ns, w.origin);
  for (const Service& s : c.services) note(s.ns, s.origin);
  for (const EndpointSlice& e : c.endpoint_slices) note(e.ns, e.origin);
  for (const Ingress& i : c.ingresses) note(i.ns, i.origin);
  for (const NetworkPolicy& n : c.network_policies) note(n.ns, n.origin);
  std::map<std::string, bool> declared;
  for (const Namespace& n : c.namespaces) declared[n.name] = true;
  for (const auto& [name, origin] : referenced) {
    if (declared.count(name)) continue;
    Namespace ns;
    ns.name = name;
    ns.labels["kubernetes.io/metadata.name"] = name;
    ns.origin = origin;
    c.namespaces.push_back(std::move(ns));
  }
}

void CheckDuplicatePods(const std::vector<Pod>& pods, Diagnostics& diag) {
  for (std::size_t i = 1; i < pods.size(); ++i) {
    if (pods[i].ns != pods[i - 1].ns || pods[i].name != pods[i - 1].name) continue;
    const Origin& o = pods[i].origin;
    diag.Error(Location{o.source, o.doc, "Pod " + pods[i].Key(), o.path},
               "duplicate Pod " + pods[i].Key() + ": already defined at " + DescribeOrigin(pods[i - 1].origin));
  }
}

/// Moves the object of the block's only document into the cluster.
void Keep(DecodedBlock& block, const DecodedDocument& d, Cluster& c, std::vector<WorkloadSpec>& workloads) {
  switch (d.kind) {
    case ObjectKind::kNamespace: c.namespaces.push_back(std::move(block.namespaces[d.object])); break;
    case ObjectKind::kNode: c.nodes.push_back(std::move(block.nodes[d.object])); break;
    case ObjectKind::kPod: c.pods.push_back(std::move(block.pods[d.object])); break;
    case ObjectKind::kWorkload: workloads.push_back(std::move(block.workloads[d.object])); break;
    case ObjectKind::kService: c.services.push_back(std::move(block.services[d.object])); break;
    case ObjectKind::kEndpointSlice: c.endpoint_slices.push_back(std::move(block.endpoint_slices[d.object])); break;
    case ObjectKind::kIngress: c.ingresses.push_back(std::move(block.ingresses[d.object])); break;
    case ObjectKind::kIngressClass: c.ingress_classes.push_back(std::move(block.ingress_classes[d.object])); break;
    case ObjectKind::kNetworkPolicy: c.network_policies.push_back(std::move(block.network_policies[d.object])); break;
    case ObjectKind::kNone: break;
  }
}

}  // namespace

Cluster BuildCluster(const std::vector<Document>& docs, const ClusterConfig& config, Diagnostics& diag) {
  Cluster c;
  c.config = config;
  std::vector<WorkloadSpec> workloads;
  std::map<std::tuple<std::string, std::string, std::string>, Origin> seen;
  int skipped = 0;
  for (const Document& doc : docs) {
    DecodedBlock block;
    block.source = doc.source;
    DecodeDocumentInto(NlohmannValue(&doc.body), doc.index, doc.path, "", config.relaxed_validation, block);
    const DecodedDocument& d = block.docs.back();
    const std::vector<Diagnostic>& items = d.diag.items();
    std::size_t split = d.kind == ObjectKind::kNone ? items.size() : d.split;
    Diagnostics local;
    for (std::size_t k = 0; k < split; ++k) local.Add(items[k].severity, items[k].where, items[k].message);
    bool fresh = true;
    if (d.kind != ObjectKind::kNone) {
      auto [ns, name] = block.Key(d);
      auto [it, inserted] =
          seen.emplace(std::make_tuple(std::string(d.kind_name), *ns, *name), Origin{doc.source, doc.index, doc.path});
      if (!inserted) {
        fresh = false;
        std::string describe = std::string(d.kind_name) + " " + (ns->empty() ? *name : *ns + "/" + *name);
        local.Error(Location{doc.source, doc.index, describe, JoinPath(JoinPath(doc.path, "metadata"), "name")},
                    "duplicate " + describe + ": already defined at " + DescribeOrigin(it->second));
      }
    }
    for (std::size_t k = split; k < items.size(); ++k) local.Add(items[k].severity, items[k].where, items[k].message);
    if (d.keep && fresh) Keep(block, d, c, workloads);
    if (local.HasErrors() && config.skip_invalid_documents) {
      for (const Diagnostic& x : local.items()) {
        diag.Add(x.severity == Severity::kError ? Severity::kWarning : x.severity, x.where, x.message);
      }
      diag.Warning(Location{doc.source, doc.index, "", doc.path}, "document skipped because of the problems above");
      ++skipped;
    } else {
      diag.Append(local);
    }
  }
  for (const WorkloadSpec& w : workloads) c.workloads.push_back(w.workload);
  SortByName(c.nodes);
  std::vector<Node> expansion_nodes = c.nodes;
  if (expansion_nodes.empty()) {
    Node node;
    node.name = "node-1";
    expansion_nodes.push_back(node);
  }
  expand::ExpandWorkloads(workloads, expansion_nodes, c.pods, diag);
  SortByNsName(c.pods);
  CheckDuplicatePods(c.pods, diag);
  if (skipped > 0 && c.pods.empty()) diag.Error(Location{}, "no pods are left after skipping invalid documents");
  std::sort(c.workloads.begin(), c.workloads.end(), [](const Workload& a, const Workload& b) {
    return std::tie(a.ns, a.ref.name, a.ref.kind) < std::tie(b.ns, b.ref.name, b.ref.kind);
  });
  CreateReferencedNamespaces(c);
  SortByName(c.namespaces);
  SortByNsName(c.services);
  SortByNsName(c.endpoint_slices);
  SortByNsName(c.ingresses);
  SortByName(c.ingress_classes);
  SortByNsName(c.network_policies);
  assign::AssignAddresses(c, diag);
  slices::GenerateEndpointSlices(c);
  owners::CheckOwnerLabelSplits(c, diag);
  ValidateServiceAllocations(c, diag);
  return c;
}

}  // namespace reference
}  // namespace testing
}  // namespace kreach
