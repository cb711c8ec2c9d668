// Inputs for the loader's equality tests: generated clusters and large Lists with broken items of every kind.
#ifndef KREACH_TESTS_LOADER_LIST_INPUTS_H_
#define KREACH_TESTS_LOADER_LIST_INPUTS_H_

#include <catch2/catch.hpp>
#include <cstdint>
#include <sstream>
#include <string>

#include "sim/generate/generate.h"

namespace kreach {

/// The JSON List `kreach generate` writes for `params`.
inline std::string Generated(GeneratorParams params) {
  std::ostringstream out;
  WriteSyntheticCluster(params, TextFormat::kJson, out);
  return out.str();
}

inline GeneratorParams Preset(const char* name, std::uint64_t seed) {
  const GeneratorPreset* preset = FindGeneratorPreset(name);
  REQUIRE(preset != nullptr);
  GeneratorParams params = preset->params;
  params.seed = seed;
  return params;
}

/// One item of a List, built from JSON text pieces.
inline std::string PodItem(int i, const std::string& ns, const std::string& extra_meta = "",
                           const std::string& spec = "", const std::string& status = "") {
  std::string name = "p" + std::to_string(i);
  return R"({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": ")" + name + R"(", "namespace": ")" + ns +
         R"(", "labels": {"app": "a)" + std::to_string(i % 13) + R"(", "tier": "t)" + std::to_string(i % 3) + "\"}" +
         extra_meta + R"(}, "spec": {"nodeName": "n)" + std::to_string(i % 5) +
         R"(", "containers": [{"name": "c", "ports": [{"name": "http", "containerPort": 8080}]}])" + spec +
         R"(}, "status": {"phase": "Running", "podIP": "10.9.)" + std::to_string(i / 250) + "." +
         std::to_string(i % 250 + 2) + "\"" + status + "}}";
}

/// A List of `count` items, item i from make(i), with the List's own members around `items`.
template <typename Make>
std::string List(int count, Make make, const std::string& kind = "List") {
  std::string text = R"({"apiVersion": "v1", "kind": ")" + kind + R"(", "metadata": {"resourceVersion": ""},
 "items": [)";
  for (int i = 0; i < count; ++i) {
    if (i > 0) text += ",\n";
    text += make(i);
  }
  return text + "]}";
}

