#include "sim/loader/decode_endpoint_slice.h"

#include <string>
#include <utility>

#include "sim/loader/decode_meta.h"

namespace kreach {

template <typename V>
std::optional<EndpointSlice> DecodeEndpointSlice(const JsonField<V>& body, ObjectMeta& meta) {
  int errors_before = body.reporter().errors();
  EndpointSlice slice;
  slice.ns = meta.ns;
  slice.name = meta.name;
  slice.origin = std::move(meta.origin);
  auto svc = meta.labels.find("kubernetes.io/service-name");
  if (svc != meta.labels.end()) slice.service_name = svc->second;
  std::string type = body["addressType"].StringOr("IPv4");
  if (type != "IPv4") {
    body.reporter().Info(body["addressType"].path(), "addressType " + type + " is not modelled; slice skipped");
    return std::nullopt;
  }
  for (const JsonField<V>& p : body["ports"].Items()) {
    if (!p.IsObject()) continue;
    EndpointPort port;
    port.name = p["name"].StringOr("");
    DecodeProtocol(p["protocol"], port.protocol);
    std::optional<std::int64_t> number = p["port"].Int();
    if (number && (*number < 1 || *number > 65535)) {
      p["port"].Error(std::to_string(*number) + " must be between 1 and 65535, inclusive");
    }
    port.port = number ? static_cast<int>(*number) : 0;
    slice.ports.push_back(std::move(port));
  }
  for (const JsonField<V>& e : body["endpoints"].Items()) {
    if (!e.IsObject()) continue;
    Endpoint ep;
    for (const JsonField<V>& a : e["addresses"].Items()) {
      std::optional<std::string> text = a.String();
      if (!text) continue;
      std::optional<Ipv4> ip = ParseIpv4(*text);
      if (!ip) {
        a.Error("\"" + *text + "\" is not a valid IPv4 address");
      } else {
        ep.addresses.push_back(*ip);
      }
    }
    JsonField<V> cond = e["conditions"].Mapping();
    ep.ready = cond["ready"].BoolOr(true);
    ep.serving = cond["serving"].BoolOr(true);
    ep.terminating = cond["terminating"].BoolOr(false);
    ep.hostname = e["hostname"].StringOr("");
    ep.node_name = e["nodeName"].StringOr("");
    JsonField<V> ref = e["targetRef"];
    if (ref["kind"].StringOr("") == "Pod") {
      ep.target_pod = ref["namespace"].StringOr(meta.ns) + "/" + ref["name"].StringOr("");
    }
    slice.endpoints.push_back(std::move(ep));
  }
  if (body.reporter().errors() != errors_before) return std::nullopt;
  return slice;
}

template std::optional<EndpointSlice> DecodeEndpointSlice(const JsonField<NlohmannValue>&, ObjectMeta&);
template std::optional<EndpointSlice> DecodeEndpointSlice(const JsonField<SimdValue>&, ObjectMeta&);

}  // namespace kreach
