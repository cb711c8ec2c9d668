#include "sim/net/endpoint.h"

#include <algorithm>
#include <cctype>

#include "sim/model/suggest.h"
#include "sim/model/text.h"

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
  std::string lower = AsciiLower(word);
  for (const auto& [names, kind] : kKinds) {
    if (std::find(names.begin(), names.end(), lower) != names.end()) return kind;
  }
  return "";
}

bool NamespaceExists(const Cluster& cluster, const std::string& ns, ResolvedEndpoint* out, std::string* error) {
  if (cluster.FindNamespace(ns) != nullptr) return true;
  out->missing_namespace = ns;
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
  if (!NamespaceExists(cluster, ns, out, error)) return false;
  const Pod* pod = cluster.FindPod(ns, name);
  if (pod == nullptr) {
    std::vector<std::string> names;
    for (const Pod& p : cluster.pods) {
      if (p.ns == ns) names.push_back(p.name);
    }
    *error = "no pod '" + name + "' in namespace '" + ns + "'";
    for (const Pod& p : cluster.pods) {
      if (p.ns == ns && p.owner && (p.owner->name == name || OwnedViaReplicaSet(p, name))) {
        std::string kind =
            AsciiLower(p.owner->kind == "ReplicaSet" && p.owner->name != name ? "deployment" : p.owner->kind);
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
  if (!NamespaceExists(cluster, ns, out, error)) return false;
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
    auto declared = std::find_if(cluster.workloads.begin(), cluster.workloads.end(), [&](const Workload& w) {
      return w.ns == ns && w.ref.kind == kind && w.ref.name == name;
    });
    if (declared != cluster.workloads.end()) {
      // A DaemonSet, or a workload with replicas, has none when no node accepts its pods (the loader warned).
      bool unplaced = kind == "DaemonSet" || declared->replicas > 0;
      *error = kind + " " + ns + "/" + name + " has no pods (" +
               (unplaced ? "no node accepts them: see the warning about its nodeSelector or node affinity"
                         : "replicas: 0?") +
               ")";
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

bool ResolveNode(const Cluster& cluster, const std::string& name, ResolvedEndpoint* out, std::string* error) {
  const Node* node = cluster.FindNode(name);
  if (node == nullptr) {
    std::vector<std::string> names;
    for (const Node& n : cluster.nodes) names.push_back(n.name);
    *error = "no node '" + name + "'";
    std::string hint = SuggestClosest(name, names);
    if (!hint.empty()) *error += " (did you mean 'node/" + hint + "'?)";
    return false;
  }
  out->kind = ResolvedEndpoint::Kind::kNode;
  out->node = node;
  out->peers.push_back(Peer::OfIp(node->addresses.front()));
  return true;
}

bool ResolveService(const Cluster& cluster, const std::string& ns, const std::string& name, ResolvedEndpoint* out,
                    std::string* error) {
  if (!NamespaceExists(cluster, ns, out, error)) return false;
  const Service* svc = cluster.FindService(ns, name);
  if (svc == nullptr) {
    std::vector<std::string> names;
    for (const Service& s : cluster.services) {
      if (s.ns == ns) names.push_back(s.name);
    }
    *error = "no Service '" + name + "' in namespace '" + ns + "'";
    std::string hint = SuggestClosest(name, names);
    if (!hint.empty()) *error += " (did you mean 'service/" + ns + "/" + hint + "'?)";
    return false;
  }
  out->kind = ResolvedEndpoint::Kind::kService;
  out->service = svc;
  return true;
}

/// RFC 1123 host name: dot-separated labels of [a-z0-9-], not starting or ending with '-', optional trailing dot.
bool IsDnsName(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty() || name.size() > 253) return false;
  for (const std::string& label : Split(name, '.')) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    }
  }
  return true;
}

bool ResolveUrl(std::string_view text, ResolvedEndpoint* out, std::string* error) {
  std::size_t sep = text.find("://");
  std::string scheme = AsciiLower(std::string(text.substr(0, sep)));
  if (scheme != "http" && scheme != "https") {
    *error = "unsupported URL scheme '" + scheme + "' in '" + std::string(text) + "': use http:// or https://";
    return false;
  }
  std::string_view rest = text.substr(sep + 3);
  std::size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  std::string path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (path.front() == '?') path = "/" + path;
  std::string host(authority);
  int port = scheme == "https" ? 443 : 80;
  std::size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos) {
    host = std::string(authority.substr(0, colon));
    std::string digits(authority.substr(colon + 1));
    long value = 0;
    bool ok = !digits.empty() && digits.size() <= 5;
    for (char c : digits) ok = ok && std::isdigit(static_cast<unsigned char>(c));
    if (ok) value = std::stol(digits);
    if (!ok || value < 1 || value > 65535) {
      *error = "URL '" + std::string(text) + "': port '" + digits + "' is not a number between 1 and 65535";
      return false;
    }
    port = static_cast<int>(value);
  }
  if (host.empty() || (!ParseIpv4(host) && !IsDnsName(host))) {
    *error = "URL '" + std::string(text) + "': '" + host + "' is not a host name or an IPv4 address";
    return false;
  }
  out->kind = ResolvedEndpoint::Kind::kUrl;
  out->url = UrlParts{scheme, AsciiLower(host), port, path};
  out->name = out->url.host;
  return true;
}

}  // namespace

