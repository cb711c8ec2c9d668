// apiVersion checking, strict field validation from the generated API table (api_fields.h), and the objects that
// filter or route traffic but that kreach does not model (unmodeled_kinds.h): never a silent wrong answer.
#include "sim/loader/api_fields.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "sim/loader/loader.h"
#include "sim/loader/loader_internal.h"

namespace kreach {
namespace {

LoadResult Load(const std::string& text, ClusterConfig config = {}) {
  return LoadClusterFromTexts({{"in.yaml", text}}, config);
}

std::vector<std::string> Lines(const Diagnostics& diag, Severity severity) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diag.items()) {
    if (d.severity == severity) out.push_back(d.ToString());
  }
  return out;
}

const char* kPod = R"(apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: db, image: postgres, ports: [{containerPort: 5432}]}]}
---
)";

/// A NetworkPolicy with `rule` as its only ingress rule (YAML flow text).
std::string PolicyWithIngress(const std::string& rule) {
  return std::string(kPod) + R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [)" +
         rule + "]\n";
}

TEST_CASE("The generated API table is well formed") {
  ApiTable table = BuiltinApiTable();
  REQUIRE(table.kind_count == 15);
  for (std::size_t t = 0; t < table.type_count; ++t) {
    const ApiType& type = table.types[t];
    INFO(type.name);
    if (type.kind == ApiType::Kind::kList || type.kind == ApiType::Kind::kMap) CHECK(type.element < table.type_count);
    if (type.kind != ApiType::Kind::kObject) continue;
    CHECK(type.field_count > 0);
    REQUIRE(type.first_field + type.field_count <= table.field_count);
    for (std::size_t f = 0; f < type.field_count; ++f) {
      const ApiField& field = table.fields[type.first_field + f];
      CHECK(field.type < table.type_count);
      if (f > 0) CHECK(std::string(table.fields[type.first_field + f - 1].name) < field.name);
    }
  }
  std::set<std::string> kinds;
  for (std::size_t k = 0; k < table.kind_count; ++k) kinds.insert(table.kinds[k].kind);
  for (const char* kind :
       {"Namespace", "Node", "Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController",
        "Job", "CronJob", "Service", "EndpointSlice", "Ingress", "IngressClass", "NetworkPolicy"}) {
    CHECK(kinds.count(kind) == 1);
  }
  CHECK(std::string(DecodedApiVersion("NetworkPolicy")) == "networking.k8s.io/v1");
  CHECK(std::string(DecodedApiVersion("Pod")) == "v1");
  CHECK(DecodedApiVersion("Gateway") == nullptr);
}

