#include "sim/generate/generate.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "sim/generate/generate_internal.h"
#include "sim/model/ipv4.h"

namespace kreach {

using generate_internal::BeginObject;
using generate_internal::ClusterPlan;
using generate_internal::kMaxIpBlocks;
using generate_internal::kMaxLabelKeys;
using generate_internal::kMaxNodes;
using generate_internal::kMaxPods;
using generate_internal::kMaxPortRanges;
using generate_internal::kMaxServices;
using generate_internal::MakePlan;
using generate_internal::NamespacePlan;
using generate_internal::ServicePlan;
using generate_internal::WorkloadPlan;
using generate_internal::WriteNamespace;
using generate_internal::WriteNode;
using generate_internal::WritePods;
using generate_internal::WritePolicies;
using generate_internal::WriteReplicaSet;
using generate_internal::WriteService;
using generate_internal::WriteWorkload;

// ---- public ----

const std::vector<GeneratorPreset>& GeneratorPresets() {
  static const std::vector<GeneratorPreset> presets = [] {
    auto make = [](const char* name, const char* models, std::int64_t pods, std::int64_t namespaces,
                   std::int64_t policies, std::int64_t services) {
      GeneratorPreset preset{name, models, GeneratorParams{}};
      preset.params.pods = pods;
      preset.params.namespaces = namespaces;
      preset.params.policies = policies;
      preset.params.services = services;
      return preset;
    };
    std::vector<GeneratorPreset> out;
    out.push_back(make("L0", "smoke test", 100, 5, 20, 20));
    out.push_back(make("L1", "a small team cluster", 1000, 20, 100, 100));
    out.push_back(make("L2", "a shared company cluster", 10000, 100, 1000, 700));
    out.push_back(make("L3", "the shape of the upstream 1k-node load test", 30000, 10, 320, 1600));
    out.push_back(make("L4", "the Kubernetes scalability thresholds", 150000, 50, 1600, 8000));
    GeneratorPreset l5 = make("L5", "Antrea's controller benchmark: namespaces of 4 pods, 3 policies, 1 Service",
                              100000, 25000, 75000, 25000);
    l5.params.replicas = 4;
    l5.params.egress_lock_percent = 0;
    out.push_back(l5);
    GeneratorPreset l6 =
        make("L6", "Kano's largest experiment: one namespace, random labels and selectors", 100000, 1, 50000, 0);
    l6.params.dns = false;
    l6.params.style = PolicyStyle::kRandom;
    out.push_back(l6);
    GeneratorPreset l7 = make("L7", "adversarial: cross-namespace selectors, 200 port ranges, 1,000 ipBlocks", 150000,
                              10000, 50000, 10000);
    l7.params.style = PolicyStyle::kAdversarial;
    l7.params.port_ranges = 200;
    l7.params.ip_blocks = 1000;
    out.push_back(l7);
    return out;
  }();
  return presets;
}

const GeneratorPreset* FindGeneratorPreset(const std::string& name) {
  for (const GeneratorPreset& p : GeneratorPresets()) {
    if (name == p.name) return &p;
  }
  return nullptr;
}

const char* PolicyStyleName(PolicyStyle style) {
  switch (style) {
    case PolicyStyle::kRealistic: return "realistic";
    case PolicyStyle::kRandom: return "random";
    case PolicyStyle::kAdversarial: return "adversarial";
  }
  return "realistic";
}

bool ParsePolicyStyle(const std::string& name, PolicyStyle* style) {
  for (PolicyStyle s : {PolicyStyle::kRealistic, PolicyStyle::kRandom, PolicyStyle::kAdversarial}) {
    if (name == PolicyStyleName(s)) {
      *style = s;
      return true;
    }
  }
  return false;
}

bool CheckGeneratorParams(const GeneratorParams& p, std::string* why) {
  auto in_range = [why](const char* flag, std::int64_t value, std::int64_t low, std::int64_t high) {
    if (value >= low && value <= high) return true;
    *why = std::string(flag) + " " + std::to_string(value) + ": must be from " + std::to_string(low) + " to " +
           std::to_string(high);
    return false;
  };
  if (!in_range("--pods", p.pods, 0, kMaxPods) || !in_range("--namespaces", p.namespaces, 1, kMaxPods) ||
      !in_range("--policies", p.policies, 0, 2 * kMaxPods) || !in_range("--services", p.services, 0, kMaxServices) ||
      !in_range("--replicas", p.replicas, 1, kMaxPods) || !in_range("--pods-per-node", p.pods_per_node, 1, 250) ||
      !in_range("--statefulset-percent", p.statefulset_percent, 0, 100) ||
      !in_range("--nodeport-percent", p.nodeport_percent, 0, 100) ||
      !in_range("--egress-lock-percent", p.egress_lock_percent, 0, 100) ||
      !in_range("--port-ranges", p.port_ranges, 1, kMaxPortRanges) ||
      !in_range("--ip-blocks", p.ip_blocks, 1, kMaxIpBlocks) ||
      !in_range("--label-keys", p.label_keys, 1, kMaxLabelKeys) ||
      !in_range("--label-values", p.label_values, 1, 1000)) {
    return false;
  }
  if (p.dns) {
    const std::string hint = ", or add --no-dns to leave kube-system out";
    if (p.namespaces < 2) {
      *why = "--namespaces must be at least 2: kube-system is one of them" + hint;
    } else if (p.pods < 2) {
      *why = "--pods must be at least 2: kube-system's 2 CoreDNS pods count" + hint;
    } else if (p.services < 1) {
      *why = "--services must be at least 1: kube-system's kube-dns counts" + hint;
    }
    if (p.namespaces < 2 || p.pods < 2 || p.services < 1) return false;
  }
  std::int64_t nodes = (p.pods + p.pods_per_node - 1) / p.pods_per_node;
  if (nodes > kMaxNodes) {
    *why = std::to_string(p.pods) + " pods at --pods-per-node " + std::to_string(p.pods_per_node) + " need " +
           std::to_string(nodes) + " nodes, more than " + std::to_string(kMaxNodes) +
           ": raise --pods-per-node to at least " + std::to_string((p.pods + kMaxNodes - 1) / kMaxNodes);
    return false;
  }
  return true;
}

void WriteSyntheticCluster(const GeneratorParams& p, TextFormat format, std::ostream& out) {
  ClusterPlan plan = MakePlan(p);
  StructuredWriter w(format, out);
  w.BeginObject();
  w.Field("apiVersion", "v1");
  w.Field("kind", "List");
  w.Key("metadata");
  w.BeginObject();
  w.Field("resourceVersion", "");
  w.EndObject();
  w.Key("items");
  w.BeginArray();
  for (const NamespacePlan& ns : plan.namespaces) WriteNamespace(w, ns);
  for (std::int64_t n = 0; n < plan.nodes; ++n) WriteNode(w, plan, n);
  for (bool stateful : {false, true}) {
    for (const NamespacePlan& ns : plan.namespaces) {
      for (const WorkloadPlan& wl : ns.workloads) {
        if (wl.stateful == stateful) WriteWorkload(w, ns, wl);
      }
    }
  }
  for (const NamespacePlan& ns : plan.namespaces) {
    for (const WorkloadPlan& wl : ns.workloads) {
      if (!wl.stateful) WriteReplicaSet(w, ns, wl);
    }
  }
  for (const NamespacePlan& ns : plan.namespaces) WritePods(w, p, plan, ns);
  for (const NamespacePlan& ns : plan.namespaces) {
    for (const ServicePlan& s : ns.services) WriteService(w, ns, s);
  }
  WritePolicies(w, p, plan);
  w.EndArray();
  w.EndObject();
  w.Finish();
}

}  // namespace kreach
