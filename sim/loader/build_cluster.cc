#include "sim/loader/build_cluster.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "sim/loader/assign_addresses.h"
#include "sim/loader/decode_endpoint_slice.h"
#include "sim/loader/decode_ingress.h"
#include "sim/loader/decode_meta.h"
#include "sim/loader/decode_pod.h"
#include "sim/loader/decode_policy.h"
#include "sim/loader/decode_service.h"
#include "sim/loader/decode_topology.h"
#include "sim/loader/decode_workload.h"
#include "sim/loader/expand_workloads.h"
#include "sim/loader/generate_endpoint_slices.h"
#include "sim/loader/json_reader.h"
#include "sim/loader/validate_owners.h"
#include "sim/loader/validate_services.h"

namespace kreach {

namespace {

/// Everything decoded so far, before expansion and addressing.
struct Staging {
  Cluster cluster;
  std::vector<WorkloadSpec> workloads;
  /// (kind, ns, name) → where it was first defined, for duplicate errors.
  std::map<std::tuple<std::string, std::string, std::string>, Origin> seen;
};

std::string DescribeOrigin(const Origin& o) {
  std::string out = o.source + ": doc " + std::to_string(o.doc);
  if (!o.path.empty()) out += " (" + o.path + ")";
  return out;
}

/// Records an object; reports a duplicate (and returns false) when the same kind/ns/name was seen before.
bool Register(Staging& s, const ObjectMeta& meta, const JsonField& body) {
  auto [it, inserted] = s.seen.emplace(std::make_tuple(meta.kind, meta.ns, meta.name), meta.origin);
  if (inserted) return true;
  body.reporter().Error(body["metadata"]["name"].path(),
                        "duplicate " + meta.Describe() + ": already defined at " + DescribeOrigin(it->second));
  return false;
}

bool IsClusterScoped(const std::string& kind) {
  return kind == "Namespace" || kind == "Node" || kind == "IngressClass";
}

bool IsModelledKind(const std::string& kind) {
  return IsWorkloadKind(kind) || IsClusterScoped(kind) || kind == "Pod" || kind == "Service" ||
         kind == "EndpointSlice" || kind == "Ingress" || kind == "NetworkPolicy";
}

NameRule NameRuleFor(const std::string& kind) {
  if (kind == "Namespace") return NameRule::kDns1123Label;
  if (kind == "Service") return NameRule::kDns1035Label;
  return NameRule::kDns1123Subdomain;
}

/// "Kind ns/name" of an object that is not modelled, read without reporting anything.
std::string LenientDescribe(const nlohmann::json& body, const std::string& kind) {
  std::string name, ns;
  auto meta = body.find("metadata");
  if (meta != body.end() && meta->is_object()) {
    auto n = meta->find("name");
    if (n != meta->end() && n->is_string()) name = n->get<std::string>();
    auto s = meta->find("namespace");
    if (s != meta->end() && s->is_string()) ns = s->get<std::string>();
  }
  if (name.empty()) return kind;
  return kind + " " + (ns.empty() ? name : ns + "/" + name);
}

/// Decodes one document into `s`; problems go to `diag` (the document's own list).
void DecodeDocument(const Document& doc, Staging& s, Diagnostics& diag) {
  ObjectReporter reporter(Location{doc.source, doc.index, "", ""}, diag, s.cluster.config.relaxed_validation);
  JsonField body(&doc.body, doc.path, &reporter);
  JsonField kind_field = body["kind"];
  std::optional<std::string> kind = kind_field.String();
  if (!kind || kind->empty()) {
    if (!kind_field.present() || kind) {
      kind_field.Error("is required (the object's type, e.g. Pod or NetworkPolicy)");
    }
    return;
  }
  if (!IsModelledKind(*kind)) {
    reporter.set_object(LenientDescribe(doc.body, *kind));
    reporter.Info("", "kind " + *kind + " is not modelled; skipped");
    return;
  }
  Origin origin{doc.source, doc.index, doc.path};
  int errors_before = reporter.errors();
  std::optional<ObjectMeta> meta = DecodeObjectMeta(body, *kind, !IsClusterScoped(*kind), NameRuleFor(*kind), origin);
  if (!meta) return;
  bool fresh = Register(s, *meta, body);
  auto keep = [&](auto&& decoded, auto& into) {
    if (decoded && fresh && reporter.errors() == errors_before) into.push_back(std::move(*decoded));
  };
  Cluster& c = s.cluster;
  if (*kind == "Namespace") {
    keep(DecodeNamespace(body, *meta), c.namespaces);
  } else if (*kind == "Node") {
    keep(DecodeNode(body, *meta), c.nodes);
  } else if (*kind == "Pod") {
    keep(DecodePod(body, *meta), c.pods);
  } else if (IsWorkloadKind(*kind)) {
    keep(DecodeWorkload(body, *meta), s.workloads);
  } else if (*kind == "Service") {
    keep(DecodeService(body, *meta), c.services);
  } else if (*kind == "EndpointSlice") {
    keep(DecodeEndpointSlice(body, *meta), c.endpoint_slices);
  } else if (*kind == "Ingress") {
    keep(DecodeIngress(body, *meta), c.ingresses);
  } else if (*kind == "IngressClass") {
    keep(DecodeIngressClass(body, *meta), c.ingress_classes);
  } else if (*kind == "NetworkPolicy") {
    keep(DecodeNetworkPolicy(body, *meta), c.network_policies);
  }
}

template <typename T>
void SortByNsName(std::vector<T>& items) {
  std::sort(items.begin(), items.end(),
            [](const T& a, const T& b) { return std::tie(a.ns, a.name) < std::tie(b.ns, b.name); });
}

template <typename T>
void SortByName(std::vector<T>& items) {
  std::sort(items.begin(), items.end(), [](const T& a, const T& b) { return a.name < b.name; });
}

/// Creates the namespaces that objects live in but the input does not declare.
void CreateReferencedNamespaces(Cluster& c) {
  std::map<std::string, Origin> referenced;
  auto note = [&referenced](const std::string& ns, const Origin& origin) { referenced.emplace(ns, origin); };
  for (const Pod& p : c.pods) note(p.ns, p.origin);
  for (const Workload& w : c.workloads) note(w.ns, w.origin);
  for (const Service& s : c.services) note(s.ns, s.origin);
  for (const EndpointSlice& e : c.endpoint_slices) note(e.ns, e.origin);
  for (const Ingress& i : c.ingresses) note(i.ns, i.origin);
  for (const NetworkPolicy& n : c.network_policies) note(n.ns, n.origin);
  std::map<std::string, bool> declared;
  for (const Namespace& n : c.namespaces) declared[n.name] = true;
  for (const auto& [name, origin] : referenced) {
    if (declared.count(name)) continue;
    Namespace ns;
    ns.name = name;
    ns.labels["kubernetes.io/metadata.name"] = name;
    ns.origin = origin;
    c.namespaces.push_back(std::move(ns));
  }
}

/// Reports pods with the same namespace and name (an input pod and an expanded one).
void CheckDuplicatePods(const std::vector<Pod>& pods, Diagnostics& diag) {
  for (std::size_t i = 1; i < pods.size(); ++i) {
    if (pods[i].ns != pods[i - 1].ns || pods[i].name != pods[i - 1].name) continue;
    const Origin& o = pods[i].origin;
    diag.Error(Location{o.source, o.doc, "Pod " + pods[i].Key(), o.path},
               "duplicate Pod " + pods[i].Key() + ": already defined at " + DescribeOrigin(pods[i - 1].origin));
  }
}

}  // namespace

Cluster BuildCluster(const std::vector<Document>& docs, const ClusterConfig& config, Diagnostics& diag) {
  Staging s;
  s.cluster.config = config;
  int skipped = 0;
  for (const Document& doc : docs) {
    Diagnostics local;
    DecodeDocument(doc, s, local);
    if (local.HasErrors() && config.skip_invalid_documents) {
      for (const Diagnostic& d : local.items()) {
        diag.Add(d.severity == Severity::kError ? Severity::kWarning : d.severity, d.where, d.message);
      }
      Location where{doc.source, doc.index, "", doc.path};
      diag.Warning(where, "document skipped because of the problems above");
      ++skipped;
    } else {
      diag.Append(local);
    }
  }
  Cluster& c = s.cluster;
  for (const WorkloadSpec& w : s.workloads) c.workloads.push_back(w.workload);
  // DaemonSets need the node list, which must include the default node when the input has none.
  SortByName(c.nodes);
  std::vector<Node> expansion_nodes = c.nodes;
  if (expansion_nodes.empty()) {
    Node node;
    node.name = "node-1";
    expansion_nodes.push_back(node);
  }
  ExpandWorkloads(s.workloads, expansion_nodes, c.pods, diag);
  SortByNsName(c.pods);
  CheckDuplicatePods(c.pods, diag);
  if (skipped > 0 && c.pods.empty()) diag.Error(Location{}, "no pods are left after skipping invalid documents");
  std::sort(c.workloads.begin(), c.workloads.end(), [](const Workload& a, const Workload& b) {
    return std::tie(a.ns, a.ref.name, a.ref.kind) < std::tie(b.ns, b.ref.name, b.ref.kind);
  });
  CreateReferencedNamespaces(c);
  SortByName(c.namespaces);
  SortByNsName(c.services);
  SortByNsName(c.endpoint_slices);
  SortByNsName(c.ingresses);
  SortByName(c.ingress_classes);
  SortByNsName(c.network_policies);
  AssignAddresses(c, diag);
  GenerateEndpointSlices(c);  // needs the pods expanded, addressed and sorted
  CheckOwnerLabelSplits(c, diag);
  ValidateServiceAllocations(c, diag);
  return std::move(s.cluster);
}

}  // namespace kreach
