#include "sim/loader/expand_workloads.h"

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/loader/decode_document.h"
#include "sim/loader/expand_names.h"
#include "sim/loader/schedule_pods.h"
#include "sim/model/limits.h"

namespace kreach {

namespace {

/// A set of workloads, (namespace, kind, name), as views into the pods' and specs' strings (which outlive it).
/// Open addressing on ObjectKeyHash; keys are compared only when hashes are equal.
class WorkloadKeys {
 public:
  explicit WorkloadKeys(std::size_t expected) {
    std::size_t capacity = 16;
    while (capacity < 2 * expected) capacity *= 2;
    slots_.resize(capacity);
  }
  /// Inserts the key; false when it was there.
  bool Insert(const std::string& ns, const OwnerRef& ref, std::uint64_t hash) { return Find(ns, ref, hash, true); }
  bool Contains(const std::string& ns, const OwnerRef& ref, std::uint64_t hash) const {
    return const_cast<WorkloadKeys*>(this)->Find(ns, ref, hash, false);
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    const std::string* ns = nullptr;
    const OwnerRef* ref = nullptr;
  };
  // Insert mode: returns true when it inserted. Lookup mode: returns true when found.
  bool Find(const std::string& ns, const OwnerRef& ref, std::uint64_t hash, bool insert) {
    if (insert && 2 * (size_ + 1) > slots_.size()) Grow();
    std::size_t mask = slots_.size() - 1;
    for (std::size_t at = hash & mask;; at = (at + 1) & mask) {
      Slot& slot = slots_[at];
      if (slot.ns == nullptr) {
        if (!insert) return false;
        slot = Slot{hash, &ns, &ref};
        ++size_;
        return true;
      }
      if (slot.hash == hash && *slot.ns == ns && *slot.ref == ref) return !insert;
    }
  }
  void Grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    size_ = 0;
    for (const Slot& slot : old) {
      if (slot.ns != nullptr) Find(*slot.ns, *slot.ref, slot.hash, true);
    }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

/// The workloads whose pods the input already contains.
WorkloadKeys MaterializedWorkloads(const std::vector<WorkloadSpec*>& specs, const std::vector<Pod*>& pods,
                                   const std::vector<PodOwner>& owners) {
  WorkloadKeys out(specs.size());
  for (std::size_t i = 0; i < pods.size(); ++i) {
    // A repeated owner is the previous pod's, inserted already; the table keeps pointers, so the pod is read
    // only if its hash meets an equal one.
    if (owners[i].has_owner && !owners[i].repeats) out.Insert(pods[i]->ns, *pods[i]->owner, owners[i].hash);
  }
  // Propagate through intermediate controllers (ReplicaSet → Deployment, Job → CronJob).
  for (bool changed = true; changed;) {
    changed = false;
    for (const WorkloadSpec* s : specs) {
      if (s->owner && out.Contains(s->workload.ns, s->workload.ref, s->key_hash) &&
          out.Insert(s->workload.ns, *s->owner, s->owner_hash)) {
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

void ExpandWorkloads(const std::vector<WorkloadSpec*>& specs, const std::vector<Node>& nodes,
                     const std::vector<Pod*>& input_pods, const std::vector<PodOwner>& owners, std::vector<Pod>& pods,
                     Diagnostics& diag) {
  WorkloadKeys materialized = MaterializedWorkloads(specs, input_pods, owners);
  WorkloadKeys present(specs.size());
  for (const WorkloadSpec* s : specs) present.Insert(s->workload.ns, s->workload.ref, s->key_hash);
  std::size_t created = 0;
  for (const WorkloadSpec* spec : specs) {
    const WorkloadSpec& s = *spec;
    const Workload& w = s.workload;
    if (materialized.Contains(w.ns, w.ref, s.key_hash)) continue;
    if (s.owner && present.Contains(w.ns, *s.owner, s.owner_hash)) continue;  // its controller expands instead
    std::vector<const Node*> targets;
    int count = w.replicas;
    if (w.ref.kind == "DaemonSet") {
      const NodeConstraints* constraints = s.prototype.node_constraints.get();
      for (const Node& n : nodes) {
        if (constraints == nullptr || constraints->Accepts(n.name, n.labels)) targets.push_back(&n);
      }
      count = static_cast<int>(targets.size());
      if (targets.empty() && constraints != nullptr) WarnNoNode(w, *constraints, nodes, diag);
    }
    if (created + static_cast<std::uint64_t>(count) > CurrentLimits().pods) {
      diag.Error(Location{w.origin.source, w.origin.doc, w.ref.kind + " " + w.ns + "/" + w.ref.name, ReplicasPath(s)},
                 std::to_string(count) + " pods would exceed the limit of " + LimitValue("pods") +
                     " pods made from workloads in total " + LimitHint("pods"));
      return;
    }
    created += static_cast<std::size_t>(count);
    std::set<std::string> used;
    std::string cron_job_part = w.ref.kind == "CronJob" ? DigitsSuffix(w.ns + "/" + w.ref.name) : "";
    for (int i = 0; i < count; ++i) {
      Pod pod = s.prototype;
      pod.labels = w.template_labels;
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
