#include "viz/dot.h"

#include <algorithm>
#include <tuple>

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
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (u < 0x20 || u == 0x7f) {
      continue;
    } else {
      out += c;
    }
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

void AddLegend(DotGraph& graph, const std::string& title, const std::vector<LegendItem>& items) {
  DotCluster legend;
  legend.id = "legend";
  legend.attrs = {{"label", title}, {"style", "rounded"}, {"color", "gray50"}, {"fontname", "Helvetica"},
                  {"fontsize", "12"}};
  std::string previous;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const LegendItem& item = items[i];
    std::string id = std::string("legend:") + (i < 10 ? "0" : "") + std::to_string(i);
    if (item.kind == LegendItem::Kind::kNode) {
      DotAttrs attrs = item.sample;
      attrs["label"] = item.text;
      graph.AddNode(id, attrs);
      legend.nodes.push_back(id);
    } else {
      // An edge sample: two invisible points joined by the styled edge, with the text on the right one.
      std::string a = id + "a", b = id + "b";
      graph.AddNode(a, {{"shape", "point"}, {"width", "0.05"}, {"style", "invis"}});
      graph.AddNode(b, {{"shape", "plaintext"}, {"label", item.text}});
      DotAttrs attrs = item.sample;
      attrs["minlen"] = "1";
      graph.edges.push_back(DotEdge{a, b, "legend", attrs});
      legend.nodes.push_back(a);
      legend.nodes.push_back(b);
      id = a;
    }
    if (!previous.empty()) graph.edges.push_back(DotEdge{previous, id, "legend-order", {{"style", "invis"}}});
    previous = id;
  }
  graph.clusters.push_back(std::move(legend));
}

}  // namespace kreach
