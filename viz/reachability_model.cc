// How the reachability picture is computed. Pods are first sorted into classes: pods with the same selecting
// policies, the same policy peers matching them and the same container ports get the same allowed connections to
// and from every other pod, so the policy engine is asked once per pair of classes (with two distinct pods when a
// class meets itself). Every box is then a set of pods; an arrow between two boxes folds the class matrix over
// their classes: the intersection is what every pod pair allows, the union what some pair allows. Boxes never
// share pods, so the fold is exact.
#include "viz/reachability_model.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "policies/fast_engine.h"
#include "sim/model/ipv4.h"
#include "sim/model/workload_key.h"

namespace kreach {

namespace {

constexpr const char* kImpliedSource = "<implied>";
/// Above this many box types the merge step (quadratic in types) is skipped and the picture goes to namespaces.
constexpr std::size_t kMaxMergeTypes = 600;
/// Above this many workloads the workload level is never tried, whatever the threshold says.
constexpr std::size_t kMaxWorkloadBoxes = 2000;

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

/// A text that identifies a connection set (ConnSet::ToString hides ICMP next to ports).
std::string ConnKey(const ConnSet& c) { return c.ToString() + (c.icmp() ? "+icmp" : ""); }

std::string JoinSorted(std::set<std::string> items, const std::string& sep) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

/// "10.0.0.0/8" when the range is one CIDR block, else "10.0.0.1-10.0.0.9".
std::string RangeText(Ipv4 first, Ipv4 last) {
  std::uint64_t size = std::uint64_t{last} - first + 1;
  if ((size & (size - 1)) == 0 && (first & (size - 1)) == 0) {
    int len = 32;
    while (size > 1) {
      size >>= 1;
      --len;
    }
    return FormatIpv4(first) + "/" + std::to_string(len);
  }
  return FormatIpv4(first) + "-" + FormatIpv4(last);
}

/// Up to three ranges of `set`, then "+N more".
std::string RangesText(const IpSet& set) {
  std::string out;
  std::size_t n = 0;
  for (const auto& [first, last] : set.intervals()) {
    if (n == 3) return out + " +" + std::to_string(set.intervals().size() - 3) + " more";
    out += (out.empty() ? "" : ", ") + RangeText(first, last);
    ++n;
  }
  return out;
}

/// A label for external addresses: "any address" for all of them, "all except X" when that is shorter.
std::string AddressesLabel(const IpSet& set) {
  if (set == IpSet::All()) return "any address (0.0.0.0/0)";
  IpSet rest = IpSet::All().Subtract(set);
  if (rest.intervals().size() < set.intervals().size()) return "all addresses except " + RangesText(rest);
  return RangesText(set);
}

ConnSet PortOnly(int port) {
  ConnSet c;
  c.Add(Protocol::kTCP, port, port);
  return c;
}

/// A workload (or one pod with --expand-pods).
struct Group {
  std::string key;  ///< "shop/web[Deployment]" or, expanded, "shop/web-0"
  std::string ns;
  std::string name;
  std::string kind;
  std::vector<const Pod*> pods;
  std::vector<int> classes;  ///< sorted, unique
  int controller = -1;       ///< index into Network::controllers() when its pods serve Ingresses
  int type = -1;
  std::vector<Fold> routed;  ///< per controller: what it reaches on this group's pods through Ingresses
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
    int controller = -1;
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
  void Routed();
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

void Builder::Classify() {
  const std::size_t n = cluster_.pods.size();
  // Which policy peers match each pod.
  std::vector<std::vector<int>> peers(n);
  int peer_id = 0;
  for (const NetworkPolicy& np : cluster_.network_policies) {
    for (const auto* rules : {&np.ingress, &np.egress}) {
      for (const PolicyRule& rule : *rules) {
        for (const PolicyPeer& peer : rule.peers) {
          for (const Pod* p : engine_.PeerPods(np, peer)) peers[PodIndex(p)].push_back(peer_id);
          ++peer_id;
        }
      }
    }
  }
  const bool any_host_network =
      std::any_of(cluster_.pods.begin(), cluster_.pods.end(), [](const Pod& p) { return p.host_network; });
  auto policy_ids = [&](const std::vector<const NetworkPolicy*>& list) {
    std::string s;
    for (const NetworkPolicy* np : list) s += std::to_string(np - cluster_.network_policies.data()) + ",";
    return s;
  };
  std::map<std::string, int> by_signature;
  class_of_.assign(n, -1);
  for (std::size_t i = 0; i < n; ++i) {
    const Pod& p = cluster_.pods[i];
    std::string sig = policy_ids(engine_.Selecting(p, Direction::kIngress)) + "|" +
                      policy_ids(engine_.Selecting(p, Direction::kEgress)) + "|";
    for (int id : peers[i]) sig += std::to_string(id) + ",";
    sig += "|";
    for (const ContainerPort& cp : p.ports) {
      sig += cp.name + ":" + std::to_string(cp.port) + ":" + std::to_string(static_cast<int>(cp.protocol)) + ",";
    }
    // A hostNetwork pod speaks with its node's address: it is alone in its class, and node exemptions make the
    // other end's node matter.
    if (p.host_network) sig += "|host:" + std::to_string(i);
    if (any_host_network) sig += "|node:" + p.node;
    auto [it, fresh] = by_signature.emplace(sig, static_cast<int>(class_pods_.size()));
    if (fresh) class_pods_.emplace_back();
    class_of_[i] = it->second;
    class_pods_[it->second].push_back(&p);
  }
}

void Builder::MatrixOfClasses() {
  const std::size_t c = class_pods_.size();
  matrix_.assign(c * c, -1);
  // Pod pairs from the whole-cluster engine (equal to PolicyEngine::Allowed pod by pod, tests/property/fast_*).
  std::shared_ptr<const ReachabilityMatrix> reach = engine_.reach();  // compiled once with the engine
  std::map<std::string, std::int32_t> interned;
  for (std::size_t a = 0; a < c; ++a) {
    for (std::size_t b = 0; b < c; ++b) {
      const Pod* src = class_pods_[a].front();
      const Pod* dst = class_pods_[b].front();
      if (a == b) {
        if (class_pods_[b].size() < 2) continue;
        dst = class_pods_[b][1];
      }
      ConnSet allowed = reach->Allowed(PodIndex(src), PodIndex(dst));
      auto [it, fresh] = interned.emplace(ConnKey(allowed), static_cast<std::int32_t>(conns_.size()));
      if (fresh) conns_.push_back(std::move(allowed));
      matrix_[a * c + b] = it->second;
    }
  }
}

void Builder::Externals() {
  std::vector<IpBlock> blocks;
  for (const NetworkPolicy& np : cluster_.network_policies) {
    for (const auto* rules : {&np.ingress, &np.egress}) {
      for (const PolicyRule& rule : *rules) {
        for (const PolicyPeer& peer : rule.peers) {
          if (peer.ip_block) blocks.push_back(*peer.ip_block);
        }
      }
    }
  }
  std::set<Ipv4> used;
  for (const Pod& p : cluster_.pods) used.insert({p.ip, p.host_ip});
  for (const Node& node : cluster_.nodes) used.insert(node.addresses.begin(), node.addresses.end());
  std::map<std::string, std::size_t> by_behaviour;
  for (const auto& [first, last] : IpAtoms(blocks)) {
    Ipv4 probe = first;
    while (used.count(probe) && probe != last) ++probe;
    External e;
    e.addresses.Add(first, last);
    std::string key;
    for (const auto& pods : class_pods_) {
      e.in.push_back(engine_.Allowed(Peer::OfIp(probe), Peer::OfPod(*pods.front())));
      e.out.push_back(engine_.Allowed(Peer::OfPod(*pods.front()), Peer::OfIp(probe)));
      key += ConnKey(e.in.back()) + ">" + ConnKey(e.out.back()) + ";";
    }
    auto [it, fresh] = by_behaviour.emplace(key, ext_.size());
    if (fresh) {
      ext_.push_back(std::move(e));
    } else {
      ext_[it->second].addresses.Add(first, last);
    }
  }
}

void Builder::Groups() {
  std::map<std::string, Group> by_key;
  for (const Pod& p : cluster_.pods) {
    Group g;
    if (options_.expand_pods) {
      g.key = p.Key();
      g.name = p.name;
      g.kind = "Pod";
    } else {
      OwnerRef ref = ListedWorkload(p);  // a static pod stands on its own, as in list and matrix
      g.name = ref.name;
      g.kind = ref.kind;
      g.key = WorkloadKey(p.ns, ref);
    }
    g.ns = p.ns;
    auto it = by_key.emplace(g.key, std::move(g)).first;
    it->second.pods.push_back(&p);
  }
  for (auto& [key, g] : by_key) {
    std::set<int> classes;
    for (const Pod* p : g.pods) classes.insert(class_of_[PodIndex(p)]);
    g.classes.assign(classes.begin(), classes.end());
    groups_.push_back(std::move(g));
  }
  const auto& controllers = net_.controllers();
  for (std::size_t k = 0; k < controllers.size(); ++k) {
    for (Group& g : groups_) {
      bool serves = std::any_of(g.pods.begin(), g.pods.end(), [&](const Pod* p) {
        return std::find(controllers[k].pods.begin(), controllers[k].pods.end(), p) != controllers[k].pods.end();
      });
      if (serves && g.controller < 0) g.controller = static_cast<int>(k);
    }
  }
}

void Builder::Routed() {
  const auto& controllers = net_.controllers();
  if (controllers.empty()) return;
  const std::vector<GraphVertex> vertices = net_.Vertices();
  std::map<int, std::vector<std::pair<int, int>>> out;  // vertex → (to, edge index)
  const std::vector<Network::EdgeView> edges = net_.Edges();
  for (std::size_t i = 0; i < edges.size(); ++i) out[edges[i].from].emplace_back(edges[i].to, static_cast<int>(i));
  std::map<const Pod*, std::size_t> group_of;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    groups_[g].routed.assign(controllers.size(), Fold{});
    for (const Pod* p : groups_[g].pods) group_of[p] = g;
  }
  for (std::size_t k = 0; k < controllers.size(); ++k) {
    std::map<const Pod*, ConnSet> reach;  // backend pod → routed ports (before policy)
    for (const auto& [proxy_to, proxy_edge] : out[net_.ControllerVertex(static_cast<int>(k))]) {
      if (edges[proxy_edge].edge.kind != GraphEdge::Kind::kProxy) continue;
      const GraphVertex& frontend = vertices[proxy_to];
      if (!frontend.port) continue;
      for (const auto& [to, e] : out[proxy_to]) {
        const GraphEdge& dnat = edges[e].edge;
        if (dnat.kind != GraphEdge::Kind::kDnat || !dnat.backend.pod) continue;
        reach[dnat.backend.pod].Add(frontend.port->protocol, dnat.backend.port, dnat.backend.port);
      }
    }
    for (const auto& [pod, ports] : reach) {
      auto g = group_of.find(pod);
      if (g == group_of.end()) continue;
      for (const Pod* cp : controllers[k].pods) {
        if (cp == pod) continue;
        groups_[g->second].routed[k].Add(ports.Intersect(engine_.Allowed(Peer::OfPod(*cp), Peer::OfPod(*pod))));
      }
    }
  }
}

void Builder::Types() {
  std::map<std::string, int> by_key;
  for (Group& g : groups_) {
    std::string key;
    for (int c : g.classes) key += std::to_string(c) + ",";
    for (const Fold& f : g.routed) key += "|" + (f.any ? ConnKey(f.every) + "/" + ConnKey(f.some) : "-");
    if (g.controller >= 0) key += "|controller" + std::to_string(g.controller);
    auto [it, fresh] = by_key.emplace(key, static_cast<int>(type_keys_.size()));
    if (fresh) type_keys_.push_back(key);
    g.type = it->second;
  }
}

Fold Builder::Between(const std::vector<int>& a, const std::vector<int>& b) const {
  Fold f;
  const std::size_t c = class_pods_.size();
  std::vector<char> seen(conns_.size(), 0);  // folding is idempotent: each distinct set once
  for (int x : a) {
    for (int y : b) {
      std::int32_t id = matrix_[static_cast<std::size_t>(x) * c + static_cast<std::size_t>(y)];
      if (id >= 0) seen[static_cast<std::size_t>(id)] = 1;
    }
  }
  for (std::size_t i = 0; i < seen.size(); ++i) {
    if (seen[i]) f.Add(conns_[i]);
  }
  return f;
}

Fold Builder::Filtered(Fold f) const {
  if (!f.any || !options_.port) return f;
  const int port = *options_.port;
  if (!f.some.Contains(Protocol::kTCP, port)) return Fold{};
  Fold out;
  out.any = true;
  out.some = PortOnly(port);
  out.every = f.every.Contains(Protocol::kTCP, port) ? PortOnly(port) : ConnSet::None();
  return out;
}

Fold Builder::UnitEdge(const Unit& from, const Unit& to) const {
  Fold f;
  if (from.external >= 0 && to.external >= 0) return f;
  if (from.external >= 0) {
    for (int c : to.classes) f.Add(ext_[from.external].in[c]);
  } else if (to.external >= 0) {
    for (int c : from.classes) f.Add(ext_[to.external].out[c]);
  } else if (from.controller >= 0) {
    // Workloads the controller routes nothing to count as "nothing" next to routed ones (a partial edge).
    bool routed = false;
    for (std::size_t g : to.groups) {
      routed = routed || groups_[g].routed[from.controller].any;
      f.Add(groups_[g].routed[from.controller]);
    }
    if (routed && f.any) {
      for (std::size_t g : to.groups) {
        if (!groups_[g].routed[from.controller].any) f.Add(ConnSet::None());
      }
    }
  } else {
    f = Between(from.classes, to.classes);
  }
  return Filtered(f);
}

std::vector<bool> Builder::Visible(std::vector<std::string>* notes) {
  std::vector<bool> visible(groups_.size(), true);
  auto edge = [&](std::size_t a, std::size_t b) {
    Fold f = groups_[a].controller >= 0 ? groups_[b].routed[groups_[a].controller]
                                        : Between(groups_[a].classes, groups_[b].classes);
    f = Filtered(f);
    return f.any && !f.some.Empty();
  };
  auto neighbours_of = [&](const std::vector<std::size_t>& core) {
    std::vector<bool> keep(groups_.size(), false);
    for (std::size_t c : core) keep[c] = true;
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      if (!visible[g] || keep[g]) continue;
      for (std::size_t c : core) {
        if (edge(c, g) || edge(g, c)) {
          keep[g] = true;
          break;
        }
      }
    }
    return keep;
  };
  if (!options_.ns.empty()) {
    std::vector<std::size_t> core;
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      if (groups_[g].ns == options_.ns) core.push_back(g);
    }
    if (core.empty()) notes->push_back("--namespace " + options_.ns + " matches no pod");
    visible = neighbours_of(core);
  }
  if (!options_.focus.empty()) {
    for (std::size_t g = 0; g < groups_.size() && focus_ < 0; ++g) {
      const Group& gr = groups_[g];
      std::string plain = gr.ns + "/" + gr.name;
      if (options_.focus == gr.key || options_.focus == plain) focus_ = static_cast<int>(g);
    }
    for (std::size_t g = 0; g < groups_.size() && focus_ < 0; ++g) {  // a pod name picks its workload
      for (const Pod* p : groups_[g].pods) {
        if (p->Key() == options_.focus) focus_ = static_cast<int>(g);
      }
    }
    if (focus_ < 0) {
      notes->push_back("--focus " + options_.focus + " matches no workload");
    } else if (options_.denied) {
      visible.assign(groups_.size(), true);
      visible[focus_] = true;
    } else {
      visible[focus_] = true;
      visible = neighbours_of({static_cast<std::size_t>(focus_)});
    }
  }
  if (options_.denied && options_.focus.empty()) notes->push_back("--denied needs --focus: no denied edges drawn");
  return visible;
}

