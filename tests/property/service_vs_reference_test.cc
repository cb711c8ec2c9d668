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

#include "sim/model/text.h"
#include "sim/net/endpoint.h"
#include "sim/net/network.h"
#include "sim/net/path.h"
#include "sim/net/path_format.h"
#include "sim/net/service_backends.h"
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

std::string Braced(const std::set<std::string>& items) { return "{" + Join(items, ", ") + "}"; }

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
             << (traced ? "" : " (error: " + error + ")") << "\n  expected receivers " << Braced(expected) << " of "
             << usable << " usable, result " << ResultName(want_result) << " (" << OutcomeName(want_outcome) << ")"
             << "\n  traced receivers   " << Braced(delivered) << ", " << trace.branches.size()
             << " branch(es), result " << ResultName(trace.result) << " (" << OutcomeName(trace.outcome) << ")\n";
        WriteTraceText(trace, what);
        if (!case_printed) what << "cluster:\n" << ServicesText(c);
        case_printed = true;
        FAIL_CHECK(what.str());
      }
    }
  }
}

/// The expected receivers of `src` → `via`'s nodePort of `sp` (an external address or a pod-network pod), per
/// SVC-15/16, NP-23 and the §3.5 table. `dropped_before` is set when no endpoint is chosen and the packet is dropped
/// (NP-23 egress, or Local without a local endpoint); `usable_count` is the number of branches that reach an endpoint.
std::set<std::string> ExpectedNodePort(const Cluster& c, const PolicyOptions& options, const Source& src,
                                       const Node& via, const Service& svc, const ServicePort& sp,
                                       std::size_t* usable_count, bool* dropped_before) {
  std::set<std::string> out;
  *dropped_before = false;
  Peer node_ip = Peer::OfIp(via.addresses.front());
  bool external = src.peer.pod == nullptr;
  bool local = svc.external_traffic_policy == TrafficPolicy::kLocal;
  std::vector<Backend> all = ServicePortBackends(c, svc, sp);
  std::vector<Backend> usable = external && local ? UsableBackends(all, via.name) : UsableBackends(all);
  // NP-23: towards another node the packet leaves untranslated, and egress sees the node's address: a denial drops
  // it at the source, before any kube-proxy looks at it.
  bool other_node = !external && src.peer.pod->node != via.name;
  if (other_node &&
      !ReferenceDirectionAllows(c, options, Direction::kEgress, src.peer, node_ip, sp.protocol, sp.node_port)) {
    *usable_count = 0;
    *dropped_before = true;
    return out;
  }
  *usable_count = usable.size();
  if (usable.empty()) {
    *dropped_before = !UsableBackends(all).empty();  // Local without a local endpoint; else refused (SVC-8)
    return out;
  }
  // A SNAT to the endpoint's own node is exempt only with snatFromOwnNodeExempt (NP-24).
  PolicyOptions snat = options;
  snat.ingress_from_own_node_exempt = options.ingress_from_own_node_exempt && options.snat_from_own_node_exempt;
  for (const Backend& e : usable) {
    Peer dst = e.pod != nullptr ? Peer::OfPod(*e.pod) : Peer::OfIp(e.ip);
    if (e.pod != nullptr && e.pod->host_network) dst.ip = e.ip;
    bool egress = other_node || external ||
                  ReferenceDirectionAllows(c, options, Direction::kEgress, src.peer, dst, sp.protocol, e.port);
    bool ingress = false;
    if (!local) {  // SNAT to the receiving node (§3.5)
      ingress = ReferenceDirectionAllows(c, snat, Direction::kIngress, node_ip, dst, sp.protocol, e.port);
    } else if (!external && e.pod == src.peer.pod) {  // Local keeps a pod's IP, but a hairpin is SNATed to its node
      ingress = ReferenceDirectionAllows(c, snat, Direction::kIngress, Peer::OfIp(src.node->addresses.front()), dst,
                                         sp.protocol, e.port);
    } else {  // client IP kept
      ingress = ReferenceDirectionAllows(c, options, Direction::kIngress, src.peer, dst, sp.protocol, e.port);
    }
    if (egress && ingress) out.insert(ReceiverText(dst, e.port));
  }
  return out;
}

