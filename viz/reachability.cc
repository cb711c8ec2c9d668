// The reachability view: the boxes and arrows of viz/reachability_model.h drawn as DOT. Workloads sit in namespace
// frames with a border (amber: isolated) and a badge line saying which directions; arrows carry the connection set;
// partial arrows (some pod pairs allow more than others) are dashed; denied arrows of a focused workload are red.
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "viz/reachability_model.h"
#include "viz/style.h"
#include "viz/views.h"

namespace kreach {

namespace {

/// Above this many edges the layout is bounded (see the end of ReachabilityView).
constexpr std::size_t kDenseEdges = 150;

/// Most members listed in a merged box's tooltip.
constexpr std::size_t kTooltipMembers = 25;

using Iso = ReachNode::Isolation;

bool IsolatedAtAll(const ReachNode& n) { return n.ingress != Iso::kNone || n.egress != Iso::kNone; }

/// The badge line: which directions policies isolate ("partly" when only some of the pods).
std::string Badge(const ReachNode& n) {
  auto word = [](Iso i, const std::string& what) { return (i == Iso::kSome ? "partly " : "") + what; };
  if (n.ingress != Iso::kNone && n.egress != Iso::kNone) {
    bool all = n.ingress == Iso::kAll && n.egress == Iso::kAll;
    return std::string(all ? "" : "partly ") + "isolated: ingress+egress";
  }
  if (n.ingress != Iso::kNone) return word(n.ingress, "ingress-isolated");
  if (n.egress != Iso::kNone) return word(n.egress, "egress-isolated");
  return "unprotected";
}

std::string PolicyList(const std::vector<std::string>& policies) {
  if (policies.empty()) return "not isolated (no policy selects it)";
  std::string out = "isolated by ";
  for (std::size_t i = 0; i < policies.size(); ++i) out += (i ? ", " : "") + policies[i];
  return out;
}

std::string NodeTooltip(const ReachNode& n) {
  std::string out;
  switch (n.kind) {
    case ReachNode::Kind::kExternal:
      return "external addresses: " + n.addresses.ToString() +
             "\n(ranges every policy treats alike: cut at the policies' ipBlocks)";
    case ReachNode::Kind::kMerged:
      out = std::to_string(n.members.size()) + " workloads with identical connectivity:";
      for (std::size_t i = 0; i < n.members.size() && i < kTooltipMembers; ++i) out += "\n  " + n.members[i];
      if (n.members.size() > kTooltipMembers) {
        out += "\n  \u2026 and " + std::to_string(n.members.size() - kTooltipMembers) + " more";
      }
      break;
    case ReachNode::Kind::kNamespace: out = n.label + " (" + std::to_string(n.pods) + " pods)"; break;
    case ReachNode::Kind::kController:
      out = "ingress controller " + (n.members.empty() ? n.label : n.members.front()) + ", " + std::to_string(n.pods) +
            " pod" + (n.pods == 1 ? "" : "s") + (n.implied ? " (implied by kreach)" : "") +
            "; its arrows are what policies allow its pods, as for any workload (the path view follows a request "
            "through it)";
      break;
    case ReachNode::Kind::kWorkload:
      out = (n.members.empty() ? n.label : n.members.front()) + ", " + std::to_string(n.pods) + " pod" +
            (n.pods == 1 ? "" : "s") + (n.implied ? " (implied by kreach)" : "");
      break;
  }
  out += "\ningress: " + PolicyList(n.ingress_policies);
  out += "\negress: " + PolicyList(n.egress_policies);
  return out;
}

std::string EdgeLabel(const ReachEdge& e) {
  if (e.denied) return "\u2717 denied";
  if (!e.partial()) return e.every.ToString();
  if (e.every.Empty()) return "some pods: " + e.some.ToString();
  return e.every.ToString() + "\nsome pods: " + e.some.ToString();
}

std::string EdgeTooltip(const ReachModel& m, const ReachEdge& e) {
  std::string head = m.nodes[e.from].label + " \u2192 " + m.nodes[e.to].label + "\n";
  if (e.denied) return head + e.reason;
  if (!e.partial()) return head + "every pod pair: " + e.every.ToString();
  return head + "partial: every pod pair allows " + (e.every.Empty() ? "nothing" : e.every.ToString()) +
         "; some pod pairs allow " + e.some.ToString();
}

std::string NodeId(const ReachNode& n) { return n.id; }

}  // namespace

DotGraph ReachabilityView(const Network& network, const ViewOptions& options, ViewNotes* notes) {
  const ReachModel model = BuildReachModel(network, options);
  if (notes) notes->insert(notes->end(), model.notes.begin(), model.notes.end());

  DotGraph g;
  g.name = "reachability";
  std::string title = "Reachability";
  if (options.port) title += " on TCP " + std::to_string(*options.port);
  if (!options.focus.empty()) title += " of " + options.focus;
  if (!options.ns.empty()) title += " around namespace " + options.ns;
  for (const std::string& n : model.notes) title += "\n" + n;
  style::ApplyGraphDefaults(g);
  g.graph_attrs["fontsize"] = "12";
  g.graph_attrs["label"] = title;
  g.graph_attrs["labelloc"] = "t";
  g.graph_attrs["labeljust"] = "l";
  g.graph_attrs["ranksep"] = "1.1";
  g.node_defaults["fontsize"] = "11";
  g.edge_defaults["fontsize"] = "9";
  g.edge_defaults["decorate"] = "true";  // a line from each label to its edge: no doubt which edge it names
  g.edge_defaults["arrowsize"] = "0.7";
  for (const auto& [k, v] : style::AllowedEdge()) g.edge_defaults[k] = v;

  std::set<std::string> used;  // legend rows needed
  std::map<std::string, std::vector<std::string>> frames;
  for (const ReachNode& n : model.nodes) {
    DotAttrs a;
    switch (n.kind) {
      case ReachNode::Kind::kExternal:
        a = style::ExternalNode();
        a["label"] = n.label;
        used.insert("external");
        break;
      case ReachNode::Kind::kController:
        a = style::ControllerNode();
        a["label"] = "ingress controller\n" + n.label + "\n[" + Badge(n) + "]";
        used.insert("controller");
        break;
      default:
        a = IsolatedAtAll(n) ? style::IsolatedWorkloadNode() : style::WorkloadNode();
        a["label"] = n.label + "\n[" + Badge(n) + "]";
        used.insert(IsolatedAtAll(n) ? "isolated" : "open");
        if (n.kind == ReachNode::Kind::kMerged) {
          a["peripheries"] = "2";
          used.insert("merged");
        }
        if (n.kind == ReachNode::Kind::kNamespace) {
          a["shape"] = "folder";
          a["style"] = "filled";
          a["fillcolor"] = style::kNamespaceFill;
          used.insert("namespace");
        }
        break;
    }
    a["tooltip"] = NodeTooltip(n);
    if (n.implied) {
      a = style::Implied(a);
      a["fontcolor"] = style::kImpliedColor;
      used.insert("implied");
    }
    g.AddNode(NodeId(n), a);
    if (!n.ns.empty() && n.kind != ReachNode::Kind::kNamespace) frames[n.ns].push_back(NodeId(n));
  }
  for (const auto& [ns, ids] : frames) {
    DotCluster c;
    c.id = "ns_" + ns;
    c.attrs = style::NamespaceCluster("namespace " + ns);
    c.nodes = ids;
    g.clusters.push_back(std::move(c));
  }
  // An allowed pair drawn both ways with the same sets becomes one two-headed arrow.
  std::map<std::pair<std::size_t, std::size_t>, const ReachEdge*> allowed;
  for (const ReachEdge& e : model.edges) {
    if (!e.denied) allowed[{e.from, e.to}] = &e;
  }
  for (const ReachEdge& e : model.edges) {
    const ReachEdge* back = nullptr;
    if (!e.denied) {
      auto it = allowed.find({e.to, e.from});
      if (it != allowed.end() && it->second->every == e.every && it->second->some == e.some) back = it->second;
    }
    if (back && e.to < e.from) continue;  // drawn with its twin
    DotEdge d;
    d.from = NodeId(model.nodes[e.from]);
    d.to = NodeId(model.nodes[e.to]);
    d.key = e.denied ? "denied" : "allowed";
    d.attrs["label"] = EdgeLabel(e);
    d.attrs["tooltip"] = EdgeTooltip(model, e);
    if (back) {
      d.attrs["dir"] = "both";
      d.attrs["tooltip"] += "\n(and the same in the other direction)";
      used.insert("both");
    }
    d.attrs["labeltooltip"] = d.attrs["tooltip"];
    if (e.denied) {
      for (const auto& [k, v] : style::DeniedEdge()) d.attrs[k] = v;
      used.insert("denied");
    } else if (e.partial()) {
      d.attrs["style"] = "dashed";
      used.insert("partial");
    } else {
      used.insert("allowed");
    }
    g.edges.push_back(std::move(d));
  }

  using K = LegendItem::Kind;
  std::vector<LegendItem> legend;
  auto node_item = [&](const char* key, DotAttrs sample, const std::string& text) {
    if (used.count(key)) legend.push_back(LegendItem{K::kNode, std::move(sample), text});
  };
  auto edge_item = [&](const char* key, DotAttrs sample, const std::string& text) {
    if (used.count(key)) legend.push_back(LegendItem{K::kEdge, std::move(sample), text});
  };
  auto with = [](DotAttrs a, const std::string& key, const std::string& value) {
    a[key] = value;
    return a;
  };
  node_item("isolated", style::IsolatedWorkloadNode(),
            "workload a policy isolates (badge: ingress, egress or both; \"partly\": some of its pods)");
  node_item("open", style::WorkloadNode(), "unprotected workload (no policy selects it)");
  node_item("merged", with(style::WorkloadNode(), "peripheries", "2"), "several workloads with identical connectivity");
  node_item("namespace", {{"shape", "folder"}, {"style", "filled"}, {"fillcolor", style::kNamespaceFill}},
            "a whole namespace (namespace level)");
  node_item("controller", style::ControllerNode(), "ingress controller (its pods; arrows as for any workload)");
  node_item("external", style::ExternalNode(), "external addresses (ranges every policy treats alike)");
  node_item("implied", style::Implied(style::WorkloadNode()), "implied by kreach (not in the input)");
  edge_item("allowed", style::AllowedEdge(), "allowed: every pod pair allows the set");
  edge_item("both", with(style::AllowedEdge(), "dir", "both"), "allowed both ways with the same set");
  edge_item("partial", with(style::AllowedEdge(), "style", "dashed"),
            "partial: every pod pair allows the first set, some pairs more");
  edge_item("denied", style::DeniedEdge(), "denied: no rule allows");
  AddLegend(g, "Legend", legend);
  // Dense pictures (an aggregated cluster can still have hundreds of edges) spend most of Graphviz's time in
  // crossing minimisation and network simplex; bounded iterations keep a 400-edge picture to seconds, and a
  // size limit keeps the bitmap of a huge canvas from taking minutes (SVG and PDF stay vectors).
  if (g.edges.size() > kDenseEdges) {
    g.graph_attrs["mclimit"] = "0.1";
    g.graph_attrs["nslimit"] = "1";
    g.graph_attrs["nslimit1"] = "1";
    g.graph_attrs["size"] = "60,60";
  }
  return g;
}

}  // namespace kreach
