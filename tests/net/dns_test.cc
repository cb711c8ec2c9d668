#include "sim/net/dns.h"

#include <catch2/catch.hpp>

#include "tests/support/builders.h"
#include "tests/support/sim_fixture.h"

namespace kreach {

namespace {

using testing::Ip;
using Kind = DnsAnswer::Kind;

/// Selector-less Services with hand-written EndpointSlices, so the records do not depend on slice generation.
/// prod/data ClusterIP 10.96.0.10; shop/web ClusterIP; shop/db headless with hostnames db-0, db-1 (ready) and
/// db-2 (not ready) plus one more ready address; shop/cache headless with only not-ready endpoints; shop/empty
/// headless without slices; shop/ext and shop/ipext ExternalName; pods with IPs, one hostNetwork, one with
/// hostname/subdomain but no Service for the subdomain.
const char* kDnsManifests = R"(
apiVersion: v1
kind: Namespace
metadata: {name: test}
---
apiVersion: v1
kind: Namespace
metadata: {name: prod}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Service
metadata: {name: data, namespace: prod}
spec:
  clusterIP: 10.96.0.10
  ports: [{port: 5432}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  clusterIP: 10.96.0.20
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec:
  clusterIP: None
  ports: [{port: 5432}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: db-a, namespace: shop, labels: {kubernetes.io/service-name: db}}
addressType: IPv4
ports: [{port: 5432}]
endpoints:
- addresses: [10.244.0.12]
  hostname: db-1
  targetRef: {kind: Pod, name: db-1, namespace: shop}
- addresses: [10.244.0.11]
  hostname: db-0
  targetRef: {kind: Pod, name: db-0, namespace: shop}
- addresses: [10.244.0.13]
  conditions: {ready: false}
  hostname: db-2
  targetRef: {kind: Pod, name: db-2, namespace: shop}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: db-b, namespace: shop, labels: {kubernetes.io/service-name: db}}
addressType: IPv4
ports: [{port: 5432}]
endpoints:
- addresses: [10.244.0.14]
- addresses: [10.244.0.11]
---
apiVersion: v1
kind: Service
metadata: {name: cache, namespace: shop}
spec:
  clusterIP: None
  ports: [{port: 6379}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: cache-a, namespace: shop, labels: {kubernetes.io/service-name: cache}}
addressType: IPv4
ports: [{port: 6379}]
endpoints:
- addresses: [10.244.0.30]
  conditions: {ready: false}
- addresses: [10.244.0.31]
  conditions: {ready: false, serving: true, terminating: true}
---
apiVersion: v1
kind: Service
metadata: {name: empty, namespace: shop}
spec:
  clusterIP: None
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: shop}
spec: {type: ExternalName, externalName: db.example.com}
---
apiVersion: v1
kind: Service
metadata: {name: ipext, namespace: shop}
spec: {type: ExternalName, externalName: 10.0.0.5}
---
apiVersion: v1
kind: Pod
metadata: {name: db-0, namespace: shop}
spec: {hostname: db-0, subdomain: db, containers: [{name: c, image: pg}]}
status: {podIP: 10.244.0.11}
---
apiVersion: v1
kind: Pod
metadata: {name: db-1, namespace: shop}
spec: {hostname: db-1, subdomain: db, containers: [{name: c, image: pg}]}
status: {podIP: 10.244.0.12}
---
apiVersion: v1
kind: Pod
metadata: {name: lonely, namespace: shop}
spec: {hostname: h, subdomain: s, containers: [{name: c, image: busybox}]}
status: {podIP: 10.244.0.20}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: test}
spec: {containers: [{name: c, image: busybox}]}
status: {podIP: 10.244.0.40}
---
apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: shop}
spec: {hostNetwork: true, containers: [{name: c, image: agent}]}
)";

std::string KeyOf(const Service& s) { return s.ns + "/" + s.name; }

}  // namespace

