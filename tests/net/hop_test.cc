// Typed hops (sim/net/hop.h): the fields the path picture reads, checked on the path tests' cluster.
#include "sim/net/hop.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/net/path_fixture.h"

namespace kreach {

using namespace path_test;  // NOLINT: the fixture's helpers read as a small test language

TEST_CASE("P-1 typed hops: a DNS name is a lookup flow to the cluster DNS, then an A answer", "[path][hop]") {
  auto net = MakeNetwork();
  Trace t = Run(*net, "ops/client", "web.shop", "80");
  INFO(Text(t));
  REQUIRE(t.branches.size() == 2);
  const Branch& b = t.branches.front();
  std::vector<const Hop*> dns = HopsOf(b, Hop::Kind::kDns);
  REQUIRE(dns.size() == 2);
  const Hop& lookup = *dns[0];
  CHECK(lookup.dns.stage == DnsStep::Stage::kLookup);
  CHECK(lookup.dns.name == "web.shop");
  CHECK(lookup.dns.service == net->dns_service());
  CHECK(lookup.to.kind == Place::Kind::kDns);
  CHECK(lookup.to.service == net->dns_service());
  CHECK(lookup.to.ip == net->dns_service()->cluster_ips.front());
  CHECK(lookup.to.port == 53);
  CHECK(lookup.to.protocol == Protocol::kUDP);
  CHECK(lookup.from.pod == net->cluster().FindPod("ops", "client"));
  const Hop& answer = *dns[1];
  CHECK(answer.dns.stage == DnsStep::Stage::kAnswer);
  CHECK(answer.dns.name == "web.shop");
  CHECK(answer.dns.fqdn == "web.shop.svc.cluster.local");
  CHECK(answer.dns.addresses == std::vector<Ipv4>{Ip("10.96.0.50")});
  CHECK(answer.dns.service == net->cluster().FindService("shop", "web"));
  CHECK(answer.failure == Cause::kNone);
}

TEST_CASE("P-1 typed hops: NXDOMAIN, and an ExternalName is a CNAME to the external host", "[path][hop]") {
  auto net = MakeNetwork();
  Trace missing = Run(*net, "ops/client", "nothere.shop", "80");
  INFO(Text(missing));
  REQUIRE(missing.branches.size() == 1);
  const Hop& nx = FailingHop(missing.branches.front());
  CHECK(nx.kind == Hop::Kind::kDns);
  CHECK(nx.dns.stage == DnsStep::Stage::kNxdomain);
  CHECK(nx.dns.name == "nothere.shop");
  CHECK(nx.failure == Cause::kNxdomain);

  Trace partner = Run(*net, "ops/client", "partner.shop", "443");
  INFO(Text(partner));
  REQUIRE(partner.branches.size() == 1);
  std::vector<const Hop*> dns = HopsOf(partner.branches.front(), Hop::Kind::kDns);
  REQUIRE(dns.size() == 3);
  CHECK(dns[0]->dns.stage == DnsStep::Stage::kLookup);
  CHECK(dns[1]->dns.stage == DnsStep::Stage::kCname);
  CHECK(dns[1]->dns.cname == "api.partner.example");
  CHECK(dns[1]->dns.service == net->cluster().FindService("shop", "partner"));
  CHECK(dns[2]->dns.stage == DnsStep::Stage::kExternalHost);
  CHECK(dns[2]->dns.name == "api.partner.example");
  CHECK(dns[2]->dns.addresses == std::vector<Ipv4>{Ip("198.51.100.20")});
}

TEST_CASE("P-1 typed hops: a ClusterIP is sent to, picks an endpoint and DNATs to it, source kept", "[path][hop]") {
  auto net = MakeNetwork();
  const Service* web = net->cluster().FindService("shop", "web");
  Trace t = Run(*net, "ops/client", "10.96.0.50", "80");
  INFO(Text(t));
  REQUIRE(t.branches.size() == 2);
  const Branch& b = t.branches.front();
  const Hop& send = OnlyHop(b, Hop::Kind::kSend);
  CHECK(send.from.kind == Place::Kind::kPeer);
  CHECK(send.from.pod == net->cluster().FindPod("ops", "client"));
  CHECK(send.to.kind == Place::Kind::kFrontend);
  CHECK(send.to.frontend == FrontendKind::kClusterIp);
  CHECK(send.to.service == web);
  REQUIRE(send.to.service_port != nullptr);
  CHECK(send.to.service_port->port == 80);
  CHECK(send.to.ip == Ip("10.96.0.50"));
  CHECK(send.to.port == 80);
  const Hop& chosen = OnlyHop(b, Hop::Kind::kService);
  CHECK(chosen.from.kind == Place::Kind::kFrontend);
  CHECK(chosen.from.service == web);
  CHECK(chosen.to.kind == Place::Kind::kPeer);
  CHECK(chosen.to.pod == net->cluster().FindPod("shop", "web-a"));
  CHECK(chosen.to.port == 8080);
  const Hop& nat = OnlyHop(b, Hop::Kind::kTranslate);
  CHECK(nat.service == web);
  CHECK(nat.service_port == send.to.service_port);
  CHECK(FormatIpv4(nat.dst_before) + ":" + std::to_string(nat.port_before) == "10.96.0.50:80");
  CHECK(FormatIpv4(nat.dst_after) + ":" + std::to_string(nat.port_after) == "10.244.0.10:8080");
  CHECK(nat.snat == Snat::kKept);
  CHECK(nat.src_after == nat.src_before);
  CHECK(nat.snat_node == nullptr);
  const Hop& deliver = OnlyHop(b, Hop::Kind::kDeliver);
  CHECK(deliver.to.pod == net->cluster().FindPod("shop", "web-a"));
  CHECK(deliver.src_after == Ip("10.244.0.20"));
}

TEST_CASE("P-1 typed hops: SNAT at a NodePort (Cluster policy) and on a hairpin names the node", "[path][hop]") {
  auto net = MakeNetwork();
  const Node* node_a = net->cluster().FindNode("node-a");
  Trace np = Run(*net, "203.0.113.5", "node/node-a", "30080");
  INFO(Text(np));
  REQUIRE(np.branches.size() == 2);
  const Hop& send = OnlyHop(np.branches.front(), Hop::Kind::kSend);
  CHECK(send.to.frontend == FrontendKind::kNodePort);
  CHECK(send.to.node == node_a);
  CHECK(send.to.port == 30080);
  const Hop& nat = OnlyHop(np.branches.front(), Hop::Kind::kTranslate);
  CHECK(nat.from.frontend == FrontendKind::kNodePort);
  CHECK(nat.dst_before == Ip("172.18.0.10"));
  CHECK(nat.port_before == 30080);
  CHECK(nat.port_after == 8080);
  CHECK(nat.snat == Snat::kClusterPolicy);
  CHECK(nat.snat_node == node_a);
  CHECK(nat.src_before == Ip("203.0.113.5"));
  CHECK(nat.src_after == Ip("172.18.0.10"));

  Trace hairpin = Run(*net, "shop/web-a", "service/shop/self", "80");
  INFO(Text(hairpin));
  REQUIRE(hairpin.branches.size() == 1);
  const Hop& back = OnlyHop(hairpin.branches.front(), Hop::Kind::kTranslate);
  CHECK(back.snat == Snat::kHairpin);
  CHECK(back.snat_node == node_a);
  CHECK(back.src_after == Ip("172.18.0.10"));

  Trace from_node = Run(*net, "node/node-b", "service/shop/self", "80");
  INFO(Text(from_node));
  REQUIRE(from_node.branches.size() == 1);
  CHECK(OnlyHop(from_node.branches.front(), Hop::Kind::kTranslate).snat == Snat::kNodeOrigin);
}

TEST_CASE("P-1 typed hops: a URL arrives at the controller, is routed by an Ingress rule, then a new connection",
          "[path][hop]") {
  auto net = MakeNetwork();
  Trace t = Run(*net, "203.0.113.5", "http://shop.example.com/", "");
  INFO(Text(t));
  REQUIRE_FALSE(t.branches.empty());
  const Branch& b = t.branches.front();
  std::vector<const Hop*> ingress = HopsOf(b, Hop::Kind::kIngress);
  REQUIRE(ingress.size() == 2);
  const Hop& arrive = *ingress[0];
  CHECK(arrive.ingress.stage == IngressStep::Stage::kArrive);
  CHECK(arrive.ingress.url.host == "shop.example.com");
  CHECK(arrive.ingress.url.port == 80);
  CHECK(arrive.to.kind == Place::Kind::kController);
  CHECK(arrive.to.controller == 0);
  const Hop& route = *ingress[1];
  CHECK(route.ingress.stage == IngressStep::Stage::kRoute);
  REQUIRE(route.ingress.route.ingress != nullptr);
  CHECK(route.ingress.route.ingress->name == "shop");
  REQUIRE(route.ingress.route.path != nullptr);
  CHECK(route.ingress.route.path->path == "/");
  REQUIRE(route.ingress.route.backend != nullptr);
  CHECK(route.ingress.route.backend->service_name == "web");
  const Hop& proxy = OnlyHop(b, Hop::Kind::kTranslate);
  CHECK(proxy.service == net->cluster().FindService("shop", "web"));
  CHECK(proxy.to.kind == Place::Kind::kPeer);
  CHECK(proxy.dst_after == proxy.to.ip);
  CHECK(std::find(net->controllers()[0].pods.begin(), net->controllers()[0].pods.end(), proxy.from.pod) !=
        net->controllers()[0].pods.end());

  Trace gone = Run(*net, "203.0.113.5", "http://shop.example.com/gone", "");
  INFO(Text(gone));
  const Hop& backend = FailingHop(gone.branches.front());
  CHECK(backend.ingress.stage == IngressStep::Stage::kBackend);
  CHECK(backend.failure == Cause::kIngressBackend);
  Trace other = Run(*net, "203.0.113.5", "http://other.example.com/", "");
  INFO(Text(other));
  const Hop& no_rule = FailingHop(other.branches.front());
  CHECK(no_rule.ingress.stage == IngressStep::Stage::kRoute);
  CHECK(no_rule.ingress.route.ingress == nullptr);
  CHECK(no_rule.failure == Cause::kNoIngressRule);
}

TEST_CASE(
    "P-1 typed hops: the failing hop carries the reason (no endpoint, source ranges, traffic policy Local, "
    "DNS blocked)",
    "[path][hop]") {
  auto net = MakeNetwork();
  Trace empty = Run(*net, "ops/client", "service/shop/empty", "80");
  INFO(Text(empty));
  const Hop& none = FailingHop(empty.branches.front());
  CHECK(none.kind == Hop::Kind::kService);
  CHECK(none.failure == Cause::kNoEndpoint);
  CHECK(none.from.kind == Place::Kind::kFrontend);
  CHECK(none.service == net->cluster().FindService("shop", "empty"));

  Trace outside = Run(*net, "198.51.100.7", "192.0.2.12", "80");
  INFO(Text(outside));
  const Hop& ranges = FailingHop(outside.branches.front());
  CHECK(ranges.kind == Hop::Kind::kFilter);
  CHECK(ranges.failure == Cause::kSourceRanges);
  CHECK(ranges.from.frontend == FrontendKind::kLoadBalancer);
  CHECK(ranges.service == net->cluster().FindService("shop", "web-lb-ranges"));

  Trace local = Run(*net, "ops/client-b", "service/shop/itp-local", "80");
  INFO(Text(local));
  const Hop& itp = FailingHop(local.branches.front());
  CHECK(itp.kind == Hop::Kind::kFilter);
  CHECK(itp.failure == Cause::kTrafficPolicyLocal);

  Trace locked = Run(*net, "ops/locked", "web.shop", "80");
  INFO(Text(locked));
  const Hop& blocked = FailingHop(locked.branches.front());
  CHECK(blocked.kind == Hop::Kind::kDns);
  CHECK(blocked.dns.stage == DnsStep::Stage::kLookup);
  CHECK(blocked.dns.name == "web.shop");
  CHECK(blocked.failure == Cause::kDnsBlocked);
  REQUIRE(blocked.verdict != nullptr);
  CHECK_FALSE(blocked.verdict->allowed);
  CHECK(blocked.direction == Direction::kEgress);
  CHECK(blocked.to.kind == Place::Kind::kNone);
}

}  // namespace kreach
