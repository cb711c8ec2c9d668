// The pod classes of the fast engine: which pods share a class and which are told apart.
#include "policies/reach_classes.h"

#include <catch2/catch.hpp>

#include "policies/fast_engine.h"
#include "tests/support/builders.h"

namespace kreach {
namespace {

using namespace testing;  // NOLINT: builders

/// Pods a..f in ns "shop" (plus g in "other"); one policy reads `app` and names port "http".
Cluster Shop() {
  Cluster c;
  c.nodes.push_back(MakeNode("node-1", {"172.18.0.10"}, "10.244.0.0/24"));
  c.pods.push_back(MakePod("shop", "a", {{"app", "web"}, {"version", "1"}}, "10.244.0.10"));
  c.pods.push_back(MakePod("shop", "b", {{"app", "web"}, {"version", "2"}}, "10.244.0.11"));  // unread label differs
  c.pods.push_back(MakePod("shop", "c", {{"app", "db"}}, "10.244.0.12"));                     // read label differs
  c.pods.push_back(MakePod("shop", "d", {{"app", "web"}}, "10.244.0.13", "node-1",
                           {MakeContainerPort("http", 8080)}));  // named port differs
  c.pods.push_back(MakePod("shop", "e", {{"app", "web"}}, "10.244.0.14", "node-1",
                           {MakeContainerPort("admin", 9000)}));  // a port name no policy uses
  c.pods.push_back(MakeHostNetworkPod("shop", "f", {{"app", "web"}}, "node-1"));
  c.pods.push_back(MakePod("other", "g", {{"app", "web"}}, "10.244.0.15"));  // another namespace
  c.network_policies.push_back(MakePolicy("shop", "np", Selector({{"app", "web"}}),
                                          {Rule({PodPeer(Selector({{"app", "db"}}))}, {NamedPort("http")})}));
  FinalizeCluster(&c);
  return c;
}

std::size_t ClassOf(const ReachClasses& rc, const Cluster& c, const std::string& ns, const std::string& name) {
  return rc.ClassOf(static_cast<std::size_t>(c.FindPod(ns, name) - c.pods.data()));
}

TEST_CASE("pods that differ only in an unread label or port name share a class", "[classes]") {
  Cluster c = Shop();
  ReachClasses rc(c, PolicyOptions());
  CHECK(rc.read_keys() == std::vector<std::string>{"app"});
  CHECK(ClassOf(rc, c, "shop", "a") == ClassOf(rc, c, "shop", "b"));
  CHECK(ClassOf(rc, c, "shop", "a") == ClassOf(rc, c, "shop", "e"));
  const ReachClass& shared = rc.classes()[ClassOf(rc, c, "shop", "a")];
  CHECK(shared.pods.size() == 3);
  CHECK(shared.policy_pod);
}

TEST_CASE("a read label, a used named port, the namespace and hostNetwork split classes", "[classes]") {
  Cluster c = Shop();
  ReachClasses rc(c, PolicyOptions());
  const std::size_t a = ClassOf(rc, c, "shop", "a");
  CHECK(ClassOf(rc, c, "shop", "c") != a);
  CHECK(ClassOf(rc, c, "shop", "d") != a);
  CHECK(ClassOf(rc, c, "other", "g") != a);
  CHECK(ClassOf(rc, c, "shop", "f") != a);
  CHECK_FALSE(rc.classes()[ClassOf(rc, c, "shop", "f")].policy_pod);
  CHECK(rc.classes()[ClassOf(rc, c, "shop", "f")].port_map == 0);
  CHECK(rc.classes().size() == 5);

  PolicyOptions selectable;
  selectable.host_network_is_node = false;  // NP-17 switch: the hostNetwork pod is an ordinary pod again
  ReachClasses rc2(c, selectable);
  CHECK(ClassOf(rc2, c, "shop", "f") == ClassOf(rc2, c, "shop", "a"));
}

TEST_CASE("pod IPs on both sides of an ipBlock bound split a class only when ipBlocks match pods", "[classes]") {
  Cluster c = Shop();
  c.network_policies.push_back(
      MakePolicy("shop", "cidr", Selector(), {Rule({IpBlockPeer("10.244.0.0/24", {"10.244.0.11/32"})})}));
  c.pods.push_back(MakePod("shop", "h", {{"app", "web"}}, "10.244.0.9"));  // a's atom: 10.244.0.0-10.244.0.10
  FinalizeCluster(&c);
  ReachClasses canonical(c, PolicyOptions());
  CHECK(ClassOf(canonical, c, "shop", "a") != ClassOf(canonical, c, "shop", "b"));  // b is the except
  CHECK(ClassOf(canonical, c, "shop", "a") == ClassOf(canonical, c, "shop", "h"));
  PolicyOptions analyzer;
  analyzer.ip_block_matches_pods = false;
  ReachClasses compat(c, analyzer);
  CHECK(ClassOf(compat, c, "shop", "a") == ClassOf(compat, c, "shop", "b"));
}

TEST_CASE("ReachabilityMatrix: loopback is per pod, not per class", "[classes][fast]") {
  Cluster c = Shop();
  c.network_policies.push_back(MakePolicy("shop", "deny", Selector(), {}));
  FinalizeCluster(&c);
  auto m = ReachabilityMatrix::Compute(c, PolicyOptions());
  const auto a = static_cast<std::size_t>(c.FindPod("shop", "a") - c.pods.data());
  const auto b = static_cast<std::size_t>(c.FindPod("shop", "b") - c.pods.data());
  REQUIRE(m->ClassOf(a) == m->ClassOf(b));
  CHECK(m->Allowed(a, a) == ConnSet::All());  // NP-8(b)
  CHECK(m->Allowed(b, a).Empty());            // the same class, another pod: denied
  CHECK_FALSE(m->ClassAllowsAny(m->ClassOf(a), m->ClassOf(a)));
}

}  // namespace
}  // namespace kreach
