#include "sim/net/path.h"

#include <algorithm>
#include <set>

#include "sim/net/dns.h"
#include "sim/net/ingress_route.h"
#include "sim/format/json_text.h"
#include "sim/model/text.h"
#include "sim/net/service_graph.h"

namespace kreach {

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kDelivered: return "delivered";
    case Outcome::kDropped: return "dropped";
    case Outcome::kRefused: return "refused";
    case Outcome::kNxdomain: return "nxdomain";
    case Outcome::kHttp404: return "http-404";
    case Outcome::kHttp503: return "http-503";
  }
  return "?";
}

namespace {

std::string Addr(Ipv4 ip, int port) { return FormatIpv4(ip) + ":" + std::to_string(port); }

/// "10.244.1.5 (shop/web-0)" for pods, "10.0.0.1 (node node-1)" for nodes, the address otherwise.
std::string Describe(const Cluster& c, const Peer& p) {
  if (p.pod != nullptr) {
    if (p.pod->host_network) return FormatIpv4(p.ip) + " (" + p.pod->Key() + ", hostNetwork on " + p.pod->node + ")";
    return FormatIpv4(p.ip) + " (" + p.pod->Key() + ")";
  }
  if (const Node* n = c.FindNodeByIp(p.ip)) return FormatIpv4(p.ip) + " (node " + n->name + ")";
  return FormatIpv4(p.ip);
}

/// The source as kube-proxy classifies it (SVC-16): a pod on the pod network, node-originated, or external.
enum class SourceClass { kPod, kNode, kExternal };

class Tracer {
 public:
  Tracer(const Network& net, const Probe& probe) : net_(net), c_(net.cluster()), probe_(probe) {}

  /// The notes about implied objects this trace used, in the order first used.
  const std::vector<std::string>& notes() const { return notes_; }
  void Note(const std::string& note) const {
    if (!note.empty() && std::find(notes_.begin(), notes_.end(), note) == notes_.end()) notes_.push_back(note);
  }

  SourceClass Classify(const Peer& src) const {
    if (src.pod != nullptr && !src.pod->host_network) return SourceClass::kPod;
    if (src.pod != nullptr || c_.FindNodeByIp(src.ip) != nullptr) return SourceClass::kNode;
    return SourceClass::kExternal;
  }

  /// The node a source sits on (pods and nodes), or nullptr for external sources.
  const Node* SourceNode(const Peer& src) const {
    if (src.pod != nullptr) return c_.FindNode(src.pod->node);
    return c_.FindNodeByIp(src.ip);
  }

  static Branch Start(const Peer& src) {
    Branch b;
    b.src = src;
    return b;
  }

  static Branch Fail(Branch b, Outcome outcome, std::string why, Cause cause) {
    if (!b.hops.empty()) b.hops.back().ok = outcome == Outcome::kDelivered ? b.hops.back().ok : false;
    b.outcome = outcome;
    b.summary = std::move(why);
    b.cause = cause;
    return b;
  }

  void Hop(Branch& b, Hop::Kind kind, std::string text, bool ok = true) const {
    b.hops.push_back(kreach::Hop{kind, ok, std::move(text), nullptr, Direction::kIngress});
  }

  /// A policy hop (or a DNS hop decided by policy) that keeps the verdict for explanations.
  void PolicyHop(Branch& b, Hop::Kind kind, std::string text, const DirectionVerdict& v, Direction d) const {
    b.hops.push_back(kreach::Hop{kind, v.allowed, std::move(text), std::make_shared<const DirectionVerdict>(v), d});
  }

  /// Egress policy at the sending pod towards `dst` (as the packet leaves it, after any local DNAT). False when
  /// it is denied (the branch is then finished). Non-pod senders have no egress policy and get no hop.
  /// With `tell_ingress`, a denial also says whether the receiver's ingress policy would drop the packet too (when
  /// it arrives with the sender's address), so that users fix both ends at once.
  bool Egress(Branch& b, const Peer& sender, const Peer& dst, int port, bool tell_ingress = true) const {
    if (sender.pod == nullptr) return true;
    Verdict verdict = net_.engine().Evaluate(sender, dst, probe_.protocol, port);
    const DirectionVerdict& v = verdict.egress;
    PolicyHop(b, Hop::Kind::kPolicy, "egress at " + sender.ToString() + ": " + v.ToString(Direction::kEgress), v,
              Direction::kEgress);
    if (!v.allowed) {
      if (tell_ingress && dst.pod != nullptr && !verdict.ingress.allowed) {
        PolicyHop(b, Hop::Kind::kPolicy,
                  "ingress at " + dst.ToString() + " would drop it too: " + verdict.ingress.ToString(Direction::kIngress),
                  verdict.ingress, Direction::kIngress);
      }
      b = Fail(std::move(b), Outcome::kDropped, "egress policy of " + sender.ToString() + " drops it", Cause::kPolicy);
      return false;
    }
    return true;
  }

  /// Ingress policy at the receiver for a packet whose source is now `seen` (after any SNAT), then delivery.
  Branch Receive(Branch b, const Peer& seen, const Peer& receiver, int port, bool snat) const {
    b.dst = receiver;
    b.port = port;
    if (receiver.pod != nullptr) {
      const PolicyEngine& engine = snat ? net_.snat_engine() : net_.engine();
      DirectionVerdict v = engine.Evaluate(seen, receiver, probe_.protocol, port).ingress;
      PolicyHop(b, Hop::Kind::kPolicy, "ingress at " + receiver.ToString() + ": " + v.ToString(Direction::kIngress), v,
                Direction::kIngress);
      if (!v.allowed) {
        return Fail(std::move(b), Outcome::kDropped, "ingress policy of " + receiver.ToString() + " drops it",
                    Cause::kPolicy);
      }
    }
    Hop(b, Hop::Kind::kDeliver, "delivered to " + Describe(c_, receiver) + " port " + std::to_string(port) +
                                    ", source seen as " + FormatIpv4(seen.ip));
    b.outcome = Outcome::kDelivered;
    b.summary = "delivered to " + receiver.ToString();
    return b;
  }

  /// src sends straight to dst's address on `port`: no translation.
  Branch Direct(Branch b, const Peer& src, const Peer& dst, int port) const {
    Hop(b, Hop::Kind::kSend, Describe(c_, src) + " → " + Addr(dst.ip, port) + " " + ProtocolName(probe_.protocol));
    b.dst = dst;
    b.port = port;
    if (!Egress(b, src, dst, port)) return b;
    return Receive(std::move(b), src, dst, port, false);
  }

