#include "sim/net/dns.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include "sim/model/suggest.h"
#include "sim/model/text.h"

namespace kreach {

namespace {

bool SameName(std::string_view a, std::string_view b) { return AsciiLower(a) == AsciiLower(b); }

std::vector<std::string> SplitLabels(std::string_view name) {
  std::vector<std::string> labels;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = name.find('.', start);
    labels.emplace_back(name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return labels;
    start = dot + 1;
  }
}

/// The record-bearing part of an in-zone name: the labels in front of `.<zone>`.
struct ZoneName {
  bool in_zone = false;
  std::vector<std::string> labels;
};

/// Lookups of absolute names against one cluster, and the explanations for names that have no record.
class Resolver {
 public:
  Resolver(const Cluster& cluster, std::string_view client_ns)
      : cluster_(cluster), client_ns_(AsciiLower(client_ns)), zone_(AsciiLower(cluster.config.domain)) {}

  const std::string& zone() const { return zone_; }
  const std::string& client_ns() const { return client_ns_; }
  bool HasService(const std::string& ns, const std::string& name) const { return FindService(ns, name) != nullptr; }
  /// The Service an in-zone `<svc>.<ns>.svc.<zone>` name means, if it exists (with or without a record).
  const Service* MeantService(const std::string& fqdn) const {
    const std::vector<std::string> l = Split(fqdn).labels;
    return l.size() == 3 && l[2] == "svc" ? FindService(l[1], l[0]) : nullptr;
  }

  ZoneName Split(const std::string& fqdn) const {
    ZoneName out;
    std::string suffix = "." + zone_;
    if (!EndsWith(fqdn, suffix) || fqdn.size() == suffix.size()) return out;
    out.in_zone = true;
    out.labels = SplitLabels(std::string_view(fqdn).substr(0, fqdn.size() - suffix.size()));
    return out;
  }

  /// Fills the record fields of `answer` when the absolute name `fqdn` has a record.
  bool Lookup(const std::string& fqdn, DnsAnswer* answer) const {
    ZoneName name = Split(fqdn);
    if (!name.in_zone) return false;
    const std::vector<std::string>& l = name.labels;
    if (l.size() == 3 && l[2] == "svc") return LookupService(l[0], l[1], answer);
    if (l.size() == 4 && l[3] == "svc") return LookupHostname(l[0], l[1], l[2], answer);
    if (l.size() == 3 && l[2] == "pod") return LookupPod(l[0], l[1], answer);
    return false;
  }

  /// Why the in-zone name `fqdn` (one the user evidently meant) has no record. `query_labels` is the form the
  /// user wrote (1 = bare service name, 2 = svc.ns, ...), used to phrase suggestions in that form.
  std::string Explain(const std::string& fqdn, std::size_t query_labels, const std::string& search_note) const {
    const std::vector<std::string> l = Split(fqdn).labels;
    if (l.size() == 3 && l[2] == "svc") return ExplainService(l[0], l[1], query_labels, search_note);
    if (l.size() == 4 && l[3] == "svc") return ExplainHostname(l[0], l[1], l[2]);
    if (l.size() == 3 && l[2] == "pod") return ExplainPod(l[0], l[1]);
    return "";
  }

 private:
  const Service* FindService(const std::string& ns, const std::string& name) const {
    for (const Service& s : cluster_.services) {
      if (SameName(s.ns, ns) && SameName(s.name, name)) return &s;
    }
    return nullptr;
  }

  bool NamespaceExists(const std::string& ns) const {
    for (const Namespace& n : cluster_.namespaces) {
      if (SameName(n.name, ns)) return true;
    }
    return false;
  }