void Builder::FillUnit(Unit& u) const {
  std::set<int> classes;
  std::set<std::string> in_policies, eg_policies, members;
  std::size_t pods = 0, in_isolated = 0, eg_isolated = 0, implied = 0;
  for (std::size_t g : u.groups) {
    const Group& gr = groups_[g];
    classes.insert(gr.classes.begin(), gr.classes.end());
    members.insert(gr.key);
    for (const Pod* p : gr.pods) {
      ++pods;
      if (p->origin.source == kImpliedSource) ++implied;
      const auto& in = engine_.Selecting(*p, Direction::kIngress);
      const auto& eg = engine_.Selecting(*p, Direction::kEgress);
      if (!in.empty()) ++in_isolated;
      if (!eg.empty()) ++eg_isolated;
      for (const NetworkPolicy* np : in) in_policies.insert(np->Key());
      for (const NetworkPolicy* np : eg) eg_policies.insert(np->Key());
    }
  }
  auto level = [&](std::size_t n) {
    return n == 0 ? ReachNode::Isolation::kNone
                  : (n == pods ? ReachNode::Isolation::kAll : ReachNode::Isolation::kSome);
  };
  u.classes.assign(classes.begin(), classes.end());
  u.node.members.assign(members.begin(), members.end());
  u.node.pods = pods;
  u.node.implied = pods > 0 && implied == pods;
  u.node.ingress = level(in_isolated);
  u.node.egress = level(eg_isolated);
  u.node.ingress_policies.assign(in_policies.begin(), in_policies.end());
  u.node.egress_policies.assign(eg_policies.begin(), eg_policies.end());
}