TEST_CASE("A field typo at each level of a NetworkPolicy is an error with a did-you-mean") {
  struct Case {
    std::string text;
    std::string path;
    std::string message;
  };
  std::vector<Case> cases = {
      {PolicyWithIngress("{form: [{podSelector: {matchLabels: {app: api}}}]}"), "spec.ingress[0].form",
       "unknown field \"form\" (did you mean \"from\"?)"},
      {PolicyWithIngress("{from: [{podSelecter: {matchLabels: {app: api}}}]}"), "spec.ingress[0].from[0].podSelecter",
       "unknown field \"podSelecter\" (did you mean \"podSelector\"?)"},
      {PolicyWithIngress("{from: [{podSelector: {matchLabel: {app: api}}}]}"),
       "spec.ingress[0].from[0].podSelector.matchLabel",
       "unknown field \"matchLabel\" (did you mean \"matchLabels\"?)"},
      {PolicyWithIngress("{from: [{ipBlock: {cidr: 10.0.0.0/8, excepts: [10.1.0.0/16]}}]}"),
       "spec.ingress[0].from[0].ipBlock.excepts", "unknown field \"excepts\" (did you mean \"except\"?)"},
      {PolicyWithIngress("{ports: [{protocl: TCP, port: 5432}]}"), "spec.ingress[0].ports[0].protocl",
       "unknown field \"protocl\" (did you mean \"protocol\"?)"},
      {PolicyWithIngress("{from: [{namespaceSelector: {matchExpressions: [{key: team, operater: In, values: [a]}]}}]}"),
       "spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].operater",
       "unknown field \"operater\" (did you mean \"operator\"?)"},
      {std::string(kPod) + "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: "
                           "shop}\nspec: {podSelector: {}, egres: [{}]}\n",
       "spec.egres", "unknown field \"egres\" (did you mean \"egress\"?)"},
      {std::string(kPod) + "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: "
                           "shop}\nspec: {podSelector: {}, policyTypes: [Egress], egress: [{too: [{podSelector: "
                           "{}}]}]}\n",
       "spec.egress[0].too", "unknown field \"too\" (did you mean \"to\"?)"},
      {std::string(kPod) + "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: "
                           "shop, lables: {a: b}}\nspec: {podSelector: {}}\n",
       "metadata.lables", "unknown field \"lables\" (did you mean \"labels\"?)"},
      {std::string(kPod) + "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: "
                           "shop}\nsepc: {podSelector: {}}\n",
       "sepc", "unknown field \"sepc\" (did you mean \"spec\"?)"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    // The typo is reported first; a field the decoder then misses (a peer without a selector, an expression
    // without an operator) is an error of its own.
    LoadResult strict = Load(c.text);
    std::vector<std::string> errors = Lines(strict.diagnostics, Severity::kError);
    REQUIRE(!errors.empty());
    CHECK(errors[0].find("(NetworkPolicy shop/np): " + c.path + ": " + c.message) != std::string::npos);
    CHECK(errors[0].find("--unknown-fields=warn") != std::string::npos);
    CHECK(strict.cluster.network_policies.empty());

    ClusterConfig warn;
    warn.unknown_fields_are_warnings = true;
    LoadResult lenient = Load(c.text, warn);
    std::vector<std::string> warnings = Lines(lenient.diagnostics, Severity::kWarning);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find(c.path + ": " + c.message + ": ignored") != std::string::npos);
    CHECK(Lines(lenient.diagnostics, Severity::kError).size() == errors.size() - 1);
    CHECK(lenient.cluster.network_policies.size() == (errors.size() == 1 ? 1u : 0u));
  }
}

TEST_CASE("Strict fields cover every decoded kind, metadata and status: a kubectl dump loads cleanly") {
  const char* dump = R"({"apiVersion": "v1", "kind": "List", "items": [
    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "uid": "1", "resourceVersion": "5",
      "creationTimestamp": "2026-01-01T00:00:00Z", "labels": {"kubernetes.io/metadata.name": "shop"},
      "managedFields": [{"manager": "kubectl", "operation": "Update", "apiVersion": "v1", "fieldsType": "FieldsV1",
                         "fieldsV1": {"f:metadata": {"f:labels": {".": {}}}}}]},
     "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}},
    {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n1"},
     "spec": {"podCIDR": "10.244.0.0/24", "taints": [{"key": "k", "effect": "NoSchedule"}]},
     "status": {"addresses": [{"type": "InternalIP", "address": "192.168.1.10"}],
                "capacity": {"cpu": "4", "memory": "8Gi"}, "nodeInfo": {"kubeletVersion": "v1.33.0",
                "architecture": "amd64", "bootID": "", "containerRuntimeVersion": "", "kernelVersion": "",
                "kubeProxyVersion": "", "machineID": "", "operatingSystem": "linux", "osImage": "",
                "systemUUID": ""}}},
    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-1", "namespace": "shop", "labels": {"app": "web"},
      "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-7d", "uid": "u",
                           "controller": true, "blockOwnerDeletion": true}]},
     "spec": {"nodeName": "n1", "containers": [{"name": "web", "image": "nginx",
        "ports": [{"containerPort": 80, "name": "http", "protocol": "TCP"}],
        "resources": {"limits": {"cpu": "1"}, "requests": {"memory": "64Mi"}},
        "readinessProbe": {"httpGet": {"path": "/", "port": 80}, "periodSeconds": 5},
        "env": [{"name": "A", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}}],
        "volumeMounts": [{"name": "v", "mountPath": "/v"}], "securityContext": {"runAsNonRoot": true}}],
        "volumes": [{"name": "v", "emptyDir": {}}], "tolerations": [{"operator": "Exists"}],
        "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
          {"matchExpressions": [{"key": "kubernetes.io/os", "operator": "In", "values": ["linux"]}]}]}}}},
     "status": {"phase": "Running", "podIP": "10.244.0.5", "podIPs": [{"ip": "10.244.0.5"}], "hostIP": "192.168.1.10",
                "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": null}],
                "containerStatuses": [{"name": "web", "ready": true, "restartCount": 0, "image": "nginx",
                  "imageID": "", "state": {"running": {"startedAt": "2026-01-01T00:00:00Z"}}}]}},
    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"},
     "spec": {"type": "LoadBalancer", "selector": {"app": "web"}, "clusterIP": "10.96.0.20",
              "clusterIPs": ["10.96.0.20"], "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
              "ports": [{"name": "http", "port": 80, "targetPort": "http", "nodePort": 30080, "protocol": "TCP"}],
              "externalTrafficPolicy": "Cluster", "internalTrafficPolicy": "Cluster", "sessionAffinity": "None"},
     "status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.7", "ipMode": "VIP"}]}}},
    {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api", "namespace": "shop",
      "annotations": {"deployment.kubernetes.io/revision": "1"}, "generation": 2},
     "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "api"}},
              "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
              "template": {"metadata": {"labels": {"app": "api"}},
                           "spec": {"containers": [{"name": "api", "image": "api"}]}}},
     "status": {"replicas": 1, "readyReplicas": 1, "observedGeneration": 2,
                "conditions": [{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"}]}}
  ]})";
  LoadResult load = LoadClusterFromTexts({{"dump.json", dump}}, ClusterConfig{});
  for (const Diagnostic& d : load.diagnostics.items()) INFO(d.ToString());
  CHECK(Lines(load.diagnostics, Severity::kError).empty());
  CHECK(Lines(load.diagnostics, Severity::kWarning).empty());
  CHECK(load.cluster.services.size() == 1);
}

