#include "sim/endpoint.h"

#include <algorithm>
#include <cctype>

#include "sim/model/suggest.h"

namespace kreach {

namespace {

std::vector<std::string> Split(std::string_view text, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = text.find(sep, start);
    parts.emplace_back(text.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return parts;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// Maps a user-written kind (any case, short names) to the API kind; "" when unknown.
std::string WorkloadKind(const std::string& word) {
  static const std::vector<std::pair<std::vector<std::string>, std::string>> kKinds = {
      {{"deployment", "deployments", "deploy"}, "Deployment"},
      {{"statefulset", "statefulsets", "sts"}, "StatefulSet"},
      {{"daemonset", "daemonsets", "ds"}, "DaemonSet"},
      {{"replicaset", "replicasets", "rs"}, "ReplicaSet"},
      {{"replicationcontroller", "replicationcontrollers", "rc"}, "ReplicationController"},
      {{"job", "jobs"}, "Job"},
      {{"cronjob", "cronjobs", "cj"}, "CronJob"},
  };
  std::string lower = Lower(word);
  for (const auto& [names, kind] : kKinds) {
    if (std::find(names.begin(), names.end(), lower) != names.end()) return kind;
  }
  return "";
}

bool NamespaceExists(const Cluster& cluster, const std::string& ns, std::string* error) {
  if (cluster.FindNamespace(ns) != nullptr) return true;
  std::vector<std::string> names;
  for (const Namespace& n : cluster.namespaces) names.push_back(n.name);
  *error = "no namespace '" + ns + "'";
  std::string hint = SuggestClosest(ns, names);
  if (!hint.empty()) *error += " (did you mean '" + hint + "'?)";
  return false;
}

/// True when `pod` belongs to the Deployment `name` through a ReplicaSet named `name-<pod-template-hash>`.
bool OwnedViaReplicaSet(const Pod& pod, const std::string& name) {
  if (!pod.owner || pod.owner->kind != "ReplicaSet") return false;
  auto hash = pod.labels.find("pod-template-hash");
  return hash != pod.labels.end() && pod.owner->name == name + "-" + hash->second;
}

bool ResolvePod(const Cluster& cluster, const std::string& ns, const std::string& name, ResolvedEndpoint* out,
                std::string* error) {
  if (!NamespaceExists(cluster, ns, error)) return false;
  const Pod* pod = cluster.FindPod(ns, name);
  if (pod == nullptr) {
    std::vector<std::string> names;
    for (const Pod& p : cluster.pods) {
      if (p.ns == ns) names.push_back(p.name);
    }
    *error = "no pod '" + name + "' in namespace '" + ns + "'";
    for (const Pod& p : cluster.pods) {
      if (p.ns == ns && p.owner && (p.owner->name == name || OwnedViaReplicaSet(p, name))) {
        std::string kind = p.owner->kind == "ReplicaSet" && p.owner->name != name ? "deployment" : p.owner->kind;
        std::transform(kind.begin(), kind.end(), kind.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        *error += " (did you mean the workload '" + kind + "/" + ns + "/" + name + "'?)";
        return false;
      }
    }
    std::string hint = SuggestClosest(name, names);
    if (!hint.empty()) *error += " (did you mean '" + ns + "/" + hint + "'?)";
    return false;
  }
  out->kind = ResolvedEndpoint::Kind::kPod;
  out->peers.push_back(Peer::OfPod(*pod));
  return true;
}

bool ResolveWorkload(const Cluster& cluster, const std::string& kind, const std::string& ns, const std::string& name,
                     ResolvedEndpoint* out, std::string* error) {
  if (!NamespaceExists(cluster, ns, error)) return false;
  std::vector<std::string> known;
  for (const Pod& pod : cluster.pods) {
    if (pod.ns != ns || !pod.owner) continue;
    bool match = pod.owner->kind == kind && pod.owner->name == name;
    if (!match && kind == "Deployment") match = OwnedViaReplicaSet(pod, name);
    if (match) {
      out->peers.push_back(Peer::OfPod(pod));
    } else if (pod.owner->kind == kind) {
      known.push_back(pod.owner->name);
    }
  }
  if (out->peers.empty()) {
    bool declared = std::any_of(cluster.workloads.begin(), cluster.workloads.end(), [&](const Workload& w) {
      return w.ns == ns && w.ref.kind == kind && w.ref.name == name;
    });
    if (declared) {
      *error = kind + " " + ns + "/" + name + " has no pods (replicas: 0?)";
      return false;
    }
    std::sort(known.begin(), known.end());
    known.erase(std::unique(known.begin(), known.end()), known.end());
    *error = "no " + kind + " '" + name + "' with pods in namespace '" + ns + "'";
    if (cluster.FindPod(ns, name) != nullptr) {
      *error += " (did you mean the pod '" + ns + "/" + name + "'?)";
      return false;
    }
    std::string hint = SuggestClosest(name, known);
    if (!hint.empty()) *error += " (did you mean '" + hint + "'?)";
    return false;
  }
  out->kind = ResolvedEndpoint::Kind::kWorkload;
  return true;
}

}  // namespace

bool ResolveEndpoint(const Cluster& cluster, std::string_view text, ResolvedEndpoint* out, std::string* error) {
  *out = ResolvedEndpoint{};
  out->text = std::string(text);
  if (text.empty()) {
    *error = "empty endpoint";
    return false;
  }
  if (std::optional<Ipv4> ip = ParseIpv4(text)) {
    out->kind = ResolvedEndpoint::Kind::kAddress;
    const Pod* pod = cluster.FindPodByIp(*ip);
    if (pod != nullptr) {
      out->peers.push_back(Peer::OfPod(*pod));
    } else {
      out->peers.push_back(Peer::OfIp(*ip));
      out->external = cluster.FindNodeByIp(*ip) == nullptr;
    }
    return true;
  }
  if (text.find("://") != std::string_view::npos) {
    *error = "URL endpoints ('" + std::string(text) + "') are not supported yet: they come with Ingress support";
    return false;
  }
  std::vector<std::string> parts = Split(text, '/');
  for (const std::string& p : parts) {
    if (p.empty()) {
      *error = "malformed endpoint '" + std::string(text) +
               "': expected NS/POD, pod/NS/NAME, KIND/NS/NAME or an IPv4 address";
      return false;
    }
  }
  if (parts.size() == 1) {
    *error = "DNS name endpoints ('" + std::string(text) +
             "') are not supported yet: they come with Service and DNS support; write NS/POD or an IPv4 address";
    return false;
  }
  if (parts.size() == 2) {
    std::string lower = Lower(parts[0]);
    if (lower == "node" || lower == "nodes") {
      *error = "node endpoints ('" + std::string(text) + "') are not supported yet: write the node's IPv4 address";
      return false;
    }
    return ResolvePod(cluster, parts[0], parts[1], out, error);
  }
  if (parts.size() == 3) {
    std::string lower = Lower(parts[0]);
    if (lower == "pod" || lower == "pods" || lower == "po") return ResolvePod(cluster, parts[1], parts[2], out, error);
    if (lower == "service" || lower == "services" || lower == "svc") {
      *error = "Service endpoints ('" + std::string(text) + "') are not supported yet: they come with Service support";
      return false;
    }
    std::string kind = WorkloadKind(parts[0]);
    if (kind.empty()) {
      std::string hint = SuggestClosest(lower, {"pod", "deployment", "statefulset", "daemonset", "replicaset",
                                                "replicationcontroller", "job", "cronjob"});
      *error = "unknown endpoint kind '" + parts[0] + "'";
      if (!hint.empty()) *error += " (did you mean '" + hint + "'?)";
      return false;
    }
    return ResolveWorkload(cluster, kind, parts[1], parts[2], out, error);
  }
  *error = "malformed endpoint '" + std::string(text) +
           "': expected NS/POD, pod/NS/NAME, KIND/NS/NAME or an IPv4 address";
  return false;
}

}  // namespace kreach
