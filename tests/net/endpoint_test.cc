#include "sim/net/endpoint.h"

#include <catch2/catch.hpp>

#include "tests/support/sim_fixture.h"

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
  CHECK_FALSE(ResolveEndpoint(cluster, "service/shop/wbe", &ep, &error));
  CHECK(error == "no Service 'wbe' in namespace 'shop'");
  CHECK_FALSE(ResolveEndpoint(cluster, "node/nod-1", &ep, &error));
  CHECK(error == "no node 'nod-1' (did you mean 'node/node-1'?)");
  CHECK_FALSE(ResolveEndpoint(cluster, "ftp://shop.example.com/", &ep, &error));
  CHECK(error == "unsupported URL scheme 'ftp' in 'ftp://shop.example.com/': use http:// or https://");
  CHECK_FALSE(ResolveEndpoint(cluster, "http://shop.example.com:70000/", &ep, &error));
  CHECK(error == "URL 'http://shop.example.com:70000/': port '70000' is not a number between 1 and 65535");
  CHECK_FALSE(ResolveEndpoint(cluster, "http://bad_host!/", &ep, &error));
  CHECK(error == "URL 'http://bad_host!/': 'bad_host!' is not a host name or an IPv4 address");
  CHECK_FALSE(ResolveEndpoint(cluster, "web..shop", &ep, &error));
  CHECK(error.find("is neither a DNS name nor an endpoint") != std::string::npos);
  CHECK_FALSE(ResolveEndpoint(cluster, "", &ep, &error));
}

const char* const kWebService = R"(---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
)";

TEST_CASE("Service, node, DNS name and URL endpoints", "[endpoint]") {
  Cluster cluster = LoadOk(std::string(kShopManifests) + kWebService);
  ResolvedEndpoint ep;
  std::string error;
  REQUIRE(ResolveEndpoint(cluster, "svc/shop/web", &ep, &error));
  CHECK(ep.kind == ResolvedEndpoint::Kind::kService);
  REQUIRE(ep.service != nullptr);
  CHECK(ep.service->name == "web");
  CHECK_FALSE(ep.CanSend());

  REQUIRE(ResolveEndpoint(cluster, "node/node-1", &ep, &error));
  CHECK(ep.kind == ResolvedEndpoint::Kind::kNode);
  REQUIRE(ep.peers.size() == 1);
  CHECK(ep.peers[0].pod == nullptr);
  CHECK(ep.peers[0].ip == ep.node->addresses.front());

  REQUIRE(ResolveEndpoint(cluster, "Web.Shop.svc.cluster.local.", &ep, &error));
  CHECK(ep.kind == ResolvedEndpoint::Kind::kDnsName);
  CHECK(ep.name == "web.shop.svc.cluster.local.");
  CHECK(ep.peers.empty());

  REQUIRE(ResolveEndpoint(cluster, "https://Shop.Example.com", &ep, &error));
  CHECK(ep.kind == ResolvedEndpoint::Kind::kUrl);
  CHECK(ep.url.scheme == "https");
  CHECK(ep.url.host == "shop.example.com");
  CHECK(ep.url.port == 443);
  CHECK(ep.url.path == "/");
  REQUIRE(ResolveEndpoint(cluster, "http://10.0.0.1:30080/cart?x=1", &ep, &error));
  CHECK(ep.url.host == "10.0.0.1");
  CHECK(ep.url.port == 30080);
  CHECK(ep.url.path == "/cart?x=1");
}

}  // namespace kreach
