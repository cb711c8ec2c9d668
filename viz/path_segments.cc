#include "viz/path_segments.h"

#include <utility>

namespace kreach {

const char* const kPathCross = "\u2717";  // ✗

namespace {

const std::string kCheck = "\u2713";  // ✓

bool Implied(const Origin& o) { return o.source == "<implied>"; }

std::string Key(const Service& s) { return s.ns + "/" + s.name; }

std::string AddrText(Ipv4 ip, int port) { return FormatIpv4(ip) + ":" + std::to_string(port); }

/// A policy hop's verdict in a few words: "egress ✓ shop/web (rule 0)", "ingress ✗ too: no rule allows" with
/// "(isolated by shop/deny)", "ingress ✓ (no policy)".
std::vector<std::string> ShortVerdict(const Hop& h) {
  const std::string dir = h.direction == Direction::kEgress ? "egress" : "ingress";
  auto allowed = [&](const char* why) { return std::vector<std::string>{dir + " " + kCheck + " (" + why + ")"}; };
  if (h.verdict == nullptr) {
    switch (h.any_address) {
      case Hop::AnyAddress::kNoPolicy: return allowed("no policy");
      case Hop::AnyAddress::kAllAllowed: return allowed("every external address");
      case Hop::AnyAddress::kNone: break;
    }
    return {dir};
  }
  const DirectionVerdict& v = *h.verdict;
  switch (v.reason) {
    case Reason::kAllowedByRule: {
      std::string rules;
      for (std::size_t i = 0; i < v.allowing.size();) {
        std::size_t j = i;
        std::string numbers;
        for (; j < v.allowing.size() && v.allowing[j].policy == v.allowing[i].policy; ++j) {
          numbers += (j > i ? ", " : "") + std::to_string(v.allowing[j].rule);
        }
        const NetworkPolicy* p = v.allowing[i].policy;
        rules += std::string(rules.empty() ? "" : ", ") + (p ? p->Key() : std::string("?")) +
                 (j - i > 1 ? " (rules " : " (rule ") + numbers + ")";
        i = j;
      }
      return {dir + " " + kCheck + " " + rules};
    }
    case Reason::kNoRuleAllows: {
      std::vector<std::string> out = {dir + " " + kPathCross + (h.also_denied ? " too" : "") + ": no rule allows"};
      std::string by;
      for (const NetworkPolicy* p : v.isolating) by += (by.empty() ? "" : ", ") + p->Key();
      if (!by.empty()) out.push_back("(isolated by " + by + ")");
      return out;
    }
    case Reason::kNotIsolated: return allowed("no policy");
    case Reason::kNotAPod: return allowed(v.self.pod != nullptr ? "hostNetwork, no policy" : "not a pod");
    case Reason::kLoopback: return allowed("own traffic");
    case Reason::kOwnNode: return allowed(h.direction == Direction::kIngress ? "from its own node" : "own node exempt");
    case Reason::kIcmpUnfiltered: return allowed("ICMP unfiltered");
  }
  return {dir};
}

/// DNAT, then the SNAT when there is one: "DNAT 10.96.0.12:8080 → 10.244.2.3:8080", "SNAT to node-1 10.0.0.1".
std::vector<std::string> ShortTranslate(const Hop& h) {
  std::vector<std::string> out = {"DNAT " + AddrText(h.dst_before, h.port_before) + " \u2192 " +
                                  AddrText(h.dst_after, h.port_after)};
  std::string node = h.snat_node != nullptr ? h.snat_node->name + " " : std::string();
  switch (h.snat) {
    case Snat::kKept: break;
    case Snat::kNodeOrigin: out.push_back("node-originated traffic leaves with the node's address"); break;
    case Snat::kClusterPolicy: out.push_back("SNAT to " + node + FormatIpv4(h.src_after)); break;
    case Snat::kHairpin:
      out.push_back("SNAT to " + node + FormatIpv4(h.src_after) + " (hairpin: the endpoint is the client)");
      break;
  }
  return out;
}

/// A DNS hop other than the lookup in a few words; the sentence for hops without a shorter form.
std::string ShortDns(const Hop& h) {
  switch (h.dns.stage) {
    case DnsStep::Stage::kAnswer: {
      std::string ips;
      for (Ipv4 ip : h.dns.addresses) ips += (ips.empty() ? "" : ", ") + FormatIpv4(ip);
      return "answer: A " + ips;
    }
    case DnsStep::Stage::kNxdomain: return "NXDOMAIN";
    case DnsStep::Stage::kCname: return "CNAME " + h.dns.cname;
    default: return h.text;
  }
}

/// An ingress hop in a few words: the URL, the TLS end, the Ingress route; the sentence for backend failures.
std::string ShortIngress(const Hop& h) {
  const IngressStep& in = h.ingress;
  switch (in.stage) {
    case IngressStep::Stage::kArrive:
      return in.url.scheme + "://" + in.url.host + ":" + std::to_string(in.url.port) + in.url.path;
    case IngressStep::Stage::kTls:
      return in.certificate != nullptr ? "TLS ends at the controller" : "TLS: default certificate";
    case IngressStep::Stage::kRoute: return (h.ok ? "Ingress " : "") + in.route.ToString();
    case IngressStep::Stage::kBackend: break;
  }
  return h.text;
}

}  // namespace

std::string WrapLabel(const std::string& text, std::size_t width) {
  std::string out, line;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(start, end - start);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += (out.empty() ? "" : "\n") + line;
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    start = end + 1;
  }
  if (!line.empty()) out += (out.empty() ? "" : "\n") + line;
  return out;
}

