// One step of a packet's path as a typed value (semantics reference P-1): where the packet is before and after,
// the addresses translated on the way, the name resolved, the Ingress route taken, the verdict that decided. The
// sentence `query` prints is kept with it; consumers (the path view, explanations) read the fields, never the
// sentence.
#ifndef KREACH_SIM_NET_HOP_H_
#define KREACH_SIM_NET_HOP_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "policies/evaluator.h"
#include "sim/model/cluster.h"
#include "sim/net/endpoint.h"
#include "sim/net/ingress_route.h"
#include "sim/net/own_node_switch.h"

namespace kreach {

/// Why a path failed, for explanations that teach (sim/report/teach.h) and for the hop where it stops.
enum class Cause {
  kNone,
  kPolicy,              ///< a NetworkPolicy drops it: the failing hop's `verdict` says which and why
  kDnsBlocked,          ///< the DNS lookup flow is denied: the hop's `verdict` is the denying end's
  kNoDns,               ///< there is no cluster DNS Service, or it has no ready endpoint on UDP 53
  kNxdomain,            ///< the name does not exist
  kNotDnsClient,        ///< the source does not use the cluster DNS (a node, an external client, dnsPolicy)
  kNamedPortMissing,    ///< the destination pod has no container port of that name
  kSourceRanges,        ///< the client is outside the Service's loadBalancerSourceRanges
  kTrafficPolicyLocal,  ///< external/internalTrafficPolicy Local and no endpoint on that node
  kNoEndpoint,          ///< the Service has no ready or serving endpoint (kube-proxy rejects)
  kUncapturedPort,      ///< the Service has no such port
  kClusterIpExternal,   ///< a ClusterIP dialled from outside the cluster
  kNoIngressHost,       ///< no Ingress serves the host
  kNoIngressRule,       ///< the controller has no rule for host and path (404)
  kIngressBackend,      ///< the Ingress backend is missing, lacks the port, or has no ready endpoint (503)
  kOther,
};

/// The kinds of Service frontend kube-proxy captures.
enum class FrontendKind { kClusterIp, kNodePort, kLoadBalancer, kExternalIp };
/// "ClusterIP", "NodePort", "LoadBalancer", "externalIP" (as `query` and the pictures write them).
const char* FrontendKindName(FrontendKind kind);

/// Where a packet is on its path: the client, a pod, a node, a Service frontend, the cluster DNS, an ingress
/// controller or a host outside the cluster.
struct Place {
  enum class Kind {
    kNone,        ///< nowhere the packet got to (a hop that fails before it moves)
    kPeer,        ///< a pod (`pod`), a node or an outside address at `ip`
    kFrontend,    ///< a Service frontend: `frontend`, `service`, `service_port`; NodePort: the `node` dialled
    kDns,         ///< the cluster DNS Service `service`, dialled at `ip`:`port` (UDP 53)
    kController,  ///< the ingress controller `controller`
    kHost,        ///< a host outside the cluster known only by its name `host`
  };
  Kind kind = Kind::kNone;
  const Pod* pod = nullptr;  ///< kPeer: the pod at `ip` (a hostNetwork pod shares its node's address), or nullptr
  /// The address, port and protocol the packet is sent to here. kFrontend: the frontend's address (0 for a NodePort
  /// as kube-proxy opens it on every node) and port (the nodePort for NodePorts); port 0 for ICMP.
  Ipv4 ip = 0;
  int port = 0;
  Protocol protocol = Protocol::kTCP;
  FrontendKind frontend = FrontendKind::kClusterIp;  ///< kFrontend
  const Service* service = nullptr;                  ///< kFrontend, kDns
  const ServicePort* service_port = nullptr;         ///< kFrontend (nullptr when the Service has no such port)
  const Node* node = nullptr;                        ///< kFrontend NodePort: the node whose address was dialled
  int controller = -1;                               ///< kController: index into Network::controllers()
  std::string host;                                  ///< kHost: the name (lowercase, no trailing dot)

