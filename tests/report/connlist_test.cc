// `kreach list`: the netpol-analyzer connlist computed on hand-built clusters, and its output formats.

#include "sim/report/connlist.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "sim/model/options.h"
#include "sim/report/connlist_format.h"
#include "tests/support/builders.h"
#include "tests/support/random_cluster.h"

namespace kreach {
namespace {

using testing::FinalizeCluster;
using testing::IpBlockPeer;
using testing::MakeContainerPort;
using testing::MakeHostNetworkPod;
using testing::MakeNamespace;
using testing::MakeNode;
using testing::MakePod;
using testing::MakePolicy;
using testing::NamespacePeer;
using testing::NumericPort;
using testing::PodPeer;
using testing::Rule;
using testing::Selector;

Pod OwnedPod(const std::string& ns, const std::string& name, Labels labels, const std::string& ip,
             const std::string& kind, const std::string& owner, std::vector<ContainerPort> ports = {}) {
  Pod p = MakePod(ns, name, std::move(labels), ip, "node-1", std::move(ports));
  p.owner = OwnerRef{kind, owner};
  return p;
}

std::string Render(const ConnList& list, ConnListFormat format) {
  std::ostringstream out;
  WriteConnList(list, format, out);
  return out.str();
}

std::string Txt(const Cluster& cluster) {
  return Render(ComputeConnList(cluster, NetpolAnalyzerCompat()), ConnListFormat::kTxt);
}

Cluster ShopCluster() {
  Cluster c;
  c.nodes.push_back(MakeNode("node-1", {"192.168.0.1"}));
  c.namespaces.push_back(MakeNamespace("shop"));
  c.pods.push_back(OwnedPod("shop", "web-1", {{"app", "web"}}, "10.1.0.5", "Deployment", "web"));
  c.pods.push_back(OwnedPod("shop", "web-2", {{"app", "web"}}, "10.1.0.6", "Deployment", "web"));
  c.pods.push_back(MakePod("shop", "db", {{"app", "db"}}, "10.2.0.9"));
  FinalizeCluster(&c);
  return c;
}

TEST_CASE("connlist: unprotected workloads reach each other and every address", "[connlist]") {
  // Replicas of one Deployment collapse into one peer and are never paired with themselves.
  CHECK(Txt(ShopCluster()) ==
        "0.0.0.0-255.255.255.255[External] => shop/db[Pod] : All Connections\n"
        "0.0.0.0-255.255.255.255[External] => shop/web[Deployment] : All Connections\n"
        "shop/db[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections\n"
        "shop/db[Pod] => shop/web[Deployment] : All Connections\n"
        "shop/web[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections\n"
        "shop/web[Deployment] => shop/db[Pod] : All Connections\n");
}

TEST_CASE("connlist: no pods gives an empty list in every format", "[connlist]") {
  Cluster c;
  c.namespaces.push_back(MakeNamespace("empty"));
  ConnList list = ComputeConnList(c, NetpolAnalyzerCompat());
  CHECK(list.entries.empty());
  CHECK(list.workloads.empty());
  CHECK(Render(list, ConnListFormat::kTxt).empty());
  CHECK(Render(list, ConnListFormat::kJson) == "[]\n");
  CHECK(Render(list, ConnListFormat::kCsv) == "src,dst,conn\n");
  CHECK(Render(list, ConnListFormat::kDot) == "digraph {\n}\n");
}

TEST_CASE("connlist: ingress ipBlocks cut the source ranges, never match pods", "[connlist]") {
  Cluster c = ShopCluster();
  // "other" sits inside the ipBlock: in the analyzer's model ipBlock matches external addresses only.
  c.pods.push_back(MakePod("shop", "other", {{"app", "other"}}, "10.0.0.7"));
  c.network_policies.push_back(MakePolicy("shop", "db-in", Selector({{"app", "db"}}),
                                          {Rule({IpBlockPeer("10.0.0.0/8", {"10.1.0.0/16"})}, {NumericPort(5432)}),
                                           Rule({PodPeer(Selector({{"app", "web"}}))}, {NumericPort(5432)})}));
  FinalizeCluster(&c);
  std::string txt = Txt(c);
  CHECK(txt ==
        "0.0.0.0-9.255.255.255[External] => shop/other[Pod] : All Connections\n"
        "0.0.0.0-9.255.255.255[External] => shop/web[Deployment] : All Connections\n"
        "10.0.0.0-10.0.255.255[External] => shop/db[Pod] : TCP 5432\n"
        "10.0.0.0-10.0.255.255[External] => shop/other[Pod] : All Connections\n"
        "10.0.0.0-10.0.255.255[External] => shop/web[Deployment] : All Connections\n"
        "10.1.0.0-10.1.255.255[External] => shop/other[Pod] : All Connections\n"
        "10.1.0.0-10.1.255.255[External] => shop/web[Deployment] : All Connections\n"
        "10.2.0.0-10.255.255.255[External] => shop/db[Pod] : TCP 5432\n"
        "10.2.0.0-10.255.255.255[External] => shop/other[Pod] : All Connections\n"
        "10.2.0.0-10.255.255.255[External] => shop/web[Deployment] : All Connections\n"
        "11.0.0.0-255.255.255.255[External] => shop/other[Pod] : All Connections\n"
        "11.0.0.0-255.255.255.255[External] => shop/web[Deployment] : All Connections\n"
        "shop/db[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections\n"
        "shop/db[Pod] => shop/other[Pod] : All Connections\n"
        "shop/db[Pod] => shop/web[Deployment] : All Connections\n"
        "shop/other[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections\n"
        "shop/other[Pod] => shop/web[Deployment] : All Connections\n"
        "shop/web[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections\n"
        "shop/web[Deployment] => shop/db[Pod] : TCP 5432\n"
        "shop/web[Deployment] => shop/other[Pod] : All Connections\n");
}

TEST_CASE("connlist: adjacent excepts leave one range, separate ipBlocks keep their own bounds", "[connlist]") {
  Cluster c;
  c.nodes.push_back(MakeNode("node-1", {"192.168.0.1"}));
  c.pods.push_back(MakePod("ns", "a", {{"app", "a"}}, "10.244.0.2"));
  c.network_policies.push_back(
      MakePolicy("ns", "a-in", Selector({{"app", "a"}}),
                 {Rule({IpBlockPeer("0.0.0.0/0", {"10.0.0.0/9", "10.128.0.0/9"})}, {NumericPort(53)}),
                  Rule({IpBlockPeer("20.0.0.0/9"), IpBlockPeer("20.128.0.0/9")}, {NumericPort(80)})}));
  FinalizeCluster(&c);
  CHECK(Txt(c) ==
        "0.0.0.0-9.255.255.255[External] => ns/a[Pod] : TCP 53\n"
        "11.0.0.0-19.255.255.255[External] => ns/a[Pod] : TCP 53\n"
        "20.0.0.0-20.127.255.255[External] => ns/a[Pod] : TCP 53,80\n"
        "20.128.0.0-20.255.255.255[External] => ns/a[Pod] : TCP 53,80\n"
        "21.0.0.0-255.255.255.255[External] => ns/a[Pod] : TCP 53\n"
        "ns/a[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections\n");
}

TEST_CASE("connlist: egress ipBlocks cut the destination ranges", "[connlist]") {
  Cluster c = ShopCluster();
  c.network_policies.push_back(MakePolicy("shop", "web-out", Selector({{"app", "web"}}), {Rule()},
                                          {Rule({IpBlockPeer("8.8.8.8/32")}, {NumericPort(53, Protocol::kUDP)}),
                                           Rule({PodPeer(Selector({{"app", "db"}}))})}));
  FinalizeCluster(&c);
  CHECK(Txt(c) ==
        "0.0.0.0-255.255.255.255[External] => shop/db[Pod] : All Connections\n"
        "0.0.0.0-255.255.255.255[External] => shop/web[Deployment] : All Connections\n"
        "shop/db[Pod] => 0.0.0.0-8.8.8.7[External] : All Connections\n"
        "shop/db[Pod] => 8.8.8.8-8.8.8.8[External] : All Connections\n"
        "shop/db[Pod] => 8.8.8.9-255.255.255.255[External] : All Connections\n"
        "shop/db[Pod] => shop/web[Deployment] : All Connections\n"
        "shop/web[Deployment] => 8.8.8.8-8.8.8.8[External] : UDP 53\n"
        "shop/web[Deployment] => shop/db[Pod] : All Connections\n");
}

TEST_CASE("connlist: hostNetwork pods are ordinary selectable pods without node exemptions", "[connlist]") {
  Cluster c;
  c.nodes.push_back(MakeNode("node-1", {"10.0.0.1"}));
  Pod agent = MakeHostNetworkPod("kube-system", "agent-x1", {{"tier", "frontend"}}, "node-1");
  agent.owner = OwnerRef{"DaemonSet", "agent"};
  Pod logger = MakeHostNetworkPod("kube-system", "logger-x2", {{"tier", "frontend"}}, "node-1");
  logger.owner = OwnerRef{"DaemonSet", "logger"};
  c.pods = {agent, logger, MakePod("kube-system", "web", {{"app", "web"}}, "10.244.0.5")};
  c.network_policies.push_back(MakePolicy("kube-system", "frontend", Selector({{"tier", "frontend"}}),
                                          {Rule({IpBlockPeer("0.0.0.0/0", {"10.0.0.0/8"})}, {NumericPort(53)})}));
  FinalizeCluster(&c);
  // agent and logger share the node's address: neither loopback nor own-node traffic is exempt, and the web pod on
  // the same node gets nothing either.
  CHECK(Txt(c) ==
        "0.0.0.0-9.255.255.255[External] => kube-system/agent[DaemonSet] : TCP 53\n"
        "0.0.0.0-9.255.255.255[External] => kube-system/logger[DaemonSet] : TCP 53\n"
        "0.0.0.0-9.255.255.255[External] => kube-system/web[Pod] : All Connections\n"
        "10.0.0.0-10.255.255.255[External] => kube-system/web[Pod] : All Connections\n"
        "11.0.0.0-255.255.255.255[External] => kube-system/agent[DaemonSet] : TCP 53\n"
        "11.0.0.0-255.255.255.255[External] => kube-system/logger[DaemonSet] : TCP 53\n"
        "11.0.0.0-255.255.255.255[External] => kube-system/web[Pod] : All Connections\n"
        "kube-system/agent[DaemonSet] => 0.0.0.0-255.255.255.255[External] : All Connections\n"
        "kube-system/agent[DaemonSet] => kube-system/web[Pod] : All Connections\n"
        "kube-system/logger[DaemonSet] => 0.0.0.0-255.255.255.255[External] : All Connections\n"
        "kube-system/logger[DaemonSet] => kube-system/web[Pod] : All Connections\n"
        "kube-system/web[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections\n");
}

TEST_CASE("connlist: peer names", "[connlist]") {
  CHECK(ConnListPeer::OfWorkload("ns", OwnerRef{"ReplicaSet", "web-5c9dd7c9c"}).ToString() ==
        "ns/web-5c9dd7c9c[ReplicaSet]");
  CHECK(ConnListPeer::OfWorkload("ns", OwnerRef{"Pod", "db"}).ToString() == "ns/db[Pod]");
  // An ownerReference written without a kind prints as a Pod, as the analyzer does.
  CHECK(ConnListPeer::OfWorkload("default", OwnerRef{"", "internal-security"}).ToString() ==
        "default/internal-security[Pod]");
  CHECK(ConnListPeer::OfWorkload("ns", OwnerRef{"StatefulSet", "pg"}).Label() == "pg[StatefulSet]");
  CHECK(ConnListPeer::OfRange(0x0A000000u, 0x0AFFFFFFu).ToString() == "10.0.0.0-10.255.255.255[External]");
  CHECK(ConnListPeer::IngressController().ToString() == "{ingress-controller}");
}

// ---- the ingress controller ----

Cluster IngressCluster() {
  Cluster c;
  c.nodes.push_back(MakeNode("node-1", {"192.168.0.1"}));
  std::vector<ContainerPort> ports = {MakeContainerPort("http", 8080), MakeContainerPort("metrics", 9090),
                                      MakeContainerPort("dns", 53, Protocol::kUDP)};
  c.pods.push_back(OwnedPod("web", "front-1", {{"app", "front"}}, "10.244.0.2", "Deployment", "front", ports));
  c.pods.push_back(OwnedPod("web", "front-2", {{"app", "front"}}, "10.244.0.3", "Deployment", "front", ports));
  c.pods.push_back(MakePod("web", "client", {{"app", "client"}}, "10.244.0.4"));

  Service svc;
  svc.ns = "web";
  svc.name = "front";
  svc.selector = Labels{{"app", "front"}};
  ServicePort http;
  http.name = "http";
  http.port = 80;
  http.target_port_name = "http";
  ServicePort metrics;
  metrics.name = "m";
  metrics.port = 9000;
  metrics.target_port = 9090;
  ServicePort admin;  // targets a port that no pod declares
  admin.name = "admin";
  admin.port = 7000;
  admin.target_port = 7000;
  svc.ports = {http, metrics, admin};
  c.services.push_back(svc);

  Ingress by_number;
  by_number.ns = "web";
  by_number.name = "by-number";
  IngressPath path;
  path.path = "/";
  path.backend.service_name = "front";
  path.backend.port_number = 80;
  by_number.rules.push_back(IngressRule{"shop.example.com", {path}});
  Ingress by_name;
  by_name.ns = "web";
  by_name.name = "by-name";
  by_name.default_backend = IngressBackend{"front", 0, "m"};
  c.ingresses = {by_name, by_number};
  FinalizeCluster(&c);
  return c;
}

std::vector<std::string> ControllerLines(const Cluster& c) {
  std::vector<std::string> out;
  std::istringstream in(Txt(c));
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("{ingress-controller}", 0) == 0) out.push_back(line);
  }
  return out;
}

