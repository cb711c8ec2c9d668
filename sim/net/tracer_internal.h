// The tracer behind TraceConnection (sim/net/path.h): one method per way a packet can go. Its steps live in one file
// per concept: tracer.cc (sending, policy at each end, delivery), trace_service.cc (Service frontends and
// kube-proxy), trace_dns.cc (names: the lookup flow, answers, ExternalName, outside hosts), trace_ingress.cc (URLs
// through an ingress controller). Internal to sim/net.
#ifndef KREACH_SIM_NET_TRACER_INTERNAL_H_
#define KREACH_SIM_NET_TRACER_INTERNAL_H_

#include <string>
#include <vector>

#include "sim/net/path.h"
#include "sim/net/service_backends.h"

namespace kreach {

/// "10.0.0.1:80".
std::string Addr(Ipv4 ip, int port);
/// "10.244.1.5 (shop/web-0)" for pods, "10.0.0.1 (node node-1)" for nodes, the address otherwise.
std::string Describe(const Cluster& c, const Peer& p);

/// The source as kube-proxy classifies it (SVC-16): a pod on the pod network, node-originated, or external.
enum class SourceClass { kPod, kNode, kExternal };

/// Follows one connection on `probe` through a Network; every method returns the branches the packet can take.
/// Holds references to `net` and its cluster, which must outlive it.
class Tracer {
 public:
  Tracer(const Network& net, const Probe& probe) : net_(net), c_(net.cluster()), probe_(probe) {}

  /// The notes about implied objects this trace used, in the order first used.
  const std::vector<std::string>& notes() const { return notes_; }

  static Branch Start(const Peer& src) {
    Branch b;
    b.src = src;
    return b;
  }

  // tracer.cc: to addresses without a Service.
  /// src sends straight to dst's address on `port`: no translation.
  Branch Direct(Branch b, const Peer& src, const Peer& dst, int port) const;
  /// ICMP to an address: a ping to a ClusterIP gets no answer (SVC-6); any other address is reached directly.
  Branch Icmp(Branch b, const Peer& src, const Peer& dst) const;
  /// To one pod or address directly (pod IP, headless answers, external hosts), the probe's port resolved on it.
  Branch ToAddress(Branch b, const Peer& src, const Peer& dst) const;

  // trace_service.cc: Service frontends.
  /// A packet sent to an address: a pod, a node (NodePort or the node itself), a Service VIP, or outside.
  std::vector<Branch> ToIp(Branch b, const Peer& src, Ipv4 ip, int port) const;
  /// To `node_ip`, one of `node`'s addresses: its NodePort when `port` is one, else the node itself.
  std::vector<Branch> ToNode(Branch b, const Peer& src, const Node& node, Ipv4 node_ip, int port) const;
  /// To a Service by name (service/NS/NAME): its ClusterIP, or DNS-like answers for headless/ExternalName.
  std::vector<Branch> ToService(Branch b, const Peer& src, const Service& svc) const;

  // trace_dns.cc: names.
  /// A DNS name from a pod: lookup flow, answer, then the connection to what it answered.
  std::vector<Branch> ToName(Branch b, const Peer& src, const std::string& name, int depth = 0) const;

  // trace_ingress.cc: URLs.
  /// HTTP through an ingress controller: reach a controller pod, route, then a new connection to the backend. A
  /// host that is a cluster DNS name for a pod source (KR-1, ClusterDnsHost) is resolved instead (ToName), as the
  /// pod's resolver does, and no controller is involved.
  std::vector<Branch> ToUrl(Branch b, const Peer& src, const UrlParts& url) const;