  static Place OfPeer(const Peer& peer, int port, Protocol protocol);
  static Place OfHost(const std::string& host, int port);
  /// The pod or address of a kPeer place.
  Peer peer() const { return Peer{pod, ip}; }
};

/// A name resolved on the way (Hop::Kind::kDns).
struct DnsStep {
  enum class Stage {
    kNone,          ///< a DNS hop that resolves nothing (see the hop's `failure`: no DNS, not a DNS client, ...)
    kLookup,        ///< the query itself, a UDP 53 flow to the cluster DNS (`to` when it gets there)
    kAnswer,        ///< A records: `fqdn` → `addresses` (a Service's ClusterIP, headless endpoints, a pod)
    kNxdomain,      ///< the name does not exist
    kCname,         ///< an ExternalName Service (`service`): CNAME `cname`
    kExternalHost,  ///< a host outside the cluster: its address from cluster.externalHosts, or none when unknown
  };
  Stage stage = Stage::kNone;
  std::string name;                  ///< the name asked (kLookup, kAnswer, kNxdomain, kExternalHost)
  std::string fqdn;                  ///< kAnswer: the absolute name that answered
  std::vector<Ipv4> addresses;       ///< kAnswer, kExternalHost
  std::string cname;                 ///< kCname: the target (lowercase, no trailing dot)
  const Service* service = nullptr;  ///< kLookup: the cluster DNS Service; kAnswer: the Service answered for, if
                                     ///< any; kCname: the ExternalName Service
};

/// An HTTP request through an ingress controller (Hop::Kind::kIngress).
struct IngressStep {
  enum class Stage {
    kArrive,   ///< the request goes to the controller (`to` is the controller place)
    kTls,      ///< TLS: terminated with the certificate of `certificate`, or the default certificate (nullptr)
    kRoute,    ///< host and path matched against the served Ingresses: `route` (route.ingress nullptr: 404)
    kBackend,  ///< the route's backend cannot take it: the Service, its port or a ready endpoint is missing
  };
  Stage stage = Stage::kArrive;
  UrlParts url;
  int controller = -1;                   ///< index into Network::controllers()
  const Ingress* certificate = nullptr;  ///< kTls
  IngressRoute route;                    ///< kRoute, kBackend
};

/// How the source address changes at a Service frontend (semantics reference §3.5).
enum class Snat {
  kKept,           ///< no SNAT: the receiver sees the client
  kNodeOrigin,     ///< the client is a node (or a hostNetwork pod): it already sends with the node's address
  kClusterPolicy,  ///< externalTrafficPolicy Cluster: SNAT to the receiving node
  kHairpin,        ///< the chosen endpoint is the client itself: SNAT to its node
};

/// One step of a packet's path.
struct Hop {
  enum class Kind {
    kDns,        ///< a DNS lookup (itself a flow to the cluster DNS) and its answer
    kSend,       ///< the packet leaves the source towards an address
    kService,    ///< a Service frontend (ClusterIP, NodePort, LoadBalancer, externalIP) chooses an endpoint
    kTranslate,  ///< DNAT / SNAT, or the ingress controller's new connection to the backend
    kPolicy,     ///< a NetworkPolicy check (egress at the sender, ingress at the receiver)
    kFilter,     ///< a kube-proxy filter: loadBalancerSourceRanges, traffic policy
    kIngress,    ///< an ingress controller routes the HTTP request
    kDeliver,    ///< the final receiver
  };
  Kind kind = Kind::kSend;
  bool ok = true;
  std::string text;  ///< the sentence `query` prints: for people, never parsed

  /// Where the packet is before and after the hop. kSend: the client → the address dialled (a peer or frontend;
  /// kNone when the Service has no such port or the port name does not resolve); kService: the frontend → the
  /// chosen endpoint (`to` kNone when none is chosen); kTranslate: DNAT/SNAT at the frontend has `to` kNone (the
  /// packet moved with the kService hop), the ingress controller's new connection goes from the controller pod to
  /// the backend address (`to` kPeer); kDns kLookup: → the cluster DNS; kIngress kArrive: → the controller;
  /// kDeliver: → the receiver (a peer, or kHost). kNone where the hop does not move the packet.
  Place from;
  Place to;
  /// The cause of the failure the branch ends in, on the hop where it ends; kNone on every other hop.
  Cause failure = Cause::kNone;

  /// kService, kTranslate, kFilter: the Service and port that translate or filter.
  const Service* service = nullptr;
  const ServicePort* service_port = nullptr;
  /// kTranslate: the destination before and after DNAT (the frontend address → the endpoint), and the source
  /// before and after SNAT. kDeliver: `src_after` is the source address the receiver sees.
  Ipv4 dst_before = 0;
  int port_before = 0;
  Ipv4 dst_after = 0;
  int port_after = 0;
  Ipv4 src_before = 0;
  Ipv4 src_after = 0;
  Snat snat = Snat::kKept;          ///< kTranslate at a frontend
  const Node* snat_node = nullptr;  ///< the node whose address the source takes (kClusterPolicy, kHairpin)

  DnsStep dns;          ///< kDns
  IngressStep ingress;  ///< kIngress, and kTranslate for the controller's new connection (`route`)

  /// Policy hops (and a blocked DNS lookup): the verdict of the end that decided, with its direction.
  std::shared_ptr<const DirectionVerdict> verdict;
  Direction direction = Direction::kIngress;
  /// kPolicy: this is the receiver's verdict added to a denial at the sender (it would drop the packet too).
  bool also_denied = false;
  /// kPolicy: the own-node switch that decided `verdict` (NP-8, NP-24), when one did: with its other value the
  /// verdict flips. `query` and `check --explain` say so (OwnNodeSwitchText, OwnNodeSources).
  std::optional<OwnNodeSwitch> own_node_switch;
  /// kPolicy hops towards an outside host whose address kreach does not know, which carry no single verdict.
  enum class AnyAddress {
    kNone,        ///< an ordinary hop: see `verdict`
    kNoPolicy,    ///< no policy selects the sender for egress
    kAllAllowed,  ///< the sender is isolated, and its egress rules allow every outside address on the port
  };
  AnyAddress any_address = AnyAddress::kNone;
};

}  // namespace kreach

#endif  // KREACH_SIM_NET_HOP_H_
