#include "sim/model/label_selector.h"

#include <catch2/catch.hpp>

#include "tests/support/builders.h"

namespace kreach {
namespace {

using testing::Requirement;
using testing::Selector;
using Op = LabelRequirement::Op;

TEST_CASE("An empty selector matches everything", "[label_selector]") {
  CHECK(Selector().Empty());
  CHECK(Selector().Matches({}));
  CHECK(Selector().Matches({{"app", "web"}}));
  CHECK(Selector().ToString() == "{}");
  CHECK(Selector().Keys().empty());
}

TEST_CASE("matchLabels needs every pair", "[label_selector]") {
  LabelSelector s = Selector({{"app", "web"}, {"tier", "fe"}});
  CHECK(s.Matches({{"app", "web"}, {"tier", "fe"}, {"extra", "x"}}));
  CHECK_FALSE(s.Matches({{"app", "web"}}));
  CHECK_FALSE(s.Matches({{"app", "web"}, {"tier", "be"}}));
  CHECK(Selector({{"app", ""}}).Matches({{"app", ""}}));
  CHECK_FALSE(Selector({{"app", ""}}).Matches({}));
}

TEST_CASE("matchExpressions operators", "[label_selector]") {
  Labels web = {{"app", "web"}};
  Labels none;
  CHECK(Requirement("app", Op::kIn, {"db", "web"}).Matches(web));
  CHECK_FALSE(Requirement("app", Op::kIn, {"db"}).Matches(web));
  CHECK_FALSE(Requirement("app", Op::kIn, {"web"}).Matches(none));
  CHECK_FALSE(Requirement("app", Op::kNotIn, {"db", "web"}).Matches(web));
  CHECK(Requirement("app", Op::kNotIn, {"db"}).Matches(web));
  CHECK(Requirement("app", Op::kNotIn, {"web"}).Matches(none));  // a missing key is "not in"
  CHECK(Requirement("app", Op::kExists).Matches(web));
  CHECK_FALSE(Requirement("app", Op::kExists).Matches(none));
  CHECK(Requirement("app", Op::kDoesNotExist).Matches(none));
  CHECK_FALSE(Requirement("app", Op::kDoesNotExist).Matches(web));
}

TEST_CASE("matchLabels and matchExpressions are ANDed", "[label_selector]") {
  LabelSelector s =
      Selector({{"app", "web"}}, {Requirement("tier", Op::kIn, {"a", "b"}), Requirement("legacy", Op::kDoesNotExist)});
  CHECK(s.Matches({{"app", "web"}, {"tier", "a"}}));
  CHECK_FALSE(s.Matches({{"app", "web"}, {"tier", "c"}}));
  CHECK_FALSE(s.Matches({{"app", "web"}, {"tier", "a"}, {"legacy", "true"}}));
  CHECK_FALSE(s.Matches({{"app", "db"}, {"tier", "a"}}));
  CHECK(s.ToString() == "app=web,tier in (a,b),!legacy");
  CHECK(s.Keys() == std::vector<std::string>{"app", "legacy", "tier"});
  CHECK_FALSE(s.Empty());
}

TEST_CASE("Selector text as kubectl prints it", "[label_selector]") {
  CHECK(Selector({}, {Requirement("env", Op::kNotIn, {"dev"})}).ToString() == "env notin (dev)");
  CHECK(Selector({}, {Requirement("env", Op::kExists)}).ToString() == "env");
  CHECK(Selector({{"b", "2"}, {"a", "1"}}).ToString() == "a=1,b=2");  // sorted keys
  CHECK(Selector({{"app", "x"}}, {Requirement("app", Op::kExists)}).Keys() == std::vector<std::string>{"app"});
}

}  // namespace
}  // namespace kreach
