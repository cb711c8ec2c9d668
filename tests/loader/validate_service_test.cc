// Service (VAL-8) and Ingress (VAL-9) validation, messages pinned.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/loader/build_cluster.h"

namespace kreach {
namespace {

using nlohmann::json;

/// The errors of building one object of `kind` named `name` with `spec` in namespace shop.
std::vector<std::string> Errors(const std::string& kind, const std::string& name, const std::string& spec) {
  json body = {{"kind", kind}, {"metadata", {{"name", name}, {"namespace", "shop"}}}};
  body["spec"] = json::parse(spec);
  Diagnostics diag;
  BuildCluster({Document{"s.yaml", 1, "", body}}, ClusterConfig{}, diag);
  std::vector<std::string> out;
  for (const Diagnostic& d : diag.items()) {
    if (d.severity == Severity::kError) out.push_back(d.ToString());
  }
  return out;
}

std::vector<std::string> ServiceErrors(const std::string& spec) { return Errors("Service", "svc", spec); }

const std::string kSvc = "error: s.yaml: doc 1 (Service shop/svc): ";

TEST_CASE("VAL-8: a multi-port Service needs port names (E44)") {
  CHECK(ServiceErrors(R"({"ports": [{"name": "http", "port": 80}, {"port": 443}]})") ==
        std::vector<std::string>{kSvc + "spec.ports[1].name: is required when the Service has more than one port"});
  CHECK(ServiceErrors(R"({"ports": [{"name": "a", "port": 80}, {"name": "a", "port": 81}]})") ==
        std::vector<std::string>{kSvc + "spec.ports[1].name: duplicate port name \"a\""});
  CHECK(ServiceErrors(R"({"ports": [{"name": "Web_1", "port": 80}]})") ==
        std::vector<std::string>{kSvc + "spec.ports[0].name: invalid port name \"Web_1\": a lowercase RFC 1123 label "
                                        "must consist of lower case alphanumeric characters or '-', and must start "
                                        "and end with an alphanumeric character"});
}

TEST_CASE("VAL-8: nodePort range and type (E45), duplicates, ports required") {
  CHECK(ServiceErrors(R"({"type": "NodePort", "ports": [{"port": 80, "nodePort": 8080}]})") ==
        std::vector<std::string>{kSvc + "spec.ports[0].nodePort: 8080 is outside the default NodePort range "
                                        "30000-32767"});
  CHECK(ServiceErrors(R"({"ports": [{"port": 80, "nodePort": 30080}]})") ==
        std::vector<std::string>{kSvc + "spec.ports[0].nodePort: may not be used when `type` is 'ClusterIP'"});
  CHECK(ServiceErrors(R"({"ports": [{"name": "a", "port": 80}, {"name": "b", "port": 80}]})") ==
        std::vector<std::string>{kSvc + "spec.ports[1]: duplicate port 80/TCP"});
  CHECK(ServiceErrors(R"({"selector": {"app": "x"}})") == std::vector<std::string>{kSvc + "spec.ports: is required"});
  CHECK(ServiceErrors(R"({"clusterIP": "None"})").empty());
  CHECK(ServiceErrors(R"({"ports": [{"port": 80, "targetPort": 0}]})") ==
        std::vector<std::string>{kSvc + "spec.ports[0].targetPort: 0 must be between 1 and 65535, inclusive"});
}

TEST_CASE("VAL-8: externalTrafficPolicy only on externally-accessible Services (E46)") {
  CHECK(ServiceErrors(R"({"ports": [{"port": 80}], "externalTrafficPolicy": "Local"})") ==
        std::vector<std::string>{kSvc + "spec.externalTrafficPolicy: may only be set for externally-accessible "
                                        "services"});
  CHECK(ServiceErrors(R"({"ports": [{"port": 80}], "externalIPs": ["198.51.100.1"],
                          "externalTrafficPolicy": "Local"})")
            .empty());
}

TEST_CASE("VAL-8: headless, ExternalName, affinity, source ranges, names") {
  CHECK(ServiceErrors(R"({"type": "NodePort", "clusterIP": "None", "ports": [{"port": 80}]})") ==
        std::vector<std::string>{kSvc + "spec.clusterIP: may not be set to 'None' for NodePort services"});
  CHECK(ServiceErrors(R"({"type": "ExternalName"})") ==
        std::vector<std::string>{kSvc + "spec.externalName: is required for ExternalName services"});
  CHECK(ServiceErrors(R"({"type": "ExternalName", "externalName": "db.example.com", "clusterIP": "10.96.0.9"})") ==
        std::vector<std::string>{kSvc + "spec.clusterIP: must be empty for ExternalName services"});
  CHECK(ServiceErrors(R"({"ports": [{"port": 80}], "sessionAffinity": "Cookie"})") ==
        std::vector<std::string>{kSvc + "spec.sessionAffinity: unsupported value \"Cookie\": supported values: "
                                        "\"None\", \"ClientIP\""});
  CHECK(ServiceErrors(R"({"ports": [{"port": 80}], "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 0}}})") ==
        std::vector<std::string>{kSvc + "spec.sessionAffinityConfig.clientIP.timeoutSeconds: 0 must be between 1 and "
                                        "86400, inclusive"});
  CHECK(ServiceErrors(R"({"ports": [{"port": 80}], "loadBalancerSourceRanges": ["10.0.0.0/8"]})") ==
        std::vector<std::string>{kSvc + "spec.loadBalancerSourceRanges: may only be used when `type` is "
                                        "'LoadBalancer'"});
  CHECK(Errors("Service", "1web", R"({"ports": [{"port": 80}]})") ==
        std::vector<std::string>{"error: s.yaml: doc 1 (Service shop/1web): metadata.name: invalid name \"1web\": a "
                                 "DNS-1035 label must consist of lower case alphanumeric characters or '-', start "
                                 "with an alphabetic character, and end with an alphanumeric character"});
}

