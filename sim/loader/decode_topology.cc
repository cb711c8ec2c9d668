#include "sim/loader/decode_topology.h"

#include <string>

namespace kreach {

std::optional<Namespace> DecodeNamespace(const JsonField& body, const ObjectMeta& meta) {
  Namespace ns;
  ns.name = meta.name;
  ns.labels = meta.labels;
  ns.labels["kubernetes.io/metadata.name"] = meta.name;
  ns.declared = true;
  ns.origin = meta.origin;
  (void)body;
  return ns;
}

std::optional<Node> DecodeNode(const JsonField& body, const ObjectMeta& meta) {
  int errors_before = body.reporter().errors();
  Node node;
  node.name = meta.name;
  node.labels = meta.labels;
  node.declared = true;
  node.origin = meta.origin;
  std::vector<Ipv4> internal, external;
  for (const JsonField& a : body["status"]["addresses"].Items()) {
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
  JsonField spec = body["spec"];
  std::vector<JsonField> cidr_fields;
  if (spec["podCIDR"].present()) cidr_fields.push_back(spec["podCIDR"]);
  for (const JsonField& f : spec["podCIDRs"].Items()) cidr_fields.push_back(f);
  for (const JsonField& f : cidr_fields) {
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

}  // namespace kreach
