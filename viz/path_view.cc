// The path view: one traced connection (sim/net/path.h) drawn hop by hop, left to right. Every place the packet passes
// (client, cluster DNS, Service frontend, ingress controller, receivers) is a node; every move between two places is
// a numbered edge labelled with the translation and the policy verdicts that let it through. The places and moves
// come from the hops' typed fields (viz/path_segments.h).
#include <algorithm>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "viz/path_segments.h"
#include "viz/style.h"
#include "viz/views.h"

namespace kreach {

namespace {

/// More than this many branches: the first ones are drawn and the picture says how many were left out.
constexpr std::size_t kMaxBranches = 12;

DotAttrs PlaceAttrs(const PathNode& p) {
  DotAttrs a = {{"shape", "box"},
                {"style", "rounded,filled"},
                {"fillcolor", style::kWorkloadFill},
                {"color", style::kWorkloadLine}};
  switch (p.kind) {
    case PlaceKind::kClient:
      a["fillcolor"] = style::kClientFill;
      a["penwidth"] = "2";
      break;
    case PlaceKind::kPod: break;
    case PlaceKind::kDns: a["fillcolor"] = style::kDnsFill; break;
    case PlaceKind::kFrontend:
      a["fillcolor"] = style::kServiceFill;
      a["color"] = style::kServiceLine;
      break;
    case PlaceKind::kController: a["fillcolor"] = style::kControllerFill; break;
    case PlaceKind::kNode:
      a["style"] = "filled";
      a["fillcolor"] = style::kNodePlaceFill;
      break;
    case PlaceKind::kAddress:
      a["shape"] = "ellipse";
      a["style"] = "filled";
      a["fillcolor"] = "white";
      break;
    case PlaceKind::kFail:
      a["fillcolor"] = style::kFailFill;
      a["color"] = style::kDenyColor;
      a["fontcolor"] = style::kDenyColor;
      a["penwidth"] = "2";
      break;
  }
  if (p.implied) {
    a["style"] += ",dashed";
    a["color"] = style::kImpliedColor;
  }
  return a;
}

DotAttrs EdgeAttrs(bool ok, bool dns) {
  if (!ok)
    return {{"color", style::kDenyColor}, {"fontcolor", style::kDenyColor}, {"style", "dashed"}, {"penwidth", "2"}};
  if (dns)
    return {{"color", style::kDnsLine},
            {"fontcolor", style::kDnsLine},
            {"style", "dashed"},
            {"dir", "both"},
            {"penwidth", "1.5"}};
  return {{"color", style::kAllowColor}, {"penwidth", "2"}};
}

}  // namespace

DotGraph PathView(const Network& network, const Trace& trace, const ViewOptions& options, ViewNotes* notes) {
  (void)options;  // the path is one query: the filters of the other views do not apply
  DotGraph g;
  g.name = "path";
  std::string title = "Path: " + trace.from + " -> " + trace.to + " " + trace.probe.ToString() + ": " +
                      ResultName(trace.result) + " (" + OutcomeName(trace.outcome) + ")";
  std::size_t shown = std::min(trace.branches.size(), kMaxBranches);
  if (shown < trace.branches.size()) {
    std::size_t more = trace.branches.size() - shown;
    std::string note = "+" + std::to_string(more) + " more path" + (more == 1 ? "" : "s") + " not drawn (" +
                       std::to_string(shown) + " of " + std::to_string(trace.branches.size()) + " shown)";
    title += "\n" + note;
    if (notes != nullptr) notes->push_back(note);
  }
  g.graph_attrs = {{"rankdir", "LR"},  {"fontname", style::kFont}, {"nodesep", "0.35"},
                   {"ranksep", "0.9"}, {"newrank", "true"},        {"tooltip", title}};
  style::ApplyTitle(g, title);
  g.node_defaults = {{"fontname", style::kFont}, {"fontsize", "12"}};
  g.edge_defaults = {{"fontname", style::kFont}, {"fontsize", "11"}};

  PathBuilder builder(network, trace.probe);
  struct Merged {
    Segment seg;
    std::size_t number = 0;
    std::vector<std::string> tooltips;  ///< distinct hop texts of the branches merged into the edge
  };
  std::map<std::string, Merged> edges;
  for (std::size_t i = 0; i < shown; ++i) {
    std::vector<Segment> segs = builder.Walk(trace.branches[i]);
    for (std::size_t n = 0; n < segs.size(); ++n) {
      const Segment& s = segs[n];
      std::string label;
      for (const std::string& p : s.parts) label += "\n" + p;
      std::string key = s.from + "|" + s.to + "|" + std::to_string(n + 1) + "|" + (s.ok ? "ok" : "x") + label;
      Merged& m = edges[key];
      if (m.number == 0) {
        m.seg = s;
        m.number = n + 1;
      }
      std::string tip;
      for (const std::string& f : s.full) tip += (tip.empty() ? "" : "\n") + f;
      if (std::find(m.tooltips.begin(), m.tooltips.end(), tip) == m.tooltips.end()) m.tooltips.push_back(tip);
    }
  }

  // Places, in namespace frames.
  std::map<std::string, DotCluster> frames;
  std::set<PlaceKind> kinds;
  bool implied = false;
  std::set<std::string> used;
  for (const auto& [key, m] : edges) {
    used.insert(m.seg.from);
    used.insert(m.seg.to);
  }
  for (const auto& [id, place] : builder.places()) {
    if (used.count(id) == 0 && place.kind != PlaceKind::kClient) continue;
    DotAttrs a = PlaceAttrs(place);
    a["label"] = place.label;
    a["tooltip"] = place.tooltip;
    g.AddNode(id, a);
    kinds.insert(place.kind);
    implied = implied || place.implied;
    if (place.ns.empty()) continue;
    DotCluster& f = frames[place.ns];
    if (f.id.empty()) {
      f.id = "ns:" + place.ns;
      f.attrs = {{"label", "namespace " + place.ns}, {"style", "rounded"}, {"color", style::kFrameLine},
                 {"fontname", style::kFont},         {"fontsize", "13"},   {"labeljust", "l"}};
    }
    f.nodes.push_back(id);
  }
  for (auto& [ns, frame] : frames) g.clusters.push_back(std::move(frame));

  bool any_ok = false, any_denied = false, any_dns = false;
  for (const auto& [key, m] : edges) {
    DotAttrs a = EdgeAttrs(m.seg.ok, m.seg.dns);
    std::string label = "<<font point-size=\"15\"><b>" + std::to_string(m.number) + "</b></font>";
    for (const std::string& p : m.seg.parts) {
      std::string wrapped = WrapLabel(p);
      for (std::size_t at = 0, nl; at <= wrapped.size(); at = nl + 1) {
        nl = wrapped.find('\n', at);
        if (nl == std::string::npos) nl = wrapped.size();
        label += "<br/>" + HtmlEscape(wrapped.substr(at, nl - at));
      }
    }
    a["label"] = label + ">";
    std::string tip;
    const std::size_t kMaxTips = 3;
    for (std::size_t i = 0; i < m.tooltips.size() && i < kMaxTips; ++i) tip += (i ? "\n--\n" : "") + m.tooltips[i];
    if (m.tooltips.size() > kMaxTips) tip += "\n(+" + std::to_string(m.tooltips.size() - kMaxTips) + " more)";
    a["tooltip"] = tip;
    a["labeltooltip"] = tip;
    if (m.seg.from == m.seg.to) a["constraint"] = "false";
    any_ok = any_ok || (m.seg.ok && !m.seg.dns);
    any_denied = any_denied || !m.seg.ok;
    any_dns = any_dns || (m.seg.dns && m.seg.ok);
    std::string number = std::to_string(m.number);
    g.edges.push_back(DotEdge{m.seg.from, m.seg.to,
                              std::string(3 - std::min<std::size_t>(3, number.size()), '0') + number + "|" + key, a});
  }

  // Legend: only what the picture uses.
  std::vector<LegendItem> items;
  auto node_item = [&](PlaceKind kind, const std::string& text) {
    if (kinds.count(kind) == 0) return;
    PathNode sample;
    sample.kind = kind;
    items.push_back(LegendItem{LegendItem::Kind::kNode, PlaceAttrs(sample), text});
  };
  node_item(PlaceKind::kClient, "client (where the connection starts)");
  node_item(PlaceKind::kPod, "pod");
  node_item(PlaceKind::kDns, "cluster DNS Service");
  node_item(PlaceKind::kFrontend, "Service frontend (ClusterIP, NodePort, LoadBalancer, externalIP)");
  node_item(PlaceKind::kController, "ingress controller pod");
  node_item(PlaceKind::kNode, "node");
  node_item(PlaceKind::kAddress, "address outside the cluster");
  node_item(PlaceKind::kFail, std::string(kPathCross) + " where the packet stops, and why");
  if (implied) {
    PathNode sample;
    sample.implied = true;
    items.push_back(LegendItem{LegendItem::Kind::kNode, PlaceAttrs(sample), "implied by kreach (not in the input)"});
  }
  if (any_ok)
    items.push_back({LegendItem::Kind::kEdge, EdgeAttrs(true, false), "step N: allowed (translation, policy)"});
  if (any_dns) items.push_back({LegendItem::Kind::kEdge, EdgeAttrs(true, true), "DNS lookup and answer"});
  if (any_denied) items.push_back({LegendItem::Kind::kEdge, EdgeAttrs(false, false), "step that fails"});
  AddLegend(g, "Legend", items);
  return g;
}

}  // namespace kreach
