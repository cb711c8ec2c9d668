// Property test: tracing `service/NS/NAME` from every pod, hostNetwork pod and node reaches exactly the usable
// endpoints (SVC-7) that the slow reference evaluator allows, seen after DNAT (NP-22) with the source IP of §3.5
// (pods keep theirs, node-originated traffic has the node's, a hairpin is SNATed to the node, NP-24); no usable
// endpoint is a refusal (SVC-8). Random clusters, random ClusterIP Services.
//
// KREACH_SERVICE_SEEDS=N runs seeds 1..N (default 200).
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sim/endpoint.h"
#include "sim/network.h"
#include "sim/path.h"
#include "sim/service_backends.h"
#include "tests/support/random_cluster.h"
#include "tests/support/random_services.h"
#include "tests/support/reference_evaluator.h"

namespace kreach {
namespace testing {
namespace {

constexpr int kReportedMismatches = 10;

/// "alpha/p1:8080" or "172.18.0.10:53": a receiver as the comparison sees it (pods by key: Network copies).
std::string ReceiverText(const Peer& p, int port) {
  return (p.pod != nullptr ? p.pod->Key() : FormatIpv4(p.ip)) + ":" + std::to_string(port);
}

std::string Join(const std::set<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return "{" + out + "}";
}

std::string ServicesText(const Cluster& c) {
  std::ostringstream out;
  for (const Pod& p : c.pods) {
    out << "  pod " << p.Key() << " " << FormatIpv4(p.ip) << " on " << p.node << (p.host_network ? " hostNetwork" : "")
        << (p.ready ? "" : " not-ready") << (p.terminating ? " terminating" : "") << " labels";
    for (const auto& [k, v] : p.labels) out << " " << k << "=" << v;
    out << " ports";
    for (const ContainerPort& cp : p.ports) out << " " << cp.name << ":" << ProtocolName(cp.protocol) << "/" << cp.port;
    out << "\n";
  }
  for (const Service& s : c.services) {
    out << "  service " << s.ns << "/" << s.name << " " << s.cluster_ip << " selector";
    if (s.selector) {
      for (const auto& [k, v] : *s.selector) out << " " << k << "=" << v;
    }
    for (const ServicePort& p : s.ports) {
      out << " [" << p.name << " " << ProtocolName(p.protocol) << "/" << p.port << " -> "
          << (p.target_port_name.empty() ? std::to_string(p.target_port) : p.target_port_name) << "]";
    }
    out << "\n";
  }
  return out.str();
}

struct Tally {
  long traces = 0, delivered = 0, dropped = 0, refused = 0, hairpins = 0, mismatches = 0;
};

/// A client of the Services: a pod on the pod network, a hostNetwork pod or a node (node-originated, SVC-16).
struct Source {
  std::string text;  ///< the endpoint text to trace from
  Peer peer;         ///< in the input cluster
  const Node* node = nullptr;
  bool pod_network = false;
};

std::vector<Source> Sources(const Cluster& c) {
  std::vector<Source> out;
  for (const Pod& p : c.pods) out.push_back({p.Key(), Peer::OfPod(p), c.FindNode(p.node), !p.host_network});
  for (const Node& n : c.nodes) out.push_back({"node/" + n.name, Peer::OfIp(n.addresses.front()), &n, false});
  return out;
}

/// The expected receivers of `src` → `svc` port `sp`, per the rules, evaluated on the input cluster `c`.
std::set<std::string> Expected(const Cluster& c, const PolicyOptions& options, const Source& src, const Service& svc,
                               const ServicePort& sp, std::size_t* usable_count, bool* hairpin) {
  std::set<std::string> out;
  std::vector<Backend> usable = UsableBackends(ServicePortBackends(c, svc, sp));
  *usable_count = usable.size();
  *hairpin = false;
  for (const Backend& e : usable) {
    Peer dst = e.pod != nullptr ? Peer::OfPod(*e.pod) : Peer::OfIp(e.ip);
    if (e.pod != nullptr && e.pod->host_network) dst.ip = e.ip;
    bool allowed = false;
    if (src.peer.pod != nullptr && e.pod == src.peer.pod) {
      // Hairpin (§3.5): the endpoint is the client; the packet is SNATed to the client's node. Egress is
      // loopback-exempt; ingress sees the node IP. For a pod-network client that is a SNAT to the destination's own
      // node, exempt only with snatFromOwnNodeExempt (NP-24); a hostNetwork client already had the node's address.
      *hairpin = true;
      REQUIRE(src.node != nullptr);
      PolicyOptions seen_options = options;
      if (src.pod_network) {
        seen_options.ingress_from_own_node_exempt =
            options.ingress_from_own_node_exempt && options.snat_from_own_node_exempt;
      }
      allowed = ReferenceDirectionAllows(c, options, Direction::kEgress, src.peer, dst, sp.protocol, e.port) &&
                ReferenceDirectionAllows(c, seen_options, Direction::kIngress, Peer::OfIp(src.node->addresses.front()),
                                         dst, sp.protocol, e.port);
    } else {
      // Pod clients keep their IP (NP-22); node-originated traffic has the node's address already (§3.5).
      allowed = ReferenceAllows(c, options, src.peer, dst, sp.protocol, e.port);
    }
    if (allowed) out.insert(ReceiverText(dst, e.port));
  }
  return out;
}

void CheckCase(const RandomClusterCase& rc, const PolicyOptions& options, Tally* tally) {
  const Cluster& c = rc.cluster;
  Network net(c, options);
  bool case_printed = false;
  for (const Source& src : Sources(c)) {
    for (const Service& svc : c.services) {
      if (svc.cluster_ips.empty()) continue;
      for (const ServicePort& sp : svc.ports) {
        ++tally->traces;
        std::size_t usable = 0;
        bool hairpin = false;
        std::set<std::string> expected = Expected(c, options, src, svc, sp, &usable, &hairpin);
        tally->hairpins += hairpin;

        ResolvedEndpoint from, to;
        std::string error;
        REQUIRE(ResolveEndpoint(net.cluster(), src.text, &from, &error));
        REQUIRE(ResolveEndpoint(net.cluster(), "service/" + svc.ns + "/" + svc.name, &to, &error));
        Trace trace;
        Probe probe{std::to_string(sp.port), sp.protocol};
        bool traced = TraceConnection(net, from, to, probe, &trace, &error);

        std::set<std::string> delivered;
        std::set<Outcome> failures;
        for (const Branch& b : trace.branches) {
          if (b.outcome == Outcome::kDelivered && b.dst) {
            delivered.insert(ReceiverText(*b.dst, b.port));
          } else if (b.outcome != Outcome::kDelivered) {
            failures.insert(b.outcome);
          }
        }
        Result want_result = usable == 0 || expected.empty() ? Result::kDeny
                             : expected.size() == usable     ? Result::kAllow
                                                             : Result::kPartial;
        Outcome want_outcome = usable == 0                 ? Outcome::kRefused
                               : expected.size() == usable ? Outcome::kDelivered
                                                           : Outcome::kDropped;
        std::size_t want_branches = usable == 0 ? 1 : usable;
        bool ok = traced && delivered == expected && trace.result == want_result && trace.outcome == want_outcome &&
                  trace.branches.size() == want_branches &&
                  (failures.empty() || failures == std::set<Outcome>{want_outcome});
        tally->delivered += static_cast<long>(delivered.size());
        tally->refused += usable == 0;
        tally->dropped += static_cast<long>(usable - std::min(usable, expected.size()));
        if (ok) continue;
        if (++tally->mismatches > kReportedMismatches) continue;
        std::ostringstream what;
        what << "seed " << rc.seed << " options {";
        for (const OptionInfo& info : OptionTable()) {
          what << " " << info.key << "=" << (*GetOption(options, info.key) ? "true" : "false");
        }
        what << " }\n"
             << src.text << " -> service/" << svc.ns << "/" << svc.name << " " << probe.ToString()
             << (traced ? "" : " (error: " + error + ")") << "\n  expected receivers " << Join(expected) << " of "
             << usable << " usable, result " << ResultName(want_result) << " (" << OutcomeName(want_outcome) << ")"
             << "\n  traced receivers   " << Join(delivered) << ", " << trace.branches.size() << " branch(es), result "
             << ResultName(trace.result) << " (" << OutcomeName(trace.outcome) << ")\n";
        WriteTraceText(trace, what);
        if (!case_printed) what << "cluster:\n" << ServicesText(c);
        case_printed = true;
        FAIL_CHECK(what.str());
      }
    }
  }
}

int SeedCount() {
  const char* text = std::getenv("KREACH_SERVICE_SEEDS");
  int n = text != nullptr ? std::atoi(text) : 0;
  return n > 0 ? n : 200;
}

TEST_CASE("Service traces agree with the reference evaluator on random clusters (SVC-4, SVC-7, SVC-8, NP-22, §3.5)",
          "[property][services]") {
  Tally canonical, randomised;
  int seeds = SeedCount();
  for (int s = 1; s <= seeds; ++s) {
    auto seed = static_cast<std::uint32_t>(s);
    RandomClusterCase rc = GenerateRandomCluster(seed);
    AddRandomServices(&rc, seed);
    CheckCase(rc, PolicyOptions{}, &canonical);
    CheckCase(rc, RandomPolicyOptions(seed), &randomised);
  }
  for (const Tally* t : {&canonical, &randomised}) {
    INFO("traces " << t->traces << ", delivered " << t->delivered << ", dropped " << t->dropped << ", refused "
                   << t->refused << ", hairpins " << t->hairpins << ", mismatches " << t->mismatches);
    CHECK(t->mismatches == 0);
    // The generated cases reach every kind of ending, so the property is not vacuous.
    CHECK(t->delivered > 0);
    CHECK(t->dropped > 0);
    CHECK(t->refused > 0);
    CHECK(t->hairpins > 0);
  }
}

}  // namespace
}  // namespace testing
}  // namespace kreach
