// The boxes of the reachability picture and the edges between them: which groups are visible (namespace, focus,
// --denied), how workloads merge into boxes of the same type or aggregate to namespaces, and each edge's fold.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/model/text.h"
#include "sim/model/workload_key.h"
#include "viz/reachability_internal.h"

namespace kreach {
namespace reach_internal {

std::vector<bool> Builder::Visible(std::vector<std::string>* notes) {
  std::vector<bool> visible(groups_.size(), true);
  auto edge = [&](std::size_t a, std::size_t b) {
    Fold f = Filtered(Between(groups_[a].classes, groups_[b].classes));
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
      if (IsImplied(p->origin)) ++implied;
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
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    type_classes[groups_[g].type] = groups_[g].classes;
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
    return iso(types[a]) == iso(types[r]) && ext_key(types[a]) == ext_key(types[r]);
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
    out += "\n" + from.node.label + " is isolated for egress by " + Join(p, ", ");
  }
  if (!to.node.ingress_policies.empty()) {
    std::set<std::string> p(to.node.ingress_policies.begin(), to.node.ingress_policies.end());
    out += "\n" + to.node.label + " is isolated for ingress by " + Join(p, ", ");
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
                 units[a].external < 0 && units[b].external < 0) {
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

}  // namespace reach_internal
}  // namespace kreach
