#include "sim/report/connlist_format.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
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

/// The lines of a list, in order: `for_each(f)` calls f(src_text, dst_text, conns) once per line.
using LineVisitor = std::function<void(const std::string&, const std::string&, const ConnSet&)>;
using ForEachLine = std::function<void(const LineVisitor&)>;

void WriteTxt(const ForEachLine& for_each, std::ostream& out) {
  for_each([&out](const std::string& src, const std::string& dst, const ConnSet& conns) {
    out << EscapeControls(src) << " => " << EscapeControls(dst) << " : " << EscapeControls(conns.ToString()) << "\n";
  });
}

/// As Go's json.MarshalIndent(list, "", "  ") writes it: HTML-safe strings, `[]` when empty.
void WriteJson(const ForEachLine& for_each, std::ostream& out) {
  StructuredWriter w(TextFormat::kJson, out, JsonEscape::kHtmlSafe);
  w.BeginArray(JsonLayout::kLines);
  for_each([&w](const std::string& src, const std::string& dst, const ConnSet& conns) {
    w.BeginObject(JsonLayout::kLines);
    w.Field("src", src);
    w.Field("dst", dst);
    w.Field("conn", conns.ToString());
    w.EndObject();
  });
  w.EndArray();
  w.Finish();
}

void WriteCsv(const ForEachLine& for_each, std::ostream& out) {
  out << "src,dst,conn\n";
  for_each([&out](const std::string& src, const std::string& dst, const ConnSet& conns) {
    out << CsvField(src) << "," << CsvField(dst) << "," << CsvField(conns.ToString()) << "\n";
  });
}

void WriteMd(const ForEachLine& for_each, std::ostream& out) {
  out << "| src | dst | conn |\n|-----|-----|------|\n";
  for_each([&out](const std::string& src, const std::string& dst, const ConnSet& conns) {
    out << "| " << MarkdownCell(src) << " | " << MarkdownCell(dst) << " | " << MarkdownCell(conns.ToString()) << " |\n";
  });
}

std::string DotNodeLine(const ConnListPeer& peer, const std::string& indent) {
  const char* color = peer.IsExternal() ? "red2" : "blue";
  return indent + GoQuote(peer.ToString()) + " [label=" + GoQuote(peer.Label()) + " color=\"" + color +
         "\" fontcolor=\"" + color + "\"]";
}

std::string DotEdgeLine(const std::string& src_text, const std::string& dst_text, const ConnSet& conns) {
  return "\t" + GoQuote(src_text) + " -> " + GoQuote(dst_text) + " [label=" + GoQuote(conns.ToString()) +
         " color=\"gold2\" fontcolor=\"darkgreen\" weight=" + (src_text <= dst_text ? "0.5" : "1") + "]";
}

void WriteDotNodes(std::map<std::string, std::vector<std::string>>& ns_nodes, std::vector<std::string>& outside,
                   std::ostream& out);

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
    edges.push_back(DotEdgeLine(e.src_text, e.dst_text, e.conns));
    visit(e.src, e.src_text);
    visit(e.dst, e.dst_text);
  }
  for (const ConnListPeer& w : list.workloads) visit(w, w.ToString());
  std::sort(edges.begin(), edges.end());
  WriteDotNodes(ns_nodes, outside, out);
  for (const std::string& line : edges) out << line << "\n";
  out << "}\n";
}

/// WriteDot without holding the edges: a first pass finds the peers that lines name (the workloads are known),
/// a second writes the edges, which StreamConnList hands out in the order of their quoted texts, i.e. sorted.
void WriteDotStreamed(const Cluster& cluster, const PolicyOptions& options, std::ostream& out) {
  std::map<std::string, std::vector<std::string>> ns_nodes;
  std::vector<std::string> outside;
  std::set<std::string> seen;
  std::vector<ConnListPeer> workloads;
  const ConnListOrder quoted = [](const std::string& a, const std::string& b) { return GoQuote(a) < GoQuote(b); };
  StreamConnList(
      cluster, options, quoted,
      [&](const ConnListLine& l) {
        for (const auto& [peer, text] : {std::pair{&l.src, &l.src_text}, std::pair{&l.dst, &l.dst_text}}) {
          if (peer->type != ConnListPeer::Type::kWorkload && seen.insert(*text).second) {
            outside.push_back(DotNodeLine(*peer, "\t"));
          }
        }
      },
      &workloads);
  for (const ConnListPeer& w : workloads) ns_nodes[w.ns].push_back(DotNodeLine(w, "\t\t"));
  WriteDotNodes(ns_nodes, outside, out);
  StreamConnList(cluster, options, quoted,
                 [&out](const ConnListLine& l) { out << DotEdgeLine(l.src_text, l.dst_text, l.conns) << "\n"; });
  out << "}\n";
}

/// "digraph {", then one subgraph per namespace and the peers outside them, each sorted (both are sorted here).
void WriteDotNodes(std::map<std::string, std::vector<std::string>>& ns_nodes, std::vector<std::string>& outside,
                   std::ostream& out) {
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

namespace {

void WriteLines(const ForEachLine& for_each, ConnListFormat format, std::ostream& out) {
  switch (format) {
    case ConnListFormat::kTxt: WriteTxt(for_each, out); return;
    case ConnListFormat::kJson: WriteJson(for_each, out); return;
    case ConnListFormat::kCsv: WriteCsv(for_each, out); return;
    case ConnListFormat::kMd: WriteMd(for_each, out); return;
    case ConnListFormat::kDot: return;  // the caller's
  }
}

}  // namespace

void WriteConnList(const ConnList& list, ConnListFormat format, std::ostream& out) {
  if (format == ConnListFormat::kDot) {
    WriteDot(list, out);
    return;
  }
  WriteLines(
      [&list](const LineVisitor& visit) {
        for (const ConnListEntry& e : list.entries) visit(e.src_text, e.dst_text, e.conns);
      },
      format, out);
}

void WriteConnListStreamed(const Cluster& cluster, const PolicyOptions& options, ConnListFormat format,
                           std::ostream& out) {
  if (format == ConnListFormat::kDot) {
    WriteDotStreamed(cluster, options, out);
    return;
  }
  WriteLines(
      [&](const LineVisitor& visit) {
        StreamConnList(cluster, options, std::less<std::string>(),
                       [&visit](const ConnListLine& l) { visit(l.src_text, l.dst_text, l.conns); });
      },
      format, out);
}

}  // namespace kreach
