// Replays the fuzz seeds and every reproducer the fuzzers found (tests/fuzz/regressions/<target>/) through the
// same entries the libFuzzer targets call, in the normal test binary. A broken invariant aborts the binary.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "tests/fuzz/targets/entries.h"

namespace kreach {
namespace {

namespace fs = std::filesystem;
using Entry = int (*)(const std::uint8_t*, std::size_t);

/// Runs every file of tests/fuzz/{seeds,regressions}/<target>/ through `entry`; returns how many it ran.
int Replay(const std::string& target, Entry entry) {
  int count = 0;
  for (const char* kind : {"seeds", "regressions"}) {
    fs::path dir = fs::path(KREACH_SOURCE_DIR) / "tests" / "fuzz" / kind / target;
    if (!fs::is_directory(dir)) continue;
    std::vector<fs::path> files;
    for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
      if (e.is_regular_file()) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      INFO(file.string());
      std::ifstream in(file, std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      REQUIRE(entry(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()) == 0);
      ++count;
    }
  }
  return count;
}

/// The scenario fuzzer runs in an empty folder so that includes find nothing; the replay does the same.
class EmptyWorkingDirectory {
 public:
  EmptyWorkingDirectory() : saved_(fs::current_path()) {
    dir_ = fs::temp_directory_path() / ("kreach-fuzz-replay-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
    fs::current_path(dir_);
  }
  ~EmptyWorkingDirectory() {
    fs::current_path(saved_);
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

 private:
  fs::path saved_;
  fs::path dir_;
};

TEST_CASE("fuzz replay: documents", "[fuzz]") { REQUIRE(Replay("documents", fuzz::FuzzDocuments) > 0); }

TEST_CASE("fuzz replay: scenario", "[fuzz]") {
  EmptyWorkingDirectory empty;
  REQUIRE(Replay("scenario", fuzz::FuzzScenario) > 0);
}

TEST_CASE("fuzz replay: endpoint", "[fuzz]") { REQUIRE(Replay("endpoint", fuzz::FuzzEndpoint) > 0); }

TEST_CASE("fuzz replay: selector", "[fuzz]") { REQUIRE(Replay("selector", fuzz::FuzzSelector) > 0); }

TEST_CASE("fuzz replay: cidr", "[fuzz]") { REQUIRE(Replay("cidr", fuzz::FuzzCidr) > 0); }

TEST_CASE("fuzz replay: writers", "[fuzz]") { REQUIRE(Replay("writers", fuzz::FuzzWriters) > 0); }

}  // namespace
}  // namespace kreach
