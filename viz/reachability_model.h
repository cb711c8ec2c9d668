// The reachability picture before DOT: which boxes (workloads, merged workloads, namespaces, external address
// ranges, ingress controllers) and which arrows (allowed connection sets between them) the view draws. Kept apart
// from the drawing so that tests can check the numbers without parsing DOT.
#ifndef KREACH_VIZ_REACHABILITY_MODEL_H_
#define KREACH_VIZ_REACHABILITY_MODEL_H_

#include <cstddef>
#include <string>
#include <vector>

#include "policies/ip_set.h"
#include "policies/port_set.h"
#include "sim/net/network.h"
#include "viz/views.h"

namespace kreach {

/// At most this many edges are drawn; above it the model aggregates further (or, at namespace level, drops the
/// rest and says so).
inline constexpr std::size_t kReachMaxEdges = 400;

/// One box of the reachability picture.
struct ReachNode {
  enum class Kind {
    kWorkload,    ///< one workload (or one pod with --expand-pods)
    kMerged,      ///< several workloads with identical connectivity
    kNamespace,   ///< every workload of a namespace (namespace level)
    kController,  ///< a workload (or pod) holding ingress controller pods; its arrows are folded like any other
    kExternal,    ///< addresses outside the cluster that every policy treats alike
  };
  Kind kind = Kind::kWorkload;
  std::string id;     ///< unique and stable: "w:shop/web[Deployment]", "p:shop/web-0", "x:0.0.0.0", "ns:shop", ...
  std::string ns;     ///< the namespace frame it is drawn in ("" = none)
  std::string label;  ///< "web ×3", "web-0", "4 workloads: a, b, c…", "0.0.0.0-9.255.255.255", "namespace shop"
  std::vector<std::string> members;  ///< workload keys ("shop/web[Deployment]") it stands for, sorted
  std::size_t pods = 0;
  bool implied = false;  ///< every pod of it was implied by kreach (implied DNS, implied controller)
  /// Pods selected for ingress / egress by some policy: none, some or all of them.
  enum class Isolation { kNone, kSome, kAll };
  Isolation ingress = Isolation::kNone;
  Isolation egress = Isolation::kNone;
  std::vector<std::string> ingress_policies;  ///< "ns/name" of policies selecting its pods for ingress, sorted
  std::vector<std::string> egress_policies;
  IpSet addresses;  ///< kExternal: the addresses it stands for
};

/// One arrow: `from` may reach `to`. `every` is what every pod pair of the two boxes allows (the label), `some`
/// what at least one pair allows (⊇ every); the edge is partial when they differ.
struct ReachEdge {
  std::size_t from = 0;  ///< index into ReachModel::nodes
  std::size_t to = 0;
  ConnSet every;
  ConnSet some;
  bool denied = false;  ///< --denied: no pod pair allows anything (on --port, if given); `reason` says why
  std::string reason;
  bool partial() const { return !denied && every != some; }
};

enum class ReachLevel { kWorkloads, kMerged, kNamespaces };

struct ReachModel {
  ReachLevel level = ReachLevel::kWorkloads;
  std::vector<ReachNode> nodes;  ///< sorted by id
  std::vector<ReachEdge> edges;  ///< sorted by (from id, to id, denied)
  /// What the picture should say besides boxes and arrows (aggregation, filters, dropped edges).
  std::vector<std::string> notes;
  std::size_t workloads = 0;  ///< workload boxes before aggregation (after filters)
  /// Index of the node with `id`, or nodes.size() when absent.
  std::size_t Find(const std::string& id) const;
};

/// Computes the picture for `network` under the reachability options of `options` (ns, focus, port,
/// expand_pods, denied, aggregate_threshold). Pure: the same input gives the same model.
ReachModel BuildReachModel(const Network& network, const ViewOptions& options);

}  // namespace kreach

#endif  // KREACH_VIZ_REACHABILITY_MODEL_H_
