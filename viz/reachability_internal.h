// The reachability model's builder, shared by its two files: reachability_model.cc (pods into classes, the class
// matrix, external ranges, workloads and which of them hold ingress controller pods) and reachability_units.cc (which
// boxes are visible, how they merge or aggregate, and the edges between them). Only viz/ includes this.
#ifndef KREACH_VIZ_REACHABILITY_INTERNAL_H_
#define KREACH_VIZ_REACHABILITY_INTERNAL_H_

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "policies/ip_set.h"
#include "policies/port_set.h"
#include "viz/reachability_model.h"

namespace kreach {
namespace reach_internal {

/// Above this many box types the merge step (quadratic in types) is skipped and the picture goes to namespaces.
inline constexpr std::size_t kMaxMergeTypes = 600;
/// Above this many workloads the workload level is never tried, whatever the threshold says.
inline constexpr std::size_t kMaxWorkloadBoxes = 2000;

/// What every pod pair allows and what some pair allows, over a set of pod pairs; `any` is false for no pairs.
struct Fold {
  ConnSet every;
  ConnSet some;
  bool any = false;
  void Add(const ConnSet& c) {
    if (!any) {
      every = c;
      some = c;
      any = true;
      return;
    }
    every = every.Intersect(c);
    some.Add(c);
  }
  void Add(const Fold& f) {
    if (!f.any) return;
    if (!any) {
      *this = f;
      return;
    }
    every = every.Intersect(f.every);
    some.Add(f.some);
  }
  bool operator==(const Fold& o) const { return any == o.any && every == o.every && some == o.some; }
  bool operator!=(const Fold& o) const { return !(*this == o); }
};

/// A workload (or one pod with --expand-pods).
struct Group {
  std::string key;  ///< "shop/web[Deployment]" or, expanded, "shop/web-0"
  std::string ns;
  std::string name;
  std::string kind;
  std::vector<const Pod*> pods;
  std::vector<int> classes;  ///< sorted, unique
  int controller = -1;       ///< index into Network::controllers() when some of its pods serve Ingresses
  int type = -1;
};

/// Everything computed once per model.
class Builder {
 public:
  Builder(const Network& network, const ViewOptions& options)
      : net_(network), cluster_(network.cluster()), engine_(network.engine()), options_(options) {}

  ReachModel Build();

 private:
  /// A box under construction: a set of groups (or an external block).
  struct Unit {
    ReachNode node;
    std::vector<std::size_t> groups;
    std::vector<int> classes;
    int external = -1;  ///< index into ext_
  };
  struct External {
    IpSet addresses;
    std::vector<ConnSet> in;   ///< by class: external → pod
    std::vector<ConnSet> out;  ///< by class: pod → external
  };

  std::size_t PodIndex(const Pod* p) const { return static_cast<std::size_t>(p - cluster_.pods.data()); }
  void Classify();
  void MatrixOfClasses();
  void Externals();
  void Groups();
  void Types();
  Fold Between(const std::vector<int>& a, const std::vector<int>& b) const;
  Fold UnitEdge(const Unit& from, const Unit& to) const;
  Fold Filtered(Fold f) const;
  std::vector<bool> Visible(std::vector<std::string>* notes);
  Unit GroupUnit(std::size_t g) const;
  void FillUnit(Unit& u) const;
  std::vector<Unit> WorkloadUnits(const std::vector<bool>& visible) const;
  bool MergedUnits(const std::vector<bool>& visible, std::vector<Unit>* units, std::size_t* merged_boxes) const;
  std::vector<Unit> NamespaceUnits(const std::vector<bool>& visible) const;
  ReachModel Assemble(std::vector<Unit> units, ReachLevel level) const;
  std::string DeniedReason(const Unit& from, const Unit& to) const;
  bool Pinned(std::size_t g) const { return groups_[g].controller >= 0 || static_cast<int>(g) == focus_; }

  const Network& net_;
  const Cluster& cluster_;
  const PolicyEngine& engine_;
  const ViewOptions& options_;

  std::vector<int> class_of_;                        ///< by pod index
  std::vector<std::vector<const Pod*>> class_pods_;  ///< by class, in cluster order
  /// class × class: an index into conns_, or -1 when a one-pod class meets itself. Sets are interned: a big
  /// cluster has millions of class pairs but few distinct sets.
  std::vector<std::int32_t> matrix_;
  std::vector<ConnSet> conns_;
  std::vector<External> ext_;
  std::vector<Group> groups_;  ///< sorted by key
  std::vector<std::string> type_keys_;
  int focus_ = -1;
};

/// A text that identifies a connection set (ConnSet::ToString hides ICMP next to ports).
std::string ConnKey(const ConnSet& c);

/// "10.0.0.0/8" when the range is one CIDR block, else "10.0.0.1-10.0.0.9".
std::string RangeText(Ipv4 first, Ipv4 last);

/// Up to three ranges of `set`, then "+N more".
std::string RangesText(const IpSet& set);

/// A label for external addresses: "any address" for all of them, "all except X" when that is shorter.
std::string AddressesLabel(const IpSet& set);

ConnSet PortOnly(int port);

}  // namespace reach_internal
}  // namespace kreach

#endif  // KREACH_VIZ_REACHABILITY_INTERNAL_H_
