// A test oracle for the loader's model phase (sim/loader/build_cluster.cc and what it calls), written again
// from the documented rules (docs/scenario-format.md "What kreach fills in", docs/semantics.md, the semantics
// reference §3-4, the contracts in the loader's headers), not from the loader's code, which it never calls.
//
// What is shared: decoding. The oracle takes the documents as the loader's per-document decoders made them
// (DecodeDocuments, decode_*.cc: one object, its field errors, its defaults); everything after that is its own.
// How it differs from the loader, which merges blocks decoded in parallel, finds duplicates by hashes,
// expands with open-addressing sets, sorts with radix keys on several threads and indexes pods by label:
//   - one sequential pass registers every document in a std::map keyed by (kind, namespace, name), and every
//     kept object goes into a std::map (a multimap for pods) keyed as the Cluster is sorted (reference_model.h),
//     so no sorting is done at all;
//   - workloads are expanded with plain sets (reference_workloads.cc), the controllers' name hash written again;
//   - addresses are assigned by looking up every candidate in a std::set, EndpointSlices by walking each
//     Service's namespace pod by pod (reference_addresses.cc);
//   - the owner-label check tries every selector of every policy on every owner's pods, with no filter.
// Its messages name the same places (file, document, object, field) as the loader's; their wording is its own
// for the checks it makes itself, and tests compare the places only (tests/loader/reference_load_test.cc).
#include "tests/support/reference_loader.h"

#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "tests/support/reference_model.h"

