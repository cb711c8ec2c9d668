#include "sim/loader/decode_service.h"

#include <set>
#include <string>
#include <utility>

#include "sim/loader/decode_meta.h"
#include "sim/loader/decode_selector.h"
#include "sim/loader/validate_names.h"

namespace kreach {

namespace {

template <typename V>
std::optional<Ipv4> DecodeIp(const JsonField<V>& f) {
  std::optional<std::string> text = f.String();
  if (!text) return std::nullopt;
  std::optional<Ipv4> ip = ParseIpv4(*text);
  if (!ip && text->find(':') == std::string::npos) f.Error("\"" + *text + "\" is not a valid IPv4 address");
  return ip;
}

// `value` parsed into `out`; else an error on `f` that lists the `allowed` spellings.
template <typename V, typename E>
bool OneOf(const JsonField<V>& f, const std::string& value, std::optional<E> (*parse)(std::string_view),
           std::initializer_list<const char*> allowed, E& out) {
  if (std::optional<E> parsed = parse(value)) {
    out = *parsed;
    return true;
  }
  std::string list;
  for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + "\"" + a + "\"";
  f.Error("unsupported value \"" + value + "\": supported values: " + list);
  return false;
}

template <typename V>
void DecodePorts(const JsonField<V>& spec, Service& svc) {
  JsonItems<V> ports = spec["ports"].Items();
  std::set<std::string> names;
  std::set<std::pair<int, int>> port_protocols, node_ports;
  for (const JsonField<V>& p : ports) {
    if (!p.IsObject()) continue;
    ServicePort port;
    port.name = p["name"].StringOr("");
    if (ports.size() > 1 && port.name.empty()) {
      p["name"].ApiRule("is required when the Service has more than one port");
    } else if (!port.name.empty()) {
      std::string why;
      if (!CheckDns1123Label(port.name, &why)) p["name"].ApiRule("invalid port name \"" + port.name + "\": " + why);
      if (!names.insert(port.name).second) p["name"].ApiRule("duplicate port name \"" + port.name + "\"");
    }
    DecodeProtocol(p["protocol"], port.protocol);
    std::optional<std::int64_t> number = p["port"].Int();
    if (!number) {
      if (!p["port"].present()) p["port"].Error("is required");
    } else if (*number < 1 || *number > 65535) {
      p["port"].Error(std::to_string(*number) + " must be between 1 and 65535, inclusive");
    } else {
      port.port = static_cast<int>(*number);
      if (!port_protocols.insert({port.port, static_cast<int>(port.protocol)}).second) {
        p.Error("duplicate port " + std::to_string(port.port) + "/" + ProtocolName(port.protocol));
      }
    }
    port.target_port = port.port;
    if (std::optional<IntOrString> target = p["targetPort"].IntOrStr()) {
      if (target->is_int) {
        if (target->number < 1 || target->number > 65535) {
          p["targetPort"].Error(std::to_string(target->number) + " must be between 1 and 65535, inclusive");
        } else {
          port.target_port = static_cast<int>(target->number);
        }
      } else {
        std::string why;
        if (!CheckPortName(target->name, &why))
          p["targetPort"].Error("invalid port name \"" + target->name + "\": " + why);
        port.target_port = 0;
        port.target_port_name = target->name;
      }
    }
    if (std::optional<std::int64_t> node_port = p["nodePort"].Int()) {
      if (*node_port != 0) {
        if (svc.type == ServiceType::kClusterIP || svc.type == ServiceType::kExternalName) {
          p["nodePort"].Error(std::string("may not be used when `type` is '") + ServiceTypeName(svc.type) + "'");
        } else if (*node_port < 30000 || *node_port > 32767) {
          p["nodePort"].Error(std::to_string(*node_port) + " is outside the default NodePort range 30000-32767");
        } else {
          port.node_port = static_cast<int>(*node_port);
          if (!node_ports.insert({static_cast<int>(port.protocol), port.node_port}).second) {
            p["nodePort"].Error("duplicate nodePort " + std::to_string(port.node_port));
          }
        }
      }
    }
    svc.ports.push_back(std::move(port));
  }
  bool headless = svc.cluster_ip == "None";
  if (ports.empty() && !headless && svc.type != ServiceType::kExternalName) spec["ports"].Error("is required");
}

}  // namespace

template <typename V>
std::optional<Service> DecodeService(const JsonField<V>& body, ObjectMeta& meta) {
  int errors_before = body.reporter().errors();
  Service svc;
  svc.ns = meta.ns;
  svc.name = meta.name;
  svc.origin = std::move(meta.origin);
  JsonField<V> spec = body["spec"];
  if (spec.present() && !spec.IsObject()) return std::nullopt;
  if (std::optional<std::string> type = spec["type"].String()) {
    OneOf(spec["type"], *type, ParseServiceType, {"ClusterIP", "NodePort", "LoadBalancer", "ExternalName"}, svc.type);
  }
  svc.cluster_ip = spec["clusterIP"].StringOr("");
  if (svc.cluster_ip.empty()) {
    JsonItems<V> ips = spec["clusterIPs"].Items();
    if (!ips.empty()) svc.cluster_ip = ips[0].StringOr("");
  }
  if (svc.cluster_ip == "None") {
    if (svc.type == ServiceType::kNodePort || svc.type == ServiceType::kLoadBalancer) {
      spec["clusterIP"].Error(std::string("may not be set to 'None' for ") + ServiceTypeName(svc.type) + " services");
    }
  } else if (!svc.cluster_ip.empty()) {
    std::optional<Ipv4> ip = ParseIpv4(svc.cluster_ip);
    if (ip) {
      svc.cluster_ips.push_back(*ip);
    } else if (svc.cluster_ip.find(':') == std::string::npos) {
      spec["clusterIP"].Error("\"" + svc.cluster_ip + "\" is not a valid IPv4 address or 'None'");
    }
  }
  if (svc.type == ServiceType::kExternalName) {
    svc.external_name = spec["externalName"].StringOr("");
    std::string why;
    if (svc.external_name.empty()) {
      spec["externalName"].Error("is required for ExternalName services");
    } else if (!CheckDns1123Subdomain(svc.external_name, &why)) {
      spec["externalName"].Error("invalid externalName \"" + svc.external_name + "\": " + why);
    }
    if (!svc.cluster_ip.empty()) spec["clusterIP"].Error("must be empty for ExternalName services");
    svc.cluster_ips.clear();
  }
  if (spec["selector"].present()) svc.selector = DecodeLabels(spec["selector"]);
  DecodePorts(spec, svc);
  for (const JsonField<V>& f : spec["externalIPs"].Items()) {
    if (std::optional<Ipv4> ip = DecodeIp(f)) svc.external_ips.push_back(*ip);
  }
  for (const JsonField<V>& f : body["status"].Mapping()["loadBalancer"].Mapping()["ingress"].Items()) {
    if (!f.IsObject()) continue;
    if (std::optional<Ipv4> ip = DecodeIp(f["ip"])) svc.load_balancer_ips.push_back(*ip);
  }
  JsonItems<V> ranges = spec["loadBalancerSourceRanges"].Items();
  if (!ranges.empty() && svc.type != ServiceType::kLoadBalancer) {
    spec["loadBalancerSourceRanges"].Error("may only be used when `type` is 'LoadBalancer'");
  }
  for (const JsonField<V>& f : ranges) {
    std::optional<std::string> text = f.String();
    if (!text || text->find(':') != std::string::npos) continue;
    std::optional<Cidr> cidr = ParseCidr(*text);
    if (!cidr) {
      f.Error("\"" + *text + "\" is not a valid CIDR (expected a.b.c.d/n)");
    } else {
      svc.load_balancer_source_ranges.push_back(*cidr);
    }
  }
  if (std::optional<std::string> etp = spec["externalTrafficPolicy"].String()) {
    bool external =
        svc.type == ServiceType::kNodePort || svc.type == ServiceType::kLoadBalancer || !svc.external_ips.empty();
    if (!external) {
      spec["externalTrafficPolicy"].Error("may only be set for externally-accessible services");
    } else {
      OneOf(spec["externalTrafficPolicy"], *etp, ParseTrafficPolicy, {"Cluster", "Local"}, svc.external_traffic_policy);
    }
  }
  if (std::optional<std::string> itp = spec["internalTrafficPolicy"].String()) {
    OneOf(spec["internalTrafficPolicy"], *itp, ParseTrafficPolicy, {"Cluster", "Local"}, svc.internal_traffic_policy);
  }
  if (std::optional<std::string> affinity = spec["sessionAffinity"].String()) {
    OneOf(spec["sessionAffinity"], *affinity, ParseSessionAffinity, {"None", "ClientIP"}, svc.session_affinity);
  }
  JsonField<V> timeout = spec["sessionAffinityConfig"]["clientIP"]["timeoutSeconds"];
  if (std::optional<std::int64_t> t = timeout.Int()) {
    if (*t < 1 || *t > 86400) timeout.Error(std::to_string(*t) + " must be between 1 and 86400, inclusive");
  }
  if (spec["healthCheckNodePort"].IntOr(0) != 0 &&
      !(svc.type == ServiceType::kLoadBalancer && svc.external_traffic_policy == TrafficPolicy::kLocal)) {
    spec["healthCheckNodePort"].Error(
        "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
  }
  svc.publish_not_ready_addresses = spec["publishNotReadyAddresses"].BoolOr(false);
  JsonField<V> allocate = spec["allocateLoadBalancerNodePorts"];
  if (std::optional<bool> value = allocate.Bool()) {
    if (svc.type != ServiceType::kLoadBalancer) {
      allocate.ApiRule("may only be used when `type` is 'LoadBalancer'");
    } else {
      svc.allocate_load_balancer_node_ports = *value;
    }
  }
  if (body.reporter().errors() != errors_before) return std::nullopt;
  return svc;
}

template std::optional<Service> DecodeService(const JsonField<NlohmannValue>&, ObjectMeta&);
template std::optional<Service> DecodeService(const JsonField<SimdValue>&, ObjectMeta&);

}  // namespace kreach