PathBuilder::PathBuilder(const Network& net, const Probe& probe) : net_(net), c_(net.cluster()), probe_(probe) {
  for (const IngressController& ctl : net.controllers()) {
    for (const Pod* p : ctl.pods) controller_pods_.insert(p);
  }
}

std::vector<Segment> PathBuilder::Walk(const Branch& b) {
  std::vector<Segment> segs;
  std::vector<std::string> pending, pending_full;
  std::string cur = ClientPlace(b.src);
  std::string dns_place;
  bool failed = false;
  auto open = [&](const std::string& from, const std::string& to, const std::string& full) -> Segment& {
    Segment s;
    s.from = from;
    s.to = to;
    s.parts = std::move(pending);
    s.full = std::move(pending_full);
    s.full.push_back(full);
    pending.clear();
    pending_full.clear();
    segs.push_back(std::move(s));
    return segs.back();
  };
  auto fail_here = [&](Segment& s) {
    s.ok = false;
    s.to = FailPlace(s.from, b);
    failed = true;
  };
  auto add = [](Segment& s, const std::vector<std::string>& parts, const std::string& full) {
    for (const std::string& p : parts) s.parts.push_back(p);
    s.full.push_back(full);
  };
  for (const Hop& h : b.hops) {
    const std::string& sentence = h.text;  // opaque: tooltips, and labels of hops without a shorter form
    if (failed) {  // what the trace adds after the failure (e.g. the other end would drop it too)
      add(segs.back(), h.kind == Hop::Kind::kPolicy ? ShortVerdict(h) : std::vector<std::string>{}, sentence);
      continue;
    }
    switch (h.kind) {
      case Hop::Kind::kDns: {
        if (h.dns.stage == DnsStep::Stage::kLookup) {
          if (h.ok) {
            dns_place = DnsPlace(h.to);
            Segment& s = open(cur, dns_place, sentence);
            s.dns = true;
            s.parts.insert(s.parts.begin(), "DNS lookup of " + h.dns.name);
          } else {
            Segment& s = open(cur, "", sentence);
            s.dns = true;
            s.parts.push_back("DNS lookup of " + h.dns.name + " (UDP 53)");
            if (h.verdict != nullptr) {
              for (const std::string& p : ShortVerdict(h)) s.parts.push_back(p);
            } else if (h.dns.service != nullptr) {
              s.parts.push_back(Key(*h.dns.service) + " has no ready endpoint on UDP 53");
            }
            fail_here(s);
          }
          break;
        }
        Segment* dns_seg = nullptr;
        for (Segment& s : segs) {
          if (s.dns) dns_seg = &s;
        }
        std::string part = ShortDns(h);
        if (!h.ok) {
          Segment& s = open(dns_place.empty() ? cur : dns_place, "", sentence);
          s.parts.push_back(part);
          fail_here(s);
        } else if (dns_seg != nullptr) {
          add(*dns_seg, {part}, sentence);
        } else {
          pending.push_back(part);
          pending_full.push_back(sentence);
        }
        break;
      }
      case Hop::Kind::kSend: {
        std::string to, label;
        const Place& at = h.to;
        if (at.kind == Place::Kind::kFrontend) {
          // ICMP to a ClusterIP has no port.
          std::string addr = at.protocol == Protocol::kIcmp ? FormatIpv4(at.ip) : AddrText(at.ip, at.port);
          to = Frontend(at.frontend, *at.service, addr + "/" + ProtocolName(at.protocol),
                        at.node != nullptr ? at.node->name : "");
          label = "to " + addr + " " + ProtocolName(at.protocol);
        } else if (at.kind == Place::Kind::kPeer) {
          to = IpPlace(at.ip);
          const Pod* pod = c_.FindPodByIp(at.ip);
          label = "to " + AddrText(at.ip, at.port) + " " + ProtocolName(at.protocol) +
                  (pod != nullptr ? " (" + pod->Key() + ")" : "");
        } else if (h.service != nullptr) {  // the Service has no such port: the packet goes nowhere
          label = "to " + Key(*h.service) + " port " + probe_.port;
        }
        Segment& s = open(cur, to, sentence);
        s.parts.push_back(label.empty() ? sentence : label);
        if (!h.ok || to.empty()) {
          fail_here(s);
        } else {
          cur = to;
        }
        break;
      }
      case Hop::Kind::kService: {
        if (h.to.kind != Place::Kind::kPeer) {  // no endpoint chosen: a failure, or a remark (headless)
          if (!h.ok) {
            Segment& s = open(cur, "", sentence);
            bool no_endpoint = h.failure == Cause::kNoEndpoint && h.from.kind == Place::Kind::kFrontend;
            s.parts.push_back(no_endpoint ? "no usable endpoint" : sentence);
            fail_here(s);
          } else {
            pending.push_back(sentence);
            pending_full.push_back(sentence);
          }
          break;
        }
        if (cur.empty() || places_.at(cur).kind != PlaceKind::kFrontend) cur = FrontendOf(h.from);
        std::string to = PeerPlace(h.to);
        Segment& s = open(cur, to, sentence);
        if (!h.ok) fail_here(s);
        cur = to;
        break;
      }
      case Hop::Kind::kTranslate: {
        if (h.to.kind == Place::Kind::kPeer) {  // the ingress controller's new connection to the backend
          std::string to = IpPlace(h.to.ip);
          Segment& s = open(cur, to, sentence);
          s.parts.push_back("new connection to " +
                            (h.service != nullptr ? Key(*h.service) : std::string("the backend")));
          if (!h.ok) fail_here(s);
          cur = to;
        } else if (!segs.empty()) {  // DNAT/SNAT at the frontend the last segment left
          add(segs.back(), ShortTranslate(h), sentence);
          if (!h.ok) fail_here(segs.back());
        }
        break;
      }
      case Hop::Kind::kPolicy:
      case Hop::Kind::kFilter: {
        std::vector<std::string> parts =
            h.kind == Hop::Kind::kPolicy ? ShortVerdict(h) : std::vector<std::string>{sentence};
        if (segs.empty() || segs.back().dns) {  // before any move (e.g. egress towards an external host)
          if (h.ok) {
            for (const std::string& p : parts) pending.push_back(p);
            pending_full.push_back(sentence);
          } else {
            Segment& s = open(cur, "", sentence);
            for (const std::string& p : parts) s.parts.push_back(p);
            fail_here(s);
          }
        } else {
          add(segs.back(), parts, sentence);
          if (!h.ok) fail_here(segs.back());
        }
        break;
      }
      case Hop::Kind::kIngress: {
        std::string part = ShortIngress(h);
        if (!h.ok) {
          Segment& s = open(cur, "", sentence);
          s.parts.push_back(part);
          fail_here(s);
        } else {
          pending.push_back(part);
          pending_full.push_back(sentence);
        }
        break;
      }
      case Hop::Kind::kDeliver: {
        std::string to = h.to.kind == Place::Kind::kHost ? HostPlace(h.to.host) : PeerPlace(h.to);
        // The source address only when a translation changed it (the tooltip always has it).
        std::string part =
            "delivered" + (h.src_after == b.src.ip ? std::string() : ", source seen as " + FormatIpv4(h.src_after));
        if (segs.empty() || segs.back().dns || segs.back().to != to) {
          Segment& s = open(cur, to, sentence);
          s.parts.push_back(part);
        } else {
          add(segs.back(), {part}, sentence);
        }
        cur = to;
        break;
      }
    }
  }
  if (!failed && b.outcome != Outcome::kDelivered) {
    Segment& s = open(cur, "", b.summary);
    fail_here(s);
  } else if (!pending.empty() && !segs.empty()) {
    for (const std::string& p : pending) segs.back().parts.push_back(p);
    for (const std::string& f : pending_full) segs.back().full.push_back(f);
  }
  return segs;
}

