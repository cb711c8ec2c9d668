#include <catch2/catch.hpp>
#include <sstream>

#include "sim/report/matrix_format.h"
#include "tests/support/sim_fixture.h"

namespace kreach {

TEST_CASE("workload matrix on a probe, every format", "[matrix]") {
  Cluster cluster = LoadOk(kShopManifests);
  PolicyEngine engine(cluster, PolicyOptions{});
  Matrix m = ComputeMatrix(engine.cluster(), engine.options(), MatrixLevel::kWorkload, Probe{"5432", Protocol::kTCP});
  REQUIRE(m.names == std::vector<std::string>{"ops/probe[Pod]", "shop/db[Pod]", "shop/web[Deployment]"});
  std::ostringstream table;
  WriteMatrix(m, MatrixFormat::kTable, table);
  // probe is unprotected (egress free) but shop denies it; web reaches db only; web ↔ web is denied by
  // default-deny; each single pod reaches itself (loopback).
  CHECK(table.str() ==
        "level: workload, probe: TCP/5432  ('.' allowed, 'X' denied, '~' partial: some pod pairs only)\n"
        "   0 1 2\n"
        "0  . X X  ops/probe[Pod]\n"
        "1  . . X  shop/db[Pod]\n"
        "2  . . X  shop/web[Deployment]\n");
  std::ostringstream csv;
  WriteMatrix(m, MatrixFormat::kCsv, csv);
  CHECK(csv.str().rfind("src,dst,result\nops/probe[Pod],ops/probe[Pod],allow\n", 0) == 0);
  std::ostringstream md;
  WriteMatrix(m, MatrixFormat::kMarkdown, md);
  CHECK(md.str().find("| shop/web[Deployment] | allow | allow | deny |") != std::string::npos);
}

TEST_CASE("namespace matrix aggregates to partial", "[matrix]") {
  Cluster cluster = LoadOk(kShopManifests);
  PolicyEngine engine(cluster, PolicyOptions{});
  Matrix m = ComputeMatrix(engine.cluster(), engine.options(), MatrixLevel::kNamespace, Probe{"5432", Protocol::kTCP});
  REQUIRE(m.names == std::vector<std::string>{"ops", "shop"});
  CHECK(m.cells[0][1] == Result::kDeny);     // probe → anything in shop
  CHECK(m.cells[1][1] == Result::kPartial);  // inside shop only web → db passes
  CHECK(m.cells[1][0] == Result::kAllow);    // ops has no policy
}

TEST_CASE("matrix without a probe counts any connection", "[matrix]") {
  Cluster cluster = LoadOk(kShopManifests);
  PolicyEngine engine(cluster, PolicyOptions{});
  Matrix m = ComputeMatrix(engine.cluster(), engine.options(), MatrixLevel::kPod, std::nullopt);
  CHECK(m.probe == "any");
  std::ostringstream json;
  WriteMatrix(m, MatrixFormat::kJson, json);
  CHECK(json.str().find("\"probe\": \"any\"") != std::string::npos);
}

}  // namespace kreach
