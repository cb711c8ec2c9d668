// Wrong types in every field: starting from a valid cluster that uses every field kreach reads, each value (leaf
// or container) of each object is replaced, one at a time, by values of every other JSON type. The loader must
// never throw, and a mutation it refuses must be refused at that object and at that field (or an ancestor or a
// part of it), so that the message says what to fix.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "sim/loader/loader.h"

namespace kreach {
namespace {

using nlohmann::json;

/// One object per document; every field the loader reads appears at least once.
const char* const kObjects[] = {
    R"({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": {"team": "a"}}})",
    R"({"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n1", "labels": {"zone": "z1"}},
        "status": {"addresses": [{"type": "InternalIP", "address": "172.18.0.2"}]}})",
    R"({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web"}},
        "spec": {"nodeName": "n1", "hostNetwork": false, "containers": [{"name": "c",
          "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}]}]},
        "status": {"podIP": "10.244.0.5", "phase": "Running"}})",
    R"({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api", "namespace": "shop"},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "api"}},
          "template": {"metadata": {"labels": {"app": "api"}},
            "spec": {"containers": [{"name": "c", "ports": [{"name": "grpc", "containerPort": 9090}]}]}}}})",
    R"({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db", "namespace": "shop"},
        "spec": {"replicas": 1, "serviceName": "db", "selector": {"matchExpressions": [{"key": "app",
          "operator": "In", "values": ["db"]}]},
          "template": {"metadata": {"labels": {"app": "db"}}, "spec": {"containers": [{"name": "c"}]}}}})",
    R"({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent", "namespace": "shop"},
        "spec": {"selector": {"matchLabels": {"app": "agent"}},
          "template": {"metadata": {"labels": {"app": "agent"}},
            "spec": {"hostNetwork": true, "nodeSelector": {"zone": "z1"}, "containers": [{"name": "c"}]}}}})",
    R"({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "once", "namespace": "shop"},
        "spec": {"parallelism": 1, "completions": 1,
          "template": {"metadata": {"labels": {"job": "once"}}, "spec": {"containers": [{"name": "c"}]}}}})",
    R"({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"},
        "spec": {"type": "NodePort", "selector": {"app": "web"}, "clusterIP": "10.96.0.20",
          "externalTrafficPolicy": "Local", "internalTrafficPolicy": "Cluster", "externalIPs": ["192.0.2.10"],
          "ports": [{"name": "http", "port": 80, "targetPort": "http", "nodePort": 30080, "protocol": "TCP"}]}})",
    R"({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "lb", "namespace": "shop"},
        "spec": {"type": "LoadBalancer", "selector": {"app": "api"}, "loadBalancerSourceRanges": ["203.0.113.0/24"],
          "ports": [{"port": 9090, "targetPort": 9090}]},
        "status": {"loadBalancer": {"ingress": [{"ip": "198.51.100.7"}]}}})",
    R"({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "ext", "namespace": "shop"},
        "spec": {"type": "ExternalName", "externalName": "db.example.com"}})",
    R"({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "manual", "namespace": "shop"},
        "spec": {"ports": [{"port": 5432}]}})",
    R"({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "metadata": {"name": "manual-1",
        "namespace": "shop", "labels": {"kubernetes.io/service-name": "manual"}}, "addressType": "IPv4",
        "ports": [{"port": 5432, "protocol": "TCP"}],
        "endpoints": [{"addresses": ["10.0.9.9"], "conditions": {"ready": true}}]})",
    R"({"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": {"name": "nginx",
        "annotations": {"ingressclass.kubernetes.io/is-default-class": "true"}},
        "spec": {"controller": "k8s.io/ingress-nginx"}})",
    R"({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "shop", "namespace": "shop"},
        "spec": {"ingressClassName": "nginx", "tls": [{"hosts": ["shop.example.com"], "secretName": "t"}],
          "defaultBackend": {"service": {"name": "web", "port": {"number": 80}}},
          "rules": [{"host": "shop.example.com", "http": {"paths": [{"path": "/api", "pathType": "Prefix",
            "backend": {"service": {"name": "web", "port": {"name": "http"}}}}]}}]}})",
    R"({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "web", "namespace": "shop"},
        "spec": {"podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Ingress", "Egress"],
          "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "api"}}},
                                {"namespaceSelector": {"matchExpressions": [{"key": "team", "operator": "Exists"}]}},
                                {"ipBlock": {"cidr": "10.0.0.0/8", "except": ["10.1.0.0/16"]}}],
                       "ports": [{"port": "http"}, {"protocol": "UDP", "port": 5000, "endPort": 5010}]}],
          "egress": [{"to": [{"namespaceSelector": {}, "podSelector": {"matchLabels": {"app": "db"}}}],
                      "ports": [{"port": 5432, "protocol": "SCTP"}]}]}})",
};