Builder::Unit Builder::GroupUnit(std::size_t g) const {
  const Group& gr = groups_[g];
  Unit u;
  u.groups = {g};
  u.controller = gr.controller;
  u.node.kind = gr.controller >= 0 ? ReachNode::Kind::kController : ReachNode::Kind::kWorkload;
  u.node.id = (options_.expand_pods ? "p:" : "w:") + gr.key;
  u.node.ns = gr.ns;
  u.node.label = gr.name + (gr.pods.size() > 1 ? " \u00d7" + std::to_string(gr.pods.size()) : "");
  FillUnit(u);
  return u;
}

std::vector<Builder::Unit> Builder::WorkloadUnits(const std::vector<bool>& visible) const {
  std::vector<Unit> units;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    if (visible[g]) units.push_back(GroupUnit(g));
  }
  return units;
}

bool Builder::MergedUnits(const std::vector<bool>& visible, std::vector<Unit>* units, std::size_t* merged_boxes) const {
  // Types of the visible groups, and of the pinned ones (which stay boxes of their own).
  std::vector<int> types;
  std::vector<bool> free_type(type_keys_.size(), false);
  std::set<int> seen;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    if (!visible[g]) continue;
    if (seen.insert(groups_[g].type).second) types.push_back(groups_[g].type);
    if (!Pinned(g)) free_type[groups_[g].type] = true;
  }
  if (types.size() > kMaxMergeTypes) return false;
  std::map<int, std::vector<int>> type_classes;
  std::map<int, std::vector<Fold>> type_routed;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    type_classes[groups_[g].type] = groups_[g].classes;
    type_routed[groups_[g].type] = groups_[g].routed;
  }
  const std::size_t t = types.size();
  std::vector<Fold> tm(t * t);
  for (std::size_t a = 0; a < t; ++a) {
    for (std::size_t b = 0; b < t; ++b) tm[a * t + b] = Between(type_classes[types[a]], type_classes[types[b]]);
  }
  auto iso = [&](int type) {
    std::string key;
    for (int c : type_classes[type]) {
      const Pod& p = *class_pods_[c].front();
      key += engine_.Isolated(p, Direction::kIngress) ? "i" : "-";
      key += engine_.Isolated(p, Direction::kEgress) ? "e" : "-";
    }
    return key;
  };
  auto ext_key = [&](int type) {
    std::string key;
    for (const External& e : ext_) {
      Fold in, out;
      for (int c : type_classes[type]) {
        in.Add(e.in[c]);
        out.Add(e.out[c]);
      }
      key += ConnKey(in.every) + ConnKey(in.some) + ">" + ConnKey(out.every) + ConnKey(out.some) + ";";
    }
    return key;
  };
  auto compatible = [&](std::size_t a, std::size_t r) {
    for (std::size_t x = 0; x < t; ++x) {
      if (x == a || x == r) continue;
      if (tm[a * t + x] != tm[r * t + x] || tm[x * t + a] != tm[x * t + r]) return false;
    }
    return type_routed[types[a]] == type_routed[types[r]] && iso(types[a]) == iso(types[r]) &&
           ext_key(types[a]) == ext_key(types[r]);
  };
  std::vector<std::vector<std::size_t>> blocks;  // type positions
  for (std::size_t a = 0; a < t; ++a) {
    if (!free_type[types[a]]) continue;
    bool placed = false;
    for (auto& block : blocks) {
      if (compatible(a, block.front())) {
        block.push_back(a);
        placed = true;
        break;
      }
    }
    if (!placed) blocks.push_back({a});
  }
  units->clear();
  *merged_boxes = 0;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    if (visible[g] && Pinned(g)) units->push_back(GroupUnit(g));
  }
  for (const auto& block : blocks) {
    std::set<int> in_block;
    for (std::size_t a : block) in_block.insert(types[a]);
    std::vector<std::size_t> members;
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      if (visible[g] && !Pinned(g) && in_block.count(groups_[g].type)) members.push_back(g);
    }
    if (members.size() == 1) {
      units->push_back(GroupUnit(members.front()));
      continue;
    }
    ++*merged_boxes;
    Unit u;
    u.groups = members;
    u.node.kind = ReachNode::Kind::kMerged;
    std::set<std::string> namespaces;
    std::string names;
    for (std::size_t i = 0; i < members.size(); ++i) namespaces.insert(groups_[members[i]].ns);
    for (std::size_t i = 0; i < members.size() && i < 3; ++i) {
      const Group& gr = groups_[members[i]];
      names += (i ? ", " : "") + (namespaces.size() > 1 ? gr.ns + "/" : std::string()) + gr.name;
    }
    u.node.ns = namespaces.size() == 1 ? *namespaces.begin() : "";
    u.node.id = "m:" + groups_[members.front()].key;
    u.node.label = std::to_string(members.size()) + " workloads: " + names + (members.size() > 3 ? ", \u2026" : "");
    FillUnit(u);
    units->push_back(std::move(u));
  }
  return true;
}

