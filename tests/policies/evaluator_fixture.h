// A small hand-built cluster for the policy engine tests, and a checked evaluation helper.
#ifndef KREACH_TESTS_POLICIES_EVALUATOR_FIXTURE_H_
#define KREACH_TESTS_POLICIES_EVALUATOR_FIXTURE_H_

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "policies/evaluator.h"
#include "tests/support/builders.h"

namespace kreach {
namespace testing {

/// node-1 10.0.0.1, node-2 10.0.0.2; namespaces shop (team=a), prod (no user labels), other (team=b), kube-system.
/// Pods: shop/web-0 (app=web, http/80) and shop/db-0 (app=db, pg/5432 TCP, pg/5433 UDP) on node-1;
/// shop/api-0 (app=api) on node-2; prod/fe-0 and other/fe-0 (app=fe) on node-2; kube-system/agent (app=agent,
/// hostNetwork, metrics/9100) on node-2. Tests add policies to `cluster` and call Finalize().
struct ShopCluster {
  Cluster cluster;

  ShopCluster() {
    cluster.nodes = {MakeNode("node-1", {"10.0.0.1"}), MakeNode("node-2", {"10.0.0.2", "198.51.100.2"})};
    cluster.namespaces = {MakeNamespace("shop", {{"team", "a"}}), MakeNamespace("prod"),
                          MakeNamespace("other", {{"team", "b"}}), MakeNamespace("kube-system")};
    cluster.pods = {
        MakePod("shop", "web-0", {{"app", "web"}}, "10.244.1.10", "node-1", {MakeContainerPort("http", 80)}),
        MakePod("shop", "db-0", {{"app", "db"}}, "10.244.1.11", "node-1",
                {MakeContainerPort("pg", 5432), MakeContainerPort("pg", 5433, Protocol::kUDP)}),
        MakePod("shop", "api-0", {{"app", "api"}}, "10.244.2.10", "node-2"),
        MakePod("prod", "fe-0", {{"app", "fe"}}, "10.244.2.11", "node-2"),
        MakePod("other", "fe-0", {{"app", "fe"}}, "10.244.2.12", "node-2"),
        MakeHostNetworkPod("kube-system", "agent", {{"app", "agent"}}, "node-2", {MakeContainerPort("metrics", 9100)}),
    };
  }

  void Add(NetworkPolicy policy) { cluster.network_policies.push_back(std::move(policy)); }
  /// Sorts and completes the model; call once before building an engine.
  void Finalize() {
    FinalizeCluster(&cluster);
    REQUIRE(ModelInvariantViolations(cluster).empty());
  }
  Peer PodEnd(const std::string& ns, const std::string& name) const {
    const Pod* pod = cluster.FindPod(ns, name);
    REQUIRE(pod != nullptr);
    return Peer::OfPod(*pod);
  }
  const NetworkPolicy& Policy(const std::string& ns, const std::string& name) const {
    for (const NetworkPolicy& np : cluster.network_policies) {
      if (np.ns == ns && np.name == name) return np;
    }
    FAIL("no policy " << ns << "/" << name);
    return cluster.network_policies.front();
  }
};

/// Evaluates one probe and checks that Evaluate agrees with Allowed, AllowedEgress and AllowedIngress.
inline bool Allows(const PolicyEngine& engine, const Peer& src, const Peer& dst, Protocol protocol, int port) {
  Verdict v = engine.Evaluate(src, dst, protocol, port);
  INFO(src.ToString() << " -> " << dst.ToString() << " " << ProtocolName(protocol) << "/" << port << ": egress "
                      << v.egress.ToString(Direction::kEgress) << "; ingress "
                      << v.ingress.ToString(Direction::kIngress));
  CHECK(v.allowed() == engine.Allowed(src, dst).Contains(protocol, port));
  CHECK(v.egress.allowed == engine.AllowedEgress(src, dst).Contains(protocol, port));
  CHECK(v.ingress.allowed == engine.AllowedIngress(src, dst).Contains(protocol, port));
  return v.allowed();
}

inline Peer External(const std::string& ip) { return Peer::OfIp(Ip(ip)); }

}  // namespace testing
}  // namespace kreach

#endif  // KREACH_TESTS_POLICIES_EVALUATOR_FIXTURE_H_
