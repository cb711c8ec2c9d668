#include "sim/net/ingress_route.h"

#include <catch2/catch.hpp>

#include "tests/support/sim_fixture.h"

namespace kreach {

namespace {

IngressBackend Backend(const std::string& service, int port = 80) {
  IngressBackend b;
  b.service_name = service;
  b.port_number = port;
  return b;
}

IngressPath Path(const std::string& path, PathType type, const std::string& service) {
  IngressPath p;
  p.path = path;
  p.path_type = type;
  p.backend = Backend(service);
  return p;
}

IngressRule Rule(const std::string& host, std::vector<IngressPath> paths) {
  IngressRule r;
  r.host = host;
  r.paths = std::move(paths);
  return r;
}

Ingress MakeIngress(const std::string& ns, const std::string& name, std::vector<IngressRule> rules,
                    const std::string& created = "2024-01-01T00:00:00Z") {
  Ingress ing;
  ing.ns = ns;
  ing.name = name;
  ing.rules = std::move(rules);
  ing.creation_timestamp = created;
  return ing;
}

std::vector<const Ingress*> Pointers(const std::vector<Ingress>& ingresses) {
  std::vector<const Ingress*> out;
  for (const Ingress& i : ingresses) out.push_back(&i);
  return out;
}

/// The backend Service name a request reaches, "" for 404.
std::string Target(const std::vector<Ingress>& ingresses, const std::string& host, const std::string& path,
                   bool impl_specific_exact = false) {
  IngressRoute r = RouteRequest(Pointers(ingresses), host, path, impl_specific_exact);
  return r.backend == nullptr ? "" : r.backend->service_name;
}

}  // namespace

TEST_CASE("ING-3: host matching is exact and case-insensitive, the port is stripped, no host matches all",
          "[ingress]") {
  CHECK(IngressHostMatches("", "anything.example.org"));
  CHECK(IngressHostMatches("", ""));
  CHECK(IngressHostMatches("shop.example.com", "shop.example.com"));
  CHECK(IngressHostMatches("shop.example.com", "SHOP.Example.COM"));
  CHECK(IngressHostMatches("Shop.Example.com", "shop.example.com"));
  CHECK(IngressHostMatches("shop.example.com", "shop.example.com:8080"));
  CHECK(IngressHostMatches("shop.example.com", "shop.example.com:443"));
  CHECK_FALSE(IngressHostMatches("shop.example.com", "shop.example.org"));
  CHECK_FALSE(IngressHostMatches("shop.example.com", "www.shop.example.com"));
  CHECK_FALSE(IngressHostMatches("shop.example.com", "example.com"));
}

TEST_CASE("ING-3/E54: *.foo.com matches exactly one extra label", "[ingress]") {
  CHECK(IngressHostMatches("*.foo.com", "bar.foo.com"));
  CHECK(IngressHostMatches("*.foo.com", "BAR.Foo.com:8443"));
  CHECK_FALSE(IngressHostMatches("*.foo.com", "baz.bar.foo.com"));
  CHECK_FALSE(IngressHostMatches("*.foo.com", "foo.com"));
  CHECK_FALSE(IngressHostMatches("*.foo.com", ".foo.com"));
  CHECK_FALSE(IngressHostMatches("*.foo.com", "barfoo.com"));
}

TEST_CASE("ING-5/E56: the path-type table of the Ingress docs", "[ingress]") {
  struct Row {
    PathType type;
    const char* rule;
    const char* request;
    bool match;
  };
  const Row rows[] = {
      {PathType::kPrefix, "/", "/", true},
      {PathType::kPrefix, "/", "/aaa/bbb", true},
      {PathType::kExact, "/foo", "/foo", true},
      {PathType::kExact, "/foo", "/bar", false},
      {PathType::kExact, "/foo", "/foo/", false},  // E56
      {PathType::kExact, "/foo/", "/foo", false},
      {PathType::kPrefix, "/foo", "/foo", true},
      {PathType::kPrefix, "/foo", "/foo/", true},
      {PathType::kPrefix, "/foo/", "/foo", true},
      {PathType::kPrefix, "/foo/", "/foo/", true},
      {PathType::kPrefix, "/foo", "/foobar", false},
      {PathType::kPrefix, "/aaa/bb", "/aaa/bbb", false},
      {PathType::kPrefix, "/aaa/bbb", "/aaa/bbb", true},
      {PathType::kPrefix, "/aaa/bbb/", "/aaa/bbb", true},
      {PathType::kPrefix, "/aaa/bbb", "/aaa/bbb/", true},
      {PathType::kPrefix, "/aaa/bbb", "/aaa/bbb/ccc", true},
      {PathType::kPrefix, "/aaa/bbb", "/aaa/bbbxyz", false},
      {PathType::kPrefix, "/aaa", "/ccc", false},
      {PathType::kPrefix, "/aaa/bbb/ccc", "/aaa/bbb", false},
      {PathType::kPrefix, "/Foo", "/foo", false},  // paths are case-sensitive
      {PathType::kExact, "/Foo", "/foo", false},
      {PathType::kExact, "/foo", "/foo?x=1", true},  // the query string is not part of the path
      {PathType::kPrefix, "/foo", "/foobar?x=/foo", false},
      {PathType::kPrefix, "/foo", "/foo?x=1", true},
      {PathType::kImplementationSpecific, "/foo", "/foo/bar", true},  // canonical: Prefix
      {PathType::kImplementationSpecific, "/foo", "/foobar", false},
  };
  for (const Row& r : rows) {
    INFO(PathTypeName(r.type) << " " << r.rule << " vs " << r.request);
    CHECK(IngressPathMatches(r.type, r.rule, r.request) == r.match);
  }
  // The switch: ImplementationSpecific as Exact.
  CHECK_FALSE(IngressPathMatches(PathType::kImplementationSpecific, "/foo", "/foo/bar", true));
  CHECK(IngressPathMatches(PathType::kImplementationSpecific, "/foo", "/foo", true));
  CHECK(IngressPathMatches(PathType::kPrefix, "/foo", "/foo/bar",
                           true));  // the switch touches only ImplementationSpecific
}

TEST_CASE("ING-4: precise host beats wildcard beats no host, even against a longer path", "[ingress]") {
  std::vector<Ingress> ings = {
      MakeIngress("shop", "catch-all", {Rule("", {Path("/api/v1", PathType::kPrefix, "any")})}),
      MakeIngress("shop", "exact-host", {Rule("shop.example.com", {Path("/", PathType::kPrefix, "precise")})}),
      MakeIngress("shop", "wild", {Rule("*.example.com", {Path("/api", PathType::kPrefix, "wildcard")})}),
  };
  CHECK(Target(ings, "shop.example.com", "/api/v1/items") == "precise");
  CHECK(Target(ings, "other.example.com", "/api/v1/items") == "wildcard");
  CHECK(Target(ings, "other.example.com", "/web") == "");  // no path of any matching host matches
  CHECK(Target(ings, "a.b.example.com", "/api/v1/items") == "any");
  CHECK(Target(ings, "example.org:8080", "/api/v1") == "any");
  // The host picks the server first (nginx server_name): a precise host without a matching path is a 404, even
  // when a host-less rule has the path.
  std::vector<Ingress> narrow = {
      MakeIngress("shop", "a", {Rule("shop.example.com", {Path("/api", PathType::kExact, "precise")})}),
      MakeIngress("shop", "b", {Rule("", {Path("/", PathType::kPrefix, "any")})}),
  };
  CHECK(Target(narrow, "shop.example.com", "/api") == "precise");
  CHECK(Target(narrow, "shop.example.com", "/other") == "");
  CHECK(Target(narrow, "www.example.com", "/other") == "any");
  // The switch (ingressHostFirst off): every matching (host, path) pair competes, so the host-less rule serves it.
  CHECK(RouteRequest(Pointers(narrow), "shop.example.com", "/other", false, false).ToString() ==
        RouteRequest(Pointers(narrow), "www.example.com", "/other").ToString());
}

TEST_CASE("ING-6: the longest path wins, Exact beats Prefix on equal length", "[ingress]") {
  std::vector<Ingress> ings = {
      MakeIngress("shop", "web",
                  {Rule("shop.example.com",
                        {Path("/", PathType::kPrefix, "root"), Path("/api", PathType::kPrefix, "api-prefix"),
                         Path("/api/v1", PathType::kPrefix, "v1"), Path("/api", PathType::kExact, "api-exact")})}),
  };
  CHECK(Target(ings, "shop.example.com", "/api/v1/items") == "v1");
  CHECK(Target(ings, "shop.example.com", "/api/v2") == "api-prefix");
  CHECK(Target(ings, "shop.example.com", "/api") == "api-exact");
  CHECK(Target(ings, "shop.example.com", "/api/") == "api-prefix");
  CHECK(Target(ings, "shop.example.com", "/apiv1") == "root");
  CHECK(Target(ings, "shop.example.com", "/") == "root");

  // ImplementationSpecific ranks as the type it acts as.
  std::vector<Ingress> impl = {
      MakeIngress("shop", "web",
                  {Rule("", {Path("/api", PathType::kPrefix, "prefix"),
                             Path("/api", PathType::kImplementationSpecific, "impl")})}),
  };
  CHECK(Target(impl, "x", "/api") == "prefix");      // both Prefix-like, equal: first in order
  CHECK(Target(impl, "x", "/api", true) == "impl");  // as Exact it beats Prefix
  CHECK(Target(impl, "x", "/api/x", true) == "prefix");
}

TEST_CASE("ING-6: merged Ingresses with the same host and path go to the oldest, then (ns, name)", "[ingress]") {
  std::vector<Ingress> ings = {
      MakeIngress("a", "newer", {Rule("shop.example.com", {Path("/", PathType::kPrefix, "newer")})},
                  "2024-03-01T00:00:00Z"),
      MakeIngress("b", "older", {Rule("shop.example.com", {Path("/", PathType::kPrefix, "older")})},
                  "2024-02-01T00:00:00Z"),
      MakeIngress("b", "other", {Rule("shop.example.com", {Path("/cart", PathType::kPrefix, "cart")})},
                  "2024-04-01T00:00:00Z"),
  };
  CHECK(Target(ings, "shop.example.com", "/") == "older");
  CHECK(Target(ings, "shop.example.com", "/cart/1") == "cart");  // merged: a longer path in a newer Ingress

  std::vector<Ingress> same_time = {
      MakeIngress("b", "x", {Rule("", {Path("/", PathType::kPrefix, "b-x")})}),
      MakeIngress("a", "y", {Rule("", {Path("/", PathType::kPrefix, "a-y")})}),
  };
  CHECK(Target(same_time, "h", "/") == "a-y");

  std::vector<Ingress> no_time = {
      MakeIngress("a", "a", {Rule("", {Path("/", PathType::kPrefix, "no-timestamp")})}, ""),
      MakeIngress("z", "z", {Rule("", {Path("/", PathType::kPrefix, "dated")})}, "2030-01-01T00:00:00Z"),
  };
  CHECK(Target(no_time, "h", "/") == "dated");
}

TEST_CASE("ING-7/E58: no rule matches: the oldest defaultBackend, else 404", "[ingress]") {
  std::vector<Ingress> ings = {
      MakeIngress("shop", "hosts", {Rule("shop.example.com", {Path("/", PathType::kPrefix, "web")})}),
  };
  IngressRoute miss = RouteRequest(Pointers(ings), "other.example.com", "/");
  CHECK(miss.ingress == nullptr);
  CHECK(miss.rule == nullptr);
  CHECK(miss.path == nullptr);
  CHECK(miss.backend == nullptr);
  CHECK(miss.ToString() == "no Ingress rule matches");

  Ingress young = MakeIngress("a", "young", {}, "2024-05-01T00:00:00Z");
  young.default_backend = Backend("young-default");
  Ingress old = MakeIngress("z", "old", {}, "2024-01-01T00:00:00Z");
  old.default_backend = Backend("old-default");
  ings.push_back(young);
  ings.push_back(old);
  IngressRoute fallback = RouteRequest(Pointers(ings), "other.example.com", "/");
  REQUIRE(fallback.ingress != nullptr);
  CHECK(fallback.ingress->name == "old");
  CHECK(fallback.rule == nullptr);
  CHECK(fallback.path == nullptr);
  REQUIRE(fallback.backend != nullptr);
  CHECK(fallback.backend->service_name == "old-default");
  CHECK(fallback.ToString() == "z/old: defaultBackend");
  // A matching rule still wins over every defaultBackend.
  CHECK(Target(ings, "shop.example.com", "/x") == "web");
  CHECK(RouteRequest({}, "h", "/").ingress == nullptr);
}

TEST_CASE("ING-9: TLS hosts do not change routing; ToString names the rule", "[ingress]") {
  Ingress ing = MakeIngress("shop", "web-ingress",
                            {Rule("shop.example.com", {Path("/api", PathType::kPrefix, "api")}),
                             Rule("", {Path("/", PathType::kExact, "root")})});
  ing.tls_hosts = {"secure.example.com"};
  std::vector<Ingress> ings = {ing};
  IngressRoute r = RouteRequest(Pointers(ings), "shop.example.com:443", "/api/items?page=2");
  REQUIRE(r.ingress != nullptr);
  CHECK(r.rule == &ings[0].rules[0]);
  CHECK(r.path == &ings[0].rules[0].paths[0]);
  CHECK(r.backend == &ings[0].rules[0].paths[0].backend);
  CHECK(r.ToString() == "shop/web-ingress: host shop.example.com, path /api (Prefix)");
  CHECK(RouteRequest(Pointers(ings), "secure.example.com", "/").ToString() ==
        "shop/web-ingress: any host, path / (Exact)");
  CHECK(Target(ings, "secure.example.com", "/api") == "");
}

namespace {

const char* kClassManifests = R"(
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
spec: {controller: k8s.io/ingress-nginx}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: traefik}
spec: {controller: traefik.io/ingress-controller}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Namespace
metadata: {name: ops}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  ingressClassName: nginx
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /admin, pathType: Prefix, backend: {service: {name: admin, port: {name: http}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: plain, namespace: shop}
spec:
  defaultBackend: {service: {name: web, port: {name: http}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: legacy, namespace: ops, annotations: {kubernetes.io/ingress.class: traefik}}
spec:
  defaultBackend: {service: {name: web, port: {number: 8080}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: orphan, namespace: ops}
spec:
  ingressClassName: gone
  defaultBackend: {service: {name: web, port: {number: 80}}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  clusterIP: 10.96.0.20
  ports: [{name: http, port: 80, targetPort: 8080}, {name: metrics, port: 9090}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ops}
spec:
  clusterIP: 10.96.0.21
  ports: [{port: 8080}]
)";

std::vector<std::string> Keys(const std::vector<const Ingress*>& ingresses) {
  std::vector<std::string> out;
  for (const Ingress* i : ingresses) out.push_back(i->ns + "/" + i->name);
  return out;
}

const IngressClass* FindClass(const Cluster& cluster, const std::string& name) {
  for (const IngressClass& c : cluster.ingress_classes) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("ING-1: a class-less Ingress goes to the one default class", "[ingress]") {
  Cluster cluster = LoadOk(kClassManifests);
  const IngressClass* nginx = FindClass(cluster, "nginx");
  const IngressClass* traefik = FindClass(cluster, "traefik");
  REQUIRE(nginx != nullptr);
  REQUIRE(traefik != nullptr);
  CHECK(Keys(ServedIngresses(cluster, nginx)) == std::vector<std::string>{"shop/plain", "shop/web"});
  CHECK(Keys(ServedIngresses(cluster, traefik)) == std::vector<std::string>{"ops/legacy"});
  CHECK(Keys(ServedIngresses(cluster, nullptr)) ==
        std::vector<std::string>{"ops/legacy", "ops/orphan", "shop/plain", "shop/web"});
}

TEST_CASE("ING-1: with no default class or several, a class-less Ingress is not served", "[ingress]") {
  Cluster cluster = LoadOk(kClassManifests);
  for (IngressClass& c : cluster.ingress_classes) c.is_default = true;
  CHECK(Keys(ServedIngresses(cluster, FindClass(cluster, "nginx"))) == std::vector<std::string>{"shop/web"});
  CHECK(Keys(ServedIngresses(cluster, FindClass(cluster, "traefik"))) == std::vector<std::string>{"ops/legacy"});
  for (IngressClass& c : cluster.ingress_classes) c.is_default = false;
  CHECK(Keys(ServedIngresses(cluster, FindClass(cluster, "nginx"))) == std::vector<std::string>{"shop/web"});
  CHECK(Keys(ServedIngresses(cluster, FindClass(cluster, "traefik"))) == std::vector<std::string>{"ops/legacy"});
}

TEST_CASE("ING-8: the backend Service is looked up in the Ingress's namespace", "[ingress]") {
  Cluster cluster = LoadOk(kClassManifests);
  std::vector<const Ingress*> served = ServedIngresses(cluster, FindClass(cluster, "nginx"));
  IngressRoute r = RouteRequest(served, "shop.example.com", "/cart");
  CHECK(r.ToString() == "shop/web: host shop.example.com, path / (Prefix)");
  const Service* svc = FindBackendService(cluster, r);
  REQUIRE(svc != nullptr);
  CHECK(svc->ns == "shop");
  CHECK(svc->cluster_ips == std::vector<Ipv4>{*ParseIpv4("10.96.0.20")});
  const ServicePort* port = FindBackendPort(*svc, *r.backend);
  REQUIRE(port != nullptr);
  CHECK(port->name == "http");

  // Named port on the defaultBackend of shop/plain.
  IngressRoute fallback = RouteRequest(served, "unknown.example.com", "/");
  CHECK(fallback.ToString() == "shop/plain: defaultBackend");
  const Service* fallback_svc = FindBackendService(cluster, fallback);
  REQUIRE(fallback_svc != nullptr);
  CHECK(fallback_svc->ns == "shop");
  const ServicePort* named = FindBackendPort(*fallback_svc, *fallback.backend);
  REQUIRE(named != nullptr);
  CHECK(named->port == 80);

  // A missing Service (admin) or port gives nothing: 503 for the caller.
  IngressRoute admin = RouteRequest(served, "shop.example.com", "/admin/users");
  CHECK(admin.backend->service_name == "admin");
  CHECK(FindBackendService(cluster, admin) == nullptr);
  CHECK(FindBackendPort(*svc, Backend("web", 8080)) == nullptr);  // 8080 is the targetPort, not a Service port
  CHECK(FindBackendService(cluster, IngressRoute{}) == nullptr);

  // ops/legacy's backend `web` is ops/web, not shop/web.
  IngressRoute legacy = RouteRequest(ServedIngresses(cluster, FindClass(cluster, "traefik")), "x", "/");
  const Service* ops_web = FindBackendService(cluster, legacy);
  REQUIRE(ops_web != nullptr);
  CHECK(ops_web->ns == "ops");
  REQUIRE(FindBackendPort(*ops_web, *legacy.backend) != nullptr);
}

}  // namespace kreach
