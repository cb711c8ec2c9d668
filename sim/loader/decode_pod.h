// Pods and pod templates: spec (ports, placement, DNS fields) and status (addresses, phase, readiness).
// Loader-internal.
#ifndef KREACH_SIM_LOADER_DECODE_POD_H_
#define KREACH_SIM_LOADER_DECODE_POD_H_

#include <optional>

#include "sim/loader/decode_meta.h"
#include "sim/loader/json_reader.h"
#include "sim/model/cluster.h"

namespace kreach {

/// Reads a PodSpec into `pod`: nodeName, hostNetwork, hostname, subdomain, dnsPolicy, the container ports
/// of containers[] followed by those of initContainers[] with restartPolicy Always (sidecars), and where the pod
/// may run (nodeSelector, required node affinity: DecodeNodeConstraints). Ports are validated (containerPort
/// 1..65535, name an IANA_SVC_NAME, protocol TCP/UDP/SCTP).
template <typename V>
void DecodePodSpec(const JsonField<V>& spec, Pod& pod);

/// The controller ownerReference (controller: true, else the first), as written. A reference without `kind`
/// breaks an API rule (ClusterConfig::relaxed_validation); relaxed, it is taken as kind Pod, as
/// netpol-analyzer does.
template <typename V>
std::optional<OwnerRef> DecodeOwner(const JsonField<V>& metadata);

/// A Pod object: metadata, spec and status (podIP/podIPs first IPv4, hostIP, phase, Ready condition,
/// deletionTimestamp). nullopt when the document has errors. The labels are moved out of `meta`.
template <typename V>
std::optional<Pod> DecodePod(const JsonField<V>& body, ObjectMeta& meta);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_DECODE_POD_H_
