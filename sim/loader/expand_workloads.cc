#include "sim/loader/expand_workloads.h"

#include <set>
#include <string>
#include <utility>

#include "sim/loader/expand_names.h"

namespace kreach {

namespace {

using WorkloadKey = std::pair<std::string, OwnerRef>;  // namespace, {kind, name}

bool IsSelectedBy(const Labels& labels, const Labels& selector) {
  for (const auto& [key, value] : selector) {
    auto it = labels.find(key);
    if (it == labels.end() || it->second != value) return false;
  }
  return true;
}

/// The workloads whose pods the input already contains.
std::set<WorkloadKey> MaterializedWorkloads(const std::vector<WorkloadSpec>& specs, const std::vector<Pod>& pods) {
  std::set<WorkloadKey> out;
  for (const Pod& p : pods) {
    if (p.owner) out.insert({p.ns, *p.owner});
  }
  // Propagate through intermediate controllers (ReplicaSet → Deployment, Job → CronJob).
  for (bool changed = true; changed;) {
    changed = false;
    for (const WorkloadSpec& s : specs) {
      if (s.owner && out.count({s.workload.ns, s.workload.ref}) && out.insert({s.workload.ns, *s.owner}).second) {
        changed = true;
      }
    }
  }
  return out;
}

std::string DigitsSuffix(const std::string& seed) {
  std::string letters = HashSuffix(seed, 8);
  std::string digits;
  for (char c : letters) digits += static_cast<char>('0' + static_cast<unsigned char>(c) % 10);
  return digits;
}

}  // namespace

void ExpandWorkloads(const std::vector<WorkloadSpec>& specs, const std::vector<Node>& nodes, std::vector<Pod>& pods,
                     Diagnostics& diag) {
  std::set<WorkloadKey> materialized = MaterializedWorkloads(specs, pods);
  std::set<WorkloadKey> present;
  for (const WorkloadSpec& s : specs) present.insert({s.workload.ns, s.workload.ref});
  std::size_t created = 0;
  for (const WorkloadSpec& s : specs) {
    const Workload& w = s.workload;
    if (materialized.count({w.ns, w.ref})) continue;
    if (s.owner && present.count({w.ns, *s.owner})) continue;  // its controller expands instead
    std::vector<const Node*> targets;
    int count = w.replicas;
    if (w.ref.kind == "DaemonSet") {
      for (const Node& n : nodes) {
        if (IsSelectedBy(n.labels, s.node_selector)) targets.push_back(&n);
      }
      count = static_cast<int>(targets.size());
    }
    if (created + static_cast<std::size_t>(count) > kMaxExpandedPods) {
      diag.Error(Location{w.origin.source, w.origin.doc, w.ref.kind + " " + w.ns + "/" + w.ref.name,
                          s.replicas_path},
                 std::to_string(count) + " pods would exceed the limit of " + std::to_string(kMaxExpandedPods) +
                     " expanded pods in total");
      return;
    }
    created += static_cast<std::size_t>(count);
    std::set<std::string> used;
    std::string cron_job_part = w.ref.kind == "CronJob" ? DigitsSuffix(w.ns + "/" + w.ref.name) : "";
    for (int i = 0; i < count; ++i) {
      Pod pod = s.prototype;
      pod.ns = w.ns;
      pod.owner = w.ref;
      pod.origin = w.origin;
      std::string base = w.ref.name + "-";
      if (w.ref.kind == "Deployment") {
        base += s.template_hash + "-";
        pod.labels["pod-template-hash"] = s.template_hash;
      } else if (w.ref.kind == "CronJob") {
        base += cron_job_part + "-";
      }
      if (w.ref.kind == "StatefulSet") {
        pod.name = w.ref.name + "-" + std::to_string(i);
        pod.hostname = pod.name;
        pod.subdomain = s.service_name;
        pod.labels["statefulset.kubernetes.io/pod-name"] = pod.name;
      } else {
        for (int salt = 0;; ++salt) {
          std::string seed = w.ns + "/" + w.ref.name + "/" + std::to_string(i);
          if (salt > 0) seed += "/" + std::to_string(salt);
          pod.name = base + HashSuffix(seed, 5);
          if (used.insert(pod.name).second) break;
        }
      }
      if (!targets.empty()) pod.node = targets[static_cast<std::size_t>(i)]->name;
      pods.push_back(std::move(pod));
    }
  }
}

}  // namespace kreach
