#include "sim/loader/decode_pod.h"

#include <string>

#include "sim/loader/decode_meta.h"
#include "sim/loader/validate_names.h"

namespace kreach {

namespace {

void DecodeContainerPorts(const JsonField& container, Pod& pod) {
  for (const JsonField& p : container["ports"].Items()) {
    if (!p.IsObject()) continue;
    ContainerPort port;
    std::optional<std::int64_t> number = p["containerPort"].Int();
    if (!number) {
      if (!p["containerPort"].present()) {
        bool error = p["containerPort"].ApiRule("is required");
        if (!error) p.Warning("container port ignored: it has no containerPort");
      }
      continue;
    }
    if (*number < 1 || *number > 65535) {
      p["containerPort"].Error(std::to_string(*number) + " must be between 1 and 65535, inclusive");
      continue;
    }
    port.port = static_cast<int>(*number);
    if (std::optional<std::string> name = p["name"].String()) {
      std::string why = CheckPortName(*name);
      if (!why.empty()) {
        p["name"].Error("invalid port name \"" + *name + "\": " + why);
        continue;
      }
      port.name = *name;
    }
    if (!DecodeProtocol(p["protocol"], port.protocol)) continue;
    pod.ports.push_back(port);
  }
}

/// The first IPv4 address among `status.podIPs[].ip`, else `status.podIP`; reports malformed addresses.
std::optional<Ipv4> DecodeAddress(const JsonField& f) {
  std::optional<std::string> text = f.String();
  if (!text || text->empty()) return std::nullopt;
  if (text->find(':') != std::string::npos) return std::nullopt;  // IPv6: not modelled
  std::optional<Ipv4> ip = ParseIpv4(*text);
  if (!ip) f.Error("\"" + *text + "\" is not a valid IPv4 address");
  return ip;
}

}  // namespace

void DecodePodSpec(const JsonField& spec, Pod& pod, Labels* node_selector) {
  if (!spec.present() || !spec.IsObject()) return;
  pod.node = spec["nodeName"].StringOr("");
  pod.host_network = spec["hostNetwork"].BoolOr(false);
  pod.hostname = spec["hostname"].StringOr("");
  pod.subdomain = spec["subdomain"].StringOr("");
  pod.dns_policy = spec["dnsPolicy"].StringOr("ClusterFirst");
  for (const JsonField& c : spec["containers"].Items()) {
    if (c.IsObject()) DecodeContainerPorts(c, pod);
  }
  for (const JsonField& c : spec["initContainers"].Items()) {
    if (c.IsObject() && c["restartPolicy"].StringOr("") == "Always") DecodeContainerPorts(c, pod);
  }
  if (node_selector != nullptr) {
    if (std::optional<Labels> sel = spec["nodeSelector"].StringMap()) *node_selector = *sel;
  }
}

std::optional<OwnerRef> DecodeOwner(const JsonField& metadata) {
  std::optional<OwnerRef> first, controller;
  for (const JsonField& ref : metadata["ownerReferences"].Items()) {
    if (!ref.IsObject()) continue;
    std::optional<std::string> kind = ref["kind"].String(), name = ref["name"].String();
    if (!name) continue;
    if (!kind) {
      // netpol-analyzer shows such an owner as a Pod named after the reference; the API requires a kind.
      if (ref["kind"].present()) continue;
      if (!ref["kind"].ApiRule("is required")) ref.Warning("owner without a kind is taken as Pod " + *name);
      kind = "Pod";
    }
    OwnerRef owner{*kind, *name};
    if (!first) first = owner;
    if (!controller && ref["controller"].BoolOr(false)) controller = owner;
  }
  return controller ? controller : first;
}

std::optional<Pod> DecodePod(const JsonField& body, const ObjectMeta& meta) {
  int errors_before = body.reporter().errors();
  Pod pod;
  pod.ns = meta.ns;
  pod.name = meta.name;
  pod.labels = meta.labels;
  pod.origin = meta.origin;
  pod.terminating = meta.deleting;
  pod.owner = DecodeOwner(body["metadata"]);
  DecodePodSpec(body["spec"], pod, nullptr);
  JsonField status = body["status"];
  if (status.present() && status.IsObject()) {
    std::optional<Ipv4> ip;
    for (const JsonField& item : status["podIPs"].Items()) {
      if (!item.IsObject()) continue;
      std::optional<Ipv4> candidate = DecodeAddress(item["ip"]);
      if (candidate && !ip) ip = candidate;
    }
    std::optional<Ipv4> single = DecodeAddress(status["podIP"]);
    if (!ip) ip = single;
    if (ip) pod.ip = *ip;
    if (std::optional<Ipv4> host = DecodeAddress(status["hostIP"])) pod.host_ip = *host;
    if (std::optional<std::string> phase = status["phase"].String()) {
      if (*phase == "Pending" || *phase == "Running" || *phase == "Succeeded" || *phase == "Failed" ||
          *phase == "Unknown") {
        pod.phase = *phase;
      } else {
        status["phase"].Error("unsupported value \"" + *phase +
                              "\": supported values: \"Pending\", \"Running\", \"Succeeded\", \"Failed\", "
                              "\"Unknown\"");
      }
    }
    for (const JsonField& cond : status["conditions"].Items()) {
      if (!cond.IsObject() || cond["type"].StringOr("") != "Ready") continue;
      pod.ready = cond["status"].StringOr("True") == "True";
    }
  }
  if (body.reporter().errors() != errors_before) return std::nullopt;
  return pod;
}

}  // namespace kreach
