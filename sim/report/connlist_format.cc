#include "sim/report/connlist_format.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sim/format/structured_writer.h"
#include "sim/format/text_escape.h"

namespace kreach {

namespace {

/// `text` as Go's %q writes it for the printable ASCII names that peers and connection strings use; control
/// characters and bytes that are not UTF-8 as EscapeControls shows them (`\x1b`, `\u009b`), as %q does too.
std::string GoQuote(const std::string& text) {
  std::string quoted;
  for (char ch : text) {
    if (ch == '"' || ch == '\\') quoted += '\\';
    quoted += ch;
  }
  return "\"" + EscapeControls(quoted) + "\"";
}

void WriteTxt(const ConnList& list, std::ostream& out) {
  for (const ConnListEntry& e : list.entries) {
    out << EscapeControls(e.src_text) << " => " << EscapeControls(e.dst_text) << " : "
        << EscapeControls(e.conns.ToString()) << "\n";
  }
}

/// As Go's json.MarshalIndent(list, "", "  ") writes it: HTML-safe strings, `[]` when empty.
void WriteJson(const ConnList& list, std::ostream& out) {
  StructuredWriter w(TextFormat::kJson, out, JsonEscape::kHtmlSafe);
  w.BeginArray(JsonLayout::kLines);
  for (const ConnListEntry& e : list.entries) {
    w.BeginObject(JsonLayout::kLines);
    w.Field("src", e.src_text);
    w.Field("dst", e.dst_text);
    w.Field("conn", e.conns.ToString());
    w.EndObject();
  }
  w.EndArray();
  w.Finish();
}

void WriteCsv(const ConnList& list, std::ostream& out) {
  out << "src,dst,conn\n";
  for (const ConnListEntry& e : list.entries) {
    out << CsvField(e.src_text) << "," << CsvField(e.dst_text) << "," << CsvField(e.conns.ToString()) << "\n";
  }
}

void WriteMd(const ConnList& list, std::ostream& out) {
  out << "| src | dst | conn |\n|-----|-----|------|\n";
  for (const ConnListEntry& e : list.entries) {
    out << "| " << MarkdownCell(e.src_text) << " | " << MarkdownCell(e.dst_text) << " | "
        << MarkdownCell(e.conns.ToString()) << " |\n";
  }
}

std::string DotNodeLine(const ConnListPeer& peer, const std::string& indent) {
  const char* color = peer.IsExternal() ? "red2" : "blue";
  return indent + GoQuote(peer.ToString()) + " [label=" + GoQuote(peer.Label()) + " color=\"" + color +
         "\" fontcolor=\"" + color + "\"]";
}

void WriteDot(const ConnList& list, std::ostream& out) {
  std::map<std::string, std::vector<std::string>> ns_nodes;  // namespace → node lines
  std::vector<std::string> outside;                          // external ranges and the ingress controller
  std::set<std::string> seen;
  auto visit = [&](const ConnListPeer& peer, const std::string& text) {
    if (!seen.insert(text).second) return;
    if (peer.type == ConnListPeer::Type::kWorkload) {
      ns_nodes[peer.ns].push_back(DotNodeLine(peer, "\t\t"));
    } else {
      outside.push_back(DotNodeLine(peer, "\t"));
    }
  };
  std::vector<std::string> edges;
  for (const ConnListEntry& e : list.entries) {
    edges.push_back(
        "\t" + GoQuote(e.src_text) + " -> " + GoQuote(e.dst_text) + " [label=" + GoQuote(e.conns.ToString()) +
        " color=\"gold2\" fontcolor=\"darkgreen\" weight=" + (e.src_text <= e.dst_text ? "0.5" : "1") + "]");
    visit(e.src, e.src_text);
    visit(e.dst, e.dst_text);
  }
  for (const ConnListPeer& w : list.workloads) visit(w, w.ToString());
  std::sort(edges.begin(), edges.end());
  std::sort(outside.begin(), outside.end());

  out << "digraph {\n";
  for (auto& [ns, nodes] : ns_nodes) {
    std::sort(nodes.begin(), nodes.end());
    std::string name = ns + "[namespace]";
    out << "\tsubgraph " << GoQuote("cluster_" + name) << " {\n\t\tcolor=\"black\"\n\t\tfontcolor=\"black\"\n";
    for (const std::string& line : nodes) out << line << "\n";
    out << "\t\tlabel=" << GoQuote(name) << "\n\t}\n";
  }
  for (const std::string& line : outside) out << line << "\n";
  for (const std::string& line : edges) out << line << "\n";
  out << "}\n";
}

}  // namespace

std::optional<ConnListFormat> ParseConnListFormat(std::string_view text) {
  if (text == "txt") return ConnListFormat::kTxt;
  if (text == "json") return ConnListFormat::kJson;
  if (text == "csv") return ConnListFormat::kCsv;
  if (text == "md") return ConnListFormat::kMd;
  if (text == "dot") return ConnListFormat::kDot;
  return std::nullopt;
}

const char* ConnListFormatNames() { return "txt, json, csv, md, dot"; }

void WriteConnList(const ConnList& list, ConnListFormat format, std::ostream& out) {
  switch (format) {
    case ConnListFormat::kTxt: WriteTxt(list, out); return;
    case ConnListFormat::kJson: WriteJson(list, out); return;
    case ConnListFormat::kCsv: WriteCsv(list, out); return;
    case ConnListFormat::kMd: WriteMd(list, out); return;
    case ConnListFormat::kDot: WriteDot(list, out); return;
  }
}

}  // namespace kreach
