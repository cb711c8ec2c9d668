#include "tests/support/cluster_json.h"

#include <nlohmann/json.hpp>

#include "tests/support/builders.h"
#include "tests/support/random_cluster.h"

namespace kreach {
namespace testing {

namespace {

using nlohmann::json;

json LabelsJson(const Labels& labels) {
  json out = json::object();
  for (const auto& [k, v] : labels) out[k] = v;
  return out;
}

json SelectorJson(const LabelSelector& s) {
  json out = json::object();
  if (!s.match_labels.empty()) out["matchLabels"] = LabelsJson(s.match_labels);
  if (!s.match_expressions.empty()) {
    json list = json::array();
    for (const LabelRequirement& r : s.match_expressions) {
      static const char* kOps[] = {"In", "NotIn", "Exists", "DoesNotExist"};
      json e = {{"key", r.key}, {"operator", kOps[static_cast<int>(r.op)]}};
      if (!r.values.empty()) e["values"] = r.values;
      list.push_back(e);
    }
    out["matchExpressions"] = list;
  }
  return out;
}

json PeerJson(const PolicyPeer& peer) {
  json out = json::object();
  if (peer.pod_selector) out["podSelector"] = SelectorJson(*peer.pod_selector);
  if (peer.namespace_selector) out["namespaceSelector"] = SelectorJson(*peer.namespace_selector);
  if (peer.ip_block) {
    json block = {{"cidr", peer.ip_block->cidr.ToString()}};
    if (!peer.ip_block->except.empty()) {
      json except = json::array();
      for (const Cidr& e : peer.ip_block->except) except.push_back(e.ToString());
      block["except"] = except;
    }
    out["ipBlock"] = block;
  }
  return out;
}

json PortJson(const PolicyPort& port, Rng& style) {
  json out = json::object();
  if (port.protocol != Protocol::kTCP || style.Chance(50)) out["protocol"] = ProtocolName(port.protocol);
  if (port.has_port) {
    if (port.port_name.empty()) {
      out["port"] = port.port;
    } else {
      out["port"] = port.port_name;
    }
    if (port.end_port != 0) out["endPort"] = port.end_port;
  }
  return out;
}

json RulesJson(const std::vector<PolicyRule>& rules, const char* peers_key, Rng& style) {
  json out = json::array();
  for (const PolicyRule& rule : rules) {
    json r = json::object();
    if (!rule.peers.empty() || style.Chance(30)) {
      json peers = json::array();
      for (const PolicyPeer& peer : rule.peers) peers.push_back(PeerJson(peer));
      r[peers_key] = peers;
    }
    if (!rule.ports.empty() || style.Chance(30)) {
      json ports = json::array();
      for (const PolicyPort& port : rule.ports) ports.push_back(PortJson(port, style));
      r["ports"] = ports;
    }
    out.push_back(r);
  }
  return out;
}

json Metadata(const std::string& ns, const std::string& name, const Labels& labels) {
  json out = {{"name", name}};
  if (!ns.empty()) out["namespace"] = ns;
  if (!labels.empty()) out["labels"] = LabelsJson(labels);
  return out;
}

}  // namespace

std::string ClusterToManifestJson(const Cluster& cluster, std::uint32_t style_seed) {
  Rng style(style_seed);
  json items = json::array();
  for (const Namespace& ns : cluster.namespaces) {
    Labels labels = ns.labels;
    if (style.Chance(50)) labels.erase(kNamespaceNameLabel);  // NP-16: the loader must add it
    items.push_back({{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", Metadata("", ns.name, labels)}});
  }
  for (const Node& node : cluster.nodes) {
    json addresses = json::array();
    for (std::size_t i = 0; i < node.addresses.size(); ++i) {
      addresses.push_back({{"type", i == 0 ? "InternalIP" : "ExternalIP"}, {"address", FormatIpv4(node.addresses[i])}});
    }
    json spec = json::object();
    if (node.pod_cidr) spec["podCIDR"] = node.pod_cidr->ToString();
    items.push_back({{"apiVersion", "v1"},
                     {"kind", "Node"},
                     {"metadata", Metadata("", node.name, node.labels)},
                     {"spec", spec},
                     {"status", {{"addresses", addresses}}}});
  }
  for (const Pod& pod : cluster.pods) {
    json ports = json::array();
    for (const ContainerPort& cp : pod.ports) {
      json p = {{"containerPort", cp.port}};
      if (!cp.name.empty()) p["name"] = cp.name;
      if (cp.protocol != Protocol::kTCP || style.Chance(50)) p["protocol"] = ProtocolName(cp.protocol);
      ports.push_back(p);
    }
    json container = {{"name", "c"}, {"image", "busybox"}};
    if (!ports.empty()) container["ports"] = ports;
    json spec = {{"nodeName", pod.node}, {"containers", json::array({container})}};
    if (pod.host_network) spec["hostNetwork"] = true;
    items.push_back({{"apiVersion", "v1"},
                     {"kind", "Pod"},
                     {"metadata", Metadata(pod.ns, pod.name, pod.labels)},
                     {"spec", spec},
                     {"status", {{"podIP", FormatIpv4(pod.ip)}, {"hostIP", FormatIpv4(pod.host_ip)}}}});
  }
  for (const NetworkPolicy& np : cluster.network_policies) {
    json spec = {{"podSelector", SelectorJson(np.pod_selector)}};
    // NP-2: policyTypes may be left out when defaulting yields the same list.
    bool defaulted = np.ingress_type && np.egress_type == !np.egress.empty();
    if (!defaulted || style.Chance(50)) {
      json types = json::array();
      if (np.ingress_type) types.push_back("Ingress");
      if (np.egress_type) types.push_back("Egress");
      spec["policyTypes"] = types;
    }
    if (!np.ingress.empty() || style.Chance(50)) spec["ingress"] = RulesJson(np.ingress, "from", style);
    if (!np.egress.empty() || style.Chance(50)) spec["egress"] = RulesJson(np.egress, "to", style);
    items.push_back({{"apiVersion", "networking.k8s.io/v1"},
                     {"kind", "NetworkPolicy"},
                     {"metadata", Metadata(np.ns, np.name, {})},
                     {"spec", spec}});
  }
  json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", items}};
  return list.dump(1);
}

}  // namespace testing
}  // namespace kreach
