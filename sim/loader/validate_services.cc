#include "sim/loader/validate_services.h"

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace kreach {

namespace {

Location At(const Service& svc, const std::string& field) {
  return svc.origin.At("Service " + svc.ns + "/" + svc.name, field);
}

std::string Where(const Origin& o) { return o.source + ": doc " + std::to_string(o.doc); }

}  // namespace

void ValidateServiceAllocations(const Cluster& cluster, Diagnostics& diag) {
  const Cidr& range = cluster.config.service_cidr;
  /// (protocol, nodePort) → the Service and port index that took it first.
  std::map<std::pair<Protocol, int>, std::pair<const Service*, std::size_t>> node_ports;
  /// ClusterIP → the Service that has it (the first one that stated it).
  std::unordered_map<Ipv4, const Service*> cluster_ips;
  for (const Service& svc : cluster.services) {
    for (Ipv4 ip : svc.cluster_ips) cluster_ips.emplace(ip, &svc);
  }
  for (const Service& svc : cluster.services) {
    if (!svc.Headless() && !svc.cluster_ip.empty()) {
      std::optional<Ipv4> ip = ParseIpv4(svc.cluster_ip);  // IPv6 addresses are not modelled
      if (ip && !range.Contains(*ip)) {
        diag.Error(At(svc, "spec.clusterIP"), svc.cluster_ip + " is not inside the service CIDR " + range.ToString() +
                                                  " (remove it to get one assigned, or set cluster.serviceCIDR)");
      } else if (ip && range.prefix < 31 && (*ip == range.Network() || *ip == range.Last())) {
        // The API server's allocator hands out neither end of the range, and refuses them when asked.
        diag.Error(At(svc, "spec.clusterIP"), svc.cluster_ip + " is the " +
                                                  (*ip == range.Network() ? "network" : "broadcast") +
                                                  " address of the service CIDR " + range.ToString() +
                                                  ", which no Service can have (remove it to get one assigned)");
      } else if (auto first_it = ip ? cluster_ips.find(*ip) : cluster_ips.end(); first_it != cluster_ips.end()) {
        const Service& first = *first_it->second;
        if (&first != &svc) {
          diag.Error(At(svc, "spec.clusterIP"), svc.cluster_ip + " is already allocated to Service " + first.ns + "/" +
                                                    first.name + " (at " + Where(first.origin) +
                                                    "): choose another clusterIP or leave it out to get one assigned");
        }
      }
    }
    for (std::size_t i = 0; i < svc.ports.size(); ++i) {
      const ServicePort& port = svc.ports[i];
      if (port.node_port == 0) continue;
      auto [it, inserted] = node_ports.emplace(std::make_pair(port.protocol, port.node_port), std::make_pair(&svc, i));
      if (inserted || it->second.first == &svc) continue;
      const Service& first = *it->second.first;
      diag.Error(At(svc, "spec.ports[" + std::to_string(i) + "].nodePort"),
                 std::to_string(port.node_port) + "/" + ProtocolName(port.protocol) +
                     " is already allocated to Service " + first.ns + "/" + first.name + " (spec.ports[" +
                     std::to_string(it->second.second) + "].nodePort at " + Where(first.origin) +
                     "): choose another nodePort or leave it out to get one assigned");
    }
  }
  // A ClusterIP is no pod's address (a pod that ended may keep an address that is no longer its own).
  if (cluster_ips.empty()) return;
  for (const Pod& p : cluster.pods) {
    if (p.host_network || p.ip == 0 || Ended(p.phase)) continue;
    auto it = cluster_ips.find(p.ip);
    if (it == cluster_ips.end()) continue;
    const Service& svc = *it->second;
    diag.Error(p.origin.At("Pod " + p.Key(), "status.podIP"),
               FormatIpv4(p.ip) + " is the ClusterIP of Service " + svc.ns + "/" + svc.name + " (spec.clusterIP at " +
                   Where(svc.origin) + "): a pod's IP is its own (give the pod or the Service another address)");
  }
}

}  // namespace kreach