TEST_CASE("DNS-1: a ClusterIP Service name resolves to its ClusterIP", "[dns]") {
  Cluster cluster = LoadOk(kDnsManifests);
  DnsAnswer a = ResolveName(cluster, "shop", "web");
  CHECK(a.kind == Kind::kServiceVip);
  CHECK(a.query == "web");
  CHECK(a.fqdn == "web.shop.svc.cluster.local");
  CHECK(a.tried == std::vector<std::string>{"web.shop.svc.cluster.local"});
  REQUIRE(a.service != nullptr);
  CHECK(KeyOf(*a.service) == "shop/web");
  CHECK(a.addresses == std::vector<Ipv4>{Ip("10.96.0.20")});
  CHECK(a.why.empty());
  CHECK(a.pod == nullptr);

  // A VIP resolves whether or not the Service has endpoints (data has no slices).
  a = ResolveName(cluster, "prod", "data");
  CHECK(a.kind == Kind::kServiceVip);
  CHECK(a.addresses == std::vector<Ipv4>{Ip("10.96.0.10")});
}

TEST_CASE("DNS-5/E52: the search path finds data.prod across namespaces but not a bare data", "[dns]") {
  Cluster cluster = LoadOk(kDnsManifests);
  DnsAnswer bare = ResolveName(cluster, "test", "data");
  CHECK(bare.kind == Kind::kNxdomain);
  CHECK(bare.fqdn.empty());
  CHECK(bare.service == nullptr);
  CHECK(bare.tried == std::vector<std::string>{"data.test.svc.cluster.local", "data.svc.cluster.local",
                                               "data.cluster.local", "data"});
  CHECK(bare.why ==
        "no Service 'data' in namespace 'test' (search path test.svc.cluster.local, svc.cluster.local, "
        "cluster.local); did you mean data.prod?");

  DnsAnswer cross = ResolveName(cluster, "test", "data.prod");
  CHECK(cross.kind == Kind::kServiceVip);
  CHECK(cross.fqdn == "data.prod.svc.cluster.local");
  CHECK(cross.tried == std::vector<std::string>{"data.prod.test.svc.cluster.local", "data.prod.svc.cluster.local"});
  CHECK(cross.addresses == std::vector<Ipv4>{Ip("10.96.0.10")});

  DnsAnswer svc_form = ResolveName(cluster, "test", "data.prod.svc");
  CHECK(svc_form.fqdn == "data.prod.svc.cluster.local");
  CHECK(svc_form.tried == std::vector<std::string>{"data.prod.svc.test.svc.cluster.local",
                                                   "data.prod.svc.svc.cluster.local", "data.prod.svc.cluster.local"});
}

TEST_CASE("DNS-5: a full name with 4 dots still walks the search path first; 5 dots go absolute first", "[dns]") {
  Cluster cluster = LoadOk(kDnsManifests);
  DnsAnswer full = ResolveName(cluster, "test", "data.prod.svc.cluster.local");
  CHECK(full.kind == Kind::kServiceVip);
  CHECK(full.fqdn == "data.prod.svc.cluster.local");
  CHECK(full.tried == std::vector<std::string>{"data.prod.svc.cluster.local.test.svc.cluster.local",
                                               "data.prod.svc.cluster.local.svc.cluster.local",
                                               "data.prod.svc.cluster.local.cluster.local",
                                               "data.prod.svc.cluster.local"});

  DnsAnswer five = ResolveName(cluster, "shop", "db-0.db.shop.svc.cluster.local");
  CHECK(five.kind == Kind::kHeadless);
  CHECK(five.tried == std::vector<std::string>{"db-0.db.shop.svc.cluster.local"});

  DnsAnswer miss = ResolveName(cluster, "test", "a.b.c.d.e.f");
  CHECK(miss.kind == Kind::kNxdomain);
  CHECK(miss.tried == std::vector<std::string>{"a.b.c.d.e.f", "a.b.c.d.e.f.test.svc.cluster.local",
                                               "a.b.c.d.e.f.svc.cluster.local", "a.b.c.d.e.f.cluster.local"});
  CHECK(miss.why ==
        "no cluster record for 'a.b.c.d.e.f' (tried a.b.c.d.e.f, a.b.c.d.e.f.test.svc.cluster.local, "
        "a.b.c.d.e.f.svc.cluster.local, a.b.c.d.e.f.cluster.local); kreach does not model DNS outside cluster.local");
}

