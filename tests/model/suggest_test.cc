#include "sim/model/suggest.h"

#include <catch2/catch.hpp>

namespace kreach {
namespace {

TEST_CASE("EditDistance is the Levenshtein distance", "[suggest]") {
  CHECK(EditDistance("", "") == 0);
  CHECK(EditDistance("abc", "abc") == 0);
  CHECK(EditDistance("", "abc") == 3);
  CHECK(EditDistance("abc", "") == 3);
  CHECK(EditDistance("kitten", "sitting") == 3);
  CHECK(EditDistance("shop", "shpo") == 2);  // a transposition is two edits
  CHECK(EditDistance("flaw", "lawn") == 2);
  CHECK(EditDistance("matrix", "matrx") == 1);
  CHECK(EditDistance("a", "b") == EditDistance("b", "a"));
}

TEST_CASE("SuggestClosest proposes plausible typos only", "[suggest]") {
  const std::vector<std::string> commands = {"check", "query", "matrix", "list", "lint"};
  CHECK(SuggestClosest("matrx", commands) == "matrix");
  CHECK(SuggestClosest("chek", commands) == "check");
  CHECK(SuggestClosest("quer", commands) == "query");
  CHECK(SuggestClosest("lisst", commands) == "list");
  CHECK(SuggestClosest("deploy", commands).empty());
  CHECK(SuggestClosest("x", {}).empty());
  CHECK(SuggestClosest("production-namespace", {"production-namespaces"}) == "production-namespaces");
  // At most 3 edits even for long names.
  CHECK(SuggestClosest("abcdefghijklmnop", {"abcdefghijklXXXX"}).empty());
  // Ties go to the first candidate; a closer later candidate wins.
  CHECK(SuggestClosest("lixt", {"list", "lint"}) == "list");
  CHECK(SuggestClosest("lixt", {"lint", "list"}) == "lint");
  CHECK(SuggestClosest("lin", {"list", "lint"}) == "lint");
}

}  // namespace
}  // namespace kreach
