// The endpoints behind a Service port, as kube-proxy reads them from EndpointSlices (§3.1, §3.2).
#ifndef KREACH_SIM_NET_SERVICE_BACKENDS_H_
#define KREACH_SIM_NET_SERVICE_BACKENDS_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/model/cluster.h"

namespace kreach {

/// One endpoint of one Service port, from the Service's EndpointSlices (generated or manual).
struct Backend {
  Ipv4 ip = 0;
  int port = 0;              ///< the port the backend receives (resolved targetPort)
  const Pod* pod = nullptr;  ///< the pod that has this IP (hostNetwork pods included), nullptr if none
  std::string node;          ///< endpoint nodeName, else the pod's node, else ""
  bool ready = true, serving = true, terminating = false;
  std::string hostname;
  const EndpointSlice* slice = nullptr;
};

/// The EndpointSlices of every Service, by (namespace, kubernetes.io/service-name), for many lookups; holds pointers
/// into the cluster, which must outlive it and not change.
class SliceIndex {
 public:
  explicit SliceIndex(const Cluster& cluster);
  /// The slices of `svc`, in (ns, name) order.
  const std::vector<const EndpointSlice*>& Of(const Service& svc) const;

 private:
  std::unordered_map<std::string, std::vector<const EndpointSlice*>> by_service_;
};

/// Slices of `svc`: same namespace, service_name == svc.name (from `index` when given, else by a scan). Slice ports
/// match the Service port by name and protocol (SVC-5); a slice port without a number is skipped. Each endpoint
/// contributes its first address (as kube-proxy does). Endpoints of manual slices whose address is loopback, link-local
/// or a Service's ClusterIP are ignored (SVC-5). Sorted by (ip, port); of duplicates (same ip+port from two slices) the
/// one from a manual slice is kept, else the one from the first slice in (ns, name) order. `pod` is the endpoint's
/// targetRef pod when it has the endpoint's IP, else the non-hostNetwork pod with the IP, else a hostNetwork pod with
/// the IP (one declaring the port first, then in (ns, name) order).
std::vector<Backend> ServicePortBackends(const Cluster& cluster, const Service& svc, const ServicePort& port,
                                         const SliceIndex* index = nullptr);

/// kube-proxy's usable endpoints (SVC-7): the ready ones; if none is ready, those serving && terminating.
/// With `node` non-empty the same logic runs on the endpoints on that node only (Local traffic policies).
/// Keeps the order of `all`.
std::vector<Backend> UsableBackends(const std::vector<Backend>& all, const std::string& node = "");

/// The Service port that `text` names: a port number ("80") or a port name ("http"), with protocol; nullptr if
/// none. An empty `text` names nothing.
const ServicePort* FindServicePort(const Service& svc, std::string_view text, Protocol protocol);

}  // namespace kreach

#endif  // KREACH_SIM_NET_SERVICE_BACKENDS_H_
