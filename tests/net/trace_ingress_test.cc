// URLs (sim/net/trace_ingress.cc): which requests an ingress controller gets. KR-1: a pod that uses the cluster DNS
// resolves a cluster name itself, so an Ingress rule without host never takes a request for a Service name.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/net/path_fixture.h"

namespace kreach {

using namespace path_test;  // NOLINT: the fixture's helpers read as a small test language

namespace {

/// Beside the fixture's Ingress shop/shop (host shop.example.com): an Ingress with a rule without host, one that
/// names the cluster name web.shop as its host, a client pod in namespace shop, and a headless Service without
/// ready endpoints.
const char* kUrlManifests = R"(
apiVersion: v1
kind: Pod
metadata: {name: buyer, namespace: shop, labels: {app: buyer}}
spec:
  nodeName: node-b
  containers: [{name: c, image: busybox}]
status: {podIP: 10.244.1.40}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: catch-all, namespace: shop}
spec:
  rules:
  - http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec:
  clusterIP: None
  selector: {app: nothing}
  ports: [{port: 5432}]
)";

const char* kNamedHost = R"(
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: named, namespace: shop}
spec:
  rules:
  - host: web.shop
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
)";

bool PassesController(const Trace& t) {
  for (const Branch& b : t.branches) {
    if (!HopsOf(b, Hop::Kind::kIngress).empty()) return true;
  }
  return false;
}

bool HasNote(const Trace& t, const std::string& part) {
  for (const std::string& n : t.notes) {
    if (n.find(part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("KR-1: a URL whose host is a Service name goes to the Service, not to an Ingress rule without host",
          "[path][ingress]") {
  auto net = MakeNetwork({}, kUrlManifests);
  struct Case {
    const char* from;
    const char* url;
    const char* seen;
  };
  for (const Case& c :
       {Case{"shop/buyer", "http://web/", "10.244.1.40"}, Case{"ops/client", "http://web.shop/", "10.244.0.20"},
        Case{"ops/client", "http://web.shop.svc/cart", "10.244.0.20"},
        Case{"ops/client", "http://web.shop.svc.cluster.local/", "10.244.0.20"},
        Case{"ops/client", "http://WEB.Shop/", "10.244.0.20"}}) {
    Trace t = Run(*net, c.from, c.url, "");
    INFO(Text(t));
    CHECK(Branches(t) == V{"shop/web-a:8080 delivered seen as " + std::string(c.seen),
                           "shop/web-b:8080 delivered seen as " + std::string(c.seen)});
    CHECK_FALSE(PassesController(t));
    const Hop& answer = *HopsOf(t.branches.front(), Hop::Kind::kDns).back();
    CHECK(answer.dns.stage == DnsStep::Stage::kAnswer);
    CHECK(answer.dns.fqdn == "web.shop.svc.cluster.local");
    CHECK(HasNote(t, "so the rule without host of Ingress shop/catch-all does not take it (KR-1)"));
  }
}

TEST_CASE("KR-1: Ingress hosts and names the cluster DNS does not answer still go to the controller",
          "[path][ingress]") {
  auto net = MakeNetwork({}, kUrlManifests);
  REQUIRE(net->controllers().size() == 1);
  const std::string controller = FormatIpv4(net->controllers().front().pods.front()->ip);
  // An Ingress host, and a name that no Service has (the rule without host takes it at the controller).
  for (const char* url : {"http://shop.example.com/", "http://nothing.example/", "http://ratings/"}) {
    Trace t = Run(*net, "ops/client", url, "");
    INFO(Text(t));
    CHECK(PassesController(t));
    CHECK(Branches(t) ==
          V{"shop/web-a:8080 delivered seen as " + controller, "shop/web-b:8080 delivered seen as " + controller});
    CHECK_FALSE(HasNote(t, "KR-1"));
  }
  // Sources without the cluster DNS cannot resolve a cluster name: an outside client, a hostNetwork pod with
  // dnsPolicy ClusterFirst (the node's resolver) keep the controller.
  for (const char* from : {"203.0.113.5", "ops/hostnet"}) {
    Trace t = Run(*net, from, "http://web.shop/", "");
    INFO(Text(t));
    CHECK(PassesController(t));
    CHECK_FALSE(HasNote(t, "KR-1"));
  }
}

TEST_CASE("KR-1: a cluster name that is also an Ingress host is resolved; the note names the Ingress",
          "[path][ingress]") {
  auto net = MakeNetwork({}, std::string(kUrlManifests) + "---\n" + kNamedHost);
  Trace t = Run(*net, "ops/client", "http://web.shop/", "");
  INFO(Text(t));
  CHECK_FALSE(PassesController(t));
  CHECK(Branches(t) ==
        V{"shop/web-a:8080 delivered seen as 10.244.0.20", "shop/web-b:8080 delivered seen as 10.244.0.20"});
  CHECK(HasNote(t,
                "web.shop is a cluster DNS name for ops/client: the pod resolves it with the cluster DNS and connects "
                "to what it answers, never to the ingress controller, although Ingress shop/named names it as a host "
                "(KR-1)"));
}

TEST_CASE("KR-1: a Service name without a record, or a name under the cluster domain, is nxdomain, not the controller",
          "[path][ingress]") {
  auto net = MakeNetwork({}, kUrlManifests);
  // db is headless with no ready endpoint: the cluster DNS answers NXDOMAIN itself (DNS-2).
  for (const char* url : {"http://db.shop:5432/", "http://nothing.shop.svc.cluster.local/"}) {
    Trace t = Run(*net, "ops/client", url, "");
    INFO(Text(t));
    CHECK_FALSE(PassesController(t));
    CHECK(Branches(t) == V{"- nxdomain"});
    CHECK(t.branches.front().cause == Cause::kNxdomain);
  }
}

}  // namespace kreach
