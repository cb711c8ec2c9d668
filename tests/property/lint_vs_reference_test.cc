// Property test: LintPolicies (which works on the whole-cluster engine's class sets) gives exactly the warnings of
// a pod-by-pod reference written from its contract in sim/report/lint.h: every pod matched against every selector,
// every Service against every pod. Generated clusters with replicas and Services; every seed also gets an ingress port
// that is some Service's port, so that NP-22 is exercised.
//
// Knob: KREACH_LINT_PROPERTY_SEEDS=N runs seeds 1..N (default 300).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "policies/evaluator.h"
#include "sim/report/lint.h"
#include "tests/support/cluster_dump.h"
#include "tests/support/random_cluster.h"
#include "tests/support/random_services.h"

namespace kreach {
namespace testing {
namespace {

using PodList = std::vector<const Pod*>;

class ReferenceLint {
 public:
  ReferenceLint(const Cluster& cluster, const PolicyOptions& options, Diagnostics& diag)
      : c_(cluster), options_(options), diag_(diag) {}

  void Run() {
    for (const NetworkPolicy& policy : c_.network_policies) {
      PodList subjects;
      for (const Pod& pod : c_.pods) {
        if (PolicyPod(pod) && pod.ns == policy.ns && policy.pod_selector.Matches(pod.labels)) subjects.push_back(&pod);
      }
      if (subjects.empty()) {
        Warn(policy, "spec.podSelector",
             "selects no pod in namespace " + policy.ns + " (" + policy.pod_selector.ToString() + ")");
      }
      if (policy.ingress_type) Rules(policy, true, subjects);
      if (policy.egress_type) Rules(policy, false, subjects);
    }
  }

 private:
  bool PolicyPod(const Pod& pod) const { return !(pod.host_network && options_.host_network_is_node); }

  bool InSelectedNamespace(const NetworkPolicy& policy, const PolicyPeer& peer, const Pod& pod) const {
    if (!peer.namespace_selector) return pod.ns == policy.ns;
    for (const Namespace& ns : c_.namespaces) {
      if (ns.name == pod.ns) return peer.namespace_selector->Matches(ns.labels);
    }
    return false;
  }

  bool ServiceSelects(const Service& svc, const Pod& pod) const {
    return svc.type != ServiceType::kExternalName && svc.selector && !svc.selector->empty() && pod.ns == svc.ns &&
           LabelSelector{*svc.selector, {}}.Matches(pod.labels);
  }

  static std::optional<int> TargetOn(const ServicePort& sp, const Pod& pod) {
    if (sp.target_port_name.empty()) return sp.target_port;
    for (const ContainerPort& cp : pod.ports) {
      if (cp.name == sp.target_port_name && cp.protocol == sp.protocol) return cp.port;
    }
    return std::nullopt;
  }

  static bool Names(const PodList& pods, const std::string& name, Protocol protocol) {
    for (const Pod* pod : pods) {
      for (const ContainerPort& cp : pod->ports) {
        if (cp.name == name && cp.protocol == protocol) return true;
      }
    }
    return false;
  }

  /// Some pod of `pods` has number/protocol as a containerPort, or receives it as the targetPort of a Service.
  bool Uses(const PodList& pods, int number, Protocol protocol) const {
    for (const Pod* pod : pods) {
      for (const ContainerPort& cp : pod->ports) {
        if (cp.port == number && cp.protocol == protocol) return true;
      }
      for (const Service& svc : c_.services) {
        if (!ServiceSelects(svc, *pod)) continue;
        for (const ServicePort& sp : svc.ports) {
          if (sp.protocol == protocol && TargetOn(sp, *pod) == number) return true;
        }
      }
    }
    return false;
  }

  void Warn(const NetworkPolicy& policy, const std::string& field, const std::string& message) {
    Location where{policy.origin.source, policy.origin.doc, "NetworkPolicy " + policy.Key(),
                   policy.origin.path.empty() ? field : policy.origin.path + "." + field};
    diag_.Warning(where, message);
  }

  void ServicePortCheck(const NetworkPolicy& policy, const PolicyRule& rule, const PolicyPort& port,
                        const PodList& subjects, const std::string& at) {
    if (!port.has_port || !port.port_name.empty() || port.end_port != 0) return;
    for (const Service& svc : c_.services) {
      PodList backends;
      for (const Pod* pod : subjects) {
        if (ServiceSelects(svc, *pod)) backends.push_back(pod);
      }
      if (backends.empty()) continue;
      for (const ServicePort& sp : svc.ports) {
        if (sp.port != port.port || sp.protocol != port.protocol) continue;
        std::set<int> targets;
        for (const Pod* pod : backends) {
          if (std::optional<int> t = TargetOn(sp, *pod)) targets.insert(*t);
        }
        if (targets.empty() || targets.count(port.port) > 0 || Uses(backends, port.port, port.protocol)) continue;
        bool admitted = true;
        for (int t : targets) {
          bool one = false;
          for (const PolicyPort& p : rule.ports) {
            if (p.protocol != sp.protocol) continue;
            if (!p.has_port || (!p.port_name.empty() && p.port_name == sp.target_port_name) ||
                (p.port_name.empty() && p.port <= t && t <= std::max(p.port, p.end_port))) {
              one = true;
            }
          }
          admitted = admitted && one;
        }
        if (admitted) continue;
        std::string numbers;
        for (int t : targets) numbers += (numbers.empty() ? "" : ", ") + std::to_string(t);
        std::string use = sp.target_port_name.empty() ? numbers : "'" + sp.target_port_name + "' (" + numbers + ")";
        Warn(policy, at,
             std::string(ProtocolName(port.protocol)) + " port " + std::to_string(port.port) +
                 " is the port of Service " + svc.ns + "/" + svc.name +
                 ", not of its pods: policies see the targetPort the pods receive (NP-22), so Service traffic does "
                 "not match this rule; use port " +
                 use + " instead");
      }
    }
  }

