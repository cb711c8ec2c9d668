// The generator itself: deterministic per seed, valid models, and every feature the property tests rely on
// actually occurs across the seeds they use.
#include "tests/support/random_cluster.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <string>

#include "tests/support/builders.h"

namespace kreach {
namespace testing {
namespace {

/// A canonical text of everything the generator decides, to compare two generations.
std::string Fingerprint(const RandomClusterCase& rc) {
  std::string out;
  for (const Namespace& ns : rc.cluster.namespaces)
    out += "ns " + ns.name + " " + Selector(ns.labels).ToString() + "\n";
  for (const Node& n : rc.cluster.nodes) {
    out += "node " + n.name;
    for (Ipv4 a : n.addresses) out += " " + FormatIpv4(a);
    out += "\n";
  }
  for (const Pod& p : rc.cluster.pods) {
    out += "pod " + p.Key() + " " + FormatIpv4(p.ip) + (p.host_network ? " host " : " ") + p.node + " " +
           Selector(p.labels).ToString();
    for (const ContainerPort& cp : p.ports)
      out += " " + cp.name + ":" + ProtocolName(cp.protocol) + "/" + std::to_string(cp.port);
    out += "\n";
  }
  for (const NetworkPolicy& np : rc.cluster.network_policies) {
    out += "np " + np.Key() + " " + np.pod_selector.ToString() + (np.ingress_type ? " I" : "") +
           (np.egress_type ? " E" : "") + "\n";
    for (const auto* rules : {&np.ingress, &np.egress}) {
      out += rules == &np.ingress ? " ingress\n" : " egress\n";
      for (const PolicyRule& r : *rules) {
        out += "  rule";
        for (const PolicyPeer& peer : r.peers) out += " [" + peer.ToString() + "]";
        for (const PolicyPort& port : r.ports) out += " " + port.ToString();
        out += "\n";
      }
    }
  }
  for (int p : rc.probe_ports) out += std::to_string(p) + ",";
  for (Ipv4 ip : rc.external_ips) out += " " + FormatIpv4(ip);
  return out;
}

TEST_CASE("Rng draws are bounded and reproducible", "[property][generator]") {
  Rng a(7), b(7);
  std::map<std::uint32_t, int> counts;
  for (int i = 0; i < 3000; ++i) {
    std::uint32_t x = a.Below(3);
    REQUIRE(x == b.Below(3));
    REQUIRE(x < 3);
    ++counts[x];
    int y = a.Between(-2, 2);
    REQUIRE(y == b.Between(-2, 2));
    REQUIRE((y >= -2 && y <= 2));
  }
  for (const auto& [value, count] : counts) CHECK(count > 800);  // ~1000 each
  // The first draws of std::mt19937(7) are fixed by the standard, so this sequence is the same everywhere.
  Rng c(7);
  std::string seq;
  for (int i = 0; i < 8; ++i) seq += std::to_string(c.Below(10));
  Rng d(7);
  std::string again;
  for (int i = 0; i < 8; ++i) again += std::to_string(d.Below(10));
  CHECK(seq == again);
}

TEST_CASE("random clusters are deterministic per seed and valid", "[property][generator]") {
  for (std::uint32_t seed = 1; seed <= 400; ++seed) {
    RandomClusterCase first = GenerateRandomCluster(seed);
    RandomClusterCase second = GenerateRandomCluster(seed);
    INFO("seed " << seed);
    REQUIRE(Fingerprint(first) == Fingerprint(second));
    std::vector<std::string> problems = ModelInvariantViolations(first.cluster);
    for (const std::string& p : problems) INFO(p);
    REQUIRE(problems.empty());
    REQUIRE_FALSE(first.probe_ports.empty());
    for (int p : first.probe_ports) REQUIRE((p >= 1 && p <= 65535));
    for (Ipv4 ip : first.external_ips) {
      REQUIRE(first.cluster.FindNodeByIp(ip) == nullptr);
      for (const Pod& pod : first.cluster.pods) REQUIRE(pod.ip != ip);
    }
  }
  CHECK(Fingerprint(GenerateRandomCluster(1)) != Fingerprint(GenerateRandomCluster(2)));
}

TEST_CASE("random clusters cover every feature the property tests need", "[property][generator]") {
  std::map<std::string, int> seen;
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    RandomClusterCase rc = GenerateRandomCluster(seed);
    for (const Node& n : rc.cluster.nodes) seen["node with two addresses"] += n.addresses.size() > 1;
    for (const Pod& p : rc.cluster.pods) {
      seen["hostNetwork pod"] += p.host_network;
      for (const ContainerPort& cp : p.ports) seen["container port " + std::string(ProtocolName(cp.protocol))]++;
    }
    seen["external address"] += !rc.external_ips.empty();
    for (const NetworkPolicy& np : rc.cluster.network_policies) {
      seen["empty podSelector"] += np.pod_selector.Empty();
      seen["ingress only"] += np.ingress_type && !np.egress_type;
      seen["egress only"] += !np.ingress_type && np.egress_type;
      seen["both types"] += np.ingress_type && np.egress_type;
      seen["deny-all ingress"] += np.ingress_type && np.ingress.empty();
      seen["deny-all egress"] += np.egress_type && np.egress.empty();
      for (const LabelRequirement& r : np.pod_selector.match_expressions)
        seen["op " + std::to_string(static_cast<int>(r.op))]++;
      for (const auto* rules : {&np.ingress, &np.egress}) {
        for (const PolicyRule& r : *rules) {
          seen["rule without peers"] += r.peers.empty();
          seen["rule without ports"] += r.ports.empty();
          for (const PolicyPeer& peer : r.peers) {
            seen["pod peer"] += peer.pod_selector && !peer.namespace_selector;
            seen["namespace peer"] += !peer.pod_selector && peer.namespace_selector;
            seen["namespace+pod peer"] += peer.pod_selector && peer.namespace_selector;
            seen["ipBlock"] += peer.ip_block.has_value();
            seen["ipBlock except"] += peer.ip_block && !peer.ip_block->except.empty();
          }
          for (const PolicyPort& port : r.ports) {
            seen["port " + std::string(ProtocolName(port.protocol))]++;
            seen["protocol only"] += !port.has_port;
            seen["numeric port"] += port.has_port && port.port_name.empty() && port.end_port == 0;
            seen["endPort"] += port.end_port != 0;
            seen["named port"] += !port.port_name.empty();
          }
        }
      }
    }
  }
  for (const char* feature : {"node with two addresses",
                              "hostNetwork pod",
                              "container port TCP",
                              "container port UDP",
                              "container port SCTP",
                              "external address",
                              "empty podSelector",
                              "ingress only",
                              "egress only",
                              "both types",
                              "deny-all ingress",
                              "deny-all egress",
                              "op 0",
                              "op 1",
                              "op 2",
                              "op 3",
                              "rule without peers",
                              "rule without ports",
                              "pod peer",
                              "namespace peer",
                              "namespace+pod peer",
                              "ipBlock",
                              "ipBlock except",
                              "port TCP",
                              "port UDP",
                              "port SCTP",
                              "protocol only",
                              "numeric port",
                              "endPort",
                              "named port"}) {
    INFO(feature);
    CHECK(seen[feature] >= 10);
  }
}

}  // namespace
}  // namespace testing
}  // namespace kreach