  /// ICMP to an address: kube-proxy captures only the Service's ports on a ClusterIP (SVC-6), so a ping to one
  /// gets no answer; any other address is reached directly.
  Branch Icmp(Branch b, const Peer& src, const Peer& dst) const {
    if (dst.pod == nullptr) {
      if (const Service* svc = net_.ServiceByVip(dst.ip)) {
        Hop(b, Hop::Kind::kSend, Describe(c_, src) + " → " + FormatIpv4(dst.ip) + " ICMP (ClusterIP of " + svc->ns +
                                     "/" + svc->name + ")");
        return Fail(std::move(b), Outcome::kDropped,
                    "kube-proxy captures only the Service's ports on a ClusterIP: ICMP to it gets no answer",
                    Cause::kUncapturedPort);
      }
    }
    return Direct(std::move(b), src, dst, 0);
  }

  /// The port a probe names on a pod: the number, or the pod's container port of that name and protocol.
  int PortOnPod(const Pod* pod, std::string* why) const {
    int number = probe_.Number();
    if (number > 0 || probe_.protocol == Protocol::kIcmp) return number;
    if (pod != nullptr) {
      for (const ContainerPort& cp : pod->ports) {
        if (cp.name == probe_.port && cp.protocol == probe_.protocol) return cp.port;
      }
      *why = pod->Key() + " has no " + std::string(ProtocolName(probe_.protocol)) + " port named '" + probe_.port + "'";
    } else {
      *why = "port name '" + probe_.port + "' cannot be resolved on an address that is no pod";
    }
    return 0;
  }

  /// To one pod or address directly (pod IP, headless answers, external hosts).
  Branch ToAddress(Branch b, const Peer& src, const Peer& dst) const {
    std::string why;
    int port = PortOnPod(dst.pod, &why);
    if (port == 0 && probe_.protocol != Protocol::kIcmp) {
      b.dst = dst;
      Hop(b, Hop::Kind::kSend, why, false);
      return Fail(std::move(b), Outcome::kDropped, why, Cause::kNamedPortMissing);
    }
    return Direct(std::move(b), src, dst, port);
  }

  std::vector<Backend> BackendsOf(int vertex) const {
    std::vector<Backend> out;
    const ServiceAdjacency& g = net_.graph().g;
    for (auto [it, end] = boost::out_edges(static_cast<ServiceGraph::Vertex>(vertex), g); it != end; ++it) {
      if (g[*it].kind == GraphEdge::Kind::kDnat) out.push_back(g[*it].backend);
    }
    return out;
  }

  static std::string Conditions(const Backend& b) {
    if (b.ready) return "ready";
    if (b.serving && b.terminating) return "serving, terminating";
    return "not ready";
  }

  /// A packet that reached a Service frontend vertex. `via` is the node that received it (NodePort, and external
  /// clients of LoadBalancer/externalIP with the Cluster policy, one branch per node); `egress_done` when the
  /// sender's egress policy was already checked before the frontend (NodePort on another node, NP-23).
  std::vector<Branch> ThroughFrontend(Branch b, const Peer& src, int vertex, const Node* via, bool egress_done,
                                      Ipv4 via_ip = 0) const {
    const GraphVertex& v = net_.graph().g[static_cast<ServiceGraph::Vertex>(vertex)];
    const Service& svc = *v.service;
    std::string key = svc.ns + "/" + svc.name;
    SourceClass cls = Classify(src);
    // A node (or hostNetwork pod) dialling another node's NodePort arrives there like any outside client (SVC-16:
    // only the receiving node's own traffic takes the in-cluster exception).
    if (cls == SourceClass::kNode && via != nullptr && via != SourceNode(src)) cls = SourceClass::kExternal;
    std::vector<Backend> all = BackendsOf(vertex);
    std::vector<Branch> out;
    bool external_policy_local = svc.external_traffic_policy == "Local";
    std::vector<Backend> usable;
    std::string set_why;
    switch (v.kind) {
      case GraphVertex::Kind::kClusterIp: {
        if (cls == SourceClass::kExternal) {
          out.push_back(Fail(std::move(b), Outcome::kDropped,
                             "ClusterIP " + FormatIpv4(v.ip) + " is reachable only from inside the cluster",
                             Cause::kClusterIpExternal));
          return out;
        }
        if (svc.internal_traffic_policy == "Local") {
          const Node* node = SourceNode(src);
          usable = UsableBackends(all, node ? node->name : "");
          set_why = "internalTrafficPolicy Local: endpoints on " + (node ? node->name : std::string("?")) + " only";
          if (usable.empty() && !UsableBackends(all).empty()) {
            Hop(b, Hop::Kind::kFilter, set_why + ", and there is none", false);
            out.push_back(Fail(std::move(b), Outcome::kDropped,
                               "internalTrafficPolicy Local and no endpoint of " + key + " on the client's node",
                               Cause::kTrafficPolicyLocal));
            return out;
          }
        } else {
          usable = UsableBackends(all);
        }
        break;
      }
      case GraphVertex::Kind::kNodePort:
      case GraphVertex::Kind::kLoadBalancer:
      case GraphVertex::Kind::kExternalIp: {
        if (v.kind == GraphVertex::Kind::kLoadBalancer && !svc.load_balancer_source_ranges.empty()) {
          bool inside = std::any_of(svc.load_balancer_source_ranges.begin(), svc.load_balancer_source_ranges.end(),
                                    [&](const Cidr& r) { return r.Contains(src.ip); });
          std::string ranges;
          for (const Cidr& r : svc.load_balancer_source_ranges) ranges += (ranges.empty() ? "" : ", ") + r.ToString();
          Hop(b, Hop::Kind::kFilter,
              "loadBalancerSourceRanges " + ranges + (inside ? " contain " : " do not contain ") + FormatIpv4(src.ip),
              inside);
          if (!inside) {
            out.push_back(Fail(std::move(b), Outcome::kDropped,
                               FormatIpv4(src.ip) + " is outside the loadBalancerSourceRanges of " + key,
                               Cause::kSourceRanges));
            return out;
          }
        }
        if (cls == SourceClass::kExternal && external_policy_local) {
          if (via != nullptr) {
            usable = UsableBackends(all, via->name);
            set_why = "externalTrafficPolicy Local: endpoints on " + via->name + " only, client IP kept";
          } else {  // the load balancer sends only to nodes whose health check passes: those with local endpoints
            std::set<std::string> nodes;  // endpoints without a node are local to none
            for (const Backend& e : all) {
              if (!e.node.empty()) nodes.insert(e.node);
            }
            for (const std::string& n : nodes) {
              for (const Backend& e : UsableBackends(all, n)) usable.push_back(e);
            }
            set_why = "externalTrafficPolicy Local: the load balancer sends only to nodes with a local endpoint";
          }
          if (usable.empty() && !UsableBackends(all).empty()) {
            Hop(b, Hop::Kind::kFilter, set_why + "; there is none", false);
            out.push_back(Fail(std::move(b), Outcome::kDropped,
                               "externalTrafficPolicy Local and no endpoint of " + key +
                                   (via ? " on " + via->name : std::string(" on any node")),
                               Cause::kTrafficPolicyLocal));
            return out;
          }
        } else {
          usable = UsableBackends(all);
          if (external_policy_local) set_why = "externalTrafficPolicy Local does not apply to in-cluster clients";
        }
        break;
      }
      default:
        break;
    }
    if (usable.empty()) {
      Hop(b, Hop::Kind::kService, v.label + ": no usable endpoint (" + std::to_string(all.size()) +
                                      " endpoint(s), none ready or serving)", false);
      out.push_back(
          Fail(std::move(b), Outcome::kRefused, key + " has no usable endpoint: kube-proxy rejects", Cause::kNoEndpoint));
      return out;
    }
    if (!set_why.empty()) Hop(b, Hop::Kind::kFilter, set_why);

    // External clients of a LoadBalancer/externalIP with the Cluster policy arrive at any node.
    std::vector<const Node*> receivers = {via};
    bool external_arrival = cls == SourceClass::kExternal && via == nullptr &&
                            (v.kind == GraphVertex::Kind::kLoadBalancer || v.kind == GraphVertex::Kind::kExternalIp);
    if (external_arrival && !external_policy_local) {
      receivers.clear();
      for (const Node& n : c_.nodes) receivers.push_back(&n);
    }
    for (const Node* node : receivers) {
      for (const Backend& e : usable) {
        Branch branch = b;
        branch.service = &svc;
        branch.service_port = v.port;
        Peer dst = e.pod != nullptr ? Peer::OfPod(*e.pod) : Peer::OfIp(e.ip);
        if (e.pod != nullptr && e.pod->host_network) dst.ip = e.ip;
        std::string where = v.kind == GraphVertex::Kind::kNodePort && node != nullptr
                                ? FormatIpv4(via_ip != 0 && node == via ? via_ip : node->addresses.front()) + ":" +
                                      std::to_string(v.number)
                                : Addr(v.ip, v.number);
        Hop(branch, Hop::Kind::kService,
            v.label + " → endpoint " + Describe(c_, dst) + " port " + std::to_string(e.port) + " (" + Conditions(e) +
                (e.node.empty() ? "" : ", on " + e.node) + ")");
        // Source NAT (semantics reference §3.5).
        Peer seen = src;
        std::string snat_why;
        bool hairpin = src.pod != nullptr && e.pod == src.pod;
        const Node* src_node = SourceNode(src);
        if (cls == SourceClass::kNode) {
          snat_why = "node-originated traffic leaves with the node's address";
        } else if (v.kind != GraphVertex::Kind::kClusterIp && !(external_policy_local && cls != SourceClass::kNode)) {
          const Node* snat_node = node != nullptr ? node : src_node;
          if (snat_node != nullptr) {
            seen = Peer::OfIp(snat_node->addresses.front());
            snat_why = "SNAT to " + snat_node->name + " " + FormatIpv4(seen.ip) + " (externalTrafficPolicy Cluster)";
          }
        }
        if (hairpin && seen.pod != nullptr && src_node != nullptr) {
          seen = Peer::OfIp(src_node->addresses.front());
          snat_why = "SNAT to " + src_node->name + " " + FormatIpv4(seen.ip) + " (hairpin: the endpoint is the client)";
        }
        Hop(branch, Hop::Kind::kTranslate,
            "DNAT " + where + " → " + Addr(e.ip, e.port) + (snat_why.empty() ? ", source kept" : "; " + snat_why));
        branch.dst = dst;
        branch.port = e.port;
        if (!egress_done && !Egress(branch, src, dst, e.port, seen.ip == src.ip)) {
          out.push_back(std::move(branch));
          continue;
        }
        bool snat_to_own_node = seen.pod == nullptr && seen.ip != src.ip && e.pod != nullptr &&
                                seen.ip == e.pod->host_ip;
        out.push_back(Receive(std::move(branch), seen, dst, e.port, snat_to_own_node));
      }
    }
    return out;
  }

