// The common part of every object: kind, metadata, origin. Loader-internal.
#ifndef KREACH_SIM_LOADER_DECODE_META_H_
#define KREACH_SIM_LOADER_DECODE_META_H_

#include <optional>
#include <string>

#include "sim/loader/json_reader.h"
#include "sim/model/cluster.h"

namespace kreach {

/// How a kind's metadata.name is validated.
enum class NameRule { kDns1123Subdomain, kDns1123Label, kDns1035Label };

/// Kind, name, namespace (defaulted to "default" when namespaced), labels and annotations of one object.
struct ObjectMeta {
  std::string kind;
  std::string ns;  ///< "" for cluster-scoped kinds
  std::string name;
  Labels labels;
  Labels annotations;
  std::string creation_timestamp;
  bool deleting = false;  ///< metadata.deletionTimestamp is set
  Origin origin;
  /// "Kind ns/name" (or "Kind name" when cluster-scoped), as messages show it.
  std::string Describe() const;
};

/// Decodes `body.metadata` into `meta`. Requires a name (valid per `rule`); for namespaced kinds (a non-empty
/// `default_namespace`) validates the namespace and defaults it to `default_namespace`. Points the reporter's object
/// text at meta's kind, namespace and name as soon as the name is known (so `meta` must stay where it is while the
/// reporter reports). Returns false when the name is missing or not a string (nothing else about the object can be
/// reported usefully without it).
template <typename V>
bool DecodeObjectMeta(const JsonField<V>& body, const std::string& kind, std::string_view default_namespace,
                      NameRule rule, Origin origin, ObjectMeta& meta);

/// Reads an optional `protocol` field (TCP, UDP or SCTP, exact case) into `out`, which keeps its value (the
/// TCP default) when the field is absent. An unsupported value is reported on the field; returns false then.
template <typename V>
bool DecodeProtocol(const JsonField<V>& field, Protocol& out);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_DECODE_META_H_
