#include "sim/loader/decode_document.h"

#include <atomic>
#include <exception>
#include <functional>
#include <optional>

#include "sim/loader/api_fields.h"
#include "sim/loader/decode_endpoint_slice.h"
#include "sim/loader/decode_ingress.h"
#include "sim/loader/decode_meta.h"
#include "sim/loader/decode_pod.h"
#include "sim/loader/decode_policy.h"
#include "sim/loader/decode_service.h"
#include "sim/loader/decode_topology.h"
#include "sim/loader/decode_workload.h"
#include "sim/model/parallel.h"

namespace kreach {

namespace {

// Documents per block when decoding in parallel, and the fewest documents worth a second thread.
constexpr std::size_t kBlockDocs = 512;
constexpr std::size_t kParallelDocs = 2048;

bool IsClusterScoped(std::string_view kind) { return kind == "Namespace" || kind == "Node" || kind == "IngressClass"; }

/// The object kind of a modelled kind name and its static spelling; kNone for the others.
std::pair<ObjectKind, const char*> Classify(std::string_view kind) {
  static const std::pair<const char*, ObjectKind> kKinds[] = {
      {"Pod", ObjectKind::kPod},
      {"Service", ObjectKind::kService},
      {"NetworkPolicy", ObjectKind::kNetworkPolicy},
      {"Namespace", ObjectKind::kNamespace},
      {"Node", ObjectKind::kNode},
      {"Deployment", ObjectKind::kWorkload},
      {"ReplicaSet", ObjectKind::kWorkload},
      {"StatefulSet", ObjectKind::kWorkload},
      {"DaemonSet", ObjectKind::kWorkload},
      {"ReplicationController", ObjectKind::kWorkload},
      {"Job", ObjectKind::kWorkload},
      {"CronJob", ObjectKind::kWorkload},
      {"EndpointSlice", ObjectKind::kEndpointSlice},
      {"Ingress", ObjectKind::kIngress},
      {"IngressClass", ObjectKind::kIngressClass},
  };
  for (const auto& [name, object_kind] : kKinds) {
    if (kind == name) return {object_kind, name};
  }
  return {ObjectKind::kNone, ""};
}

NameRule NameRuleFor(std::string_view kind) {
  if (kind == "Namespace") return NameRule::kDns1123Label;
  if (kind == "Service") return NameRule::kDns1035Label;
  return NameRule::kDns1123Subdomain;
}

/// "ns/name" (or "name", or "") of an object that is not modelled, read without reporting anything.
template <typename V>
std::string LenientName(V body) {
  std::string name, ns;
  V meta = body.Find("metadata");
  if (meta.exists() && meta.type() == JsonType::kObject) {
    V n = meta.Find("name");
    if (n.exists() && n.type() == JsonType::kString) name = std::string(n.GetString());
    V s = meta.Find("namespace");
    if (s.exists() && s.type() == JsonType::kString) ns = std::string(s.GetString());
  }
  if (name.empty()) return "";
  return ns.empty() ? name : ns + "/" + name;
}

/// "Kind ns/name" of an object that is not modelled.
template <typename V>
std::string LenientDescribe(V body, const std::string& kind) {
  std::string name = LenientName(body);
  return name.empty() ? kind : kind + " " + name;
}

/// The API group of an apiVersion: "" for the core group ("v1").
std::string_view GroupOf(std::string_view api_version) {
  std::size_t slash = api_version.find('/');
  return slash == std::string_view::npos ? std::string_view() : api_version.substr(0, slash);
}

/// Appends `decoded` to `into` and records where, when it decoded without errors. The first object of a kind
/// reserves room for the rest of the block (blocks mostly hold one kind).
template <typename T>
void Keep(std::optional<T>&& decoded, bool no_errors, std::vector<T>& into, DecodedDocument& doc,
          const DecodedBlock& block) {
  if (!decoded || !no_errors) return;
  if (into.empty() && block.planned > block.docs.size()) into.reserve(block.planned - block.docs.size() + 1);
  doc.keep = true;
  doc.object = static_cast<std::uint32_t>(into.size());
  into.push_back(std::move(*decoded));
}

template <typename T>
std::pair<const std::string*, const std::string*> NsName(const std::vector<T>& items, std::uint32_t i) {
  return {&items[i].ns, &items[i].name};
}

template <typename T>
std::pair<const std::string*, const std::string*> NameOnly(const std::vector<T>& items, std::uint32_t i) {
  static const std::string kNoNamespace;
  return {&kNoNamespace, &items[i].name};
}

}  // namespace

std::pair<const std::string*, const std::string*> DecodedBlock::Key(const DecodedDocument& doc) const {
  if (!doc.keep) return {&doc.key->first, &doc.key->second};
  switch (doc.kind) {
    case ObjectKind::kNamespace: return NameOnly(namespaces, doc.object);
    case ObjectKind::kNode: return NameOnly(nodes, doc.object);
    case ObjectKind::kPod: return NsName(pods, doc.object);
    case ObjectKind::kWorkload: return {&workloads[doc.object].workload.ns, &workloads[doc.object].workload.ref.name};
    case ObjectKind::kService: return NsName(services, doc.object);
    case ObjectKind::kEndpointSlice: return NsName(endpoint_slices, doc.object);
    case ObjectKind::kIngress: return NsName(ingresses, doc.object);
    case ObjectKind::kIngressClass: return NameOnly(ingress_classes, doc.object);
    case ObjectKind::kNetworkPolicy: return NsName(network_policies, doc.object);
    case ObjectKind::kNone: break;
  }
  return {nullptr, nullptr};
}

void DecodedBlock::PopBack() {
  const DecodedDocument& doc = docs.back();
  if (doc.keep) {
    switch (doc.kind) {
      case ObjectKind::kNamespace: namespaces.pop_back(); break;
      case ObjectKind::kNode: nodes.pop_back(); break;
      case ObjectKind::kPod: pods.pop_back(); break;
      case ObjectKind::kWorkload: workloads.pop_back(); break;
      case ObjectKind::kService: services.pop_back(); break;
      case ObjectKind::kEndpointSlice: endpoint_slices.pop_back(); break;
      case ObjectKind::kIngress: ingresses.pop_back(); break;
      case ObjectKind::kIngressClass: ingress_classes.pop_back(); break;
      case ObjectKind::kNetworkPolicy: network_policies.pop_back(); break;
      case ObjectKind::kNone: break;
    }
  }
  docs.pop_back();
}

std::uint64_t ObjectKeyHash(std::string_view kind, std::string_view ns, std::string_view name) {
  std::hash<std::string_view> h;
  std::uint64_t out = h(name);
  out = (out ^ h(ns)) * 0x9E3779B97F4A7C15ull;
  return (out ^ h(kind)) * 0xC2B2AE3D27D4EB4Full;
}

template <typename V>
void DecodeDocumentInto(V value, int index, std::string path, std::string_view implied_kind,
                        std::string_view implied_api_version, const ClusterConfig& config, DecodedBlock& block) {
  DecodedDocument& doc = block.docs.emplace_back();
  doc.index = index;
  doc.path = std::move(path);
  ObjectReporter reporter(block.source, index, doc.diag, config.relaxed_validation);
  JsonField<V> body(value, doc.path, &reporter);
  std::optional<std::string> kind;
  if (!implied_kind.empty()) {
    kind = std::string(implied_kind);
  } else {
    JsonField<V> kind_field = body["kind"];
    kind = kind_field.String();
    if (!kind || kind->empty()) {
      if (!kind_field.present() || kind) {
        kind_field.Error("is required (the object's type, e.g. Pod or NetworkPolicy)");
      }
      return;
    }
  }
  // apiVersion: absent, it is the version kreach decodes the kind in (scenario resources leave it out).
  JsonField<V> api_field = body["apiVersion"];
  std::optional<std::string> api_version;
  if (api_field.present()) {
    api_version = api_field.String();
    if (!api_version) return;  // not a string: reported
  } else if (!implied_api_version.empty()) {
    api_version = std::string(implied_api_version);
  }
  auto [object_kind, kind_name] = Classify(*kind);
  const ApiKind* api_kind = nullptr;
  if (object_kind != ObjectKind::kNone) {
    const char* decoded = DecodedApiVersion(*kind);
    api_kind = FindApiKind(api_version ? std::string_view(*api_version) : std::string_view(decoded), *kind);
  }
  if (api_kind == nullptr) {
    reporter.set_object(LenientDescribe(value, *kind));
    std::string version = api_version.value_or("");
    if (object_kind != ObjectKind::kNone) {
      const char* decoded = DecodedApiVersion(*kind);
      if (const char* replacement = ReplacementOf(version, *kind)) {
        reporter.Error(api_field.path(), *kind + " is no longer served in " + version + ": write it for " +
                                             replacement + "; kreach reads the current version only");
        return;
      }
      if (GroupOf(version) == GroupOf(decoded)) {
        reporter.Error(api_field.path(),
                       "\"" + version + "\" is not a version kreach reads " + *kind + " in (" + decoded + ")");
        return;
      }
    }
    doc.skipped = std::make_unique<UnmodeledObject>(UnmodeledObject{*kind, version, LenientName(value), {}});
    UnmodeledEffect effect;
    if (IsUnmodeledTrafficKind(version, *kind, &effect)) {
      doc.unmodeled = std::make_unique<UnmodeledObject>(UnmodeledObject{*kind, version, LenientName(value), effect});
      return;
    }
    if (object_kind != ObjectKind::kNone) {
      reporter.Warning(api_field.path(), *kind + " of " + version + " is not the Kubernetes " + *kind + " (" +
                                             DecodedApiVersion(*kind) + "): kreach does not model it; skipped");
      return;
    }
    reporter.Info("", "kind " + *kind + " is not modelled; skipped");
    return;
  }
  int errors_before = reporter.errors();
  ObjectMeta meta;
  std::string_view default_ns = IsClusterScoped(*kind) ? std::string_view() : config.default_namespace;
  if (!DecodeObjectMeta(body, *kind, default_ns, NameRuleFor(*kind), Origin{block.source, index, doc.path}, meta)) {
    return;
  }
  doc.kind = object_kind;
  doc.kind_name = kind_name;
  doc.split = static_cast<std::uint32_t>(doc.diag.items().size());
  CheckApiFields(body, *api_kind, config.unknown_fields_are_warnings);
  auto no_errors = [&] { return reporter.errors() == errors_before; };
  switch (object_kind) {
    case ObjectKind::kNamespace: {
      auto decoded = DecodeNamespace(body, meta);
      Keep(std::move(decoded), no_errors(), block.namespaces, doc, block);
      break;
    }
    case ObjectKind::kNode: {
      auto decoded = DecodeNode(body, meta);
      Keep(std::move(decoded), no_errors(), block.nodes, doc, block);
      break;
    }
    case ObjectKind::kPod: {
      auto decoded = DecodePod(body, meta);
      Keep(std::move(decoded), no_errors(), block.pods, doc, block);
      break;
    }
    case ObjectKind::kWorkload: {
      auto decoded = DecodeWorkload(body, meta);
      Keep(std::move(decoded), no_errors(), block.workloads, doc, block);
      break;
    }
    case ObjectKind::kService: {
      auto decoded = DecodeService(body, meta);
      Keep(std::move(decoded), no_errors(), block.services, doc, block);
      break;
    }
    case ObjectKind::kEndpointSlice: {
      auto decoded = DecodeEndpointSlice(body, meta);
      Keep(std::move(decoded), no_errors(), block.endpoint_slices, doc, block);
      break;
    }
    case ObjectKind::kIngress: {
      auto decoded = DecodeIngress(body, meta);
      Keep(std::move(decoded), no_errors(), block.ingresses, doc, block);
      break;
    }
    case ObjectKind::kIngressClass: {
      auto decoded = DecodeIngressClass(body, meta);
      Keep(std::move(decoded), no_errors(), block.ingress_classes, doc, block);
      break;
    }
    case ObjectKind::kNetworkPolicy: {
      auto decoded = DecodeNetworkPolicy(body, meta);
      Keep(std::move(decoded), no_errors(), block.network_policies, doc, block);
      break;
    }
    case ObjectKind::kNone: break;
  }
  if (!doc.keep) doc.key = std::make_unique<std::pair<std::string, std::string>>(meta.ns, meta.name);
  doc.key_hash = ObjectKeyHash(kind_name, meta.ns, meta.name);
  if (doc.keep && object_kind == ObjectKind::kPod) {
    const Pod& pod = block.pods[doc.object];
    if (pod.owner) {
      doc.has_owner = true;
      doc.owner_hash = ObjectKeyHash(pod.owner->kind, pod.ns, pod.owner->name);
      const Pod* previous = doc.object > 0 ? &block.pods[doc.object - 1] : nullptr;
      doc.owner_repeats =
          previous != nullptr && previous->owner && previous->ns == pod.ns && *previous->owner == *pod.owner;
    }
  }
  if (doc.keep && object_kind == ObjectKind::kWorkload) {
    WorkloadSpec& spec = block.workloads[doc.object];
    spec.key_hash = doc.key_hash;
    if (spec.owner) spec.owner_hash = ObjectKeyHash(spec.owner->kind, meta.ns, spec.owner->name);
  }
}

template void DecodeDocumentInto(NlohmannValue, int, std::string, std::string_view, std::string_view,
                                 const ClusterConfig&, DecodedBlock&);
template void DecodeDocumentInto(SimdValue, int, std::string, std::string_view, std::string_view, const ClusterConfig&,
                                 DecodedBlock&);

std::vector<DecodedBlock> DecodeDocuments(const std::vector<Document>& docs, const ClusterConfig& config,
                                          bool parallel) {
  // Blocks of consecutive documents of one source.
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  for (std::size_t begin = 0; begin < docs.size();) {
    std::size_t end = begin + 1;
    while (end < docs.size() && end - begin < kBlockDocs && docs[end].source == docs[begin].source) ++end;
    ranges.emplace_back(begin, end);
    begin = end;
  }
  std::vector<DecodedBlock> blocks(ranges.size());
  std::atomic<std::size_t> next{0};
  auto work = [&](std::exception_ptr& failure) {
    try {
      for (std::size_t b = next++; b < ranges.size(); b = next++) {
        DecodedBlock& block = blocks[b];
        block.source = docs[ranges[b].first].source;
        block.planned = ranges[b].second - ranges[b].first;
        block.docs.reserve(block.planned);
        for (std::size_t i = ranges[b].first; i < ranges[b].second; ++i) {
          DecodeDocumentInto(NlohmannValue(&docs[i].body), docs[i].index, docs[i].path, "", "", config, block);
        }
      }
    } catch (...) {
      failure = std::current_exception();
      next = ranges.size();
    }
  };
  std::exception_ptr failures[2];
  if (parallel && docs.size() >= kParallelDocs) {
    Beside worker([&] { work(failures[1]); });
    work(failures[0]);
    worker.Join();
  } else {
    work(failures[0]);
  }
  for (const std::exception_ptr& failure : failures) {
    if (failure) std::rethrow_exception(failure);  // out of memory: as the sequential reader would fail
  }
  return blocks;
}

}  // namespace kreach
