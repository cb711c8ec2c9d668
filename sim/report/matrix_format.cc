// The writers of `kreach matrix`: every cell (WriteMatrix) or the grouped form (WriteGroupedMatrix).
#include "sim/report/matrix_format.h"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sim/format/structured_writer.h"
#include "sim/format/text_escape.h"

namespace kreach {

namespace {

char Symbol(Result r) {
  switch (r) {
    case Result::kAllow: return '.';
    case Result::kDeny: return 'X';
    case Result::kPartial: return '~';
  }
  return '?';
}

const char* kLegend = "  ('.' allowed, 'X' denied, '~' partial: some pod pairs only)\n";

/// A matrix name as an endpoint of `check`: "shop/web[Deployment]" → "deployment/shop/web", "shop/db[Pod]" →
/// "shop/db"; pod names ("shop/web-0") are endpoints already.
std::string EndpointName(const std::string& name) {
  std::size_t open = name.rfind('[');
  if (open == std::string::npos || name.back() != ']') return name;
  std::string kind = name.substr(open + 1, name.size() - open - 2);
  std::string base = name.substr(0, open);
  if (kind == "Pod") return base;
  std::transform(kind.begin(), kind.end(), kind.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return kind + "/" + base;
}

void WriteTruthTable(const Matrix& m, std::ostream& out) {
  std::vector<std::string> rows;
  for (const std::string& n : m.names) rows.push_back(EndpointName(n));
  std::size_t width = m.probe.size();
  for (const std::string& r : rows) width = std::max(width, r.size());
  auto pad = [&out](const std::string& s, std::size_t w) {
    out << s << std::string(w > s.size() ? w - s.size() : 0, ' ');
  };
  pad(m.probe, width);
  for (const std::string& c : rows) out << "  " << c;
  out << "\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    pad(rows[i], width);
    for (std::size_t j = 0; j < rows.size(); ++j) {
      out << "  ";
      // The last column needs no padding: lines end without trailing blanks.
      if (j + 1 == rows.size()) {
        out << Symbol(m.cells[i][j]);
      } else {
        pad(std::string(1, Symbol(m.cells[i][j])), rows[j].size());
      }
    }
    out << "\n";
  }
}

/// Inline `{"src": ..., "dst": ..., "result": ...}`, one cell of a JSON matrix.
void WriteCellJson(StructuredWriter& w, const std::string& src, const std::string& dst, Result result) {
  w.BeginObject(JsonLayout::kInline);
  w.Field("src", src);
  w.Field("dst", dst);
  w.Field("result", ResultName(result));
  w.EndObject();
}

/// An inline array of strings.
void WriteNamesJson(StructuredWriter& w, std::string_view key, const std::vector<std::string>& names) {
  w.Key(key);
  w.BeginArray(JsonLayout::kInline);
  for (const std::string& name : names) w.String(name);
  w.EndArray();
}

void WriteMatrixJson(const Matrix& m, std::ostream& out) {
  const std::vector<std::string>& cols = m.Columns();
  StructuredWriter w(TextFormat::kJson, out);
  w.BeginObject(JsonLayout::kLines);
  w.Field("level", MatrixLevelName(m.level));
  w.Field("probe", m.probe);
  WriteNamesJson(w, "names", m.names);
  if (m.rectangular) WriteNamesJson(w, "columns", cols);
  w.Key("cells");
  w.BeginArray(JsonLayout::kLines);
  for (std::size_t i = 0; i < m.names.size(); ++i) {
    for (std::size_t j = 0; j < cols.size(); ++j) WriteCellJson(w, m.names[i], cols[j], m.cells[i][j]);
  }
  w.EndArray();
  w.EndObject();
  w.Finish();
}

}  // namespace

void WriteMatrix(const Matrix& m, MatrixFormat format, std::ostream& out) {
  std::size_t n = m.names.size();
  const std::vector<std::string>& cols = m.Columns();
  std::size_t k = cols.size();
  switch (format) {
    case MatrixFormat::kTruth: WriteTruthTable(m, out); break;
    case MatrixFormat::kTable: {
      out << "level: " << MatrixLevelName(m.level) << ", probe: " << m.probe << kLegend;
      std::size_t width = std::to_string(std::max(n, k) ? std::max(n, k) - 1 : 0).size();
      auto pad = [&out](const std::string& s, std::size_t w) { out << std::string(w - s.size(), ' ') << s; };
      pad("", width);
      out << " ";
      for (std::size_t j = 0; j < k; ++j) {
        out << " ";
        pad(std::to_string(j), width);
      }
      out << "\n";
      for (std::size_t i = 0; i < n; ++i) {
        pad(std::to_string(i), width);
        out << " ";
        for (std::size_t j = 0; j < k; ++j) {
          out << " ";
          pad(std::string(1, Symbol(m.cells[i][j])), width);
        }
        out << "  " << EscapeControls(m.names[i]) << "\n";
      }
      if (m.rectangular) {
        out << "columns:\n";
        for (std::size_t j = 0; j < k; ++j) {
          pad(std::to_string(j), width);
          out << "  " << EscapeControls(cols[j]) << "\n";
        }
      }
      break;
    }
    case MatrixFormat::kCsv:
      out << "src,dst,result\n";
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < k; ++j) {
          out << CsvField(m.names[i]) << "," << CsvField(cols[j]) << "," << ResultName(m.cells[i][j]) << "\n";
        }
      }
      break;
    case MatrixFormat::kJson: WriteMatrixJson(m, out); break;
    case MatrixFormat::kMarkdown:
      out << "| src \\ dst |";
      for (const std::string& name : cols) out << " " << MarkdownCell(name) << " |";
      out << "\n|---|";
      for (std::size_t j = 0; j < k; ++j) out << "---|";
      out << "\n";
      for (std::size_t i = 0; i < n; ++i) {
        out << "| " << MarkdownCell(m.names[i]) << " |";
        for (std::size_t j = 0; j < k; ++j) out << " " << ResultName(m.cells[i][j]) << " |";
        out << "\n";
      }
      break;
  }
}

