#include "sim/loader/decode_policy.h"

#include <string>
#include <vector>

#include "sim/loader/decode_meta.h"
#include "sim/loader/decode_selector.h"
#include "sim/loader/validate_names.h"

namespace kreach {

namespace {

template <typename V>
std::optional<PolicyPort> DecodePolicyPort(const JsonField<V>& f) {
  if (!f.IsObject()) return std::nullopt;
  int errors_before = f.reporter().errors();
  PolicyPort port;
  DecodeProtocol(f["protocol"], port.protocol);
  std::optional<IntOrString> value = f["port"].IntOrStr();
  if (value) {
    port.has_port = true;
    if (value->is_int) {
      if (value->number < 1 || value->number > 65535) {
        f["port"].Error(std::to_string(value->number) + " must be between 1 and 65535, inclusive");
      }
      port.port = static_cast<int>(value->number);
    } else {
      std::string why;
      if (!CheckPortName(value->name, &why)) f["port"].Error("invalid port name \"" + value->name + "\": " + why);
      port.port_name = value->name;
    }
  }
  if (std::optional<std::int64_t> end = f["endPort"].Int()) {
    if (!f["port"].present()) {
      f["port"].Error("must be specified when endPort is specified");
    } else if (value && !value->is_int) {
      f["endPort"].Error("may not be used with the named port \"" + value->name +
                         "\" (endPort requires a numeric port)");
    } else if (value) {
      if (*end < 1 || *end > 65535) {
        f["endPort"].Error(std::to_string(*end) + " must be between 1 and 65535, inclusive");
      } else if (*end < value->number) {
        f["endPort"].Error(std::to_string(*end) + " must be greater than or equal to port " +
                           std::to_string(value->number));
      }
      port.end_port = static_cast<int>(*end);
    }
  }
  if (f.reporter().errors() != errors_before) return std::nullopt;
  return port;
}

/// Returns the decoded peer; sets `ipv6` (and returns nullopt without an error) for an IPv6 ipBlock.
template <typename V>
std::optional<PolicyPeer> DecodePeer(const JsonField<V>& f, bool& ipv6) {
  ipv6 = false;
  if (!f.IsObject()) return std::nullopt;
  int errors_before = f.reporter().errors();
  PolicyPeer peer;
  JsonField<V> pod = f["podSelector"], ns = f["namespaceSelector"], block = f["ipBlock"];
  peer.pod_selector = DecodeLabelSelector(pod);
  peer.namespace_selector = DecodeLabelSelector(ns);
  if (!pod.present() && !ns.present() && !block.present()) {
    f.Error("must specify a peer (podSelector, namespaceSelector or ipBlock)");
  } else if (block.present() && (pod.present() || ns.present())) {
    f.Error("may not specify both ipBlock and another peer (podSelector or namespaceSelector)");
  }
  if (block.IsObject()) {
    IpBlock ip_block;
    std::optional<std::string> cidr_text = block["cidr"].String();
    std::optional<Cidr> cidr;
    if (!cidr_text) {
      if (!block["cidr"].present()) block["cidr"].Error("is required");
    } else if (cidr_text->find(':') != std::string::npos) {
      ipv6 = true;
    } else if (!(cidr = ParseCidr(*cidr_text))) {
      block["cidr"].Error("\"" + *cidr_text + "\" is not a valid CIDR (expected a.b.c.d/n)");
    } else {
      ip_block.cidr = *cidr;
    }
    for (const JsonField<V>& e : block["except"].Items()) {
      std::optional<std::string> text = e.String();
      if (!text) continue;
      if (text->find(':') != std::string::npos && ipv6) continue;
      std::optional<Cidr> except = ParseCidr(*text);
      if (!except) {
        e.Error("\"" + *text + "\" is not a valid CIDR (expected a.b.c.d/n)");
      } else if (cidr && !(cidr->Contains(*except) && except->prefix > cidr->prefix)) {
        e.Error(*text + " is not a strict subset of cidr " + *cidr_text);
      } else {
        ip_block.except.push_back(*except);
      }
    }
    peer.ip_block = ip_block;
  }
  if (f.reporter().errors() != errors_before || ipv6) return std::nullopt;
  return peer;
}

/// Decodes `rules` (spec.ingress or spec.egress); `peers_key` is "from" or "to". Rules whose every peer was an
/// IPv6 ipBlock are left out (see DecodeNetworkPolicy).
template <typename V>
std::vector<PolicyRule> DecodeRules(const JsonField<V>& rules, const char* peers_key, bool egress) {
  std::vector<PolicyRule> out;
  for (const JsonField<V>& r : rules.Items()) {
    if (!r.IsObject()) continue;
    PolicyRule rule;
    JsonItems<V> peers = r[peers_key].Items();
    int ipv6_peers = 0;
    bool all_ip_blocks = !peers.empty();
    for (const JsonField<V>& p : peers) {
      bool ipv6 = false;
      std::optional<PolicyPeer> peer = DecodePeer(p, ipv6);
      if (ipv6) {
        ++ipv6_peers;
        p["ipBlock"]["cidr"].Warning("IPv6 ipBlock ignored (kreach models IPv4 only)");
      }
      if (peer) {
        if (!peer->ip_block) all_ip_blocks = false;
        rule.peers.push_back(std::move(*peer));
      }
    }
    for (const JsonField<V>& p : r["ports"].Items()) {
      std::optional<PolicyPort> port = DecodePolicyPort(p);
      if (!port) continue;
      if (egress && all_ip_blocks && !port->port_name.empty()) {
        p["port"].Warning("named port \"" + port->port_name +
                          "\" in a rule whose peers are all ipBlocks: it never matches an external address, only "
                          "pods in the blocks that define it");
      }
      rule.ports.push_back(std::move(*port));
    }
    if (ipv6_peers > 0 && ipv6_peers == static_cast<int>(peers.size())) continue;
    out.push_back(std::move(rule));
  }
  return out;
}

}  // namespace

template <typename V>
std::optional<NetworkPolicy> DecodeNetworkPolicy(const JsonField<V>& body, ObjectMeta& meta) {
  int errors_before = body.reporter().errors();
  NetworkPolicy np;
  np.ns = meta.ns;
  np.name = meta.name;
  np.origin = std::move(meta.origin);
  JsonField<V> spec = body["spec"];
  if (spec.present() && !spec.IsObject()) return std::nullopt;
  if (std::optional<LabelSelector> s = DecodeLabelSelector(spec["podSelector"])) np.pod_selector = *s;

  JsonItems<V> types = spec["policyTypes"].Items();
  if (types.size() > 2)
    spec["policyTypes"].Error("may not have more than 2 elements, found " + std::to_string(types.size()));
  bool ingress_type = false, egress_type = false;
  for (const JsonField<V>& t : types) {
    std::optional<std::string> type = t.String();
    if (!type) continue;
    if (*type == "Ingress") {
      ingress_type = true;
    } else if (*type == "Egress") {
      egress_type = true;
    } else {
      t.Error("unsupported value \"" + *type + "\": supported values: \"Ingress\", \"Egress\"");
    }
  }
  // NP-2: absent or empty policyTypes → Ingress, plus Egress when spec.egress has at least one rule.
  if (types.empty()) {
    ingress_type = true;
    egress_type = spec["egress"].IsNonEmptyList();
  }
  np.ingress_type = ingress_type;
  np.egress_type = egress_type;
  np.ingress = DecodeRules(spec["ingress"], "from", false);
  np.egress = DecodeRules(spec["egress"], "to", true);
  if (body.reporter().errors() != errors_before) return std::nullopt;
  return np;
}

template std::optional<NetworkPolicy> DecodeNetworkPolicy(const JsonField<NlohmannValue>&, ObjectMeta&);
template std::optional<NetworkPolicy> DecodeNetworkPolicy(const JsonField<SimdValue>&, ObjectMeta&);

}  // namespace kreach
