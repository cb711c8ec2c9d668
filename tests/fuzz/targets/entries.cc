#include "tests/fuzz/targets/entries.h"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "sim/cli/common.h"
#include "sim/format/json_text.h"
#include "sim/format/text_escape.h"
#include "sim/loader/loader.h"
#include "sim/loader/scenario.h"
#include "sim/model/ipv4.h"
#include "sim/model/limits.h"
#include "sim/net/endpoint.h"
#include "sim/report/check_format.h"
#include "sim/report/connlist_format.h"
#include "sim/report/matrix_format.h"
#include "tests/support/builders.h"
#include "viz/dot.h"

namespace kreach {
namespace fuzz {

namespace {

/// Limits for inputs of at most 64 KiB. The defaults admit a 1 GB dump; a 64 KiB text that asks for a million
/// pods or alias copies is then no finding but a slow unit, so the fuzzers lower them as a cautious user would.
Limits FuzzLimits() {
  Limits limits;
  limits.documents = 10000;
  limits.alias_nodes = 100000;
  limits.pods = 10000;
  limits.folder_entries = 1000;  // an include of / (found: a 14 s walk of the whole disk) is refused at once
  return limits;
}

/// The problems, one a line.
std::string Lines(const std::vector<std::string>& problems) {
  std::string out;
  for (const std::string& p : problems) out += "\n  " + p;
  return out;
}

/// A broken invariant: print it and abort, so that libFuzzer keeps the input (and the regression test fails).
[[noreturn]] void Fail(const std::string& what, const std::string& input) {
  std::fprintf(stderr, "kreach fuzz invariant broken: %s\ninput (%zu bytes): %s\n", what.c_str(), input.size(),
               input.c_str());
  std::abort();
}

void CheckLoad(const LoadResult& load, const std::string& input) {
  for (const Diagnostic& d : load.diagnostics.items()) {
    if (d.ToString().empty()) Fail("a diagnostic prints as nothing", input);
  }
  if (load.diagnostics.HasErrors()) return;
  std::vector<std::string> problems = testing::ModelInvariantViolations(load.cluster);
  if (!problems.empty()) Fail("load without errors breaks the model:" + Lines(problems), input);
}

std::string Text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

/// The cluster endpoints are resolved against: a namespace with pods of a Deployment, a StatefulSet, a Service,
/// and a node.
const Cluster& EndpointCluster() {
  static const Cluster* cluster = [] {
    const char* yaml = R"(apiVersion: v1
kind: Node
metadata: {name: n1}
status: {addresses: [{type: InternalIP, address: 192.168.0.1}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {nodeName: n1, containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {nodeName: n1, containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: default, labels: {app: client}}
spec: {nodeName: n1, containers: [{name: c}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
)";
    LoadResult load = LoadClusterFromTexts({{"endpoint-cluster.yaml", yaml}});
    if (load.diagnostics.HasErrors()) {
      std::string all;
      for (const Diagnostic& d : load.diagnostics.items()) all += d.ToString() + "\n";
      Fail("the endpoint fuzzer's cluster does not load:\n" + all, yaml);
    }
    return new Cluster(std::move(load.cluster));
  }();
  return *cluster;
}

bool IsClusterPod(const Cluster& cluster, const Pod* pod) {
  return pod != nullptr && !cluster.pods.empty() && pod >= &cluster.pods.front() && pod <= &cluster.pods.back();
}

void CheckSelector(const LabelSelector& selector, const std::string& input) {
  if (selector.ToString().empty()) Fail("a selector prints as nothing", input);
  std::vector<std::string> keys = selector.Keys();
  for (const auto& [key, value] : selector.match_labels) {
    bool listed = false;
    for (const std::string& k : keys) listed = listed || k == key;
    if (!listed) Fail("Keys() leaves out matchLabels key " + key, input);
  }
  if (selector.match_expressions.empty() && !selector.Matches(selector.match_labels)) {
    Fail("a selector without expressions does not match its own matchLabels", input);
  }
  if (selector.Empty() && !selector.Matches({})) Fail("the empty selector does not match everything", input);
  Labels with_keys = selector.match_labels;
  for (const LabelRequirement& r : selector.match_expressions) {
    if ((r.op == LabelRequirement::Op::kIn || r.op == LabelRequirement::Op::kNotIn) == r.values.empty()) {
      Fail("requirement on " + r.key + " has values that disagree with its operator", input);
    }
    with_keys[r.key] = r.values.empty() ? "x" : r.values.front();
  }
  selector.Matches(with_keys);
  selector.Matches({});
}

}  // namespace

int FuzzDocuments(const std::uint8_t* data, std::size_t size) {
  ScopedLimits limits(FuzzLimits());
  std::string input = Text(data, size);
  for (const char* name : {"in.yaml", "in.json"}) {
    CheckLoad(LoadClusterFromTexts({{name, input}}), input);
  }
  return 0;
}

int FuzzScenario(const std::uint8_t* data, std::size_t size) {
  ScopedLimits limits(FuzzLimits());
  std::string input = Text(data, size);
  ScenarioLoad load = ParseScenario("in.yaml", input, "");
  for (const Diagnostic& d : load.diagnostics.items()) {
    if (d.ToString().empty()) Fail("a diagnostic prints as nothing", input);
  }
  if (load.diagnostics.HasErrors()) return 0;
  std::vector<std::string> problems = testing::ModelInvariantViolations(load.scenario.cluster);
  if (!problems.empty()) Fail("scenario without errors breaks the model:" + Lines(problems), input);
  for (const Expectation& e : load.scenario.expect) {
    if (ParseResult(ResultName(e.result)) != e.result) {
      Fail("an accepted expectation has result " + std::to_string(static_cast<int>(e.result)), input);
    }
    if (e.outcome && ParseOutcome(OutcomeName(*e.outcome)) != e.outcome) {
      Fail("an accepted expectation has outcome " + std::to_string(static_cast<int>(*e.outcome)), input);
    }
  }
  return 0;
}

int FuzzEndpoint(const std::uint8_t* data, std::size_t size) {
  const Cluster& cluster = EndpointCluster();
  std::string input = Text(data, size);
  ResolvedEndpoint out;
  std::string error;
  if (!ResolveEndpoint(cluster, input, &out, &error)) {
    if (error.empty()) Fail("a refused endpoint has no message", input);
    return 0;
  }
  if (out.text != input) Fail("a resolved endpoint does not keep its text", input);
  using Kind = ResolvedEndpoint::Kind;
  switch (out.kind) {
    case Kind::kPod:
    case Kind::kWorkload:
      if (out.peers.empty()) Fail("a pod or workload endpoint has no pods", input);
      for (const Peer& p : out.peers) {
        if (!IsClusterPod(cluster, p.pod) || p.ip != p.pod->ip) Fail("a peer is not a pod of the cluster", input);
      }
      break;
    case Kind::kAddress:
      if (out.peers.size() != 1 || ParseIpv4(input) != out.peers.front().ip) {
        Fail("an address endpoint is not that one address", input);
      }
      break;
    case Kind::kNode:
      if (out.node == nullptr || out.peers.empty()) Fail("a node endpoint has no node or address", input);
      break;
    case Kind::kService:
      if (out.service == nullptr || !out.peers.empty()) Fail("a service endpoint has no service, or peers", input);
      break;
    case Kind::kDnsName:
      if (out.name.empty() || !out.peers.empty()) Fail("a DNS name endpoint has no name, or peers", input);
      break;
    case Kind::kUrl:
      if ((out.url.scheme != "http" && out.url.scheme != "https") || out.url.host.empty() || out.url.port < 1 ||
          out.url.port > 65535 || out.url.path.empty() || out.url.path.front() != '/') {
        Fail("a URL endpoint has parts out of range", input);
      }
      break;
  }
  for (const Peer& p : out.peers) p.ToString();
  return 0;
}

int FuzzSelector(const std::uint8_t* data, std::size_t size) {
  ScopedLimits limits(FuzzLimits());
  std::string input = Text(data, size);
  const std::string json =
      "{\"apiVersion\": \"networking.k8s.io/v1\", \"kind\": \"NetworkPolicy\", "
      "\"metadata\": {\"name\": \"p\", \"namespace\": \"ns\"}, "
      "\"spec\": {\"podSelector\": " +
      input + "}}\n";
  const std::string yaml =
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
      "metadata: {name: p, namespace: ns}\nspec:\n  podSelector: " +
      input + "\n";
  for (const auto& [name, text] : {std::pair{"in.json", json}, std::pair{"in.yaml", yaml}}) {
    LoadResult load = LoadClusterFromTexts({{name, text}});
    CheckLoad(load, input);
    if (load.diagnostics.HasErrors()) continue;
    if (load.cluster.network_policies.size() != 1) Fail("the policy around the selector is not loaded", input);
    CheckSelector(load.cluster.network_policies.front().pod_selector, input);
  }
  return 0;
}

int FuzzCidr(const std::uint8_t* data, std::size_t size) {
  std::string input = Text(data, size);
  if (std::optional<Ipv4> ip = ParseIpv4(input)) {
    // Leading zeros, signs and spaces are refused, so an address that parses is in its one canonical form.
    if (FormatIpv4(*ip) != input) Fail("an address does not format back to its text", input);
  }
  if (std::optional<Cidr> cidr = ParseCidr(input)) {
    if (cidr->prefix < 0 || cidr->prefix > 32) Fail("a prefix out of range", input);
    std::string text = cidr->ToString();
    std::optional<Cidr> again = ParseCidr(text);
    if (!again || !(*again == *cidr) || again->base != cidr->Network()) Fail("a CIDR does not re-parse equal", input);
    if (again->ToString() != text) Fail("a CIDR's text is not stable", input);
    if (cidr->base == cidr->Network() && text != input) Fail("a CIDR in network form formats differently", input);
    if (!cidr->Contains(cidr->base) || !cidr->Contains(cidr->First()) || !cidr->Contains(cidr->Last()) ||
        cidr->First() > cidr->Last() || !cidr->Contains(*cidr)) {
      Fail("a CIDR does not contain its own addresses", input);
    }
    if (cidr->prefix > 0 && cidr->Contains(Cidr{cidr->base, cidr->prefix - 1})) {
      Fail("a CIDR contains its larger parent block", input);
    }
  }
  return 0;
}

// ---- writers: the output side (issue 24) ----

namespace {

/// Strictly decodes `text` as UTF-8 into code points; false on any byte sequence that is not UTF-8.
bool DecodeUtf8Strict(const std::string& text, std::vector<std::uint32_t>& out) {
  for (std::size_t i = 0; i < text.size();) {
    auto b = static_cast<unsigned char>(text[i]);
    int len = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
    if (len == 0 || i + static_cast<std::size_t>(len) > text.size()) return false;
    std::uint32_t cp = len == 1 ? b : len == 2 ? b & 0x1Fu : len == 3 ? b & 0x0Fu : b & 0x07u;
    for (int k = 1; k < len; ++k) {
      auto c = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3Fu);
    }
    static const std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    out.push_back(cp);
    i += static_cast<std::size_t>(len);
  }
  return true;
}

/// No byte that acts on a terminal: C0 controls (but those in `allowed`), DEL, and the C1 controls in UTF-8.
bool TerminalSafe(const std::string& text, const std::string& allowed) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 || c == 0x7F) && allowed.find(static_cast<char>(c)) == std::string::npos) return false;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(text[i + 1]) <= 0x9F)
      return false;
  }
  return true;
}

/// Parses one CSV record (RFC 4180, no line breaks inside since the writers escape them) into fields.
bool ParseCsvLine(const std::string& line, std::vector<std::string>& fields) {
  fields.clear();
  std::size_t i = 0;
  while (true) {
    std::string field;
    if (i < line.size() && line[i] == '"') {
      ++i;
      while (true) {
        if (i >= line.size()) return false;
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      if (i < line.size() && line[i] != ',') return false;
    } else {
      while (i < line.size() && line[i] != ',') {
        if (line[i] == '"') return false;  // a quote inside an unquoted field
        field += line[i++];
      }
    }
    fields.push_back(field);
    if (i >= line.size()) return true;
    ++i;  // the comma
  }
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

/// Decodes a JSON string literal as JsonQuote writes it; false when it is not valid JSON.
bool DecodeJsonString(const std::string& literal, std::string& out) {
  if (literal.size() < 2 || literal.front() != '"' || literal.back() != '"') return false;
  for (std::size_t i = 1; i + 1 < literal.size(); ++i) {
    auto c = static_cast<unsigned char>(literal[i]);
    if (c < 0x20 || c == '"') return false;
    if (c != '\\') {
      out += literal[i];
      continue;
    }
    if (++i + 1 >= literal.size()) return false;  // a backslash just before the closing quote
    switch (literal[i]) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        if (i + 4 >= literal.size()) return false;
        unsigned value = 0;
        for (int k = 1; k <= 4; ++k) {
          char h = literal[i + static_cast<std::size_t>(k)];
          if (!std::isxdigit(static_cast<unsigned char>(h))) return false;
          value = value * 16 +
                  static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (h | 0x20) - 'a' + 10);
        }
        if (value >= 0xD800 && value <= 0xDFFF) return false;  // JsonQuote writes no surrogate pairs
        if (value < 0x80) {
          out += static_cast<char>(value);
        } else if (value < 0x800) {
          out += static_cast<char>(0xC0 | (value >> 6));
          out += static_cast<char>(0x80 | (value & 0x3F));
        } else {
          out += static_cast<char>(0xE0 | (value >> 12));
          out += static_cast<char>(0x80 | ((value >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (value & 0x3F));
        }
        i += 4;
        break;
      }
      default: return false;
    }
  }
  return true;
}

/// Every character is one XML 1.0 allows, and '&' only starts one of the five entities.
bool ValidXml(const std::string& text) {
  std::vector<std::uint32_t> cps;
  if (!DecodeUtf8Strict(text, cps)) return false;
  for (std::uint32_t cp : cps) {
    bool ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
              (cp >= 0x10000 && cp <= 0x10FFFF);
    if (!ok) return false;
  }
  for (std::size_t amp = text.find('&'); amp != std::string::npos; amp = text.find('&', amp + 1)) {
    bool entity = false;
    for (const char* e : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"})
      entity |= text.compare(amp, std::strlen(e), e) == 0;
    if (!entity) return false;
  }
  return true;
}

}  // namespace

int FuzzWriters(const std::uint8_t* data, std::size_t size) {
  const std::string input = Text(data, size);
  // Names separated by NUL bytes (a NUL cannot be in a name kreach reads, but may be in one made with --relaxed
  // from JSON "\u0000": it is also fed whole as the last name).
  std::vector<std::string> names;
  std::size_t start = 0;
  while (names.size() < 6) {
    std::size_t end = input.find('\0', start);
    names.push_back(input.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  names.push_back(input);
  names.push_back("default/plain[Pod]");

  for (const std::string& name : names) {
    const std::string shown = EscapeControls(name);
    if (!TerminalSafe(shown, "") || !IsPlainText(shown)) Fail("EscapeControls left a control character", input);
    if (IsPlainText(name) && shown != name) Fail("EscapeControls changed plain text", input);
    std::vector<std::string> fields;
    if (!ParseCsvLine(CsvField(name) + "," + CsvField(name), fields) || fields.size() != 2 || fields[0] != shown ||
        fields[1] != shown)
      Fail("CsvField does not parse back to the escaped field", input);
    const std::string cell = MarkdownCell(name);
    if (!TerminalSafe(cell, "")) Fail("MarkdownCell left a control character", input);
    for (std::size_t i = 0; i < cell.size(); ++i) {
      if (cell[i] == '|' && (i == 0 || cell[i - 1] != '\\')) Fail("MarkdownCell left a bare '|'", input);
    }
    if (!ValidXml(XmlText(name))) Fail("XmlText is not XML 1.0 text", input);
    std::string decoded;
    std::vector<std::uint32_t> cps;
    if (!DecodeJsonString(JsonQuote(name, true), decoded) || !DecodeUtf8Strict(decoded, cps))
      Fail("JsonQuote is not a JSON string of UTF-8", input);
    cps.clear();
    if (DecodeUtf8Strict(name, cps) && decoded != name) Fail("JsonQuote changed the text of a UTF-8 name", input);
    const std::string message = PrintableMessage("error: f.yaml: doc 1: name '" + name + "': bad");
    if (!TerminalSafe(message, "") || message.size() > 4200) Fail("PrintableMessage is not one short line", input);
    std::string dot = DotQuote(name);
    if (!TerminalSafe(dot, "") || dot.size() < 2 || dot.front() != '"' || dot.back() != '"')
      Fail("DotQuote left a control character or is unquoted", input);
    for (std::size_t i = 1; i + 1 < dot.size(); ++i) {
      if (dot[i] == '\\') {
        ++i;
      } else if (dot[i] == '"') {
        Fail("DotQuote left a bare quote", input);
      }
    }
  }

  // A matrix named by the input: one CSV record per cell, one Markdown row per source, nothing raw in the table.
  Matrix m;
  m.probe = "any";
  m.names = names;
  m.cells.assign(names.size(), std::vector<Result>(names.size(), Result::kAllow));
  std::ostringstream csv, md, table;
  WriteMatrix(m, MatrixFormat::kCsv, csv);
  WriteMatrix(m, MatrixFormat::kMarkdown, md);
  WriteMatrix(m, MatrixFormat::kTable, table);
  std::vector<std::string> lines = SplitLines(csv.str());
  if (lines.size() != 1 + names.size() * names.size()) Fail("matrix CSV has a record per line broken", input);
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = 0; j < names.size(); ++j) {
      std::vector<std::string> fields;
      if (!ParseCsvLine(lines[1 + i * names.size() + j], fields) || fields.size() != 3 ||
          fields[0] != EscapeControls(names[i]) || fields[1] != EscapeControls(names[j]) || fields[2] != "allow")
        Fail("matrix CSV does not parse back to its cells", input);
    }
  }
  if (SplitLines(md.str()).size() != 2 + names.size()) Fail("matrix Markdown has a row per line broken", input);
  if (!TerminalSafe(md.str(), "\n") || !TerminalSafe(table.str(), "\n"))
    Fail("matrix Markdown or table has a raw control character", input);

  // The connlist of two workloads named by the input, in every format.
  ConnList list;
  for (std::size_t i = 0; i + 1 < names.size() && i < 3; ++i) {
    ConnListEntry e;
    e.src = ConnListPeer::OfWorkload("ns", OwnerRef{"Pod", names[i]});
    e.dst = ConnListPeer::OfWorkload("ns", OwnerRef{"Deployment", names[i + 1]});
    e.conns = ConnSet::All();
    e.src_text = e.src.ToString();
    e.dst_text = e.dst.ToString();
    list.entries.push_back(e);
  }
  for (ConnListFormat format :
       {ConnListFormat::kTxt, ConnListFormat::kCsv, ConnListFormat::kMd, ConnListFormat::kJson, ConnListFormat::kDot}) {
    std::ostringstream out;
    WriteConnList(list, format, out);
    if (!TerminalSafe(out.str(), "\n\t")) Fail("a connlist format has a raw control character", input);
    std::size_t want = list.entries.size() + (format == ConnListFormat::kCsv  ? 1
                                              : format == ConnListFormat::kMd ? 2
                                                                              : 0);
    if ((format == ConnListFormat::kTxt || format == ConnListFormat::kCsv || format == ConnListFormat::kMd) &&
        SplitLines(out.str()).size() != want)
      Fail("a connlist line format has an entry per line broken", input);
  }

  // JUnit: a run named by the input with an error quoting it; the file must be XML 1.0.
  std::vector<CheckRun> runs(1);
  runs[0].file = names[0];
  runs[0].submission = names.size() > 1 ? names[1] : "";
  runs[0].error = "no pod '" + input + "'";
  std::ostringstream xml;
  WriteCheckJUnit(runs, xml);
  if (!ValidXml(xml.str())) Fail("the JUnit XML holds a character XML 1.0 forbids", input);

  // The terminal filter, fed in pieces as a stream writes them.
  std::ostringstream sink;
  {
    ControlEscapingBuf buf(sink.rdbuf());
    std::ostream out(&buf);
    for (std::size_t i = 0; i < input.size(); i += 7) out << input.substr(i, 7);
    out.flush();
    buf.Finish();
  }
  if (!TerminalSafe(sink.str(), "\n\t")) Fail("ControlEscapingBuf let a control character through", input);
  return 0;
}

}  // namespace fuzz
}  // namespace kreach