 private:
  // tracer.cc
  void Note(const std::string& note) const;
  SourceClass Classify(const Peer& src) const;
  /// The node a source sits on (pods and nodes), or nullptr for external sources.
  const Node* SourceNode(const Peer& src) const;
  /// Ends `b` with `outcome`: its last hop fails with `cause`.
  static Branch Fail(Branch b, Outcome outcome, std::string why, Cause cause);
  /// Appends a hop and returns it, for the caller to fill the typed fields.
  Hop& AddHop(Branch& b, Hop::Kind kind, std::string text, bool ok = true) const;
  /// A policy hop (or a DNS hop decided by policy) that keeps the verdict for explanations. A kPolicy hop also
  /// records the own-node switch that decided it, if any (`snat`: the packet is from the receiver's node only
  /// through kube-proxy's SNAT), and the trace then notes the texts that disagree about own-node traffic.
  Hop& PolicyHop(Branch& b, Hop::Kind kind, std::string text, const DirectionVerdict& v, Direction d,
                 bool snat = false) const;
  /// Egress policy at the sending pod towards `dst` (as the packet leaves it, after any local DNAT). False when
  /// it is denied (the branch is then finished). Non-pod senders have no egress policy and get no hop.
  /// With `tell_ingress`, a denial also says whether the receiver's ingress policy would drop the packet too (when
  /// it arrives with the sender's address), so that users fix both ends at once.
  bool Egress(Branch& b, const Peer& sender, const Peer& dst, int port, bool tell_ingress = true) const;
  /// Ingress policy at the receiver for a packet whose source is now `seen` (after any SNAT), then delivery.
  Branch Receive(Branch b, const Peer& seen, const Peer& receiver, int port, bool snat) const;
  /// The port a probe names on a pod: the number, or the pod's container port of that name and protocol.
  int PortOnPod(const Pod* pod, std::string* why) const;

  // trace_service.cc
  std::vector<Backend> BackendsOf(int vertex) const;
  /// A packet that reached a Service frontend vertex. `via` is the node that received it (NodePort, and external
  /// clients of LoadBalancer/externalIP with the Cluster policy, one branch per node); `egress_done` when the
  /// sender's egress policy was already checked before the frontend (NodePort on another node, NP-23).
  std::vector<Branch> ThroughFrontend(Branch b, const Peer& src, int vertex, const Node* via, bool egress_done,
                                      Ipv4 via_ip = 0) const;
  /// The hop to a frontend address: `src` → ip:port of `svc` (`kind` names the frontend).
  Hop& SendToFrontend(Branch& b, const Peer& src, FrontendKind kind, const Service& svc, int vertex, Ipv4 ip, int port,
                      Protocol protocol, const Node* node = nullptr) const;
  Branch UnknownVipPort(Branch b, const Service& svc, int port) const;

  // trace_dns.cc
  /// The DNS lookup as a flow (DNS-7): the client must reach a cluster DNS pod on UDP/53. True when it does.
  bool Lookup(Branch& b, const Peer& src, const std::string& name) const;
  /// An external host by name: its address from cluster.externalHosts, else every address egress rules tell apart.
  std::vector<Branch> ToExternalHost(Branch b, const Peer& src, const std::string& host, int port) const;
  /// One address inside every piece of the address space that the source's egress ipBlocks cut, outside the
  /// cluster's own pods and nodes.
  std::vector<Ipv4> ExternalProbeIps(const Peer& src) const;
  std::vector<Branch> ToExternalName(Branch b, const Peer& src, const Service& svc, int depth) const;
  /// The port a client dials on a headless answer: a number as is; a name as the Service port (SRV) name.
  int HeadlessPort(const Service& svc, const Pod* pod) const;

  // trace_ingress.cc
  /// KR-1: true when `src` is a pod that uses the cluster DNS (DNS-6) and `host` is a name that DNS answers itself:
  /// a name under the cluster domain, or one its search path resolves (a Service, a headless Service even without
  /// ready endpoints, a pod record).
  bool ClusterDnsHost(const Peer& src, const std::string& host) const;
  /// The controller whose Service has nodePort `port` (TCP), or -1.
  int ControllerByNodePort(int port) const;
  std::vector<Branch> Route(Branch b, int controller, const UrlParts& url) const;

  const Network& net_;
  const Cluster& c_;
  Probe probe_;
  mutable std::vector<std::string> notes_;
};

}  // namespace kreach

#endif  // KREACH_SIM_NET_TRACER_INTERNAL_H_