/// Items of every kind, with problems sprinkled in: wrong types, invalid values, duplicates (in the same block,
/// across blocks and threads), missing names and kinds, kinds kreach does not model, warnings of relaxed mode,
/// numbers of every JSON flavour, strings with escapes that template hashes must serialize as nlohmann does.
inline std::string BrokenItem(int i) {
  std::string ns = "ns" + std::to_string(i % 7);
  switch (i % 61) {
    case 1: return PodItem(i, ns, R"(, "annotations": {"a": 1})");                 // annotation not a string
    case 2: return PodItem(i, ns, "", R"(, "hostNetwork": "yes")");                // bool expected
    case 3: return PodItem(i, ns, "", "", R"(, "phase2": 1, "hostIP": "1.2.3")");  // bad address
    case 4: return R"({"kind": "Pod", "metadata": {"name": 7}})";                  // name not a string
    case 5: return R"({"kind": "Pod", "metadata": {"namespace": "x"}})";           // no name
    case 6: return R"({"metadata": {"name": "nokind"}})";                          // no kind
    case 7: return R"({"kind": "", "metadata": {"name": "emptykind"}})";
    case 8: return R"({"kind": "ConfigMap", "metadata": {"name": "cm", "namespace": "x"}, "data": {"k": "v"}})";
    case 9: return PodItem(i - 9, ns);  // duplicate of item i-9
    case 10: return PodItem(3, "ns3");  // duplicate across blocks
    case 11:
      return R"({"kind": "Service", "metadata": {"name": "s)" + std::to_string(i) + R"(", "namespace": ")" + ns +
             R"("}, "spec": {"selector": {"app": "a1"}, "ports": [{"port": 80, "targetPort": "http"},
             {"port": 443, "nodePort": 31000}]}})";  // two ports, no names; nodePort on a ClusterIP
    case 12:
      return R"({"kind": "Service", "metadata": {"name": "s)" + std::to_string(i) + R"(", "namespace": ")" + ns +
             R"("}, "spec": {"type": "NodePort", "selector": {"tier": "t2"}, "ports": [{"name": "web", "port": 80,
             "targetPort": 8080, "protocol": "TCP"}], "externalTrafficPolicy": "Local"}})";
    case 13:
      return R"({"kind": "NetworkPolicy", "metadata": {"name": "np)" + std::to_string(i) + R"(", "namespace": ")" + ns +
             R"("}, "spec": {"podSelector": {"matchLabels": {"app": "a1"}}, "ingress": [{"from": [
             {"ipBlock": {"cidr": "10.0.0.0/8", "except": ["10.1.0.0/16", "11.0.0.0/16"]}},
             {"ipBlock": {"cidr": "fd00::/8"}}, {"podSelector": {"matchExpressions": [{"key": "tier",
             "operator": "In", "values": ["t1", "t2"]}]}, "namespaceSelector": {}}],
             "ports": [{"port": "http"}, {"port": 80, "endPort": 90}, {"protocol": "SCTP"}]}],
             "egress": [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}], "ports": [{"port": "dns"}]}]}})";
    case 14:
      return R"({"kind": "NetworkPolicy", "metadata": {"name": "bad)" + std::to_string(i) + R"(", "namespace": ")" +
             ns + R"("}, "spec": {"podSelector": {"matchLabels": {"app!": "x"}}, "policyTypes": ["Ingress",
             "Sideways"], "ingress": [{"from": [{}], "ports": [{"port": 70000}]}]}})";
    case 15:
      return R"({"kind": "Deployment", "apiVersion": "apps/v1", "metadata": {"name": "d)" + std::to_string(i) +
             R"(", "namespace": ")" + ns + R"("}, "spec": {"replicas": 2.0, "selector": {"matchLabels": {"app": "d"}},
             "template": {"metadata": {"labels": {"app": "d"}, "annotations": {"note": "tab\tquote\" back\\ é \u0001 \u20ac"}},
             "spec": {"containers": [{"name": "c", "image": "i", "resources": {"limits": {"cpu": 0.25, "memory": 1e3}},
             "ports": [{"containerPort": 80, "name": "http"}]}]}}}})";
    case 16:
      return R"({"kind": "StatefulSet", "metadata": {"name": "ss)" + std::to_string(i) + R"(", "namespace": ")" + ns +
             R"("}, "spec": {"replicas": 3, "serviceName": "ss", "selector": {"matchLabels": {"app": "ss"}},
             "template": {"metadata": {"labels": {"app": "ss", "big": "x"}}, "spec": {"overhead": {"x": -0,
             "y": 18446744073709551615}, "containers": [{"name": "c", "args": [true, false, null, -12,
             9223372036854775807]}]}}}})";  // odd numbers where the API takes free values (quantities, strings)
    case 17:
      return R"({"kind": "Deployment", "metadata": {"name": "bad)" + std::to_string(i) + R"(", "namespace": ")" + ns +
             R"("}, "spec": {"replicas": -1, "selector": {"matchLabels": {"app": "other"}}, "template": {"metadata":
             {"labels": {"app": "d"}}}}})";
    case 18:
      return R"({"kind": "Pod", "metadata": {"name": "owned)" + std::to_string(i) + R"(", "namespace": ")" + ns +
             R"(", "ownerReferences": [{"name": "someone"}, {"kind": "ReplicaSet", "name": "rs", "controller": true}]},
             "spec": {"containers": [{"ports": [{"containerPort": 9}, {"name": "UPPER", "containerPort": 10}]}]}})";
    case 19:
      return R"({"kind": "Pod", "metadata": {"name": "bigport)" + std::to_string(i) + R"(", "namespace": ")" + ns +
             R"("}, "spec": {"containers": [{"ports": [{"containerPort": 18446744073709551615},
             {"containerPort": 1e2}, {"containerPort": 80.5}, {"containerPort": -0}]}]}})";
    case 20:
      return R"({"kind": "Namespace", "metadata": {"name": ")" + ns + R"(", "labels": {"team": "t)" +
             std::to_string(i % 4) + R"("}}})";  // declared once per ns; the later ones are duplicates
    case 21:
      return R"({"kind": "Node", "metadata": {"name": "n)" + std::to_string(i % 5) + R"("}, "status": {"addresses":
             [{"type": "InternalIP", "address": "172.18.1.)" +
             std::to_string(i % 5 + 2) + R"("}]}})";
    case 22:
      return R"({"kind": "Ingress", "metadata": {"name": "ing)" + std::to_string(i) + R"(", "namespace": ")" + ns +
             R"(", "annotations": {"kubernetes.io/ingress.class": "nginx"}}, "spec": {"rules": [{"host": "a.b",
             "http": {"paths": [{"path": "/x", "pathType": "Prefix", "backend": {"service": {"name": "s11",
             "port": {"number": 80}}}}, {"path": "rel", "pathType": "Exact", "backend": {}}]}}]}})";
    case 23:
      return R"({"kind": "EndpointSlice", "metadata": {"name": "es)" + std::to_string(i) + R"(", "namespace": ")" + ns +
             R"(", "labels": {"kubernetes.io/service-name": "s11"}}, "addressType": "IPv4", "ports": [{"port": 80}],
             "endpoints": [{"addresses": ["10.9.0.2", "bad"], "conditions": {"ready": false}}]})";
    case 24: return R"({"kind": "Pod", "metadata": {"name": "Bad_Name", "namespace": "Bad_NS"}})";  // relaxed: warnings
    case 25:
      return R"({"kind": "Service", "metadata": {"name": "svc-)" + std::to_string(i) + R"(", "namespace": ")" + ns +
             R"("}, "spec": {"ports": [{"name": "a", "port": 1}, {"name": "a", "port": 2}], "clusterIP": "10.96.0.)" +
             std::to_string(i % 200 + 20) + R"("}})";  // duplicate port name
    default: return PodItem(i, ns);
  }
}

}  // namespace kreach

#endif  // KREACH_TESTS_LOADER_LIST_INPUTS_H_
