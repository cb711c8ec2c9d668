// Services (core/v1) with the API server's validation (VAL-8). Loader-internal.
#ifndef KREACH_SIM_LOADER_DECODE_SERVICE_H_
#define KREACH_SIM_LOADER_DECODE_SERVICE_H_

#include <optional>

#include "sim/loader/decode_meta.h"
#include "sim/loader/json_reader.h"
#include "sim/model/cluster.h"

namespace kreach {

/// Decodes and validates a Service: type, ports (targetPort defaults to port; int or IANA name), nodePort
/// (30000-32767, not for ClusterIP), selector, clusterIP ("", "None" or an address; clusterIPs), externalIPs,
/// status.loadBalancer.ingress[].ip, loadBalancerSourceRanges, traffic policies, session affinity,
/// publishNotReadyAddresses, externalName. ClusterIPs are not assigned here. nullopt on any error.
template <typename V>
std::optional<Service> DecodeService(const JsonField<V>& body, ObjectMeta& meta);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_DECODE_SERVICE_H_