std::vector<Builder::Unit> Builder::NamespaceUnits(const std::vector<bool>& visible) const {
  std::vector<Unit> units;
  std::map<std::string, std::vector<std::size_t>> by_ns;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    if (!visible[g]) continue;
    if (Pinned(g)) {
      units.push_back(GroupUnit(g));
    } else {
      by_ns[groups_[g].ns].push_back(g);
    }
  }
  for (const auto& [ns, members] : by_ns) {
    Unit u;
    u.groups = members;
    u.node.kind = ReachNode::Kind::kNamespace;
    u.node.id = "ns:" + ns;
    u.node.label =
        "namespace " + ns + "\n" + std::to_string(members.size()) + " workload" + (members.size() == 1 ? "" : "s");
    FillUnit(u);
    units.push_back(std::move(u));
  }
  return units;
}

std::string Builder::DeniedReason(const Unit& from, const Unit& to) const {
  const Pod* src = groups_[from.groups.front()].pods.front();
  const Pod* dst = groups_[to.groups.front()].pods.front();
  if (src == dst && groups_[from.groups.front()].pods.size() > 1) dst = groups_[from.groups.front()].pods[1];
  std::string out = "no rule allows";
  if (options_.port) {
    Verdict v = engine_.Evaluate(Peer::OfPod(*src), Peer::OfPod(*dst), Protocol::kTCP, *options_.port);
    out += " TCP/" + std::to_string(*options_.port);
    if (!v.egress.allowed) out += "\n" + v.egress.ToString(Direction::kEgress);
    if (!v.ingress.allowed) out += "\n" + v.ingress.ToString(Direction::kIngress);
    return out;
  }
  out += " any connection";
  if (!from.node.egress_policies.empty()) {
    std::set<std::string> p(from.node.egress_policies.begin(), from.node.egress_policies.end());
    out += "\n" + from.node.label + " is isolated for egress by " + JoinSorted(p, ", ");
  }
  if (!to.node.ingress_policies.empty()) {
    std::set<std::string> p(to.node.ingress_policies.begin(), to.node.ingress_policies.end());
    out += "\n" + to.node.label + " is isolated for ingress by " + JoinSorted(p, ", ");
  }
  return out;
}

