#include "viz/dot.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace kreach {

TEST_CASE("dot: DotQuote escapes quotes and backslashes, writes newlines as \\n, shows control characters", "[dot]") {
  CHECK(DotQuote("plain") == "\"plain\"");
  CHECK(DotQuote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(DotQuote("one\ntwo\tthree\x01") == "\"one\\ntwo\\\\x09three\\\\x01\"");
  CHECK(DotQuote("\xc2\x9b"
                 "31m \xe2\x80\xae"
                 "gnp") == "\"\\\\u009b31m \\\\u202egnp\"");  // C1, bidi override
  CHECK(DotQuote("üñ→ <b>&") == "\"üñ→ <b>&\"");
}

TEST_CASE("dot: HtmlEscape escapes & < > \" and keeps UTF-8", "[dot]") {
  CHECK(HtmlEscape("a<b>&\"c\"") == "a&lt;b&gt;&amp;&quot;c&quot;");
  CHECK(HtmlEscape("ü\n→") == "ü→");
}

TEST_CASE("dot: WriteDot sorts nodes, clusters and edges and quotes every id and value", "[dot]") {
  DotGraph g;
  g.name = "t";
  g.graph_attrs = {{"rankdir", "LR"}};
  g.node_defaults = {{"shape", "box"}};
  g.AddNode("b", {{"label", "B \"x\""}});
  g.AddNode("a", {{"label", "<<b>A</b>>"}});
  g.AddNode("a", {{"label", "ignored: the node exists"}});
  g.edges.push_back(DotEdge{"b", "a", "", {}});
  g.edges.push_back(DotEdge{"a", "b", "2", {{"style", "dashed"}}});
  g.edges.push_back(DotEdge{"a", "b", "1", {}});
  DotCluster inner{"in", {{"label", "inner"}}, {"b"}, {}};
  g.clusters.push_back(DotCluster{"z", {}, {"b", "a", "b"}, {inner}});
  std::ostringstream out;
  WriteDot(g, out);
  CHECK(out.str() ==
        "digraph \"t\" {\n"
        "  rankdir=\"LR\";\n"
        "  node [shape=\"box\"];\n"
        "  \"a\" [label=<<b>A</b>>];\n"
        "  \"b\" [label=\"B \\\"x\\\"\"];\n"
        "  subgraph \"cluster_z\" {\n"
        "    subgraph \"cluster_in\" {\n"
        "      label=\"inner\";\n"
        "      \"b\";\n"
        "    }\n"
        "    \"a\";\n"
        "    \"b\";\n"
        "  }\n"
        "  \"a\" -> \"b\";\n"
        "  \"a\" -> \"b\" [style=\"dashed\"];\n"
        "  \"b\" -> \"a\";\n"
        "}\n");
  REQUIRE(g.FindNode("a") != nullptr);
  CHECK(g.FindNode("a")->attrs.at("label") == "<<b>A</b>>");
  CHECK(g.FindNode("c") == nullptr);
}

TEST_CASE("dot: AddLegend wraps every node and frame, which keep what they would inherit from the graph", "[dot]") {
  DotGraph g;
  g.graph_attrs["fontsize"] = "16";
  g.AddNode("a");
  g.AddNode("b");
  DotCluster ns;
  ns.id = "ns:shop";
  ns.attrs = {{"label", "shop"}, {"labeljust", "l"}};
  ns.nodes = {"a"};
  g.clusters.push_back(ns);
  AddLegend(g, "Legend", {{LegendItem::Kind::kEdge, {{"color", "blue"}}, "an edge"}});
  REQUIRE(g.clusters.size() == 1);
  const DotCluster& frame = g.clusters[0];
  CHECK(frame.nodes == std::vector<std::string>{"a", "b"});
  REQUIRE(frame.clusters.size() == 1);
  const DotAttrs& inner = frame.clusters[0].attrs;
  CHECK(inner.at("label") == "shop");     // its own
  CHECK(inner.at("labeljust") == "l");    // its own
  CHECK(inner.at("labelloc") == "t");     // not the legend's b
  CHECK(inner.at("peripheries") == "1");  // framed, not the wrapper's 0
  CHECK(inner.at("fontsize") == "16");    // the graph's, not the legend's 12
  std::ostringstream out;
  WriteDot(g, out);
  CHECK(out.str().find("  subgraph \"cluster_legend\" {\n") != std::string::npos);
  CHECK(out.str().find("    subgraph \"cluster_ns:shop\" {\n") != std::string::npos);
}

TEST_CASE("dot: AddLegend draws one framed table, a sample and a text per row, whatever the rankdir", "[dot]") {
  DotGraph g;
  AddLegend(g, "legend <1>",
            {{LegendItem::Kind::kNode,
              {{"shape", "box"},
               {"style", "rounded,filled,dashed"},
               {"fillcolor", "#dceafa"},
               {"color", "gray45"},
               {"penwidth", "2"}},
              "implied & dashed"},
             {LegendItem::Kind::kNode, {{"shape", "ellipse"}, {"color", "black"}, {"label", "a<b"}}, "outside"},
             {LegendItem::Kind::kNode, {{"shape", "plaintext"}, {"label", "✗"}, {"fontcolor", "red"}}, "stop"},
             {LegendItem::Kind::kEdge, {{"color", "#c62828"}, {"style", "dashed"}, {"penwidth", "2"}}, "denied"},
             {LegendItem::Kind::kEdge, {{"color", "blue"}, {"style", "dotted"}, {"dir", "both"}}, "both ways"},
             {LegendItem::Kind::kEdge, {{"arrowhead", "none"}}, "no head"}});
  CHECK(g.nodes.empty());
  CHECK(g.edges.empty());
  REQUIRE(g.clusters.size() == 1);  // the legend is the bottom label of a frameless cluster around everything
  CHECK(g.clusters[0].id == "legend");
  CHECK(g.clusters[0].attrs.at("labelloc") == "b");
  CHECK(g.clusters[0].attrs.at("labeljust") == "l");
  CHECK(g.clusters[0].attrs.at("peripheries") == "0");
  CHECK(g.clusters[0].attrs.at("label") ==
        "<<table border=\"1\" cellborder=\"0\" cellspacing=\"3\" cellpadding=\"2\" style=\"rounded\" color=\"gray50\" "
        "bgcolor=\"white\">"
        "<tr><td colspan=\"2\" align=\"left\"><b>legend &lt;1&gt;</b></td></tr>"
        "<tr><td><table border=\"2\" cellborder=\"0\" cellpadding=\"0\" style=\"rounded,dashed\" color=\"gray45\" "
        "bgcolor=\"#dceafa\"><tr><td width=\"40\" height=\"18\"> </td></tr></table></td>"
        "<td align=\"left\">implied &amp; dashed</td></tr>"
        "<tr><td><table border=\"1\" cellborder=\"0\" cellpadding=\"0\" style=\"rounded\" color=\"black\" "
        "bgcolor=\"white\"><tr><td width=\"40\" height=\"18\"><font point-size=\"9\" "
        "color=\"black\">a&lt;b</font></td></tr></table></td>"
        "<td align=\"left\">outside</td></tr>"
        "<tr><td align=\"center\"><font color=\"red\">✗</font></td><td align=\"left\">stop</td></tr>"
        "<tr><td align=\"center\"><font color=\"#c62828\">╍╍╍╍▶</font></td><td align=\"left\">denied</td></tr>"
        "<tr><td align=\"center\"><font color=\"blue\">◀┈┈┈┈▶</font></td><td align=\"left\">both ways</td></tr>"
        "<tr><td align=\"center\"><font color=\"black\">────</font></td><td align=\"left\">no head</td></tr>"
        "</table>>");
}

TEST_CASE("dot: AddLegend samples without a shape take the graph's default; peripheries 2 draws a double frame",
          "[dot]") {
  DotGraph g;
  g.node_defaults = {{"shape", "box"}};
  AddLegend(g, "",
            {{LegendItem::Kind::kNode, {{"style", "filled"}, {"fillcolor", "#eee"}, {"peripheries", "2"}}, "merged"}});
  REQUIRE(g.clusters.size() == 1);
  CHECK(g.clusters[0].attrs.at("label") ==
        "<<table border=\"1\" cellborder=\"0\" cellspacing=\"3\" cellpadding=\"2\" style=\"rounded\" color=\"gray50\" "
        "bgcolor=\"white\">"
        "<tr><td><table border=\"1\" cellborder=\"0\" cellpadding=\"1\" cellspacing=\"0\" color=\"black\"><tr><td>"
        "<table border=\"1\" cellborder=\"0\" cellpadding=\"0\" color=\"black\" bgcolor=\"#eee\"><tr><td "
        "width=\"40\" height=\"18\"> </td></tr></table></td></tr></table></td><td align=\"left\">merged</td></tr>"
        "</table>>");
}

TEST_CASE("dot: AddLegend with no items adds nothing", "[dot]") {
  DotGraph g;
  AddLegend(g, "legend", {});
  CHECK(g.nodes.empty());
  CHECK(g.clusters.empty());
}

}  // namespace kreach
