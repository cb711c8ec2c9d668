#include "sim/loader/build_cluster.h"

#include <algorithm>
#include <cstdint>
#include <future>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "sim/loader/assign_addresses.h"
#include "sim/loader/decode_workload.h"
#include "sim/loader/expand_workloads.h"
#include "sim/loader/generate_endpoint_slices.h"
#include "sim/loader/implied_nodes.h"
#include "sim/loader/json_reader.h"
#include "sim/loader/schedule_pods.h"
#include "sim/loader/sort_objects.h"
#include "sim/loader/validate_owners.h"
#include "sim/loader/validate_services.h"
#include "sim/model/parallel.h"
#include "sim/model/text.h"

namespace kreach {

namespace {

/// Everything decoded so far, before expansion and addressing.
struct Staging {
  Cluster cluster;                       ///< every kind but pods
  std::vector<Pod*> input_pods;          ///< the pods, still in their blocks, in input order
  std::vector<PodOwner> pod_owners;      ///< of input_pods
  bool previous_pod_staged = false;      ///< the block's last kept pod was staged (PodOwner::repeats)
  std::vector<WorkloadSpec*> workloads;  ///< likewise
  /// Skipped traffic objects (DecodedDocument::unmodeled), in input order, with where each is.
  std::vector<std::pair<Location, UnmodeledObject>> unmodeled;
};

/// One message per kind of skipped traffic object, at its first object, in input order (a warning, or an error
/// with ClusterConfig::unmodeled_are_errors), and the counts in the cluster. One message per kind, not per
/// object, so that no cap on printed messages hides a kind.
void ReportUnmodeled(const std::vector<std::pair<Location, UnmodeledObject>>& skipped, const ClusterConfig& config,
                     Cluster& c, Diagnostics& diag) {
  constexpr int kNamed = 5;  // objects named in the message
  std::vector<bool> done(skipped.size());
  for (std::size_t i = 0; i < skipped.size(); ++i) {
    if (done[i]) continue;
    const UnmodeledObject& first = skipped[i].second;
    std::vector<std::string> names;
    int count = 0;
    for (std::size_t j = i; j < skipped.size(); ++j) {
      const UnmodeledObject& o = skipped[j].second;
      if (done[j] || o.kind != first.kind || o.api_version != first.api_version) continue;
      done[j] = true;
      ++count;
      if (static_cast<int>(names.size()) < kNamed) names.push_back(o.object.empty() ? "(no name)" : o.object);
    }
    c.unmodeled.push_back(UnmodeledKindCount{first.kind, first.api_version, count});
    std::string message = std::to_string(count) + " " + first.kind + (count == 1 ? " object" : " objects") + " (" +
                          (first.api_version.empty() ? "no apiVersion" : first.api_version) +
                          ") not modelled by kreach: " + DescribeEffect(first.effect, count == 1) + " (" +
                          Join(names, ", ");
    if (count > kNamed) message += ", and " + std::to_string(count - kNamed) + " more";
    message += ")";
    Location where = skipped[i].first;
    if (config.unmodeled_are_errors) {
      diag.Error(where, message + " (an error with --unmodeled=error)");
    } else {
      diag.Warning(where, message + "; --unmodeled=error makes this an error for CI");
    }
  }
}

std::string DescribeOrigin(const std::string& source, int doc, const std::string& path) {
  std::string out = source + ": doc " + std::to_string(doc);
  if (!path.empty()) out += " (" + path + ")";
  return out;
}

/// A document that repeats an earlier object, and where the first one was defined.
struct Duplicate {
  std::size_t block, doc;
  std::string first;         ///< "a.yaml: doc 1 (items[3])"
  std::string first_source;  ///< "a.yaml"
};

/// The duplicates among all registered documents, in document order: an open-addressing table of the key
/// hashes computed while decoding; keys are compared only when hashes are equal.
std::vector<Duplicate> FindDuplicates(const std::vector<DecodedBlock>& blocks) {
  std::size_t total = 0;
  for (const DecodedBlock& b : blocks) total += b.docs.size();
  std::size_t capacity = 16;
  while (capacity < 2 * total) capacity *= 2;
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t block = 0, doc = 0;
    bool used = false;
  };
  std::vector<Slot> table(capacity);
  std::vector<Duplicate> out;
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    for (std::size_t i = 0; i < blocks[b].docs.size(); ++i) {
      const DecodedDocument& doc = blocks[b].docs[i];
      if (doc.kind == ObjectKind::kNone) continue;
      for (std::size_t at = doc.key_hash & (capacity - 1);; at = (at + 1) & (capacity - 1)) {
        Slot& slot = table[at];
        if (!slot.used) {
          slot = Slot{doc.key_hash, static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(i), true};
          break;
        }
        if (slot.hash != doc.key_hash) continue;
        const DecodedBlock& first_block = blocks[slot.block];
        const DecodedDocument& first = first_block.docs[slot.doc];
        auto [ns, name] = blocks[b].Key(doc);
        auto [first_ns, first_name] = first_block.Key(first);
        if (first.kind_name != doc.kind_name || *ns != *first_ns || *name != *first_name) continue;
        out.push_back(Duplicate{b, i, DescribeOrigin(first_block.source, first.index, first.path), first_block.source});
        break;
      }
    }
  }
  return out;
}

