// The plan of a synthetic cluster: namespaces, workloads, Services and nodes from the parameters and the seed.
#include <algorithm>

#include "sim/generate/generate_internal.h"

namespace kreach {
namespace generate_internal {

std::int64_t Share(std::int64_t total, std::int64_t parts, std::int64_t index) {
  if (parts <= 0) return 0;
  return total / parts + (index < total % parts ? 1 : 0);
}

std::string AppWorkloadName(std::int64_t index) {
  std::string name = kApps[index % kAppCount].name;
  if (index >= kAppCount) name += "-" + std::to_string(index / kAppCount + 1);
  return name;
}

void PlanWorkloads(const GeneratorParams& p, NamespacePlan& ns, std::int64_t services, Rng& rng) {
  if (ns.pods == 0) return;
  std::int64_t by_size = (ns.pods + p.replicas - 1) / p.replicas;
  std::int64_t count = std::min(ns.pods, std::max<std::int64_t>({1, services, by_size}));
  ns.workloads.resize(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) {
    WorkloadPlan& w = ns.workloads[static_cast<std::size_t>(i)];
    w.name = AppWorkloadName(i);
    w.app = static_cast<int>(i % kAppCount);
    w.replicas = 1;
    w.stateful = p.style != PolicyStyle::kRandom && i < services && rng.Percent(p.statefulset_percent);
    if (p.style == PolicyStyle::kRandom) {
      for (std::int64_t k = 0; k < p.label_keys; ++k) {
        w.random_labels.emplace_back(kLabelKeys[k], kLabelKeys[k] + std::to_string(rng.Below(p.label_values)));
      }
    }
  }
  // The remaining pods go to workloads drawn with a skew towards the first ones: a few large, many small.
  for (std::int64_t left = ns.pods - count; left > 0; --left) {
    std::uint64_t a = static_cast<std::uint64_t>(rng.Below(count)), b = static_cast<std::uint64_t>(rng.Below(count));
    ++ns.workloads[std::min(a, b)].replicas;
  }
}

void PlanServices(const GeneratorParams& p, NamespacePlan& ns, std::int64_t count, Rng& rng) {
  std::int64_t workloads = static_cast<std::int64_t>(ns.workloads.size());
  for (std::int64_t k = 0; k < count; ++k) {
    ServicePlan s;
    if (workloads == 0) {
      s.name = "svc-" + std::to_string(k);
    } else {
      s.workload = static_cast<int>(k % workloads);
      WorkloadPlan& w = ns.workloads[static_cast<std::size_t>(s.workload)];
      s.name = k < workloads ? w.name : w.name + "-alt" + std::to_string(k / workloads);
      if (k < workloads && w.stateful) {
        s.headless = true;
        w.service_name = s.name;
      }
    }
    s.named_target = rng.Percent(50);
    s.node_port = !s.headless && rng.Percent(p.nodeport_percent);
    ns.services.push_back(std::move(s));
  }
}

NamespacePlan SystemNamespace() {
  NamespacePlan ns;
  ns.name = kSystemNamespace;
  ns.system = true;
  ns.pods = 2;
  WorkloadPlan coredns;
  coredns.name = "coredns";
  coredns.app = -1;
  coredns.replicas = 2;
  ns.workloads.push_back(coredns);
  ServicePlan dns;
  dns.name = "kube-dns";
  dns.workload = 0;
  dns.ip = kDnsServiceIp;
  ns.services.push_back(dns);
  return ns;
}

ClusterPlan MakePlan(const GeneratorParams& p) {
  ClusterPlan plan;
  std::int64_t system = p.dns ? 1 : 0;
  std::int64_t apps = p.namespaces - system;
  std::int64_t app_pods = p.pods - 2 * system, app_services = p.services - system;
  if (p.dns) plan.namespaces.push_back(SystemNamespace());
  for (std::int64_t a = 0; a < apps; ++a) {
    Rng rng(Mix(p.seed, static_cast<std::uint64_t>(2 * a)));
    NamespacePlan ns;
    std::int64_t team = rng.Below(kTeamCount);
    ns.team = kTeams[team];
    ns.name = ns.team + "-" + std::to_string(a);
    ns.env = kEnvs[rng.Below(3)];
    ns.lock_egress = p.style == PolicyStyle::kRealistic && rng.Percent(p.egress_lock_percent);
    ns.pods = Share(app_pods, apps, a);
    ns.policies = Share(p.policies, apps, a);
    std::int64_t services = Share(app_services, apps, a);
    PlanWorkloads(p, ns, services, rng);
    PlanServices(p, ns, services, rng);
    plan.namespaces.push_back(std::move(ns));
  }
  // Global numbering in output order: pods (for node placement), ClusterIPs, nodePorts, template hashes.
  std::int64_t pod = 0;
  Ipv4 next_ip = kFirstServiceIp;
  int next_node_port = kFirstNodePort;
  for (NamespacePlan& ns : plan.namespaces) {
    ns.first_pod = pod;
    pod += ns.pods;
    for (WorkloadPlan& w : ns.workloads) {
      std::uint64_t h = HashText(p.seed, ns.name + "/" + w.name);
      w.hash = SuffixFromNumber(h, 10);
    }
    for (ServicePlan& s : ns.services) {
      if (s.node_port && next_node_port + 1 > kLastNodePort) s.node_port = false;
      if (s.node_port) {
        s.first_node_port = next_node_port;
        next_node_port += 2;  // the main port and metrics
      }
      if (!s.headless && s.ip == 0) s.ip = next_ip++;
    }
  }
  plan.nodes = std::max<std::int64_t>(1, (p.pods + p.pods_per_node - 1) / p.pods_per_node);
  return plan;
}

// ---- addresses ----

Cidr NodePodCidr(const ClusterPlan& plan, std::int64_t node) {
  Ipv4 base = plan.nodes <= 256 ? 0x0AF40000u : 0x0A800000u;  // 10.244.0.0/16, or 10.128.0.0/9 when larger
  return Cidr{base + static_cast<Ipv4>(node) * 256u, 24};
}

std::string NodeName(const ClusterPlan& plan, std::int64_t node) {
  std::string digits = std::to_string(node + 1);
  std::size_t width = std::to_string(plan.nodes).size();
  return "node-" + std::string(width - digits.size(), '0') + digits;
}

}  // namespace generate_internal
}  // namespace kreach
