#include "sim/model/workload_key.h"

#include <catch2/catch.hpp>
#include <optional>
#include <string>

namespace kreach {
namespace {

Pod MakePod(const std::string& ns, const std::string& name, std::optional<OwnerRef> owner) {
  Pod p;
  p.ns = ns;
  p.name = name;
  p.owner = std::move(owner);
  return p;
}

TEST_CASE("A pod's workload key names its controller, or the pod itself", "[workload_key]") {
  Pod web = MakePod("shop", "web-7d9f-x2", OwnerRef{"Deployment", "web"});
  CHECK(ListedWorkload(web) == OwnerRef{"Deployment", "web"});
  CHECK(WorkloadKey(web) == "shop/web[Deployment]");

  Pod db = MakePod("shop", "db-0", OwnerRef{"StatefulSet", "db"});
  CHECK(WorkloadKey(db) == "shop/db[StatefulSet]");

  Pod bare = MakePod("ops", "probe", std::nullopt);
  CHECK(ListedWorkload(bare) == OwnerRef{"Pod", "probe"});
  CHECK(WorkloadKey(bare) == "ops/probe[Pod]");
}

TEST_CASE("A static pod is listed on its own, not under its Node", "[workload_key]") {
  // kubelet's mirror pod of a static pod is owned by the Node; netpol-analyzer lists the pod itself.
  Pod etcd = MakePod("kube-system", "etcd-node-1", OwnerRef{"Node", "node-1"});
  CHECK(etcd.Workload() == OwnerRef{"Node", "node-1"});  // the owner as written stays available
  CHECK(ListedWorkload(etcd) == OwnerRef{"Pod", "etcd-node-1"});
  CHECK(WorkloadKey(etcd) == "kube-system/etcd-node-1[Pod]");
}

TEST_CASE("Workload labels and keys spell an empty kind as Pod", "[workload_key]") {
  CHECK(WorkloadLabel(OwnerRef{"DaemonSet", "agent"}) == "agent[DaemonSet]");
  CHECK(WorkloadLabel(OwnerRef{"", "lone"}) == "lone[Pod]");
  CHECK(WorkloadKey("a", OwnerRef{"Job", "migrate"}) == "a/migrate[Job]");
  CHECK(ListedWorkload(MakePod("a", "p", OwnerRef{"", "p"})) == OwnerRef{"Pod", "p"});
}

}  // namespace
}  // namespace kreach