std::string PathBuilder::PodPlace(const Pod& p, bool client) {
  std::string id = "pod:" + p.Key();
  auto it = places_.find(id);
  if (it != places_.end()) {
    if (client) it->second.kind = PlaceKind::kClient;
    return id;
  }
  PathNode place;
  bool controller = controller_pods_.count(&p) > 0;
  place.kind = client ? PlaceKind::kClient : controller ? PlaceKind::kController : PlaceKind::kPod;
  place.ns = p.ns;
  std::string where = p.host_network ? " (hostNetwork)" : "";
  place.label = (controller ? "ingress controller\n" : "") + p.name + "\n" + FormatIpv4(p.ip) + where;
  place.tooltip = "pod " + p.Key() + ", " + FormatIpv4(p.ip) + (p.node.empty() ? "" : " on " + p.node) + where;
  place.implied = Implied(p.origin);
  places_[id] = place;
  return id;
}

std::string PathBuilder::IpPlace(Ipv4 ip, bool client) {
  if (const Pod* p = c_.FindPodByIp(ip)) return PodPlace(*p, client);
  if (const Node* n = c_.FindNodeByIp(ip)) {
    std::string id = "node:" + n->name;
    PathNode& place = places_[id];
    place.kind = client ? PlaceKind::kClient : PlaceKind::kNode;
    place.label = "node " + n->name + "\n" + FormatIpv4(ip);
    place.tooltip = "node " + n->name;
    return id;
  }
  std::string id = "addr:" + FormatIpv4(ip);
  PathNode& place = places_[id];
  if (client)
    place.kind = PlaceKind::kClient;
  else if (place.label.empty())
    place.kind = PlaceKind::kAddress;
  place.label = FormatIpv4(ip) + (client ? "\nexternal client" : "\noutside the cluster");
  place.tooltip = FormatIpv4(ip);
  return id;
}