ReachModel Builder::Assemble(std::vector<Unit> units, ReachLevel level) const {
  // External boxes.
  for (std::size_t e = 0; e < ext_.size(); ++e) {
    Unit u;
    u.external = static_cast<int>(e);
    u.node.kind = ReachNode::Kind::kExternal;
    u.node.id = "x:" + FormatIpv4(ext_[e].addresses.intervals().front().first);
    u.node.addresses = ext_[e].addresses;
    u.node.label = AddressesLabel(ext_[e].addresses);
    units.push_back(std::move(u));
  }
  std::sort(units.begin(), units.end(), [](const Unit& a, const Unit& b) { return a.node.id < b.node.id; });
  ReachModel model;
  model.level = level;
  std::vector<bool> used(units.size(), false);
  const std::size_t focus_unit = [&] {
    for (std::size_t i = 0; i < units.size(); ++i) {
      if (focus_ >= 0 && units[i].groups.size() == 1 && units[i].groups.front() == static_cast<std::size_t>(focus_)) {
        return i;
      }
    }
    return units.size();
  }();
  std::vector<ReachEdge> edges;
  for (std::size_t a = 0; a < units.size(); ++a) {
    for (std::size_t b = 0; b < units.size(); ++b) {
      if (a == b) continue;
      Fold f = UnitEdge(units[a], units[b]);
      bool allowed = f.any && !f.some.Empty();
      const bool in_ns = options_.ns.empty() || units[a].node.ns == options_.ns || units[b].node.ns == options_.ns;
      if (allowed && in_ns && (focus_unit == units.size() || a == focus_unit || b == focus_unit)) {
        edges.push_back(ReachEdge{a, b, f.every, f.some, false, ""});
      } else if (!allowed && options_.denied && focus_unit < units.size() && (a == focus_unit || b == focus_unit) &&
                 units[a].external < 0 && units[b].external < 0 && units[a].controller < 0) {
        edges.push_back(ReachEdge{a, b, ConnSet::None(), ConnSet::None(), true, DeniedReason(units[a], units[b])});
      }
    }
  }
  for (const ReachEdge& e : edges) used[e.from] = used[e.to] = true;
  // Keep every non-external box (an isolated workload with no edge is news too); external boxes only when joined.
  std::vector<std::size_t> index(units.size(), units.size());
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (units[i].external >= 0 && !used[i]) continue;
    index[i] = model.nodes.size();
    model.nodes.push_back(std::move(units[i].node));
  }
  for (ReachEdge& e : edges) {
    e.from = index[e.from];
    e.to = index[e.to];
    model.edges.push_back(std::move(e));
  }
  return model;
}