template <typename T>
void MoveInto(std::vector<T>& from, std::uint32_t index, std::vector<T>& to) {
  to.push_back(std::move(from[index]));
}

/// Moves the kept object of `doc` into the staging area.
void Stage(DecodedBlock& block, const DecodedDocument& doc, Staging& s) {
  Cluster& c = s.cluster;
  switch (doc.kind) {
    case ObjectKind::kNamespace: MoveInto(block.namespaces, doc.object, c.namespaces); break;
    case ObjectKind::kNode: MoveInto(block.nodes, doc.object, c.nodes); break;
    case ObjectKind::kPod:
      s.input_pods.push_back(&block.pods[doc.object]);
      s.pod_owners.push_back(PodOwner{doc.owner_hash, doc.has_owner, doc.owner_repeats && s.previous_pod_staged});
      s.previous_pod_staged = true;
      break;
    case ObjectKind::kWorkload: s.workloads.push_back(&block.workloads[doc.object]); break;
    case ObjectKind::kService: MoveInto(block.services, doc.object, c.services); break;
    case ObjectKind::kEndpointSlice: MoveInto(block.endpoint_slices, doc.object, c.endpoint_slices); break;
    case ObjectKind::kIngress: MoveInto(block.ingresses, doc.object, c.ingresses); break;
    case ObjectKind::kIngressClass: MoveInto(block.ingress_classes, doc.object, c.ingress_classes); break;
    case ObjectKind::kNetworkPolicy: MoveInto(block.network_policies, doc.object, c.network_policies); break;
    case ObjectKind::kNone: break;
  }
}

/// Registers the decoded documents in order into `s`: their messages (with the duplicate errors where the
/// sequential reader reported them, and InputTrees::AlternativesHint when `trees` is set) go to `diag`, their
/// objects into the cluster. Returns the number of documents skipped (ClusterConfig::skip_invalid_documents).
int Merge(std::vector<DecodedBlock>& blocks, const ClusterConfig& config, InputTrees* trees, Staging& s,
          Diagnostics& diag) {
  std::vector<Duplicate> duplicates = FindDuplicates(blocks);
  std::size_t pods = 0, workloads = 0, namespaces = 0, nodes = 0, services = 0, slices = 0, ingresses = 0, classes = 0,
              policies = 0;
  for (const DecodedBlock& b : blocks) {
    pods += b.pods.size();
    workloads += b.workloads.size();
    namespaces += b.namespaces.size();
    nodes += b.nodes.size();
    services += b.services.size();
    slices += b.endpoint_slices.size();
    ingresses += b.ingresses.size();
    classes += b.ingress_classes.size();
    policies += b.network_policies.size();
  }
  Cluster& c = s.cluster;
  s.input_pods.reserve(pods);
  s.pod_owners.reserve(pods);
  s.workloads.reserve(workloads);
  c.namespaces.reserve(namespaces);
  c.nodes.reserve(nodes);
  c.services.reserve(services);
  c.endpoint_slices.reserve(slices);
  c.ingresses.reserve(ingresses);
  c.ingress_classes.reserve(classes);
  c.network_policies.reserve(policies);
  std::size_t next_duplicate = 0;
  int skipped = 0;
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    DecodedBlock& block = blocks[b];
    s.previous_pod_staged = false;
    for (std::size_t i = 0; i < block.docs.size(); ++i) {
      const DecodedDocument& doc = block.docs[i];
      const Duplicate* duplicate = nullptr;
      if (next_duplicate < duplicates.size() && duplicates[next_duplicate].block == b &&
          duplicates[next_duplicate].doc == i) {
        duplicate = &duplicates[next_duplicate++];
      }
      if (doc.unmodeled) {
        const UnmodeledObject& o = *doc.unmodeled;
        std::string object = o.object.empty() ? o.kind : o.kind + " " + o.object;
        s.unmodeled.emplace_back(Location{block.source, doc.index, object, doc.path}, o);
      }
      if (duplicate == nullptr && doc.diag.items().empty()) {
        if (doc.keep) Stage(block, doc, s);
        continue;
      }
      Diagnostics local;
      const std::vector<Diagnostic>& items = doc.diag.items();
      for (std::size_t k = 0; k < items.size(); ++k) {
        if (k == doc.split && duplicate != nullptr) break;
        local.Add(items[k].severity, items[k].where, items[k].message);
      }
      if (duplicate != nullptr) {
        auto [ns, name] = block.Key(doc);
        std::string describe = std::string(doc.kind_name) + " " + (ns->empty() ? *name : *ns + "/" + *name);
        local.Error(Location{block.source, doc.index, describe, JoinPath(JoinPath(doc.path, "metadata"), "name")},
                    "duplicate " + describe + ": already defined at " + duplicate->first +
                        (trees != nullptr ? trees->AlternativesHint(duplicate->first_source, block.source) : ""));
        for (std::size_t k = doc.split; k < items.size(); ++k) {
          local.Add(items[k].severity, items[k].where, items[k].message);
        }
      }
      if (local.HasErrors() && config.skip_invalid_documents) {
        for (const Diagnostic& d : local.items()) {
          diag.Add(d.severity == Severity::kError ? Severity::kWarning : d.severity, d.where, d.message);
        }
        diag.Warning(Location{block.source, doc.index, "", doc.path}, "document skipped because of the problems above");
        ++skipped;
      } else {
        diag.Append(local);
      }
      if (doc.keep && duplicate == nullptr) {
        Stage(block, doc, s);
      } else if (doc.keep && doc.kind == ObjectKind::kPod) {
        s.previous_pod_staged = false;  // a later pod repeating its owner must be looked at
      }
    }
    block.docs = std::vector<DecodedDocument>();  // pods and workloads stay until they are placed
  }
  ReportUnmodeled(s.unmodeled, config, s.cluster, diag);
  return skipped;
}

