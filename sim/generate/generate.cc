#include "sim/generate/generate.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "sim/model/ipv4.h"

namespace kreach {

namespace {

// ---- randomness: splitmix64, so the bytes depend on nothing but the parameters ----

std::uint64_t SplitMix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::uint64_t Mix(std::uint64_t a, std::uint64_t b) {
  std::uint64_t state = a ^ (b * 0xD6E8FEB86659FD93ull);
  return SplitMix(state);
}

std::uint64_t HashText(std::uint64_t seed, std::string_view text) {
  std::uint64_t h = 0xCBF29CE484222325ull;  // FNV-1a, then mixed with the seed
  for (char c : text) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
  return Mix(seed, h);
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() { return SplitMix(state_); }
  /// Uniform enough in [0, n) for n > 0 (the modulo bias is far below anything a test could see).
  std::int64_t Below(std::int64_t n) { return n <= 0 ? 0 : static_cast<std::int64_t>(Next() % static_cast<std::uint64_t>(n)); }
  bool Percent(std::int64_t p) { return Below(100) < p; }

 private:
  std::uint64_t state_;
};

/// The alphabet Kubernetes uses for generated name suffixes (no vowels, no 0/1/3).
constexpr std::string_view kSuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

std::string SuffixFromNumber(std::uint64_t n, int length) {
  std::string out(static_cast<std::size_t>(length), 'b');
  for (int i = length - 1; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kSuffixAlphabet[n % kSuffixAlphabet.size()];
    n /= kSuffixAlphabet.size();
  }
  return out;
}

// ---- vocabulary ----

struct AppKind {
  const char* name;
  const char* tier;
  const char* port_name;
  int port;
  int service_port;
};

constexpr AppKind kApps[] = {
    {"web", "frontend", "http", 8080, 80},        {"api", "backend", "http", 8080, 80},
    {"auth", "backend", "grpc", 9090, 9090},      {"cart", "backend", "http", 8080, 80},
    {"catalog", "backend", "http", 8080, 80},     {"checkout", "backend", "grpc", 9090, 9090},
    {"search", "backend", "http", 9200, 9200},    {"worker", "backend", "health", 8081, 8081},
    {"queue", "data", "amqp", 5672, 5672},        {"db", "data", "postgres", 5432, 5432},
    {"cache", "data", "redis", 6379, 6379},       {"gateway", "frontend", "https", 8443, 443},
};
constexpr std::int64_t kAppCount = static_cast<std::int64_t>(sizeof(kApps) / sizeof(kApps[0]));
constexpr int kMetricsPort = 9100;

constexpr const char* kTeams[] = {"payments", "search", "platform", "identity", "catalog", "billing",
                                  "shipping", "growth",  "data",     "mobile",   "ads",     "infra",
                                  "support",  "risk",    "media",    "labs"};
constexpr std::int64_t kTeamCount = static_cast<std::int64_t>(sizeof(kTeams) / sizeof(kTeams[0]));
constexpr const char* kEnvs[] = {"prod", "staging", "dev"};

constexpr const char* kLabelKeys[] = {"role", "shard", "env", "team", "zone", "version",
                                      "release", "owner", "stack", "channel", "track", "group"};
constexpr std::int64_t kMaxLabelKeys = static_cast<std::int64_t>(sizeof(kLabelKeys) / sizeof(kLabelKeys[0]));

constexpr const char* kSystemNamespace = "kube-system";
constexpr Ipv4 kDnsServiceIp = 0x0A60000Au;    // 10.96.0.10
constexpr Ipv4 kFirstServiceIp = 0x0A60000Bu;  // 10.96.0.11
constexpr Ipv4 kFirstNodeIp = 0xAC120002u;     // 172.18.0.2, as kind numbers its nodes
constexpr int kFirstNodePort = 30000;
constexpr int kLastNodePort = 32767;
constexpr std::int64_t kMaxPods = 1000000;  // the loader's expansion limit; keeps node and IP ranges valid
constexpr std::int64_t kMaxNodes = 32768;   // /24 pod CIDRs in 10.128.0.0/9
constexpr std::int64_t kMaxServices = 500000;
constexpr std::int64_t kMaxPortRanges = 1000;
constexpr std::int64_t kMaxIpBlocks = 4000;

using LabelList = std::vector<std::pair<std::string, std::string>>;

// ---- the plan: everything but pods and policies, which are streamed from it ----

struct WorkloadPlan {
  std::string name;
  int app = 0;  ///< index into kApps; -1 for CoreDNS
  bool stateful = false;
  std::int64_t replicas = 0;
  std::string hash;  ///< pod-template-hash (Deployment) or controller-revision-hash suffix (StatefulSet)
  std::string service_name;  ///< StatefulSet: its governing (headless) Service
  LabelList random_labels;   ///< random style: labels from the vocabulary
};

struct ServicePlan {
  std::string name;
  int workload = -1;  ///< index in the namespace's workloads; -1: selects nothing that exists
  bool headless = false;
  bool node_port = false;
  bool named_target = false;
  Ipv4 ip = 0;
  int first_node_port = 0;
};

struct NamespacePlan {
  std::string name;
  std::string team;
  std::string env;
  bool system = false;
  bool lock_egress = false;
  std::int64_t pods = 0;
  std::int64_t policies = 0;
  std::int64_t first_pod = 0;  ///< global index of its first pod (node placement)
  std::vector<WorkloadPlan> workloads;
  std::vector<ServicePlan> services;
};

struct ClusterPlan {
  std::vector<NamespacePlan> namespaces;
  std::int64_t nodes = 1;
};

/// `total` split over `parts` as evenly as possible: the first total % parts parts get one more.
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

// ---- object writers ----

void WriteLabels(StructuredWriter& w, const LabelList& labels) {
  w.Key("labels");
  w.BeginObject();
  for (const auto& [key, value] : labels) w.Field(key, value);
  w.EndObject();
}

void BeginObject(StructuredWriter& w, const char* api_version, const char* kind, const std::string& name,
                 const std::string& ns, const LabelList& labels) {
  w.BeginObject();
  w.Field("apiVersion", api_version);
  w.Field("kind", kind);
  w.Key("metadata");
  w.BeginObject();
  w.Field("name", name);
  if (!ns.empty()) w.Field("namespace", ns);
  if (!labels.empty()) WriteLabels(w, labels);
}

void WriteOwner(StructuredWriter& w, const char* api_version, const char* kind, const std::string& name) {
  w.Key("ownerReferences");
  w.BeginArray();
  w.BeginObject();
  w.Field("apiVersion", api_version);
  w.Field("kind", kind);
  w.Field("name", name);
  w.Key("controller");
  w.Bool(true);
  w.Key("blockOwnerDeletion");
  w.Bool(true);
  w.EndObject();
  w.EndArray();
}

void WriteMatchLabels(StructuredWriter& w, const LabelList& labels) {
  w.BeginObject();
  w.Key("matchLabels");
  w.BeginObject();
  for (const auto& [key, value] : labels) w.Field(key, value);
  w.EndObject();
  w.EndObject();
}

/// The labels of a workload's pods (template labels; without pod-template-hash).
LabelList PodLabels(const WorkloadPlan& wl) {
  if (wl.app < 0) return {{"k8s-app", "kube-dns"}};
  LabelList labels{{"app", wl.name}, {"tier", kApps[wl.app].tier}};
  labels.insert(labels.end(), wl.random_labels.begin(), wl.random_labels.end());
  return labels;
}

LabelList SelectorLabels(const WorkloadPlan& wl) {
  if (wl.app < 0) return {{"k8s-app", "kube-dns"}};
  return {{"app", wl.name}};
}

void WritePort(StructuredWriter& w, const char* name, int port, const char* protocol) {
  w.BeginObject();
  w.Field("name", name);
  w.IntField("containerPort", port);
  w.Field("protocol", protocol);
  w.EndObject();
}

void WritePodSpec(StructuredWriter& w, const WorkloadPlan& wl, const std::string& node, const std::string& hostname,
                  const std::string& subdomain) {
  w.Key("spec");
  w.BeginObject();
  if (!node.empty()) w.Field("nodeName", node);
  if (!hostname.empty()) w.Field("hostname", hostname);
  if (!subdomain.empty()) w.Field("subdomain", subdomain);
  w.Key("containers");
  w.BeginArray();
  w.BeginObject();
  if (wl.app < 0) {
    w.Field("name", "coredns");
    w.Field("image", "registry.k8s.io/coredns/coredns:v1.11.1");
    w.Key("ports");
    w.BeginArray();
    WritePort(w, "dns", 53, "UDP");
    WritePort(w, "dns-tcp", 53, "TCP");
    WritePort(w, "metrics", 9153, "TCP");
    w.EndArray();
  } else {
    const AppKind& app = kApps[wl.app];
    w.Field("name", app.name);
    w.Field("image", std::string("registry.example.com/") + app.name + ":1." + std::to_string(wl.hash[0] % 10));
    w.Key("ports");
    w.BeginArray();
    WritePort(w, app.port_name, app.port, "TCP");
    WritePort(w, "metrics", kMetricsPort, "TCP");
    w.EndArray();
  }
  w.EndObject();
  w.EndArray();
  w.EndObject();
}

void WriteTemplate(StructuredWriter& w, const WorkloadPlan& wl, const LabelList& labels) {
  w.Key("template");
  w.BeginObject();
  w.Key("metadata");
  w.BeginObject();
  WriteLabels(w, labels);
  w.EndObject();
  WritePodSpec(w, wl, "", "", "");
  w.EndObject();
}

void WriteNamespace(StructuredWriter& w, const NamespacePlan& ns) {
  LabelList labels{{"kubernetes.io/metadata.name", ns.name}};
  if (!ns.system) {
    labels.emplace_back("team", ns.team);
    labels.emplace_back("env", ns.env);
  }
  BeginObject(w, "v1", "Namespace", ns.name, "", labels);
  w.EndObject();
  w.EndObject();
}

void WriteNode(StructuredWriter& w, const ClusterPlan& plan, std::int64_t node) {
  static constexpr const char* kZones[] = {"zone-a", "zone-b", "zone-c"};
  std::string name = NodeName(plan, node);
  LabelList labels{{"kubernetes.io/hostname", name},
                   {"kubernetes.io/os", "linux"},
                   {"topology.kubernetes.io/zone", kZones[node % 3]}};
  BeginObject(w, "v1", "Node", name, "", labels);
  w.EndObject();
  std::string cidr = NodePodCidr(plan, node).ToString();
  w.Key("spec");
  w.BeginObject();
  w.Field("podCIDR", cidr);
  w.Key("podCIDRs");
  w.BeginArray();
  w.String(cidr);
  w.EndArray();
  w.EndObject();
  w.Key("status");
  w.BeginObject();
  w.Key("addresses");
  w.BeginArray();
  w.BeginObject();
  w.Field("type", "InternalIP");
  w.Field("address", FormatIpv4(kFirstNodeIp + static_cast<Ipv4>(node)));
  w.EndObject();
  w.BeginObject();
  w.Field("type", "Hostname");
  w.Field("address", name);
  w.EndObject();
  w.EndArray();
  w.EndObject();
  w.EndObject();
}

void WriteWorkload(StructuredWriter& w, const NamespacePlan& ns, const WorkloadPlan& wl) {
  LabelList labels = SelectorLabels(wl);
  BeginObject(w, "apps/v1", wl.stateful ? "StatefulSet" : "Deployment", wl.name, ns.name, labels);
  w.EndObject();
  w.Key("spec");
  w.BeginObject();
  w.IntField("replicas", wl.replicas);
  if (wl.stateful) w.Field("serviceName", wl.service_name);
  w.Key("selector");
  WriteMatchLabels(w, SelectorLabels(wl));
  WriteTemplate(w, wl, PodLabels(wl));
  w.EndObject();
  w.EndObject();
}

void WriteReplicaSet(StructuredWriter& w, const NamespacePlan& ns, const WorkloadPlan& wl) {
  LabelList labels = SelectorLabels(wl);
  labels.emplace_back("pod-template-hash", wl.hash);
  BeginObject(w, "apps/v1", "ReplicaSet", wl.name + "-" + wl.hash, ns.name, labels);
  WriteOwner(w, "apps/v1", "Deployment", wl.name);
  w.EndObject();
  w.Key("spec");
  w.BeginObject();
  w.IntField("replicas", wl.replicas);
  w.Key("selector");
  WriteMatchLabels(w, labels);
  LabelList pod_labels = PodLabels(wl);
  pod_labels.emplace_back("pod-template-hash", wl.hash);
  WriteTemplate(w, wl, pod_labels);
  w.EndObject();
  w.EndObject();
}

void WritePods(StructuredWriter& w, const GeneratorParams& p, const ClusterPlan& plan, const NamespacePlan& ns) {
  std::int64_t global = ns.first_pod;
  for (const WorkloadPlan& wl : ns.workloads) {
    LabelList labels = PodLabels(wl);
    std::string owner_name = wl.name;
    if (wl.stateful) {
      labels.emplace_back("controller-revision-hash", wl.name + "-" + wl.hash);
    } else {
      labels.emplace_back("pod-template-hash", wl.hash);
      owner_name = wl.name + "-" + wl.hash;
    }
    // A bijection of the replica index onto 5-letter suffixes: unique within the workload, random-looking.
    std::uint64_t space = 27ull * 27 * 27 * 27 * 27;
    std::uint64_t offset = HashText(p.seed, ns.name + "/" + wl.name + "/pods") % space;
    for (std::int64_t i = 0; i < wl.replicas; ++i, ++global) {
      std::string name = wl.stateful ? wl.name + "-" + std::to_string(i)
                                     : owner_name + "-" +
                                           SuffixFromNumber((static_cast<std::uint64_t>(i) * 7919u + offset) % space, 5);
      LabelList pod_labels = labels;
      if (wl.stateful) pod_labels.emplace_back("statefulset.kubernetes.io/pod-name", name);
      std::int64_t node = global % plan.nodes, slot = global / plan.nodes;
      BeginObject(w, "v1", "Pod", name, ns.name, pod_labels);
      WriteOwner(w, "apps/v1", wl.stateful ? "StatefulSet" : "ReplicaSet", owner_name);
      w.EndObject();
      WritePodSpec(w, wl, NodeName(plan, node), wl.stateful ? name : "", wl.stateful ? wl.service_name : "");
      std::string ip = FormatIpv4(NodePodCidr(plan, node).Network() + 2u + static_cast<Ipv4>(slot));
      w.Key("status");
      w.BeginObject();
      w.Field("phase", "Running");
      w.Key("conditions");
      w.BeginArray();
      w.BeginObject();
      w.Field("type", "Ready");
      w.Field("status", "True");
      w.EndObject();
      w.EndArray();
      w.Field("hostIP", FormatIpv4(kFirstNodeIp + static_cast<Ipv4>(node)));
      w.Field("podIP", ip);
      w.Key("podIPs");
      w.BeginArray();
      w.BeginObject();
      w.Field("ip", ip);
      w.EndObject();
      w.EndArray();
      w.EndObject();
      w.EndObject();
    }
  }
}

void WriteServicePort(StructuredWriter& w, const char* name, int port, const char* protocol, bool named,
                      const char* target_name, int target, int node_port) {
  w.BeginObject();
  w.Field("name", name);
  w.Field("protocol", protocol);
  w.IntField("port", port);
  w.Key("targetPort");
  if (named) {
    w.String(target_name);
  } else {
    w.Int(target);
  }
  if (node_port != 0) w.IntField("nodePort", node_port);
  w.EndObject();
}

void WriteService(StructuredWriter& w, const NamespacePlan& ns, const ServicePlan& s) {
  const WorkloadPlan* wl = s.workload < 0 ? nullptr : &ns.workloads[static_cast<std::size_t>(s.workload)];
  LabelList labels = wl != nullptr && wl->app < 0 ? LabelList{{"k8s-app", "kube-dns"}} : LabelList{{"app", s.name}};
  BeginObject(w, "v1", "Service", s.name, ns.name, labels);
  w.EndObject();
  w.Key("spec");
  w.BeginObject();
  w.Field("type", s.node_port ? "NodePort" : "ClusterIP");
  std::string ip = s.headless ? "None" : FormatIpv4(s.ip);
  w.Field("clusterIP", ip);
  w.Key("clusterIPs");
  w.BeginArray();
  w.String(ip);
  w.EndArray();
  w.Key("selector");
  w.BeginObject();
  if (wl == nullptr) {
    w.Field("app", s.name);
  } else {
    for (const auto& [key, value] : SelectorLabels(*wl)) w.Field(key, value);
  }
  w.EndObject();
  w.Key("ports");
  w.BeginArray();
  if (wl != nullptr && wl->app < 0) {
    WriteServicePort(w, "dns", 53, "UDP", false, "", 53, 0);
    WriteServicePort(w, "dns-tcp", 53, "TCP", false, "", 53, 0);
    WriteServicePort(w, "metrics", 9153, "TCP", false, "", 9153, 0);
  } else {
    const AppKind& app = kApps[wl == nullptr ? 0 : wl->app];
    WriteServicePort(w, app.port_name, app.service_port, "TCP", s.named_target, app.port_name, app.port,
                     s.node_port ? s.first_node_port : 0);
    WriteServicePort(w, "metrics", kMetricsPort, "TCP", s.named_target, "metrics", kMetricsPort,
                     s.node_port ? s.first_node_port + 1 : 0);
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
}

// ---- NetworkPolicies ----

/// Distinct values the policies cycle through, so that each of the first N appears.
struct PolicyPools {
  std::int64_t port_ranges = 1;
  std::int64_t ip_blocks = 1;
  std::int64_t next_range = 0;
  std::int64_t next_block = 0;
  std::int64_t next_allow = 0;  ///< allow policies written so far: picks the shape
};

void WriteRangePort(StructuredWriter& w, PolicyPools& pools, const char* protocol) {
  std::int64_t i = pools.next_range++ % pools.port_ranges;
  std::int64_t start = 10000 + 50 * i;
  w.BeginObject();
  w.Field("protocol", protocol);
  w.IntField("port", start);
  w.IntField("endPort", start + 10 + i % 40);
  w.EndObject();
}

void WriteIpBlockPeer(StructuredWriter& w, PolicyPools& pools) {
  std::int64_t i = pools.next_block++ % pools.ip_blocks;
  w.BeginObject();
  w.Key("ipBlock");
  w.BeginObject();
  if (i == 0) {
    w.Field("cidr", "0.0.0.0/0");
    w.Key("except");
    w.BeginArray();
    w.String("10.0.0.0/8");
    w.String("172.16.0.0/12");
    w.String("192.168.0.0/16");
    w.EndArray();
  } else {
    Ipv4 base = 0x64400000u + static_cast<Ipv4>(i - 1) * 1024u;  // /22 blocks of 100.64.0.0/10
    w.Field("cidr", Cidr{base, 22}.ToString());
    w.Key("except");
    w.BeginArray();
    w.String(Cidr{base + static_cast<Ipv4>(i % 4) * 256u, 24}.ToString());
    if (i % 3 == 0) w.String(Cidr{base + static_cast<Ipv4>((i + 1) % 4) * 256u + 16u, 28}.ToString());
    w.EndArray();
  }
  w.EndObject();
  w.EndObject();
}

void WriteExpression(StructuredWriter& w, const char* key, const char* op, const std::vector<std::string>& values) {
  w.BeginObject();
  w.Field("key", key);
  w.Field("operator", op);
  if (!values.empty()) {
    w.Key("values");
    w.BeginArray();
    for (const std::string& v : values) w.String(v);
    w.EndArray();
  }
  w.EndObject();
}

void WriteNumberPort(StructuredWriter& w, const char* protocol, int port) {
  w.BeginObject();
  w.Field("protocol", protocol);
  w.IntField("port", port);
  w.EndObject();
}

void WriteNamedPort(StructuredWriter& w, const char* name) {
  w.BeginObject();
  w.Field("protocol", "TCP");
  w.Field("port", name);
  w.EndObject();
}

void BeginPolicy(StructuredWriter& w, const NamespacePlan& ns, const std::string& name, const LabelList& selector,
                 bool ingress, bool egress) {
  BeginObject(w, "networking.k8s.io/v1", "NetworkPolicy", name, ns.name, {});
  w.EndObject();
  w.Key("spec");
  w.BeginObject();
  w.Key("podSelector");
  if (selector.empty()) {
    w.BeginObject();
    w.EndObject();
  } else {
    WriteMatchLabels(w, selector);
  }
  w.Key("policyTypes");
  w.BeginArray();
  if (ingress) w.String("Ingress");
  if (egress) w.String("Egress");
  w.EndArray();
}

void EndPolicy(StructuredWriter& w) {
  w.EndObject();
  w.EndObject();
}

/// One rule in `direction` ("ingress" or "egress") with its peers under `peers_key` ("from" or "to"): the
/// caller writes the peers after BeginRule, calls BeginPorts, writes the ports, then EndRule.
void BeginRule(StructuredWriter& w, const char* direction, const char* peers_key) {
  w.Key(direction);
  w.BeginArray();
  w.BeginObject();
  w.Key(peers_key);
  w.BeginArray();
}

/// Closes the peers; with `ports`, opens the ports list.
void BeginPorts(StructuredWriter& w, bool ports) {
  w.EndArray();
  if (!ports) return;
  w.Key("ports");
  w.BeginArray();
}

void EndRule(StructuredWriter& w, bool ports) {
  if (ports) w.EndArray();
  w.EndObject();
  w.EndArray();
}

/// One matchExpressions term; `values` is empty for Exists and DoesNotExist.
struct Term {
  const char* key;
  const char* op;
  std::vector<std::string> values;
};

void WriteExpressions(StructuredWriter& w, const std::vector<Term>& terms) {
  w.BeginObject();
  w.Key("matchExpressions");
  w.BeginArray();
  for (const Term& t : terms) WriteExpression(w, t.key, t.op, t.values);
  w.EndArray();
  w.EndObject();
}

void WriteDenyIngress(StructuredWriter& w, const NamespacePlan& ns) {
  BeginPolicy(w, ns, "default-deny-ingress", {}, true, false);
  EndPolicy(w);
}

void WriteDenyEgressAllowDns(StructuredWriter& w, const NamespacePlan& ns) {
  BeginPolicy(w, ns, "default-deny-egress", {}, false, true);
  w.Key("egress");
  w.BeginArray();
  w.BeginObject();  // DNS to kube-system's CoreDNS
  w.Key("to");
  w.BeginArray();
  w.BeginObject();
  w.Key("namespaceSelector");
  WriteMatchLabels(w, {{"kubernetes.io/metadata.name", kSystemNamespace}});
  w.Key("podSelector");
  WriteMatchLabels(w, {{"k8s-app", "kube-dns"}});
  w.EndObject();
  w.EndArray();
  w.Key("ports");
  w.BeginArray();
  WriteNumberPort(w, "UDP", 53);
  WriteNumberPort(w, "TCP", 53);
  w.EndArray();
  w.EndObject();
  w.BeginObject();  // and anything in the own namespace
  w.Key("to");
  w.BeginArray();
  w.BeginObject();
  w.Key("podSelector");
  w.BeginObject();
  w.EndObject();
  w.EndObject();
  w.EndArray();
  w.EndObject();
  w.EndArray();
  EndPolicy(w);
}

/// The shapes of allow policies; realistic cycles through all, adversarial through the cross-namespace ones.
enum Shape { kSameNs, kFromTeam, kFromNamespace, kEgressInternet, kFromExternal, kFromMonitoring, kEgressTier, kAnyNs };
constexpr Shape kRealisticShapes[] = {kSameNs,       kFromTeam,       kFromNamespace, kEgressInternet,
                                      kFromExternal, kFromMonitoring, kEgressTier};
constexpr Shape kAdversarialShapes[] = {kFromTeam,   kFromNamespace,  kFromExternal,  kAnyNs,
                                        kEgressTier, kFromMonitoring, kEgressInternet};
constexpr const char* kShapeNames[] = {"same-namespace", "from-team",       "from-namespace", "egress-internet",
                                       "from-external",  "from-monitoring", "egress-tier",    "any-namespace"};

void WriteAllowPolicy(StructuredWriter& w, const ClusterPlan& plan, const NamespacePlan& ns, std::int64_t index,
                      bool adversarial, PolicyPools& pools, Rng& rng) {
  std::int64_t g = pools.next_allow++;
  Shape shape = adversarial ? kAdversarialShapes[g % 7] : kRealisticShapes[g % 7];
  std::int64_t workloads = static_cast<std::int64_t>(ns.workloads.size());
  const WorkloadPlan* target = workloads == 0 ? nullptr : &ns.workloads[static_cast<std::size_t>(index % workloads)];
  const WorkloadPlan* peer = workloads == 0 ? nullptr : &ns.workloads[static_cast<std::size_t>(rng.Below(workloads))];
  std::size_t first_app = plan.namespaces.front().system ? 1 : 0;
  std::int64_t apps = static_cast<std::int64_t>(plan.namespaces.size() - first_app);
  const NamespacePlan& other = plan.namespaces[first_app + static_cast<std::size_t>(rng.Below(apps))];
  std::string other_team = kTeams[rng.Below(kTeamCount)];
  // A workload of the other namespace, so that cross-namespace peers select pods that exist.
  std::int64_t other_workloads = static_cast<std::int64_t>(other.workloads.size());
  const WorkloadPlan* remote =
      other_workloads == 0 ? nullptr : &other.workloads[static_cast<std::size_t>(rng.Below(other_workloads))];
  std::string some_app = remote == nullptr ? AppWorkloadName(rng.Below(kAppCount)) : remote->name;
  const AppKind& remote_app = kApps[remote == nullptr ? 0 : remote->app];
  std::vector<std::string> remote_tiers{remote_app.tier};
  if (remote_tiers[0] != std::string("frontend")) remote_tiers.insert(remote_tiers.begin(), "frontend");
  const AppKind& app = kApps[target == nullptr ? 0 : target->app];
  LabelList selector;
  if (target != nullptr && shape != kFromMonitoring) selector = SelectorLabels(*target);
  bool egress = shape == kEgressInternet || shape == kEgressTier;
  BeginPolicy(w, ns, std::string("allow-") + kShapeNames[shape] + "-" + std::to_string(index), selector, !egress,
              egress);
  BeginRule(w, egress ? "egress" : "ingress", egress ? "to" : "from");
  bool has_range = false;
  switch (shape) {
    case kSameNs:  // another workload of the namespace, to the target's named port
      w.BeginObject();
      w.Key("podSelector");
      WriteMatchLabels(w, peer == nullptr ? LabelList{{"tier", "frontend"}} : SelectorLabels(*peer));
      w.EndObject();
      BeginPorts(w, true);
      WriteNamedPort(w, app.port_name);
      break;
    case kFromTeam:  // the front end and one other tier of every namespace of a team
      w.BeginObject();
      w.Key("namespaceSelector");
      WriteMatchLabels(w, {{"team", other.team}});
      w.Key("podSelector");
      WriteExpressions(w, {{"tier", "In", remote_tiers}});
      w.EndObject();
      BeginPorts(w, true);
      WriteNumberPort(w, "TCP", app.port);
      break;
    case kFromNamespace:  // one app of one namespace, named by kubernetes.io/metadata.name, to a port range
      w.BeginObject();
      w.Key("namespaceSelector");
      WriteMatchLabels(w, {{"kubernetes.io/metadata.name", other.name}});
      w.Key("podSelector");
      WriteMatchLabels(w, {{"app", some_app}});
      w.EndObject();
      BeginPorts(w, true);
      WriteRangePort(w, pools, "TCP");
      has_range = true;
      break;
    case kEgressInternet:
      WriteIpBlockPeer(w, pools);
      BeginPorts(w, true);
      WriteNumberPort(w, "TCP", 443);
      break;
    case kFromExternal:
      WriteIpBlockPeer(w, pools);
      BeginPorts(w, true);
      WriteNamedPort(w, app.port_name);
      break;
    case kFromMonitoring: {  // every pod's metrics port, from two teams outside one environment
      std::vector<std::string> teams{other.team};
      if (other_team != other.team) teams.insert(other_team < other.team ? teams.begin() : teams.end(), other_team);
      std::string excluded = other.env == kEnvs[2] ? kEnvs[0] : kEnvs[2];
      w.BeginObject();
      w.Key("namespaceSelector");
      WriteExpressions(w, {{"team", "In", teams}, {"env", "NotIn", {excluded}}});
      w.EndObject();
      BeginPorts(w, true);
      WriteNamedPort(w, "metrics");
      break;
    }
    case kEgressTier:  // one tier in every namespace of one environment, on that app's port and 6379
      w.BeginObject();
      w.Key("namespaceSelector");
      WriteMatchLabels(w, {{"env", other.env}});
      w.Key("podSelector");
      WriteExpressions(w, {{"tier", "In", {remote_app.tier}}});
      w.EndObject();
      BeginPorts(w, true);
      WriteNumberPort(w, "TCP", remote_app.port);
      if (remote_app.port != 6379) WriteNumberPort(w, "TCP", 6379);
      break;
    case kAnyNs:  // every namespace, pods with a tier but not one app, on two ranges
      w.BeginObject();
      w.Key("namespaceSelector");
      w.BeginObject();
      w.EndObject();
      w.Key("podSelector");
      WriteExpressions(w, {{"app", "NotIn", {some_app}}, {"tier", "Exists", {}}});
      w.EndObject();
      BeginPorts(w, true);
      WriteRangePort(w, pools, "TCP");
      WriteRangePort(w, pools, "UDP");
      has_range = true;
      break;
  }
  if (adversarial && !has_range) WriteRangePort(w, pools, "TCP");
  EndRule(w, true);
  EndPolicy(w);
}

LabelList RandomLabels(const GeneratorParams& p, Rng& rng) {
  std::int64_t first = rng.Below(p.label_keys);
  LabelList labels{{kLabelKeys[first], kLabelKeys[first] + std::to_string(rng.Below(p.label_values))}};
  if (p.label_keys > 1 && rng.Percent(50)) {
    std::int64_t second = (first + 1 + rng.Below(p.label_keys - 1)) % p.label_keys;
    labels.emplace_back(kLabelKeys[second], kLabelKeys[second] + std::to_string(rng.Below(p.label_values)));
    if (second < first) std::swap(labels[0], labels[1]);
  }
  return labels;
}

/// Kano's shape: select by random labels, admit ingress from random labels, on one port or all.
void WriteRandomPolicy(StructuredWriter& w, const GeneratorParams& p, const NamespacePlan& ns, std::int64_t index,
                       Rng& rng) {
  LabelList selector = RandomLabels(p, rng);
  BeginPolicy(w, ns, "policy-" + std::to_string(index), selector, true, false);
  BeginRule(w, "ingress", "from");
  w.BeginObject();
  w.Key("podSelector");
  WriteMatchLabels(w, RandomLabels(p, rng));
  w.EndObject();
  bool ports = rng.Percent(50);
  BeginPorts(w, ports);
  if (ports) WriteNumberPort(w, "TCP", kApps[rng.Below(kAppCount)].port);
  EndRule(w, ports);
  EndPolicy(w);
}

void WritePolicies(StructuredWriter& w, const GeneratorParams& p, const ClusterPlan& plan) {
  PolicyPools pools;
  pools.port_ranges = p.port_ranges;
  pools.ip_blocks = p.ip_blocks;
  std::int64_t a = 0;
  for (const NamespacePlan& ns : plan.namespaces) {
    if (ns.system) continue;
    Rng rng(Mix(p.seed, static_cast<std::uint64_t>(2 * a + 1)));
    ++a;
    std::int64_t j = 0;
    if (p.style == PolicyStyle::kRandom) {
      for (; j < ns.policies; ++j) WriteRandomPolicy(w, p, ns, j, rng);
      continue;
    }
    if (j < ns.policies) WriteDenyIngress(w, ns), ++j;
    if (ns.lock_egress && j < ns.policies && j + 1 < ns.policies) WriteDenyEgressAllowDns(w, ns), ++j;
    for (std::int64_t allow = 0; j < ns.policies; ++j, ++allow) {
      WriteAllowPolicy(w, plan, ns, allow, p.style == PolicyStyle::kAdversarial, pools, rng);
    }
  }
}

}  // namespace

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
    GeneratorPreset l6 = make("L6", "Kano's largest experiment: one namespace, random labels and selectors",
                              100000, 1, 50000, 0);
    l6.params.dns = false;
    l6.params.style = PolicyStyle::kRandom;
    out.push_back(l6);
    GeneratorPreset l7 = make("L7", "adversarial: cross-namespace selectors, 200 port ranges, 1,000 ipBlocks",
                              150000, 10000, 50000, 10000);
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

std::string CheckGeneratorParams(const GeneratorParams& p) {
  auto range = [](const char* flag, std::int64_t value, std::int64_t low, std::int64_t high) -> std::string {
    if (value >= low && value <= high) return "";
    return std::string(flag) + " " + std::to_string(value) + ": must be from " + std::to_string(low) + " to " +
           std::to_string(high);
  };
  std::string why;
  if (!(why = range("--pods", p.pods, 0, kMaxPods)).empty()) return why;
  if (!(why = range("--namespaces", p.namespaces, 1, kMaxPods)).empty()) return why;
  if (!(why = range("--policies", p.policies, 0, 2 * kMaxPods)).empty()) return why;
  if (!(why = range("--services", p.services, 0, kMaxServices)).empty()) return why;
  if (!(why = range("--replicas", p.replicas, 1, kMaxPods)).empty()) return why;
  if (!(why = range("--pods-per-node", p.pods_per_node, 1, 250)).empty()) return why;
  if (!(why = range("--statefulset-percent", p.statefulset_percent, 0, 100)).empty()) return why;
  if (!(why = range("--nodeport-percent", p.nodeport_percent, 0, 100)).empty()) return why;
  if (!(why = range("--egress-lock-percent", p.egress_lock_percent, 0, 100)).empty()) return why;
  if (!(why = range("--port-ranges", p.port_ranges, 1, kMaxPortRanges)).empty()) return why;
  if (!(why = range("--ip-blocks", p.ip_blocks, 1, kMaxIpBlocks)).empty()) return why;
  if (!(why = range("--label-keys", p.label_keys, 1, kMaxLabelKeys)).empty()) return why;
  if (!(why = range("--label-values", p.label_values, 1, 1000)).empty()) return why;
  if (p.dns) {
    const char* hint = ", or add --no-dns to leave kube-system out";
    if (p.namespaces < 2) return "--namespaces must be at least 2: kube-system is one of them" + std::string(hint);
    if (p.pods < 2) return "--pods must be at least 2: kube-system's 2 CoreDNS pods count" + std::string(hint);
    if (p.services < 1) return "--services must be at least 1: kube-system's kube-dns counts" + std::string(hint);
  }
  std::int64_t nodes = (p.pods + p.pods_per_node - 1) / p.pods_per_node;
  if (nodes > kMaxNodes) {
    return std::to_string(p.pods) + " pods at --pods-per-node " + std::to_string(p.pods_per_node) + " need " +
           std::to_string(nodes) + " nodes, more than " + std::to_string(kMaxNodes) + ": raise --pods-per-node";
  }
  return "";
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
