// The writers of every object the generator emits but NetworkPolicies: namespaces, nodes, workloads, pods, Services.
#include <algorithm>

#include "sim/generate/generate_internal.h"

namespace kreach {
namespace generate_internal {

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
      std::string name =
          wl.stateful
              ? wl.name + "-" + std::to_string(i)
              : owner_name + "-" + SuffixFromNumber((static_cast<std::uint64_t>(i) * 7919u + offset) % space, 5);
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

}  // namespace generate_internal
}  // namespace kreach
