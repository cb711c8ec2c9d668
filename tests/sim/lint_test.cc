#include "sim/lint.h"

#include <catch2/catch.hpp>

#include "tests/sim/sim_fixture.h"

namespace kreach {

TEST_CASE("lint warns about selectors and named ports that match nothing", "[lint]") {
  std::string text = std::string(kShopManifests) + R"(
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: typo, namespace: shop}
spec:
  podSelector: {matchLabels: {app: dbb}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: odd, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress, Egress]
  ingress:
  - from: [{namespaceSelector: {matchLabels: {team: nobody}}}]
    ports: [{port: pg}]
  egress:
  - to: [{ipBlock: {cidr: 203.0.113.0/24}}]
    ports: [{port: https}]
)";
  Cluster cluster = LoadOk(text);
  PolicyEngine engine(cluster, PolicyOptions{});
  Diagnostics diag;
  LintPolicies(engine, diag);
  std::vector<std::string> lines;
  for (const Diagnostic& d : diag.items()) lines.push_back(d.ToString());
  CHECK(lines == std::vector<std::string>{
                     "warning: shop.yaml: doc 9 (NetworkPolicy shop/odd): spec.ingress[0].from[0].namespaceSelector: "
                     "matches no namespace (team=nobody)",
                     "warning: shop.yaml: doc 9 (NetworkPolicy shop/odd): spec.ingress[0].ports[0].port: no selected "
                     "pod defines a TCP port named 'pg': this port matches nothing",
                     "warning: shop.yaml: doc 8 (NetworkPolicy shop/typo): spec.podSelector: selects no pod in "
                     "namespace shop (app=dbb)",
                 });
}

TEST_CASE("lint is quiet on a clean cluster", "[lint]") {
  Cluster cluster = LoadOk(kShopManifests);
  PolicyEngine engine(cluster, PolicyOptions{});
  Diagnostics diag;
  LintPolicies(engine, diag);
  CHECK(diag.items().empty());
}

}  // namespace kreach
