// The API server kreach implies (sim/net/implied_objects.h): the Service default/kubernetes and its EndpointSlice,
// where its address comes from, that the input's own objects win, the switch that turns it off, and the classic
// egress trap on the path (policy sees the endpoint's address and port 6443 after DNAT, not the ClusterIP's 443).
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "sim/loader/loader.h"
#include "sim/net/implied_objects.h"
#include "tests/net/path_fixture.h"

namespace kreach {
namespace {

using path_test::Branches;
using path_test::Run;
using path_test::Text;
using path_test::V;

/// An operator pod on an implied node; `extra` manifests are appended.
std::shared_ptr<const ImpliedCluster> World(const std::string& extra = "", ClusterConfig config = {}) {
  std::string text = R"(
apiVersion: v1
kind: Pod
metadata: {name: operator, namespace: ops, labels: {app: operator}}
spec: {containers: [{name: c, image: x}]}
)" + (extra.empty() ? "" : "---\n" + extra);
  LoadResult r = LoadClusterFromTexts({{"api.yaml", text}}, config);
  for (const Diagnostic& d : r.diagnostics.items()) INFO(d.ToString());
  REQUIRE_FALSE(r.diagnostics.HasErrors());
  return ImpliedCluster::Build(std::move(r.cluster));
}

/// The endpoint addresses of the EndpointSlices of default/kubernetes in `c`.
std::vector<std::string> ApiEndpoints(const Cluster& c) {
  std::vector<std::string> out;
  for (const EndpointSlice& s : c.endpoint_slices) {
    if (s.ns != "default" || s.service_name != "kubernetes") continue;
    for (const Endpoint& e : s.endpoints) out.push_back(FormatIpv4(e.addresses.front()));
  }
  return out;
}

// Egress of ops/operator: DNS, and one rule to the API server as the test says.
std::string EgressTo(const std::string& cidr, int port) {
  return R"(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: operator-egress, namespace: ops}
spec:
  podSelector: {matchLabels: {app: operator}}
  policyTypes: [Egress]
  egress:
  - ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
  - to: [{ipBlock: {cidr: )" +
         cidr + R"(}}]
    ports: [{protocol: TCP, port: )" +
         std::to_string(port) + "}]\n";
}

TEST_CASE("api server: kreach implies default/kubernetes at 10.96.0.1, 443 (https) → 6443, in the path view only",
          "[implied][api_server]") {
  std::shared_ptr<const ImpliedCluster> world = World();
  CHECK(world->input().FindService("default", "kubernetes") == nullptr);
  CHECK(world->input().FindNamespace("default") == nullptr);
  const Service* svc = world->cluster().FindService("default", "kubernetes");
  REQUIRE(svc != nullptr);
  CHECK(IsImplied(svc->origin));
  CHECK(svc->type == ServiceType::kClusterIP);
  CHECK_FALSE(svc->selector);
  CHECK(svc->cluster_ip == "10.96.0.1");
  REQUIRE(svc->ports.size() == 1);
  CHECK(svc->ports[0].name == "https");
  CHECK(svc->ports[0].protocol == Protocol::kTCP);
  CHECK(svc->ports[0].port == 443);
  CHECK(svc->ports[0].target_port == 6443);
  const Namespace* ns = world->cluster().FindNamespace("default");
  REQUIRE(ns != nullptr);
  CHECK(IsImplied(ns->origin));
  // No node and no pod: the address is one of its own, outside the nodes (node-1 is 172.18.0.2).
  CHECK(ApiEndpoints(world->cluster()) == V{"172.18.0.1"});
  CHECK(world->cluster().nodes.size() == world->input().nodes.size());
  CHECK(world->cluster().FindNodeByIp(*ParseIpv4("172.18.0.1")) == nullptr);
  CHECK(world->api_server_note() ==
        "the input has no Service default/kubernetes: kreach implies it (ClusterIP 10.96.0.1, TCP 443 → 6443) with the "
        "API server at 172.18.0.1, an address of its own that no node has (cluster.apiServer)");
  CHECK(world->notes() == V{world->dns_note(), world->api_server_note()});
}

TEST_CASE("api server: its addresses come from the config, the kube-apiserver pods or the control-plane nodes",
          "[implied][api_server]") {
  ClusterConfig config;
  config.api_server_addresses = {*ParseIpv4("192.0.2.10"), *ParseIpv4("192.0.2.11")};
  config.api_server_port = 8443;
  std::shared_ptr<const ImpliedCluster> configured = World("", config);
  CHECK(ApiEndpoints(configured->cluster()) == V{"192.0.2.10", "192.0.2.11"});
  CHECK(configured->cluster().FindService("default", "kubernetes")->ports[0].target_port == 8443);
  CHECK(configured->api_server_note().find("with the API server at 192.0.2.10, 192.0.2.11, as "
                                           "cluster.apiServer.addresses says") != std::string::npos);

  const std::string control_plane = R"(
apiVersion: v1
kind: Node
metadata: {name: cp-1, labels: {node-role.kubernetes.io/control-plane: ""}}
status: {addresses: [{type: InternalIP, address: 10.0.0.5}]}
---
apiVersion: v1
kind: Node
metadata: {name: worker-1}
status: {addresses: [{type: InternalIP, address: 10.0.0.6}]}
)";
  std::shared_ptr<const ImpliedCluster> nodes = World(control_plane);
  CHECK(ApiEndpoints(nodes->cluster()) == V{"10.0.0.5"});
  CHECK(nodes->api_server_note().find("at 10.0.0.5, on the control-plane node cp-1 (") != std::string::npos);

  const std::string static_pod = control_plane + R"(---
apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver-cp-1, namespace: kube-system, labels: {component: kube-apiserver, tier: control-plane}}
spec: {nodeName: cp-1, hostNetwork: true, containers: [{name: kube-apiserver, image: x}]}
)";
  std::shared_ptr<const ImpliedCluster> pods = World(static_pod);
  CHECK(ApiEndpoints(pods->cluster()) == V{"10.0.0.5"});
  CHECK(pods->api_server_note().find("the address of its pod kube-system/kube-apiserver-cp-1") != std::string::npos);
}

TEST_CASE("api server: an address of its own avoids every address in use; a Service at 10.96.0.1 moves the VIP",
          "[implied][api_server]") {
  ClusterConfig config;
  config.external_hosts["gw.example"] = *ParseIpv4("172.18.0.3");
  std::shared_ptr<const ImpliedCluster> world = World(R"(
apiVersion: v1
kind: Node
metadata: {name: n1}
status: {addresses: [{type: InternalIP, address: 172.18.0.1}]}
---
apiVersion: v1
kind: Service
metadata: {name: first, namespace: ops}
spec: {clusterIP: 10.96.0.1, externalIPs: [172.18.0.2], ports: [{port: 80}]}
)",
                                                      config);
  CHECK(ApiEndpoints(world->cluster()) == V{"172.18.0.4"});
  CHECK(world->cluster().FindService("default", "kubernetes")->cluster_ip == "10.96.0.2");
}

