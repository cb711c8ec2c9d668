// The architecture's layering (docs/architecture.md), checked on the source tree: every include of a kreach header
// points down the stage order or stays in its folder, no folder includes another folder's *_internal.h, and every
// source file of a library folder is in CMakeLists.txt's explicit lists.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace kreach {
namespace {

namespace fs = std::filesystem;

/// Each library folder and the folders it may include from (besides itself). The order of the stages:
/// model and format at the bottom; loader and policies on model; net on policies and format; report on net and
/// loader; generate on model and format; viz on net; cli on everything.
const std::map<std::string, std::set<std::string>>& AllowedIncludes() {
  static const std::map<std::string, std::set<std::string>> kAllowed = {
      {"sim/model", {}},
      {"sim/format", {}},
      {"sim/loader", {"sim/model"}},
      {"policies", {"sim/model"}},
      {"sim/net", {"sim/model", "sim/format", "policies"}},
      {"sim/report", {"sim/model", "sim/format", "sim/loader", "policies", "sim/net"}},
      {"sim/generate", {"sim/model", "sim/format"}},
      {"viz", {"sim/model", "sim/format", "policies", "sim/net"}},
      {"sim/cli",
       {"sim/model", "sim/format", "sim/loader", "policies", "sim/net", "sim/report", "sim/generate", "viz"}},
  };
  return kAllowed;
}

/// The folder of a root-relative path ("sim/net/path.h" → "sim/net"), "" for a top-level file.
std::string FolderOf(const std::string& path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

/// The kreach headers `file` includes (the quoted, root-relative ones).
std::vector<std::string> QuotedIncludes(const fs::path& file) {
  std::vector<std::string> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    std::size_t hash = line.find_first_not_of(" \t");
    if (hash == std::string::npos || line[hash] != '#') continue;
    std::size_t word = line.find_first_not_of(" \t", hash + 1);
    if (word == std::string::npos || line.compare(word, 7, "include") != 0) continue;
    std::size_t open = line.find('"', word);
    std::size_t close = open == std::string::npos ? open : line.find('"', open + 1);
    if (close != std::string::npos) out.push_back(line.substr(open + 1, close - open - 1));
  }
  return out;
}

/// The .h and .cc files under `dir` (one level: the library folders have no subfolders), root-relative.
std::vector<std::string> SourcesIn(const fs::path& root, const std::string& dir, bool headers = true) {
  std::vector<std::string> out;
  for (const fs::directory_entry& e : fs::directory_iterator(root / dir)) {
    std::string ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".cc" || (headers && ext == ".h"))) {
      out.push_back(dir + "/" + e.path().filename().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Why `file` (in library folder `folder`) may not include `header`, or "" when it may.
std::string IncludeViolation(const std::string& folder, const std::string& file, const std::string& header) {
  std::string to = FolderOf(header);
  if (to == folder) return "";
  // The version header is generated into the build tree (cmake/kreach_version.cmake) for the CLI alone.
  if (folder == "sim/cli" && header == "kreach_version.h") return "";
  if (header.find("_internal.h") != std::string::npos) {
    return file + ": includes " + header + " (another folder's internals)";
  }
  if (!AllowedIncludes().count(to)) return file + ": includes " + header + " (not a library header)";
  if (!AllowedIncludes().at(folder).count(to)) {
    return file + ": includes " + header + " (" + folder + " may not depend on " + to + ")";
  }
  return "";
}

/// Every include in the library folders that breaks the layering, as "file: includes header (reason)".
std::vector<std::string> LayeringViolations(const fs::path& root) {
  std::vector<std::string> bad;
  for (const auto& entry : AllowedIncludes()) {
    const std::string& folder = entry.first;
    for (const std::string& file : SourcesIn(root, folder)) {
      for (const std::string& header : QuotedIncludes(root / file)) {
        std::string why = IncludeViolation(folder, file, header);
        if (!why.empty()) bad.push_back(why);
      }
    }
  }
  return bad;
}

/// Includes of a folder's *_internal.h from tests outside tests/<that folder's name>/.
std::vector<std::string> TestInternalsViolations(const fs::path& root) {
  std::vector<std::string> bad;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(root / "tests")) {
    std::string ext = e.path().extension().string();
    if (!e.is_regular_file() || (ext != ".cc" && ext != ".h")) continue;
    std::string file = fs::relative(e.path(), root).generic_string();
    for (const std::string& header : QuotedIncludes(e.path())) {
      if (header.find("_internal.h") == std::string::npos) continue;
      std::string owner = FolderOf(header);
      std::string owner_name = owner.substr(owner.rfind('/') + 1);
      if (FolderOf(file) != "tests/" + owner_name) bad.push_back(file + ": includes " + header);
    }
  }
  return bad;
}

std::string Lines(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += s + "\n";
  return out;
}

const fs::path kRoot = KREACH_SOURCE_DIR;

TEST_CASE("layering: includes point down the stage order", "[architecture]") {
  std::vector<std::string> bad = LayeringViolations(kRoot);
  INFO(Lines(bad));
  CHECK(bad.empty());
}

TEST_CASE("layering: another folder's internals are for its own tests only", "[architecture]") {
  std::vector<std::string> bad = TestInternalsViolations(kRoot);
  INFO(Lines(bad));
  CHECK(bad.empty());
}

TEST_CASE("layering: every library source file is listed in CMakeLists.txt", "[architecture]") {
  std::ifstream in(kRoot / "CMakeLists.txt");
  std::stringstream text;
  text << in.rdbuf();
  std::vector<std::string> missing;
  std::size_t files = 0;
  for (const auto& [folder, allowed] : AllowedIncludes()) {
    for (const std::string& file : SourcesIn(kRoot, folder, false)) {
      ++files;
      if (file == "sim/cli/main.cc") continue;  // the binary's own source, named by add_executable
      if (text.str().find(" " + file) == std::string::npos) missing.push_back(file);
    }
  }
  INFO(Lines(missing));
  CHECK(files > 80);
  CHECK(missing.empty());
}

TEST_CASE("layering: the checker tells an upward include, internals and foreign headers", "[architecture]") {
  CHECK(IncludeViolation("sim/net", "sim/net/dns.cc", "sim/net/path.h").empty());
  CHECK(IncludeViolation("sim/net", "sim/net/dns.cc", "policies/evaluator.h").empty());
  CHECK(IncludeViolation("sim/net", "sim/net/dns.cc", "sim/report/check.h") ==
        "sim/net/dns.cc: includes sim/report/check.h (sim/net may not depend on sim/report)");
  CHECK(IncludeViolation("viz", "viz/dot.cc", "sim/cli/cli.h") ==
        "viz/dot.cc: includes sim/cli/cli.h (viz may not depend on sim/cli)");
  CHECK(IncludeViolation("sim/cli", "sim/cli/commands.cc", "sim/loader/loader_internal.h") ==
        "sim/cli/commands.cc: includes sim/loader/loader_internal.h (another folder's internals)");
  CHECK(IncludeViolation("sim/cli", "sim/cli/version.cc", "kreach_version.h").empty());
  CHECK(IncludeViolation("viz", "viz/dot.cc", "kreach_version.h") ==
        "viz/dot.cc: includes kreach_version.h (not a library header)");
  CHECK(IncludeViolation("policies", "policies/ip_set.cc", "tests/support/builders.h") ==
        "policies/ip_set.cc: includes tests/support/builders.h (not a library header)");
  // The reader finds the includes the library folders really have.
  std::size_t cross = 0;
  for (const std::string& file : SourcesIn(kRoot, "sim/cli")) {
    for (const std::string& header : QuotedIncludes(kRoot / file)) cross += FolderOf(header) != "sim/cli";
  }
  CHECK(cross > 10);
}

}  // namespace
}  // namespace kreach