  /// A packet sent to an address: a pod, a node (NodePort or the node itself), a Service VIP, or outside.
  std::vector<Branch> ToIp(Branch b, const Peer& src, Ipv4 ip, int port) const {
    Protocol proto = probe_.protocol;
    if (const Pod* pod = c_.FindPodByIp(ip)) return {ToAddress(std::move(b), src, Peer::OfPod(*pod))};
    if (const Service* svc = net_.ServiceByVip(ip)) {
      int vertex = net_.ClusterIpVertex(ip, port, proto);
      Hop(b, Hop::Kind::kSend, Describe(c_, src) + " → " + Addr(ip, port) + " " + ProtocolName(proto) +
                                   " (ClusterIP of " + svc->ns + "/" + svc->name + ")");
      if (vertex < 0) return {UnknownVipPort(std::move(b), *svc, port)};
      return ThroughFrontend(std::move(b), src, vertex, nullptr, false);
    }
    if (const Service* svc = net_.ServiceByLoadBalancerIp(ip)) {
      int vertex = net_.LoadBalancerVertex(ip, port, proto);
      Hop(b, Hop::Kind::kSend, Describe(c_, src) + " → " + Addr(ip, port) + " " + ProtocolName(proto) +
                                   " (LoadBalancer address of " + svc->ns + "/" + svc->name + ")");
      if (vertex < 0) return {UnknownVipPort(std::move(b), *svc, port)};
      return ThroughFrontend(std::move(b), src, vertex, nullptr, false);
    }
    if (const Service* svc = net_.ServiceByExternalIp(ip)) {
      int vertex = net_.ExternalIpVertex(ip, port, proto);
      Hop(b, Hop::Kind::kSend, Describe(c_, src) + " → " + Addr(ip, port) + " " + ProtocolName(proto) +
                                   " (externalIP of " + svc->ns + "/" + svc->name + ")");
      if (vertex >= 0) return ThroughFrontend(std::move(b), src, vertex, nullptr, false);
    }
    if (const Node* node = c_.FindNodeByIp(ip)) return ToNode(std::move(b), src, *node, ip, port);
    return {Direct(std::move(b), src, Peer::OfIp(ip), port)};
  }

  Branch UnknownVipPort(Branch b, const Service& svc, int port) const {
    bool refuse = net_.options().unknown_vip_port_refused;
    std::string why = svc.ns + "/" + svc.name + " has no " + ProtocolName(probe_.protocol) + " port " +
                      std::to_string(port) + (refuse ? ": the node answers with a reset (unknownVipPortRefused)" : ": nothing captures it");
    Hop(b, Hop::Kind::kService, why, false);
    return Fail(std::move(b), refuse ? Outcome::kRefused : Outcome::kDropped, why, Cause::kUncapturedPort);
  }