namespace {

/// Collects text and writes it to the stream in large pieces (a grouped matrix of 100,000 names is tens of MB).
class Buffered {
 public:
  explicit Buffered(std::ostream& out) : out_(out) { buf_.reserve(kChunk + 4096); }
  ~Buffered() { Flush(); }
  Buffered(const Buffered&) = delete;
  Buffered& operator=(const Buffered&) = delete;

  Buffered& operator<<(const std::string& s) { return Add(s.data(), s.size()); }
  Buffered& operator<<(const char* s) { return Add(s, std::char_traits<char>::length(s)); }
  Buffered& operator<<(char c) { return Add(&c, 1); }
  template <typename T, typename = std::enable_if_t<std::is_integral_v<T>>>
  Buffered& operator<<(T n) {
    char tmp[24];
    const std::to_chars_result r = std::to_chars(tmp, tmp + sizeof tmp, n);
    return Add(tmp, static_cast<std::size_t>(r.ptr - tmp));
  }
  void Flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }

 private:
  static constexpr std::size_t kChunk = 1 << 20;
  Buffered& Add(const char* s, std::size_t n) {
    buf_.append(s, n);
    if (buf_.size() >= kChunk) Flush();
    return *this;
  }
  std::ostream& out_;
  std::string buf_;
};

void Pad(Buffered& out, const std::string& s, std::size_t width) {
  out << std::string(width > s.size() ? width - s.size() : 0, ' ') << s;
}

const char* Plural(MatrixLevel level) {
  switch (level) {
    case MatrixLevel::kPod: return "pods";
    case MatrixLevel::kWorkload: return "workloads";
    case MatrixLevel::kNamespace: return "namespaces";
  }
  return "groups";
}

std::string RowLabel(std::size_t rg) { return "R" + std::to_string(rg + 1); }
std::string ColumnLabel(std::size_t cg) { return "C" + std::to_string(cg + 1); }

/// "C1 C4-C6 C9": the column groups of `ids` (ascending), consecutive ones as ranges.
std::string ColumnRanges(const std::vector<std::size_t>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size();) {
    std::size_t j = i;
    while (j + 1 < ids.size() && ids[j + 1] == ids[j] + 1) ++j;
    if (!out.empty()) out += ' ';
    out += ColumnLabel(ids[i]);
    if (j > i) out += "-" + ColumnLabel(ids[j]);
    i = j + 1;
  }
  return out;
}

