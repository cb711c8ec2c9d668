// The reachability view: the boxes and arrows of viz/reachability_model.h drawn as DOT. Workloads sit in namespace
// frames with a border colour and a badge line for their isolation; arrows carry the connection set; partial
// arrows (some pod pairs allow more than others) are dashed; denied arrows of a focused workload are red.
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "viz/reachability_model.h"
#include "viz/views.h"

namespace kreach {

namespace {

// Palette (shared meanings across views: allowed dark green, denied red dashed, implied grey dashed).
constexpr const char* kAllowColor = "#1b7a3a";
constexpr const char* kDenyColor = "#c62828";
constexpr const char* kImpliedColor = "gray45";
constexpr const char* kPodFill = "#f4f4f4";
constexpr const char* kControllerFill = "#eadcf5";
constexpr const char* kExternalFill = "#fff2cc";
constexpr const char* kExternalLine = "#9a7b1c";
constexpr const char* kNamespaceFill = "#e8eef5";
constexpr const char* kFrameColor = "gray55";
constexpr const char* kFont = "Helvetica";
// Isolation borders.
constexpr const char* kBothColor = "#263238";     // isolated for ingress and egress
constexpr const char* kIngressColor = "#6a1b9a";  // ingress only
constexpr const char* kEgressColor = "#00838f";   // egress only
constexpr const char* kOpenColor = "#e65100";     // unprotected

/// Most members listed in a merged box's tooltip.
constexpr std::size_t kTooltipMembers = 25;

using Iso = ReachNode::Isolation;

struct IsolationLook {
  const char* color;
  std::string badge;
  std::string legend;
};

IsolationLook LookOf(const ReachNode& n) {
  auto word = [](Iso i, const std::string& what) { return (i == Iso::kSome ? "partly " : "") + what; };
  if (n.ingress != Iso::kNone && n.egress != Iso::kNone) {
    bool all = n.ingress == Iso::kAll && n.egress == Iso::kAll;
    return {kBothColor, std::string(all ? "" : "partly ") + "isolated: ingress+egress", "ingress+egress"};
  }
  if (n.ingress != Iso::kNone) return {kIngressColor, word(n.ingress, "ingress-isolated"), "ingress"};
  if (n.egress != Iso::kNone) return {kEgressColor, word(n.egress, "egress-isolated"), "egress"};
  return {kOpenColor, "unprotected", "open"};
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
    case ReachNode::Kind::kNamespace:
      out = n.label + " (" + std::to_string(n.pods) + " pods)";
      break;
    case ReachNode::Kind::kController:
      out = "ingress controller " + (n.members.empty() ? n.label : n.members.front()) +
            (n.implied ? " (implied by kreach)" : "") + "; its arrows are the Ingress routes policies let through";
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
  g.graph_attrs = {{"rankdir", "LR"},   {"fontname", kFont},    {"fontsize", "12"},  {"label", title},
                   {"labelloc", "t"},   {"labeljust", "l"},     {"nodesep", "0.35"}, {"ranksep", "1.1"},
                   {"newrank", "true"}, {"forcelabels", "true"}};
  g.node_defaults = {{"fontname", kFont},         {"fontsize", "11"},      {"shape", "box"},
                     {"style", "rounded,filled"}, {"fillcolor", kPodFill}, {"penwidth", "2"}};
  g.edge_defaults = {{"fontname", kFont},    {"fontsize", "9"},          {"decorate", "true"},
                     {"color", kAllowColor}, {"fontcolor", kAllowColor}, {"arrowsize", "0.7"}};

  std::set<std::string> used;  // legend rows needed
  std::map<std::string, std::vector<std::string>> frames;
  for (const ReachNode& n : model.nodes) {
    DotAttrs a;
    a["tooltip"] = NodeTooltip(n);
    switch (n.kind) {
      case ReachNode::Kind::kExternal:
        a["label"] = n.label;
        a["style"] = "filled";
        a["shape"] = "box";
        a["fillcolor"] = kExternalFill;
        a["color"] = kExternalLine;
        a["penwidth"] = "1";
        used.insert("external");
        break;
      case ReachNode::Kind::kController: {
        a["label"] = "ingress controller\n" + n.label + "\n[" + LookOf(n).badge + "]";
        a["fillcolor"] = kControllerFill;
        a["color"] = LookOf(n).color;
        used.insert("controller");
        used.insert(LookOf(n).legend);
        break;
      }
      default: {
        IsolationLook look = LookOf(n);
        a["label"] = n.label + "\n[" + look.badge + "]";
        a["color"] = look.color;
        used.insert(look.legend);
        if (n.kind == ReachNode::Kind::kMerged) {
          a["peripheries"] = "2";
          used.insert("merged");
        }
        if (n.kind == ReachNode::Kind::kNamespace) {
          a["shape"] = "folder";
          a["style"] = "filled";
          a["fillcolor"] = kNamespaceFill;
          used.insert("namespace");
        }
        break;
      }
    }
    if (n.implied) {
      a["style"] += ",dashed";
      a["fontcolor"] = kImpliedColor;
      used.insert("implied");
    }
    g.AddNode(NodeId(n), a);
    if (!n.ns.empty() && n.kind != ReachNode::Kind::kNamespace) frames[n.ns].push_back(NodeId(n));
  }
  for (const auto& [ns, ids] : frames) {
    DotCluster c;
    c.id = "ns_" + ns;
    c.attrs = {{"label", "namespace " + ns}, {"style", "rounded"}, {"color", kFrameColor},
               {"fontcolor", "gray30"},      {"fontname", kFont},  {"fontsize", "11"}};
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
      d.attrs["color"] = kDenyColor;
      d.attrs["fontcolor"] = kDenyColor;
      d.attrs["style"] = "dashed";
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
  const std::string box = "rounded,filled";
  node_item("ingress+egress", {{"style", box}, {"fillcolor", kPodFill}, {"color", kBothColor}, {"penwidth", "2"}},
            "workload isolated for ingress and egress");
  node_item("ingress", {{"style", box}, {"fillcolor", kPodFill}, {"color", kIngressColor}, {"penwidth", "2"}},
            "ingress-isolated workload (a policy selects it for ingress)");
  node_item("egress", {{"style", box}, {"fillcolor", kPodFill}, {"color", kEgressColor}, {"penwidth", "2"}},
            "egress-isolated workload (a policy selects it for egress)");
  node_item("open", {{"style", box}, {"fillcolor", kPodFill}, {"color", kOpenColor}, {"penwidth", "2"}},
            "unprotected workload (no policy selects it)");
  node_item("merged", {{"style", box}, {"fillcolor", kPodFill}, {"peripheries", "2"}},
            "several workloads with identical connectivity");
  node_item("namespace", {{"shape", "folder"}, {"style", "filled"}, {"fillcolor", kNamespaceFill}},
            "a whole namespace (namespace level)");
  node_item("controller", {{"style", box}, {"fillcolor", kControllerFill}}, "ingress controller");
  node_item("external", {{"style", "filled"}, {"fillcolor", kExternalFill}, {"color", kExternalLine}},
            "external addresses");
  node_item("implied", {{"style", box + ",dashed"}, {"fillcolor", kPodFill}, {"color", kImpliedColor}},
            "implied by kreach (not in the input)");
  edge_item("allowed", {{"color", kAllowColor}}, "allowed: every pod pair allows the set");
  edge_item("both", {{"color", kAllowColor}, {"dir", "both"}}, "allowed both ways with the same set");
  edge_item("partial", {{"color", kAllowColor}, {"style", "dashed"}}, "partial: some pod pairs allow more");
  edge_item("denied", {{"color", kDenyColor}, {"style", "dashed"}}, "denied: no rule allows");
  AddLegend(g, "Legend", legend);
  return g;
}

}  // namespace kreach