  void Rules(const NetworkPolicy& policy, bool ingress, const PodList& subjects) {
    const std::vector<PolicyRule>& rules = ingress ? policy.ingress : policy.egress;
    const std::string field = ingress ? "spec.ingress[" : "spec.egress[";
    for (std::size_t r = 0; r < rules.size(); ++r) {
      const PolicyRule& rule = rules[r];
      PodList destinations;
      bool only_ip_blocks = !rule.peers.empty();
      for (std::size_t k = 0; k < rule.peers.size(); ++k) {
        const PolicyPeer& peer = rule.peers[k];
        if (peer.ip_block) continue;
        only_ip_blocks = false;
        std::string at = field + std::to_string(r) + (ingress ? "].from[" : "].to[") + std::to_string(k) + "]";
        PodList pods;
        for (const Pod& pod : c_.pods) {
          if (PolicyPod(pod) && InSelectedNamespace(policy, peer, pod) &&
              (!peer.pod_selector || peer.pod_selector->Matches(pod.labels))) {
            pods.push_back(&pod);
          }
        }
        destinations.insert(destinations.end(), pods.begin(), pods.end());
        bool any_namespace = !peer.namespace_selector;
        for (const Namespace& ns : c_.namespaces)
          any_namespace = any_namespace || peer.namespace_selector->Matches(ns.labels);
        if (!any_namespace) {
          Warn(policy, at + ".namespaceSelector", "matches no namespace (" + peer.namespace_selector->ToString() + ")");
        } else if (pods.empty()) {
          Warn(policy, at, "matches no pod (" + peer.ToString() + ")");
        }
      }
      if (rule.peers.empty()) {
        for (const Pod& pod : c_.pods) destinations.push_back(&pod);
      }
      const PodList& targets = ingress ? subjects : destinations;
      for (std::size_t k = 0; k < rule.ports.size(); ++k) {
        const PolicyPort& port = rule.ports[k];
        std::string at = field + std::to_string(r) + "].ports[" + std::to_string(k) + "].port";
        if (ingress) ServicePortCheck(policy, rule, port, subjects, at);
        if (port.port_name.empty() || (!ingress && only_ip_blocks)) continue;
        if (!targets.empty() && !Names(targets, port.port_name, port.protocol)) {
          Warn(policy, at,
               std::string("no ") + (ingress ? "selected" : "destination") + " pod defines a " +
                   ProtocolName(port.protocol) + " port named '" + port.port_name + "': this port matches nothing");
        }
      }
    }
  }

  const Cluster& c_;
  const PolicyOptions& options_;
  Diagnostics& diag_;
};

/// Gives the first ingress rule with ports of the seed's policies a numeric port equal to some Service's port (the
/// classic mistake NP-22 warns about), when the cluster has both.
void AddServicePortMistake(Cluster* c, Rng& rng) {
  if (c->services.empty()) return;
  const Service& svc = rng.Pick(c->services);
  if (svc.ports.empty()) return;
  for (NetworkPolicy& policy : c->network_policies) {
    if (policy.ns != svc.ns || policy.ingress.empty()) continue;
    PolicyPort port;
    port.protocol = svc.ports.front().protocol;
    port.has_port = true;
    port.port = svc.ports.front().port;
    policy.ingress.front().ports.push_back(port);
    return;
  }
}

int SeedCount() {
  const char* text = std::getenv("KREACH_LINT_PROPERTY_SEEDS");
  return text != nullptr && *text != '\0' ? std::atoi(text) : 300;
}

TEST_CASE("LintPolicies gives the warnings of the pod-by-pod reference on generated clusters", "[property][lint]") {
  std::set<std::string> kinds;  // which warnings occurred, so that a generator change cannot hollow the test out
  long warnings = 0;
  int mismatches = 0;
  for (std::uint32_t seed = 1; seed <= static_cast<std::uint32_t>(SeedCount()); ++seed) {
    RandomClusterCase rc = GenerateRandomCluster(seed);
    rc.cluster = WithReplicas(rc);
    AddRandomServices(&rc, seed);
    Rng rng(seed * 7919u);
    AddServicePortMistake(&rc.cluster, rng);
    PolicyOptions options = RandomPolicyOptions(seed);
    PolicyEngine engine(rc.cluster, options);
    Diagnostics fast, reference;
    LintPolicies(engine, fast);
    ReferenceLint(rc.cluster, options, reference).Run();
    std::string got = DumpDiagnostics(fast), want = DumpDiagnostics(reference);
    if (got != want && ++mismatches <= 5) FAIL_CHECK("seed " << seed << "\nfast:\n" << got << "\nreference:\n" << want);
    for (const Diagnostic& d : reference.items()) {
      ++warnings;
      for (const char* kind :
           {"selects no pod", "matches no namespace", "matches no pod", "port named", "is the port of Service"}) {
        if (d.message.find(kind) != std::string::npos) kinds.insert(kind);
      }
    }
  }
  CHECK(mismatches == 0);
  INFO(warnings << " warnings compared");
  CHECK(kinds.size() == 5);
}

}  // namespace
}  // namespace testing
}  // namespace kreach