std::string WorkloadEndpoint(const Pod& pod) {
  if (!pod.owner || pod.owner->kind == "Pod" || pod.owner->kind == "Node") return "";
  std::string kind = pod.owner->kind;
  std::string name = pod.owner->name;
  auto hash = pod.labels.find("pod-template-hash");
  if (hash != pod.labels.end() && name.size() > hash->second.size() + 1 &&
      OwnedViaReplicaSet(pod, name.substr(0, name.size() - hash->second.size() - 1))) {
    kind = "Deployment";  // the ReplicaSet `name-<pod-template-hash>` is a revision of Deployment `name`
    name.resize(name.size() - hash->second.size() - 1);
  }
  return AsciiLower(kind) + "/" + pod.ns + "/" + name;
}

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
  if (text.find("://") != std::string_view::npos) return ResolveUrl(text, out, error);
  std::vector<std::string> parts = Split(text, '/');
  for (const std::string& p : parts) {
    if (p.empty()) {
      *error = "malformed endpoint '" + std::string(text) +
               "': expected NS/POD, pod/NS/NAME, KIND/NS/NAME or an IPv4 address";
      return false;
    }
  }
  if (parts.size() == 1) {
    if (!IsDnsName(parts[0])) {
      *error = "'" + std::string(text) +
               "' is neither a DNS name nor an endpoint: expected NS/POD, KIND/NS/NAME, service/NS/NAME, node/NAME, "
               "an IPv4 address, a DNS name or a URL";
      return false;
    }
    out->kind = ResolvedEndpoint::Kind::kDnsName;
    out->name = AsciiLower(parts[0]);
    return true;
  }
  if (parts.size() == 2) {
    std::string lower = AsciiLower(parts[0]);
    if (lower == "node" || lower == "nodes" || lower == "no") return ResolveNode(cluster, parts[1], out, error);
    return ResolvePod(cluster, parts[0], parts[1], out, error);
  }
  if (parts.size() == 3) {
    std::string lower = AsciiLower(parts[0]);
    if (lower == "pod" || lower == "pods" || lower == "po") return ResolvePod(cluster, parts[1], parts[2], out, error);
    if (lower == "service" || lower == "services" || lower == "svc") {
      return ResolveService(cluster, parts[1], parts[2], out, error);
    }
    std::string kind = WorkloadKind(parts[0]);
    if (kind.empty()) {
      std::string hint = SuggestClosest(lower, {"pod", "deployment", "statefulset", "daemonset", "replicaset",
                                                "replicationcontroller", "job", "cronjob", "service"});
      *error = "unknown endpoint kind '" + parts[0] + "'";
      if (!hint.empty()) *error += " (did you mean '" + hint + "'?)";
      return false;
    }
    return ResolveWorkload(cluster, kind, parts[1], parts[2], out, error);
  }
  *error =
      "malformed endpoint '" + std::string(text) + "': expected NS/POD, pod/NS/NAME, KIND/NS/NAME or an IPv4 address";
  return false;
}

}  // namespace kreach
