// How a client outside the cluster can reach a Service (semantics reference §3.3, ING-2): its NodePorts,
// load-balancer addresses and externalIPs, and the Ingress rules that route to it. A ClusterIP is not among them
// (SVC-6): `query` and `check --explain` use these to say what to dial instead, or what would open a way in.
#ifndef KREACH_SIM_NET_WAYS_IN_H_
#define KREACH_SIM_NET_WAYS_IN_H_

#include <string>
#include <vector>

#include "sim/net/network.h"

namespace kreach {

/// One way in from outside the cluster to a Service.
struct WayIn {
  enum class Kind {
    kIngress,       ///< a served Ingress routes to the Service: `ingress`, `host` ("" = any host), `path`
    kLoadBalancer,  ///< `ip`:`number`, a status.loadBalancer.ingress address
    kExternalIp,    ///< `ip`:`number`, a spec.externalIPs address
    kNodePort,      ///< `number` on every node's address
  };
  Kind kind = Kind::kNodePort;
  const ServicePort* port = nullptr;  ///< the Service port it leads to (kIngress: nullptr)
  Ipv4 ip = 0;                        ///< kLoadBalancer, kExternalIp
  int number = 0;                     ///< the port an outside client dials (kIngress: 0)
  bool node_port_assigned = false;    ///< kNodePort: kreach chose the number (ServicePort::node_port_assigned)
  const Ingress* ingress = nullptr;   ///< kIngress
  std::string host;                   ///< kIngress: the rule's host, "" for a rule without host or the defaultBackend
  std::string path;                   ///< kIngress: the rule's path, "" for the defaultBackend
};

/// The ways in to `svc`, Ingress routes first (by Ingress, rule, path), then load-balancer addresses, externalIPs
/// and NodePorts (by port). With `only` set, the address and NodePort ways are those of that Service port only.
/// Ingresses count only when a controller of `net` serves them. Empty for a ClusterIP or headless Service that no
/// Ingress routes to.
std::vector<WayIn> WaysIn(const Network& net, const Service& svc, const ServicePort* only = nullptr);

/// One clause for an outside client that cannot reach `svc` through its cluster address: "from outside, use
/// Ingress shop/shop (http://shop.example.com/shop) or NodePort 30080/TCP on every node (node/node-1 port 30080)",
/// or, with no way in, which Service types or objects would make one ("a client outside the cluster needs the
/// Service to be of type NodePort or LoadBalancer, to have externalIPs, or an Ingress that routes to it").
std::string OutsideAdvice(const Network& net, const Service& svc, const ServicePort* only = nullptr);

}  // namespace kreach

#endif  // KREACH_SIM_NET_WAYS_IN_H_
