// EndpointSlices the endpointslice controller would make for selector Services. Loader-internal.
#ifndef KREACH_SIM_LOADER_GENERATE_ENDPOINT_SLICES_H_
#define KREACH_SIM_LOADER_GENERATE_ENDPOINT_SLICES_H_

#include <cstddef>

#include "sim/model/cluster.h"

namespace kreach {

/// Most endpoints per generated slice (kube-controller-manager --max-endpoints-per-slice default).
inline constexpr std::size_t kMaxEndpointsPerSlice = 100;

/// Adds generated EndpointSlices (generated = true, origin = the Service's) to `cluster.endpoint_slices` for
/// every Service that is not ExternalName and has a non-empty selector (SVC-1), headless ones included.
/// Endpoints are the pods of the Service's namespace whose labels contain the selector, that have an IP and are
/// not Succeeded/Failed (SVC-2), in pod order, with conditions per SVC-3, nodeName, targetRef and a hostname when
/// the pod's subdomain is the Service's name (DNS-4). Each pod's ports are the Service ports it resolves
/// (SVC-4: named targetPorts by name and protocol; a pod lacking one has no entry for that port). Pods with the
/// same resolved port list share slices of at most kMaxEndpointsPerSlice endpoints, named `<svc>-<n>` (n from 1,
/// port lists in sorted order, skipping names the namespace already uses). Manual slices are kept as they are.
/// Requires the pods, services and slices sorted by (ns, name) and addresses assigned; keeps the slices sorted.
void GenerateEndpointSlices(Cluster& cluster);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_GENERATE_ENDPOINT_SLICES_H_
