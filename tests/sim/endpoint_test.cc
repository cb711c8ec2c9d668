#include "sim/endpoint.h"

#include <catch2/catch.hpp>

#include "tests/sim/sim_fixture.h"

namespace kreach {

TEST_CASE("endpoints resolve every form", "[endpoint]") {
  Cluster cluster = LoadOk(kShopManifests);
  ResolvedEndpoint ep;
  std::string error;

  REQUIRE(ResolveEndpoint(cluster, "shop/db", &ep, &error));
  CHECK(ep.kind == ResolvedEndpoint::Kind::kPod);
  REQUIRE(ep.peers.size() == 1);
  CHECK(ep.peers[0].pod->name == "db");

  REQUIRE(ResolveEndpoint(cluster, "pod/ops/probe", &ep, &error));
  CHECK(ep.peers[0].pod->ns == "ops");

  REQUIRE(ResolveEndpoint(cluster, "deployment/shop/web", &ep, &error));
  CHECK(ep.kind == ResolvedEndpoint::Kind::kWorkload);
  CHECK(ep.peers.size() == 2);
  REQUIRE(ResolveEndpoint(cluster, "Deploy/shop/web", &ep, &error));
  CHECK(ep.peers.size() == 2);

  REQUIRE(ResolveEndpoint(cluster, "10.244.0.50", &ep, &error));
  REQUIRE(ep.peers[0].pod != nullptr);
  CHECK(ep.peers[0].pod->name == "db");

  REQUIRE(ResolveEndpoint(cluster, "203.0.113.9", &ep, &error));
  CHECK(ep.peers[0].pod == nullptr);
  CHECK(ep.external);
}

TEST_CASE("endpoint errors say what to fix", "[endpoint]") {
  Cluster cluster = LoadOk(kShopManifests);
  ResolvedEndpoint ep;
  std::string error;

  CHECK_FALSE(ResolveEndpoint(cluster, "shpo/db", &ep, &error));
  CHECK(error == "no namespace 'shpo' (did you mean 'shop'?)");
  CHECK_FALSE(ResolveEndpoint(cluster, "shop/dbb", &ep, &error));
  CHECK(error == "no pod 'dbb' in namespace 'shop' (did you mean 'shop/db'?)");
  CHECK_FALSE(ResolveEndpoint(cluster, "deplyment/shop/web", &ep, &error));
  CHECK(error == "unknown endpoint kind 'deplyment' (did you mean 'deployment'?)");
  CHECK_FALSE(ResolveEndpoint(cluster, "statefulset/shop/web", &ep, &error));
  CHECK(error == "no StatefulSet 'web' with pods in namespace 'shop'");
  CHECK_FALSE(ResolveEndpoint(cluster, "shop//db", &ep, &error));
  CHECK(error.find("malformed endpoint") == 0);
  CHECK_FALSE(ResolveEndpoint(cluster, "service/shop/web", &ep, &error));
  CHECK(error.find("not supported yet") != std::string::npos);
  CHECK_FALSE(ResolveEndpoint(cluster, "web.shop.svc.cluster.local", &ep, &error));
  CHECK(error.find("not supported yet") != std::string::npos);
  CHECK_FALSE(ResolveEndpoint(cluster, "http://shop.example.com/", &ep, &error));
  CHECK(error.find("not supported yet") != std::string::npos);
  CHECK_FALSE(ResolveEndpoint(cluster, "", &ep, &error));
}

}  // namespace kreach