  /// Endpoints of `svc`'s EndpointSlices, ready or not; `ready_only` keeps the ready ones (DNS-2).
  std::vector<const Endpoint*> Endpoints(const Service& svc, bool ready_only) const {
    std::vector<const Endpoint*> out;
    for (const EndpointSlice& slice : cluster_.endpoint_slices) {
      if (slice.ns != svc.ns || slice.service_name != svc.name) continue;
      for (const Endpoint& e : slice.endpoints) {
        if (e.ready || !ready_only) out.push_back(&e);
      }
    }
    return out;
  }

  static void SortUnique(std::vector<Ipv4>* ips) {
    std::sort(ips->begin(), ips->end());
    ips->erase(std::unique(ips->begin(), ips->end()), ips->end());
  }

  bool LookupService(const std::string& name, const std::string& ns, DnsAnswer* answer) const {
    const Service* svc = FindService(ns, name);
    if (svc == nullptr) return false;
    if (svc->type == ServiceType::kExternalName) {
      answer->kind = DnsAnswer::Kind::kExternalName;
      answer->cname = svc->external_name;
    } else if (svc->Headless()) {
      std::vector<Ipv4> ips;
      for (const Endpoint* e : Endpoints(*svc, true)) ips.insert(ips.end(), e->addresses.begin(), e->addresses.end());
      SortUnique(&ips);
      if (ips.empty()) return false;
      answer->kind = DnsAnswer::Kind::kHeadless;
      answer->addresses = std::move(ips);
    } else {
      answer->kind = DnsAnswer::Kind::kServiceVip;
      answer->addresses = svc->cluster_ips;
    }
    answer->service = svc;
    return true;
  }

  bool LookupHostname(const std::string& hostname, const std::string& name, const std::string& ns,
                      DnsAnswer* answer) const {
    const Service* svc = FindService(ns, name);
    if (svc == nullptr || !svc->Headless() || svc->type == ServiceType::kExternalName) return false;
    std::vector<Ipv4> ips;
    const Pod* pod = nullptr;
    for (const Endpoint* e : Endpoints(*svc, true)) {
      if (!SameName(e->hostname, hostname)) continue;
      ips.insert(ips.end(), e->addresses.begin(), e->addresses.end());
      if (pod == nullptr) pod = PodOf(*e);
    }
    SortUnique(&ips);
    if (ips.empty()) return false;
    answer->kind = DnsAnswer::Kind::kHeadless;
    answer->service = svc;
    answer->pod = pod;
    answer->addresses = std::move(ips);
    return true;
  }

  const Pod* PodOf(const Endpoint& e) const {
    std::size_t slash = e.target_pod.find('/');
    if (slash != std::string::npos) {
      const Pod* pod = cluster_.FindPod(e.target_pod.substr(0, slash), e.target_pod.substr(slash + 1));
      if (pod != nullptr) return pod;
    }
    return e.addresses.empty() ? nullptr : cluster_.FindPodByIp(e.addresses.front());
  }

  /// The address in a pod record's first label (`10-244-0-5`), if it is one.
  static std::optional<Ipv4> DashedAddress(const std::string& label) {
    if (std::count(label.begin(), label.end(), '-') != 3) return std::nullopt;
    std::string dotted = label;
    std::replace(dotted.begin(), dotted.end(), '-', '.');
    return ParseIpv4(dotted);
  }

  bool LookupPod(const std::string& label, const std::string& ns, DnsAnswer* answer) const {
    std::optional<Ipv4> ip = DashedAddress(label);
    if (!ip) return false;
    for (const Pod& p : cluster_.pods) {
      if (p.ip == *ip && !p.host_network && SameName(p.ns, ns)) {
        answer->kind = DnsAnswer::Kind::kPod;
        answer->pod = &p;
        answer->addresses = {p.ip};
        return true;
      }
    }
    return false;
  }

  /// `svc` in `ns` written the way the user wrote names: `svc` (same namespace, bare query), `svc.ns`,
  /// `svc.ns.svc`, or the full name.
  std::string Render(const std::string& svc, const std::string& ns, std::size_t query_labels) const {
    if (query_labels == 1 && ns == client_ns_) return svc;
    if (query_labels <= 2) return svc + "." + ns;
    if (query_labels == 3) return svc + "." + ns + ".svc";
    return svc + "." + ns + ".svc." + zone_;
  }

