#include "viz/dot.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "sim/format/text_escape.h"

namespace kreach {

DotNode* DotGraph::FindNode(const std::string& id) {
  for (DotNode& n : nodes) {
    if (n.id == id) return &n;
  }
  return nullptr;
}

DotNode& DotGraph::AddNode(const std::string& id, DotAttrs attrs) {
  if (DotNode* existing = FindNode(id)) return *existing;
  nodes.push_back(DotNode{id, std::move(attrs)});
  return nodes.back();
}

std::string DotQuote(std::string_view text) {
  std::string out = "\"";
  std::size_t start = 0;
  while (start <= text.size()) {  // line by line: a newline is DOT's "\n"; the rest shown, never raw
    std::size_t end = std::min(text.find('\n', start), text.size());
    if (start > 0) out += "\\n";
    for (char c : EscapeControls(text.substr(start, end - start))) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    start = end + 1;
  }
  out += '"';
  return out;
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        if (u >= 0x20 && u != 0x7f) out += c;
    }
  }
  return out;
}

namespace {

bool IsHtml(const std::string& value) { return value.size() >= 2 && value.front() == '<' && value.back() == '>'; }

void WriteAttrs(const DotAttrs& attrs, std::ostream& out) {
  if (attrs.empty()) return;
  out << " [";
  bool first = true;
  for (const auto& [name, value] : attrs) {
    out << (first ? "" : ", ") << name << "=" << (IsHtml(value) ? value : DotQuote(value));
    first = false;
  }
  out << "]";
}

void WriteCluster(const DotCluster& cluster, const std::string& indent, std::ostream& out) {
  out << indent << "subgraph " << DotQuote("cluster_" + cluster.id) << " {\n";
  for (const auto& [name, value] : cluster.attrs) {
    out << indent << "  " << name << "=" << (IsHtml(value) ? value : DotQuote(value)) << ";\n";
  }
  std::vector<DotCluster> children = cluster.clusters;
  std::sort(children.begin(), children.end(), [](const DotCluster& a, const DotCluster& b) { return a.id < b.id; });
  for (const DotCluster& child : children) WriteCluster(child, indent + "  ", out);
  std::vector<std::string> nodes = cluster.nodes;
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  for (const std::string& id : nodes) out << indent << "  " << DotQuote(id) << ";\n";
  out << indent << "}\n";
}

}  // namespace

void WriteDot(const DotGraph& graph, std::ostream& out) {
  out << "digraph " << DotQuote(graph.name) << " {\n";
  for (const auto& [name, value] : graph.graph_attrs) {
    out << "  " << name << "=" << (IsHtml(value) ? value : DotQuote(value)) << ";\n";
  }
  if (!graph.node_defaults.empty()) {
    out << "  node";
    WriteAttrs(graph.node_defaults, out);
    out << ";\n";
  }
  if (!graph.edge_defaults.empty()) {
    out << "  edge";
    WriteAttrs(graph.edge_defaults, out);
    out << ";\n";
  }
  std::vector<DotNode> nodes = graph.nodes;
  std::sort(nodes.begin(), nodes.end(), [](const DotNode& a, const DotNode& b) { return a.id < b.id; });
  for (const DotNode& n : nodes) {
    out << "  " << DotQuote(n.id);
    WriteAttrs(n.attrs, out);
    out << ";\n";
  }
  std::vector<DotCluster> clusters = graph.clusters;
  std::sort(clusters.begin(), clusters.end(), [](const DotCluster& a, const DotCluster& b) { return a.id < b.id; });
  for (const DotCluster& c : clusters) WriteCluster(c, "  ", out);
  std::vector<DotEdge> edges = graph.edges;
  std::sort(edges.begin(), edges.end(), [](const DotEdge& a, const DotEdge& b) {
    return std::tie(a.from, a.to, a.key) < std::tie(b.from, b.to, b.key);
  });
  for (const DotEdge& e : edges) {
    out << "  " << DotQuote(e.from) << " -> " << DotQuote(e.to);
    WriteAttrs(e.attrs, out);
    out << ";\n";
  }
  out << "}\n";
}

