// Small builders for hand-made Clusters in tests, and a checker for the model invariants the loader promises.
// Header-only so that any test file can use it without a build change.
#ifndef KREACH_TESTS_SUPPORT_BUILDERS_H_
#define KREACH_TESTS_SUPPORT_BUILDERS_H_

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/model/cluster.h"
#include "sim/model/ipv4.h"
#include "sim/model/label_selector.h"
#include "sim/model/protocol.h"

namespace kreach {
namespace testing {

inline constexpr const char* kNamespaceNameLabel = "kubernetes.io/metadata.name";

/// Parses a dotted quad that the test author wrote; an invalid literal gives 0 (and the test then fails on it).
inline Ipv4 Ip(const std::string& text) { return ParseIpv4(text).value_or(0); }

/// Parses "a.b.c.d/n" written by the test author; invalid text gives 0.0.0.0/32.
inline Cidr CidrOf(const std::string& text) { return ParseCidr(text).value_or(Cidr{0, 32}); }

inline ContainerPort MakeContainerPort(const std::string& name, int port, Protocol protocol = Protocol::kTCP) {
  ContainerPort p;
  p.name = name;
  p.port = port;
  p.protocol = protocol;
  return p;
}

/// A running pod with IP `ip` on `node`. Add the node with MakeNode: FinalizeCluster creates a missing node
/// without addresses, which breaks the model invariants.
inline Pod MakePod(const std::string& ns, const std::string& name, Labels labels, const std::string& ip,
                   const std::string& node = "node-1", std::vector<ContainerPort> ports = {}) {
  Pod p;
  p.ns = ns;
  p.name = name;
  p.labels = std::move(labels);
  p.ip = ip.empty() ? 0 : Ip(ip);
  p.node = node;
  p.ports = std::move(ports);
  p.origin.source = "builders";
  return p;
}

/// A hostNetwork pod on `node`: its IP becomes the node's first address in FinalizeCluster.
inline Pod MakeHostNetworkPod(const std::string& ns, const std::string& name, Labels labels, const std::string& node,
                              std::vector<ContainerPort> ports = {}) {
  Pod p = MakePod(ns, name, std::move(labels), "", node, std::move(ports));
  p.host_network = true;
  return p;
}

/// A node with the given addresses (InternalIP first) and pod CIDR.
inline Node MakeNode(const std::string& name, std::vector<std::string> addresses, const std::string& pod_cidr = "") {
  Node n;
  n.name = name;
  n.labels[std::string("kubernetes.io/hostname")] = name;
  for (const std::string& a : addresses) n.addresses.push_back(Ip(a));
  if (!pod_cidr.empty()) n.pod_cidr = CidrOf(pod_cidr);
  n.declared = true;
  n.origin.source = "builders";
  return n;
}

inline Namespace MakeNamespace(const std::string& name, Labels labels = {}) {
  Namespace ns;
  ns.name = name;
  ns.labels = std::move(labels);
  ns.labels[kNamespaceNameLabel] = name;
  ns.declared = true;
  ns.origin.source = "builders";
  return ns;
}

// ---- selectors ----

inline LabelSelector Selector(Labels match_labels = {}, std::vector<LabelRequirement> expressions = {}) {
  LabelSelector s;
  s.match_labels = std::move(match_labels);
  s.match_expressions = std::move(expressions);
  return s;
}

inline LabelRequirement Requirement(const std::string& key, LabelRequirement::Op op,
                                    std::vector<std::string> values = {}) {
  LabelRequirement r;
  r.key = key;
  r.op = op;
  r.values = std::move(values);
  return r;
}

// ---- peers ----

/// `podSelector` alone (NP-10: pods of the policy's namespace).
inline PolicyPeer PodPeer(LabelSelector pods) {
  PolicyPeer p;
  p.pod_selector = std::move(pods);
  return p;
}

/// `namespaceSelector` alone (NP-11).
inline PolicyPeer NamespacePeer(LabelSelector namespaces) {
  PolicyPeer p;
  p.namespace_selector = std::move(namespaces);
  return p;
}

/// `namespaceSelector` + `podSelector` in one item (NP-12: AND).
inline PolicyPeer NamespacePodPeer(LabelSelector namespaces, LabelSelector pods) {
  PolicyPeer p;
  p.namespace_selector = std::move(namespaces);
  p.pod_selector = std::move(pods);
  return p;
}

inline PolicyPeer IpBlockPeer(const std::string& cidr, const std::vector<std::string>& except = {}) {
  PolicyPeer p;
  IpBlock block;
  block.cidr = CidrOf(cidr);
  for (const std::string& e : except) block.except.push_back(CidrOf(e));
  p.ip_block = block;
  return p;
}

// ---- ports ----

/// `{protocol, port}`; `end_port` 0 = single port.
inline PolicyPort NumericPort(int port, Protocol protocol = Protocol::kTCP, int end_port = 0) {
  PolicyPort p;
  p.protocol = protocol;
  p.has_port = true;
  p.port = port;
  p.end_port = end_port;
  return p;
}

inline PolicyPort NamedPort(const std::string& name, Protocol protocol = Protocol::kTCP) {
  PolicyPort p;
  p.protocol = protocol;
  p.has_port = true;
  p.port_name = name;
  return p;
}

/// `{protocol}` without a port: every port of that protocol (NP-18).
inline PolicyPort AllPortsOf(Protocol protocol = Protocol::kTCP) {
  PolicyPort p;
  p.protocol = protocol;
  return p;
}

inline PolicyRule Rule(std::vector<PolicyPeer> peers = {}, std::vector<PolicyPort> ports = {}) {
  PolicyRule r;
  r.peers = std::move(peers);
  r.ports = std::move(ports);
  return r;
}

/// How `policyTypes` was written. kDefault applies NP-2: [Ingress], plus Egress when `egress` is non-empty.
enum class PolicyTypes { kDefault, kIngress, kEgress, kBoth };

inline NetworkPolicy MakePolicy(const std::string& ns, const std::string& name, LabelSelector pod_selector,
                                std::vector<PolicyRule> ingress, std::vector<PolicyRule> egress = {},
                                PolicyTypes types = PolicyTypes::kDefault) {
  NetworkPolicy np;
  np.ns = ns;
  np.name = name;
  np.pod_selector = std::move(pod_selector);
  switch (types) {
    case PolicyTypes::kDefault:
      np.ingress_type = true;
      np.egress_type = !egress.empty();
      break;
    case PolicyTypes::kIngress:
      np.ingress_type = true;
      np.egress_type = false;
      break;
    case PolicyTypes::kEgress:
      np.ingress_type = false;
      np.egress_type = true;
      break;
    case PolicyTypes::kBoth:
      np.ingress_type = true;
      np.egress_type = true;
      break;
  }
  np.ingress = std::move(ingress);
  np.egress = std::move(egress);
  np.origin.source = "builders";
  return np;
}

// ---- finaliser and invariants ----

/// Establishes the loader's invariants on a hand-made cluster: creates referenced namespaces and nodes (a missing
/// node gets no address, so declare nodes that matter), gives every namespace its kubernetes.io/metadata.name
/// label, sets host_ip from the node and a hostNetwork pod's IP to it, and sorts every vector by (ns, name).
inline void FinalizeCluster(Cluster* cluster) {
  auto add_namespace = [cluster](const std::string& name) {
    for (const Namespace& n : cluster->namespaces) {
      if (n.name == name) return;
    }
    Namespace ns = MakeNamespace(name);
    ns.declared = false;
    cluster->namespaces.push_back(ns);
  };
  for (const Pod& p : cluster->pods) add_namespace(p.ns);
  for (const NetworkPolicy& np : cluster->network_policies) add_namespace(np.ns);
  for (Namespace& n : cluster->namespaces) n.labels[kNamespaceNameLabel] = n.name;
  for (const Pod& p : cluster->pods) {
    bool found = false;
    for (const Node& n : cluster->nodes) found = found || n.name == p.node;
    if (!found) {
      Node n = MakeNode(p.node, {});
      n.declared = false;
      cluster->nodes.push_back(n);
    }
  }
  for (Pod& p : cluster->pods) {
    for (const Node& n : cluster->nodes) {
      if (n.name == p.node && !n.addresses.empty()) {
        if (p.host_ip == 0) p.host_ip = n.addresses.front();
        if (p.host_network) p.ip = p.host_ip;
      }
    }
  }
  auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
  auto by_ns_name = [](const auto& a, const auto& b) { return a.ns != b.ns ? a.ns < b.ns : a.name < b.name; };
  std::sort(cluster->namespaces.begin(), cluster->namespaces.end(), by_name);
  std::sort(cluster->nodes.begin(), cluster->nodes.end(), by_name);
  std::sort(cluster->pods.begin(), cluster->pods.end(), by_ns_name);
  std::sort(cluster->network_policies.begin(), cluster->network_policies.end(), by_ns_name);
}

/// Every broken loader invariant as one line each ("pod a/b: node n2 does not exist"); empty when valid.
/// Checks: sorted unique names, namespaces and nodes exist, metadata.name labels, pod IPs set and unique among
/// non-hostNetwork pods that have not ended and distinct from node addresses, hostNetwork pods on their node's address,
/// valid ports.
inline std::vector<std::string> ModelInvariantViolations(const Cluster& c) {
  std::vector<std::string> out;
  for (std::size_t i = 1; i < c.namespaces.size(); ++i) {
    if (!(c.namespaces[i - 1].name < c.namespaces[i].name)) out.push_back("namespaces not sorted/unique");
  }
  for (const Namespace& n : c.namespaces) {
    auto it = n.labels.find(kNamespaceNameLabel);
    if (it == n.labels.end() || it->second != n.name) out.push_back("namespace " + n.name + ": no name label");
  }
  for (std::size_t i = 1; i < c.nodes.size(); ++i) {
    if (!(c.nodes[i - 1].name < c.nodes[i].name)) out.push_back("nodes not sorted/unique");
  }
  std::set<Ipv4> node_ips;
  for (const Node& n : c.nodes) {
    if (n.addresses.empty()) out.push_back("node " + n.name + ": no address");
    for (Ipv4 a : n.addresses) {
      if (!node_ips.insert(a).second) out.push_back("node " + n.name + ": duplicate address " + FormatIpv4(a));
    }
  }
  auto ns_name_less = [](const auto& a, const auto& b) { return a.ns != b.ns ? a.ns < b.ns : a.name < b.name; };
  for (std::size_t i = 1; i < c.pods.size(); ++i) {
    if (!ns_name_less(c.pods[i - 1], c.pods[i])) out.push_back("pods not sorted/unique at " + c.pods[i].Key());
  }
  for (std::size_t i = 1; i < c.network_policies.size(); ++i) {
    if (!ns_name_less(c.network_policies[i - 1], c.network_policies[i])) {
      out.push_back("policies not sorted/unique at " + c.network_policies[i].Key());
    }
  }
  std::set<Ipv4> pod_ips;
  for (const Pod& p : c.pods) {
    if (c.FindNamespace(p.ns) == nullptr) out.push_back("pod " + p.Key() + ": namespace does not exist");
    const Node* node = c.FindNode(p.node);
    if (node == nullptr) {
      out.push_back("pod " + p.Key() + ": node " + p.node + " does not exist");
      continue;
    }
    if (std::find(node->addresses.begin(), node->addresses.end(), p.host_ip) == node->addresses.end()) {
      out.push_back("pod " + p.Key() + ": host_ip is not one of its node's addresses");
    }
    if (p.host_network) {
      if (p.ip != p.host_ip) out.push_back("pod " + p.Key() + ": hostNetwork pod not on its node's IP");
    } else {
      if (p.ip == 0) out.push_back("pod " + p.Key() + ": no IP");
      // A Succeeded or Failed pod may keep an IP that was given again (the loader allows it).
      bool ended = p.phase == PodPhase::kSucceeded || p.phase == PodPhase::kFailed;
      if (!ended && !pod_ips.insert(p.ip).second) {
        out.push_back("pod " + p.Key() + ": duplicate IP " + FormatIpv4(p.ip));
      }
      if (node_ips.count(p.ip) != 0) out.push_back("pod " + p.Key() + ": IP is a node address");
    }
    for (const ContainerPort& cp : p.ports) {
      if (cp.port < 1 || cp.port > 65535) out.push_back("pod " + p.Key() + ": bad container port");
      if (cp.protocol == Protocol::kIcmp) out.push_back("pod " + p.Key() + ": ICMP container port");
    }
  }
  for (const NetworkPolicy& np : c.network_policies) {
    if (c.FindNamespace(np.ns) == nullptr) out.push_back("policy " + np.Key() + ": namespace does not exist");
    for (const auto* rules : {&np.ingress, &np.egress}) {
      for (const PolicyRule& r : *rules) {
        for (const PolicyPeer& peer : r.peers) {
          bool selectors = peer.pod_selector || peer.namespace_selector;
          if (peer.ip_block.has_value() == selectors) out.push_back("policy " + np.Key() + ": bad peer");
          if (peer.ip_block) {
            for (const Cidr& e : peer.ip_block->except) {
              if (!peer.ip_block->cidr.Contains(e) || e.prefix <= peer.ip_block->cidr.prefix) {
                out.push_back("policy " + np.Key() + ": except not a strict subset of cidr");
              }
            }
          }
        }
        for (const PolicyPort& pp : r.ports) {
          if (pp.protocol == Protocol::kIcmp) out.push_back("policy " + np.Key() + ": ICMP port");
          if (!pp.has_port && (pp.end_port != 0 || !pp.port_name.empty())) {
            out.push_back("policy " + np.Key() + ": port fields without port");
          }
          if (pp.has_port && pp.port_name.empty() && (pp.port < 1 || pp.port > 65535)) {
            out.push_back("policy " + np.Key() + ": bad port");
          }
          if (pp.end_port != 0 && (!pp.port_name.empty() || pp.end_port < pp.port || pp.end_port > 65535)) {
            out.push_back("policy " + np.Key() + ": bad endPort");
          }
        }
      }
    }
  }
  return out;
}

}  // namespace testing
}  // namespace kreach

#endif  // KREACH_TESTS_SUPPORT_BUILDERS_H_