  /// To a node's address: its NodePort when `port` is one, else the node itself (no policy of its own).
  /// To `node_ip`, one of `node`'s addresses (every local address captures NodePorts in iptables mode, SVC-12).
  std::vector<Branch> ToNode(Branch b, const Peer& src, const Node& node, Ipv4 node_ip, int port) const {
    int vertex = net_.NodePortVertex(port, probe_.protocol);
    if (vertex < 0) {
      return {Direct(std::move(b), src, Peer::OfIp(node_ip), port)};
    }
    const GraphVertex& v = net_.graph().g[static_cast<ServiceGraph::Vertex>(vertex)];
    Hop(b, Hop::Kind::kSend, Describe(c_, src) + " → " + Addr(node_ip, port) + " " + ProtocolName(probe_.protocol) +
                                 " (NodePort of " + v.service->ns + "/" + v.service->name + " on " + node.name + ")");
    bool egress_done = false;
    if (src.pod != nullptr && !src.pod->host_network && src.pod->node != node.name) {
      // NP-23: towards another node the packet leaves untranslated; egress policy sees the node's address.
      if (!Egress(b, src, Peer::OfIp(node_ip), port, false)) return {b};
      egress_done = true;
    }
    return ThroughFrontend(std::move(b), src, vertex, &node, egress_done, node_ip);
  }

  /// To a Service by name (service/NS/NAME): its ClusterIP, or DNS-like answers for headless/ExternalName.
  std::vector<Branch> ToService(Branch b, const Peer& src, const Service& svc) const {
    std::string key = svc.ns + "/" + svc.name;
    if (svc.type == "ExternalName") return ToExternalName(std::move(b), src, svc, 0);
    const ServicePort* sp = FindServicePort(svc, probe_.port, probe_.protocol);
    if (svc.Headless()) {
      int port = sp != nullptr ? sp->port : probe_.Number();
      std::vector<Backend> ready;
      for (const ServicePort& p : svc.ports) {
        if (sp != nullptr && &p != sp) continue;
        for (const Backend& e : net_.Backends(svc, p)) {
          if (e.ready) ready.push_back(e);
        }
      }
      std::set<Ipv4> seen_ips;
      std::vector<Branch> out;
      Hop(b, Hop::Kind::kService, key + " is headless: clients connect to the ready endpoints directly");
      for (const Backend& e : ready) {
        if (!seen_ips.insert(e.ip).second) continue;
        Peer dst = e.pod != nullptr ? Peer::OfPod(*e.pod) : Peer::OfIp(e.ip);
        out.push_back(port > 0 ? Direct(b, src, dst, port) : ToAddress(b, src, dst));
      }
      if (out.empty()) {
        out.push_back(
            Fail(std::move(b), Outcome::kNxdomain, key + " is headless and has no ready endpoint", Cause::kNoEndpoint));
      }
      return out;
    }
    if (sp == nullptr) {
      std::string ports;
      for (const ServicePort& p : svc.ports) {
        ports += (ports.empty() ? "" : ", ") + std::to_string(p.port) + "/" + ProtocolName(p.protocol) +
                 (p.name.empty() ? "" : " (" + p.name + ")");
      }
      Hop(b, Hop::Kind::kSend, Describe(c_, src) + " → " + key + " port " + probe_.port, false);
      if (probe_.Number() > 0 && !svc.cluster_ips.empty()) {
        return {UnknownVipPort(std::move(b), svc, probe_.Number())};
      }
      return {Fail(std::move(b), Outcome::kDropped, key + " has no port '" + probe_.port + "' (it has " + ports + ")",
                   Cause::kUncapturedPort)};
    }
    int vertex = net_.ClusterIpVertex(svc, *sp);
    if (vertex < 0) return {Fail(std::move(b), Outcome::kDropped, key + " has no ClusterIP", Cause::kOther)};
    Hop(b, Hop::Kind::kSend, Describe(c_, src) + " → " + Addr(svc.cluster_ips.front(), sp->port) + " " +
                                 ProtocolName(sp->protocol) + " (ClusterIP of " + key + ")");
    return ThroughFrontend(std::move(b), src, vertex, nullptr, false);
  }

  /// An external host by name: its address from cluster.externalHosts, else every address egress rules tell apart.
  std::vector<Branch> ToExternalHost(Branch b, const Peer& src, const std::string& host, int port) const {
    auto it = c_.config.external_hosts.find(host);
    if (it != c_.config.external_hosts.end()) {
      Hop(b, Hop::Kind::kDns, host + " is " + FormatIpv4(it->second) + " (cluster.externalHosts)");
      return {Direct(std::move(b), src, Peer::OfIp(it->second), port)};
    }
    // Unknown address: delivered only if egress allows every address outside the cluster that rules tell apart.
    Hop(b, Hop::Kind::kDns, host + " resolves outside the cluster; kreach does not know its address "
                               "(give it in cluster.externalHosts)");
    if (src.pod != nullptr && !net_.engine().Isolated(*src.pod, Direction::kEgress)) {
      Hop(b, Hop::Kind::kPolicy, "egress at " + src.ToString() + ": allowed: no policy selects " + src.ToString() +
                                     " for egress");
    }
    bool isolated = src.pod != nullptr && net_.engine().Isolated(*src.pod, Direction::kEgress);
    for (Ipv4 ip : isolated ? ExternalProbeIps(src) : std::vector<Ipv4>{}) {
      DirectionVerdict v = net_.engine().Evaluate(src, Peer::OfIp(ip), probe_.protocol, port).egress;
      if (!v.allowed) {
        PolicyHop(b, Hop::Kind::kPolicy, "egress at " + src.ToString() + " (to " + host + ", e.g. " + FormatIpv4(ip) +
                                             "): " + v.ToString(Direction::kEgress), v, Direction::kEgress);
        return {Fail(std::move(b), Outcome::kDropped,
                     "egress policy of " + src.ToString() + " does not allow every address " + host + " may have",
                     Cause::kPolicy)};
      }
    }
    if (isolated) {
      Hop(b, Hop::Kind::kPolicy, "egress at " + src.ToString() + ": allowed to every external address on port " +
                                     std::to_string(port));
    }
    b.outcome = Outcome::kDelivered;
    b.summary = "delivered to " + host;
    Hop(b, Hop::Kind::kDeliver, "delivered to " + host + " port " + std::to_string(port));
    return {b};
  }