TEST_CASE("connlist: the ingress controller reaches Ingress backends on declared TCP target ports", "[connlist]") {
  // Port 80 → targetPort "http" → 8080 on the pods; service port name "m" → 9090. Both Ingresses add up.
  CHECK(ControllerLines(IngressCluster()) ==
        std::vector<std::string>{"{ingress-controller} => web/front[Deployment] : TCP 8080,9090"});
}

TEST_CASE("connlist: a backend port that the pods do not declare gives no line", "[connlist]") {
  Cluster c = IngressCluster();
  c.ingresses = {c.ingresses[1]};
  c.ingresses[0].rules[0].paths[0].backend.port_number = 7000;
  CHECK(ControllerLines(c).empty());
}

TEST_CASE("connlist: no Ingress, or an Ingress to a missing Service, means no ingress controller", "[connlist]") {
  Cluster c = IngressCluster();
  c.ingresses.clear();
  CHECK(ControllerLines(c).empty());
  c = IngressCluster();
  for (Ingress& ing : c.ingresses) {
    if (ing.default_backend) ing.default_backend->service_name = "nope";
    for (IngressRule& r : ing.rules) r.paths[0].backend.service_name = "nope";
  }
  CHECK(ControllerLines(c).empty());
  ConnList list = ComputeConnList(c, NetpolAnalyzerCompat());
  for (const ConnListPeer& w : list.workloads) CHECK(w.ToString() != "{ingress-controller}");
}

