// NetworkPolicy (networking.k8s.io/v1) decoding, defaulting (NP-2, NP-18) and validation (VAL-1..7).
// Loader-internal.
#ifndef KREACH_SIM_LOADER_DECODE_POLICY_H_
#define KREACH_SIM_LOADER_DECODE_POLICY_H_

#include <optional>

#include "sim/loader/decode_meta.h"
#include "sim/loader/json_reader.h"
#include "sim/model/cluster.h"

namespace kreach {

/// Decodes `body` (its metadata already in `meta`). Every violation of VAL-2..7 is reported at its field path;
/// the result is nullopt when there was any error. IPv6 ipBlocks are not modelled: such a peer is dropped
/// with a warning, and a rule left without peers is dropped (it could match nothing IPv4).
template <typename V>
std::optional<NetworkPolicy> DecodeNetworkPolicy(const JsonField<V>& body, ObjectMeta& meta);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_DECODE_POLICY_H_