  /// One address inside every piece of the address space that the source's egress ipBlocks cut, outside the
  /// cluster's own pods and nodes.
  std::vector<Ipv4> ExternalProbeIps(const Peer& src) const {
    std::set<Ipv4> bounds = {0x01010101u};  // 1.1.1.1: some public address
    if (src.pod != nullptr) {
      for (const NetworkPolicy* p : net_.engine().Selecting(*src.pod, Direction::kEgress)) {
        for (const PolicyRule& r : p->egress) {
          for (const PolicyPeer& peer : r.peers) {
            if (!peer.ip_block) continue;
            auto add = [&](const Cidr& cidr) {
              bounds.insert(cidr.First());
              if (cidr.Last() != 0xFFFFFFFFu) bounds.insert(cidr.Last() + 1);
            };
            add(peer.ip_block->cidr);
            for (const Cidr& e : peer.ip_block->except) add(e);
          }
        }
      }
    }
    std::vector<Ipv4> out;
    for (Ipv4 ip : bounds) {
      if (c_.FindPodByIp(ip) == nullptr && c_.FindNodeByIp(ip) == nullptr) out.push_back(ip);
    }
    return out;
  }

  std::vector<Branch> ToExternalName(Branch b, const Peer& src, const Service& svc, int depth) const {
    std::string target = AsciiLower(svc.external_name);
    if (!target.empty() && target.back() == '.') target.pop_back();
    Hop(b, Hop::Kind::kDns, svc.ns + "/" + svc.name + " is ExternalName: CNAME " + target);
    b.external_name = &svc;
    if (ParseIpv4(target)) {
      return {Fail(std::move(b), Outcome::kNxdomain,
                   "externalName " + target + " is an IP address, which DNS treats as a host name that does not "
                   "resolve (SVC-20)", Cause::kNxdomain)};
    }
    std::string zone = "." + c_.config.domain;
    if (target.size() > zone.size() && target.compare(target.size() - zone.size(), zone.size(), zone) == 0 &&
        src.pod != nullptr) {
      return ToName(std::move(b), src, target + ".", depth + 1);
    }
    int port = probe_.Number();
    if (port <= 0) {
      return {Fail(std::move(b), Outcome::kDropped, "a port number is needed to reach " + target, Cause::kOther)};
    }
    return ToExternalHost(std::move(b), src, target, port);
  }

  /// The DNS lookup as a flow (DNS-7): the client must reach a cluster DNS pod on UDP/53. True when it does.
  bool Lookup(Branch& b, const Peer& src, const std::string& name) const {
    const Service* dns = net_.dns_service();
    if (dns == nullptr) {
      Hop(b, Hop::Kind::kDns, "no cluster DNS Service " + c_.config.dns_service, false);
      b = Fail(std::move(b), Outcome::kNxdomain, "there is no cluster DNS Service (cluster.impliedDns is off)",
               Cause::kNoDns);
      return false;
    }
    std::string key = dns->ns + "/" + dns->name;
    Note(net_.dns_note());
    const ServicePort* sp = FindServicePort(*dns, "53", Protocol::kUDP);
    std::vector<Backend> usable = sp ? UsableBackends(net_.Backends(*dns, *sp)) : std::vector<Backend>{};
    if (usable.empty()) {
      Hop(b, Hop::Kind::kDns, "lookup of " + name + ": " + key + " has no ready endpoint on UDP 53", false);
      b = Fail(std::move(b), Outcome::kNxdomain, "the DNS lookup of " + name + " is refused: " + key +
                                                     " has no ready endpoint", Cause::kNoDns);
      return false;
    }
    std::string first_denial;
    bool egress_denied = false;
    std::optional<DirectionVerdict> denial;
    for (const Backend& e : usable) {
      Peer dst = e.pod != nullptr ? Peer::OfPod(*e.pod) : Peer::OfIp(e.ip);
      Verdict v = net_.engine().Evaluate(src, dst, Protocol::kUDP, e.port);
      if (v.allowed()) {
        Ipv4 vip = dns->cluster_ips.empty() ? e.ip : dns->cluster_ips.front();
        Hop(b, Hop::Kind::kDns, "lookup of " + name + ": UDP " + Addr(vip, 53) + " (" + key + ") → " +
                                    Describe(c_, dst) + ": allowed");
        return true;
      }
      if (first_denial.empty()) {
        egress_denied = !v.egress.allowed;
        denial = egress_denied ? v.egress : v.ingress;
        first_denial = !v.egress.allowed ? "egress at " + src.ToString() + ": " + v.egress.ToString(Direction::kEgress)
                                         : "ingress at " + dst.ToString() + ": " + v.ingress.ToString(Direction::kIngress);
      }
    }
    PolicyHop(b, Hop::Kind::kDns, "lookup of " + name + " to " + key + " (UDP 53) is blocked; " + first_denial,
              *denial, egress_denied ? Direction::kEgress : Direction::kIngress);
    b = Fail(std::move(b), Outcome::kNxdomain,
             "the DNS lookup cannot reach " + key + " on UDP 53 (" +
                 (egress_denied ? "allow it in the egress policy of " + src.ToString()
                                : "the DNS pods' ingress policy must admit " + src.ToString()) +
                 ")",
             Cause::kDnsBlocked);
    return false;
  }

