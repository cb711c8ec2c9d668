// Tracer steps without a Service: sending, the policy at each end, delivery (sim/net/tracer_internal.h).
#include <algorithm>
#include <memory>

#include "sim/net/tracer_internal.h"

namespace kreach {

std::string Addr(Ipv4 ip, int port) { return FormatIpv4(ip) + ":" + std::to_string(port); }

std::string Describe(const Cluster& c, const Peer& p) {
  if (p.pod != nullptr) {
    if (p.pod->host_network) return FormatIpv4(p.ip) + " (" + p.pod->Key() + ", hostNetwork on " + p.pod->node + ")";
    return FormatIpv4(p.ip) + " (" + p.pod->Key() + ")";
  }
  if (const Node* n = c.FindNodeByIp(p.ip)) return FormatIpv4(p.ip) + " (node " + n->name + ")";
  return FormatIpv4(p.ip);
}

void Tracer::Note(const std::string& note) const {
  if (!note.empty() && std::find(notes_.begin(), notes_.end(), note) == notes_.end()) notes_.push_back(note);
}

SourceClass Tracer::Classify(const Peer& src) const {
  if (src.pod != nullptr && !src.pod->host_network) return SourceClass::kPod;
  if (src.pod != nullptr || c_.FindNodeByIp(src.ip) != nullptr) return SourceClass::kNode;
  return SourceClass::kExternal;
}

const Node* Tracer::SourceNode(const Peer& src) const {
  if (src.pod != nullptr) return c_.FindNode(src.pod->node);
  return c_.FindNodeByIp(src.ip);
}

Branch Tracer::Fail(Branch b, Outcome outcome, std::string why, Cause cause) {
  if (!b.hops.empty() && outcome != Outcome::kDelivered) {
    b.hops.back().ok = false;
    b.hops.back().failure = cause;
  }
  b.outcome = outcome;
  b.summary = std::move(why);
  b.cause = cause;
  return b;
}

Hop& Tracer::AddHop(Branch& b, Hop::Kind kind, std::string text, bool ok) const {
  Hop h;
  h.kind = kind;
  h.ok = ok;
  h.text = std::move(text);
  b.hops.push_back(std::move(h));
  return b.hops.back();
}

Hop& Tracer::PolicyHop(Branch& b, Hop::Kind kind, std::string text, const DirectionVerdict& v, Direction d,
                       bool snat) const {
  Hop& h = AddHop(b, kind, std::move(text), v.allowed);
  h.verdict = std::make_shared<const DirectionVerdict>(v);
  h.direction = d;
  if (kind == Hop::Kind::kPolicy) {
    h.own_node_switch = DecidingOwnNodeSwitch(v, d, net_.options(), snat);
    if (h.own_node_switch) {
      for (const std::string& source : OwnNodeSources()) Note(source);
    }
  }
  return h;
}

bool Tracer::Egress(Branch& b, const Peer& sender, const Peer& dst, int port, bool tell_ingress) const {
  if (sender.pod == nullptr) return true;
  Verdict verdict = net_.engine().Evaluate(sender, dst, probe_.protocol, port);
  const DirectionVerdict& v = verdict.egress;
  PolicyHop(b, Hop::Kind::kPolicy, "egress at " + sender.ToString() + ": " + v.ToString(Direction::kEgress), v,
            Direction::kEgress, false);
  if (!v.allowed) {
    if (tell_ingress && dst.pod != nullptr && !verdict.ingress.allowed) {
      Hop& too = PolicyHop(
          b, Hop::Kind::kPolicy,
          "ingress at " + dst.ToString() + " would drop it too: " + verdict.ingress.ToString(Direction::kIngress),
          verdict.ingress, Direction::kIngress);
      too.also_denied = true;
    }
    b = Fail(std::move(b), Outcome::kDropped, "egress policy of " + sender.ToString() + " drops it", Cause::kPolicy);
    return false;
  }
  return true;
}

Branch Tracer::Receive(Branch b, const Peer& seen, const Peer& receiver, int port, bool snat) const {
  b.dst = receiver;
  b.port = port;
  if (receiver.pod != nullptr) {
    const PolicyEngine& engine = snat ? net_.snat_engine() : net_.engine();
    DirectionVerdict v = engine.Evaluate(seen, receiver, probe_.protocol, port).ingress;
    PolicyHop(b, Hop::Kind::kPolicy, "ingress at " + receiver.ToString() + ": " + v.ToString(Direction::kIngress), v,
              Direction::kIngress, snat);
    if (!v.allowed) {
      return Fail(std::move(b), Outcome::kDropped, "ingress policy of " + receiver.ToString() + " drops it",
                  Cause::kPolicy);
    }
  }
  Hop& h = AddHop(b, Hop::Kind::kDeliver,
                  "delivered to " + Describe(c_, receiver) + " port " + std::to_string(port) + ", source seen as " +
                      FormatIpv4(seen.ip));
  h.to = Place::OfPeer(receiver, port, probe_.protocol);
  h.src_before = b.src.ip;
  h.src_after = seen.ip;
  b.outcome = Outcome::kDelivered;
  b.summary = "delivered to " + receiver.ToString();
  return b;
}

Branch Tracer::Direct(Branch b, const Peer& src, const Peer& dst, int port) const {
  Hop& h =
      AddHop(b, Hop::Kind::kSend, Describe(c_, src) + " → " + Addr(dst.ip, port) + " " + ProtocolName(probe_.protocol));
  h.from = Place::OfPeer(src, 0, probe_.protocol);
  h.to = Place::OfPeer(dst, port, probe_.protocol);
  b.dst = dst;
  b.port = port;
  if (!Egress(b, src, dst, port)) return b;
  return Receive(std::move(b), src, dst, port, false);
}

Branch Tracer::Icmp(Branch b, const Peer& src, const Peer& dst) const {
  if (dst.pod == nullptr) {
    if (const Service* svc = net_.ServiceByVip(dst.ip)) {
      Hop& h = AddHop(
          b, Hop::Kind::kSend,
          Describe(c_, src) + " → " + FormatIpv4(dst.ip) + " ICMP (ClusterIP of " + svc->ns + "/" + svc->name + ")");
      h.from = Place::OfPeer(src, 0, Protocol::kIcmp);
      h.to.kind = Place::Kind::kFrontend;
      h.to.frontend = FrontendKind::kClusterIp;
      h.to.service = svc;
      h.to.ip = dst.ip;
      h.to.protocol = Protocol::kIcmp;
      return Fail(std::move(b), Outcome::kDropped,
                  "kube-proxy captures only the Service's ports on a ClusterIP: ICMP to it gets no answer",
                  Cause::kUncapturedPort);
    }
  }
  return Direct(std::move(b), src, dst, 0);
}

int Tracer::PortOnPod(const Pod* pod, std::string* why) const {
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

Branch Tracer::ToAddress(Branch b, const Peer& src, const Peer& dst) const {
  std::string why;
  int port = PortOnPod(dst.pod, &why);
  if (port == 0 && probe_.protocol != Protocol::kIcmp) {
    b.dst = dst;
    Hop& h = AddHop(b, Hop::Kind::kSend, why, false);
    h.from = Place::OfPeer(src, 0, probe_.protocol);
    return Fail(std::move(b), Outcome::kDropped, why, Cause::kNamedPortMissing);
  }
  return Direct(std::move(b), src, dst, port);
}

}  // namespace kreach
