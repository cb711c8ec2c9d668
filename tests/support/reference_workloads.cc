// The oracle's workload expansion, written from docs/scenario-format.md ("Workloads") and the naming contract
// of sim/loader/expand_workloads.h, without the loader's code: plain sets of (namespace, kind, name) and one
// pass over the workloads in input order.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "sim/model/limits.h"
#include "tests/support/reference_model.h"

namespace kreach {
namespace testing {
namespace reference {

namespace {

using Controller = std::tuple<std::string, std::string, std::string>;  // (namespace, kind, name)

Controller ControllerOf(const Workload& w) { return {w.ns, w.ref.kind, w.ref.name}; }

/// True when every key=value of `wanted` is among `labels` (a nodeSelector).
bool HasAll(const Labels& labels, const Labels& wanted) {
  for (const auto& [key, value] : wanted) {
    auto found = labels.find(key);
    if (found == labels.end() || found->second != value) return false;
  }
  return true;
}

/// `text` as a whole base-10 integer with an optional sign, as Go's strconv.ParseInt reads it.
bool AsInteger(const std::string& text, long long& out) {
  if (text.empty()) return false;
  std::size_t digits = text[0] == '+' || text[0] == '-' ? 1 : 0;
  if (digits == text.size() || text.size() - digits > 18) return false;
  for (std::size_t i = digits; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  out = std::stoll(text);
  return true;
}

/// One requirement against the value of its key (`value` null: the node lacks the key).
bool Holds(const NodeSelectorRequirement& r, const std::string* value) {
  std::set<std::string> values(r.values.begin(), r.values.end());
  std::string op = NodeSelectorOpName(r.op);
  if (op == "Exists") return value != nullptr;
  if (op == "DoesNotExist") return value == nullptr;
  if (op == "In") return value != nullptr && values.count(*value) != 0;
  if (op == "NotIn") return value == nullptr || values.count(*value) == 0;
  long long mine = 0, bound = 0;
  if (value == nullptr || r.values.size() != 1 || !AsInteger(*value, mine) || !AsInteger(r.values[0], bound)) {
    return false;
  }
  return op == "Gt" ? mine > bound : mine < bound;
}

bool TermHolds(const NodeSelectorTerm& term, const std::string& name, const Labels& labels) {
  if (term.match_expressions.empty() && term.match_fields.empty()) return false;
  for (const NodeSelectorRequirement& r : term.match_expressions) {
    auto found = labels.find(r.key);
    if (!Holds(r, found == labels.end() ? nullptr : &found->second)) return false;
  }
  for (const NodeSelectorRequirement& r : term.match_fields) {
    if (!Holds(r, &name)) return false;  // metadata.name
  }
  return true;
}

bool AffinityHolds(const NodeConstraints& c, const std::string& name, const Labels& labels) {
  if (c.affinity.empty()) return true;
  for (const NodeSelectorTerm& term : c.affinity) {
    if (TermHolds(term, name, labels)) return true;
  }
  return false;
}

/// The controllers that own pods of the input, directly or through a controller they own in the input (a
/// Deployment owns the ReplicaSet that owns the pods; a CronJob its Job).
std::set<Controller> ControllersWithPods(const std::vector<const WorkloadSpec*>& specs, const Model& model) {
  std::set<Controller> out;
  for (const auto& [key, pod] : model.pods) {
    if (pod.owner) out.insert({pod.ns, pod.owner->kind, pod.owner->name});
  }
  bool grew = true;
  while (grew) {
    grew = false;
    for (const WorkloadSpec* spec : specs) {
      if (!spec->owner || out.count(ControllerOf(spec->workload)) == 0) continue;
      grew = out.insert({spec->workload.ns, spec->owner->kind, spec->owner->name}).second || grew;
    }
  }
  return out;
}

/// The message path of a workload's pod count: spec.replicas, a Job's spec.parallelism, a CronJob's spec; a
/// DaemonSet has none.
std::string CountPath(const Workload& w) {
  if (w.ref.kind == "DaemonSet") return "";
  std::string path = w.origin.path.empty() ? "spec" : w.origin.path + ".spec";
  if (w.ref.kind == "CronJob") return path;
  return path + (w.ref.kind == "Job" ? ".parallelism" : ".replicas");
}

/// The 8 digits of a CronJob's Job name: each of 8 suffix letters as its character code modulo 10.
std::string CronJobDigits(const std::string& seed) {
  std::string digits;
  for (char letter : ControllerSuffix(seed, 8)) {
    digits.push_back(static_cast<char>('0' + static_cast<unsigned char>(letter) % 10));
  }
  return digits;
}

/// The name of pod `i` of `w`, not in `taken` (names this workload already gave): the prefix, then 5 letters
/// hashed from "ns/name/i", or from "ns/name/i/1", "/2", ... when that name is taken.
std::string RandomName(const Workload& w, const std::string& prefix, int i, std::set<std::string>& taken) {
  std::string seed = w.ns + "/" + w.ref.name + "/" + std::to_string(i);
  std::string name = prefix + ControllerSuffix(seed, 5);
  for (int salt = 1; taken.count(name) != 0; ++salt) {
    name = prefix + ControllerSuffix(seed + "/" + std::to_string(salt), 5);
  }
  taken.insert(name);
  return name;
}

}  // namespace

std::tuple<std::string, std::string, std::string> MadeKey(const Pod& pod) {
  return {pod.ns, pod.name, pod.origin.source + ":" + std::to_string(pod.origin.doc) + ":" + pod.origin.path};
}

Labels ImpliedNodeLabels(const std::string& name) {
  return {{"kubernetes.io/os", "linux"}, {"kubernetes.io/arch", "amd64"}, {"kubernetes.io/hostname", name}};
}

bool Admits(const NodeConstraints* constraints, const std::string& name, const Labels& labels) {
  return constraints == nullptr ||
         (HasAll(labels, constraints->node_selector) && AffinityHolds(*constraints, name, labels));
}

void WarnNoNode(const Workload& w, const NodeConstraints& c, const std::map<std::string, Labels>& nodes,
                Diagnostics& diag) {
  std::string spec = w.ref.kind == "CronJob" ? "spec.jobTemplate.spec.template.spec" : "spec.template.spec";
  bool selector_rejects = !c.node_selector.empty(), affinity_rejects = !c.affinity.empty();
  for (const auto& [name, labels] : nodes) {
    selector_rejects = selector_rejects && !HasAll(labels, c.node_selector);
    affinity_rejects = affinity_rejects && !AffinityHolds(c, name, labels);
  }
  std::string field = selector_rejects ? spec + ".nodeSelector"
                      : affinity_rejects
                          ? spec + ".affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                          : spec;
  std::string object = w.ref.kind + " " + w.ns + "/" + w.ref.name;
  diag.Warning(w.origin.At(object, field), object + ": no node admits its pods");
}

std::string ControllerSuffix(const std::string& seed, std::size_t length) {
  const std::string alphabet = "bcdfghjklmnpqrstvwxz2456789";
  const std::uint64_t base = alphabet.size();
  const std::uint64_t kFnvPrime = 1099511628211ull;
  // kreach's names start from 1469598103934665603, not FNV-1a's offset basis 14695981039346656037 (a digit
  // short). The names only need to be deterministic, so the oracle takes kreach's constant as the naming rule.
  const std::uint64_t kOffsetBasis = 1469598103934665603ull;
  std::uint64_t value = kOffsetBasis;
  for (unsigned char byte : seed) value = (value ^ byte) * kFnvPrime;
  std::string out;
  for (std::size_t position = 0; position < length; ++position) {
    // The hash is read as base-27 digits, lowest first; when less than one digit is left it is stirred again.
    if (value < base) value = (value ^ ((position + 1) * 0x9E3779B97F4A7C15ull)) * kFnvPrime;
    out.push_back(alphabet[value % base]);
    value /= base;
  }
  return out;
}

void MakeWorkloadPods(const std::vector<const WorkloadSpec*>& specs, Model& model, Diagnostics& diag) {
  const std::set<Controller> with_pods = ControllersWithPods(specs, model);
  std::set<Controller> in_input;
  for (const WorkloadSpec* spec : specs) in_input.insert(ControllerOf(spec->workload));
  // DaemonSets run on the declared nodes; with none, on the default node-1 (implied, with its labels).
  std::map<std::string, Labels> node_labels;
  for (const auto& [name, node] : model.nodes) node_labels[name] = node.labels;
  if (node_labels.empty()) node_labels["node-1"] = ImpliedNodeLabels("node-1");
  std::uint64_t made = 0;
  for (const WorkloadSpec* spec : specs) {
    const Workload& w = spec->workload;
    if (with_pods.count(ControllerOf(w)) != 0) continue;
    if (spec->owner && in_input.count({w.ns, spec->owner->kind, spec->owner->name}) != 0) continue;
    std::vector<std::string> daemon_nodes;  // DaemonSet: one pod per node its node constraints admit
    const NodeConstraints* constraints = spec->prototype.node_constraints.get();
    if (w.ref.kind == "DaemonSet") {
      for (const auto& [name, labels] : node_labels) {
        if (Admits(constraints, name, labels)) daemon_nodes.push_back(name);
      }
      if (daemon_nodes.empty() && constraints != nullptr) WarnNoNode(w, *constraints, node_labels, diag);
    }
    std::uint64_t count = w.ref.kind == "DaemonSet" ? daemon_nodes.size() : static_cast<std::uint64_t>(w.replicas);
    if (made + count > CurrentLimits().pods) {
      diag.Error(Location{w.origin.source, w.origin.doc, w.ref.kind + " " + w.ns + "/" + w.ref.name, CountPath(w)},
                 std::to_string(count) + " pods would pass the pods limit");
      return;  // nothing more is expanded
    }
    made += count;
    std::set<std::string> taken;
    for (std::uint64_t i = 0; i < count; ++i) {
      int index = static_cast<int>(i);
      Pod pod = spec->prototype;
      pod.ns = w.ns;
      pod.labels = w.template_labels;
      pod.owner = w.ref;
      pod.origin = w.origin;
      if (w.ref.kind == "StatefulSet") {
        pod.name = w.ref.name + "-" + std::to_string(index);
        pod.hostname = pod.name;
        pod.subdomain = spec->service_name;
        pod.labels["statefulset.kubernetes.io/pod-name"] = pod.name;
      } else if (w.ref.kind == "Deployment") {
        pod.name = RandomName(w, w.ref.name + "-" + spec->template_hash + "-", index, taken);
        pod.labels["pod-template-hash"] = spec->template_hash;
      } else if (w.ref.kind == "CronJob") {
        pod.name = RandomName(w, w.ref.name + "-" + CronJobDigits(w.ns + "/" + w.ref.name) + "-", index, taken);
      } else {
        pod.name = RandomName(w, w.ref.name + "-", index, taken);
      }
      if (w.ref.kind == "DaemonSet") pod.node = daemon_nodes[i];
      model.made.insert(MadeKey(pod));
      NsName key{pod.ns, pod.name};
      model.pods.emplace(key, std::move(pod));  // after any input pod of the same name
    }
  }
}

}  // namespace reference
}  // namespace testing
}  // namespace kreach