  /// A DNS name from a pod: lookup flow, answer, then the connection to what it answered.
  std::vector<Branch> ToName(Branch b, const Peer& src, const std::string& name, int depth = 0) const {
    if (depth > 8) return {Fail(std::move(b), Outcome::kNxdomain, "CNAME chain longer than 8 at " + name, Cause::kOther)};
    if (src.pod == nullptr) {
      Hop(b, Hop::Kind::kDns, Describe(c_, src) + " does not use the cluster DNS", false);
      return {Fail(std::move(b), Outcome::kNxdomain,
                   "cluster names resolve only for pods (" + src.ToString() + " uses its own resolver)",
                   Cause::kNotDnsClient)};
    }
    const Pod& pod = *src.pod;
    bool cluster_dns = pod.dns_policy == "ClusterFirstWithHostNet" ||
                       (pod.dns_policy == "ClusterFirst" && !pod.host_network);
    if (!cluster_dns) {
      std::string why = pod.dns_policy == "None" ? "dnsPolicy None (dnsConfig only; kreach does not model it)"
                                                 : pod.host_network && pod.dns_policy == "ClusterFirst"
                                                       ? "hostNetwork with dnsPolicy ClusterFirst uses the node's "
                                                         "resolver (use ClusterFirstWithHostNet)"
                                                       : "dnsPolicy " + pod.dns_policy + " uses the node's resolver";
      Hop(b, Hop::Kind::kDns, pod.Key() + ": " + why, false);
      return {Fail(std::move(b), Outcome::kNxdomain, name + " does not resolve: " + why, Cause::kNotDnsClient)};
    }
    if (depth == 0 && !Lookup(b, src, name)) return {b};
    DnsAnswer answer = ResolveName(c_, pod.ns, name);
    switch (answer.kind) {
      case DnsAnswer::Kind::kNxdomain: {
        // A name outside the cluster domain that cluster.externalHosts knows: the cluster DNS forwards the query
        // upstream (CoreDNS `forward`), which answers with that address.
        std::string host = AsciiLower(name);
        if (!host.empty() && host.back() == '.') host.pop_back();
        const std::string& zone = c_.config.domain;
        bool in_zone = host == zone || (host.size() > zone.size() && host.compare(host.size() - zone.size(), zone.size(), zone) == 0 &&
                                        host[host.size() - zone.size() - 1] == '.');
        if (!in_zone && c_.config.external_hosts.count(host) > 0) {
          int port = probe_.Number();
          if (port <= 0) {
            return {Fail(std::move(b), Outcome::kDropped, "a port number is needed to reach " + host, Cause::kOther)};
          }
          return ToExternalHost(std::move(b), src, host, port);
        }
        Hop(b, Hop::Kind::kDns, name + ": NXDOMAIN, " + answer.why, false);
        return {Fail(std::move(b), Outcome::kNxdomain, name + " does not resolve: " + answer.why, Cause::kNxdomain)};
      }
      case DnsAnswer::Kind::kServiceVip: {
        Hop(b, Hop::Kind::kDns, name + " → " + answer.fqdn + " A " + FormatIpv4(answer.addresses.front()) +
                                    " (Service " + answer.service->ns + "/" + answer.service->name + ")");
        return ToService(std::move(b), src, *answer.service);
      }
      case DnsAnswer::Kind::kHeadless: {
        std::string ips;
        for (Ipv4 ip : answer.addresses) ips += (ips.empty() ? "" : ", ") + FormatIpv4(ip);
        Hop(b, Hop::Kind::kDns, name + " → " + answer.fqdn + " A " + ips + " (headless " +
                                    answer.service->ns + "/" + answer.service->name + ")");
        std::vector<Branch> out;
        for (Ipv4 ip : answer.addresses) {
          const Pod* p = c_.FindPodByIp(ip);
          Peer dst = p != nullptr ? Peer::OfPod(*p) : Peer::OfIp(ip);
          int port = HeadlessPort(*answer.service, p);
          if (port > 0) {
            out.push_back(Direct(b, src, dst, port));
          } else {
            out.push_back(ToAddress(b, src, dst));
          }
        }
        return out;
      }
      case DnsAnswer::Kind::kPod: {
        Hop(b, Hop::Kind::kDns, name + " → " + answer.fqdn + " A " + FormatIpv4(answer.addresses.front()));
        const Pod* p = answer.pod != nullptr ? answer.pod : c_.FindPodByIp(answer.addresses.front());
        Peer dst = p != nullptr ? Peer::OfPod(*p) : Peer::OfIp(answer.addresses.front());
        return {ToAddress(std::move(b), src, dst)};
      }
      case DnsAnswer::Kind::kExternalName:
        return ToExternalName(std::move(b), src, *answer.service, depth);
    }
    return {b};
  }

  /// The port a client dials on a headless answer: a number as is; a name as the Service port (SRV) name.
  int HeadlessPort(const Service& svc, const Pod* pod) const {
    int number = probe_.Number();
    if (number > 0) return number;
    for (const ServicePort& p : svc.ports) {
      if (p.name == probe_.port && p.protocol == probe_.protocol) {
        for (const Backend& e : net_.Backends(svc, p)) {
          if (pod != nullptr && e.pod == pod) return e.port;
        }
      }
    }
    return 0;
  }

  /// HTTP through an ingress controller: reach a controller pod, route, then a new connection to the backend.
  std::vector<Branch> ToUrl(Branch b, const Peer& src, const UrlParts& url) const {
    std::optional<Ipv4> host_ip = ParseIpv4(url.host);
    if (!host_ip) {
      auto known = c_.config.external_hosts.find(url.host);
      if (known != c_.config.external_hosts.end()) host_ip = known->second;
    }
    int ctl = host_ip ? net_.ControllerForAddress(*host_ip) : net_.ControllerForHost(url.host);
    if (ctl < 0 && host_ip && c_.FindNodeByIp(*host_ip) != nullptr) ctl = ControllerByNodePort(url.port);
    if (ctl < 0) {
      if (host_ip) return ToIp(std::move(b), src, *host_ip, url.port);
      if (src.pod != nullptr) return ToName(std::move(b), src, url.host);
      Hop(b, Hop::Kind::kDns, url.host + ": no Ingress serves this host and it is no address", false);
      return {Fail(std::move(b), Outcome::kNxdomain, url.host + " is served by no Ingress", Cause::kNoIngressHost)};
    }
    const IngressController& controller = net_.controllers()[static_cast<std::size_t>(ctl)];
    Note(controller.note);
    // Reach the controller: through its Service's load-balancer address when it has one, else its pods directly.
    std::vector<Branch> arrived;
    Ipv4 entry = host_ip.value_or(0);
    if (entry == 0) {
      for (const Service* s : controller.services) {
        if (s->type == "LoadBalancer" && !s->load_balancer_ips.empty()) {
          entry = s->load_balancer_ips.front();
          break;
        }
      }
    }
    Hop(b, Hop::Kind::kIngress,
        url.scheme + "://" + url.host + ":" + std::to_string(url.port) + url.path + " → ingress controller " +
            controller.name + (controller.implied ? " (implied)" : "") +
            (controller.ingress_class ? ", IngressClass " + controller.ingress_class->name : ""));
    if (url.scheme == "https") {
      std::string cert;
      for (const Ingress* ing : controller.served) {
        for (const std::string& h : ing->tls_hosts) {
          if (cert.empty() && IngressHostMatches(h, url.host)) cert = ing->ns + "/" + ing->name;
        }
      }
      Hop(b, Hop::Kind::kIngress,
          cert.empty() ? "TLS: no Ingress lists " + url.host + " under tls.hosts: the controller answers with its "
                                                               "default certificate (routing is unchanged)"
                       : "TLS for " + url.host + " terminates at the controller (certificate of Ingress " + cert +
                             "); the backend sees plain HTTP");
    }
    if (entry != 0 && c_.FindPodByIp(entry) == nullptr) {
      arrived = ToIp(b, src, entry, url.port);
    } else {
      for (const Pod* p : controller.pods) {
        if (entry != 0 && p->ip != entry) continue;
        arrived.push_back(Direct(b, src, Peer::OfPod(*p), url.port));
      }
    }
    std::vector<Branch> out;
    for (Branch& a : arrived) {
      bool at_controller = a.outcome == Outcome::kDelivered && a.dst && a.dst->pod != nullptr &&
                           std::find(controller.pods.begin(), controller.pods.end(), a.dst->pod) != controller.pods.end();
      if (!at_controller) {
        out.push_back(std::move(a));
        continue;
      }
      for (Branch& r : Route(std::move(a), controller, url)) out.push_back(std::move(r));
    }
    return out;
  }