namespace kreach {
namespace testing {
namespace reference {

namespace {

Location WholeObject(const Origin& origin, const std::string& object) {
  return Location{origin.source, origin.doc, object, origin.path};
}

std::string Describe(const Origin& o) {
  return o.source + ": doc " + std::to_string(o.doc) + (o.path.empty() ? "" : " (" + o.path + ")");
}

/// Puts the object of `doc` (decoded without errors, not a duplicate) into the model. Workloads are also
/// listed in `specs` in input order (expansion's order), and the namespaces of the kinds that are neither pods
/// nor workloads in `other_namespaces`, in input order (namespace creation takes origins from them).
void Keep(DecodedBlock& block, const DecodedDocument& doc, Model& m, std::vector<const WorkloadSpec*>& specs,
          std::vector<std::pair<std::string, Origin>>& other_namespaces) {
  auto note = [&](const std::string& ns, const Origin& origin) { other_namespaces.emplace_back(ns, origin); };
  switch (doc.kind) {
    case ObjectKind::kNamespace: {
      Namespace& ns = block.namespaces[doc.object];
      m.namespaces[ns.name] = ns;
      break;
    }
    case ObjectKind::kNode: {
      Node& node = block.nodes[doc.object];
      m.nodes[node.name] = node;
      break;
    }
    case ObjectKind::kPod: {
      Pod& pod = block.pods[doc.object];
      m.pods.emplace(NsName{pod.ns, pod.name}, pod);
      break;
    }
    case ObjectKind::kWorkload: {
      const WorkloadSpec& spec = block.workloads[doc.object];
      specs.push_back(&spec);
      m.workloads[WorkloadKey{spec.workload.ns, spec.workload.ref.name, spec.workload.ref.kind}] = spec.workload;
      break;
    }
    case ObjectKind::kService: {
      Service& svc = block.services[doc.object];
      note(svc.ns, svc.origin);
      m.services[NsName{svc.ns, svc.name}] = svc;
      break;
    }
    case ObjectKind::kEndpointSlice: {
      EndpointSlice& slice = block.endpoint_slices[doc.object];
      note(slice.ns, slice.origin);
      m.endpoint_slices[NsName{slice.ns, slice.name}] = slice;
      break;
    }
    case ObjectKind::kIngress: {
      Ingress& ing = block.ingresses[doc.object];
      note(ing.ns, ing.origin);
      m.ingresses[NsName{ing.ns, ing.name}] = ing;
      break;
    }
    case ObjectKind::kIngressClass: {
      IngressClass& cls = block.ingress_classes[doc.object];
      m.ingress_classes[cls.name] = cls;
      break;
    }
    case ObjectKind::kNetworkPolicy: {
      NetworkPolicy& np = block.network_policies[doc.object];
      note(np.ns, np.origin);
      m.network_policies[NsName{np.ns, np.name}] = np;
      break;
    }
    case ObjectKind::kNone: break;
  }
}

/// Registers the documents one after the other: their messages, a duplicate (same kind, namespace and name as
/// an earlier document) reported after the metadata's messages, a document with errors skipped when the
/// config says so. Returns the number of skipped documents.
int Register(std::vector<DecodedBlock>& blocks, Model& m, std::vector<const WorkloadSpec*>& specs,
             std::vector<std::pair<std::string, Origin>>& other_namespaces, Diagnostics& diag) {
  std::map<std::tuple<std::string, std::string, std::string>, Origin> registered;  // (kind, ns, name) → first
  // Skipped traffic objects by (kind, apiVersion): where the first is, and every object's name, in input order.
  std::map<std::pair<std::string, std::string>, std::pair<Location, std::vector<const UnmodeledObject*>>> unmodeled;
  std::vector<std::pair<std::string, std::string>> unmodeled_order;
  int skipped = 0;
  for (DecodedBlock& block : blocks) {
    for (const DecodedDocument& doc : block.docs) {
      Origin here{block.source, doc.index, doc.path};
      if (doc.unmodeled) {
        auto key = std::make_pair(doc.unmodeled->kind, doc.unmodeled->api_version);
        std::string object = doc.unmodeled->kind;
        if (!doc.unmodeled->object.empty()) object += " " + doc.unmodeled->object;
        auto [entry, fresh] = unmodeled.emplace(key, std::make_pair(Location{block.source, doc.index, object, doc.path},
                                                                    std::vector<const UnmodeledObject*>()));
        if (fresh) unmodeled_order.push_back(key);
        entry->second.second.push_back(doc.unmodeled.get());
      }
      std::vector<Diagnostic> messages = doc.diag.items();
      bool duplicate = false;
      if (doc.kind != ObjectKind::kNone) {
        auto [ns, name] = block.Key(doc);
        auto [first, fresh] = registered.emplace(std::make_tuple(std::string(doc.kind_name), *ns, *name), here);
        if (!fresh) {
          duplicate = true;
          std::string object = std::string(doc.kind_name) + " " + (ns->empty() ? *name : *ns + "/" + *name);
          Diagnostic d{Severity::kError, here.At(object, "metadata.name"),
                       "duplicate " + object + ": already defined at " + Describe(first->second)};
          messages.insert(messages.begin() + doc.split, d);
        }
      }
      bool has_errors = false;
      for (const Diagnostic& d : messages) has_errors = has_errors || d.severity == Severity::kError;
      bool skip = has_errors && m.config.skip_invalid_documents;
      for (const Diagnostic& d : messages) {
        diag.Add(skip && d.severity == Severity::kError ? Severity::kWarning : d.severity, d.where, d.message);
      }
      if (skip) {
        diag.Warning(Location{block.source, doc.index, "", doc.path}, "document skipped because of the problems above");
        ++skipped;
      }
      if (doc.keep && !duplicate) Keep(block, doc, m, specs, other_namespaces);
    }
  }
  for (const auto& key : unmodeled_order) {
    const auto& [where, objects] = unmodeled[key];
    int n = static_cast<int>(objects.size());
    m.unmodeled.push_back(UnmodeledKindCount{key.first, key.second, n});
    std::string names;
    for (int i = 0; i < n && i < 5; ++i) {
      names += (i == 0 ? "" : ", ") + (objects[i]->object.empty() ? std::string("(no name)") : objects[i]->object);
    }
    if (n > 5) names += ", and " + std::to_string(n - 5) + " more";
    std::string text = std::to_string(n) + " " + key.first + (n == 1 ? " object (" : " objects (") +
                       (key.second.empty() ? std::string("no apiVersion") : key.second) +
                       ") not modelled by kreach: " + DescribeEffect(objects[0]->effect, n == 1) + " (" + names + ")";
    if (m.config.unmodeled_are_errors) {
      diag.Error(where, text + " (an error with --unmodeled=error)");
    } else {
      diag.Warning(where, text + "; --unmodeled=error makes this an error for CI");
    }
  }
  return skipped;
}

/// Creates the namespaces objects live in but the input does not declare. The origin of one is that of its
/// first object: pods and workloads in sorted order, then the other kinds in input order.
void CreateReferencedNamespaces(Model& m, const std::vector<std::pair<std::string, Origin>>& other_namespaces) {
  std::map<std::string, Origin> first_object;
  for (const auto& [key, pod] : m.pods) first_object.emplace(pod.ns, pod.origin);
  for (const auto& [key, w] : m.workloads) first_object.emplace(w.ns, w.origin);
  for (const auto& [ns, origin] : other_namespaces) first_object.emplace(ns, origin);
  for (const auto& [name, origin] : first_object) {
    if (m.namespaces.count(name) != 0) continue;
    Namespace& ns = m.namespaces[name];
    ns.name = name;
    ns.labels["kubernetes.io/metadata.name"] = name;
    ns.origin = origin;
  }
}

/// Warns once per (owner, policy) when a selector of the policy that applies to the owner's namespace matches
/// some of the owner's pods but not all (validate_owners.h); the first such selector is named: spec.podSelector,
/// then the ingress peers, then the egress peers.
void WarnOwnerSplits(const Model& m, Diagnostics& diag) {
  std::map<std::pair<std::string, OwnerRef>, std::vector<const Pod*>> by_owner;
  for (const auto& [key, pod] : m.pods) {
    if (pod.owner) by_owner[{pod.ns, *pod.owner}].push_back(&pod);
  }
  for (const auto& [owner, pods] : by_owner) {
    const std::string& ns = owner.first;
    const Labels& ns_labels = m.namespaces.at(ns).labels;
    for (const auto& [key, np] : m.network_policies) {
      std::vector<std::pair<std::string, const LabelSelector*>> selectors;  // (field, selector)
      if (np.ns == ns) selectors.emplace_back("spec.podSelector", &np.pod_selector);
      for (const auto& [rules, field, peers_field] :
           {std::make_tuple(&np.ingress, "ingress", "from"), std::make_tuple(&np.egress, "egress", "to")}) {
        for (std::size_t r = 0; r < rules->size(); ++r) {
          for (std::size_t p = 0; p < (*rules)[r].peers.size(); ++p) {
            const PolicyPeer& peer = (*rules)[r].peers[p];
            if (!peer.pod_selector) continue;
            bool applies = peer.namespace_selector ? peer.namespace_selector->Matches(ns_labels) : np.ns == ns;
            if (!applies) continue;
            selectors.emplace_back(std::string("spec.") + field + "[" + std::to_string(r) + "]." + peers_field + "[" +
                                       std::to_string(p) + "].podSelector",
                                   &*peer.pod_selector);
          }
        }
      }
      for (const auto& [field, selector] : selectors) {
        std::string matched;
        std::size_t count = 0;
        for (const Pod* pod : pods) {
          if (!selector->Matches(pod->labels)) continue;
          ++count;
          matched += (matched.empty() ? "" : ", ") + pod->name;
        }
        if (count == 0 || count == pods.size()) continue;
        diag.Warning(np.origin.At("NetworkPolicy " + np.Key(), field),
                     "selector " + selector->ToString() + " matches only some pods of " + owner.second.kind + " " + ns +
                         "/" + owner.second.name + " (" + matched + ")");
        break;
      }
    }
  }
}

/// A written clusterIP lies in the service CIDR; a (protocol, nodePort) belongs to one Service.
void CheckServiceAllocations(const Model& m, Diagnostics& diag) {
  std::map<std::pair<Protocol, int>, NsName> node_port_owner;
  for (const auto& [key, svc] : m.services) {
    std::string object = "Service " + svc.ns + "/" + svc.name;
    if (!svc.Headless() && !svc.cluster_ip.empty()) {
      std::optional<Ipv4> ip = ParseIpv4(svc.cluster_ip);
      if (ip && !m.config.service_cidr.Contains(*ip)) {
        diag.Error(svc.origin.At(object, "spec.clusterIP"), svc.cluster_ip + " is outside the service CIDR");
      }
    }
    for (std::size_t i = 0; i < svc.ports.size(); ++i) {
      int node_port = svc.ports[i].node_port;
      if (node_port == 0) continue;
      auto [first, fresh] = node_port_owner.emplace(std::make_pair(svc.ports[i].protocol, node_port), key);
      if (!fresh && first->second != key) {
        diag.Error(svc.origin.At(object, "spec.ports[" + std::to_string(i) + "].nodePort"),
                   std::to_string(node_port) + " is another Service's nodePort");
      }
    }
  }
}

template <typename K, typename T>
std::vector<T> Values(const std::map<K, T>& items) {
  std::vector<T> out;
  for (const auto& [key, value] : items) out.push_back(value);
  return out;
}

}  // namespace

Cluster BuildCluster(std::vector<DecodedBlock> blocks, const ClusterConfig& config, Diagnostics& diag) {
  Model m;
  m.config = config;
  std::vector<const WorkloadSpec*> specs;  // into `blocks`, which outlive them
  std::vector<std::pair<std::string, Origin>> other_namespaces;
  int skipped = Register(blocks, m, specs, other_namespaces, diag);
  // The kubelet labels its node with its hostname: a Node of the input without the label gets it (its name).
  for (auto& [name, node] : m.nodes) {
    if (node.labels.count("kubernetes.io/hostname") == 0) node.labels["kubernetes.io/hostname"] = name;
  }
  MakeWorkloadPods(specs, m, diag);
  // A pod name given twice (an input pod and an expanded one): both stay, the later one is an error.
  for (auto it = m.pods.begin(); it != m.pods.end(); ++it) {
    if (it == m.pods.begin() || std::prev(it)->first != it->first) continue;
    const Pod& pod = it->second;
    diag.Error(WholeObject(pod.origin, "Pod " + pod.Key()),
               "duplicate Pod " + pod.Key() + ": already defined at " + Describe(std::prev(it)->second.origin));
  }
  if (skipped > 0 && m.pods.empty()) diag.Error(Location{}, "no pods are left after skipping invalid documents");
  CreateReferencedNamespaces(m, other_namespaces);
  AssignMissingAddresses(m, diag);
  MakeEndpointSlices(m);
  WarnOwnerSplits(m, diag);
  CheckServiceAllocations(m, diag);

  Cluster c;
  c.config = m.config;
  c.namespaces = Values(m.namespaces);
  c.nodes = Values(m.nodes);
  for (const auto& [key, pod] : m.pods) c.pods.push_back(pod);
  c.workloads = Values(m.workloads);
  c.services = Values(m.services);
  c.endpoint_slices = Values(m.endpoint_slices);
  c.ingresses = Values(m.ingresses);
  c.ingress_classes = Values(m.ingress_classes);
  c.network_policies = Values(m.network_policies);
  c.unmodeled = m.unmodeled;
  return c;
}

Cluster BuildCluster(const std::vector<Document>& docs, const ClusterConfig& config, Diagnostics& diag) {
  return BuildCluster(DecodeDocuments(docs, config, /*parallel=*/false), config, diag);
}

}  // namespace reference
}  // namespace testing
}  // namespace kreach
