#include "sim/loader/decode_topology.h"

#include <string>
#include <utility>
#include <vector>

namespace kreach {

template <typename V>
std::optional<Namespace> DecodeNamespace(const JsonField<V>& body, ObjectMeta& meta) {
  Namespace ns;
  ns.name = meta.name;
  ns.labels = std::move(meta.labels);
  ns.labels["kubernetes.io/metadata.name"] = meta.name;
  ns.declared = true;
  ns.origin = std::move(meta.origin);
  (void)body;
  return ns;
}

template <typename V>
std::optional<Node> DecodeNode(const JsonField<V>& body, ObjectMeta& meta) {
  int errors_before = body.reporter().errors();
  Node node;
  node.name = meta.name;
  node.labels = std::move(meta.labels);
  node.declared = true;
  node.origin = std::move(meta.origin);
  std::vector<Ipv4> internal, external;
  for (const JsonField<V>& a : body["status"].Mapping()["addresses"].Items()) {
    if (!a.IsObject()) continue;
    std::string type = a["type"].StringOr("");
    std::optional<std::string> text = a["address"].String();
    if ((type != "InternalIP" && type != "ExternalIP") || !text || text->find(':') != std::string::npos) continue;
    std::optional<Ipv4> ip = ParseIpv4(*text);
    if (!ip) {
      a["address"].Error("\"" + *text + "\" is not a valid IPv4 address");
      continue;
    }
    (type == "InternalIP" ? internal : external).push_back(*ip);
  }
  node.addresses = internal;
  node.addresses.insert(node.addresses.end(), external.begin(), external.end());
  JsonField<V> spec = body["spec"];
  std::vector<JsonField<V>> cidr_fields;
  if (spec["podCIDR"].present()) cidr_fields.push_back(spec["podCIDR"]);
  for (const JsonField<V>& f : spec["podCIDRs"].Items()) cidr_fields.push_back(f);
  for (const JsonField<V>& f : cidr_fields) {
    std::optional<std::string> text = f.String();
    if (!text || text->find(':') != std::string::npos) continue;
    std::optional<Cidr> cidr = ParseCidr(*text);
    if (!cidr) {
      f.Error("\"" + *text + "\" is not a valid CIDR (expected a.b.c.d/n)");
      continue;
    }
    if (!node.pod_cidr) node.pod_cidr = *cidr;
  }
  if (body.reporter().errors() != errors_before) return std::nullopt;
  return node;
}

template std::optional<Namespace> DecodeNamespace(const JsonField<NlohmannValue>&, ObjectMeta&);
template std::optional<Namespace> DecodeNamespace(const JsonField<SimdValue>&, ObjectMeta&);
template std::optional<Node> DecodeNode(const JsonField<NlohmannValue>&, ObjectMeta&);
template std::optional<Node> DecodeNode(const JsonField<SimdValue>&, ObjectMeta&);

}  // namespace kreach
