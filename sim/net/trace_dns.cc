// Tracer steps for names (semantics reference §4): the DNS lookup as a flow (DNS-7), the answer, ExternalName
// CNAMEs and hosts outside the cluster (sim/net/tracer_internal.h).
#include <optional>
#include <set>

#include "sim/model/text.h"
#include "sim/net/dns.h"
#include "sim/net/tracer_internal.h"

namespace kreach {

std::vector<Branch> Tracer::ToExternalHost(Branch b, const Peer& src, const std::string& host, int port) const {
  auto it = c_.config.external_hosts.find(host);
  if (it != c_.config.external_hosts.end()) {
    Hop& h = AddHop(b, Hop::Kind::kDns, host + " is " + FormatIpv4(it->second) + " (cluster.externalHosts)");
    h.dns.stage = DnsStep::Stage::kExternalHost;
    h.dns.name = host;
    h.dns.addresses = {it->second};
    return {Direct(std::move(b), src, Peer::OfIp(it->second), port)};
  }
  // Unknown address: delivered only if egress allows every address outside the cluster that rules tell apart.
  Hop& unknown = AddHop(b, Hop::Kind::kDns,
                        host +
                            " resolves outside the cluster; kreach does not know its address "
                            "(give it in cluster.externalHosts)");
  unknown.dns.stage = DnsStep::Stage::kExternalHost;
  unknown.dns.name = host;
  if (src.pod != nullptr && !net_.engine().Isolated(*src.pod, Direction::kEgress)) {
    Hop& h = AddHop(b, Hop::Kind::kPolicy,
                    "egress at " + src.ToString() + ": allowed: no policy selects " + src.ToString() + " for egress");
    h.direction = Direction::kEgress;
    h.any_address = Hop::AnyAddress::kNoPolicy;
  }
  bool isolated = src.pod != nullptr && net_.engine().Isolated(*src.pod, Direction::kEgress);
  for (Ipv4 ip : isolated ? ExternalProbeIps(src) : std::vector<Ipv4>{}) {
    DirectionVerdict v = net_.engine().Evaluate(src, Peer::OfIp(ip), probe_.protocol, port).egress;
    if (!v.allowed) {
      PolicyHop(b, Hop::Kind::kPolicy,
                "egress at " + src.ToString() + " (to " + host + ", e.g. " + FormatIpv4(ip) +
                    "): " + v.ToString(Direction::kEgress),
                v, Direction::kEgress);
      return {Fail(std::move(b), Outcome::kDropped,
                   "egress policy of " + src.ToString() + " does not allow every address " + host + " may have",
                   Cause::kPolicy)};
    }
  }
  if (isolated) {
    Hop& h =
        AddHop(b, Hop::Kind::kPolicy,
               "egress at " + src.ToString() + ": allowed to every external address on port " + std::to_string(port));
    h.direction = Direction::kEgress;
    h.any_address = Hop::AnyAddress::kAllAllowed;
  }
  b.outcome = Outcome::kDelivered;
  b.summary = "delivered to " + host;
  Hop& h = AddHop(b, Hop::Kind::kDeliver, "delivered to " + host + " port " + std::to_string(port));
  h.to = Place::OfHost(host, port);
  h.to.protocol = probe_.protocol;
  h.src_before = src.ip;
  h.src_after = src.ip;
  return {b};
}

std::vector<Ipv4> Tracer::ExternalProbeIps(const Peer& src) const {
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

std::vector<Branch> Tracer::ToExternalName(Branch b, const Peer& src, const Service& svc, int depth) const {
  std::string target = AsciiLower(svc.external_name);
  if (!target.empty() && target.back() == '.') target.pop_back();
  Hop& h = AddHop(b, Hop::Kind::kDns, svc.ns + "/" + svc.name + " is ExternalName: CNAME " + target);
  h.dns.stage = DnsStep::Stage::kCname;
  h.dns.cname = target;
  h.dns.service = &svc;
  b.external_name = &svc;
  if (ParseIpv4(target)) {
    return {Fail(std::move(b), Outcome::kNxdomain,
                 "externalName " + target +
                     " is an IP address, which DNS treats as a host name that does not "
                     "resolve (SVC-20)",
                 Cause::kNxdomain)};
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

bool Tracer::Lookup(Branch& b, const Peer& src, const std::string& name) const {
  const Service* dns = net_.dns_service();
  if (dns == nullptr) {
    AddHop(b, Hop::Kind::kDns, "no cluster DNS Service " + c_.config.dns_service, false);
    b = Fail(std::move(b), Outcome::kNxdomain, "there is no cluster DNS Service (cluster.impliedDns is off)",
             Cause::kNoDns);
    return false;
  }
  std::string key = dns->ns + "/" + dns->name;
  Note(net_.dns_note());
  auto lookup = [&](std::string text, bool ok) -> Hop& {
    Hop& h = AddHop(b, Hop::Kind::kDns, std::move(text), ok);
    h.from = Place::OfPeer(src, 0, Protocol::kUDP);
    h.dns.stage = DnsStep::Stage::kLookup;
    h.dns.name = name;
    h.dns.service = dns;
    return h;
  };
  const ServicePort* sp = FindServicePort(*dns, "53", Protocol::kUDP);
  std::vector<Backend> usable = sp ? UsableBackends(net_.Backends(*dns, *sp)) : std::vector<Backend>{};
  if (usable.empty()) {
    lookup("lookup of " + name + ": " + key + " has no ready endpoint on UDP 53", false);
    b = Fail(std::move(b), Outcome::kNxdomain,
             "the DNS lookup of " + name + " is refused: " + key + " has no ready endpoint", Cause::kNoDns);
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
      Hop& h = lookup(
          "lookup of " + name + ": UDP " + Addr(vip, 53) + " (" + key + ") → " + Describe(c_, dst) + ": allowed", true);
      h.to.kind = Place::Kind::kDns;
      h.to.service = dns;
      h.to.ip = vip;
      h.to.port = 53;
      h.to.protocol = Protocol::kUDP;
      return true;
    }
    if (first_denial.empty()) {
      egress_denied = !v.egress.allowed;
      denial = egress_denied ? v.egress : v.ingress;
      first_denial = !v.egress.allowed
                         ? "egress at " + src.ToString() + ": " + v.egress.ToString(Direction::kEgress)
                         : "ingress at " + dst.ToString() + ": " + v.ingress.ToString(Direction::kIngress);
    }
  }
  Hop& h = lookup("lookup of " + name + " to " + key + " (UDP 53) is blocked; " + first_denial, false);
  h.verdict = std::make_shared<const DirectionVerdict>(*denial);
  h.direction = egress_denied ? Direction::kEgress : Direction::kIngress;
  b = Fail(std::move(b), Outcome::kNxdomain,
           "the DNS lookup cannot reach " + key + " on UDP 53 (" +
               (egress_denied ? "allow it in the egress policy of " + src.ToString()
                              : "the DNS pods' ingress policy must admit " + src.ToString()) +
               ")",
           Cause::kDnsBlocked);
  return false;
}

std::vector<Branch> Tracer::ToName(Branch b, const Peer& src, const std::string& name, int depth) const {
  if (depth > 8) return {Fail(std::move(b), Outcome::kNxdomain, "CNAME chain longer than 8 at " + name, Cause::kOther)};
  if (src.pod == nullptr) {
    AddHop(b, Hop::Kind::kDns, Describe(c_, src) + " does not use the cluster DNS", false);
    return {Fail(std::move(b), Outcome::kNxdomain,
                 "cluster names resolve only for pods (" + src.ToString() + " uses its own resolver)",
                 Cause::kNotDnsClient)};
  }
  const Pod& pod = *src.pod;
  if (!UsesClusterDns(pod)) {
    std::string why = pod.dns_policy == DnsPolicy::kNone ? "dnsPolicy None (dnsConfig only; kreach does not model it)"
                      : pod.host_network && pod.dns_policy == DnsPolicy::kClusterFirst
                          ? "hostNetwork with dnsPolicy ClusterFirst uses the node's resolver (use "
                            "ClusterFirstWithHostNet)"
                          : std::string("dnsPolicy ") + DnsPolicyName(pod.dns_policy) + " uses the node's resolver";
    AddHop(b, Hop::Kind::kDns, pod.Key() + ": " + why, false);
    return {Fail(std::move(b), Outcome::kNxdomain, name + " does not resolve: " + why, Cause::kNotDnsClient)};
  }
  if (depth == 0 && !Lookup(b, src, name)) return {b};
  DnsAnswer answer = ResolveName(c_, pod.ns, name);
  auto answered = [&](std::string text) -> Hop& {
    Hop& h = AddHop(b, Hop::Kind::kDns, std::move(text));
    h.dns.stage = DnsStep::Stage::kAnswer;
    h.dns.name = name;
    h.dns.fqdn = answer.fqdn;
    h.dns.addresses = answer.addresses;
    h.dns.service = answer.service;
    return h;
  };
  switch (answer.kind) {
    case DnsAnswer::Kind::kNxdomain: {
      // A name outside the cluster domain that cluster.externalHosts knows: the cluster DNS forwards the query
      // upstream (CoreDNS `forward`), which answers with that address.
      std::string host = AsciiLower(name);
      if (!host.empty() && host.back() == '.') host.pop_back();
      if (!InClusterZone(c_, host) && c_.config.external_hosts.count(host) > 0) {
        int port = probe_.Number();
        if (port <= 0) {
          return {Fail(std::move(b), Outcome::kDropped, "a port number is needed to reach " + host, Cause::kOther)};
        }
        return ToExternalHost(std::move(b), src, host, port);
      }
      Hop& h = AddHop(b, Hop::Kind::kDns, name + ": NXDOMAIN, " + answer.why, false);
      h.dns.stage = DnsStep::Stage::kNxdomain;
      h.dns.name = name;
      return {Fail(std::move(b), Outcome::kNxdomain, name + " does not resolve: " + answer.why, Cause::kNxdomain)};
    }
    case DnsAnswer::Kind::kServiceVip: {
      answered(name + " → " + answer.fqdn + " A " + FormatIpv4(answer.addresses.front()) + " (Service " +
               answer.service->ns + "/" + answer.service->name + ")");
      return ToService(std::move(b), src, *answer.service);
    }
    case DnsAnswer::Kind::kHeadless: {
      std::string ips;
      for (Ipv4 ip : answer.addresses) ips += (ips.empty() ? "" : ", ") + FormatIpv4(ip);
      answered(name + " → " + answer.fqdn + " A " + ips + " (headless " + answer.service->ns + "/" +
               answer.service->name + ")");
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
      answered(name + " → " + answer.fqdn + " A " + FormatIpv4(answer.addresses.front()));
      const Pod* p = answer.pod != nullptr ? answer.pod : c_.FindPodByIp(answer.addresses.front());
      Peer dst = p != nullptr ? Peer::OfPod(*p) : Peer::OfIp(answer.addresses.front());
      return {ToAddress(std::move(b), src, dst)};
    }
    case DnsAnswer::Kind::kExternalName: return ToExternalName(std::move(b), src, *answer.service, depth);
  }
  return {b};
}

int Tracer::HeadlessPort(const Service& svc, const Pod* pod) const {
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

}  // namespace kreach
