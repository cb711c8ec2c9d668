// Namespaces and Nodes. Loader-internal.
#ifndef KREACH_SIM_LOADER_DECODE_TOPOLOGY_H_
#define KREACH_SIM_LOADER_DECODE_TOPOLOGY_H_

#include <optional>

#include "sim/loader/decode_meta.h"
#include "sim/loader/json_reader.h"
#include "sim/model/cluster.h"

namespace kreach {

/// A declared Namespace; its labels get kubernetes.io/metadata.name=<name> (NP-16).
template <typename V>
std::optional<Namespace> DecodeNamespace(const JsonField<V>& body, ObjectMeta& meta);

/// A Node: labels, status.addresses (InternalIP first, then ExternalIP; IPv6 ignored), spec.podCIDR
/// (spec.podCIDRs' first IPv4 entry otherwise). nullopt when the document has errors.
template <typename V>
std::optional<Node> DecodeNode(const JsonField<V>& body, ObjectMeta& meta);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_DECODE_TOPOLOGY_H_
