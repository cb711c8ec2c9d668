#include "sim/loader/validate_services.h"

#include <map>
#include <optional>
#include <string>
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
  for (const Service& svc : cluster.services) {
    if (!svc.Headless() && !svc.cluster_ip.empty()) {
      std::optional<Ipv4> ip = ParseIpv4(svc.cluster_ip);  // IPv6 addresses are not modelled
      if (ip && !range.Contains(*ip)) {
        diag.Error(At(svc, "spec.clusterIP"), svc.cluster_ip + " is not inside the service CIDR " + range.ToString() +
                                                  " (remove it to get one assigned, or set cluster.serviceCIDR)");
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
}

}  // namespace kreach
