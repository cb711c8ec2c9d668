// Ingress routing as one controller does it: class resolution (ING-1), host and path matching (ING-3, ING-5),
// precedence (ING-4, ING-6) and the fallbacks (ING-7).
#ifndef KREACH_SIM_NET_INGRESS_ROUTE_H_
#define KREACH_SIM_NET_INGRESS_ROUTE_H_

#include <string>
#include <string_view>
#include <vector>

#include "sim/model/cluster.h"

namespace kreach {

/// ING-3: `rule_host` "" matches all; exact match case-insensitive; "*.foo.com" matches exactly one extra label.
/// `request_host` may carry ":port", which is stripped.
bool IngressHostMatches(std::string_view rule_host, std::string_view request_host);

/// ING-5: Exact = case-sensitive equality; Prefix = element-wise on '/', trailing slash ignored;
/// ImplementationSpecific = Prefix (canonical; `impl_specific_exact` true = Exact, the switch). Query string
/// ("?...") of the request is ignored.
bool IngressPathMatches(PathType path_type, std::string_view rule_path, std::string_view request_path,
                        bool impl_specific_exact = false);

/// Where one HTTP request goes. The backend Service, if any, is in `ingress->ns` (ING-8).
struct IngressRoute {
  const Ingress* ingress = nullptr;         ///< nullptr: no rule and no defaultBackend matched (HTTP 404, ING-7)
  const IngressRule* rule = nullptr;        ///< nullptr when the defaultBackend answered
  const IngressPath* path = nullptr;        ///< nullptr when the defaultBackend answered
  const IngressBackend* backend = nullptr;  ///< the path's backend or the defaultBackend
  /// "shop/web-ingress: host shop.example.com, path /api (Prefix)" ("any host" for a rule without host),
  /// "shop/web-ingress: defaultBackend" or "no Ingress rule matches".
  std::string ToString() const;
};

/// Routes an HTTP request among the Ingresses one controller serves (already filtered by class).
/// With `host_first` (canonical, as nginx's server_name) the most specific matching host picks the server and only
/// its rules compete on paths; without it every (rule, path) pair whose host and path both match competes
/// (Gateway API style). Then: host precedence ING-4 (precise > wildcard > no host), ING-6 longest path, Exact beats
/// Prefix on equal length (ImplementationSpecific counts as the type it behaves as), then oldest creationTimestamp (an
/// Ingress without one counts as newest), then (ns, name), then the order of rules and paths. No match: the
/// defaultBackend of the oldest served Ingress that has one, else ingress == nullptr. TLS (ING-9) does not change
/// routing: the Host header decides.
IngressRoute RouteRequest(const std::vector<const Ingress*>& served, std::string_view host, std::string_view path,
                          bool impl_specific_exact = false, bool host_first = true);

/// ING-1 class resolution: Ingresses served by `ingress_class` (nullptr = the input has no IngressClass: every
/// Ingress is served by one controller). An Ingress without class takes the default class
/// (is_default); with none or several defaults it is not served. Sorted by (ns, name).
std::vector<const Ingress*> ServedIngresses(const Cluster& cluster, const IngressClass* ingress_class);

/// ING-8: the Service a route's backend names, looked up in the Ingress's namespace; nullptr when the route has
/// no Service backend (404, resource backend) or the Service does not exist (503 for the caller).
const Service* FindBackendService(const Cluster& cluster, const IngressRoute& route);

/// ING-8: the port of `service` a backend names, by number or by port name; nullptr when none matches (503).
const ServicePort* FindBackendPort(const Service& service, const IngressBackend& backend);

}  // namespace kreach

#endif  // KREACH_SIM_NET_INGRESS_ROUTE_H_
