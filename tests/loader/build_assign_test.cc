// Deterministic placement and addressing: default node, node addresses and podCIDRs, scheduling, pod IPs.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/loader/build_cluster.h"
#include "tests/support/builders.h"

namespace kreach {
namespace {

using nlohmann::json;

Document Doc(const std::string& text, int index = 1) { return Document{"a.yaml", index, "", json::parse(text)}; }

Document BarePod(const std::string& name, const std::string& extra = "", int index = 1) {
  return Doc(R"({"kind": "Pod", "metadata": {"name": ")" + name + R"("})" + extra + "}", index);
}

TEST_CASE("no nodes: one default node; pods get IPs from its /24 in sorted order") {
  Diagnostics diag;
  Cluster c = BuildCluster({BarePod("b"), BarePod("a"), BarePod("c", R"(, "status": {"podIP": "10.244.0.3"})")},
                           ClusterConfig{}, diag);
  REQUIRE_FALSE(diag.HasErrors());
  REQUIRE(c.nodes.size() == 1);
  CHECK(c.nodes[0].name == "node-1");
  CHECK_FALSE(c.nodes[0].declared);
  CHECK(FormatIpv4(c.nodes[0].addresses.at(0)) == "172.18.0.2");
  CHECK(c.nodes[0].pod_cidr->ToString() == "10.244.0.0/24");
  REQUIRE(c.pods.size() == 3);
  CHECK(FormatIpv4(c.pods[0].ip) == "10.244.0.2");  // a
  CHECK(FormatIpv4(c.pods[1].ip) == "10.244.0.4");  // b: .3 is taken by c
  CHECK(FormatIpv4(c.pods[2].ip) == "10.244.0.3");  // c keeps its own
  CHECK(c.pods[0].ip_assigned);
  CHECK_FALSE(c.pods[2].ip_assigned);
  CHECK(c.pods[0].host_ip == c.nodes[0].addresses[0]);
  CHECK(testing::ModelInvariantViolations(c).empty());
}

TEST_CASE("pods are spread round robin over sorted nodes; node addresses and podCIDRs fill the gaps") {
  Diagnostics diag;
  ClusterConfig config;
  config.pod_cidr = *ParseCidr("10.50.0.0/16");
  Cluster c = BuildCluster({Doc(R"({"kind": "Node", "metadata": {"name": "w2"}, "spec": {"podCIDR": "10.50.0.0/24"}})"),
                            Doc(R"({"kind": "Node", "metadata": {"name": "w1"},
               "status": {"addresses": [{"type": "InternalIP", "address": "172.18.0.2"}]}})",
                                2),
                            Doc(R"({"kind": "Node", "metadata": {"name": "w3"}})", 3), BarePod("p1", "", 4),
                            BarePod("p2", "", 5), BarePod("p3", "", 6), BarePod("p4", "", 7),
                            BarePod("pinned", R"(, "spec": {"nodeName": "w3", "hostNetwork": true})", 8)},
                           config, diag);
  REQUIRE_FALSE(diag.HasErrors());
  REQUIRE(c.nodes.size() == 3);
  CHECK(FormatIpv4(c.nodes[0].addresses.at(0)) == "172.18.0.2");  // w1 as given
  CHECK(FormatIpv4(c.nodes[1].addresses.at(0)) == "172.18.0.3");  // w2: .2 is used
  CHECK(FormatIpv4(c.nodes[2].addresses.at(0)) == "172.18.0.4");
  CHECK(c.nodes[0].pod_cidr->ToString() == "10.50.1.0/24");  // 10.50.0.0/24 belongs to w2
  CHECK(c.nodes[1].pod_cidr->ToString() == "10.50.0.0/24");
  CHECK(c.nodes[2].pod_cidr->ToString() == "10.50.2.0/24");
  REQUIRE(c.pods.size() == 5);
  CHECK(c.pods[0].node == "w1");  // p1
  CHECK(c.pods[1].node == "w2");
  CHECK(c.pods[2].node == "w3");
  CHECK(c.pods[3].node == "w1");  // p4
  CHECK(FormatIpv4(c.pods[3].ip) == "10.50.1.3");
  CHECK(c.pods[4].name == "pinned");
  CHECK(c.pods[4].ip == c.nodes[2].addresses[0]);
  CHECK(testing::ModelInvariantViolations(c).empty());
}

TEST_CASE("a pod whose hostIP is a node's address goes to that node") {
  Diagnostics diag;
  Cluster c = BuildCluster({Doc(R"({"kind": "Node", "metadata": {"name": "a"},
               "status": {"addresses": [{"type": "InternalIP", "address": "192.168.49.2"}]}})"),
                            Doc(R"({"kind": "Node", "metadata": {"name": "b"},
               "status": {"addresses": [{"type": "InternalIP", "address": "192.168.49.3"}]}})",
                                2),
                            BarePod("p", R"(, "status": {"hostIP": "192.168.49.3", "podIP": "10.244.1.5"})", 3)},
                           ClusterConfig{}, diag);
  REQUIRE_FALSE(diag.HasErrors());
  REQUIRE(c.pods.size() == 1);
  CHECK(c.pods[0].node == "b");
  CHECK(FormatIpv4(c.pods[0].host_ip) == "192.168.49.3");
}

