#include "sim/net/service_backends.h"

#include <algorithm>
#include <cstddef>
#include <tuple>

namespace kreach {

namespace {

const Cidr kLoopback{0x7F000000u, 8};    // 127.0.0.0/8
const Cidr kLinkLocal{0xA9FE0000u, 16};  // 169.254.0.0/16

/// SVC-5: addresses kube-proxy must not be pointed at from a manual slice.
bool ForbiddenManualAddress(const Cluster& cluster, Ipv4 ip) {
  if (kLoopback.Contains(ip) || kLinkLocal.Contains(ip)) return true;
  for (const Service& s : cluster.services) {
    if (std::find(s.cluster_ips.begin(), s.cluster_ips.end(), ip) != s.cluster_ips.end()) return true;
  }
  return false;
}

bool DeclaresPort(const Pod& pod, int port, Protocol protocol) {
  return std::any_of(pod.ports.begin(), pod.ports.end(),
                     [&](const ContainerPort& cp) { return cp.port == port && cp.protocol == protocol; });
}

/// The pod behind an endpoint: its targetRef when that pod has the IP, else the pod with the IP (see header).
const Pod* BackendPod(const Cluster& cluster, const Endpoint& ep, Ipv4 ip, int port, Protocol protocol) {
  if (!ep.target_pod.empty()) {
    std::size_t slash = ep.target_pod.find('/');
    const Pod* pod = cluster.FindPod(ep.target_pod.substr(0, slash), ep.target_pod.substr(slash + 1));
    if (pod != nullptr && pod->ip == ip) return pod;
  }
  if (const Pod* pod = cluster.FindPodByIp(ip)) return pod;
  const Pod* first = nullptr;
  for (const Pod& p : cluster.pods) {
    if (!p.host_network || p.ip != ip) continue;
    if (DeclaresPort(p, port, protocol)) return &p;
    if (first == nullptr) first = &p;
  }
  return first;
}

const EndpointPort* MatchingSlicePort(const EndpointSlice& slice, const ServicePort& port) {
  for (const EndpointPort& p : slice.ports) {
    if (p.name == port.name && p.protocol == port.protocol && p.port != 0) return &p;
  }
  return nullptr;
}

}  // namespace

SliceIndex::SliceIndex(const Cluster& cluster) {
  for (const EndpointSlice& slice : cluster.endpoint_slices)
    by_service_[slice.ns + "/" + slice.service_name].push_back(&slice);
}

const std::vector<const EndpointSlice*>& SliceIndex::Of(const Service& svc) const {
  static const std::vector<const EndpointSlice*> kNone;
  auto it = by_service_.find(svc.ns + "/" + svc.name);
  return it == by_service_.end() ? kNone : it->second;
}

std::vector<Backend> ServicePortBackends(const Cluster& cluster, const Service& svc, const ServicePort& port,
                                         const SliceIndex* index) {
  std::vector<const EndpointSlice*> scanned;
  if (index == nullptr) {
    for (const EndpointSlice& slice : cluster.endpoint_slices) {
      if (slice.ns == svc.ns && slice.service_name == svc.name) scanned.push_back(&slice);
    }
  }
  std::vector<Backend> out;
  for (const EndpointSlice* slice_ptr : index != nullptr ? index->Of(svc) : scanned) {
    const EndpointSlice& slice = *slice_ptr;
    const EndpointPort* slice_port = MatchingSlicePort(slice, port);
    if (slice_port == nullptr) continue;
    for (const Endpoint& ep : slice.endpoints) {
      if (ep.addresses.empty()) continue;
      Ipv4 ip = ep.addresses.front();
      if (!slice.generated && ForbiddenManualAddress(cluster, ip)) continue;
      Backend b;
      b.ip = ip;
      b.port = slice_port->port;
      b.pod = BackendPod(cluster, ep, ip, b.port, port.protocol);
      b.node = !ep.node_name.empty() ? ep.node_name : b.pod != nullptr ? b.pod->node : "";
      b.ready = ep.ready;
      b.serving = ep.serving;
      b.terminating = ep.terminating;
      b.hostname = ep.hostname;
      b.slice = &slice;
      out.push_back(std::move(b));
    }
  }
  // Manual slices first among equal (ip, port); slices are in (ns, name) order already.
  std::stable_sort(out.begin(), out.end(), [](const Backend& a, const Backend& b) {
    return std::make_tuple(a.ip, a.port, a.slice->generated) < std::make_tuple(b.ip, b.port, b.slice->generated);
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Backend& a, const Backend& b) { return a.ip == b.ip && a.port == b.port; }),
            out.end());
  return out;
}

std::vector<Backend> UsableBackends(const std::vector<Backend>& all, const std::string& node) {
  std::vector<Backend> ready, fallback;
  for (const Backend& b : all) {
    if (!node.empty() && b.node != node) continue;
    if (b.ready) {
      ready.push_back(b);
    } else if (b.serving && b.terminating) {
      fallback.push_back(b);
    }
  }
  return ready.empty() ? fallback : ready;
}

const ServicePort* FindServicePort(const Service& svc, std::string_view text, Protocol protocol) {
  if (text.empty()) return nullptr;
  bool numeric = std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  int number = 0;
  if (numeric) {
    for (char c : text) {
      number = number * 10 + (c - '0');
      if (number > 65535) return nullptr;
    }
  }
  for (const ServicePort& p : svc.ports) {
    if (p.protocol != protocol) continue;
    if (numeric ? p.port == number : p.name == text) return &p;
  }
  return nullptr;
}

}  // namespace kreach
