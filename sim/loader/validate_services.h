// Cross-object Service checks the API server makes at allocation time (VAL-8). Loader-internal.
#ifndef KREACH_SIM_LOADER_VALIDATE_SERVICES_H_
#define KREACH_SIM_LOADER_VALIDATE_SERVICES_H_

#include "sim/model/cluster.h"
#include "sim/model/diagnostic.h"

namespace kreach {

/// Reports, as errors located at the Service's field: an IPv4 clusterIP written in the input that lies outside
/// `cluster.config.service_cidr`, or is its network or broadcast address, or that an earlier Service (in
/// `cluster.services` order) already has; a (protocol, nodePort) pair that an earlier Service already uses, naming
/// that Service. At the pod's status.podIP: a running pod (not hostNetwork) whose IP is a Service's ClusterIP,
/// naming the Service. Addresses kreach assigned itself are never reported (AssignAddresses keeps pod IPs and
/// ClusterIPs apart), so run this before or after AssignAddresses alike. Duplicates inside one Service are
/// DecodeService's error.
void ValidateServiceAllocations(const Cluster& cluster, Diagnostics& diag);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_VALIDATE_SERVICES_H_