TEST_CASE("A field typo in a large JSON List reads the same on the fast and the exact reader") {
  std::string list = R"({"apiVersion": "v1", "kind": "List", "items": [)";
  for (int i = 0; i < 40; ++i) {
    if (i > 0) list += ",";
    list += R"({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p)" + std::to_string(i) +
            R"(", "namespace": "shop"}, "spec": {"containers": [{"name": "c", "image": "i", "prots": []}]}})";
  }
  list += "]}";
  ClusterConfig warn;
  warn.unknown_fields_are_warnings = true;
  LoadResult fast = LoadClusterFromTextsWith({{"big.json", list}}, warn, ReaderMode::kFast);
  LoadResult exact = LoadClusterFromTextsWith({{"big.json", list}}, warn, ReaderMode::kExact);
  REQUIRE(fast.diagnostics.items().size() == 40);
  REQUIRE(exact.diagnostics.items().size() == 40);
  for (std::size_t i = 0; i < 40; ++i)
    CHECK(fast.diagnostics.items()[i].ToString() == exact.diagnostics.items()[i].ToString());
  CHECK(fast.diagnostics.items()[3].ToString().find("items[3].spec.containers[0].prots: unknown field \"prots\" (did "
                                                    "you mean \"ports\"?)") != std::string::npos);
  CHECK(fast.cluster.pods.size() == 40);
}

