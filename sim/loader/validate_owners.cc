#include "sim/loader/validate_owners.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/model/workload_key.h"

namespace kreach {

namespace {

/// The pods of `group` that `selector` matches, or "" when it matches all or none.
std::string PartialMatch(const LabelSelector& selector, const std::vector<const Pod*>& group) {
  std::string matched;
  std::size_t count = 0;
  for (const Pod* p : group) {
    if (!selector.Matches(p->labels)) continue;
    ++count;
    matched += (matched.empty() ? "" : ", ") + p->name;
  }
  return count == 0 || count == group.size() ? "" : matched;
}

/// The pods of one owner in one namespace.
struct OwnerGroup {
  const std::string* ns;
  const OwnerRef* owner;
  std::vector<const Pod*> pods;  ///< in cluster order
};

struct OwnerKeyHash {
  std::size_t operator()(const std::tuple<std::string_view, std::string_view, std::string_view>& k) const {
    std::hash<std::string_view> h;
    return (h(std::get<0>(k)) * 0x9E3779B97F4A7C15ull) ^ (h(std::get<1>(k)) * 0xC2B2AE3D27D4EB4Full) ^
           h(std::get<2>(k));
  }
};

/// The owner groups of the pods, in (namespace, owner) order. A static pod is a workload of its own (ListedWorkload),
/// never a group member: the pods of one Node are not merged anywhere.
std::vector<OwnerGroup> GroupByOwner(const std::vector<Pod>& pods) {
  std::vector<OwnerGroup> groups;
  std::unordered_map<std::tuple<std::string_view, std::string_view, std::string_view>, std::size_t, OwnerKeyHash> index;
  std::size_t last = 0;  // the group of the previous pod: pods of one owner usually come together
  for (const Pod& p : pods) {
    if (!p.owner || IsStaticPod(p)) continue;
    if (!groups.empty() && *groups[last].ns == p.ns && *groups[last].owner == *p.owner) {
      groups[last].pods.push_back(&p);
      continue;
    }
    auto [it, inserted] = index.try_emplace({p.ns, p.owner->kind, p.owner->name}, groups.size());
    if (inserted) groups.push_back(OwnerGroup{&p.ns, &*p.owner, {}});
    last = it->second;
    groups[last].pods.push_back(&p);
  }
  std::sort(groups.begin(), groups.end(), [](const OwnerGroup& a, const OwnerGroup& b) {
    return *a.ns != *b.ns ? *a.ns < *b.ns : *a.owner < *b.owner;
  });
  return groups;
}

/// The label keys whose value (or presence) differs among the pods of `group`.
std::set<std::string> DifferingKeys(const std::vector<const Pod*>& group) {
  std::set<std::string> differing;
  const Labels& first = group.front()->labels;
  for (const Pod* p : group) {
    if (p->labels == first) continue;
    for (const auto& [k, v] : p->labels) {
      auto it = first.find(k);
      if (it == first.end() || it->second != v) differing.insert(k);
    }
    for (const auto& [k, v] : first) {
      if (!p->labels.count(k)) differing.insert(k);
    }
  }
  return differing;
}

/// Adds the label keys `selector` reads to `keys`.
void AddKeys(const LabelSelector& selector, std::set<std::string_view>& keys) {
  for (const auto& [key, value] : selector.match_labels) keys.insert(key);
  for (const LabelRequirement& r : selector.match_expressions) keys.insert(r.key);
}

/// For each label key, the policies (indices in cluster order) with a pod selector that reads it: spec.podSelector
/// or a peer's podSelector. A selector that reads none of a group's differing keys cannot tell its pods apart, so
/// only these policies need looking at.
struct PolicyKeyIndex {
  std::unordered_map<std::string_view, std::vector<std::size_t>> by_key;
  std::vector<bool> cross;  ///< the policy has a peer with a podSelector and a namespaceSelector
};

PolicyKeyIndex IndexPolicies(const std::vector<NetworkPolicy>& policies) {
  PolicyKeyIndex index;
  index.cross.resize(policies.size());
  for (std::size_t i = 0; i < policies.size(); ++i) {
    const NetworkPolicy& np = policies[i];
    std::set<std::string_view> keys;
    AddKeys(np.pod_selector, keys);
    for (const auto* rules : {&np.ingress, &np.egress}) {
      for (const PolicyRule& rule : *rules) {
        for (const PolicyPeer& peer : rule.peers) {
          if (peer.pod_selector) AddKeys(*peer.pod_selector, keys);
          if (peer.pod_selector && peer.namespace_selector) index.cross[i] = true;
        }
      }
    }
    for (std::string_view key : keys) index.by_key[key].push_back(i);
  }
  return index;
}

}  // namespace

void CheckOwnerLabelSplits(const Cluster& cluster, Diagnostics& diag) {
  std::vector<OwnerGroup> groups = GroupByOwner(cluster.pods);
  // A selector can split a group only when it reads a label key whose value (or presence) differs inside the
  // group; StatefulSet pods always differ (their pod-name label), so this filter keeps big inputs fast.
  auto reads_any = [](const LabelSelector& selector, const std::set<std::string>& keys) {
    for (const auto& [key, value] : selector.match_labels) {
      if (keys.count(key)) return true;
    }
    for (const LabelRequirement& r : selector.match_expressions) {
      if (keys.count(r.key)) return true;
    }
    return false;
  };
  std::map<std::string, const Labels*> ns_labels;
  for (const Namespace& ns : cluster.namespaces) ns_labels[ns.name] = &ns.labels;
  PolicyKeyIndex policy_index;
  bool indexed = false;
  for (const OwnerGroup& owner_group : groups) {
    const std::vector<const Pod*>& group = owner_group.pods;
    const std::string& group_ns = *owner_group.ns;
    std::set<std::string> differing = DifferingKeys(group);
    if (differing.empty()) continue;
    if (!indexed) {
      policy_index = IndexPolicies(cluster.network_policies);
      indexed = true;
    }
    auto ns_it = ns_labels.find(group_ns);
    const Labels* group_ns_labels = ns_it == ns_labels.end() ? nullptr : ns_it->second;
    // Only policies of the group's namespace and policies with a cross-namespace peer can select its pods, and
    // only through a selector that reads a differing key.
    std::vector<std::size_t> candidates;
    for (const std::string& key : differing) {
      auto posting = policy_index.by_key.find(key);
      if (posting == policy_index.by_key.end()) continue;
      for (std::size_t index : posting->second) {
        if (cluster.network_policies[index].ns == group_ns || policy_index.cross[index]) candidates.push_back(index);
      }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (std::size_t index : candidates) {
      const NetworkPolicy& np = cluster.network_policies[index];
      // (path, selector) of every selector of np that applies to the group's namespace and reads a differing key.
      std::vector<std::pair<std::string, const LabelSelector*>> selectors;
      if (np.ns == group_ns && reads_any(np.pod_selector, differing)) {
        selectors.push_back({"spec.podSelector", &np.pod_selector});
      }
      auto add_peers = [&](const std::vector<PolicyRule>& rules, const std::string& dir, const char* peers_key) {
        for (std::size_t r = 0; r < rules.size(); ++r) {
          for (std::size_t i = 0; i < rules[r].peers.size(); ++i) {
            const PolicyPeer& peer = rules[r].peers[i];
            if (!peer.pod_selector || (!peer.namespace_selector && np.ns != group_ns)) continue;
            // A namespaceSelector that does not match the group's namespace never selects its pods (NP-11).
            if (peer.namespace_selector &&
                (group_ns_labels == nullptr || !peer.namespace_selector->Matches(*group_ns_labels))) {
              continue;
            }
            if (!reads_any(*peer.pod_selector, differing)) continue;
            selectors.push_back(
                {"spec." + dir + "[" + std::to_string(r) + "]." + peers_key + "[" + std::to_string(i) + "].podSelector",
                 &*peer.pod_selector});
          }
        }
      };
      add_peers(np.ingress, "ingress", "from");
      add_peers(np.egress, "egress", "to");
      for (const auto& [path, selector] : selectors) {
        std::string matched = PartialMatch(*selector, group);
        if (matched.empty()) continue;
        diag.Warning(np.origin.At("NetworkPolicy " + np.Key(), path),
                     "selector " + selector->ToString() + " matches only some pods of " + owner_group.owner->kind +
                         " " + group_ns + "/" + owner_group.owner->name + " (" + matched +
                         "), whose pods have different labels; workload-level output merges them into one peer");
        break;
      }
    }
  }
}

}  // namespace kreach