TEST_CASE("DNS-5: a trailing dot makes the name absolute, tried alone", "[dns]") {
  Cluster cluster = LoadOk(kDnsManifests);
  DnsAnswer a = ResolveName(cluster, "test", "data.prod.svc.cluster.local.");
  CHECK(a.kind == Kind::kServiceVip);
  CHECK(a.query == "data.prod.svc.cluster.local.");
  CHECK(a.fqdn == "data.prod.svc.cluster.local");
  CHECK(a.tried == std::vector<std::string>{"data.prod.svc.cluster.local"});

  DnsAnswer rel = ResolveName(cluster, "prod", "data.");
  CHECK(rel.kind == Kind::kNxdomain);
  CHECK(rel.tried == std::vector<std::string>{"data"});
  CHECK(rel.why == "no cluster record for 'data.' (tried data); kreach does not model DNS outside cluster.local");

  DnsAnswer wrong_ns = ResolveName(cluster, "prod", "data.test.svc.cluster.local.");
  CHECK(wrong_ns.kind == Kind::kNxdomain);
  CHECK(wrong_ns.why == "no Service 'data' in namespace 'test'; did you mean data.prod.svc.cluster.local?");
}

TEST_CASE("DNS-8: names compare case-insensitively", "[dns]") {
  Cluster cluster = LoadOk(kDnsManifests);
  DnsAnswer a = ResolveName(cluster, "TEST", "Data.PROD.Svc.Cluster.Local.");
  CHECK(a.kind == Kind::kServiceVip);
  CHECK(a.query == "Data.PROD.Svc.Cluster.Local.");
  CHECK(a.fqdn == "data.prod.svc.cluster.local");
  DnsAnswer b = ResolveName(cluster, "test", "DATA.prod");
  CHECK(b.fqdn == "data.prod.svc.cluster.local");
  CHECK(b.tried.front() == "data.prod.test.svc.cluster.local");
  DnsAnswer c = ResolveName(cluster, "shop", "DB-0.db");
  CHECK(c.fqdn == "db-0.db.shop.svc.cluster.local");
  CHECK(c.addresses == std::vector<Ipv4>{Ip("10.244.0.11")});
}

TEST_CASE("DNS-2/SVC-19: a headless Service resolves to its ready endpoint IPs, sorted and unique", "[dns]") {
  Cluster cluster = LoadOk(kDnsManifests);
  DnsAnswer a = ResolveName(cluster, "shop", "db");
  CHECK(a.kind == Kind::kHeadless);
  CHECK(a.fqdn == "db.shop.svc.cluster.local");
  REQUIRE(a.service != nullptr);
  CHECK(KeyOf(*a.service) == "shop/db");
  CHECK(a.pod == nullptr);
  // 10.244.0.13 is not ready; 10.244.0.11 is in both slices.
  CHECK(a.addresses == std::vector<Ipv4>{Ip("10.244.0.11"), Ip("10.244.0.12"), Ip("10.244.0.14")});
}

TEST_CASE("DNS-2: a headless Service with no ready endpoint is NXDOMAIN", "[dns]") {
  Cluster cluster = LoadOk(kDnsManifests);
  DnsAnswer not_ready = ResolveName(cluster, "shop", "cache");
  CHECK(not_ready.kind == Kind::kNxdomain);
  // The Service the name meant exists: the answer names it (KR-1 tells such a name from one nothing has).
  REQUIRE(not_ready.service != nullptr);
  CHECK(not_ready.service->name == "cache");
  CHECK(not_ready.addresses.empty());
  CHECK(not_ready.tried.size() == 4);
  CHECK(not_ready.why == "headless Service 'shop/cache' has no ready endpoints (2 not ready)");

  DnsAnswer none = ResolveName(cluster, "test", "empty.shop");
  CHECK(none.kind == Kind::kNxdomain);
  CHECK(none.why == "headless Service 'shop/empty' has no ready endpoints");
  REQUIRE(none.service != nullptr);
  CHECK(none.service->name == "empty");
  CHECK(ResolveName(cluster, "shop", "missing").service == nullptr);

  // Marking the not-ready endpoint ready (what publishNotReadyAddresses does to the slices) makes it resolve.
  for (EndpointSlice& s : cluster.endpoint_slices) {
    if (s.name == "cache-a") s.endpoints[0].ready = true;
  }
  DnsAnswer published = ResolveName(cluster, "shop", "cache");
  CHECK(published.kind == Kind::kHeadless);
  CHECK(published.addresses == std::vector<Ipv4>{Ip("10.244.0.30")});
}

