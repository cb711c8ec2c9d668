// Tracer steps at Service frontends (semantics reference §3): ClusterIP, NodePort, LoadBalancer and externalIP
// addresses, kube-proxy's filters, the endpoint it chooses, DNAT and SNAT (sim/net/tracer_internal.h).
#include <algorithm>
#include <set>

#include "sim/net/service_graph.h"
#include "sim/net/tracer_internal.h"
#include "sim/net/ways_in.h"

namespace kreach {

namespace {

std::string Conditions(const Backend& b) {
  if (b.ready) return "ready";
  if (b.serving && b.terminating) return "serving, terminating";
  return "not ready";
}

FrontendKind KindOf(const GraphVertex& v) {
  switch (v.kind) {
    case GraphVertex::Kind::kNodePort: return FrontendKind::kNodePort;
    case GraphVertex::Kind::kLoadBalancer: return FrontendKind::kLoadBalancer;
    case GraphVertex::Kind::kExternalIp: return FrontendKind::kExternalIp;
    default: return FrontendKind::kClusterIp;
  }
}

/// The frontend vertex `v` as a place (the address kube-proxy opens it on: 0 for NodePorts, every node's).
Place FrontendPlace(const GraphVertex& v) {
  Place p;
  p.kind = Place::Kind::kFrontend;
  p.frontend = KindOf(v);
  p.service = v.service;
  p.service_port = v.port;
  p.ip = v.ip;
  p.port = v.number;
  p.protocol = v.port != nullptr ? v.port->protocol : Protocol::kTCP;
  return p;
}

}  // namespace

std::vector<Backend> Tracer::BackendsOf(int vertex) const {
  std::vector<Backend> out;
  const ServiceAdjacency& g = net_.graph().g;
  for (auto [it, end] = boost::out_edges(static_cast<ServiceGraph::Vertex>(vertex), g); it != end; ++it) {
    if (g[*it].kind == GraphEdge::Kind::kDnat) out.push_back(g[*it].backend);
  }
  return out;
}

std::vector<Branch> Tracer::ThroughFrontend(Branch b, const Peer& src, int vertex, const Node* via, bool egress_done,
                                            Ipv4 via_ip) const {
  const GraphVertex& v = net_.graph().g[static_cast<ServiceGraph::Vertex>(vertex)];
  const Service& svc = *v.service;
  if (&svc == net_.api_server()) Note(net_.api_server_note());
  std::string key = svc.ns + "/" + svc.name;
  SourceClass cls = Classify(src);
  // A node (or hostNetwork pod) dialling another node's NodePort arrives there like any outside client (SVC-16:
  // only the receiving node's own traffic takes the in-cluster exception).
  if (cls == SourceClass::kNode && via != nullptr && via != SourceNode(src)) cls = SourceClass::kExternal;
  std::vector<Backend> all = BackendsOf(vertex);
  std::vector<Branch> out;
  bool external_policy_local = svc.external_traffic_policy == TrafficPolicy::kLocal;
  std::vector<Backend> usable;
  std::string set_why;
  // A kube-proxy filter hop of this frontend.
  auto filter = [&](Branch& into, std::string text, bool ok) {
    Hop& h = AddHop(into, Hop::Kind::kFilter, std::move(text), ok);
    h.from = FrontendPlace(v);
    h.service = &svc;
    h.service_port = v.port;
  };
  switch (v.kind) {
    case GraphVertex::Kind::kClusterIp: {
      // A ClusterIP exists only in the nodes' kube-proxy rules: a packet from outside the cluster never meets them
      // and goes unanswered (SVC-6; §3.5 "external → ClusterIP").
      if (cls == SourceClass::kExternal) {
        out.push_back(Fail(std::move(b), Outcome::kDropped,
                           "ClusterIP " + FormatIpv4(v.ip) + " of " + key + " is reachable only from inside the " +
                               "cluster; " + OutsideAdvice(net_, svc, v.port),
                           Cause::kClusterIpExternal));
        return out;
      }
      // SVC-9: internalTrafficPolicy Local keeps ClusterIP traffic on the client's node; with no endpoint there the
      // packet is dropped (a timeout), although endpoints exist elsewhere.
      if (svc.internal_traffic_policy == TrafficPolicy::kLocal) {
        const Node* node = SourceNode(src);
        usable = UsableBackends(all, node ? node->name : "");
        set_why = "internalTrafficPolicy Local: endpoints on " + (node ? node->name : std::string("?")) + " only";
        if (usable.empty() && !UsableBackends(all).empty()) {
          filter(b, set_why + ", and there is none", false);
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
      // SVC-17: loadBalancerSourceRanges filter only packets to the load-balancer IP (the NodePort is not filtered),
      // and a source outside every range is dropped before any endpoint is chosen.
      if (v.kind == GraphVertex::Kind::kLoadBalancer && !svc.load_balancer_source_ranges.empty()) {
        bool inside = std::any_of(svc.load_balancer_source_ranges.begin(), svc.load_balancer_source_ranges.end(),
                                  [&](const Cidr& r) { return r.Contains(src.ip); });
        std::string ranges;
        for (const Cidr& r : svc.load_balancer_source_ranges) ranges += (ranges.empty() ? "" : ", ") + r.ToString();
        filter(b,
               "loadBalancerSourceRanges " + ranges + (inside ? " contain " : " do not contain ") + FormatIpv4(src.ip),
               inside);
        if (!inside) {
          out.push_back(Fail(std::move(b), Outcome::kDropped,
                             FormatIpv4(src.ip) + " is outside the loadBalancerSourceRanges of " + key,
                             Cause::kSourceRanges));
          return out;
        }
      }
      // SVC-15: externalTrafficPolicy Local serves outside clients from the receiving node's endpoints only and keeps
      // their address; none there is a drop. SVC-16: pods and the node itself take the Cluster set instead.
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
          filter(b, set_why + "; there is none", false);
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
    default: break;
  }
  // SVC-7, SVC-8: the usable endpoints are the ready ones, else the serving terminating ones; a Service with none
  // at all is REJECTed by kube-proxy, so the client sees "connection refused" rather than a timeout.
  if (usable.empty()) {
    Hop& h =
        AddHop(b, Hop::Kind::kService,
               v.label + ": no usable endpoint (" + std::to_string(all.size()) + " endpoint(s), none ready or serving)",
               false);
    h.from = FrontendPlace(v);
    h.service = &svc;
    h.service_port = v.port;
    out.push_back(
        Fail(std::move(b), Outcome::kRefused, key + " has no usable endpoint: kube-proxy rejects", Cause::kNoEndpoint));
    return out;
  }
  if (!set_why.empty()) filter(b, set_why, true);

  // External clients of a LoadBalancer/externalIP with the Cluster policy arrive at any node (SVC-13, SVC-14): every
  // node is a receiver, each a branch, because the address the endpoint sees depends on it.
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
      Ipv4 where_ip = v.ip;
      if (v.kind == GraphVertex::Kind::kNodePort && node != nullptr) {
        where_ip = via_ip != 0 && node == via ? via_ip : node->addresses.front();
      }
      Hop& chosen = AddHop(branch, Hop::Kind::kService,
                           v.label + " → endpoint " + Describe(c_, dst) + " port " + std::to_string(e.port) + " (" +
                               Conditions(e) + (e.node.empty() ? "" : ", on " + e.node) + ")");
      chosen.from = FrontendPlace(v);
      chosen.to = Place::OfPeer(dst, e.port, chosen.from.protocol);
      chosen.service = &svc;
      chosen.service_port = v.port;
      // Source NAT (semantics reference §3.5): node-originated traffic leaves with the node's address; traffic to a
      // NodePort, LB IP or externalIP under the Cluster policy is masqueraded to the receiving node (SVC-15), except
      // that Local keeps the client's address; a pod that reaches itself through its Service is masqueraded to its
      // node (hairpin), or the reply would bypass the DNAT.
      Peer seen = src;
      std::string snat_why;
      Snat snat = Snat::kKept;
      const Node* snat_node = nullptr;
      bool hairpin = src.pod != nullptr && e.pod == src.pod;
      const Node* src_node = SourceNode(src);
      if (cls == SourceClass::kNode) {
        snat_why = "node-originated traffic leaves with the node's address";
        snat = Snat::kNodeOrigin;
      } else if (v.kind != GraphVertex::Kind::kClusterIp && !(external_policy_local && cls != SourceClass::kNode)) {
        snat_node = node != nullptr ? node : src_node;
        if (snat_node != nullptr) {
          seen = Peer::OfIp(snat_node->addresses.front());
          snat_why = "SNAT to " + snat_node->name + " " + FormatIpv4(seen.ip) + " (externalTrafficPolicy Cluster)";
          snat = Snat::kClusterPolicy;
        }
      }
      if (hairpin && seen.pod != nullptr && src_node != nullptr) {
        seen = Peer::OfIp(src_node->addresses.front());
        snat_why = "SNAT to " + src_node->name + " " + FormatIpv4(seen.ip) + " (hairpin: the endpoint is the client)";
        snat = Snat::kHairpin;
        snat_node = src_node;
      }
      Hop& nat = AddHop(branch, Hop::Kind::kTranslate,
                        "DNAT " + Addr(where_ip, v.number) + " → " + Addr(e.ip, e.port) +
                            (snat_why.empty() ? ", source kept" : "; " + snat_why));
      nat.from = FrontendPlace(v);
      nat.service = &svc;
      nat.service_port = v.port;
      nat.dst_before = where_ip;
      nat.port_before = v.number;
      nat.dst_after = e.ip;
      nat.port_after = e.port;
      nat.src_before = src.ip;
      nat.src_after = seen.ip;
      nat.snat = snat;
      nat.snat_node = snat == Snat::kClusterPolicy || snat == Snat::kHairpin ? snat_node : nullptr;
      branch.dst = dst;
      branch.port = e.port;
      if (!egress_done && !Egress(branch, src, dst, e.port, seen.ip == src.ip)) {
        out.push_back(std::move(branch));
        continue;
      }
      bool snat_to_own_node = seen.pod == nullptr && seen.ip != src.ip && e.pod != nullptr && seen.ip == e.pod->host_ip;
      out.push_back(Receive(std::move(branch), seen, dst, e.port, snat_to_own_node));
    }
  }
  return out;
}

Hop& Tracer::SendToFrontend(Branch& b, const Peer& src, FrontendKind kind, const Service& svc, int vertex, Ipv4 ip,
                            int port, Protocol protocol, const Node* node) const {
  std::string what = kind == FrontendKind::kClusterIp      ? "ClusterIP of "
                     : kind == FrontendKind::kLoadBalancer ? "LoadBalancer address of "
                     : kind == FrontendKind::kExternalIp   ? "externalIP of "
                                                           : "NodePort of ";
  const ServicePort* sp = vertex >= 0 ? net_.graph().g[static_cast<ServiceGraph::Vertex>(vertex)].port : nullptr;
  // A nodePort kreach chose is a fact the input does not hold: say it wherever the Service port shows (SVC-12).
  std::string assigned;
  if (sp != nullptr && sp->node_port_assigned) {
    assigned = kind == FrontendKind::kNodePort
                   ? ", nodePort assigned by kreach"
                   : "; its nodePort " + std::to_string(sp->node_port) + " was assigned by kreach";
  }
  Hop& h = AddHop(b, Hop::Kind::kSend,
                  Describe(c_, src) + " → " + Addr(ip, port) + " " + ProtocolName(protocol) + " (" + what + svc.ns +
                      "/" + svc.name + (node != nullptr ? " on " + node->name : std::string()) + assigned + ")");
  h.from = Place::OfPeer(src, 0, protocol);
  h.to.kind = Place::Kind::kFrontend;
  h.to.frontend = kind;
  h.to.service = &svc;
  h.to.service_port = sp;
  h.to.ip = ip;
  h.to.port = port;
  h.to.protocol = protocol;
  h.to.node = node;
  return h;
}

std::vector<Branch> Tracer::ToIp(Branch b, const Peer& src, Ipv4 ip, int port) const {
  Protocol proto = probe_.protocol;
  if (const Pod* pod = c_.FindPodByIp(ip)) return {ToAddress(std::move(b), src, Peer::OfPod(*pod))};
  if (const Service* svc = net_.ServiceByVip(ip)) {
    int vertex = net_.ClusterIpVertex(ip, port, proto);
    SendToFrontend(b, src, FrontendKind::kClusterIp, *svc, vertex, ip, port, proto);
    if (vertex < 0) return {UnknownVipPort(std::move(b), *svc, port)};
    return ThroughFrontend(std::move(b), src, vertex, nullptr, false);
  }
  if (const Service* svc = net_.ServiceByLoadBalancerIp(ip)) {
    int vertex = net_.LoadBalancerVertex(ip, port, proto);
    SendToFrontend(b, src, FrontendKind::kLoadBalancer, *svc, vertex, ip, port, proto);
    if (vertex < 0) return {UnknownVipPort(std::move(b), *svc, port)};
    return ThroughFrontend(std::move(b), src, vertex, nullptr, false);
  }
  if (const Service* svc = net_.ServiceByExternalIp(ip)) {
    int vertex = net_.ExternalIpVertex(ip, port, proto);
    SendToFrontend(b, src, FrontendKind::kExternalIp, *svc, vertex, ip, port, proto);
    if (vertex >= 0) return ThroughFrontend(std::move(b), src, vertex, nullptr, false);
  }
  if (const Node* node = c_.FindNodeByIp(ip)) return ToNode(std::move(b), src, *node, ip, port);
  return {Direct(std::move(b), src, Peer::OfIp(ip), port)};
}

Branch Tracer::UnknownVipPort(Branch b, const Service& svc, int port) const {
  bool refuse = net_.options().unknown_vip_port_refused;
  std::string why = svc.ns + "/" + svc.name + " has no " + ProtocolName(probe_.protocol) + " port " +
                    std::to_string(port) +
                    (refuse ? ": the node answers with a reset (unknownVipPortRefused)" : ": nothing captures it");
  Hop& h = AddHop(b, Hop::Kind::kService, why, false);
  h.service = &svc;
  return Fail(std::move(b), refuse ? Outcome::kRefused : Outcome::kDropped, why, Cause::kUncapturedPort);
}

std::vector<Branch> Tracer::ToNode(Branch b, const Peer& src, const Node& node, Ipv4 node_ip, int port) const {
  int vertex = net_.NodePortVertex(port, probe_.protocol);
  if (vertex < 0) {
    return {Direct(std::move(b), src, Peer::OfIp(node_ip), port)};
  }
  const GraphVertex& v = net_.graph().g[static_cast<ServiceGraph::Vertex>(vertex)];
  SendToFrontend(b, src, FrontendKind::kNodePort, *v.service, vertex, node_ip, port, probe_.protocol, &node);
  bool egress_done = false;
  if (src.pod != nullptr && !src.pod->host_network && src.pod->node != node.name) {
    // NP-23: towards another node the packet leaves untranslated; egress policy sees the node's address.
    if (!Egress(b, src, Peer::OfIp(node_ip), port, false)) return {b};
    egress_done = true;
  }
  return ThroughFrontend(std::move(b), src, vertex, &node, egress_done, node_ip);
}

std::vector<Branch> Tracer::ToService(Branch b, const Peer& src, const Service& svc) const {
  std::string key = svc.ns + "/" + svc.name;
  if (svc.type == ServiceType::kExternalName) return ToExternalName(std::move(b), src, svc, 0);
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
    if (Classify(src) == SourceClass::kExternal) {
      // Only pods learn a headless Service's endpoints (cluster DNS); the answer below assumes pod addresses are
      // routed to the outside client, as for an address endpoint.
      Note(key +
           " is headless: a client outside the cluster cannot look its endpoints up (only pods use the "
           "cluster DNS) and reaches them only where the network routes pod addresses to it; " +
           OutsideAdvice(net_, svc, sp));
    }
    std::set<Ipv4> seen_ips;
    std::vector<Branch> out;
    Hop& h = AddHop(b, Hop::Kind::kService, key + " is headless: clients connect to the ready endpoints directly");
    h.service = &svc;
    h.service_port = sp;
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
    Hop& h = AddHop(b, Hop::Kind::kSend, Describe(c_, src) + " → " + key + " port " + probe_.port, false);
    h.from = Place::OfPeer(src, 0, probe_.protocol);
    h.service = &svc;
    if (probe_.Number() > 0 && !svc.cluster_ips.empty()) {
      return {UnknownVipPort(std::move(b), svc, probe_.Number())};
    }
    return {Fail(std::move(b), Outcome::kDropped, key + " has no port '" + probe_.port + "' (it has " + ports + ")",
                 Cause::kUncapturedPort)};
  }
  int vertex = net_.ClusterIpVertex(svc, *sp);
  if (vertex < 0) return {Fail(std::move(b), Outcome::kDropped, key + " has no ClusterIP", Cause::kOther)};
  SendToFrontend(b, src, FrontendKind::kClusterIp, svc, vertex, svc.cluster_ips.front(), sp->port, sp->protocol);
  return ThroughFrontend(std::move(b), src, vertex, nullptr, false);
}

}  // namespace kreach