TEST_CASE("connlist: NetworkPolicy limits the ingress controller like a label-less pod of its own namespace",
          "[connlist]") {
  Cluster c = IngressCluster();
  c.network_policies.push_back(MakePolicy("web", "from-any-ns", Selector({{"app", "front"}}),
                                          {Rule({NamespacePeer(Selector())}, {NumericPort(8080)})}));
  FinalizeCluster(&c);
  CHECK(ControllerLines(c) == std::vector<std::string>{"{ingress-controller} => web/front[Deployment] : TCP 8080"});

  c = IngressCluster();
  c.network_policies.push_back(
      MakePolicy("web", "same-ns-only", Selector({{"app", "front"}}), {Rule({PodPeer(Selector())})}));
  FinalizeCluster(&c);
  CHECK(ControllerLines(c).empty());
}

// ---- output formats ----

ConnList SampleList() {
  ConnList list;
  ConnListPeer ext = ConnListPeer::OfRange(0, 0xFFFFFFFFu);
  ConnListPeer back = ConnListPeer::OfWorkload("default", OwnerRef{"Deployment", "backend"});
  ConnListPeer front = ConnListPeer::OfWorkload("default", OwnerRef{"Deployment", "frontend"});
  ConnListPeer idle = ConnListPeer::OfWorkload("other-ns", OwnerRef{"Pod", "idle"});
  ConnListPeer ic = ConnListPeer::IngressController();
  ConnSet tcp8080;
  tcp8080.Add(Protocol::kTCP, 8080, 8080);
  ConnSet udp53;
  udp53.Add(Protocol::kUDP, 53, 53);
  ConnSet two_ports;
  two_ports.Add(Protocol::kTCP, 8050, 8050);
  two_ports.Add(Protocol::kTCP, 8090, 8090);
  auto add = [&list](const ConnListPeer& s, const ConnListPeer& d, const ConnSet& conns) {
    list.entries.push_back(ConnListEntry{s, d, conns, s.ToString(), d.ToString()});
  };
  add(ext, front, tcp8080);
  add(front, ext, udp53);
  add(front, back, ConnSet::All());
  add(ic, front, two_ports);
  list.workloads = {back, front, idle};
  return list;
}