/// Moves the input pods (in input order), then the expanded ones, into `pods` in (namespace, name) order, as
/// appending them all and std::sort would place them. `pods` is made ready (sized, default pods) beside this,
/// which signals `room`; the moves are then done on two threads.
void PlacePods(const std::vector<Pod*>& input, std::vector<Pod>& expanded, std::vector<Pod>& pods,
               std::future<void>& room) {
  std::vector<Pod*> all = input;
  for (Pod& p : expanded) all.push_back(&p);
  NamespaceRanks ranks(all, [](const Pod* p) -> const std::string& { return p->ns; });
  std::vector<std::uint32_t> order = SortOrder(
      all.size(), [&](std::size_t i) -> const Pod& { return *all[i]; },
      [](const Pod& a, const Pod& b) { return std::tie(a.ns, a.name) < std::tie(b.ns, b.name); },
      [&ranks, memo = RankMemo{}](const Pod& p) mutable { return NsNameKey(ranks, memo, p.ns, p.name); });
  room.wait();
  auto move_range = [&](std::size_t begin, std::size_t end) {
    for (std::size_t k = begin; k < end; ++k) pods[k] = std::move(*all[order[k]]);
  };
  std::size_t half = order.size() / 2;
  Beside second([&] { move_range(half, order.size()); });
  move_range(0, half);
  second.Join();
}

/// The workloads, moved out of their specs, in (namespace, name, kind) order as std::sort would place them.
void PlaceWorkloads(const std::vector<WorkloadSpec*>& specs, std::vector<Workload>& workloads) {
  workloads.reserve(workloads.size() + specs.size());
  for (WorkloadSpec* w : specs) workloads.push_back(std::move(w->workload));
  NamespaceRanks ranks(workloads, [](const Workload& w) -> const std::string& { return w.ns; });
  SortObjects(
      workloads,
      [](const Workload& a, const Workload& b) {
        return std::tie(a.ns, a.ref.name, a.ref.kind) < std::tie(b.ns, b.ref.name, b.ref.kind);
      },
      [&ranks, memo = RankMemo{}](const Workload& w) mutable { return NsNameKey(ranks, memo, w.ns, w.ref.name); });
}

/// The first origin of each namespace that objects live in, in the order they are noted.
class FirstOrigins {
 public:
  template <typename T>
  void Note(const std::vector<T>& items) {
    const std::string* last = nullptr;  // objects of one namespace usually come together
    for (const T& item : items) {
      if (last != nullptr && *last == item.ns) continue;
      last = &item.ns;
      first_.try_emplace(item.ns, item.origin);
    }
  }
  /// Adds the namespaces of `later` that this does not have (their objects come after).
  void Note(const FirstOrigins& later) {
    for (const auto& [ns, origin] : later.first_) first_.try_emplace(ns, origin);
  }
  const std::unordered_map<std::string, Origin>& first() const { return first_; }

 private:
  std::unordered_map<std::string, Origin> first_;
};