/// The column groups whose block in row group `r` is `kind` (allow or partial), ascending.
std::vector<std::size_t> BlockColumns(const CompactMatrix& m, std::size_t r, Result kind) {
  std::vector<std::size_t> out;
  const std::uint64_t* bits = (kind == Result::kAllow ? m.block_allow : m.block_partial).Row(r);
  for (std::size_t w = 0; w < m.block_allow.words(); ++w) {
    for (std::uint64_t word = bits[w]; word != 0; word &= word - 1) {
      out.push_back(w * 64 + static_cast<std::size_t>(__builtin_ctzll(word)));
    }
  }
  return out;
}

/// Members of each group, by group, in name order.
std::vector<std::vector<std::size_t>> Members(const std::vector<std::uint32_t>& group_of, std::size_t groups) {
  std::vector<std::vector<std::size_t>> out(groups);
  for (std::size_t i = 0; i < group_of.size(); ++i) out[group_of[i]].push_back(i);
  return out;
}

constexpr std::size_t kTableColumnGroups = 64;  // wider group tables are written as block lines

void WriteGroupedText(const CompactMatrix& m, std::ostream& stream) {
  Buffered out(stream);
  out << "level: " << MatrixLevelName(m.level) << ", probe: " << m.probe << kLegend;
  out << "grouped: " << m.size() << " " << Plural(m.level) << " in " << m.row_groups
      << " row groups (sources that reach alike) and " << m.column_groups
      << " column groups (destinations reached alike); " << m.exceptions.size()
      << (m.exceptions.size() == 1 ? " cell differs from its block\n" : " cells differ from their blocks\n");
  if (m.column_groups <= kTableColumnGroups) {
    std::size_t width = std::max(ColumnLabel(m.column_groups - (m.column_groups > 0)).size(),
                                 RowLabel(m.row_groups - (m.row_groups > 0)).size());
    Pad(out, "", width);
    out << " ";
    for (std::size_t c = 0; c < m.column_groups; ++c) {
      out << " ";
      Pad(out, ColumnLabel(c), width);
    }
    out << "\n";
    const std::vector<std::vector<std::size_t>> members = Members(m.row_group, m.row_groups);
    for (std::size_t r = 0; r < m.row_groups; ++r) {
      Pad(out, RowLabel(r), width);
      out << " ";
      for (std::size_t c = 0; c < m.column_groups; ++c) {
        out << " ";
        Pad(out, std::string(1, Symbol(m.Block(r, c))), width);
      }
      out << "  " << EscapeControls(m.names[members[r].front()]);
      if (members[r].size() > 1) out << " (+" << members[r].size() - 1 << ")";
      out << "\n";
    }
  } else {
    out << "blocks (row group -> column groups; every block not listed is 'X'):\n";
    const std::size_t width = RowLabel(m.row_groups - 1).size();
    for (std::size_t r = 0; r < m.row_groups; ++r) {
      for (Result kind : {Result::kAllow, Result::kPartial}) {
        std::vector<std::size_t> ids = BlockColumns(m, r, kind);
        if (ids.empty()) continue;
        out << "  ";
        Pad(out, RowLabel(r), width);
        out << " -> " << Symbol(kind) << "  " << ColumnRanges(ids) << "\n";
      }
    }
  }
  if (!m.exceptions.empty()) {
    out << "exceptions (cells that differ from their block):\n";
    for (const CompactMatrix::Exception& e : m.exceptions) {
      out << "  " << EscapeControls(m.names[e.row]) << " -> " << EscapeControls(m.names[e.column]) << "  "
          << Symbol(e.result) << "\n";
    }
  }
  out << "row groups:\n";
  for (std::size_t i = 0; i < m.size(); ++i)
    out << "  " << RowLabel(m.row_group[i]) << "  " << EscapeControls(m.names[i]) << "\n";
  out << "column groups:\n";
  for (std::size_t i = 0; i < m.size(); ++i)
    out << "  " << ColumnLabel(m.column_group[i]) << "  " << EscapeControls(m.names[i]) << "\n";
}

