#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "sim/loader/build_cluster.h"

namespace kreach {

TEST_CASE("without nodes in the input, default nodes hold at most 110 pods each", "[loader]") {
  std::vector<Document> docs;
  for (int i = 0; i < 300; ++i) {
    nlohmann::json pod = {{"apiVersion", "v1"},
                          {"kind", "Pod"},
                          {"metadata", {{"name", "p" + std::to_string(i)}, {"namespace", "big"}}},
                          {"spec", {{"containers", {{{"name", "c"}, {"image", "i"}}}}}}};
    docs.push_back(Document{"big.json", 1, "items[" + std::to_string(i) + "]", pod});
  }
  Diagnostics diag;
  Cluster c = BuildCluster(docs, ClusterConfig{}, diag);
  for (const Diagnostic& d : diag.items()) INFO(d.ToString());
  REQUIRE_FALSE(diag.HasErrors());
  REQUIRE(c.nodes.size() == 3);  // ceil(300 / 110)
  std::set<Ipv4> ips;
  for (const Pod& p : c.pods) {
    const Node* node = c.FindNode(p.node);
    REQUIRE(node != nullptr);
    REQUIRE(node->pod_cidr.has_value());
    CHECK(node->pod_cidr->Contains(p.ip));
    ips.insert(p.ip);
  }
  CHECK(ips.size() == 300);

  docs.resize(10);
  Cluster small = BuildCluster(docs, ClusterConfig{}, diag);
  REQUIRE(small.nodes.size() == 1);
  CHECK(small.nodes[0].name == "node-1");
  CHECK_FALSE(small.nodes[0].declared);
}

}  // namespace kreach
