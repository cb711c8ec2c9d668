#include "sim/loader/decode_pod.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "sim/loader/decode_meta.h"
#include "sim/loader/decode_node_constraints.h"
#include "sim/loader/validate_names.h"

namespace kreach {

namespace {

template <typename V>
void DecodeContainerPorts(const JsonField<V>& container, Pod& pod) {
  for (const JsonField<V>& p : container["ports"].Items()) {
    if (!p.IsObject()) continue;
    ContainerPort port;
    JsonField<V> container_port = p["containerPort"];
    std::optional<std::int64_t> number = container_port.Int();
    if (!number) {
      if (!container_port.present()) {
        bool error = container_port.ApiRule("is required");
        if (!error) p.Warning("container port ignored: it has no containerPort");
      }
      continue;
    }
    if (*number < 1 || *number > 65535) {
      container_port.Error(std::to_string(*number) + " must be between 1 and 65535, inclusive");
      continue;
    }
    port.port = static_cast<int>(*number);
    JsonField<V> name_field = p["name"];
    if (std::optional<std::string_view> name = name_field.StringView()) {
      std::string why;
      if (!CheckPortName(*name, &why)) {
        name_field.Error("invalid port name \"" + std::string(*name) + "\": " + why);
        continue;
      }
      port.name = std::string(*name);
    }
    if (!DecodeProtocol(p["protocol"], port.protocol)) continue;
    pod.ports.push_back(std::move(port));
  }
}

/// The ingress-nginx flags of `container`'s command and args that say which IngressClasses it serves (Pod::
/// ingress_class_flags). pflag takes "--name=value" and "--name value" for string flags, "--name" for booleans.
template <typename V>
void DecodeIngressClassFlags(const JsonField<V>& container, Pod& pod) {
  static constexpr std::string_view kValued[] = {"--controller-class", "--ingress-class"};
  static constexpr std::string_view kBooleans[] = {"--ingress-class-by-name", "--watch-ingress-without-class"};
  for (const char* list : {"command", "args"}) {
    std::vector<std::string> words;
    for (const JsonField<V>& item : container[list].Items()) {
      if (std::optional<std::string_view> word = item.StringView()) words.emplace_back(*word);
    }
    for (std::size_t i = 0; i < words.size(); ++i) {
      const std::string& w = words[i];
      std::string_view name = std::string_view(w).substr(0, w.find('='));
      bool valued = std::find(std::begin(kValued), std::end(kValued), name) != std::end(kValued);
      bool boolean = std::find(std::begin(kBooleans), std::end(kBooleans), name) != std::end(kBooleans);
      if (!valued && !boolean) continue;
      if (valued && w.find('=') == std::string::npos && i + 1 < words.size()) {
        pod.ingress_class_flags.push_back(w + "=" + words[++i]);
      } else {
        pod.ingress_class_flags.push_back(w);
      }
    }
  }
}

/// The address in `f` (absent, empty and IPv6 → nullopt); reports malformed addresses.
template <typename V>
std::optional<Ipv4> DecodeAddress(const JsonField<V>& f) {
  std::optional<std::string_view> text = f.StringView();
  if (!text || text->empty()) return std::nullopt;
  if (text->find(':') != std::string_view::npos) return std::nullopt;  // IPv6: not modelled
  std::optional<Ipv4> ip = ParseIpv4(*text);
  if (!ip) f.Error("\"" + std::string(*text) + "\" is not a valid IPv4 address");
  return ip;
}

/// A pod address (status.podIP, status.podIPs[i].ip): DecodeAddress, and never an address no host has as its own
/// (0.0.0.0 would also read as "no IP yet" and get one assigned).
template <typename V>
std::optional<Ipv4> DecodePodAddress(const JsonField<V>& f) {
  std::optional<Ipv4> ip = DecodeAddress(f);
  if (!ip) return ip;
  std::string special = SpecialIpv4(*ip);
  if (special.empty()) return ip;
  f.Error(FormatIpv4(*ip) + " is " + special + ": no pod has it as its own");
  return std::nullopt;
}

}  // namespace

template <typename V>
void DecodePodSpec(const JsonField<V>& spec, Pod& pod) {
  if (!spec.present() || !spec.IsObject()) return;
  pod.node = spec["nodeName"].StringOr("");
  pod.host_network = spec["hostNetwork"].BoolOr(false);
  pod.hostname = spec["hostname"].StringOr("");
  pod.subdomain = spec["subdomain"].StringOr("");
  pod.dns_policy = DnsPolicy::kClusterFirst;
  JsonField<V> dns_policy = spec["dnsPolicy"];
  if (std::optional<std::string_view> text = dns_policy.StringView()) {
    // The API server rejects any other value; with --relaxed the pod is kept and resolves through its node.
    std::optional<DnsPolicy> parsed = ParseDnsPolicy(*text);
    if (!parsed) {
      dns_policy.ApiRule("unsupported value \"" + std::string(*text) +
                         "\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", "
                         "\"None\" (with --relaxed kreach takes it as Default: the node's resolver)");
    }
    pod.dns_policy = parsed.value_or(DnsPolicy::kDefault);
  }
  for (const JsonField<V>& c : spec["containers"].Items()) {
    if (!c.IsObject()) continue;
    DecodeContainerPorts(c, pod);
    DecodeIngressClassFlags(c, pod);
  }
  for (const JsonField<V>& c : spec["initContainers"].Items()) {
    if (c.IsObject() && c["restartPolicy"].StringOr("") == "Always") DecodeContainerPorts(c, pod);
  }
  pod.node_constraints = DecodeNodeConstraints(spec);
}

template <typename V>
std::optional<OwnerRef> DecodeOwner(const JsonField<V>& metadata) {
  std::optional<OwnerRef> first, controller;
  for (const JsonField<V>& ref : metadata["ownerReferences"].Items()) {
    if (!ref.IsObject()) continue;
    JsonField<V> kind_field = ref["kind"];
    std::optional<std::string_view> kind = kind_field.StringView(), name = ref["name"].StringView();
    if (!name) continue;
    if (!kind) {
      // netpol-analyzer shows such an owner as a Pod named after the reference; the API requires a kind.
      if (kind_field.present()) continue;
      if (!kind_field.ApiRule("is required")) ref.Warning("owner without a kind is taken as Pod " + std::string(*name));
      kind = "Pod";
    }
    bool is_controller = !controller && ref["controller"].BoolOr(false);
    if (!first) first = OwnerRef{std::string(*kind), std::string(*name)};
    if (is_controller) controller = OwnerRef{std::string(*kind), std::string(*name)};
  }
  return controller ? controller : first;
}

template <typename V>
std::optional<Pod> DecodePod(const JsonField<V>& body, ObjectMeta& meta) {
  int errors_before = body.reporter().errors();
  Pod pod;
  pod.ns = meta.ns;
  pod.name = meta.name;
  pod.labels = std::move(meta.labels);
  pod.origin = std::move(meta.origin);
  pod.terminating = meta.deleting;
  pod.owner = DecodeOwner(body["metadata"]);
  DecodePodSpec(body["spec"], pod);
  JsonField<V> status = body["status"];
  if (status.present() && status.IsObject()) {
    std::optional<Ipv4> ip;
    for (const JsonField<V>& item : status["podIPs"].Items()) {
      if (!item.IsObject()) continue;
      std::optional<Ipv4> candidate = DecodePodAddress(item["ip"]);
      if (candidate && !ip) ip = candidate;
    }
    std::optional<Ipv4> single = DecodePodAddress(status["podIP"]);
    if (!ip) ip = single;
    if (ip) pod.ip = *ip;
    if (std::optional<Ipv4> host = DecodeAddress(status["hostIP"])) pod.host_ip = *host;
    JsonField<V> phase_field = status["phase"];
    if (std::optional<std::string_view> phase = phase_field.StringView()) {
      if (std::optional<PodPhase> parsed = ParsePodPhase(*phase)) {
        pod.phase = *parsed;
      } else {
        phase_field.Error("unsupported value \"" + std::string(*phase) +
                          "\": supported values: \"Pending\", \"Running\", \"Succeeded\", \"Failed\", "
                          "\"Unknown\"");
      }
    }
    for (const JsonField<V>& cond : status["conditions"].Items()) {
      if (!cond.IsObject() || cond["type"].StringOr("") != "Ready") continue;
      pod.ready = cond["status"].StringOr("True") == "True";
    }
  }
  if (body.reporter().errors() != errors_before) return std::nullopt;
  return pod;
}

template void DecodePodSpec(const JsonField<NlohmannValue>&, Pod&);
template void DecodePodSpec(const JsonField<SimdValue>&, Pod&);
template std::optional<OwnerRef> DecodeOwner(const JsonField<NlohmannValue>&);
template std::optional<OwnerRef> DecodeOwner(const JsonField<SimdValue>&);
template std::optional<Pod> DecodePod(const JsonField<NlohmannValue>&, ObjectMeta&);
template std::optional<Pod> DecodePod(const JsonField<SimdValue>&, ObjectMeta&);

}  // namespace kreach