  /// The controller whose Service has nodePort `port` (TCP), or -1.
  int ControllerByNodePort(int port) const {
    int vertex = net_.NodePortVertex(port, Protocol::kTCP);
    if (vertex < 0) return -1;
    const Service* svc = net_.graph().g[static_cast<ServiceGraph::Vertex>(vertex)].service;
    for (std::size_t i = 0; i < net_.controllers().size(); ++i) {
      const std::vector<const Service*>& fronts = net_.controllers()[i].services;
      if (std::find(fronts.begin(), fronts.end(), svc) != fronts.end()) return static_cast<int>(i);
    }
    return -1;
  }

  std::vector<Branch> Route(Branch b, const IngressController& controller, const UrlParts& url) const {
    Peer proxy = *b.dst;
    b.dst.reset();
    IngressRoute route =
        RouteRequest(controller.served, url.host, url.path, net_.options().implementation_specific_is_exact,
                     net_.options().ingress_host_first);
    Hop(b, Hop::Kind::kIngress, "HTTP Host " + url.host + ", path " + url.path + ": " + route.ToString(),
        route.ingress != nullptr);
    if (route.ingress == nullptr) {
      return {Fail(std::move(b), Outcome::kHttp404, "no Ingress rule matches host " + url.host + " and path " + url.path,
                   Cause::kNoIngressRule)};
    }
    const IngressBackend& backend = *route.backend;
    if (backend.service_name.empty()) {
      return {Fail(std::move(b), Outcome::kHttp503, "the backend is a resource, not a Service", Cause::kIngressBackend)};
    }
    std::string key = route.ingress->ns + "/" + backend.service_name;
    const Service* svc = c_.FindService(route.ingress->ns, backend.service_name);
    if (svc == nullptr) {
      Hop(b, Hop::Kind::kIngress, "backend Service " + key + " does not exist", false);
      return {Fail(std::move(b), Outcome::kHttp503, "backend Service " + key + " does not exist", Cause::kIngressBackend)};
    }
    std::string port_text = backend.port_name.empty() ? std::to_string(backend.port_number) : backend.port_name;
    const ServicePort* sp = FindServicePort(*svc, port_text, Protocol::kTCP);
    if (sp == nullptr) {
      Hop(b, Hop::Kind::kIngress, "backend Service " + key + " has no TCP port " + port_text, false);
      return {Fail(std::move(b), Outcome::kHttp503, "backend Service " + key + " has no port " + port_text,
                   Cause::kIngressBackend)};
    }
    std::vector<Backend> ready;
    for (const Backend& e : net_.Backends(*svc, *sp)) {
      if (e.ready) ready.push_back(e);
    }
    if (ready.empty()) {
      Hop(b, Hop::Kind::kIngress, "backend Service " + key + " port " + port_text + " has no ready endpoint", false);
      return {Fail(std::move(b), Outcome::kHttp503, key + " has no ready endpoint", Cause::kIngressBackend)};
    }
    std::vector<Branch> out;
    for (const Backend& e : ready) {
      Branch branch = b;
      branch.service = svc;
      branch.service_port = sp;
      Peer dst = e.pod != nullptr ? Peer::OfPod(*e.pod) : Peer::OfIp(e.ip);
      branch.dst = dst;
      branch.port = e.port;
      Hop(branch, Hop::Kind::kTranslate,
          "new connection from the controller pod: " + Describe(c_, proxy) + " → " + Addr(e.ip, e.port) + " (" + key +
              " port " + port_text + " → endpoint, ClusterIP bypassed)");
      if (!Egress(branch, proxy, dst, e.port)) {
        out.push_back(std::move(branch));
        continue;
      }
      out.push_back(Receive(std::move(branch), proxy, dst, e.port, false));
    }
    return out;
  }

 private:
  const Network& net_;
  const Cluster& c_;
  Probe probe_;
  mutable std::vector<std::string> notes_;
};

Outcome Worst(const std::vector<Branch>& branches) {
  static const Outcome kOrder[] = {Outcome::kNxdomain, Outcome::kHttp404, Outcome::kHttp503, Outcome::kRefused,
                                   Outcome::kDropped};
  for (Outcome o : kOrder) {
    for (const Branch& b : branches) {
      if (b.outcome == o) return o;
    }
  }
  return Outcome::kDelivered;
}

}  // namespace