TEST_CASE("An object of a decoded kind name in another API is not decoded as that kind") {
  SECTION("a Calico v3 NetworkPolicy is a skipped policy, summarised with its consequence") {
    LoadResult load = Load(std::string(kPod) + R"(apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: deny-db, namespace: shop}
spec: {selector: app == 'db', types: [Ingress], ingress: [{action: Deny}]}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: deny-web, namespace: shop}
spec: {selector: app == 'web'}
)");
    CHECK(load.cluster.network_policies.empty());
    std::vector<std::string> warnings = Lines(load.diagnostics, Severity::kWarning);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0] ==
          "warning: in.yaml: doc 2 (NetworkPolicy shop/deny-db): 2 NetworkPolicy objects (projectcalico.org/v3) not "
          "modelled by kreach: traffic they filter is reported as allowed (shop/deny-db, shop/deny-web); "
          "--unmodeled=error makes this an error for CI");
    REQUIRE(load.cluster.unmodeled.size() == 1);
    CHECK(load.cluster.unmodeled[0].kind == "NetworkPolicy");
    CHECK(load.cluster.unmodeled[0].api_version == "projectcalico.org/v3");
    CHECK(load.cluster.unmodeled[0].count == 2);
  }
  SECTION("--unmodeled=error makes it an error") {
    ClusterConfig config;
    config.unmodeled_are_errors = true;
    LoadResult load = Load(std::string(kPod) +
                               "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: "
                               "{name: c, namespace: shop}\nspec: {}\n",
                           config);
    REQUIRE(Lines(load.diagnostics, Severity::kError).size() == 1);
  }
  SECTION("an invented group with a policy kind counts as a policy") {
    LoadResult load = Load(std::string(kPod) +
                           "apiVersion: example.com/v1\nkind: NetworkPolicy\nmetadata: "
                           "{name: x, namespace: shop}\nspec: {podSelector: {}}\n");
    CHECK(load.cluster.network_policies.empty());
    REQUIRE(load.cluster.unmodeled.size() == 1);
    CHECK(load.cluster.unmodeled[0].api_version == "example.com/v1");
  }
  SECTION("an invented group with another decoded kind is skipped with a warning") {
    LoadResult load = Load(std::string(kPod) +
                           "apiVersion: example.com/v1\nkind: Service\nmetadata: "
                           "{name: x, namespace: shop}\nspec: {ports: [{port: 80}]}\n");
    CHECK(load.cluster.services.empty());
    std::vector<std::string> warnings = Lines(load.diagnostics, Severity::kWarning);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0] ==
          "warning: in.yaml: doc 2 (Service shop/x): apiVersion: Service of example.com/v1 is not the "
          "Kubernetes Service (v1): kreach does not model it; skipped");
  }
  SECTION("removed and unknown versions of a decoded kind are errors naming the version to write") {
    LoadResult load = Load(std::string(kPod) + R"(apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: old, namespace: shop}
spec: {backend: {serviceName: web, servicePort: 80}}
---
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata: {name: old2, namespace: shop}
---
apiVersion: networking.k8s.io/v2
kind: NetworkPolicy
metadata: {name: future, namespace: shop}
---
apiVersion: batch/v1beta1
kind: CronJob
metadata: {name: cron, namespace: shop}
)");
    std::vector<std::string> errors = Lines(load.diagnostics, Severity::kError);
    REQUIRE(errors.size() == 4);
    CHECK(errors[0] ==
          "error: in.yaml: doc 2 (Ingress shop/old): apiVersion: Ingress is no longer served in "
          "extensions/v1beta1: write it for networking.k8s.io/v1 (extensions/v1beta1 was removed in "
          "Kubernetes 1.22); kreach reads the current version only");
    CHECK(errors[1].find("networking.k8s.io/v1 (v1beta1 was removed in Kubernetes 1.22)") != std::string::npos);
    CHECK(errors[2] ==
          "error: in.yaml: doc 4 (NetworkPolicy shop/future): apiVersion: \"networking.k8s.io/v2\" is "
          "not a version kreach reads NetworkPolicy in (networking.k8s.io/v1)");
    CHECK(errors[3].find("batch/v1 (batch/v1beta1 was removed in Kubernetes 1.25)") != std::string::npos);
  }
  SECTION("no apiVersion reads the kind's decoded version (scenario resources leave it out)") {
    LoadResult load = Load("kind: NetworkPolicy\nmetadata: {name: np, namespace: shop}\nspec: {podSelector: {}}\n");
    CHECK(load.diagnostics.items().empty());
    CHECK(load.cluster.network_policies.size() == 1);
  }
  SECTION("a typed List gives its items its apiVersion") {
    LoadResult load =
        LoadClusterFromTexts({{"l.json", R"({"apiVersion": "projectcalico.org/v3", "kind": "NetworkPolicyList",
                        "items": [{"metadata": {"name": "a", "namespace": "shop"}, "spec": {}}]})"}},
                             ClusterConfig{});
    CHECK(load.cluster.network_policies.empty());
    REQUIRE(load.cluster.unmodeled.size() == 1);
  }
}

}  // namespace
}  // namespace kreach
