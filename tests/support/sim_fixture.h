// A small two-namespace cluster written as inline manifests, shared by the sim/ tests.
#ifndef KREACH_TESTS_SUPPORT_SIM_FIXTURE_H_
#define KREACH_TESTS_SUPPORT_SIM_FIXTURE_H_

#include <catch2/catch.hpp>

#include "sim/loader/loader.h"

namespace kreach {

/// shop: web Deployment ×2 (app=web, port http/8080), db pod (app=db, port postgres/5432, TCP and metrics/9187);
/// ops: probe pod (app=probe). Policies: shop default-deny ingress; allow web → db on the named port postgres.
inline const char* kShopManifests = R"(
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
---
apiVersion: v1
kind: Namespace
metadata: {name: ops}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec:
  containers:
  - name: pg
    image: postgres
    ports:
    - {name: postgres, containerPort: 5432}
    - {name: metrics, containerPort: 9187}
status: {podIP: 10.244.0.50}
---
apiVersion: v1
kind: Pod
metadata: {name: probe, namespace: ops, labels: {app: probe}}
spec:
  containers: [{name: c, image: busybox}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-to-db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: postgres}]
)";

/// Loads `text` as one file named "shop.yaml" and requires it to load without errors.
inline Cluster LoadOk(const std::string& text) {
  LoadResult result = LoadClusterFromTexts({{"shop.yaml", text}});
  for (const Diagnostic& d : result.diagnostics.items()) INFO(d.ToString());
  REQUIRE_FALSE(result.diagnostics.HasErrors());
  return std::move(result.cluster);
}

}  // namespace kreach

#endif  // KREACH_TESTS_SUPPORT_SIM_FIXTURE_H_
