// SortObjects and SortOrder place elements exactly where std::sort does, equal elements included.
#include "sim/loader/sort_objects.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace kreach {

namespace {

struct Item {
  std::string ns;
  std::string name;
  int payload = 0;  ///< tells equal keys apart after sorting
};

bool Less(const Item& a, const Item& b) { return std::tie(a.ns, a.name) < std::tie(b.ns, b.name); }

std::vector<Item> Random(std::size_t n, int distinct_names, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<Item> items(n);
  for (std::size_t i = 0; i < n; ++i) {
    items[i].ns = "ns-" + std::to_string(rng() % 7);
    // Long shared prefixes and NUL bytes put the decision past the coarse keys.
    items[i].name = "workload-with-a-long-name-" + std::to_string(rng() % static_cast<unsigned>(distinct_names));
    if (rng() % 5 == 0) items[i].name += std::string(1, '\0');
    items[i].payload = static_cast<int>(i);
  }
  return items;
}

std::vector<int> Payloads(const std::vector<Item>& items) {
  std::vector<int> out;
  for (const Item& item : items) out.push_back(item.payload);
  return out;
}

}  // namespace

TEST_CASE("SortByNsName gives std::sort's order, with and without equal keys, on one and two threads", "[loader]") {
  for (std::size_t n : {0, 1, 2, 17, 1000, 50000}) {
    for (int distinct : {3, 1000, 1000000}) {
      INFO(n << " items, " << distinct << " names");
      std::vector<Item> items = Random(n, distinct, static_cast<std::uint32_t>(n + static_cast<std::size_t>(distinct)));
      std::vector<Item> expected = items;
      std::sort(expected.begin(), expected.end(), Less);
      SortByNsName(items);
      CHECK(Payloads(items) == Payloads(expected));
      SortByNsName(items);  // sorted already: equal elements may still move, as std::sort moves them
      std::sort(expected.begin(), expected.end(), Less);
      CHECK(Payloads(items) == Payloads(expected));
    }
  }
}

TEST_CASE("SortByName gives std::sort's order", "[loader]") {
  std::vector<Item> items = Random(30000, 100, 5);
  std::vector<Item> expected = items;
  std::sort(expected.begin(), expected.end(), [](const Item& a, const Item& b) { return a.name < b.name; });
  SortByName(items);
  CHECK(Payloads(items) == Payloads(expected));
}

}  // namespace kreach