TEST_CASE("connlist format: txt", "[connlist]") {
  CHECK(Render(SampleList(), ConnListFormat::kTxt) ==
        "0.0.0.0-255.255.255.255[External] => default/frontend[Deployment] : TCP 8080\n"
        "default/frontend[Deployment] => 0.0.0.0-255.255.255.255[External] : UDP 53\n"
        "default/frontend[Deployment] => default/backend[Deployment] : All Connections\n"
        "{ingress-controller} => default/frontend[Deployment] : TCP 8050,8090\n");
}

TEST_CASE("connlist format: json", "[connlist]") {
  ConnList list = SampleList();
  list.entries.resize(2);
  CHECK(Render(list, ConnListFormat::kJson) ==
        "[\n"
        "  {\n"
        "    \"src\": \"0.0.0.0-255.255.255.255[External]\",\n"
        "    \"dst\": \"default/frontend[Deployment]\",\n"
        "    \"conn\": \"TCP 8080\"\n"
        "  },\n"
        "  {\n"
        "    \"src\": \"default/frontend[Deployment]\",\n"
        "    \"dst\": \"0.0.0.0-255.255.255.255[External]\",\n"
        "    \"conn\": \"UDP 53\"\n"
        "  }\n"
        "]\n");
}

TEST_CASE("connlist format: csv quotes connection lists with commas", "[connlist]") {
  CHECK(Render(SampleList(), ConnListFormat::kCsv) ==
        "src,dst,conn\n"
        "0.0.0.0-255.255.255.255[External],default/frontend[Deployment],TCP 8080\n"
        "default/frontend[Deployment],0.0.0.0-255.255.255.255[External],UDP 53\n"
        "default/frontend[Deployment],default/backend[Deployment],All Connections\n"
        "{ingress-controller},default/frontend[Deployment],\"TCP 8050,8090\"\n");
}

