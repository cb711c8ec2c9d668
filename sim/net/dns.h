// Cluster DNS as a ClusterFirst pod sees it: the records of DNS-1..DNS-4 and the resolver's search path (DNS-5).
#ifndef KREACH_SIM_NET_DNS_H_
#define KREACH_SIM_NET_DNS_H_

#include <string>
#include <string_view>
#include <vector>

#include "sim/model/cluster.h"
#include "sim/model/ipv4.h"

namespace kreach {

/// What a cluster DNS lookup returned for one name.
struct DnsAnswer {
  enum class Kind { kServiceVip, kHeadless, kPod, kExternalName, kNxdomain };
  Kind kind = Kind::kNxdomain;
  std::string query;               ///< the name as asked
  std::string fqdn;                ///< the absolute name that answered (lowercase, no trailing dot); "" for NXDOMAIN
  std::vector<std::string> tried;  ///< absolute names tried, in order (search path, DNS-5), lowercase, no trailing dot
  const Service* service = nullptr;  ///< kServiceVip, kHeadless, kExternalName; for a headless per-endpoint
                                     ///< name (`web-0.web.ns.svc.zone`) the headless Service; kNxdomain: the
                                     ///< headless Service the name meant, when it exists but has no ready endpoint
  const Pod* pod = nullptr;          ///< kPod, or the pod of a headless per-endpoint hostname record
  std::vector<Ipv4> addresses;       ///< ClusterIP(s); ready endpoint IPs (sorted, unique); pod IP
  std::string cname;                 ///< kExternalName: the externalName
  std::string why;                   ///< kNxdomain: a sentence for users, e.g. "no Service 'data' in namespace 'test'
  ///< (search path test.svc.cluster.local, svc.cluster.local, cluster.local); did you mean data.prod?"
};

/// Resolves `name` as a pod in namespace `client_ns` with dnsPolicy ClusterFirst would.
///
/// Search (DNS-5, glibc order): a name with a trailing dot is tried as is only; one with fewer than 5 dots is tried
/// with each suffix of `<ns>.svc.<zone> svc.<zone> <zone>` and then as is; one with 5 or more dots as is first,
/// then with the suffixes. The first name that has a record answers; every name tried is listed in `tried`.
/// Records (zone = cluster.config.domain): DNS-1 A `<svc>.<ns>.svc.<zone>` → ClusterIP(s); DNS-2 headless: the
/// ready endpoint IPs of the EndpointSlices whose service_name is the Service (NXDOMAIN when none is ready), and
/// `<hostname>.<svc>.<ns>.svc.<zone>` for ready endpoints with that hostname; DNS-3 CNAME → externalName (also
/// when the value looks like IPv4: the caller decides it cannot resolve, SVC-20/E51); DNS-4
/// `<a-b-c-d>.<ns>.pod.<zone>` → a pod of that namespace with that IP (not hostNetwork). Names compare
/// case-insensitively (DNS-8). Names outside the zone are NXDOMAIN (upstream DNS is not modelled). SRV records,
/// dnsPolicy (DNS-6) and the policy check of the lookup itself (DNS-7) are the caller's.
DnsAnswer ResolveName(const Cluster& cluster, std::string_view client_ns, std::string_view name);

/// True when `pod` resolves names with the cluster DNS (DNS-6): dnsPolicy ClusterFirst on the pod network, or
/// ClusterFirstWithHostNet. Default uses the node's resolver, None only its dnsConfig.
bool UsesClusterDns(const Pod& pod);

/// True when `name` (any case, a trailing dot allowed) is the cluster domain or a name under it: the cluster DNS
/// answers it itself and never asks upstream.
bool InClusterZone(const Cluster& cluster, std::string_view name);

/// True when `text` looks like a DNS name a user means to resolve: labels of letters, digits, '-' and '_' separated
/// by single dots (a trailing dot allowed), at least one character that is not a digit, so neither an IPv4
/// address nor text with '/' or ':' (a URL, a `ns/pod` endpoint, a port).
bool LooksLikeDnsName(std::string_view text);

}  // namespace kreach

#endif  // KREACH_SIM_NET_DNS_H_
