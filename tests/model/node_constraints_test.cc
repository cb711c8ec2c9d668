#include "sim/model/node_constraints.h"

#include <catch2/catch.hpp>

namespace kreach {
namespace {

NodeSelectorRequirement Req(std::string key, NodeSelectorOp op, std::vector<std::string> values = {}) {
  return NodeSelectorRequirement{std::move(key), op, std::move(values)};
}

TEST_CASE("node selector operators: In, NotIn and DoesNotExist on a missing key, Gt and Lt as integers",
          "[node_constraints]") {
  CHECK(Req("zone", NodeSelectorOp::kIn, {"a", "b"}).Matches(true, "b"));
  CHECK_FALSE(Req("zone", NodeSelectorOp::kIn, {"a"}).Matches(false, ""));
  CHECK(Req("zone", NodeSelectorOp::kNotIn, {"a"}).Matches(false, ""));
  CHECK_FALSE(Req("zone", NodeSelectorOp::kNotIn, {"a"}).Matches(true, "a"));
  CHECK(Req("zone", NodeSelectorOp::kExists).Matches(true, ""));
  CHECK(Req("zone", NodeSelectorOp::kDoesNotExist).Matches(false, ""));
  CHECK(Req("cpus", NodeSelectorOp::kGt, {"4"}).Matches(true, "8"));
  CHECK_FALSE(Req("cpus", NodeSelectorOp::kGt, {"4"}).Matches(true, "4"));
  CHECK(Req("cpus", NodeSelectorOp::kLt, {"4"}).Matches(true, "-2"));
  CHECK_FALSE(Req("cpus", NodeSelectorOp::kLt, {"4"}).Matches(true, "two"));
  CHECK_FALSE(Req("cpus", NodeSelectorOp::kGt, {"4"}).Matches(false, ""));
  CHECK(Req("cpus", NodeSelectorOp::kGt, {"4"}).ToString() == "cpus>4");
  CHECK(Req("zone", NodeSelectorOp::kNotIn, {"a", "b"}).ToString() == "zone notin (a,b)");
  CHECK(Req("zone", NodeSelectorOp::kDoesNotExist).ToString() == "!zone");
  CHECK(ParseNodeSelectorOp("Gt") == NodeSelectorOp::kGt);
  CHECK_FALSE(ParseNodeSelectorOp("gt"));
  CHECK(std::string(NodeSelectorOpName(NodeSelectorOp::kDoesNotExist)) == "DoesNotExist");
}

TEST_CASE("nodeSelector and the required terms must both hold; terms are ORed, an empty term matches nothing",
          "[node_constraints]") {
  NodeConstraints c;
  CHECK(c.Empty());
  CHECK(c.Accepts("n1", {}));
  c.node_selector = {{"kubernetes.io/os", "linux"}};
  CHECK(c.Accepts("n1", {{"kubernetes.io/os", "linux"}, {"zone", "a"}}));
  CHECK_FALSE(c.Accepts("n1", {{"zone", "a"}}));
  NodeSelectorTerm zone_b{{Req("zone", NodeSelectorOp::kIn, {"b"})}, {}};
  NodeSelectorTerm node_n1{{}, {Req("metadata.name", NodeSelectorOp::kIn, {"n1"})}};
  c.affinity = {zone_b, node_n1};
  CHECK(c.Accepts("n1", {{"kubernetes.io/os", "linux"}, {"zone", "a"}}));  // the name term
  CHECK(c.Accepts("n2", {{"kubernetes.io/os", "linux"}, {"zone", "b"}}));  // the zone term
  CHECK_FALSE(c.Accepts("n2", {{"kubernetes.io/os", "linux"}, {"zone", "a"}}));
  CHECK(c.SelectorText() == "kubernetes.io/os=linux");
  CHECK(c.AffinityText() == "(zone in (b)) or (metadata.name in (n1))");
  NodeConstraints empty_term;
  empty_term.affinity = {NodeSelectorTerm{}};
  CHECK_FALSE(empty_term.Accepts("n1", {}));
  CHECK(empty_term.AffinityText() == "(no requirement)");
}

}  // namespace
}  // namespace kreach