TEST_CASE("a hostIP that is not an address of the pod's node is an error") {
  // Found by the documents fuzzer: a declared node whose addresses were misspelt got an assigned address, and a
  // hostNetwork pod on it kept its own hostIP, at no node's address.
  Diagnostics diag;
  BuildCluster({Doc(R"({"kind": "Node", "metadata": {"name": "n1"}})"),
                BarePod("p", R"(, "spec": {"nodeName": "n1", "hostNetwork": true},
                              "status": {"hostIP": "172.18.0.9", "podIP": "172.18.0.9"})",
                        2)},
               ClusterConfig{}, diag);
  REQUIRE(diag.ErrorCount() == 1);
  CHECK(diag.items()[0].ToString() ==
        "error: a.yaml: doc 2 (Pod default/p): status.hostIP: 172.18.0.9 is not an address of node n1 (172.18.0.2): "
        "fix the hostIP, or the node's status.addresses");
}

TEST_CASE("a hostNetwork pod whose podIP is not its node's address is an error") {
  // Found by the documents fuzzer: the pod kept podIP 172.18.0.9 on a node at 172.18.0.2.
  Diagnostics diag;
  BuildCluster(
      {Doc(R"({"kind": "Node", "metadata": {"name": "n1"}})"),
       BarePod("p", R"(, "spec": {"nodeName": "n1", "hostNetwork": true}, "status": {"podIP": "172.18.0.9"})", 2)},
      ClusterConfig{}, diag);
  REQUIRE(diag.ErrorCount() == 1);
  CHECK(diag.items()[0].ToString() ==
        "error: a.yaml: doc 2 (Pod default/p): status.podIP: a hostNetwork pod has its node's address, but "
        "172.18.0.9 is not 172.18.0.2 (node n1): fix the podIP, the hostIP, or the node's status.addresses");
}

TEST_CASE("a pod IP that another running pod or a node has is an error; ended pods may share one") {
  // Found by the documents fuzzer: an ordinary pod at a node's address loaded without a word.
  Diagnostics diag;
  BuildCluster({Doc(R"({"kind": "Node", "metadata": {"name": "n1"},
                        "status": {"addresses": [{"type": "InternalIP", "address": "172.18.0.1"}]}})"),
                BarePod("a", R"(, "spec": {"nodeName": "n1"}, "status": {"podIP": "172.18.0.1"})", 2),
                BarePod("b", R"(, "status": {"podIP": "10.244.0.5"})", 3),
                BarePod("c", R"(, "status": {"podIP": "10.244.0.5"})", 4),
                BarePod("d", R"(, "status": {"podIP": "10.244.0.5", "phase": "Succeeded"})", 5)},
               ClusterConfig{}, diag);
  REQUIRE(diag.ErrorCount() == 2);
  CHECK(diag.items()[0].ToString() ==
        "error: a.yaml: doc 2 (Pod default/a): status.podIP: 172.18.0.1 is the address of node n1: only a "
        "hostNetwork pod has its node's address");
  CHECK(diag.items()[1].ToString() ==
        "error: a.yaml: doc 4 (Pod default/c): status.podIP: 10.244.0.5 is also the IP of pod default/b: a pod's IP "
        "is its own (give one of them another podIP, or its phase if it ended)");
}

TEST_CASE("an address of two nodes is an error; a node listing its own twice keeps it once") {
  // Found by the scenario fuzzer: node-1 and node-2 both at 172.18.0.1 loaded without a word.
  Diagnostics diag;
  Cluster c = BuildCluster({Doc(R"({"kind": "Node", "metadata": {"name": "n1"}, "status": {"addresses": [
               {"type": "InternalIP", "address": "172.18.0.1"}, {"type": "ExternalIP", "address": "172.18.0.1"}]}})"),
                            Doc(R"({"kind": "Node", "metadata": {"name": "n2"},
               "status": {"addresses": [{"type": "InternalIP", "address": "172.18.0.1"}]}})",
                                2)},
                           ClusterConfig{}, diag);
  REQUIRE(diag.ErrorCount() == 1);
  CHECK(diag.items()[0].ToString() ==
        "error: a.yaml: doc 2 (Node n2): status.addresses: 172.18.0.1 is also the address of node n1: a node's "
        "address is its own");
  REQUIRE(c.nodes.size() == 2);
  CHECK(c.nodes[0].addresses.size() == 1);
}

TEST_CASE("a too small pod CIDR is an error, not a crash") {
  Diagnostics diag;
  ClusterConfig config;
  config.pod_cidr = *ParseCidr("10.0.0.0/30");
  std::vector<Document> docs;
  for (int i = 0; i < 3; ++i) docs.push_back(BarePod("p" + std::to_string(i), "", i + 1));
  BuildCluster(docs, config, diag);
  // 10.0.0.0/30 has one usable pod address after the network address and the .1 gateway: p0 gets it.
  REQUIRE(diag.ErrorCount() == 2);
  CHECK(diag.items()[0].ToString() ==
        "error: a.yaml: doc 2 (Pod default/p1): no free pod address left in 10.0.0.0/30 (podCIDR of node node-1)");
}

}  // namespace
}  // namespace kreach
