// The grouped matrix writers (`kreach matrix --group`) read back: text and JSON give every cell of the dense matrix.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "sim/generate/generate.h"
#include "sim/loader/loader.h"
#include "sim/report/matrix_format.h"

namespace kreach {
namespace {

Cluster Generated(int pods, int namespaces, int policies, int services) {
  GeneratorParams params = FindGeneratorPreset("L1")->params;
  params.pods = pods;
  params.namespaces = namespaces;
  params.policies = policies;
  params.services = services;
  std::string why;
  REQUIRE(CheckGeneratorParams(params, &why));
  std::ostringstream text;
  WriteSyntheticCluster(params, TextFormat::kJson, text);
  LoadResult load = LoadClusterFromTexts({{"gen.json", text.str()}});
  REQUIRE_FALSE(load.diagnostics.HasErrors());
  return std::move(load.cluster);
}

Result FromSymbol(char c) { return c == '.' ? Result::kAllow : c == '~' ? Result::kPartial : Result::kDeny; }
Result FromName(const std::string& s) { return ParseResult(s).value_or(Result::kDeny); }

/// Every cell of a grouped matrix, rebuilt from its members, blocks and exceptions.
struct Rebuilt {
  std::map<std::string, std::string> row_of, column_of;          // name → group label
  std::map<std::pair<std::string, std::string>, Result> blocks;  // (R, C) → result; missing = deny
  std::map<std::pair<std::string, std::string>, Result> exceptions;
  Result At(const std::string& src, const std::string& dst) const {
    auto e = exceptions.find({src, dst});
    if (e != exceptions.end()) return e->second;
    auto b = blocks.find({row_of.at(src), column_of.at(dst)});
    return b == blocks.end() ? Result::kDeny : b->second;
  }
};

/// Reads the block-line text form (more than 64 column groups): "  R4 -> .  C1-C3 C16".
Rebuilt ReadText(const std::string& text) {
  Rebuilt out;
  std::istringstream in(text);
  std::string line, section;
  while (std::getline(in, line)) {
    if (line.rfind("blocks", 0) == 0 || line.rfind("exceptions", 0) == 0 || line == "row groups:" ||
        line == "column groups:") {
      section = line.substr(0, line.find(' ') == std::string::npos ? line.size() : line.find(' '));
      continue;
    }
    if (line.rfind("  ", 0) != 0) continue;
    std::istringstream words(line);
    if (section == "blocks") {
      std::string row, arrow, symbol, range;
      words >> row >> arrow >> symbol;
      while (words >> range) {
        const std::size_t dash = range.find('-');
        const int first = std::stoi(range.substr(1, dash == std::string::npos ? std::string::npos : dash - 1));
        const int last = dash == std::string::npos ? first : std::stoi(range.substr(dash + 2));
        for (int c = first; c <= last; ++c) out.blocks[{row, "C" + std::to_string(c)}] = FromSymbol(symbol[0]);
      }
    } else if (section == "exceptions") {
      std::string src, arrow, dst, symbol;
      words >> src >> arrow >> dst >> symbol;
      out.exceptions[{src, dst}] = FromSymbol(symbol[0]);
    } else if (section == "row" || section == "column") {
      std::string label, name;
      words >> label >> name;
      (section == "row" ? out.row_of : out.column_of)[name] = label;
    }
  }
  return out;
}

Rebuilt ReadJson(const std::string& text) {
  Rebuilt out;
  const nlohmann::json doc = nlohmann::json::parse(text);
  for (const auto& g : doc.at("rowGroups")) {
    for (const auto& name : g.at("members")) out.row_of[name.get<std::string>()] = g.at("id").get<std::string>();
  }
  for (const auto& g : doc.at("columnGroups")) {
    for (const auto& name : g.at("members")) out.column_of[name.get<std::string>()] = g.at("id").get<std::string>();
  }
  for (const auto& b : doc.at("blocks")) out.blocks[{b.at("src"), b.at("dst")}] = FromName(b.at("result"));
  for (const auto& e : doc.at("exceptions")) out.exceptions[{e.at("src"), e.at("dst")}] = FromName(e.at("result"));
  return out;
}

TEST_CASE("the grouped text and JSON forms give back every cell", "[matrix]") {
  const Cluster cluster = Generated(3000, 30, 400, 300);
  for (MatrixLevel level : {MatrixLevel::kWorkload}) {
    const CompactMatrix m = ComputeCompactMatrix(cluster, PolicyOptions(), level, std::nullopt);
    REQUIRE(m.column_groups > 64);  // the block-line form of the text
    const Matrix dense = m.Dense();
    std::ostringstream text, json;
    REQUIRE(WriteGroupedMatrix(m, MatrixFormat::kTable, text));
    REQUIRE(WriteGroupedMatrix(m, MatrixFormat::kJson, json));
    for (const Rebuilt& r : {ReadText(text.str()), ReadJson(json.str())}) {
      REQUIRE(r.row_of.size() == m.size());
      REQUIRE(r.column_of.size() == m.size());
      long allowed = 0;
      for (std::size_t i = 0; i < m.size(); ++i) {
        for (std::size_t j = 0; j < m.size(); ++j) {
          const Result got = r.At(m.names[i], m.names[j]);
          allowed += got == Result::kAllow;
          if (got != dense.cells[i][j]) FAIL_CHECK(m.names[i] << " -> " << m.names[j]);
        }
      }
      CHECK(allowed > 0);
    }
  }
  std::ostringstream csv;
  CHECK_FALSE(WriteGroupedMatrix(ComputeCompactMatrix(cluster, PolicyOptions(), MatrixLevel::kNamespace, std::nullopt),
                                 MatrixFormat::kCsv, csv));
  CHECK(csv.str().empty());
}

}  // namespace
}  // namespace kreach