/// Every NodePort of every Service on every node, from two external addresses and every pod-network pod.
void CheckNodePorts(const RandomClusterCase& rc, const PolicyOptions& options, Tally* tally) {
  const Cluster& c = rc.cluster;
  Network net(c, options);
  std::vector<Source> sources;
  for (Ipv4 ip : rc.external_ips) {
    // An unused pod-network address would count as a pod source for kube-proxy (SVC-16): not external.
    if (c.config.pod_cidr.Contains(ip) || sources.size() >= 2) continue;
    sources.push_back({FormatIpv4(ip), Peer::OfIp(ip), nullptr, false});
  }
  for (const Source& s : Sources(c)) {
    if (s.pod_network) sources.push_back(s);
  }
  bool case_printed = false;
  for (const Source& src : sources) {
    for (const Node& via : c.nodes) {
      for (const Service& svc : c.services) {
        for (const ServicePort& sp : svc.ports) {
          ++tally->traces;
          std::size_t usable = 0;
          bool dropped_before = false;
          std::set<std::string> expected = ExpectedNodePort(c, options, src, via, svc, sp, &usable, &dropped_before);
          ResolvedEndpoint from, to;
          std::string error;
          REQUIRE(ResolveEndpoint(net.cluster(), src.text, &from, &error));
          REQUIRE(ResolveEndpoint(net.cluster(), "node/" + via.name, &to, &error));
          Trace trace;
          Probe probe{std::to_string(sp.node_port), sp.protocol};
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
          Outcome want_outcome = dropped_before              ? Outcome::kDropped
                                 : usable == 0               ? Outcome::kRefused
                                 : expected.size() == usable ? Outcome::kDelivered
                                                             : Outcome::kDropped;
          std::size_t want_branches = usable == 0 ? 1 : usable;
          bool ok = traced && delivered == expected && trace.outcome == want_outcome &&
                    trace.branches.size() == want_branches &&
                    (failures.empty() || failures == std::set<Outcome>{want_outcome});
          tally->delivered += static_cast<long>(delivered.size());
          tally->refused += want_outcome == Outcome::kRefused;
          tally->dropped += static_cast<long>(want_branches - delivered.size()) - (want_outcome == Outcome::kRefused);
          if (ok) continue;
          if (++tally->mismatches > kReportedMismatches) continue;
          std::ostringstream what;
          what << "seed " << rc.seed << " options {";
          for (const OptionInfo& info : OptionTable()) {
            what << " " << info.key << "=" << (*GetOption(options, info.key) ? "true" : "false");
          }
          what << " }\n"
               << src.text << " -> node/" << via.name << " " << probe.ToString() << " (NodePort of " << svc.ns << "/"
               << svc.name << ", externalTrafficPolicy " << TrafficPolicyName(svc.external_traffic_policy) << ")"
               << (traced ? "" : " (error: " + error + ")") << "\n  expected receivers " << Braced(expected) << " of "
               << usable << " endpoint branch(es), outcome " << OutcomeName(want_outcome) << "\n  traced receivers   "
               << Braced(delivered) << ", " << trace.branches.size() << " branch(es), outcome "
               << OutcomeName(trace.outcome) << "\n";
          WriteTraceText(trace, what);
          if (!case_printed) what << "cluster:\n" << ServicesText(c);
          case_printed = true;
          FAIL_CHECK(what.str());
        }
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

namespace kreach {
namespace testing {
namespace {

TEST_CASE(
    "NodePort traces agree with the reference evaluator on random clusters (SVC-12, SVC-15, SVC-16, NP-23, "
    "NP-24, §3.5)",
    "[property][services]") {
  Tally canonical, randomised;
  int seeds = SeedCount();
  for (int s = 1; s <= seeds; ++s) {
    auto seed = static_cast<std::uint32_t>(s);
    RandomClusterCase rc = GenerateRandomCluster(seed);
    AddRandomServices(&rc, seed);
    MakeNodePortServices(&rc.cluster, seed);
    CheckNodePorts(rc, PolicyOptions{}, &canonical);
    CheckNodePorts(rc, RandomPolicyOptions(seed), &randomised);
  }
  for (const Tally* t : {&canonical, &randomised}) {
    INFO("traces " << t->traces << ", delivered " << t->delivered << ", dropped " << t->dropped << ", refused "
                   << t->refused << ", mismatches " << t->mismatches);
    CHECK(t->mismatches == 0);
    CHECK(t->delivered > 0);
    CHECK(t->dropped > 0);
    CHECK(t->refused > 0);
  }
}

}  // namespace
}  // namespace testing
}  // namespace kreach
