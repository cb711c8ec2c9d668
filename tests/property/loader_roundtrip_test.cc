// Property test through the loader: a generated cluster written out as manifests (with the spellings that rely on
// API defaulting) and loaded back must give the same verdicts: the reference on the loaded model equals the
// reference on the generated model, and the engine on the loaded model agrees with both.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "policies/evaluator.h"
#include "sim/loader/loader.h"
#include "tests/support/builders.h"
#include "tests/support/cluster_json.h"
#include "tests/support/random_cluster.h"
#include "tests/support/reference_evaluator.h"

namespace kreach {
namespace testing {
namespace {

constexpr int kSeeds = 120;
constexpr int kReportedMismatches = 10;

/// The same endpoint in the loaded cluster: the pod with the same key, or the same address.
Peer Translate(const Peer& peer, const Cluster& loaded) {
  if (peer.pod == nullptr) return peer;
  const Pod* pod = loaded.FindPod(peer.pod->ns, peer.pod->name);
  return pod != nullptr ? Peer::OfPod(*pod) : Peer::OfIp(peer.ip);
}

std::string PodText(const Pod& p) {
  std::string out = p.Key() + " " + FormatIpv4(p.ip) + " host " + FormatIpv4(p.host_ip) + " " + p.node +
                    (p.host_network ? " hostNetwork" : "") + " " + Selector(p.labels).ToString();
  for (const ContainerPort& cp : p.ports) {
    out += " " + cp.name + ":" + ProtocolName(cp.protocol) + "/" + std::to_string(cp.port);
  }
  return out;
}

std::string PolicyText(const NetworkPolicy& np) {
  std::string out =
      np.Key() + " " + np.pod_selector.ToString() + (np.ingress_type ? " I" : "") + (np.egress_type ? " E" : "");
  for (const auto* rules : {&np.ingress, &np.egress}) {
    out += rules == &np.ingress ? " | ingress" : " | egress";
    for (const PolicyRule& r : *rules) {
      out += " {";
      for (const PolicyPeer& peer : r.peers) out += "[" + peer.ToString() + "]";
      for (const PolicyPort& port : r.ports) out += " " + port.ToString();
      out += "}";
    }
  }
  return out;
}

TEST_CASE("generated clusters survive manifests → loader with the same verdicts", "[property][loader]") {
  long probes = 0, mismatches = 0;
  for (std::uint32_t seed = 1; seed <= static_cast<std::uint32_t>(kSeeds); ++seed) {
    RandomClusterCase rc = GenerateRandomCluster(seed);
    std::string text = ClusterToManifestJson(rc.cluster, seed * 7919u);
    LoadResult loaded = LoadClusterFromTexts({{"random.json", text}});
    INFO("seed " << seed << "\n" << text);
    for (const Diagnostic& d : loaded.diagnostics.items()) {
      if (d.severity == Severity::kError) FAIL_CHECK(d.ToString());
    }
    REQUIRE_FALSE(loaded.diagnostics.HasErrors());
    const Cluster& out = loaded.cluster;

    // The model itself: same pods and policies, field by field as far as NetworkPolicy reads them.
    REQUIRE(out.pods.size() == rc.cluster.pods.size());
    for (std::size_t i = 0; i < out.pods.size(); ++i) CHECK(PodText(out.pods[i]) == PodText(rc.cluster.pods[i]));
    REQUIRE(out.network_policies.size() == rc.cluster.network_policies.size());
    for (std::size_t i = 0; i < out.network_policies.size(); ++i) {
      CHECK(PolicyText(out.network_policies[i]) == PolicyText(rc.cluster.network_policies[i]));
    }
    for (const Namespace& ns : rc.cluster.namespaces) {
      const Namespace* got = out.FindNamespace(ns.name);
      REQUIRE(got != nullptr);
      CHECK(got->labels == ns.labels);
    }

    // The verdicts, canonical options: every pair of endpoints and every probe.
    PolicyEngine engine(out, PolicyOptions());
    std::vector<Peer> ends;
    for (const Pod& p : rc.cluster.pods) ends.push_back(Peer::OfPod(p));
    for (const Node& n : rc.cluster.nodes) ends.push_back(Peer::OfIp(n.addresses.front()));
    for (Ipv4 ip : rc.external_ips) ends.push_back(Peer::OfIp(ip));
    for (const Peer& src : ends) {
      for (const Peer& dst : ends) {
        Peer lsrc = Translate(src, out), ldst = Translate(dst, out);
        for (Protocol protocol : {Protocol::kSCTP, Protocol::kTCP, Protocol::kUDP, Protocol::kIcmp}) {
          for (int port : protocol == Protocol::kIcmp ? std::vector<int>{0} : rc.probe_ports) {
            ++probes;
            bool generated = ReferenceAllows(rc.cluster, PolicyOptions(), src, dst, protocol, port);
            bool reloaded = ReferenceAllows(out, PolicyOptions(), lsrc, ldst, protocol, port);
            bool eng = engine.Evaluate(lsrc, ldst, protocol, port).allowed();
            if (generated == reloaded && reloaded == eng) continue;
            if (++mismatches > kReportedMismatches) continue;
            FAIL_CHECK(ReferencePeerText(src) << " -> " << ReferencePeerText(dst) << " " << ProtocolName(protocol)
                                              << "/" << port << ": reference on generated " << generated
                                              << ", reference on loaded " << reloaded << ", engine on loaded " << eng);
          }
        }
      }
    }
  }
  INFO(probes << " probes");
  CHECK(probes > 100000);
  CHECK(mismatches == 0);
}

}  // namespace
}  // namespace testing
}  // namespace kreach