/// The errors of building Services `specs` (named a, b, ... in namespace shop, one document each) under `config`.
std::vector<std::string> ClusterErrors(const std::vector<std::string>& specs, const ClusterConfig& config = {}) {
  std::vector<Document> docs;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    json body = {{"kind", "Service"},
                 {"metadata", {{"name", std::string(1, static_cast<char>('a' + i))}, {"namespace", "shop"}}}};
    body["spec"] = json::parse(specs[i]);
    docs.push_back(Document{"s.yaml", static_cast<int>(i) + 1, "", body});
  }
  Diagnostics diag;
  BuildCluster(docs, config, diag);
  std::vector<std::string> out;
  for (const Diagnostic& d : diag.items()) {
    if (d.severity == Severity::kError) out.push_back(d.ToString());
  }
  return out;
}

TEST_CASE("VAL-8: a written clusterIP must lie inside the service CIDR") {
  CHECK(ClusterErrors({R"({"clusterIP": "10.0.0.1", "ports": [{"port": 80}]})"}) ==
        std::vector<std::string>{"error: s.yaml: doc 1 (Service shop/a): spec.clusterIP: 10.0.0.1 is not inside the "
                                 "service CIDR 10.96.0.0/12 (remove it to get one assigned, or set "
                                 "cluster.serviceCIDR)"});
  CHECK(ClusterErrors({R"({"clusterIPs": ["10.0.0.1"], "ports": [{"port": 80}]})"}).size() == 1);
  // Inside the range, headless, IPv6 (not modelled) and assigned addresses are fine.
  CHECK(ClusterErrors({R"({"clusterIP": "10.111.255.254", "ports": [{"port": 80}]})",
                       R"({"clusterIP": "None", "ports": [{"port": 80}]})",
                       R"({"clusterIP": "fd00::10", "ports": [{"port": 80}]})", R"({"ports": [{"port": 80}]})"})
            .empty());
  ClusterConfig config;
  config.service_cidr = Cidr{0xAC1E0000u, 16};  // 172.30.0.0/16
  CHECK(
      ClusterErrors({R"({"clusterIP": "172.30.0.1", "ports": [{"port": 80}]})", R"({"ports": [{"port": 80}]})"}, config)
          .empty());
  CHECK(ClusterErrors({R"({"clusterIP": "10.96.0.10", "ports": [{"port": 53}]})"}, config) ==
        std::vector<std::string>{"error: s.yaml: doc 1 (Service shop/a): spec.clusterIP: 10.96.0.10 is not inside "
                                 "the service CIDR 172.30.0.0/16 (remove it to get one assigned, or set "
                                 "cluster.serviceCIDR)"});
}

