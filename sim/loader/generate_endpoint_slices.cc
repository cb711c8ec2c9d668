#include "sim/loader/generate_endpoint_slices.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace kreach {

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

}  // namespace kreach
