// The path view: one traced connection (sim/path.h) drawn hop by hop, left to right. Every place the packet passes
// (client, cluster DNS, Service frontend, ingress controller, receivers) is a node; every move between two places is
// a numbered edge labelled with the translation and the policy verdicts that let it through. The places are read
// from the hops' kinds and texts and the addresses in them, looked up in the cluster.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "viz/views.h"

namespace kreach {

namespace {

// Palette (the colours every view uses for the same meaning).
constexpr const char* kAllowColor = "#1b7a3a";   // an allowed step
constexpr const char* kDenyColor = "#c62828";    // a denied step and the failure it ends in
constexpr const char* kServiceFill = "#dceafa";  // Service frontends
constexpr const char* kServiceLine = "#2f6db5";
constexpr const char* kDnsColor = "#2f6db5";     // the DNS side trip
constexpr const char* kImpliedColor = "gray45";  // objects kreach implied (dashed)
constexpr const char* kClientFill = "#fff2cc";
constexpr const char* kPodFill = "#f4f4f4";
constexpr const char* kControllerFill = "#eadcf5";
constexpr const char* kDnsFill = "#e3f1ea";
constexpr const char* kFont = "Helvetica";

/// More than this many branches: the first ones are drawn and the picture says how many were left out.
constexpr std::size_t kMaxBranches = 12;
constexpr std::size_t kWrap = 44;  ///< label lines are wrapped at about this many characters

const std::string kArrow = " \u2192 ";  // " → "
const std::string kCheck = "\u2713";    // ✓
const std::string kCross = "\u2717";    // ✗

enum class PlaceKind { kClient, kPod, kDns, kFrontend, kController, kNode, kAddress, kFail };

struct Place {
  PlaceKind kind = PlaceKind::kPod;
  std::string ns;  ///< namespace frame it is drawn in ("" = none)
  std::string label;
  std::string tooltip;
  bool implied = false;
};

/// One move of the packet between two places: one numbered edge.
struct Segment {
  std::string from;
  std::string to;
  bool ok = true;
  bool dns = false;
  std::vector<std::string> parts;  ///< short label lines
  std::vector<std::string> full;   ///< the hop texts, for the tooltip
};

bool StartsWith(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

/// Words of `text` on lines of about `width` characters (UTF-8 counted by bytes, close enough for labels).
std::string Wrap(const std::string& text, std::size_t width = kWrap) {
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

/// The dotted-quad address at the start of `text` (digits and dots), if any; `end` gets the index after it.
std::optional<Ipv4> IpAt(const std::string& text, std::size_t pos, std::size_t* end = nullptr) {
  std::size_t e = pos;
  while (e < text.size() && (std::isdigit(static_cast<unsigned char>(text[e])) || text[e] == '.')) ++e;
  if (end != nullptr) *end = e;
  return ParseIpv4(text.substr(pos, e - pos));
}

/// "allowed by shop/web (egress rule 0)" → "egress ✓ shop/web (rule 0)"; "denied: ... isolated for ingress by
/// shop/deny; no ingress rule allows ..." → "ingress ✗ no rule allows (isolated by shop/deny)".
std::vector<std::string> ShortVerdict(const std::string& hop) {
  std::string dir = StartsWith(hop, "egress") ? "egress" : "ingress";
  bool too = hop.find(" would drop it too: ") != std::string::npos;
  std::size_t colon = hop.find(": ");
  std::string v = colon == std::string::npos ? hop : hop.substr(colon + 2);
  if (StartsWith(v, "allowed by ")) {
    std::string rules = v.substr(11);
    const std::pair<std::string, std::string> kShorter[] = {{"(" + dir + " rules ", "(rules "},
                                                            {"(" + dir + " rule ", "(rule "}};
    for (const auto& [word, repl] : kShorter) {
      for (std::size_t at = rules.find(word); at != std::string::npos; at = rules.find(word, at)) {
        rules.replace(at, word.size(), repl);
      }
    }
    return {dir + " " + kCheck + " " + rules};
  }
  if (StartsWith(v, "denied: ")) {
    std::string by;
    std::size_t from = v.find(" for " + dir + " by ");
    std::size_t semi = v.find("; ");
    if (from != std::string::npos && semi != std::string::npos && semi > from) {
      std::size_t start = from + 9 + dir.size();
      by = v.substr(start, semi - start);
    }
    std::vector<std::string> out = {dir + " " + kCross + (too ? " too" : "") + ": no rule allows"};
    if (!by.empty()) out.push_back("(isolated by " + by + ")");
    return out;
  }
  struct Case {
    const char* needle;
    const char* text;
  };
  static const Case kCases[] = {{"no policy selects", "no policy"},
                                {"hostNetwork pod", "hostNetwork, no policy"},
                                {"is not a pod", "not a pod"},
                                {"connects to itself", "own traffic"},
                                {"is always allowed", "from its own node"},
                                {"egressToOwnNodeExempt", "own node exempt"},
                                {"ICMP is not filtered", "ICMP unfiltered"},
                                {"every external address", "every external address"}};
  for (const Case& c : kCases) {
    if (v.find(c.needle) != std::string::npos) {
      return {dir + " " + kCheck + " (" + c.text + ")"};
    }
  }
  return {dir + ": " + v};
}

/// "DNAT 10.96.0.12:8080 → 10.244.2.3:8080; SNAT to node-1 10.0.0.1 (externalTrafficPolicy Cluster)" →
/// "DNAT 10.96.0.12:8080 → 10.244.2.3:8080", "SNAT to node-1 10.0.0.1".
std::vector<std::string> ShortTranslate(const std::string& hop) {
  std::vector<std::string> out;
  std::size_t cut = hop.find_first_of(",;");
  out.push_back(hop.substr(0, cut));
  if (cut != std::string::npos && hop[cut] == ';') {
    std::string snat = hop.substr(cut + 2);
    std::size_t paren = snat.find(" (");
    std::string why = paren == std::string::npos ? "" : snat.substr(paren + 2, snat.size() - paren - 3);
    if (why == "externalTrafficPolicy Cluster") why.clear();
    out.push_back(snat.substr(0, paren) + (why.empty() ? "" : " (" + why + ")"));
  }
  return out;
}

class PathBuilder {
 public:
  PathBuilder(const Network& net) : net_(net), c_(net.cluster()) {
    for (const IngressController& ctl : net.controllers()) {
      for (const Pod* p : ctl.pods) controller_pods_.insert(p);
    }
  }

  /// The segments of one branch, adding the places they touch.
  std::vector<Segment> Walk(const Branch& b) {
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
      const std::string& t = h.text;
      if (failed) {  // what the trace adds after the failure (e.g. the other end would drop it too)
        Segment& s = segs.back();
        std::vector<std::string> parts;
        if (h.kind == Hop::Kind::kPolicy) parts = ShortVerdict(t);
        add(s, parts, t);
        continue;
      }
      switch (h.kind) {
        case Hop::Kind::kDns: {
          if (StartsWith(t, "lookup of ")) {
            std::size_t colon = t.find(": ");
            std::size_t to = t.find(" to ");
            std::string name = t.substr(10, std::min(colon, to) - 10);
            std::string key = Between(t, "(", ")");
            if (h.ok) {
              dns_place = DnsPlace(t, key);
              Segment& s = open(cur, dns_place, t);
              s.dns = true;
              s.parts.insert(s.parts.begin(), "DNS lookup of " + name);
            } else {
              Segment& s = open(cur, "", t);
              s.dns = true;
              s.parts.push_back("DNS lookup of " + name + " (UDP 53)");
              std::size_t semi = t.find("; ");
              if (semi != std::string::npos) {
                for (const std::string& p : ShortVerdict(t.substr(semi + 2))) s.parts.push_back(p);
              } else if (colon != std::string::npos) {
                s.parts.push_back(t.substr(colon + 2));
              }
              fail_here(s);
            }
            break;
          }
          Segment* dns_seg = nullptr;
          for (Segment& s : segs) {
            if (s.dns) dns_seg = &s;
          }
          std::string part = t;
          std::size_t arrow = t.find(kArrow);
          std::size_t a_rec = t.find(" A ");
          if (arrow != std::string::npos && a_rec != std::string::npos) {
            std::size_t paren = t.find(" (", a_rec);
            part =
                "answer: A " + t.substr(a_rec + 3, paren == std::string::npos ? std::string::npos : paren - a_rec - 3);
          } else if (t.find(": NXDOMAIN") != std::string::npos) {
            part = "NXDOMAIN";
          } else if (t.find(" is ExternalName: CNAME ") != std::string::npos) {
            part = "CNAME " + t.substr(t.find(" CNAME ") + 7);
          }
          if (!h.ok) {
            Segment& s = open(dns_place.empty() ? cur : dns_place, "", t);
            s.parts.push_back(part);
            fail_here(s);
          } else if (dns_seg != nullptr) {
            add(*dns_seg, {part}, t);
          } else {
            pending.push_back(part);
            pending_full.push_back(t);
          }
          break;
        }
        case Hop::Kind::kSend: {
          std::string to = SendTarget(t);
          Segment& s = open(cur, to, t);
          std::size_t arrow = t.find(kArrow);
          if (arrow != std::string::npos) {
            std::string dest = t.substr(arrow + kArrow.size());
            std::size_t paren = dest.find(" (");
            std::string pod = StartsWith(to, "pod:") ? " (" + to.substr(4) + ")" : "";
            s.parts.push_back("to " + dest.substr(0, paren) + pod);
          }
          if (!h.ok || to.empty()) {
            if (arrow == std::string::npos) s.parts.push_back(t);
            fail_here(s);
          } else {
            cur = to;
          }
          break;
        }
        case Hop::Kind::kService: {
          std::size_t at = t.find(kArrow + "endpoint ");
          if (at == std::string::npos) {
            if (!h.ok) {
              Segment& s = open(cur, "", t);
              s.parts.push_back(t.find(": no usable endpoint") != std::string::npos ? "no usable endpoint" : t);
              fail_here(s);
            } else {
              pending.push_back(t);
              pending_full.push_back(t);
            }
            break;
          }
          if (cur.empty() || places_.at(cur).kind != PlaceKind::kFrontend) cur = FrontendFromLabel(t.substr(0, at));
          std::string to = AddressPlace(t, at + kArrow.size() + 9);
          Segment& s = open(cur, to, t);
          if (!h.ok) fail_here(s);
          cur = to;
          break;
        }
        case Hop::Kind::kTranslate: {
          if (StartsWith(t, "new connection from the controller pod: ")) {
            std::size_t arrow = t.find(kArrow);
            std::string to = arrow == std::string::npos ? "" : AddressPlace(t, arrow + kArrow.size());
            Segment& s = open(cur, to, t);
            std::string target = Between(t.substr(arrow == std::string::npos ? 0 : arrow), "(", " port ");
            s.parts.push_back("new connection to " + (target.empty() ? std::string("the backend") : target));
            if (!h.ok || to.empty()) fail_here(s);
            cur = to;
          } else if (!segs.empty()) {
            add(segs.back(), ShortTranslate(t), t);
            if (!h.ok) fail_here(segs.back());
          }
          break;
        }
        case Hop::Kind::kPolicy:
        case Hop::Kind::kFilter: {
          std::vector<std::string> parts = h.kind == Hop::Kind::kPolicy ? ShortVerdict(t) : std::vector<std::string>{t};
          if (segs.empty() || segs.back().dns) {  // before any move (e.g. egress towards an external host)
            if (h.ok) {
              for (const std::string& p : parts) pending.push_back(p);
              pending_full.push_back(t);
            } else {
              Segment& s = open(cur, "", t);
              for (const std::string& p : parts) s.parts.push_back(p);
              fail_here(s);
            }
          } else {
            add(segs.back(), parts, t);
            if (!h.ok) fail_here(segs.back());
          }
          break;
        }
        case Hop::Kind::kIngress: {
          std::string part = t;
          std::size_t arrow = t.find(kArrow + "ingress controller ");
          if (arrow != std::string::npos) {
            part = t.substr(0, arrow);
          } else if (StartsWith(t, "HTTP Host ")) {
            std::size_t colon = t.find(": ");
            part = colon == std::string::npos ? t : (h.ok ? "Ingress " : "") + t.substr(colon + 2);
          } else if (StartsWith(t, "TLS for ")) {
            part = "TLS ends at the controller";
          } else if (StartsWith(t, "TLS: ")) {
            part = "TLS: default certificate";
          }
          if (!h.ok) {
            Segment& s = open(cur, "", t);
            s.parts.push_back(part);
            fail_here(s);
          } else {
            pending.push_back(part);
            pending_full.push_back(t);
          }
          break;
        }
        case Hop::Kind::kDeliver: {
          std::string to = DeliverPlace(t);
          if (to.empty()) to = b.dst ? (b.dst->pod ? PodPlace(*b.dst->pod) : IpPlace(b.dst->ip)) : cur;
          std::size_t seen = t.find(", source seen as ");
          std::string seen_ip = seen == std::string::npos ? "" : t.substr(seen + 17);
          // The source address only when a translation changed it (the tooltip always has it).
          std::string part =
              "delivered" +
              (seen_ip.empty() || seen_ip == FormatIpv4(b.src.ip) ? std::string() : ", source seen as " + seen_ip);
          if (segs.empty() || segs.back().dns || segs.back().to != to) {
            Segment& s = open(cur, to, t);
            s.parts.push_back(part);
          } else {
            add(segs.back(), {part}, t);
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

  const std::map<std::string, Place>& places() const { return places_; }

 private:
  static std::string Between(const std::string& t, const std::string& open, const std::string& close) {
    std::size_t a = t.find(open);
    if (a == std::string::npos) return "";
    a += open.size();
    std::size_t b = t.find(close, a);
    return b == std::string::npos ? "" : t.substr(a, b - a);
  }

  bool Implied(const Origin& o) const { return o.source == "<implied>"; }

  std::string PodPlace(const Pod& p, bool client = false) {
    std::string id = "pod:" + p.Key();
    auto it = places_.find(id);
    if (it != places_.end()) {
      if (client) it->second.kind = PlaceKind::kClient;
      return id;
    }
    Place place;
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

  std::string IpPlace(Ipv4 ip, bool client = false) {
    if (const Pod* p = c_.FindPodByIp(ip)) return PodPlace(*p, client);
    if (const Node* n = c_.FindNodeByIp(ip)) {
      std::string id = "node:" + n->name;
      Place& place = places_[id];
      place.kind = client ? PlaceKind::kClient : PlaceKind::kNode;
      place.label = "node " + n->name + "\n" + FormatIpv4(ip);
      place.tooltip = "node " + n->name;
      return id;
    }
    std::string id = "addr:" + FormatIpv4(ip);
    Place& place = places_[id];
    if (client)
      place.kind = PlaceKind::kClient;
    else if (place.label.empty())
      place.kind = PlaceKind::kAddress;
    place.label = FormatIpv4(ip) + (client ? "\nexternal client" : "\noutside the cluster");
    place.tooltip = FormatIpv4(ip);
    return id;
  }

  std::string ClientPlace(const Peer& src) {
    if (src.pod != nullptr) return PodPlace(*src.pod, true);
    return IpPlace(src.ip, true);
  }

  /// The place named by the address at `pos` in `t` ("10.244.0.2 (ns/pod)" or "10.0.0.1:30080"); a pod named in
  /// the parentheses wins (hostNetwork pods answer on their node's address).
  std::string AddressPlace(const std::string& t, std::size_t pos) {
    std::size_t end = 0;
    std::optional<Ipv4> ip = IpAt(t, pos, &end);
    if (!ip) return "";
    if (StartsWith(t.substr(end), " (")) {
      std::string inner = t.substr(end + 2, t.find_first_of(",)", end) - end - 2);
      std::size_t slash = inner.find('/');
      if (slash != std::string::npos) {
        if (const Pod* p = c_.FindPod(inner.substr(0, slash), inner.substr(slash + 1))) return PodPlace(*p);
      }
    }
    return IpPlace(*ip);
  }

  std::string DeliverPlace(const std::string& t) {
    const std::string prefix = "delivered to ";
    if (!StartsWith(t, prefix)) return "";
    std::string place = AddressPlace(t, prefix.size());
    if (!place.empty()) return place;
    std::string host = t.substr(prefix.size(), t.find(' ', prefix.size()) - prefix.size());
    std::string id = "host:" + host;
    Place& p = places_[id];
    p.kind = PlaceKind::kAddress;
    p.label = host + "\noutside the cluster";
    p.tooltip = host;
    return id;
  }

  std::string DnsPlace(const std::string& t, const std::string& key) {
    std::string id = "dns:" + key;
    Place& p = places_[id];
    p.kind = PlaceKind::kDns;
    std::size_t slash = key.find('/');
    p.ns = slash == std::string::npos ? "" : key.substr(0, slash);
    std::string vip = Between(t, ": UDP ", " (");
    p.label = "cluster DNS\n" + key + (vip.empty() ? "" : "\n" + vip + " UDP");
    p.tooltip = "cluster DNS Service " + key;
    if (slash != std::string::npos) {
      if (const Service* s = c_.FindService(key.substr(0, slash), key.substr(slash + 1)))
        p.implied = Implied(s->origin);
    }
    return id;
  }

  /// A Service frontend from a kService label "ClusterIP shop/api 10.96.0.12:8080/TCP".
  std::string FrontendFromLabel(const std::string& label) {
    std::size_t sp1 = label.find(' ');
    std::size_t sp2 = label.find(' ', sp1 + 1);
    if (sp1 == std::string::npos || sp2 == std::string::npos) return "";
    std::string what = label.substr(0, sp1), key = label.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string addr = label.substr(sp2 + 1);
    return Frontend(what, key, addr, "");
  }

  std::string Frontend(const std::string& what, const std::string& key, const std::string& addr,
                       const std::string& node) {
    std::string id = "svc:" + what + " " + key + " " + addr + (node.empty() ? "" : " " + node);
    Place& p = places_[id];
    if (!p.label.empty()) return id;
    p.kind = PlaceKind::kFrontend;
    std::size_t slash = key.find('/');
    const Service* svc =
        slash == std::string::npos ? nullptr : c_.FindService(key.substr(0, slash), key.substr(slash + 1));
    if (what == "ClusterIP" && slash != std::string::npos) p.ns = key.substr(0, slash);
    p.label = "Service " + key + "\n" + what + " " + addr + (node.empty() ? "" : "\non " + node);
    p.tooltip = "Service " + key + ": " + what + " " + addr + (node.empty() ? "" : " on node " + node);
    p.implied = svc != nullptr && Implied(svc->origin);
    return id;
  }

  /// Where a kSend hop goes: a Service frontend named in its parentheses, else the address after the arrow.
  std::string SendTarget(const std::string& t) {
    std::size_t arrow = t.find(kArrow);
    if (arrow == std::string::npos) return "";
    std::string dest = t.substr(arrow + kArrow.size());
    std::size_t space = dest.find(' ');
    std::string addr = dest.substr(0, space);
    struct Kind {
      const char* marker;
      const char* what;
    };
    static const Kind kKinds[] = {{" (ClusterIP of ", "ClusterIP"},
                                  {" (LoadBalancer address of ", "LoadBalancer"},
                                  {" (externalIP of ", "externalIP"},
                                  {" (NodePort of ", "NodePort"}};
    for (const Kind& k : kKinds) {
      std::size_t at = dest.find(k.marker);
      if (at == std::string::npos) continue;
      std::string rest = dest.substr(at + std::string(k.marker).size());
      rest = rest.substr(0, rest.rfind(')'));
      std::string node;
      std::size_t on = rest.find(" on ");
      if (on != std::string::npos) {
        node = rest.substr(on + 4);
        rest = rest.substr(0, on);
      }
      std::string proto = dest.substr(space + 1, at - space - 1);
      return Frontend(k.what, rest, addr + "/" + proto, node);
    }
    if (!IpAt(dest, 0)) return "";
    return AddressPlace(dest, 0);
  }

  std::string FailPlace(const std::string& from, const Branch& b) {
    std::string id = "fail:" + from + "|" + OutcomeName(b.outcome) + "|" + b.summary;
    Place& p = places_[id];
    p.kind = PlaceKind::kFail;
    p.label = kCross + " " + OutcomeName(b.outcome) + "\n" + Wrap(b.summary, 36);
    p.tooltip = b.summary;
    return id;
  }

  const Network& net_;
  const Cluster& c_;
  std::set<const Pod*> controller_pods_;
  std::map<std::string, Place> places_;
};

DotAttrs PlaceAttrs(const Place& p) {
  DotAttrs a = {{"shape", "box"}, {"style", "rounded,filled"}, {"fillcolor", kPodFill}, {"color", "gray30"}};
  switch (p.kind) {
    case PlaceKind::kClient:
      a["fillcolor"] = kClientFill;
      a["penwidth"] = "2";
      break;
    case PlaceKind::kPod:
      break;
    case PlaceKind::kDns:
      a["fillcolor"] = kDnsFill;
      break;
    case PlaceKind::kFrontend:
      a["fillcolor"] = kServiceFill;
      a["color"] = kServiceLine;
      break;
    case PlaceKind::kController:
      a["fillcolor"] = kControllerFill;
      break;
    case PlaceKind::kNode:
      a["style"] = "filled";
      a["fillcolor"] = "gray90";
      break;
    case PlaceKind::kAddress:
      a["shape"] = "ellipse";
      a["style"] = "filled";
      a["fillcolor"] = "white";
      break;
    case PlaceKind::kFail:
      a["fillcolor"] = "#fdecea";
      a["color"] = kDenyColor;
      a["fontcolor"] = kDenyColor;
      a["penwidth"] = "2";
      break;
  }
  if (p.implied) {
    a["style"] += ",dashed";
    a["color"] = kImpliedColor;
  }
  return a;
}

DotAttrs EdgeAttrs(bool ok, bool dns) {
  if (!ok) return {{"color", kDenyColor}, {"fontcolor", kDenyColor}, {"style", "dashed"}, {"penwidth", "2"}};
  if (dns)
    return {{"color", kDnsColor}, {"fontcolor", kDnsColor}, {"style", "dashed"}, {"dir", "both"}, {"penwidth", "1.5"}};
  return {{"color", kAllowColor}, {"penwidth", "2"}};
}

}  // namespace

DotGraph PathView(const Network& network, const Trace& trace, const ViewOptions& options, ViewNotes* notes) {
  (void)options;  // the path is one query: the filters of the other views do not apply
  DotGraph g;
  g.name = "path";
  std::string title = trace.from + " -> " + trace.to + "  " + trace.probe.ToString() + ": " + ResultName(trace.result) +
                      " (" + OutcomeName(trace.outcome) + ")";
  std::size_t shown = std::min(trace.branches.size(), kMaxBranches);
  if (shown < trace.branches.size()) {
    std::size_t more = trace.branches.size() - shown;
    std::string note = "+" + std::to_string(more) + " more path" + (more == 1 ? "" : "s") + " not drawn (" +
                       std::to_string(shown) + " of " + std::to_string(trace.branches.size()) + " shown)";
    title += "\n" + note;
    if (notes != nullptr) notes->push_back(note);
  }
  g.graph_attrs = {{"rankdir", "LR"},  {"label", title},    {"labelloc", "t"},
                   {"fontsize", "20"}, {"fontname", kFont}, {"nodesep", "0.35"},
                   {"ranksep", "0.9"}, {"newrank", "true"}, {"tooltip", title}};
  g.node_defaults = {{"fontname", kFont}, {"fontsize", "12"}};
  g.edge_defaults = {{"fontname", kFont}, {"fontsize", "11"}};

  PathBuilder builder(network);
  struct Merged {
    Segment seg;
    std::size_t number = 0;
    std::vector<std::string> tooltips;  ///< distinct hop texts of the branches merged into the edge
  };
  std::map<std::string, Merged> edges;
  for (std::size_t i = 0; i < shown; ++i) {
    std::vector<Segment> segs = builder.Walk(trace.branches[i]);
    for (std::size_t n = 0; n < segs.size(); ++n) {
      const Segment& s = segs[n];
      std::string label;
      for (const std::string& p : s.parts) label += "\n" + p;
      std::string key = s.from + "|" + s.to + "|" + std::to_string(n + 1) + "|" + (s.ok ? "ok" : "x") + label;
      Merged& m = edges[key];
      if (m.number == 0) {
        m.seg = s;
        m.number = n + 1;
      }
      std::string tip;
      for (const std::string& f : s.full) tip += (tip.empty() ? "" : "\n") + f;
      if (std::find(m.tooltips.begin(), m.tooltips.end(), tip) == m.tooltips.end()) m.tooltips.push_back(tip);
    }
  }

  // Places, in namespace frames.
  std::map<std::string, DotCluster> frames;
  std::set<PlaceKind> kinds;
  bool implied = false;
  std::set<std::string> used;
  for (const auto& [key, m] : edges) {
    used.insert(m.seg.from);
    used.insert(m.seg.to);
  }
  for (const auto& [id, place] : builder.places()) {
    if (used.count(id) == 0 && place.kind != PlaceKind::kClient) continue;
    DotAttrs a = PlaceAttrs(place);
    a["label"] = place.label;
    a["tooltip"] = place.tooltip;
    g.AddNode(id, a);
    kinds.insert(place.kind);
    implied = implied || place.implied;
    if (place.ns.empty()) continue;
    DotCluster& f = frames[place.ns];
    if (f.id.empty()) {
      f.id = "ns:" + place.ns;
      f.attrs = {{"label", "namespace " + place.ns},
                 {"style", "rounded"},
                 {"color", "gray40"},
                 {"fontname", kFont},
                 {"fontsize", "13"},
                 {"labeljust", "l"}};
    }
    f.nodes.push_back(id);
  }
  for (auto& [ns, frame] : frames) g.clusters.push_back(std::move(frame));

  bool any_ok = false, any_denied = false, any_dns = false;
  for (const auto& [key, m] : edges) {
    DotAttrs a = EdgeAttrs(m.seg.ok, m.seg.dns);
    std::string label = "<<font point-size=\"15\"><b>" + std::to_string(m.number) + "</b></font>";
    for (const std::string& p : m.seg.parts) {
      std::string wrapped = Wrap(p);
      for (std::size_t at = 0, nl; at <= wrapped.size(); at = nl + 1) {
        nl = wrapped.find('\n', at);
        if (nl == std::string::npos) nl = wrapped.size();
        label += "<br/>" + HtmlEscape(wrapped.substr(at, nl - at));
      }
    }
    a["label"] = label + ">";
    std::string tip;
    const std::size_t kMaxTips = 3;
    for (std::size_t i = 0; i < m.tooltips.size() && i < kMaxTips; ++i) tip += (i ? "\n--\n" : "") + m.tooltips[i];
    if (m.tooltips.size() > kMaxTips) tip += "\n(+" + std::to_string(m.tooltips.size() - kMaxTips) + " more)";
    a["tooltip"] = tip;
    a["labeltooltip"] = tip;
    if (m.seg.from == m.seg.to) a["constraint"] = "false";
    any_ok = any_ok || (m.seg.ok && !m.seg.dns);
    any_denied = any_denied || !m.seg.ok;
    any_dns = any_dns || (m.seg.dns && m.seg.ok);
    std::string number = std::to_string(m.number);
    g.edges.push_back(DotEdge{m.seg.from, m.seg.to,
                              std::string(3 - std::min<std::size_t>(3, number.size()), '0') + number + "|" + key, a});
  }

  // Legend: only what the picture uses.
  std::vector<LegendItem> items;
  auto node_item = [&](PlaceKind kind, const std::string& text) {
    if (kinds.count(kind) == 0) return;
    Place sample;
    sample.kind = kind;
    items.push_back(LegendItem{LegendItem::Kind::kNode, PlaceAttrs(sample), text});
  };
  node_item(PlaceKind::kClient, "client (where the connection starts)");
  node_item(PlaceKind::kPod, "pod");
  node_item(PlaceKind::kDns, "cluster DNS Service");
  node_item(PlaceKind::kFrontend, "Service frontend (ClusterIP, NodePort, LoadBalancer, externalIP)");
  node_item(PlaceKind::kController, "ingress controller pod");
  node_item(PlaceKind::kNode, "node");
  node_item(PlaceKind::kAddress, "address outside the cluster");
  node_item(PlaceKind::kFail, kCross + " where the packet stops, and why");
  if (implied) {
    Place sample;
    sample.implied = true;
    items.push_back(LegendItem{LegendItem::Kind::kNode, PlaceAttrs(sample), "implied by kreach (not in the input)"});
  }
  if (any_ok)
    items.push_back({LegendItem::Kind::kEdge, EdgeAttrs(true, false), "step N: allowed (translation, policy)"});
  if (any_dns) items.push_back({LegendItem::Kind::kEdge, EdgeAttrs(true, true), "DNS lookup and answer"});
  if (any_denied) items.push_back({LegendItem::Kind::kEdge, EdgeAttrs(false, false), "step that fails"});
  AddLegend(g, "legend", items);
  return g;
}

}  // namespace kreach