ReachModel Builder::Build() {
  ReachModel empty;
  if (cluster_.pods.empty()) {
    empty.notes.push_back("the input has no pods: nothing to draw");
    return empty;
  }
  Classify();
  MatrixOfClasses();
  Externals();
  Groups();
  Routed();
  Types();
  std::vector<std::string> notes;
  const std::vector<bool> visible = Visible(&notes);
  const std::size_t workloads = static_cast<std::size_t>(std::count(visible.begin(), visible.end(), true));
  const std::size_t threshold = std::max<std::size_t>(options_.aggregate_threshold, 1);
  const std::string what = options_.expand_pods ? " pods" : " workloads";

  auto finish = [&](ReachModel m) {
    m.workloads = workloads;
    m.notes.insert(m.notes.begin(), notes.begin(), notes.end());
    return m;
  };
  if (workloads <= threshold && workloads <= kMaxWorkloadBoxes) {
    ReachModel m = Assemble(WorkloadUnits(visible), ReachLevel::kWorkloads);
    if (m.edges.size() <= kReachMaxEdges) return finish(std::move(m));
    notes.push_back(std::to_string(m.edges.size()) + " edges between " + std::to_string(workloads) + what +
                    " are more than " + std::to_string(kReachMaxEdges) + ": aggregating");
  }
  std::vector<Unit> units;
  std::size_t merged = 0;
  if (MergedUnits(visible, &units, &merged)) {
    std::size_t boxes = units.size();
    if (boxes <= threshold) {
      ReachModel m = Assemble(std::move(units), ReachLevel::kMerged);
      if (m.edges.size() <= kReachMaxEdges) {
        notes.push_back("aggregated: " + std::to_string(workloads) + what + " drawn as " + std::to_string(boxes) +
                        " boxes; " + std::to_string(merged) +
                        " boxes merge workloads with identical connectivity (threshold " + std::to_string(threshold) +
                        ")");
        return finish(std::move(m));
      }
      notes.push_back("merged picture still has " + std::to_string(m.edges.size()) + " edges");
    } else {
      notes.push_back("merging identical workloads leaves " + std::to_string(boxes) + " boxes, more than " +
                      std::to_string(threshold));
    }
  } else {
    notes.push_back("too many kinds of connectivity to merge workloads");
  }
  ReachModel m = Assemble(NamespaceUnits(visible), ReachLevel::kNamespaces);
  notes.push_back("aggregated to namespace level: " + std::to_string(workloads) + what + " drawn as one box per " +
                  "namespace (threshold " + std::to_string(threshold) + ")");
  if (m.edges.size() > kReachMaxEdges) {
    notes.push_back("only the first " + std::to_string(kReachMaxEdges) + " of " + std::to_string(m.edges.size()) +
                    " edges are drawn");
    m.edges.resize(kReachMaxEdges);
  }
  return finish(std::move(m));
}

}  // namespace

std::size_t ReachModel::Find(const std::string& id) const {
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].id == id) return i;
  }
  return nodes.size();
}

ReachModel BuildReachModel(const Network& network, const ViewOptions& options) {
  return Builder(network, options).Build();
}

}  // namespace kreach
