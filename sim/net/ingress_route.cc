#include "sim/net/ingress_route.h"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "sim/model/text.h"

namespace kreach {

namespace {

/// The non-empty elements of a path split on '/': "/foo/bar/" and "/foo//bar" give {foo, bar}.
std::vector<std::string_view> PathElements(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) out.push_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

/// ING-4 rank of a rule host: precise 2, wildcard 1, none 0.
int HostRank(const std::string& host) {
  if (host.empty()) return 0;
  return StartsWith(host, "*.") ? 1 : 2;
}

bool ActsAsExact(PathType path_type, bool impl_specific_exact) {
  return path_type == PathType::kExact || (path_type == PathType::kImplementationSpecific && impl_specific_exact);
}

/// True when `a` was created before `b` (ING-6 tie-break); a missing timestamp counts as newest.
bool Older(const Ingress& a, const Ingress& b) {
  if (a.creation_timestamp.empty() || b.creation_timestamp.empty()) {
    return !a.creation_timestamp.empty() && b.creation_timestamp.empty();
  }
  return a.creation_timestamp < b.creation_timestamp;
}

/// Strict order "a goes before b" among Ingresses: oldest first, then (ns, name).
bool Before(const Ingress& a, const Ingress& b) {
  if (Older(a, b)) return true;
  if (Older(b, a)) return false;
  return std::tie(a.ns, a.name) < std::tie(b.ns, b.name);
}

}  // namespace

bool IngressHostMatches(std::string_view rule_host, std::string_view request_host) {
  std::size_t colon = request_host.rfind(':');
  if (colon != std::string_view::npos) {
    std::string_view port = request_host.substr(colon + 1);
    if (std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); })) {
      request_host = request_host.substr(0, colon);
    }
  }
  if (rule_host.empty()) return true;
  std::string rule = AsciiLower(rule_host);
  std::string request = AsciiLower(request_host);
  if (!StartsWith(rule, "*.")) return rule == request;
  std::string suffix = rule.substr(1);  // ".foo.com"
  if (request.size() <= suffix.size() || request.compare(request.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return false;
  }
  return request.find('.') == request.size() - suffix.size();  // exactly one label in front
}

bool IngressPathMatches(PathType path_type, std::string_view rule_path, std::string_view request_path,
                        bool impl_specific_exact) {
  request_path = request_path.substr(0, request_path.find('?'));
  if (ActsAsExact(path_type, impl_specific_exact)) return rule_path == request_path;
  std::vector<std::string_view> rule = PathElements(rule_path);
  std::vector<std::string_view> request = PathElements(request_path);
  return rule.size() <= request.size() && std::equal(rule.begin(), rule.end(), request.begin());
}

std::string IngressRoute::ToString() const {
  if (ingress == nullptr) return "no Ingress rule matches";
  std::string out = ingress->ns + "/" + ingress->name + ": ";
  if (rule == nullptr || path == nullptr) return out + "defaultBackend";
  out += rule->host.empty() ? "any host" : "host " + rule->host;
  return out + ", path " + path->path + " (" + PathTypeName(path->path_type) + ")";
}

IngressRoute RouteRequest(const std::vector<const Ingress*>& served, std::string_view host, std::string_view path,
                          bool impl_specific_exact, bool host_first) {
  IngressRoute best;
  // The host picks the server first, as nginx's server_name does (ING-4): only rules of the best-ranked matching
  // host compete on paths. A precise host with no matching path is a 404 even if a host-less rule has the path.
  int server = -1;
  for (const Ingress* ing : served) {
    for (const IngressRule& rule : ing->rules) {
      if (IngressHostMatches(rule.host, host)) server = std::max(server, HostRank(rule.host));
    }
  }
  // Rank of `best`: (host rank, path length, exact); higher wins, then Before() on the Ingress.
  std::tuple<int, std::size_t, bool> best_rank{};
  for (const Ingress* ing : served) {
    for (const IngressRule& rule : ing->rules) {
      if (!IngressHostMatches(rule.host, host) || (host_first && HostRank(rule.host) != server)) continue;
      for (const IngressPath& p : rule.paths) {
        if (!IngressPathMatches(p.path_type, p.path, path, impl_specific_exact)) continue;
        std::tuple<int, std::size_t, bool> rank{HostRank(rule.host), p.path.size(),
                                                ActsAsExact(p.path_type, impl_specific_exact)};
        bool better = best.ingress == nullptr || rank > best_rank ||
                      (rank == best_rank && best.ingress != ing && Before(*ing, *best.ingress));
        if (!better) continue;
        best = IngressRoute{ing, &rule, &p, &p.backend};
        best_rank = rank;
      }
    }
  }
  if (best.ingress != nullptr) return best;
  for (const Ingress* ing : served) {
    if (ing->default_backend && (best.ingress == nullptr || Before(*ing, *best.ingress))) {
      best = IngressRoute{ing, nullptr, nullptr, &*ing->default_backend};
    }
  }
  return best;
}

std::vector<const Ingress*> ServedIngresses(const Cluster& cluster, const IngressClass* ingress_class) {
  std::string default_class;
  int defaults = 0;
  for (const IngressClass& c : cluster.ingress_classes) {
    if (c.is_default) {
      ++defaults;
      default_class = c.name;
    }
  }
  std::vector<const Ingress*> out;
  for (const Ingress& ing : cluster.ingresses) {
    bool served = ingress_class == nullptr || ing.ingress_class == ingress_class->name ||
                  (ing.ingress_class.empty() && defaults == 1 && default_class == ingress_class->name);
    if (served) out.push_back(&ing);
  }
  std::sort(out.begin(), out.end(),
            [](const Ingress* a, const Ingress* b) { return std::tie(a->ns, a->name) < std::tie(b->ns, b->name); });
  return out;
}

const Service* FindBackendService(const Cluster& cluster, const IngressRoute& route) {
  if (route.ingress == nullptr || route.backend == nullptr || route.backend->service_name.empty()) return nullptr;
  for (const Service& s : cluster.services) {
    if (s.ns == route.ingress->ns && s.name == route.backend->service_name) return &s;
  }
  return nullptr;
}

const ServicePort* FindBackendPort(const Service& service, const IngressBackend& backend) {
  for (const ServicePort& p : service.ports) {
    bool match = backend.port_name.empty() ? p.port == backend.port_number : p.name == backend.port_name;
    if (match) return &p;
  }
  return nullptr;
}

}  // namespace kreach