TEST_CASE("VAL-8: (protocol, nodePort) pairs are unique across Services") {
  CHECK(ClusterErrors({R"({"type": "NodePort", "ports": [{"name": "x", "port": 80, "nodePort": 30001},
                                                        {"name": "y", "port": 81, "nodePort": 30080}]})",
                       R"({"type": "LoadBalancer", "ports": [{"port": 8080, "nodePort": 30080}]})"}) ==
        std::vector<std::string>{"error: s.yaml: doc 2 (Service shop/b): spec.ports[0].nodePort: 30080/TCP is "
                                 "already allocated to Service shop/a (spec.ports[1].nodePort at s.yaml: doc 1): "
                                 "choose another nodePort or leave it out to get one assigned"});
  // The same number with another protocol, and different numbers, are fine.
  CHECK(ClusterErrors({R"({"type": "NodePort", "ports": [{"port": 53, "nodePort": 30053}]})",
                       R"({"type": "NodePort", "ports": [{"port": 53, "protocol": "UDP", "nodePort": 30053}]})",
                       R"({"type": "NodePort", "ports": [{"port": 53, "nodePort": 30054}]})"})
            .empty());
}

const std::string kIng = "error: s.yaml: doc 1 (Ingress shop/ing): ";

std::vector<std::string> IngressErrors(const std::string& spec) { return Errors("Ingress", "ing", spec); }

TEST_CASE("VAL-9: Ingress rules, hosts, paths and backends") {
  CHECK(IngressErrors(R"({})") == std::vector<std::string>{kIng + "spec: must specify either defaultBackend or rules"});
  CHECK(IngressErrors(R"({"rules": [{"host": "*", "http": {"paths": [{"path": "/", "pathType": "Prefix",
        "backend": {"service": {"name": "s", "port": {"number": 80}}}}]}}]})") ==
        std::vector<std::string>{kIng + "spec.rules[0].host: invalid host \"*\": a wildcard DNS-1123 subdomain must "
                                        "start with '*.', followed by a valid DNS subdomain"});
  CHECK(IngressErrors(R"({"rules": [{"host": "10.0.0.1"}]})") ==
        std::vector<std::string>{kIng + "spec.rules[0].host: invalid host \"10.0.0.1\": must be a DNS name, not an IP "
                                        "address"});
  CHECK(IngressErrors(R"({"rules": [{"http": {"paths": []}}]})") ==
        std::vector<std::string>{kIng + "spec.rules[0].http.paths: must have at least one path"});
  CHECK(IngressErrors(R"({"rules": [{"http": {"paths": [{"path": "/a//b", "pathType": "Exact",
        "backend": {"service": {"name": "s", "port": {"number": 80}}}}]}}]})") ==
        std::vector<std::string>{kIng + "spec.rules[0].http.paths[0].path: \"/a//b\" must not contain '//'"});
  CHECK(IngressErrors(R"({"rules": [{"http": {"paths": [{"path": "/",
        "backend": {"service": {"name": "s", "port": {"number": 80}}}}]}}]})") ==
        std::vector<std::string>{kIng + "spec.rules[0].http.paths[0].pathType: is required (Exact, Prefix or "
                                        "ImplementationSpecific)"});
  CHECK(IngressErrors(R"({"defaultBackend": {"service": {"name": "s", "port": {"number": 80, "name": "http"}}}})") ==
        std::vector<std::string>{kIng + "spec.defaultBackend.service.port: must specify exactly one of name or "
                                        "number"});
  CHECK(IngressErrors(R"({"defaultBackend": {}})") ==
        std::vector<std::string>{kIng + "spec.defaultBackend: must specify exactly one of service or resource"});
  CHECK(IngressErrors(R"({"ingressClassName": "a", "defaultBackend": {"resource": {"kind": "X", "name": "y"}}})")
            .empty());
}

}  // namespace
}  // namespace kreach
