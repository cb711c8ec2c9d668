// `kreach list`: the connectivity list of np-guard/netpol-analyzer ("connlist", = `roxctl netpol connectivity map`).
#ifndef KREACH_SIM_REPORT_CONNLIST_H_
#define KREACH_SIM_REPORT_CONNLIST_H_

#include <functional>
#include <string>
#include <vector>

#include "policies/port_set.h"
#include "sim/model/cluster.h"
#include "sim/model/ipv4.h"
#include "sim/model/options.h"

namespace kreach {

/// One end of a connlist line: a workload, a range of external addresses, or the ingress controller.
struct ConnListPeer {
  enum class Type { kWorkload, kExternal, kIngressController };
  Type type = Type::kWorkload;
  std::string ns;     ///< kWorkload: the namespace
  OwnerRef workload;  ///< kWorkload: the pods' ListedWorkload ({"Pod", name} for a bare or a static pod)
  Ipv4 first = 0;     ///< kExternal: first address of the range
  Ipv4 last = 0;      ///< kExternal: last address of the range (inclusive)

  static ConnListPeer OfWorkload(std::string ns, OwnerRef ref);
  static ConnListPeer OfRange(Ipv4 first, Ipv4 last);
  static ConnListPeer IngressController();

  bool IsExternal() const { return type == Type::kExternal; }
  /// The analyzer's text: "ns/name[Kind]" (an owner written without a kind prints as "Pod"),
  /// "10.0.0.0-10.255.255.255[External]", "{ingress-controller}".
  std::string ToString() const;
  /// kWorkload: "name[Kind]", the label of the node inside its namespace box in dot output; else ToString().
  std::string Label() const;
};

/// One line of the list: src may reach dst with `conns` (never empty).
struct ConnListEntry {
  ConnListPeer src;
  ConnListPeer dst;
  ConnSet conns;
  std::string src_text;  ///< src.ToString(), kept because sorting and every writer need it
  std::string dst_text;  ///< dst.ToString()
};

/// The result. Invariants: `entries` sorted by (src_text, dst_text), one entry per ordered pair, no pair of a
/// peer with itself, no pair of two external ranges; `workloads` holds every workload peer of the cluster
/// (connected or not) sorted by ToString(), as dot output draws them all.
struct ConnList {
  std::vector<ConnListEntry> entries;
  std::vector<ConnListPeer> workloads;
};

/// Computes the connlist of `cluster` the way netpol-analyzer does:
/// - peers are workloads: pods grouped by (namespace, owner kind, owner name), bare pods alone (so are static
///   pods, whose owner is their Node). A pair's connections are those between the first pod of each group (the
///   analyzer assumes the pods of one owner share their labels and ports). Pods of one workload are never paired
///   with each other.
/// - pods are plain pod-network endpoints: hostNetwork pods are selectable like any other pod and nothing is
///   exempt because two pods share a node or an address (the analyzer knows no nodes).
/// - external peers are the pieces of 0.0.0.0/0 cut at every ipBlock bound: from the ipBlocks of all ingress
///   rules as sources, of all egress rules as destinations (whatever policyTypes says). An external range has no
///   policy of its own, so a range→workload line is the workload's ingress side and workload→range its egress side.
/// - when the cluster has an Ingress whose backend Service (same namespace, with a selector) selects workloads,
///   `{ingress-controller}` (a pod without labels in a namespace "ingress-controller-ns" of its own) reaches each
///   backend over TCP on the Service's targetPort(s) that the backend pods declare as containerPorts (a named
///   targetPort must name a TCP containerPort; a number counts whatever the port's protocol, as in the analyzer),
///   intersected with what the backend's NetworkPolicies allow from that pod.
/// - no pods at all: the list is empty.
/// `options` are the NetworkPolicy switches; `kreach list` passes NetpolAnalyzerCompat() (ipBlock never matches
/// a pod address). Pure function: the same cluster gives the same list.
ConnList ComputeConnList(const Cluster& cluster, const PolicyOptions& options);

/// One line of the list as StreamConnList hands it out: views into the streamer's own peers, valid during the call.
struct ConnListLine {
  const ConnListPeer& src;
  const std::string& src_text;
  const ConnListPeer& dst;
  const std::string& dst_text;
  const ConnSet& conns;
};

/// A strict order on peer texts (ToString()).
using ConnListOrder = std::function<bool(const std::string&, const std::string&)>;

/// ComputeConnList's entries without holding them: `workloads` (may be null) receives ConnList::workloads first,
/// then `line` is called once per entry, sorted by (src_text, dst_text) under `less` (text order gives exactly
/// ComputeConnList's entries in its order). Lines are computed one source peer at a time, so memory is bounded by
/// the number of peers, not of lines (a cluster of 6,000 workloads has up to 36 million lines).
void StreamConnList(const Cluster& cluster, const PolicyOptions& options, const ConnListOrder& less,
                    const std::function<void(const ConnListLine&)>& line,
                    std::vector<ConnListPeer>* workloads = nullptr);

}  // namespace kreach

#endif  // KREACH_SIM_REPORT_CONNLIST_H_