bool TraceConnection(const Network& network, const ResolvedEndpoint& from, const ResolvedEndpoint& to,
                     const Probe& probe, Trace* out, std::string* error) {
  *out = Trace{};
  out->from = from.text;
  out->to = to.text;
  out->probe = probe;
  if (!from.CanSend()) {
    *error = from.text + " cannot be a source: a source is a pod, a workload, a node or an IPv4 address";
    return false;
  }
  bool url = to.kind == ResolvedEndpoint::Kind::kUrl;
  if (url) {
    if (probe.protocol != Protocol::kTCP) {
      *error = "a URL is reached over TCP";
      return false;
    }
    if (!probe.port.empty() && probe.Number() != to.url.port) {
      *error = "the port is given by the URL (" + std::to_string(to.url.port) + "), not " + probe.port;
      return false;
    }
    out->probe.port = std::to_string(to.url.port);
  } else if (probe.protocol != Protocol::kIcmp) {
    if (probe.port.empty()) {
      *error = std::string("a port is required for ") + ProtocolName(probe.protocol);
      return false;
    }
    if (probe.Number() < 0) {
      *error = "port " + probe.port + " is out of range 1-65535";
      return false;
    }
    bool named = probe.Number() == 0;
    bool name_ok = to.kind == ResolvedEndpoint::Kind::kPod || to.kind == ResolvedEndpoint::Kind::kWorkload ||
                   to.kind == ResolvedEndpoint::Kind::kService || to.kind == ResolvedEndpoint::Kind::kDnsName ||
                   (to.kind == ResolvedEndpoint::Kind::kAddress && to.peers.front().pod != nullptr);
    if (named && !name_ok) {
      *error = "port name '" + probe.port + "' needs a pod or a Service to be resolved on; " + to.text +
               " is neither (give a port number)";
      return false;
    }
  } else if (to.kind != ResolvedEndpoint::Kind::kPod && to.kind != ResolvedEndpoint::Kind::kWorkload &&
             to.kind != ResolvedEndpoint::Kind::kAddress && to.kind != ResolvedEndpoint::Kind::kNode) {
    *error = "ICMP goes to addresses: pods, nodes or IPv4 addresses (Services do not answer ICMP)";
    return false;
  }

  Tracer tracer(network, out->probe);
  bool same_single = from.peers.size() == 1 && to.peers.size() == 1;
  for (const Peer& src : from.peers) {
    Branch start = Tracer::Start(src);
    std::vector<Branch> branches;
    switch (to.kind) {
      case ResolvedEndpoint::Kind::kPod:
      case ResolvedEndpoint::Kind::kWorkload:
        for (const Peer& dst : to.peers) {
          if (src.pod != nullptr && src.pod == dst.pod && !same_single) continue;
          branches.push_back(tracer.ToAddress(start, src, dst));
        }
        break;
      case ResolvedEndpoint::Kind::kAddress: {
        const Peer& dst = to.peers.front();
        if (dst.pod != nullptr) {
          branches.push_back(tracer.ToAddress(start, src, dst));
        } else if (probe.protocol == Protocol::kIcmp) {
          branches.push_back(tracer.Icmp(start, src, dst));
        } else {
          branches = tracer.ToIp(start, src, dst.ip, probe.Number());
        }
        break;
      }
      case ResolvedEndpoint::Kind::kNode:
        if (probe.protocol == Protocol::kIcmp) {
          branches.push_back(tracer.Direct(start, src, to.peers.front(), 0));
        } else {
          branches = tracer.ToNode(start, src, *to.node, to.node->addresses.front(), probe.Number());
        }
        break;
      case ResolvedEndpoint::Kind::kService:
        branches = tracer.ToService(start, src, *to.service);
        break;
      case ResolvedEndpoint::Kind::kDnsName:
        branches = tracer.ToName(start, src, to.name);
        break;
      case ResolvedEndpoint::Kind::kUrl:
        branches = tracer.ToUrl(start, src, to.url);
        break;
    }
    for (Branch& b : branches) out->branches.push_back(std::move(b));
  }
  out->notes = tracer.notes();
  if (out->branches.empty()) {
    *error = "no pair to evaluate: " + from.text + " and " + to.text + " are the same single pod set";
    return false;
  }
  std::size_t delivered = std::count_if(out->branches.begin(), out->branches.end(),
                                        [](const Branch& b) { return b.outcome == Outcome::kDelivered; });
  out->result = delivered == out->branches.size() ? Result::kAllow : delivered == 0 ? Result::kDeny : Result::kPartial;
  out->outcome = Worst(out->branches);
  return true;
}

std::string ReceiverText(const Branch& b) {
  if (b.dst) return b.dst->ToString();
  switch (b.outcome) {
    case Outcome::kNxdomain: return "(no address)";
    case Outcome::kHttp404:
    case Outcome::kHttp503: return "(the ingress controller answers)";
    default: return "(not reached)";
  }
}

void WriteTraceText(const Trace& trace, std::ostream& out) {
  out << trace.from << " -> " << trace.to << "  " << trace.probe.ToString() << ": " << ResultName(trace.result)
      << " (" << OutcomeName(trace.outcome) << ")\n";
  for (const std::string& note : trace.notes) out << "  note: " << note << "\n";
  // Hops that every path shares (the DNS lookup, the Service frontend, ...) are printed once.
  std::size_t common = trace.branches.size() > 1 ? trace.branches.front().hops.size() : 0;
  for (const Branch& b : trace.branches) {
    std::size_t n = 0;
    while (n < common && n < b.hops.size() && b.hops[n].text == trace.branches.front().hops[n].text &&
           b.hops[n].ok == trace.branches.front().hops[n].ok) {
      ++n;
    }
    common = n;
  }
  for (const Branch& b : trace.branches) common = std::min(common, b.hops.empty() ? 0 : b.hops.size() - 1);
  auto hop_line = [&](const kreach::Hop& h, std::size_t number, const char* indent) {
    out << indent << number << ". " << (h.ok ? "" : "[x] ") << h.text << "\n";
  };
  if (common > 0) {
    out << "  every path (" << trace.branches.size() << "):\n";
    for (std::size_t h = 0; h < common; ++h) hop_line(trace.branches.front().hops[h], h + 1, "    ");
  }
  for (std::size_t i = 0; i < trace.branches.size(); ++i) {
    const Branch& b = trace.branches[i];
    out << "  path " << (i + 1) << ": " << b.src.ToString() << " -> " << ReceiverText(b)
        << ": " << OutcomeName(b.outcome)
        << (b.summary.empty() || b.outcome == Outcome::kDelivered ? "" : ", " + b.summary) << "\n";
    for (std::size_t h = common; h < b.hops.size(); ++h) hop_line(b.hops[h], h + 1, "    ");
  }
}

void WriteTraceJson(const Trace& trace, std::ostream& out) {
  out << "{\n  \"from\": " << JsonQuote(trace.from) << ",\n  \"to\": " << JsonQuote(trace.to)
      << ",\n  \"protocol\": " << JsonQuote(ProtocolName(trace.probe.protocol))
      << ",\n  \"port\": " << JsonQuote(trace.probe.port) << ",\n  \"result\": " << JsonQuote(ResultName(trace.result))
      << ",\n  \"outcome\": " << JsonQuote(OutcomeName(trace.outcome)) << ",\n  \"notes\": [";
  for (std::size_t i = 0; i < trace.notes.size(); ++i) out << (i ? ", " : "") << JsonQuote(trace.notes[i]);
  out << "],\n  \"paths\": [";
  for (std::size_t i = 0; i < trace.branches.size(); ++i) {
    const Branch& b = trace.branches[i];
    out << (i ? "," : "") << "\n    {\"src\": " << JsonQuote(b.src.ToString())
        << ", \"dst\": " << (b.dst ? JsonQuote(b.dst->ToString()) : "null") << ", \"port\": " << b.port
        << ", \"outcome\": " << JsonQuote(OutcomeName(b.outcome)) << ", \"summary\": " << JsonQuote(b.summary)
        << ",\n     \"hops\": [";
    for (std::size_t h = 0; h < b.hops.size(); ++h) {
      static const char* kKinds[] = {"dns", "send", "service", "translate", "policy", "filter", "ingress", "deliver"};
      out << (h ? "," : "") << "\n       {\"kind\": " << JsonQuote(kKinds[static_cast<int>(b.hops[h].kind)])
          << ", \"ok\": " << (b.hops[h].ok ? "true" : "false") << ", \"text\": " << JsonQuote(b.hops[h].text) << "}";
    }
    out << "]}";
  }
  out << "\n  ]\n}\n";
}

}  // namespace kreach
