#include "sim/report/rule_analysis.h"

#include <algorithm>
#include <utility>

#include "sim/model/text.h"

namespace kreach {

bool IsPolicyPod(const PolicyOptions& options, const Peer& p) {
  return p.pod != nullptr && !(p.pod->host_network && options.host_network_is_node);
}

std::string EndText(const Cluster& cluster, const Peer& p) {
  if (p.pod != nullptr) return p.pod->Key();
  if (const Node* n = cluster.FindNodeByIp(p.ip)) return FormatIpv4(p.ip) + " (node " + n->name + ")";
  return FormatIpv4(p.ip);
}

std::string LabelsText(const Labels& labels) {
  // The labels controllers generate per revision name no workload: left out (and "no labels" when only they are).
  Labels shown;
  for (const auto& [key, value] : labels) {
    if (key != "pod-template-hash" && key != "controller-revision-hash") shown.emplace(key, value);
  }
  return shown.empty() ? "no labels" : FormatLabels(shown);
}

namespace {

struct PeerCheck {
  bool match = false;
  PeerMiss miss = PeerMiss::kNone;
  std::string reason;
};

PeerCheck CheckPeer(const Cluster& cluster, const PolicyOptions& options, const NetworkPolicy& policy,
                    const PolicyPeer& peer, const std::string& label, const Peer& other) {
  PeerCheck out;
  const std::string who = EndText(cluster, other);
  if (peer.ip_block) {
    if (IsPolicyPod(options, other) && !options.ip_block_matches_pods) {
      out.miss = PeerMiss::kIpBlockPod;
      out.reason =
          label + " matches only addresses that are not pods (ipBlockMatchesPods is off), and " + who + " is a pod";
      return out;
    }
    if (!peer.ip_block->cidr.Contains(other.ip)) {
      out.miss = PeerMiss::kIpOutside;
      out.reason = label + " does not contain " + FormatIpv4(other.ip) + (other.pod ? " (" + who + ")" : "");
      return out;
    }
    for (const Cidr& except : peer.ip_block->except) {
      if (except.Contains(other.ip)) {
        out.miss = PeerMiss::kIpExcepted;
        out.reason = label + ": " + FormatIpv4(other.ip) + " is inside the except range " + except.ToString();
        return out;
      }
    }
    out.match = true;
    return out;
  }
  if (!IsPolicyPod(options, other)) {
    out.miss = PeerMiss::kNotAPod;
    out.reason = label + " selects pods only, and " + who + " is not a pod" +
                 (other.pod != nullptr ? " to policy (a hostNetwork pod has its node's address)" : "");
    return out;
  }
  const Pod& pod = *other.pod;
  std::vector<std::string> reasons;
  if (peer.namespace_selector) {
    const Namespace* ns = cluster.FindNamespace(pod.ns);
    if (ns == nullptr || !peer.namespace_selector->Matches(ns->labels)) {
      out.miss = PeerMiss::kNamespaceLabels;
      reasons.push_back("namespace " + pod.ns + " (" + (ns ? LabelsText(ns->labels) : std::string("no labels")) +
                        ") does not match its namespaceSelector " + peer.namespace_selector->ToString());
    }
  } else if (pod.ns != policy.ns) {
    out.miss = PeerMiss::kOtherNamespace;
    reasons.push_back("without a namespaceSelector it selects pods of namespace " + policy.ns + " only, and " + who +
                      " is in namespace " + pod.ns);
  }
  if (peer.pod_selector && !peer.pod_selector->Matches(pod.labels)) {
    if (out.miss == PeerMiss::kNone) out.miss = PeerMiss::kPodLabels;
    reasons.push_back(who + " (" + LabelsText(pod.labels) + ") does not match its podSelector " +
                      peer.pod_selector->ToString());
  }
  out.match = reasons.empty();
  if (!out.match) out.reason = label + ": " + Join(reasons, "; and ");
  return out;
}

bool PortEntryMatches(const PolicyOptions& options, const PolicyPort& entry, const Peer& dst, Protocol protocol,
                      int port) {
  if (entry.protocol != protocol) return false;
  if (!entry.has_port) return true;
  if (!entry.port_name.empty()) {
    if (!IsPolicyPod(options, dst)) return options.named_port_matches_external;
    for (const ContainerPort& cp : dst.pod->ports) {
      if (cp.name == entry.port_name && cp.protocol == protocol && cp.port == port) return true;
    }
    return false;
  }
  if (entry.end_port == 0) return port == entry.port;
  return entry.port <= port && port <= entry.end_port;
}

struct PortCheck {
  bool match = false;
  PortMiss miss = PortMiss::kNone;
  std::string reason;
};

PortCheck CheckPorts(const PolicyOptions& options, const PolicyRule& rule, const Peer& dst, Protocol protocol,
                     int port) {
  PortCheck out;
  std::string probe =
      protocol == Protocol::kIcmp ? "ICMP" : std::string(ProtocolName(protocol)) + "/" + std::to_string(port);
  if (protocol == Protocol::kIcmp) {
    // A rule admits ICMP only without ports (P-4); with icmpNeedsPortlessRule off the direction is not filtered at
    // all, which the verdict's reason says, not the rules.
    out.match = rule.ports.empty();
    if (!out.match) {
      out.miss = PortMiss::kIcmp;
      out.reason = "it lists ports, and ICMP passes only a rule without ports";
    }
    return out;
  }
  if (rule.ports.empty()) {
    out.match = true;
    return out;
  }
  std::vector<std::string> allowed;
  bool same_protocol = false;
  bool named_missing = false;
  for (const PolicyPort& entry : rule.ports) {
    if (PortEntryMatches(options, entry, dst, protocol, port)) {
      out.match = true;
      return out;
    }
    allowed.push_back(entry.ToString());
    same_protocol = same_protocol || entry.protocol == protocol;
    if (entry.protocol == protocol && !entry.port_name.empty() && IsPolicyPod(options, dst)) {
      bool has = std::any_of(dst.pod->ports.begin(), dst.pod->ports.end(), [&](const ContainerPort& cp) {
        return cp.name == entry.port_name && cp.protocol == protocol;
      });
      named_missing = named_missing || !has;
    }
  }
  out.miss = !same_protocol ? PortMiss::kProtocol : named_missing ? PortMiss::kNamedPort : PortMiss::kNumber;
  out.reason = "it allows " + Join(allowed, ", ") + ", not " + probe;
  if (named_missing) out.reason += " (" + dst.ToString() + " has no container port of that name)";
  return out;
}

/// One rule, with the details the hints need.
}  // namespace

std::vector<RuleDetail> AnalyzeRuleDetails(const Cluster& cluster, const PolicyOptions& options,
                                           const DirectionVerdict& v, Direction direction) {
  std::vector<RuleDetail> out;
  const Peer& dst = direction == Direction::kIngress ? v.self : v.other;
  for (const NetworkPolicy* policy : v.isolating) {
    const std::vector<PolicyRule>& rules = direction == Direction::kIngress ? policy->ingress : policy->egress;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const PolicyRule& rule = rules[i];
      RuleDetail d;
      d.analysis.policy = policy;
      d.analysis.rule = static_cast<int>(i);
      d.analysis.peer_matches = rule.peers.empty();
      PeerCheck closest;
      bool have_closest = false;
      for (std::size_t p = 0; p < rule.peers.size() && !d.analysis.peer_matches; ++p) {
        std::string label = std::string(direction == Direction::kIngress ? "from[" : "to[") + std::to_string(p) +
                            "] (" + rule.peers[p].ToString() + ")";
        PeerCheck c = CheckPeer(cluster, options, *policy, rule.peers[p], label, v.other);
        if (c.match) {
          d.analysis.peer_matches = true;
          d.analysis.matching_peer = static_cast<int>(p);
        } else if (!have_closest || (closest.miss == PeerMiss::kNotAPod && c.miss != PeerMiss::kNotAPod)) {
          closest = c;
          have_closest = true;
        }
      }
      if (!d.analysis.peer_matches) {
        d.analysis.peer_reason = closest.reason;
        d.peer_miss = closest.miss;
      }
      PortCheck ports = CheckPorts(options, rule, dst, v.protocol, v.port);
      d.analysis.port_matches = ports.match;
      d.analysis.port_reason = ports.reason;
      d.port_miss = ports.miss;
      out.push_back(std::move(d));
    }
  }
  return out;
}

std::vector<RuleAnalysis> AnalyzeRules(const Cluster& cluster, const PolicyOptions& options,
                                       const DirectionVerdict& verdict, Direction direction) {
  std::vector<RuleAnalysis> out;
  for (RuleDetail& d : AnalyzeRuleDetails(cluster, options, verdict, direction)) out.push_back(std::move(d.analysis));
  return out;
}

}  // namespace kreach
