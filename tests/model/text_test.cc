#include "sim/model/text.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

namespace kreach {
namespace {

TEST_CASE("StartsWith and EndsWith compare whole prefixes and suffixes", "[text]") {
  CHECK(StartsWith("--output", "--"));
  CHECK(StartsWith("--output", "--output"));
  CHECK(StartsWith("x", ""));
  CHECK(StartsWith("", ""));
  CHECK_FALSE(StartsWith("-o", "--"));
  CHECK_FALSE(StartsWith("ab", "abc"));  // a prefix longer than the text
  CHECK_FALSE(StartsWith("xab", "ab"));

  CHECK(EndsWith("PodList", "List"));
  CHECK(EndsWith("List", "List"));
  CHECK(EndsWith("a", ""));
  CHECK_FALSE(EndsWith("ist", "List"));
  CHECK_FALSE(EndsWith("Listing", "List"));
  CHECK(EndsWith(std::string("/a/.."), "/.."));
  CHECK_FALSE(EndsWith(std::string("/a/.x"), "/."));
}

TEST_CASE("StartsWithUtf8Bom sees the three bytes only", "[text]") {
  CHECK(StartsWithUtf8Bom("\xEF\xBB\xBF{}"));
  CHECK(StartsWithUtf8Bom("\xEF\xBB\xBF"));
  CHECK_FALSE(StartsWithUtf8Bom("\xEF\xBB"));
  CHECK_FALSE(StartsWithUtf8Bom("{}\xEF\xBB\xBF"));
  CHECK_FALSE(StartsWithUtf8Bom(""));
}

TEST_CASE("Trim drops leading and trailing spaces only", "[text]") {
  CHECK(Trim("  -o, --output arg  ") == "-o, --output arg");
  CHECK(Trim("a  b") == "a  b");
  CHECK(Trim("    ") == "");
  CHECK(Trim("") == "");
  CHECK(Trim("\tx \n") == "\tx \n");  // tabs and newlines are text here
  CHECK(Trim(" x") == "x");
  CHECK(Trim("x ") == "x");
}

TEST_CASE("Join puts the separator between each two items", "[text]") {
  CHECK(Join(std::vector<std::string>{"a", "b", "c"}, ", ") == "a, b, c");
  CHECK(Join(std::vector<std::string>{"only"}, "|") == "only");
  CHECK(Join(std::vector<std::string>{}, ", ").empty());
  CHECK(Join(std::set<std::string>{"b", "a"}, " ") == "a b");        // any range of strings, in its order
  CHECK(Join(std::vector<std::string>{"", "x", ""}, "/") == "/x/");  // empty items keep their separators
  CHECK(Join(std::vector<std::string_view>{"p", "q"}, "; and ") == "p; and q");
}

}  // namespace
}  // namespace kreach
