// A small Graphviz document model and its writer: every view builds a DotGraph, WriteDot prints it. Output is
// deterministic (clusters, nodes and edges sorted by id; attributes by name), so DOT files can be diffed.
#ifndef KREACH_VIZ_DOT_H_
#define KREACH_VIZ_DOT_H_

#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace kreach {

/// Attributes by name. A value that starts with '<' and ends with '>' is written as an HTML-like label
/// unquoted (build those with HtmlEscape); every other value is quoted with DotQuote.
using DotAttrs = std::map<std::string, std::string>;

struct DotNode {
  std::string id;  ///< unique in the graph; any text (it is quoted)
  DotAttrs attrs;
};

struct DotEdge {
  std::string from;
  std::string to;
  std::string key;  ///< tie-breaker for several edges between the same nodes (e.g. "1", "denied")
  DotAttrs attrs;
};

/// A subgraph drawn as a frame (Graphviz "cluster_"): a namespace, a node, the legend.
struct DotCluster {
  std::string id;  ///< unique among clusters; written as "cluster_<id>"
  DotAttrs attrs;
  std::vector<std::string> nodes;  ///< ids of nodes drawn inside, sorted on output
  std::vector<DotCluster> clusters;
};

struct DotGraph {
  std::string name = "kreach";
  DotAttrs graph_attrs;
  DotAttrs node_defaults;
  DotAttrs edge_defaults;
  std::vector<DotNode> nodes;
  std::vector<DotEdge> edges;
  std::vector<DotCluster> clusters;
  /// A node id → its node, for views that add attributes later; nullptr when absent.
  DotNode* FindNode(const std::string& id);
  /// Adds a node (or returns the existing one with that id).
  DotNode& AddNode(const std::string& id, DotAttrs attrs = {});
};

/// `text` as a DOT double-quoted string: backslash and quote escaped, newlines as "\n", other control characters
/// (and bytes that are not UTF-8) shown as EscapeControls shows them (`\x1b`, drawn as such). UTF-8 passes through
/// unchanged (Graphviz reads UTF-8).
std::string DotQuote(std::string_view text);

/// `text` for an HTML-like label: & < > " escaped, control characters dropped, UTF-8 kept.
std::string HtmlEscape(std::string_view text);

/// Writes the graph as DOT: `digraph "name" {` ... `}`.
void WriteDot(const DotGraph& graph, std::ostream& out);

/// One row of a legend: a sample (node or edge) and what it means.
struct LegendItem {
  enum class Kind { kNode, kEdge };
  Kind kind = Kind::kNode;
  DotAttrs sample;  ///< attributes of the sample node or edge (shape, color, style, ...)
  std::string text;
};

/// Adds the legend, last (after every node and frame): an HTML-like label, the bottom label of a frameless cluster
/// "cluster_legend" that wraps every node and frame of the graph, so the legend is always under the picture, at the
/// left (each wrapped frame gets back the label position, frame and font size it would inherit from the graph). The
/// label is a framed table with the title on top and one row per item, a sample on the left and its text on the right.
/// A node sample is a small box with the sample's line colour, fill (when its style is filled), thickness, dashes,
/// rounded corners (rounded styles and round shapes; a sample without a shape takes the graph's default node shape) and
/// a double frame for peripheries >= 2; a sample's label, if any, is written small inside its box; a plaintext sample
/// shows its label in its font colour; an edge sample is a short arrow of line characters in the edge's colour (solid
/// ─, dashed ╌, dotted ┈, heavy when penwidth >= 2, ◀ for two-way edges). The table does not depend on rankdir, so it
/// reads the same in LR and TB graphs. Adds nothing when `items` is empty.
void AddLegend(DotGraph& graph, const std::string& title, const std::vector<LegendItem>& items);

}  // namespace kreach

#endif  // KREACH_VIZ_DOT_H_
