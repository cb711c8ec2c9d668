#include "sim/loader/decode_ingress.h"

#include <string>
#include <utility>

#include "sim/loader/validate_names.h"
#include "sim/model/text.h"

namespace kreach {

namespace {

template <typename V>
std::optional<IngressBackend> DecodeBackend(const JsonField<V>& f) {
  if (!f.IsObject()) return std::nullopt;
  IngressBackend backend;
  JsonField<V> service = f["service"];
  bool has_resource = f["resource"].present();
  if (service.present() == has_resource) {
    f.Error("must specify exactly one of service or resource");
    return std::nullopt;
  }
  if (has_resource) return backend;
  std::optional<std::string> name = service["name"].String();
  if (!name || name->empty()) {
    if (!name) service["name"].Error("is required");
    return std::nullopt;
  }
  backend.service_name = *name;
  JsonField<V> port = service["port"];
  bool has_number = port["number"].present(), has_name = port["name"].present();
  if (has_number == has_name) {
    port.Error("must specify exactly one of name or number");
    return std::nullopt;
  }
  if (has_number) {
    std::optional<std::int64_t> n = port["number"].Int();
    if (!n) return std::nullopt;
    if (*n < 1 || *n > 65535) {
      port["number"].Error(std::to_string(*n) + " must be between 1 and 65535, inclusive");
      return std::nullopt;
    }
    backend.port_number = static_cast<int>(*n);
  } else {
    backend.port_name = port["name"].StringOr("");
  }
  return backend;
}

/// VAL-9 path rules for Exact and Prefix paths: false with `why` when `path` breaks one.
bool CheckPath(const std::string& path, std::string* why) {
  if (path.empty() || path[0] != '/') return Invalid(why, "must be an absolute path");
  for (const char* bad : {"//", "/./", "/../", "%2f", "%2F"}) {
    if (path.find(bad) != std::string::npos) return Invalid(why, std::string("must not contain '") + bad + "'");
  }
  if (EndsWith(path, "/..")) return Invalid(why, "must not end with '/..'");
  if (EndsWith(path, "/.")) return Invalid(why, "must not end with '/.'");
  return true;
}

/// An Ingress rule's host: a DNS subdomain, optionally behind "*."; false with `why` when it is not.
bool CheckHost(const std::string& host, std::string* why) {
  if (ParseIpv4(host)) return Invalid(why, "must be a DNS name, not an IP address");
  std::string rest = StartsWith(host, "*.") ? host.substr(2) : host;
  if (!CheckDns1123Subdomain(rest, why)) {
    if (host.find('*') != std::string::npos) {
      *why = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain";
    }
    return false;
  }
  return true;
}

}  // namespace

template <typename V>
std::optional<Ingress> DecodeIngress(const JsonField<V>& body, ObjectMeta& meta) {
  int errors_before = body.reporter().errors();
  Ingress ing;
  ing.ns = meta.ns;
  ing.name = meta.name;
  ing.origin = std::move(meta.origin);
  ing.creation_timestamp = meta.creation_timestamp;
  JsonField<V> spec = body["spec"];
  if (spec.present() && !spec.IsObject()) return std::nullopt;
  ing.ingress_class = spec["ingressClassName"].StringOr("");
  auto annotation = meta.annotations.find("kubernetes.io/ingress.class");
  if (annotation != meta.annotations.end()) {
    if (!ing.ingress_class.empty() && ing.ingress_class != annotation->second) {
      spec["ingressClassName"].Error("\"" + ing.ingress_class +
                                     "\" differs from the kubernetes.io/ingress.class annotation \"" +
                                     annotation->second + "\"");
    }
    if (ing.ingress_class.empty()) ing.ingress_class = annotation->second;
  }
  JsonField<V> default_backend = spec["defaultBackend"];
  if (!default_backend.present()) default_backend = spec["backend"];  // extensions/v1beta1 spelling
  if (default_backend.present()) ing.default_backend = DecodeBackend(default_backend);
  JsonItems<V> rules = spec["rules"].Items();
  if (rules.empty() && !default_backend.present()) {
    spec.Error("must specify either defaultBackend or rules");
  }
  for (const JsonField<V>& r : rules) {
    if (!r.IsObject()) continue;
    IngressRule rule;
    rule.host = r["host"].StringOr("");
    if (!rule.host.empty()) {
      std::string why;
      if (!CheckHost(rule.host, &why)) r["host"].Error("invalid host \"" + rule.host + "\": " + why);
    }
    JsonField<V> http = r["http"];
    if (http.present()) {
      JsonItems<V> paths = http["paths"].Items();
      if (paths.empty()) http["paths"].Error("must have at least one path");
      for (const JsonField<V>& p : paths) {
        if (!p.IsObject()) continue;
        IngressPath path;
        path.path = p["path"].StringOr("");
        std::optional<std::string> type = p["pathType"].String();
        std::optional<PathType> parsed = type ? ParsePathType(*type) : std::nullopt;
        if (!type) {
          if (!p["pathType"].present()) p["pathType"].Error("is required (Exact, Prefix or ImplementationSpecific)");
        } else if (!parsed) {
          p["pathType"].Error("unsupported value \"" + *type +
                              "\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\"");
        } else {
          path.path_type = *parsed;
          if (*parsed != PathType::kImplementationSpecific) {
            std::string why;
            if (!CheckPath(path.path, &why)) p["path"].Error("\"" + path.path + "\" " + why);
          } else if (!path.path.empty() && path.path[0] != '/') {
            p["path"].Error("\"" + path.path + "\" must be an absolute path");
          }
        }
        if (std::optional<IngressBackend> backend = DecodeBackend(p["backend"])) {
          path.backend = *backend;
        } else if (!p["backend"].present()) {
          p["backend"].Error("is required");
        }
        rule.paths.push_back(std::move(path));
      }
    }
    ing.rules.push_back(std::move(rule));
  }
  for (const JsonField<V>& t : spec["tls"].Items()) {
    for (const JsonField<V>& h : t.Mapping()["hosts"].Items()) {
      if (std::optional<std::string> host = h.String()) ing.tls_hosts.push_back(*host);
    }
  }
  if (body.reporter().errors() != errors_before) return std::nullopt;
  return ing;
}

template <typename V>
std::optional<IngressClass> DecodeIngressClass(const JsonField<V>& body, ObjectMeta& meta) {
  IngressClass ic;
  ic.name = meta.name;
  ic.origin = std::move(meta.origin);
  ic.controller = body["spec"].Mapping()["controller"].StringOr("");
  auto it = meta.annotations.find("ingressclass.kubernetes.io/is-default-class");
  ic.is_default = it != meta.annotations.end() && it->second == "true";
  return ic;
}

template std::optional<Ingress> DecodeIngress(const JsonField<NlohmannValue>&, ObjectMeta&);
template std::optional<Ingress> DecodeIngress(const JsonField<SimdValue>&, ObjectMeta&);
template std::optional<IngressClass> DecodeIngressClass(const JsonField<NlohmannValue>&, ObjectMeta&);
template std::optional<IngressClass> DecodeIngressClass(const JsonField<SimdValue>&, ObjectMeta&);

}  // namespace kreach
