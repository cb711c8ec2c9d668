// Ingress and IngressClass (networking.k8s.io/v1) with the API server's Ingress checks (VAL-9).
// Loader-internal.
#ifndef KREACH_SIM_LOADER_DECODE_INGRESS_H_
#define KREACH_SIM_LOADER_DECODE_INGRESS_H_

#include <optional>

#include "sim/loader/decode_meta.h"
#include "sim/loader/json_reader.h"
#include "sim/model/cluster.h"

namespace kreach {

/// An Ingress: class (spec.ingressClassName or the kubernetes.io/ingress.class annotation), defaultBackend,
/// rules (host, http.paths with pathType and backend), TLS hosts, creationTimestamp. Validated per VAL-9.
/// nullopt on any error.
template <typename V>
std::optional<Ingress> DecodeIngress(const JsonField<V>& body, ObjectMeta& meta);

/// An IngressClass: spec.controller and the is-default-class annotation.
template <typename V>
std::optional<IngressClass> DecodeIngressClass(const JsonField<V>& body, ObjectMeta& meta);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_DECODE_INGRESS_H_