void WriteGroupedMarkdown(const CompactMatrix& m, std::ostream& stream) {
  Buffered out(stream);
  out << "level: " << MatrixLevelName(m.level) << ", probe: " << m.probe << "; " << m.size() << " " << Plural(m.level)
      << " in " << m.row_groups << " row groups and " << m.column_groups << " column groups\n\n";
  out << "| src \\ dst |";
  for (std::size_t c = 0; c < m.column_groups; ++c) out << " " << ColumnLabel(c) << " |";
  out << "\n|---|";
  for (std::size_t c = 0; c < m.column_groups; ++c) out << "---|";
  out << "\n";
  for (std::size_t r = 0; r < m.row_groups; ++r) {
    out << "| " << RowLabel(r) << " |";
    for (std::size_t c = 0; c < m.column_groups; ++c) out << " " << ResultName(m.Block(r, c)) << " |";
    out << "\n";
  }
  if (!m.exceptions.empty()) {
    out << "\n| exception: src | dst | result |\n|---|---|---|\n";
    for (const CompactMatrix::Exception& e : m.exceptions) {
      out << "| " << MarkdownCell(m.names[e.row]) << " | " << MarkdownCell(m.names[e.column]) << " | "
          << ResultName(e.result) << " |\n";
    }
  }
  auto groups = [&](const char* title, const std::vector<std::uint32_t>& of, std::size_t count, auto label) {
    out << "\n| " << title << " | members |\n|---|---|\n";
    std::vector<std::vector<std::size_t>> members = Members(of, count);
    for (std::size_t g = 0; g < count; ++g) {
      out << "| " << label(g) << " |";
      for (std::size_t k = 0; k < members[g].size(); ++k)
        out << (k ? ", " : " ") << MarkdownCell(m.names[members[g][k]]);
      out << " |\n";
    }
  };
  groups("row group", m.row_group, m.row_groups, RowLabel);
  groups("column group", m.column_group, m.column_groups, ColumnLabel);
}

void WriteGroupedJson(const CompactMatrix& m, std::ostream& out) {
  StructuredWriter w(TextFormat::kJson, out);
  w.BeginObject(JsonLayout::kLines);
  w.Field("level", MatrixLevelName(m.level));
  w.Field("probe", m.probe);
  w.BoolField("grouped", true);
  auto groups = [&](const char* key, const std::vector<std::uint32_t>& of, std::size_t count, auto label) {
    w.Key(key);
    w.BeginArray(JsonLayout::kLines);
    std::vector<std::vector<std::size_t>> members = Members(of, count);
    for (std::size_t g = 0; g < count; ++g) {
      w.BeginObject(JsonLayout::kInline);
      w.Field("id", label(g));
      w.Key("members");
      w.BeginArray(JsonLayout::kInline);
      for (std::size_t member : members[g]) w.String(m.names[member]);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
  };
  groups("rowGroups", m.row_group, m.row_groups, RowLabel);
  groups("columnGroups", m.column_group, m.column_groups, ColumnLabel);
  w.Key("blocks");
  w.BeginArray(JsonLayout::kLines);
  for (std::size_t r = 0; r < m.row_groups; ++r) {
    std::vector<std::size_t> allow = BlockColumns(m, r, Result::kAllow), partial = BlockColumns(m, r, Result::kPartial);
    std::vector<std::size_t> listed;
    std::merge(allow.begin(), allow.end(), partial.begin(), partial.end(), std::back_inserter(listed));
    for (std::size_t c : listed) WriteCellJson(w, RowLabel(r), ColumnLabel(c), m.Block(r, c));
  }
  w.EndArray();
  w.Field("otherBlocks", "deny");
  w.Key("exceptions");
  w.BeginArray(JsonLayout::kLines);
  for (const CompactMatrix::Exception& e : m.exceptions) WriteCellJson(w, m.names[e.row], m.names[e.column], e.result);
  w.EndArray();
  w.EndObject();
  w.Finish();
}

}  // namespace

bool WriteGroupedMatrix(const CompactMatrix& m, MatrixFormat format, std::ostream& out) {
  switch (format) {
    case MatrixFormat::kTable: WriteGroupedText(m, out); return true;
    case MatrixFormat::kMarkdown: WriteGroupedMarkdown(m, out); return true;
    case MatrixFormat::kJson: WriteGroupedJson(m, out); return true;
    case MatrixFormat::kCsv:
    case MatrixFormat::kTruth: return false;
  }
  return false;
}

}  // namespace kreach