TEST_CASE("api server: an input Service default/kubernetes or its EndpointSlice wins; the switch turns it off",
          "[implied][api_server]") {
  std::shared_ptr<const ImpliedCluster> service = World(R"(
apiVersion: v1
kind: Service
metadata: {name: kubernetes, namespace: default}
spec: {clusterIP: 10.96.0.1, ports: [{name: https, port: 443, targetPort: 6443}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: kubernetes, namespace: default, labels: {kubernetes.io/service-name: kubernetes}}
addressType: IPv4
endpoints: [{addresses: [192.0.2.50]}]
ports: [{name: https, port: 6443, protocol: TCP}]
)");
  CHECK_FALSE(IsImplied(service->cluster().FindService("default", "kubernetes")->origin));
  CHECK(ApiEndpoints(service->cluster()) == V{"192.0.2.50"});
  CHECK(service->api_server_note().empty());

  std::shared_ptr<const ImpliedCluster> slice_only = World(R"(
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: kubernetes, namespace: default, labels: {kubernetes.io/service-name: kubernetes}}
addressType: IPv4
endpoints: [{addresses: [192.0.2.50]}]
ports: [{name: https, port: 6443, protocol: TCP}]
)");
  CHECK(slice_only->cluster().FindService("default", "kubernetes") == nullptr);
  CHECK(ApiEndpoints(slice_only->cluster()) == V{"192.0.2.50"});

  ClusterConfig off;
  off.implied_api_server = false;
  std::shared_ptr<const ImpliedCluster> none = World("", off);
  CHECK(none->cluster().FindService("default", "kubernetes") == nullptr);
  CHECK(none->api_server_note().empty());
  Network net(none, PolicyOptions{});
  CHECK(net.api_server() == nullptr);
  Trace lookup = Run(net, "ops/operator", "kubernetes.default.svc", "443");
  INFO(Text(lookup));
  CHECK(Branches(lookup) == V{"- nxdomain"});
}

