#include "policies/label_index.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/support/random_cluster.h"

namespace kreach {
namespace {

TEST_CASE("LabelIndex::Select equals LabelSelector::Matches item by item, in any range", "[classes][fast]") {
  const std::vector<std::string> keys = {"app", "tier", "env", "team"};
  const std::vector<std::string> values = {"a", "b", "c", "d"};
  long matched = 0, checked = 0;
  for (std::uint32_t seed = 1; seed <= 60; ++seed) {
    testing::Rng rng(seed);
    std::vector<Labels> labels(rng.Between(0, 70));
    for (Labels& l : labels) {
      for (const std::string& k : keys) {
        if (rng.Chance(60)) l[k] = rng.Pick(values);
      }
    }
    std::vector<const Labels*> items;
    for (const Labels& l : labels) items.push_back(&l);
    LabelIndex index(items);
    for (int s = 0; s < 40; ++s) {
      LabelSelector selector;
      for (int k = rng.Between(0, 2); k > 0; --k)
        selector.match_labels[rng.Pick(keys) + (rng.Chance(10) ? "x" : "")] = rng.Pick(values);
      for (int k = rng.Between(0, 2); k > 0; --k) {
        LabelRequirement r;
        r.key = rng.Pick(keys) + (rng.Chance(10) ? "-unknown" : "");
        r.op = static_cast<LabelRequirement::Op>(rng.Below(4));
        if (r.op == LabelRequirement::Op::kIn || r.op == LabelRequirement::Op::kNotIn) {
          for (int v = rng.Between(1, 3); v > 0; --v)
            r.values.push_back(rng.Pick(values) + (rng.Chance(15) ? "z" : ""));
        }
        selector.match_expressions.push_back(r);
      }
      const auto n = static_cast<std::uint32_t>(items.size());
      const std::uint32_t begin = n == 0 ? 0 : rng.Below(n + 1);
      const std::uint32_t end = begin + (n - begin == 0 ? 0 : rng.Below(n - begin + 1));
      std::vector<std::uint32_t> want;
      for (std::uint32_t i = begin; i < end; ++i) {
        if (selector.Matches(labels[i])) want.push_back(i);
      }
      CHECK(index.Select(selector, begin, end) == want);
      std::vector<std::uint32_t> all;
      for (std::uint32_t i = 0; i < n; ++i) {
        if (selector.Matches(labels[i])) all.push_back(i);
      }
      CHECK(index.Select(selector) == all);
      matched += static_cast<long>(all.size());
      checked += n;
    }
  }
  CHECK(matched > checked / 20);  // selectors do match something
  CHECK(matched < checked);
}

}  // namespace
}  // namespace kreach