TEST_CASE("DNS-2/DNS-4: ready endpoints with a hostname get <hostname>.<svc>.<ns>.svc names", "[dns]") {
  Cluster cluster = LoadOk(kDnsManifests);
  DnsAnswer a = ResolveName(cluster, "test", "db-1.db.shop.svc.cluster.local");
  CHECK(a.kind == Kind::kHeadless);
  CHECK(a.fqdn == "db-1.db.shop.svc.cluster.local");
  REQUIRE(a.service != nullptr);
  CHECK(KeyOf(*a.service) == "shop/db");
  REQUIRE(a.pod != nullptr);
  CHECK(a.pod->Key() == "shop/db-1");
  CHECK(a.addresses == std::vector<Ipv4>{Ip("10.244.0.12")});

  DnsAnswer short_form = ResolveName(cluster, "shop", "db-0.db");
  CHECK(short_form.fqdn == "db-0.db.shop.svc.cluster.local");
  CHECK(short_form.tried == std::vector<std::string>{"db-0.db.shop.svc.cluster.local"});
  REQUIRE(short_form.pod != nullptr);
  CHECK(short_form.pod->Key() == "shop/db-0");

  DnsAnswer not_ready = ResolveName(cluster, "shop", "db-2.db");
  CHECK(not_ready.kind == Kind::kNxdomain);
  CHECK(not_ready.why == "the endpoint with hostname 'db-2' of headless Service 'shop/db' is not ready");

  DnsAnswer unknown = ResolveName(cluster, "shop", "db-9.db.shop.svc");
  CHECK(unknown.kind == Kind::kNxdomain);
  CHECK(unknown.why == "headless Service 'shop/db' has no endpoint with hostname 'db-9'");

  CHECK(ResolveName(cluster, "test", "db-9.db.shop").why ==
        "headless Service 'shop/db' has no endpoint with hostname 'db-9'");

  DnsAnswer not_headless = ResolveName(cluster, "shop", "x.web.shop.svc");
  CHECK(not_headless.kind == Kind::kNxdomain);
  CHECK(not_headless.why == "Service 'shop/web' is not headless, so it has no per-endpoint names");
}

TEST_CASE("E53/DNS-4: hostname and subdomain without a headless Service give no name", "[dns]") {
  Cluster cluster = LoadOk(kDnsManifests);
  DnsAnswer a = ResolveName(cluster, "shop", "h.s.shop.svc.cluster.local");
  CHECK(a.kind == Kind::kNxdomain);
  CHECK(a.why ==
        "no headless Service 's' in namespace 'shop', so no per-endpoint name 'h' (DNS-4: a pod's hostname.subdomain "
        "name needs a headless Service named after the subdomain)");
  DnsAnswer b = ResolveName(cluster, "shop", "h.s");
  CHECK(b.kind == Kind::kNxdomain);
}

TEST_CASE("DNS-4: pods have <a-b-c-d>.<ns>.pod names; hostNetwork pods do not", "[dns]") {
  Cluster cluster = LoadOk(kDnsManifests);
  DnsAnswer a = ResolveName(cluster, "test", "10-244-0-20.shop.pod");
  CHECK(a.kind == Kind::kPod);
  CHECK(a.fqdn == "10-244-0-20.shop.pod.cluster.local");
  CHECK(a.tried == std::vector<std::string>{"10-244-0-20.shop.pod.test.svc.cluster.local",
                                            "10-244-0-20.shop.pod.svc.cluster.local",
                                            "10-244-0-20.shop.pod.cluster.local"});
  REQUIRE(a.pod != nullptr);
  CHECK(a.pod->Key() == "shop/lonely");
  CHECK(a.service == nullptr);
  CHECK(a.addresses == std::vector<Ipv4>{Ip("10.244.0.20")});

  DnsAnswer wrong_ns = ResolveName(cluster, "test", "10-244-0-20.test.pod.cluster.local");
  CHECK(wrong_ns.kind == Kind::kNxdomain);
  CHECK(wrong_ns.why == "no pod with IP 10.244.0.20 in namespace 'test'; pod 'shop/lonely' has that IP");

  const Pod* agent = cluster.FindPod("shop", "agent");
  REQUIRE(agent != nullptr);
  std::string dashed = FormatIpv4(agent->ip);
  std::replace(dashed.begin(), dashed.end(), '.', '-');
  DnsAnswer host = ResolveName(cluster, "shop", dashed + ".shop.pod");
  CHECK(host.kind == Kind::kNxdomain);
  CHECK(host.why == "no pod with IP " + FormatIpv4(agent->ip) +
                        " in namespace 'shop'; pod 'shop/agent' uses the host network, which has no pod record");

  DnsAnswer bad = ResolveName(cluster, "shop", "10-244-0.shop.pod");
  CHECK(bad.kind == Kind::kNxdomain);
  CHECK(bad.why == "'10-244-0' is not an IPv4 address written with dashes (a-b-c-d)");
}