namespace {

/// The value of `name` in `attrs`, or `fallback`.
std::string Attr(const DotAttrs& attrs, const std::string& name, const std::string& fallback) {
  auto it = attrs.find(name);
  return it == attrs.end() || it->second.empty() ? fallback : it->second;
}

bool HasStyle(const DotAttrs& attrs, std::string_view word) {
  std::string style = Attr(attrs, "style", "");
  std::size_t start = 0;
  while (start <= style.size()) {
    std::size_t end = style.find(',', start);
    if (end == std::string::npos) end = style.size();
    if (std::string_view(style).substr(start, end - start) == word) return true;
    start = end + 1;
  }
  return false;
}

double Number(const DotAttrs& attrs, const std::string& name, double fallback) {
  std::string text = Attr(attrs, name, "");
  if (text.empty()) return fallback;
  try {
    return std::stod(text);
  } catch (...) {
    return fallback;
  }
}

/// A small framed box drawn like the node `sample`: its line colour, fill, line style and thickness, rounded
/// corners for rounded styles and round shapes, a second frame for peripheries >= 2. `default_shape` is the graph's
/// node default (Graphviz: ellipse) for samples without a shape.
std::string NodeSampleCell(const DotAttrs& sample, const std::string& default_shape) {
  std::string shape = Attr(sample, "shape", default_shape);
  if (shape == "plaintext" || shape == "plain" || shape == "none") {
    std::string label = Attr(sample, "label", "text");
    return "<td align=\"center\"><font color=\"" + HtmlEscape(Attr(sample, "fontcolor", "black")) + "\">" +
           HtmlEscape(label) + "</font></td>";
  }
  std::vector<std::string> styles;
  if (HasStyle(sample, "rounded") || shape == "ellipse" || shape == "oval" || shape == "circle" || shape == "Mrecord" ||
      shape == "egg") {
    styles.push_back("rounded");
  }
  if (HasStyle(sample, "dashed")) styles.push_back("dashed");
  if (HasStyle(sample, "dotted")) styles.push_back("dotted");
  std::string style;
  for (const std::string& s : styles) style += (style.empty() ? "" : ",") + s;
  int border = std::max(1, static_cast<int>(Number(sample, "penwidth", 1.0) + 0.5));
  std::string fill =
      HasStyle(sample, "filled") ? Attr(sample, "fillcolor", Attr(sample, "color", "lightgrey")) : "white";
  std::string color = HtmlEscape(Attr(sample, "color", "black"));
  std::string inside = " ";
  if (std::string label = Attr(sample, "label", ""); !label.empty()) {
    inside = "<font point-size=\"9\" color=\"" + HtmlEscape(Attr(sample, "fontcolor", "black")) + "\">" +
             HtmlEscape(label) + "</font>";
  }
  std::string box = "<table border=\"" + std::to_string(border) + "\" cellborder=\"0\" cellpadding=\"0\"";
  if (!style.empty()) box += " style=\"" + style + "\"";
  box += " color=\"" + color + "\" bgcolor=\"" + HtmlEscape(fill) + "\"><tr><td width=\"40\" height=\"18\">" + inside +
         "</td></tr></table>";
  if (Number(sample, "peripheries", 1.0) >= 2.0) {
    box = "<table border=\"1\" cellborder=\"0\" cellpadding=\"1\" cellspacing=\"0\"" +
          (style.empty() ? std::string() : " style=\"" + style + "\"") + " color=\"" + color + "\"><tr><td>" + box +
          "</td></tr></table>";
  }
  return "<td>" + box + "</td>";
}

/// A short arrow drawn with line characters in the edge's colour: ─ solid, ╌ dashed, ┈ dotted; heavy variants for
/// thick edges; ◀ for two-way edges, no head when arrowhead=none.
std::string EdgeSampleCell(const DotAttrs& sample) {
  bool heavy = Number(sample, "penwidth", 1.0) >= 2.0 || HasStyle(sample, "bold");
  std::string line = heavy ? "━" : "─";
  if (HasStyle(sample, "dashed")) line = heavy ? "╍" : "╌";
  if (HasStyle(sample, "dotted")) line = heavy ? "┉" : "┈";
  std::string dir = Attr(sample, "dir", "forward");
  bool head = Attr(sample, "arrowhead", "normal") != "none" && dir != "none" && dir != "back";
  bool tail = dir == "both" || dir == "back";
  std::string text = (tail ? "◀" : "") + line + line + line + line + (head ? "▶" : "");
  return "<td align=\"center\"><font color=\"" + HtmlEscape(Attr(sample, "color", "black")) + "\">" + text +
         "</font></td>";
}

}  // namespace

void AddLegend(DotGraph& graph, const std::string& title, const std::vector<LegendItem>& items) {
  if (items.empty()) return;
  auto shape = graph.node_defaults.find("shape");
  std::string default_shape = shape == graph.node_defaults.end() ? "ellipse" : shape->second;
  std::string html =
      "<<table border=\"1\" cellborder=\"0\" cellspacing=\"3\" cellpadding=\"2\" "
      "style=\"rounded\" color=\"gray50\" bgcolor=\"white\">";
  if (!title.empty()) html += "<tr><td colspan=\"2\" align=\"left\"><b>" + HtmlEscape(title) + "</b></td></tr>";
  for (const LegendItem& item : items) {
    html += "<tr>";
    html +=
        item.kind == LegendItem::Kind::kNode ? NodeSampleCell(item.sample, default_shape) : EdgeSampleCell(item.sample);
    html += "<td align=\"left\">" + HtmlEscape(item.text) + "</td></tr>";
  }
  html += "</table>>";
  // The legend is the bottom label of one frameless cluster around the whole picture: Graphviz places a cluster's
  // bottom label under everything in it, so the legend sits under the drawing, left, in every view and rankdir, and
  // never among the namespace frames (a free node lands wherever crossing minimisation puts it).
  auto graph_value = [&](const std::string& name, const std::string& fallback) {
    auto it = graph.graph_attrs.find(name);
    return it == graph.graph_attrs.end() ? fallback : it->second;
  };
  DotCluster frame;
  frame.id = "legend";
  frame.attrs = {{"label", html}, {"labelloc", "b"}, {"labeljust", "l"}, {"peripheries", "0"}, {"fontsize", "12"}};
  // A cluster inherits its parent's attributes: give each frame back what it had from the graph.
  const DotAttrs inherited = {{"label", ""},
                              {"labelloc", "t"},
                              {"labeljust", graph_value("labeljust", "c")},
                              {"peripheries", "1"},
                              {"fontsize", graph_value("fontsize", "14")}};
  for (DotCluster& c : graph.clusters) {
    for (const auto& [name, value] : inherited) c.attrs.emplace(name, value);  // keeps what the frame sets
  }
  frame.clusters = std::move(graph.clusters);
  for (const DotNode& n : graph.nodes) frame.nodes.push_back(n.id);
  graph.clusters = {std::move(frame)};
}

}  // namespace kreach
