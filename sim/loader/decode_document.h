// Decoding documents one by one, before they are merged into a cluster in input order. Loader-internal.
#ifndef KREACH_SIM_LOADER_DECODE_DOCUMENT_H_
#define KREACH_SIM_LOADER_DECODE_DOCUMENT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/loader/decode_workload.h"
#include "sim/loader/document.h"
#include "sim/loader/json_reader.h"
#include "sim/loader/unmodeled_kinds.h"
#include "sim/model/cluster.h"
#include "sim/model/diagnostic.h"

namespace kreach {

/// The kinds of object a document can decode to.
enum class ObjectKind : std::uint8_t {
  kNone,
  kNamespace,
  kNode,
  kPod,
  kWorkload,
  kService,
  kEndpointSlice,
  kIngress,
  kIngressClass,
  kNetworkPolicy
};

/// A skipped object of a kind that filters or routes traffic (unmodeled_kinds.h).
struct UnmodeledObject {
  std::string kind;
  std::string api_version;
  std::string object;  ///< "ns/name", "name", or "" when it has no name
  UnmodeledEffect effect;
};

/// One document after decoding on its own. Decoding does not depend on the other documents; what does (a
/// duplicate of an earlier object) is decided when blocks are merged (BuildClusterFromBlocks), which reports the
/// duplicate where the sequential reader did: after the metadata's messages, before the kind's.
struct DecodedDocument {
  /// What was registered: a modelled kind whose metadata (name) decoded. kNone: nothing (no kind, a kind that
  /// is not modelled, no name); such a document only contributes its messages.
  ObjectKind kind = ObjectKind::kNone;
  const char* kind_name = "";  ///< the registered kind ("Pod", "Deployment", ...), a static string
  bool keep = false;           ///< decoded without errors: the object is `object` in its block's vector
  std::uint32_t object = 0;
  std::uint32_t split = 0;     ///< messages of `diag` that precede the duplicate check (the metadata's)
  std::uint64_t key_hash = 0;  ///< ObjectKeyHash of the registered (kind, namespace, name)
  /// A kept pod's owner (PodOwner): its hash, and whether it repeats the owner of the block's previous kept pod.
  std::uint64_t owner_hash = 0;
  bool has_owner = false;
  bool owner_repeats = false;
  int index = 0;     ///< 1-based document number in the source
  std::string path;  ///< path of the object in its document: "" or "items[3]"
  /// Namespace and name of a registered object that is not kept (a kept one has them itself).
  std::unique_ptr<std::pair<std::string, std::string>> key;
  Diagnostics diag;  ///< the document's own messages, in order
  /// Set for an object of a traffic kind that kreach does not model: the loader warns once per kind.
  std::unique_ptr<UnmodeledObject> unmodeled;
  /// Set for a document skipped for its kind (not modelled, or a modelled kind's name in another API group):
  /// its kind, apiVersion and "ns/name" as written, so that a scenario's `submissionScope` can judge it.
  std::unique_ptr<UnmodeledObject> skipped;
};

/// Documents of one source decoded in order, their objects by kind in the same order.
struct DecodedBlock {
  std::string source;
  std::size_t planned = 0;  ///< documents the block is made for (room is reserved for them)
  std::vector<DecodedDocument> docs;
  std::vector<Namespace> namespaces;
  std::vector<Node> nodes;
  std::vector<Pod> pods;
  std::vector<WorkloadSpec> workloads;
  std::vector<Service> services;
  std::vector<EndpointSlice> endpoint_slices;
  std::vector<Ingress> ingresses;
  std::vector<IngressClass> ingress_classes;
  std::vector<NetworkPolicy> network_policies;

  /// Namespace and name of the registered document `doc`.
  std::pair<const std::string*, const std::string*> Key(const DecodedDocument& doc) const;
  /// Removes the last document and its object.
  void PopBack();
};

/// A hash of an object's identity for duplicate detection (equal keys, equal hashes).
std::uint64_t ObjectKeyHash(std::string_view kind, std::string_view ns, std::string_view name);

/// Decodes `body`, document `index` of `block.source` at `path` in it, by kind (semantics reference §4) and
/// appends it to `block`. `implied_kind`, when not empty, is the kind of a typed List's item that has none
/// (as the List's kind implies it), and `implied_api_version` the List's apiVersion for such an item that has none
/// of its own. `config` gives the loader settings (relaxed_validation,
/// unknown_fields_are_warnings, default_namespace).
template <typename V>
void DecodeDocumentInto(V body, int index, std::string path, std::string_view implied_kind,
                        std::string_view implied_api_version, const ClusterConfig& config, DecodedBlock& block);

/// Decodes `docs` into blocks, in order (on two threads when there are many; the result is the same).
std::vector<DecodedBlock> DecodeDocuments(const std::vector<Document>& docs, const ClusterConfig& config,
                                          bool parallel = true);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_DECODE_DOCUMENT_H_
