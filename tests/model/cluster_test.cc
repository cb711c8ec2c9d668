#include "sim/model/cluster.h"

#include <catch2/catch.hpp>

#include "tests/support/builders.h"

namespace kreach {
namespace {

using namespace testing;  // NOLINT: builders

TEST_CASE("Policy ports and peers print compactly", "[cluster]") {
  CHECK(NumericPort(80).ToString() == "TCP/80");
  CHECK(NumericPort(32000, Protocol::kUDP, 32768).ToString() == "UDP/32000-32768");
  CHECK(NamedPort("http").ToString() == "TCP/http");
  CHECK(AllPortsOf(Protocol::kSCTP).ToString() == "SCTP/*");

  CHECK(IpBlockPeer("10.0.0.0/16", {"10.0.1.0/24", "10.0.2.0/24"}).ToString() ==
        "ipBlock 10.0.0.0/16 except 10.0.1.0/24,10.0.2.0/24");
  CHECK(IpBlockPeer("203.0.113.0/24").ToString() == "ipBlock 203.0.113.0/24");
  CHECK(PodPeer(Selector({{"app", "web"}})).ToString() == "podSelector app=web");
  CHECK(NamespacePeer(Selector()).ToString() == "namespaceSelector {}");
  CHECK(NamespacePodPeer(Selector({{"team", "a"}}), Selector()).ToString() ==
        "namespaceSelector team=a + podSelector {}");
}

TEST_CASE("IpBlock contains its cidr minus the excepts", "[cluster]") {
  IpBlock b = *IpBlockPeer("10.0.0.0/16", {"10.0.1.0/24"}).ip_block;
  CHECK(b.Contains(Ip("10.0.0.1")));
  CHECK_FALSE(b.Contains(Ip("10.0.1.1")));
  CHECK(b.Contains(Ip("10.0.2.1")));
  CHECK_FALSE(b.Contains(Ip("10.1.0.1")));
}

TEST_CASE("Cluster lookups", "[cluster]") {
  Cluster c;
  c.nodes = {MakeNode("node-1", {"10.0.0.1", "192.0.2.1"}), MakeNode("node-2", {"10.0.0.2"})};
  c.pods = {MakePod("shop", "web-0", {}, "10.244.1.10", "node-1"), MakePod("ops", "probe", {}, "10.244.1.11", "node-2"),
            MakeHostNetworkPod("kube-system", "agent", {}, "node-1")};
  FinalizeCluster(&c);
  REQUIRE(ModelInvariantViolations(c).empty());
  REQUIRE(c.FindPod("shop", "web-0") != nullptr);
  CHECK(c.FindPod("shop", "web-0")->Key() == "shop/web-0");
  CHECK(c.FindPod("shop", "probe") == nullptr);
  CHECK(c.FindPod("ops", "probe") != nullptr);
  CHECK(c.FindNamespace("kube-system") != nullptr);
  CHECK(c.FindNamespace("kube") == nullptr);
  CHECK(c.FindNode("node-2") != nullptr);
  CHECK(c.FindNode("node-3") == nullptr);
  REQUIRE(c.FindPodByIp(Ip("10.244.1.11")) != nullptr);
  CHECK(c.FindPodByIp(Ip("10.244.1.11"))->name == "probe");
  CHECK(c.FindPodByIp(Ip("10.0.0.1")) == nullptr);  // the hostNetwork pod's IP is its node's, not a pod IP
  REQUIRE(c.FindNodeByIp(Ip("192.0.2.1")) != nullptr);
  CHECK(c.FindNodeByIp(Ip("192.0.2.1"))->name == "node-1");
  CHECK(c.FindNodeByIp(Ip("10.244.1.10")) == nullptr);
  CHECK(c.FindPod("kube-system", "agent")->Workload() == OwnerRef{"Pod", "agent"});
}

}  // namespace
}  // namespace kreach
