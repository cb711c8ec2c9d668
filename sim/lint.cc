#include "sim/lint.h"

#include <algorithm>

namespace kreach {

namespace {

Location At(const NetworkPolicy& policy, const std::string& field) {
  Location where;
  where.source = policy.origin.source;
  where.doc = policy.origin.doc;
  where.object = "NetworkPolicy " + policy.Key();
  where.path = policy.origin.path.empty() ? field : policy.origin.path + "." + field;
  return where;
}

bool DefinesPort(const std::vector<const Pod*>& pods, const PolicyPort& port) {
  return std::any_of(pods.begin(), pods.end(), [&](const Pod* pod) {
    return std::any_of(pod->ports.begin(), pod->ports.end(), [&](const ContainerPort& cp) {
      return cp.name == port.port_name && cp.protocol == port.protocol;
    });
  });
}

bool AnyNamespaceMatches(const Cluster& cluster, const LabelSelector& selector) {
  return std::any_of(cluster.namespaces.begin(), cluster.namespaces.end(),
                     [&](const Namespace& ns) { return selector.Matches(ns.labels); });
}

void LintRules(const PolicyEngine& engine, const NetworkPolicy& policy, Direction direction,
               const std::vector<const Pod*>& subjects, Diagnostics& diag) {
  bool ingress = direction == Direction::kIngress;
  const std::vector<PolicyRule>& rules = ingress ? policy.ingress : policy.egress;
  const std::string field = ingress ? "spec.ingress[" : "spec.egress[";
  const std::string peers_field = ingress ? "].from[" : "].to[";
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const PolicyRule& rule = rules[r];
    std::vector<const Pod*> destinations;  // egress: the pods this rule's peers can reach
    bool only_ip_blocks = !rule.peers.empty();
    for (std::size_t p = 0; p < rule.peers.size(); ++p) {
      const PolicyPeer& peer = rule.peers[p];
      std::string at = field + std::to_string(r) + peers_field + std::to_string(p) + "]";
      if (peer.ip_block) continue;
      only_ip_blocks = false;
      std::vector<const Pod*> pods = engine.PeerPods(policy, peer);
      destinations.insert(destinations.end(), pods.begin(), pods.end());
      if (peer.namespace_selector && !AnyNamespaceMatches(engine.cluster(), *peer.namespace_selector)) {
        diag.Warning(At(policy, at + ".namespaceSelector"),
                     "matches no namespace (" + peer.namespace_selector->ToString() + ")");
      } else if (pods.empty()) {
        diag.Warning(At(policy, at), "matches no pod (" + peer.ToString() + ")");
      }
    }
    if (rule.peers.empty()) {
      for (const Pod& pod : engine.cluster().pods) destinations.push_back(&pod);
    }
    const std::vector<const Pod*>& targets = ingress ? subjects : destinations;
    for (std::size_t k = 0; k < rule.ports.size(); ++k) {
      const PolicyPort& port = rule.ports[k];
      if (port.port_name.empty()) continue;
      std::string at = field + std::to_string(r) + "].ports[" + std::to_string(k) + "].port";
      // ipBlock-only egress peers are the loader's warning (it knows the field); nothing to resolve on here.
      if (!ingress && only_ip_blocks) continue;
      if (!targets.empty() && !DefinesPort(targets, port)) {
        diag.Warning(At(policy, at), std::string("no ") + (ingress ? "selected" : "destination") + " pod defines a " +
                                         ProtocolName(port.protocol) + " port named '" + port.port_name +
                                         "': this port matches nothing");
      }
    }
  }
}

}  // namespace

void LintPolicies(const PolicyEngine& engine, Diagnostics& diag) {
  for (const NetworkPolicy& policy : engine.cluster().network_policies) {
    std::vector<const Pod*> subjects = engine.Subjects(policy);
    if (subjects.empty()) {
      diag.Warning(At(policy, "spec.podSelector"),
                   "selects no pod in namespace " + policy.ns + " (" + policy.pod_selector.ToString() + ")");
    }
    if (policy.ingress_type) LintRules(engine, policy, Direction::kIngress, subjects, diag);
    if (policy.egress_type) LintRules(engine, policy, Direction::kEgress, subjects, diag);
  }
}

}  // namespace kreach