/// Creates the namespaces that objects live in but the input does not declare: for each, the first object in
/// the order pods, workloads (both sorted), then `later` (Services, EndpointSlices, Ingresses, NetworkPolicies as
/// the input gave them) is its origin. Namespaces are added in name order.
void CreateReferencedNamespaces(Cluster& c, const FirstOrigins& later) {
  FirstOrigins referenced;
  referenced.Note(c.pods);
  referenced.Note(c.workloads);
  referenced.Note(later);
  std::unordered_set<std::string_view> declared;
  for (const Namespace& n : c.namespaces) declared.insert(n.name);
  std::vector<std::pair<const std::string*, const Origin*>> created;
  for (const auto& [name, origin] : referenced.first()) {
    if (!declared.count(name)) created.emplace_back(&name, &origin);
  }
  std::sort(created.begin(), created.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
  for (const auto& [name, origin] : created) {
    Namespace ns;
    ns.name = *name;
    ns.labels["kubernetes.io/metadata.name"] = *name;
    ns.origin = *origin;
    c.namespaces.push_back(std::move(ns));
  }
}

/// Reports pods with the same namespace and name (an input pod and an expanded one).
void CheckDuplicatePods(const std::vector<Pod>& pods, Diagnostics& diag) {
  for (std::size_t i = 1; i < pods.size(); ++i) {
    if (pods[i].ns != pods[i - 1].ns || pods[i].name != pods[i - 1].name) continue;
    const Origin& o = pods[i].origin;
    diag.Error(Location{o.source, o.doc, "Pod " + pods[i].Key(), o.path},
               "duplicate Pod " + pods[i].Key() + ": already defined at " +
                   DescribeOrigin(pods[i - 1].origin.source, pods[i - 1].origin.doc, pods[i - 1].origin.path));
  }
}

}  // namespace

Cluster BuildCluster(const std::vector<Document>& docs, const ClusterConfig& config, Diagnostics& diag) {
  return BuildClusterFromBlocks(DecodeDocuments(docs, config), config, diag);
}

Cluster BuildClusterFromBlocks(std::vector<DecodedBlock> blocks, const ClusterConfig& config, Diagnostics& diag,
                               InputTrees* trees) {
  Staging s;
  s.cluster.config = config;
  int skipped = Merge(blocks, config, trees, s, diag);
  Cluster& c = s.cluster;
  // DaemonSets need the node list, which must include the default node when the input has none.
  SortByName(c.nodes);
  AddHostnameLabels(c.nodes);
  std::vector<Node> expansion_nodes = c.nodes;
  if (expansion_nodes.empty()) expansion_nodes.push_back(ImpliedNode("node-1"));
  std::vector<Pod> expanded;
  ExpandWorkloads(s.workloads, expansion_nodes, s.input_pods, s.pod_owners, expanded, diag);
  // The pods' order is computed here while a helper makes their room (default pods, so that the moves do not
  // wait for fresh pages), then places the workloads and sorts the other kinds; the pods are moved once.
  std::promise<void> room_ready;
  std::future<void> room = room_ready.get_future();
  FirstOrigins later;  // of the kinds sorted beside, taken before they are sorted
  Beside helper([&] {
    c.pods.resize(s.input_pods.size() + expanded.size());
    room_ready.set_value();
    PlaceWorkloads(s.workloads, c.workloads);
    later.Note(c.services);
    later.Note(c.endpoint_slices);
    later.Note(c.ingresses);
    later.Note(c.network_policies);
    SortByNsName(c.services);
    SortByNsName(c.endpoint_slices);
    SortByNsName(c.ingresses);
    SortByName(c.ingress_classes);
    SortByNsName(c.network_policies);
  });
  PlacePods(s.input_pods, expanded, c.pods, room);
  helper.Join();
  // What the blocks still hold (specs, moved-from objects) is freed beside the rest of the work.
  Beside reaper([doomed = std::move(blocks), gone = std::move(expanded)]() mutable {
    doomed.clear();
    gone.clear();
  });
  CheckDuplicatePods(c.pods, diag);
  if (skipped > 0 && c.pods.empty()) diag.Error(Location{}, "no pods are left after skipping invalid documents");
  CreateReferencedNamespaces(c, later);
  SortByName(c.namespaces);
  // Scheduling may remove the pods of a workload that no node accepts, so it comes first. The owner-label check
  // reads what addressing and EndpointSlice generation do not change (labels, owners, namespaces, policies): it
  // runs beside both. Its messages follow addressing's, as before.
  bool nodes_complete = CompleteNodes(c, diag);
  if (nodes_complete) SchedulePods(c, diag);
  Diagnostics owner_diag, service_diag;
  Beside owners([&] { CheckOwnerLabelSplits(c, owner_diag); });
  if (nodes_complete) AssignAddresses(c, diag);
  GenerateEndpointSlices(c);  // needs the pods expanded, addressed and sorted
  ValidateServiceAllocations(c, service_diag);
  owners.Join();
  diag.Append(owner_diag);
  diag.Append(service_diag);
  if (trees != nullptr) trees->AddRenderHints(diag);
  reaper.Join();
  return std::move(s.cluster);
}

}  // namespace kreach