std::string Source(std::size_t i) { return "obj" + std::to_string(i) + ".json"; }

/// Every value in `value` with its path in the loader's form (`spec.ports[0].port`); the root is skipped.
void Paths(const json& value, const std::string& path, std::vector<std::pair<std::string, json::json_pointer>>& out,
           const json::json_pointer& pointer) {
  if (!path.empty()) out.emplace_back(path, pointer);
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      Paths(it.value(), path.empty() ? it.key() : path + "." + it.key(), out, pointer / it.key());
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      Paths(value[i], path + "[" + std::to_string(i) + "]", out, pointer / i);
    }
  }
}

/// `spec.ports[0]` for `spec.ports[0].port`, `spec.ports` for `spec.ports[0]`, "" at the top.
std::string Parent(const std::string& path) {
  const std::size_t cut = path.find_last_of(".[");
  return cut == std::string::npos ? "" : path.substr(0, cut);
}

/// True when `a` is `b`, or one of them is a part of the other (`spec` and `spec.ports[0]`).
bool Related(const std::string& a, const std::string& b) {
  auto prefix = [](const std::string& whole, const std::string& part) {
    return whole.compare(0, part.size(), part) == 0 &&
           (whole.size() == part.size() || whole[part.size()] == '.' || whole[part.size()] == '[');
  };
  return prefix(a, b) || prefix(b, a);
}

TEST_CASE("a wrong type in any field is refused at that field, or accepted, never thrown", "[robustness]") {
  std::vector<json> objects;
  std::vector<std::pair<std::string, std::string>> texts;
  for (std::size_t i = 0; i < std::size(kObjects); ++i) {
    objects.push_back(json::parse(kObjects[i]));
    texts.emplace_back(Source(i), objects.back().dump());
  }
  LoadResult valid = LoadClusterFromTexts(texts);
  INFO("the valid cluster: " << [&] {
    std::string all;
    for (const Diagnostic& d : valid.diagnostics.items()) all += d.ToString() + "\n";
    return all;
  }());
  REQUIRE_FALSE(valid.diagnostics.HasErrors());
  REQUIRE(valid.cluster.pods.size() >= 5);

  const std::vector<json> kReplacements = {
      json("x"), json(7), json(2.5), json(true), json(nullptr), json::array({"x"}), json::object({{"x", 1}})};
  int tried = 0, accepted = 0, refused = 0;
  std::vector<std::string> misplaced;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    std::vector<std::pair<std::string, json::json_pointer>> paths;
    Paths(objects[i], "", paths, json::json_pointer());
    for (const auto& [path, pointer] : paths) {
      const json& original = objects[i].at(pointer);
      for (const json& replacement : kReplacements) {
        if (replacement.type() == original.type()) continue;
        if (replacement.is_number_integer() && original.is_number_integer()) continue;  // signed or not: one type
        json mutated = objects[i];
        mutated[pointer] = replacement;
        std::vector<std::pair<std::string, std::string>> inputs = texts;
        inputs[i].second = mutated.dump();
        ++tried;
        LoadResult load;
        REQUIRE_NOTHROW(load = LoadClusterFromTexts(inputs));
        if (!load.diagnostics.HasErrors()) {
          ++accepted;
          continue;
        }
        ++refused;
        bool located = false;
        std::string errors;
        for (const Diagnostic& d : load.diagnostics.items()) {
          if (d.severity != Severity::kError) continue;
          errors += "\n    " + d.ToString();
          if (d.where.source != Source(i) || d.where.doc != 1) continue;
          // At the field (or a part of it, or what holds it); at a sibling that depends on it (a named `port`
          // with `endPort`); anywhere in the object when the field was removed (null: what it defaults to may
          // conflict with other fields, e.g. `type` and `nodePort`).
          if (Related(d.where.path, path) || Related(d.where.path, Parent(path)) || replacement.is_null()) {
            located = true;
          }
        }
        if (!located) misplaced.push_back(Source(i) + " " + path + " = " + replacement.dump() + ":" + errors);
      }
    }
  }
  std::string report;
  for (const std::string& m : misplaced) report += m + "\n";
  INFO(tried << " mutations: " << accepted << " accepted, " << refused << " refused, " << misplaced.size()
             << " refused elsewhere than at the field:\n"
             << report);
  CHECK(misplaced.empty());
  CHECK(tried > 1000);
  CHECK(refused > tried / 3);  // most fields kreach reads are typed: a generator change cannot hollow this out
}

}  // namespace
}  // namespace kreach