TEST_CASE("connlist format: md", "[connlist]") {
  ConnList list = SampleList();
  list.entries.resize(1);
  CHECK(Render(list, ConnListFormat::kMd) ==
        "| src | dst | conn |\n"
        "|-----|-----|------|\n"
        "| 0.0.0.0-255.255.255.255[External] | default/frontend[Deployment] | TCP 8080 |\n");
}

TEST_CASE("connlist format: dot groups workloads by namespace, unconnected ones included", "[connlist]") {
  CHECK(Render(SampleList(), ConnListFormat::kDot) ==
        "digraph {\n"
        "\tsubgraph \"cluster_default[namespace]\" {\n"
        "\t\tcolor=\"black\"\n"
        "\t\tfontcolor=\"black\"\n"
        "\t\t\"default/backend[Deployment]\" [label=\"backend[Deployment]\" color=\"blue\" fontcolor=\"blue\"]\n"
        "\t\t\"default/frontend[Deployment]\" [label=\"frontend[Deployment]\" color=\"blue\" fontcolor=\"blue\"]\n"
        "\t\tlabel=\"default[namespace]\"\n"
        "\t}\n"
        "\tsubgraph \"cluster_other-ns[namespace]\" {\n"
        "\t\tcolor=\"black\"\n"
        "\t\tfontcolor=\"black\"\n"
        "\t\t\"other-ns/idle[Pod]\" [label=\"idle[Pod]\" color=\"blue\" fontcolor=\"blue\"]\n"
        "\t\tlabel=\"other-ns[namespace]\"\n"
        "\t}\n"
        "\t\"0.0.0.0-255.255.255.255[External]\" [label=\"0.0.0.0-255.255.255.255[External]\" color=\"red2\" "
        "fontcolor=\"red2\"]\n"
        "\t\"{ingress-controller}\" [label=\"{ingress-controller}\" color=\"blue\" fontcolor=\"blue\"]\n"
        "\t\"0.0.0.0-255.255.255.255[External]\" -> \"default/frontend[Deployment]\" [label=\"TCP 8080\" "
        "color=\"gold2\" fontcolor=\"darkgreen\" weight=0.5]\n"
        "\t\"default/frontend[Deployment]\" -> \"0.0.0.0-255.255.255.255[External]\" [label=\"UDP 53\" "
        "color=\"gold2\" fontcolor=\"darkgreen\" weight=1]\n"
        "\t\"default/frontend[Deployment]\" -> \"default/backend[Deployment]\" [label=\"All Connections\" "
        "color=\"gold2\" fontcolor=\"darkgreen\" weight=1]\n"
        "\t\"{ingress-controller}\" -> \"default/frontend[Deployment]\" [label=\"TCP 8050,8090\" color=\"gold2\" "
        "fontcolor=\"darkgreen\" weight=1]\n"
        "}\n");
}

