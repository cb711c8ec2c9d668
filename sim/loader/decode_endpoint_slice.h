// EndpointSlices (discovery.k8s.io/v1) written by the user. Loader-internal.
#ifndef KREACH_SIM_LOADER_DECODE_ENDPOINT_SLICE_H_
#define KREACH_SIM_LOADER_DECODE_ENDPOINT_SLICE_H_

#include <optional>

#include "sim/loader/decode_meta.h"
#include "sim/loader/json_reader.h"
#include "sim/model/cluster.h"

namespace kreach {

/// Decodes a slice: service name from label kubernetes.io/service-name, ports (name, protocol, port),
/// endpoints (IPv4 addresses, conditions with nil ready/serving = true and nil terminating = false, hostname,
/// nodeName, targetRef of kind Pod). Slices of addressType IPv6/FQDN are skipped with an info line (nullopt,
/// no error). nullopt on any error.
template <typename V>
std::optional<EndpointSlice> DecodeEndpointSlice(const JsonField<V>& body, ObjectMeta& meta);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_DECODE_ENDPOINT_SLICE_H_
