#include "sim/loader/validate_owners.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

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

}  // namespace

void CheckOwnerLabelSplits(const Cluster& cluster, Diagnostics& diag) {
  std::map<std::pair<std::string, OwnerRef>, std::vector<const Pod*>> groups;
  for (const Pod& p : cluster.pods) {
    if (p.owner) groups[{p.ns, *p.owner}].push_back(&p);
  }
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
  std::map<std::string, std::vector<std::size_t>> by_namespace;  // policy indices, in cluster order
  std::vector<std::size_t> cross_namespace;                        // policies with a namespaceSelector peer
  for (std::size_t i = 0; i < cluster.network_policies.size(); ++i) {
    const NetworkPolicy& np = cluster.network_policies[i];
    by_namespace[np.ns].push_back(i);
    bool cross = false;
    for (const auto* rules : {&np.ingress, &np.egress}) {
      for (const PolicyRule& rule : *rules) {
        for (const PolicyPeer& peer : rule.peers) cross = cross || (peer.pod_selector && peer.namespace_selector);
      }
    }
    if (cross) cross_namespace.push_back(i);
  }
  for (const auto& [key, group] : groups) {
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
    if (differing.empty()) continue;
    auto ns_it = ns_labels.find(key.first);
    const Labels* group_ns_labels = ns_it == ns_labels.end() ? nullptr : ns_it->second;
    // Only policies of the group's namespace and policies with a cross-namespace peer can select its pods.
    std::vector<std::size_t> candidates;
    auto local = by_namespace.find(key.first);
    if (local != by_namespace.end()) candidates = local->second;
    candidates.insert(candidates.end(), cross_namespace.begin(), cross_namespace.end());
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (std::size_t index : candidates) {
      const NetworkPolicy& np = cluster.network_policies[index];
      // (path, selector) of every selector of np that applies to the group's namespace and reads a differing key.
      std::vector<std::pair<std::string, const LabelSelector*>> selectors;
      if (np.ns == key.first && reads_any(np.pod_selector, differing)) {
        selectors.push_back({"spec.podSelector", &np.pod_selector});
      }
      auto add_peers = [&](const std::vector<PolicyRule>& rules, const std::string& dir, const char* peers_key) {
        for (std::size_t r = 0; r < rules.size(); ++r) {
          for (std::size_t i = 0; i < rules[r].peers.size(); ++i) {
            const PolicyPeer& peer = rules[r].peers[i];
            if (!peer.pod_selector || (!peer.namespace_selector && np.ns != key.first)) continue;
            // A namespaceSelector that does not match the group's namespace never selects its pods (NP-11).
            if (peer.namespace_selector && (group_ns_labels == nullptr ||
                                            !peer.namespace_selector->Matches(*group_ns_labels))) {
              continue;
            }
            if (!reads_any(*peer.pod_selector, differing)) continue;
            selectors.push_back({"spec." + dir + "[" + std::to_string(r) + "]." + peers_key + "[" +
                                     std::to_string(i) + "].podSelector",
                                 &*peer.pod_selector});
          }
        }
      };
      add_peers(np.ingress, "ingress", "from");
      add_peers(np.egress, "egress", "to");
      for (const auto& [path, selector] : selectors) {
        std::string matched = PartialMatch(*selector, group);
        if (matched.empty()) continue;
        std::string field = np.origin.path.empty() ? path : np.origin.path + "." + path;
        diag.Warning(Location{np.origin.source, np.origin.doc, "NetworkPolicy " + np.Key(), field},
                     "selector " + selector->ToString() + " matches only some pods of " + key.second.kind + " " +
                         key.first + "/" + key.second.name + " (" + matched +
                         "), whose pods have different labels; workload-level output merges them into one peer");
        break;
      }
    }
  }
}

}  // namespace kreach