std::string PathBuilder::ClientPlace(const Peer& src) {
  if (src.pod != nullptr) return PodPlace(*src.pod, true);
  return IpPlace(src.ip, true);
}

std::string PathBuilder::PeerPlace(const Place& place) {
  if (place.pod != nullptr) return PodPlace(*place.pod);
  return IpPlace(place.ip);
}

std::string PathBuilder::HostPlace(const std::string& host) {
  std::string id = "host:" + host;
  PathNode& p = places_[id];
  p.kind = PlaceKind::kAddress;
  p.label = host + "\noutside the cluster";
  p.tooltip = host;
  return id;
}

std::string PathBuilder::DnsPlace(const Place& dns) {
  std::string key = Key(*dns.service);
  std::string id = "dns:" + key;
  PathNode& p = places_[id];
  p.kind = PlaceKind::kDns;
  p.ns = dns.service->ns;
  p.label = "cluster DNS\n" + key + "\n" + AddrText(dns.ip, dns.port) + " UDP";
  p.tooltip = "cluster DNS Service " + key;
  p.implied = Implied(dns.service->origin);
  return id;
}

std::string PathBuilder::FrontendOf(const Place& frontend) {
  std::string ip = frontend.ip != 0 ? FormatIpv4(frontend.ip) : std::string("*");
  return Frontend(frontend.frontend, *frontend.service,
                  ip + ":" + std::to_string(frontend.port) + "/" + ProtocolName(frontend.protocol), "");
}

std::string PathBuilder::Frontend(FrontendKind kind, const Service& svc, const std::string& addr,
                                  const std::string& node) {
  std::string what = FrontendKindName(kind);
  std::string key = Key(svc);
  std::string id = "svc:" + what + " " + key + " " + addr + (node.empty() ? "" : " " + node);
  PathNode& p = places_[id];
  if (!p.label.empty()) return id;
  p.kind = PlaceKind::kFrontend;
  if (kind == FrontendKind::kClusterIp) p.ns = svc.ns;
  p.label = "Service " + key + "\n" + what + " " + addr + (node.empty() ? "" : "\non " + node);
  p.tooltip = "Service " + key + ": " + what + " " + addr + (node.empty() ? "" : " on node " + node);
  p.implied = Implied(svc.origin);
  return id;
}

std::string PathBuilder::FailPlace(const std::string& from, const Branch& b) {
  std::string id = "fail:" + from + "|" + OutcomeName(b.outcome) + "|" + b.summary;
  PathNode& p = places_[id];
  p.kind = PlaceKind::kFail;
  p.label = std::string(kPathCross) + " " + OutcomeName(b.outcome) + "\n" + WrapLabel(b.summary, 36);
  p.tooltip = b.summary;
  return id;
}

}  // namespace kreach