  std::string ExplainService(const std::string& name, const std::string& ns, std::size_t query_labels,
                             const std::string& search_note) const {
    if (const Service* svc = FindService(ns, name)) {
      // Only a headless Service without ready endpoints exists and has no record (DNS-2).
      std::size_t all = Endpoints(*svc, false).size();
      return "headless Service '" + svc->ns + "/" + svc->name + "' has no ready endpoints" +
             (all == 0 ? "" : " (" + std::to_string(all) + " not ready)");
    }
    std::string why = "no Service '" + name + "' in namespace '" + ns + "'";
    std::string hint;
    if (!NamespaceExists(ns)) {
      why += " (no such namespace)";
      std::vector<std::string> namespaces;
      for (const Namespace& n : cluster_.namespaces) namespaces.push_back(n.name);
      std::string closest = SuggestClosest(ns, namespaces);
      if (!closest.empty() && FindService(closest, name) != nullptr) hint = Render(name, closest, query_labels);
    }
    why += search_note;
    if (hint.empty()) {
      for (const Service& s : cluster_.services) {
        if (SameName(s.name, name)) {
          hint = Render(s.name, s.ns, query_labels);
          break;
        }
      }
    }
    if (hint.empty()) {
      std::vector<std::string> names;
      for (const Service& s : cluster_.services) {
        if (SameName(s.ns, ns)) names.push_back(s.name);
      }
      std::string closest = SuggestClosest(name, names);
      if (!closest.empty()) hint = Render(closest, ns, query_labels);
    }
    if (!hint.empty()) why += "; did you mean " + hint + "?";
    return why;
  }

  std::string ExplainHostname(const std::string& hostname, const std::string& name, const std::string& ns) const {
    const Service* svc = FindService(ns, name);
    if (svc == nullptr || svc->type == ServiceType::kExternalName) {
      return "no headless Service '" + name + "' in namespace '" + ns + "', so no per-endpoint name '" + hostname +
             "' (DNS-4: a pod's hostname.subdomain name needs a headless Service named after the subdomain)";
    }
    if (!svc->Headless()) {
      return "Service '" + svc->ns + "/" + svc->name + "' is not headless, so it has no per-endpoint names";
    }
    for (const Endpoint* e : Endpoints(*svc, false)) {
      if (SameName(e->hostname, hostname)) {
        return "the endpoint with hostname '" + hostname + "' of headless Service '" + svc->ns + "/" + svc->name +
               "' is not ready";
      }
    }
    return "headless Service '" + svc->ns + "/" + svc->name + "' has no endpoint with hostname '" + hostname + "'";
  }

  std::string ExplainPod(const std::string& label, const std::string& ns) const {
    std::optional<Ipv4> ip = DashedAddress(label);
    if (!ip) return "'" + label + "' is not an IPv4 address written with dashes (a-b-c-d)";
    std::string why = "no pod with IP " + FormatIpv4(*ip) + " in namespace '" + ns + "'";
    for (const Pod& p : cluster_.pods) {
      if (p.ip != *ip) continue;
      if (p.host_network) return why + "; pod '" + p.Key() + "' uses the host network, which has no pod record";
      return why + "; pod '" + p.Key() + "' has that IP";
    }
    return why;
  }

