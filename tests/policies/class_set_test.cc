#include "policies/class_set.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "tests/support/random_cluster.h"

namespace kreach {
namespace {

TEST_CASE("ClassSet keeps its members whichever form it takes", "[classes][fast]") {
  for (std::size_t universe : {1u, 63u, 64u, 65u, 200u, 1000u}) {
    testing::Rng rng(static_cast<std::uint32_t>(universe));
    for (int percent : {0, 1, 5, 50, 100}) {
      std::vector<std::uint32_t> ids;
      for (std::uint32_t i = 0; i < universe; ++i) {
        if (rng.Chance(percent)) ids.push_back(i);
      }
      ClassSet set(ids, universe);
      CHECK(set.size() == ids.size());
      CHECK(set.Ids() == ids);
      std::vector<std::uint64_t> words(WordsFor(universe), 0);
      set.OrInto(words.data());
      for (std::uint32_t i = 0; i < universe; ++i) {
        const bool in = std::binary_search(ids.begin(), ids.end(), i);
        CHECK(set.Contains(i) == in);
        CHECK(TestBit(words.data(), i) == in);
      }
      if (universe % 64 != 0) CHECK((words.back() >> (universe % 64)) == 0);  // nothing past the universe
      ClassSet again = ClassSet::FromBits(words.data(), universe);
      CHECK(again == set);
      CHECK(set.Meets(words.data()) == !ids.empty());
      std::vector<std::uint64_t> mask(WordsFor(universe), 0), masked(WordsFor(universe), 0);
      for (std::uint32_t i = 0; i < universe; i += 3) SetBit(mask.data(), i);
      set.OrMaskedInto(masked.data(), mask.data());
      for (std::uint32_t i = 0; i < universe; ++i) CHECK(TestBit(masked.data(), i) == (set.Contains(i) && i % 3 == 0));
      CHECK(set.everything() == (ids.size() == universe));
    }
  }
}

TEST_CASE("BitMatrix::Transposed swaps rows and columns of any shape", "[classes][fast]") {
  testing::Rng rng(7);
  for (auto [rows, width] :
       std::vector<std::pair<std::size_t, std::size_t>>{{1, 1}, {3, 70}, {64, 64}, {65, 129}, {200, 3}}) {
    BitMatrix m(rows, width);
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t c = 0; c < width; ++c) {
        if (rng.Chance(40)) SetBit(m.Row(r), c);
      }
    }
    BitMatrix t = m.Transposed();
    REQUIRE(t.rows() == width);
    REQUIRE(t.width() == rows);
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t c = 0; c < width; ++c) CHECK(t.Test(c, r) == m.Test(r, c));
    }
    BitMatrix back = t.Transposed();
    for (std::size_t r = 0; r < rows; ++r) CHECK(std::equal(m.Row(r), m.Row(r) + m.words(), back.Row(r)));
  }
}

}  // namespace
}  // namespace kreach
