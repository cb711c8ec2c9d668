#include "sim/loader/schedule_pods.h"

#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <utility>

namespace kreach {

namespace {

constexpr const char* kRequiredAffinity = "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution";

/// Where the pod spec is in an object of `kind`: a Pod's own spec, a workload's template.
std::string PodSpecPath(const std::string& kind) {
  if (kind == "Pod") return "spec";
  if (kind == "CronJob") return "spec.jobTemplate.spec.template.spec";
  return "spec.template.spec";
}

/// The names of `nodes`, at most five, for a message.
std::string NodeNames(const std::vector<Node>& nodes) {
  if (nodes.empty()) return "there is none";
  constexpr std::size_t kShown = 5;
  std::string out;
  for (std::size_t i = 0; i < nodes.size() && i < kShown; ++i) out += (i ? ", " : "") + nodes[i].name;
  if (nodes.size() > kShown) out += " and " + std::to_string(nodes.size() - kShown) + " more";
  return out;
}

/// The part of `c` that rejects every node of `nodes`, as (field under the pod spec at `spec_path`, words).
std::pair<std::string, std::string> Rejecting(const NodeConstraints& c, const std::vector<Node>& nodes,
                                              const std::string& spec_path) {
  std::string selector = "nodeSelector " + c.SelectorText();
  std::string affinity = "required node affinity " + c.AffinityText();
  if (!c.node_selector.empty() &&
      std::none_of(nodes.begin(), nodes.end(), [&](const Node& n) { return c.SelectorAccepts(n.labels); })) {
    return {spec_path + ".nodeSelector", selector};
  }
  if (!c.affinity.empty() &&
      std::none_of(nodes.begin(), nodes.end(), [&](const Node& n) { return c.AffinityAccepts(n.name, n.labels); })) {
    return {spec_path + "." + kRequiredAffinity, affinity};
  }
  return {spec_path, selector + " with " + affinity};
}

/// The workload `pod` was expanded from (its owner, with the very origin kreach gave its pods), or nullptr for a
/// pod of the input.
const Workload* ExpandedFrom(const Cluster& c, const Pod& pod) {
  if (!pod.owner) return nullptr;
  auto key = std::tie(pod.ns, pod.owner->name, pod.owner->kind);
  auto it = std::lower_bound(c.workloads.begin(), c.workloads.end(), key, [](const Workload& w, const auto& k) {
    return std::tie(w.ns, w.ref.name, w.ref.kind) < k;
  });
  if (it == c.workloads.end() || std::tie(it->ns, it->ref.name, it->ref.kind) != key) return nullptr;
  const Origin& a = it->origin;
  const Origin& b = pod.origin;
  return a.source == b.source && a.doc == b.doc && a.path == b.path ? &*it : nullptr;
}

}  // namespace

void WarnNoNode(const Workload& w, const NodeConstraints& constraints, const std::vector<Node>& nodes,
                Diagnostics& diag) {
  auto [field, words] = Rejecting(constraints, nodes, PodSpecPath(w.ref.kind));
  std::string object = w.ref.kind + " " + w.ns + "/" + w.ref.name;
  diag.Warning(w.origin.At(object, field), words + " matches no node (" + NodeNames(nodes) + "): " + object +
                                               " gets no pods; traffic to it is reported as having no endpoints "
                                               "(give the input Nodes that match)");
}

void SchedulePods(Cluster& cluster, Diagnostics& diag) {
  const std::vector<Node>& nodes = cluster.nodes;
  if (nodes.empty()) return;
  std::size_t next = 0;
  std::vector<bool> removed(cluster.pods.size(), false);
  bool any_removed = false;
  std::set<const Workload*> warned;
  for (std::size_t i = 0; i < cluster.pods.size(); ++i) {
    Pod& p = cluster.pods[i];
    if (!p.node.empty()) continue;
    if (!p.node_constraints) {  // the common case, and every pod of an input without node constraints
      p.node = nodes[next++ % nodes.size()].name;
      continue;
    }
    const NodeConstraints& c = *p.node_constraints;
    std::size_t turn = 0;
    while (turn < nodes.size() &&
           !c.Accepts(nodes[(next + turn) % nodes.size()].name, nodes[(next + turn) % nodes.size()].labels)) {
      ++turn;
    }
    if (turn < nodes.size()) {
      p.node = nodes[(next + turn) % nodes.size()].name;
      next += turn + 1;
      continue;
    }
    if (const Workload* w = ExpandedFrom(cluster, p)) {
      removed[i] = any_removed = true;
      if (warned.insert(w).second) WarnNoNode(*w, c, nodes, diag);
      continue;
    }
    p.node = nodes[next++ % nodes.size()].name;
    auto [field, words] = Rejecting(c, nodes, PodSpecPath("Pod"));
    diag.Warning(p.origin.At("Pod " + p.Key(), field), words + " matches no node (" + NodeNames(nodes) +
                                                           "): a scheduler would leave Pod " + p.Key() +
                                                           " Pending, without an address; kreach places it on " +
                                                           p.node + " anyway, so answers about it assume that it runs");
  }
  if (!any_removed) return;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < cluster.pods.size(); ++i) {
    if (removed[i]) continue;
    if (kept != i) cluster.pods[kept] = std::move(cluster.pods[i]);
    ++kept;
  }
  cluster.pods.resize(kept);
}

}  // namespace kreach