  const Cluster& cluster_;
  std::string client_ns_;
  std::string zone_;
};

/// The in-zone name a query that found nothing most likely meant, judged by its form; "" when none.
std::string MeantName(const Resolver& resolver, const std::string& q, const std::vector<std::string>& labels,
                      bool absolute) {
  const std::string& zone = resolver.zone();
  if (resolver.Split(q).in_zone) return q;
  if (absolute) return "";
  std::size_t n = labels.size();
  if (n == 1) return q + "." + resolver.client_ns() + ".svc." + zone;
  if (n == 2) {
    // `h.s` is a per-endpoint name when s is a Service of the client's namespace, else `svc.ns`.
    return resolver.HasService(resolver.client_ns(), labels[1]) ? q + "." + resolver.client_ns() + ".svc." + zone
                                                                : q + ".svc." + zone;
  }
  bool typed = labels[n - 1] == "svc" || labels[n - 1] == "pod";
  if ((n == 3 || n == 4) && typed) return q + "." + zone;
  if (n == 3) return q + ".svc." + zone;  // hostname.svc.ns
  return "";
}

}  // namespace

DnsAnswer ResolveName(const Cluster& cluster, std::string_view client_ns, std::string_view name) {
  DnsAnswer answer;
  answer.query = std::string(name);
  Resolver resolver(cluster, client_ns);
  const std::string& zone = resolver.zone();
  std::string q = AsciiLower(name);
  bool absolute = !q.empty() && q.back() == '.';
  if (absolute) q.pop_back();
  std::vector<std::string> labels = SplitLabels(q);
  if (q.empty() || std::any_of(labels.begin(), labels.end(), [](const std::string& l) { return l.empty(); })) {
    answer.why = "'" + answer.query + "' is not a valid DNS name";
    return answer;
  }

  std::vector<std::string> search = {resolver.client_ns() + ".svc." + zone, "svc." + zone, zone};
  std::vector<std::string> candidates;
  if (absolute) {
    candidates = {q};
  } else {
    if (labels.size() > 5) candidates.push_back(q);  // 5 or more dots: as is first (ndots:5)
    for (const std::string& suffix : search) candidates.push_back(q + "." + suffix);
    if (labels.size() <= 5) candidates.push_back(q);
  }
  for (const std::string& fqdn : candidates) {
    answer.tried.push_back(fqdn);
    if (resolver.Lookup(fqdn, &answer)) {
      answer.fqdn = fqdn;
      return answer;
    }
  }

  // NXDOMAIN: explain the name the user evidently meant, judged by the form written.
  answer.kind = DnsAnswer::Kind::kNxdomain;
  std::string meant = MeantName(resolver, q, labels, absolute);
  std::string search_note;
  if (labels.size() == 1 && !absolute) search_note = " (search path " + Join(search, ", ") + ")";
  if (!meant.empty()) {
    answer.why = resolver.Explain(meant, labels.size(), search_note);
    answer.service = resolver.MeantService(meant);  // only a headless Service without ready endpoints
  }
  if (answer.why.empty()) {
    answer.why = "no cluster record for '" + answer.query + "' (tried " + Join(answer.tried, ", ") + ")";
    if (!resolver.Split(q).in_zone) answer.why += "; kreach does not model DNS outside " + zone;
  }
  return answer;
}

bool UsesClusterDns(const Pod& pod) {
  return pod.dns_policy == DnsPolicy::kClusterFirstWithHostNet ||
         (pod.dns_policy == DnsPolicy::kClusterFirst && !pod.host_network);
}

bool InClusterZone(const Cluster& cluster, std::string_view name) {
  std::string host = AsciiLower(name);
  if (!host.empty() && host.back() == '.') host.pop_back();
  const std::string zone = AsciiLower(cluster.config.domain);
  return host == zone || EndsWith(host, "." + zone);
}

bool LooksLikeDnsName(std::string_view text) {
  if (!text.empty() && text.back() == '.') text.remove_suffix(1);
  if (text.empty() || ParseIpv4(text)) return false;
  bool non_digit = false;
  for (const std::string& label : SplitLabels(text)) {
    if (label.empty() || label.size() > 63) return false;
    for (char c : label) {
      bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
      if (!ok) return false;
      if (!std::isdigit(static_cast<unsigned char>(c))) non_digit = true;
    }
  }
  return non_digit;
}

}  // namespace kreach