TEST_CASE("api server: kubernetes.default.svc resolves and the query shows the DNAT to 6443", "[path][api_server]") {
  Network net(World(), PolicyOptions{});
  REQUIRE(net.api_server() != nullptr);
  for (const char* name : {"kubernetes.default.svc", "kubernetes.default", "kubernetes.default.svc.cluster.local"}) {
    Trace t = Run(net, "ops/operator", name, "443");
    INFO(Text(t));
    CHECK(Branches(t) == V{"172.18.0.1:6443 delivered seen as 10.244.0.2"});
    CHECK(t.notes == V{net.dns_note(), net.api_server_note()});
  }
  Trace by_url = Run(net, "ops/operator", "https://kubernetes.default.svc/api", "");
  CHECK(Branches(by_url) == V{"172.18.0.1:6443 delivered seen as 10.244.0.2"});
  Trace by_service = Run(net, "ops/operator", "service/default/kubernetes", "https");
  INFO(Text(by_service));
  CHECK(Branches(by_service) == V{"172.18.0.1:6443 delivered seen as 10.244.0.2"});
  CHECK(Text(by_service).find("DNAT 10.96.0.1:443 → 172.18.0.1:6443") != std::string::npos);
  CHECK(by_service.notes == V{net.api_server_note()});
}

TEST_CASE("api server: egress to the ClusterIP on 443 is denied, to the endpoint on 6443 allowed (NP-22)",
          "[path][api_server]") {
  auto world_with = [](const std::string& policy) { return World(policy); };
  Network to_vip(world_with(EgressTo("10.96.0.1/32", 443)), PolicyOptions{});
  Trace trap = Run(to_vip, "ops/operator", "kubernetes.default.svc", "443");
  INFO(Text(trap));
  CHECK(Branches(trap) == V{"172.18.0.1:6443 dropped"});
  CHECK(Text(trap).find("egress at ops/operator: denied: ops/operator is isolated for egress by ops/operator-egress; "
                        "no egress rule allows TCP/6443 to 172.18.0.1") != std::string::npos);
  // The endpoint's address on 443 does not help either: the packet leaves for port 6443.
  Network wrong_port(world_with(EgressTo("172.18.0.1/32", 443)), PolicyOptions{});
  CHECK(Branches(Run(wrong_port, "ops/operator", "kubernetes.default.svc", "443")) == V{"172.18.0.1:6443 dropped"});
  Network fixed(world_with(EgressTo("172.18.0.1/32", 6443)), PolicyOptions{});
  Trace allowed = Run(fixed, "ops/operator", "kubernetes.default.svc", "443");
  INFO(Text(allowed));
  CHECK(Branches(allowed) == V{"172.18.0.1:6443 delivered seen as 10.244.0.2"});
  CHECK(Text(allowed).find("egress at ops/operator: allowed by ops/operator-egress (egress rule 1)") !=
        std::string::npos);
}

}  // namespace
}  // namespace kreach
