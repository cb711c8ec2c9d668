#include "sim/net/connection.h"

#include <catch2/catch.hpp>

#include "tests/support/sim_fixture.h"

namespace kreach {

namespace {

ConnectionResult Evaluate(const Cluster& cluster, const std::string& from, const std::string& to, Probe probe) {
  PolicyEngine engine(cluster, PolicyOptions{});
  ResolvedEndpoint src, dst;
  std::string error;
  REQUIRE(ResolveEndpoint(cluster, from, &src, &error));
  REQUIRE(ResolveEndpoint(cluster, to, &dst, &error));
  ConnectionResult result;
  INFO(error);
  REQUIRE(EvaluateConnection(engine, src, dst, probe, &result, &error));
  return result;
}

}  // namespace

TEST_CASE("a named port resolves on the destination pod", "[connection]") {
  Cluster cluster = LoadOk(kShopManifests);
  ConnectionResult r = Evaluate(cluster, "deployment/shop/web", "shop/db", Probe{"postgres", Protocol::kTCP});
  CHECK(r.result == Result::kAllow);
  REQUIRE(r.pairs.size() == 2);
  CHECK(r.pairs[0].port == 5432);

  CHECK(Evaluate(cluster, "deployment/shop/web", "shop/db", Probe{"5432", Protocol::kTCP}).result == Result::kAllow);
  // The policy names `postgres`; 9187 is another named port of the same pod and stays denied.
  CHECK(Evaluate(cluster, "deployment/shop/web", "shop/db", Probe{"metrics", Protocol::kTCP}).result == Result::kDeny);
  // UDP/5432 is not the named port (protocol differs).
  CHECK(Evaluate(cluster, "deployment/shop/web", "shop/db", Probe{"5432", Protocol::kUDP}).result == Result::kDeny);
}

TEST_CASE("a port name the destination lacks is a denied pair with a note", "[connection]") {
  Cluster cluster = LoadOk(kShopManifests);
  ConnectionResult r = Evaluate(cluster, "ops/probe", "shop/db", Probe{"http", Protocol::kTCP});
  CHECK(r.result == Result::kDeny);
  REQUIRE(r.pairs.size() == 1);
  CHECK_FALSE(r.pairs[0].verdict.has_value());
  CHECK(r.pairs[0].note == "shop/db has no TCP port named 'http'");
}

TEST_CASE("partial when only some pairs are allowed", "[connection]") {
  Cluster cluster = LoadOk(kShopManifests);
  // db → web: shop is default-deny ingress, nothing admits db; probe → db denied; web → web pairs exclude self.
  ConnectionResult r = Evaluate(cluster, "deployment/shop/web", "deployment/shop/web", Probe{"8080", Protocol::kTCP});
  CHECK(r.pairs.size() == 2);  // web-a → web-b and web-b → web-a, never a pod with itself
  CHECK(r.result == Result::kDeny);
  // A source set where one member is the destination itself (loopback, allowed) and one is not.
  ResolvedEndpoint web, db;
  std::string error;
  REQUIRE(ResolveEndpoint(cluster, "deployment/shop/web", &web, &error));
  REQUIRE(ResolveEndpoint(cluster, "shop/db", &db, &error));
  ResolvedEndpoint mixed = web;
  mixed.peers = {web.peers[0], db.peers[0]};
  PolicyEngine engine(cluster, PolicyOptions{});
  ConnectionResult partial;
  REQUIRE(EvaluateConnection(engine, mixed, db, Probe{"5432", Protocol::kTCP}, &partial, &error));
  // web-0 → db allowed by web-to-db; db → db is skipped (self) since the source set has two pods.
  CHECK(partial.pairs.size() == 1);
  CHECK(partial.result == Result::kAllow);
  ResolvedEndpoint probe;
  REQUIRE(ResolveEndpoint(cluster, "ops/probe", &probe, &error));
  mixed.peers = {web.peers[0], probe.peers[0]};
  REQUIRE(EvaluateConnection(engine, mixed, db, Probe{"5432", Protocol::kTCP}, &partial, &error));
  CHECK(partial.result == Result::kPartial);
}

TEST_CASE("unusable probes are errors", "[connection]") {
  Cluster cluster = LoadOk(kShopManifests);
  PolicyEngine engine(cluster, PolicyOptions{});
  ResolvedEndpoint src, dst, ext;
  std::string error;
  REQUIRE(ResolveEndpoint(cluster, "ops/probe", &src, &error));
  REQUIRE(ResolveEndpoint(cluster, "shop/db", &dst, &error));
  REQUIRE(ResolveEndpoint(cluster, "203.0.113.9", &ext, &error));
  ConnectionResult r;
  CHECK_FALSE(EvaluateConnection(engine, src, dst, Probe{"", Protocol::kTCP}, &r, &error));
  CHECK(error == "a port is required for TCP");
  CHECK_FALSE(EvaluateConnection(engine, src, dst, Probe{"70000", Protocol::kTCP}, &r, &error));
  CHECK(error == "port 70000 is out of range 1-65535");
  CHECK_FALSE(EvaluateConnection(engine, src, ext, Probe{"https", Protocol::kTCP}, &r, &error));
  CHECK(error.find("needs a pod destination") != std::string::npos);
  CHECK(EvaluateConnection(engine, src, ext, Probe{"", Protocol::kIcmp}, &r, &error));
}

}  // namespace kreach

namespace kreach {

TEST_CASE("Probe::Number tells numbers, names and out-of-range ports apart", "[connection]") {
  CHECK(Probe{"5432", Protocol::kTCP}.Number() == 5432);
  CHECK(Probe{"65535", Protocol::kTCP}.Number() == 65535);
  CHECK(Probe{"postgres", Protocol::kTCP}.Number() == 0);
  CHECK(Probe{"http2", Protocol::kTCP}.Number() == 0);
  CHECK(Probe{"", Protocol::kIcmp}.Number() == 0);
  CHECK(Probe{"0", Protocol::kTCP}.Number() == -1);
  CHECK(Probe{"65536", Protocol::kTCP}.Number() == -1);
  CHECK(Probe{"99999999999999999999", Protocol::kTCP}.Number() == -1);
}

}  // namespace kreach