TEST_CASE("connlist format: names", "[connlist]") {
  CHECK(ParseConnListFormat("txt") == ConnListFormat::kTxt);
  CHECK(ParseConnListFormat("json") == ConnListFormat::kJson);
  CHECK(ParseConnListFormat("csv") == ConnListFormat::kCsv);
  CHECK(ParseConnListFormat("md") == ConnListFormat::kMd);
  CHECK(ParseConnListFormat("dot") == ConnListFormat::kDot);
  CHECK_FALSE(ParseConnListFormat("TXT").has_value());
  CHECK_FALSE(ParseConnListFormat("table").has_value());
  CHECK(std::string(ConnListFormatNames()) == "txt, json, csv, md, dot");
}

// `kreach list` streams (issue 24: a cluster of 6,000 workloads ran out of memory holding its list): the streamed
// writer must give the bytes of the list it no longer holds, in every format, ipBlocks and owners included.
TEST_CASE("connlist: the streamed writer gives the held list's bytes in every format", "[connlist]") {
  for (std::uint32_t seed = 1; seed <= 40; ++seed) {
    testing::RandomClusterCase rc = testing::GenerateRandomCluster(seed);
    Cluster c = testing::WithReplicas(rc);
    testing::AddOwners(seed, &c);
    const ConnList list = ComputeConnList(c, NetpolAnalyzerCompat());
    for (ConnListFormat format : {ConnListFormat::kTxt, ConnListFormat::kJson, ConnListFormat::kCsv,
                                  ConnListFormat::kMd, ConnListFormat::kDot}) {
      INFO("seed " << seed << ", format " << static_cast<int>(format));
      std::ostringstream streamed;
      WriteConnListStreamed(c, NetpolAnalyzerCompat(), format, streamed);
      CHECK(streamed.str() == Render(list, format));
    }
  }
}

}  // namespace
}  // namespace kreach
