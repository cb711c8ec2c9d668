// Conformance with np-guard/netpol-analyzer: `kreach list` against the expected connlist of every core case in
// ../shared/conformance/netpol-analyzer/cases/ (see its README). Cases that cannot pass yet are listed in
// kKnownFailures with the reason, and the test insists that exactly those fail (docs/conformance.md mirrors it).

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "sim/loader/loader.h"
#include "sim/model/options.h"
#include "sim/report/connlist.h"
#include "sim/report/connlist_format.h"

namespace kreach {
namespace {

namespace fs = std::filesystem;

/// Core cases that do not pass yet, with the exact reason. Keep in sync with docs/conformance.md.
const std::map<std::string, std::string>& KnownFailures() {
  static const std::map<std::string, std::string> kTable = {};
  return kTable;
}

fs::path CasesDir() { return fs::path(KREACH_SHARED_DIR) / "conformance" / "netpol-analyzer" / "cases"; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A case needs AdminNetworkPolicy support when its name says so or an input declares one of those kinds.
bool IsCoreCase(const fs::path& dir) {
  std::string name = dir.filename().string();
  if (name.rfind("anp_", 0) == 0 || name.rfind("banp_", 0) == 0) return false;
  static const std::regex kAdminKind(R"re("?kind"?\s*:\s*"?(Baseline)?AdminNetworkPolicy\b)re");
  for (const auto& entry : fs::recursive_directory_iterator(dir / "input")) {
    if (!entry.is_regular_file()) continue;
    std::string text = ReadFile(entry.path());
    if (text.find("AdminNetworkPolicy") != std::string::npos && std::regex_search(text, kAdminKind)) return false;
  }
  return true;
}

std::vector<fs::path> CoreCases() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(CasesDir())) {
    if (entry.is_directory() && IsCoreCase(entry.path())) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string WithoutNewlines(std::string text) {
  text.erase(std::remove(text.begin(), text.end(), '\n'), text.end());
  text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
  return text;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

/// "" when `got` equals `expected` once newlines are removed (the analyzer's own comparison); otherwise the first
/// line that differs, for the failure message.
std::string Compare(const std::string& expected, const std::string& got) {
  if (WithoutNewlines(expected) == WithoutNewlines(got)) return "";
  std::vector<std::string> want = Lines(expected), have = Lines(got);
  std::size_t i = 0;
  while (i < want.size() && i < have.size() && want[i] == have[i]) ++i;
  std::ostringstream msg;
  msg << "line " << i + 1 << " (expected " << want.size() << " lines, got " << have.size() << "): expected `"
      << (i < want.size() ? want[i] : "<end>") << "`, got `" << (i < have.size() ? have[i] : "<end>") << "`";
  return msg.str();
}

/// Runs one case; "" when every expected/connlist.* file matches, else why not.
std::string RunCase(const fs::path& dir) {
  // The analyzer reads its inputs leniently, as `kreach list` does: API-server rules that do not change traffic
  // and unknown fields are warnings there.
  ClusterConfig config;
  config.relaxed_validation = true;
  config.unknown_fields_are_warnings = true;
  LoadResult loaded = LoadCluster({(dir / "input").string()}, config);
  for (const Diagnostic& d : loaded.diagnostics.items()) {
    if (d.severity == Severity::kError) return "load: " + d.ToString();
  }
  ConnList list = ComputeConnList(loaded.cluster, NetpolAnalyzerCompat());
  std::string problems;
  for (const char* ext : {"txt", "json", "csv", "md", "dot"}) {
    fs::path expected = dir / "expected" / (std::string("connlist.") + ext);
    if (!fs::exists(expected)) continue;
    std::ostringstream out;
    WriteConnList(list, *ParseConnListFormat(ext), out);
    std::string diff = Compare(ReadFile(expected), out.str());
    if (!diff.empty()) problems += std::string(problems.empty() ? "" : "; ") + ext + ": " + diff;
    // `kreach list` writes without holding the list: the same bytes.
    std::ostringstream streamed;
    WriteConnListStreamed(loaded.cluster, NetpolAnalyzerCompat(), *ParseConnListFormat(ext), streamed);
    diff = Compare(ReadFile(expected), streamed.str());
    if (!diff.empty()) problems += std::string(problems.empty() ? "" : "; ") + ext + " streamed: " + diff;
  }
  return problems;
}

TEST_CASE("conformance: netpol-analyzer connlist of every core case", "[conformance]") {
  std::vector<fs::path> cases = CoreCases();
  REQUIRE(!cases.empty());
  std::map<std::string, bool> is_core;
  for (const fs::path& dir : cases) is_core[dir.filename().string()] = true;
  for (const auto& [name, reason] : KnownFailures()) {
    INFO("known-failure entry " << name);
    CHECK(is_core.count(name) == 1);  // a stale entry must be removed
  }

  int passed = 0;
  for (const fs::path& dir : cases) {
    std::string name = dir.filename().string();
    std::string problem = RunCase(dir);
    if (problem.empty()) ++passed;
    auto known = KnownFailures().find(name);
    INFO("case " << name);
    if (known == KnownFailures().end()) {
      INFO(problem);
      CHECK(problem.empty());
    } else {
      INFO("listed as failing (" << known->second << ") but it passes now: remove it from the table");
      CHECK(!problem.empty());
    }
  }
  WARN("netpol-analyzer conformance: " << passed << " of " << cases.size() << " core cases pass");
}

}  // namespace
}  // namespace kreach