TEST_CASE("DNS-3/SVC-20/E51: ExternalName answers a CNAME, also for an IPv4-looking value", "[dns]") {
  Cluster cluster = LoadOk(kDnsManifests);
  DnsAnswer a = ResolveName(cluster, "shop", "ext");
  CHECK(a.kind == Kind::kExternalName);
  CHECK(a.fqdn == "ext.shop.svc.cluster.local");
  CHECK(a.cname == "db.example.com");
  CHECK(a.addresses.empty());
  REQUIRE(a.service != nullptr);
  CHECK(KeyOf(*a.service) == "shop/ext");

  DnsAnswer ip = ResolveName(cluster, "test", "ipext.shop.svc.cluster.local");
  CHECK(ip.kind == Kind::kExternalName);
  CHECK(ip.cname == "10.0.0.5");
  CHECK(ip.addresses.empty());

  // No per-endpoint names under an ExternalName Service.
  CHECK(ResolveName(cluster, "shop", "x.ext").kind == Kind::kNxdomain);
}

TEST_CASE("DNS-5: misses explain the name meant and suggest a near one", "[dns]") {
  Cluster cluster = LoadOk(kDnsManifests);
  CHECK(ResolveName(cluster, "shop", "webb").why ==
        "no Service 'webb' in namespace 'shop' (search path shop.svc.cluster.local, svc.cluster.local, "
        "cluster.local); did you mean web?");
  CHECK(ResolveName(cluster, "test", "data.prdo").why ==
        "no Service 'data' in namespace 'prdo' (no such namespace); did you mean data.prod?");
  CHECK(ResolveName(cluster, "test", "dta.prod.svc").why ==
        "no Service 'dta' in namespace 'prod'; did you mean data.prod.svc?");
  CHECK(ResolveName(cluster, "test", "example.com").why ==
        "no Service 'example' in namespace 'com' (no such namespace)");
  CHECK(ResolveName(cluster, "test", "").why == "'' is not a valid DNS name");
  CHECK(ResolveName(cluster, "test", "a..b").why == "'a..b' is not a valid DNS name");
}

TEST_CASE("DNS-5: the zone is the cluster's domain", "[dns]") {
  Cluster cluster = LoadOk(kDnsManifests);
  cluster.config.domain = "Corp.Internal";
  DnsAnswer a = ResolveName(cluster, "test", "data.prod");
  CHECK(a.kind == Kind::kServiceVip);
  CHECK(a.fqdn == "data.prod.svc.corp.internal");
  CHECK(a.tried == std::vector<std::string>{"data.prod.test.svc.corp.internal", "data.prod.svc.corp.internal"});
  DnsAnswer old_zone = ResolveName(cluster, "test", "data.prod.svc.cluster.local");
  CHECK(old_zone.kind == Kind::kNxdomain);
  CHECK(old_zone.tried.back() == "data.prod.svc.cluster.local");
  CHECK(ResolveName(cluster, "shop", "10-244-0-20.shop.pod.corp.internal.").kind == Kind::kPod);
}

TEST_CASE("DNS names and other endpoint text are told apart", "[dns]") {
  CHECK(LooksLikeDnsName("web"));
  CHECK(LooksLikeDnsName("data.prod"));
  CHECK(LooksLikeDnsName("web.shop.svc.cluster.local."));
  CHECK(LooksLikeDnsName("_http._tcp.web.shop"));
  CHECK(LooksLikeDnsName("10-244-0-5.shop.pod"));
  CHECK_FALSE(LooksLikeDnsName("10.0.0.5"));
  CHECK_FALSE(LooksLikeDnsName("10.0.0.256"));
  CHECK_FALSE(LooksLikeDnsName("shop/web"));
  CHECK_FALSE(LooksLikeDnsName("http://shop.example.com/"));
  CHECK_FALSE(LooksLikeDnsName("web:80"));
  CHECK_FALSE(LooksLikeDnsName(""));
  CHECK_FALSE(LooksLikeDnsName("."));
  CHECK_FALSE(LooksLikeDnsName("a..b"));
  CHECK_FALSE(LooksLikeDnsName("web shop"));
}

}  // namespace kreach
