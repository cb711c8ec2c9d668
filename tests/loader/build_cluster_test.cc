// BuildCluster: decoding of each kind, namespaces, duplicates, unknown kinds, wrong types, skipping.
#include "sim/loader/build_cluster.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kreach {
namespace {

using nlohmann::json;

Document Doc(const std::string& text, int index = 1, const std::string& path = "",
             const std::string& source = "in.yaml") {
  return Document{source, index, path, json::parse(text)};
}

std::vector<std::string> Lines(const Diagnostics& diag, Severity severity) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diag.items()) {
    if (d.severity == severity) out.push_back(d.ToString());
  }
  return out;
}

TEST_CASE("Pod: spec, status, ports of containers then sidecar init containers, owner") {
  Diagnostics diag;
  Cluster c =
      BuildCluster({Doc(R"({"kind": "Pod", "metadata": {"name": "web-0", "namespace": "shop", "labels": {"app": "web"},
               "deletionTimestamp": "2024-01-01T00:00:00Z",
               "ownerReferences": [{"kind": "ReplicaSet", "name": "web-abc"},
                                   {"kind": "StatefulSet", "name": "web", "controller": true}]},
               "spec": {"nodeName": "n1", "hostname": "h", "subdomain": "s", "dnsPolicy": "Default",
                        "containers": [{"name": "c", "ports": [{"containerPort": 80, "name": "http"},
                                                               {"containerPort": 53, "protocol": "UDP"}]}],
                        "initContainers": [{"name": "side", "restartPolicy": "Always",
                                            "ports": [{"containerPort": 9090, "name": "metrics"}]},
                                           {"name": "init", "ports": [{"containerPort": 1111}]}]},
               "status": {"podIP": "10.9.9.9", "podIPs": [{"ip": "fd00::1"}, {"ip": "10.1.2.3"}],
                          "hostIP": "192.168.1.10", "phase": "Running",
                          "conditions": [{"type": "Ready", "status": "False"}]}})")},
                   ClusterConfig{}, diag);
  REQUIRE_FALSE(diag.HasErrors());
  REQUIRE(c.pods.size() == 1);
  const Pod& p = c.pods[0];
  CHECK(p.Key() == "shop/web-0");
  CHECK(p.labels == Labels{{"app", "web"}});
  CHECK(p.node == "n1");
  CHECK(p.hostname == "h");
  CHECK(p.subdomain == "s");
  CHECK(p.dns_policy == DnsPolicy::kDefault);
  REQUIRE(p.ports.size() == 3);
  CHECK(p.ports[0].name == "http");
  CHECK(p.ports[1].protocol == Protocol::kUDP);
  CHECK(p.ports[2].port == 9090);
  CHECK(FormatIpv4(p.ip) == "10.1.2.3");
  CHECK_FALSE(p.ip_assigned);
  CHECK(FormatIpv4(p.host_ip) == "192.168.1.10");
  CHECK_FALSE(p.ready);
  CHECK(p.terminating);
  REQUIRE(p.owner);
  CHECK(p.owner->kind == "StatefulSet");
  CHECK(p.owner->name == "web");
  // The node the pod names is created, with the pod's hostIP as its address.
  const Node* n1 = c.FindNode("n1");
  REQUIRE(n1 != nullptr);
  CHECK_FALSE(n1->declared);
  REQUIRE(n1->addresses.size() == 1);
  CHECK(FormatIpv4(n1->addresses[0]) == "192.168.1.10");
}

TEST_CASE("the first ownerReference counts when none is the controller") {
  Diagnostics diag;
  Cluster c = BuildCluster({Doc(R"({"kind": "Pod", "metadata": {"name": "p", "ownerReferences": [
                                    {"kind": "Job", "name": "j1"}, {"kind": "Job", "name": "j2"}]}})")},
                           ClusterConfig{}, diag);
  REQUIRE(c.pods.size() == 1);
  REQUIRE(c.pods[0].owner);
  CHECK(c.pods[0].owner->name == "j1");
  CHECK(c.pods[0].Workload().kind == "Job");
}

TEST_CASE("namespaces: declared, referenced, defaulted, all labelled with their name") {
  Diagnostics diag;
  Cluster c = BuildCluster({Doc(R"({"kind": "Namespace", "metadata": {"name": "prod", "labels": {"team": "a"}}})"),
                            Doc(R"({"kind": "Pod", "metadata": {"name": "p"}})", 2),
                            Doc(R"({"kind": "NetworkPolicy", "metadata": {"name": "x", "namespace": "ops"},
                                    "spec": {}})",
                                3)},
                           ClusterConfig{}, diag);
  REQUIRE_FALSE(diag.HasErrors());
  REQUIRE(c.namespaces.size() == 3);
  CHECK(c.namespaces[0].name == "default");
  CHECK_FALSE(c.namespaces[0].declared);
  CHECK(c.namespaces[0].labels == Labels{{"kubernetes.io/metadata.name", "default"}});
  CHECK(c.namespaces[1].name == "ops");
  CHECK(c.namespaces[1].origin.doc == 3);
  CHECK(c.namespaces[2].name == "prod");
  CHECK(c.namespaces[2].declared);
  CHECK(c.namespaces[2].labels == Labels{{"kubernetes.io/metadata.name", "prod"}, {"team", "a"}});
  CHECK(c.pods[0].ns == "default");
}

TEST_CASE("Node: addresses InternalIP first, podCIDR, labels") {
  Diagnostics diag;
  Cluster c = BuildCluster({Doc(R"({"kind": "Node", "metadata": {"name": "w1", "labels": {"zone": "a"}},
                                    "spec": {"podCIDR": "10.244.7.0/24"},
                                    "status": {"addresses": [{"type": "Hostname", "address": "w1"},
                                                             {"type": "ExternalIP", "address": "203.0.113.5"},
                                                             {"type": "InternalIP", "address": "172.20.0.4"}]}})")},
                           ClusterConfig{}, diag);
  REQUIRE_FALSE(diag.HasErrors());
  REQUIRE(c.nodes.size() == 1);
  const Node& n = c.nodes[0];
  CHECK(n.declared);
  CHECK(n.labels.at("zone") == "a");
  REQUIRE(n.addresses.size() == 2);
  CHECK(FormatIpv4(n.addresses[0]) == "172.20.0.4");
  CHECK(FormatIpv4(n.addresses[1]) == "203.0.113.5");
  REQUIRE(n.pod_cidr);
  CHECK(n.pod_cidr->ToString() == "10.244.7.0/24");
}

TEST_CASE("Service: ports, targetPort defaulting and names, selector, IPs, policies") {
  Diagnostics diag;
  Cluster c = BuildCluster({Doc(R"({"kind": "Service", "metadata": {"name": "web", "namespace": "shop"},
               "spec": {"type": "LoadBalancer", "selector": {"app": "web"}, "clusterIP": "10.96.5.5",
                        "externalIPs": ["198.51.100.1"], "externalTrafficPolicy": "Local",
                        "loadBalancerSourceRanges": ["203.0.113.0/24"], "publishNotReadyAddresses": true,
                        "sessionAffinity": "ClientIP",
                        "ports": [{"name": "http", "port": 80, "targetPort": "web", "nodePort": 30080},
                                  {"name": "dns", "port": 53, "protocol": "UDP"}]},
               "status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.9"}, {"hostname": "lb.example"}]}}})")},
                           ClusterConfig{}, diag);
  REQUIRE_FALSE(diag.HasErrors());
  REQUIRE(c.services.size() == 1);
  const Service& s = c.services[0];
  CHECK(s.type == ServiceType::kLoadBalancer);
  REQUIRE(s.selector);
  CHECK(*s.selector == Labels{{"app", "web"}});
  REQUIRE(s.ports.size() == 2);
  CHECK(s.ports[0].target_port_name == "web");
  CHECK(s.ports[0].node_port == 30080);
  CHECK(s.ports[1].target_port == 53);
  CHECK(s.ports[1].protocol == Protocol::kUDP);
  REQUIRE(s.cluster_ips.size() == 1);
  CHECK(FormatIpv4(s.cluster_ips[0]) == "10.96.5.5");
  REQUIRE(s.external_ips.size() == 1);
  REQUIRE(s.load_balancer_ips.size() == 1);
  CHECK(FormatIpv4(s.load_balancer_ips[0]) == "203.0.113.9");
  REQUIRE(s.load_balancer_source_ranges.size() == 1);
  CHECK(s.external_traffic_policy == TrafficPolicy::kLocal);
  CHECK(s.publish_not_ready_addresses);
  CHECK(s.session_affinity == SessionAffinity::kClientIP);
}

TEST_CASE("Services without a clusterIP get one from the service CIDR, in sorted order") {
  Diagnostics diag;
  ClusterConfig config;
  config.service_cidr = *ParseCidr("10.100.0.0/16");
  Cluster c =
      BuildCluster({Doc(R"({"kind": "Service", "metadata": {"name": "b"}, "spec": {"ports": [{"port": 1}]}})"),
                    Doc(R"({"kind": "Service", "metadata": {"name": "a"}, "spec": {"ports": [{"port": 1}],
                                    "clusterIP": "10.100.0.11"}})",
                        2),
                    Doc(R"({"kind": "Service", "metadata": {"name": "c"}, "spec": {"clusterIP": "None"}})", 3),
                    Doc(R"({"kind": "Service", "metadata": {"name": "d"}, "spec": {"ports": [{"port": 1}]}})", 4),
                    Doc(R"({"kind": "Service", "metadata": {"name": "e"},
                                    "spec": {"type": "ExternalName", "externalName": "db.example.com"}})",
                        5)},
                   config, diag);
  REQUIRE_FALSE(diag.HasErrors());
  REQUIRE(c.services.size() == 5);
  CHECK(FormatIpv4(c.services[0].cluster_ips.at(0)) == "10.100.0.11");
  CHECK(FormatIpv4(c.services[1].cluster_ips.at(0)) == "10.100.0.12");
  CHECK(c.services[2].Headless());
  CHECK(c.services[2].cluster_ips.empty());
  CHECK(FormatIpv4(c.services[3].cluster_ips.at(0)) == "10.100.0.13");
  CHECK(c.services[4].cluster_ips.empty());
  CHECK(c.services[4].external_name == "db.example.com");
}

TEST_CASE("EndpointSlice: service label, ports, endpoints and conditions") {
  Diagnostics diag;
  Cluster c = BuildCluster({Doc(R"({"kind": "EndpointSlice", "addressType": "IPv4",
               "metadata": {"name": "ext-1", "namespace": "shop", "labels": {"kubernetes.io/service-name": "ext"}},
               "ports": [{"name": "http", "port": 8080}],
               "endpoints": [{"addresses": ["10.0.0.5"], "conditions": {"ready": false},
                              "targetRef": {"kind": "Pod", "name": "p"}, "nodeName": "n1"},
                             {"addresses": ["10.0.0.6"]}]})"),
                            Doc(R"({"kind": "EndpointSlice", "addressType": "IPv6", "metadata": {"name": "v6"}})", 2)},
                           ClusterConfig{}, diag);
  REQUIRE_FALSE(diag.HasErrors());
  REQUIRE(c.endpoint_slices.size() == 1);
  const EndpointSlice& s = c.endpoint_slices[0];
  CHECK(s.service_name == "ext");
  CHECK_FALSE(s.generated);
  REQUIRE(s.ports.size() == 1);
  CHECK(s.ports[0].port == 8080);
  REQUIRE(s.endpoints.size() == 2);
  CHECK_FALSE(s.endpoints[0].ready);
  CHECK(s.endpoints[0].serving);
  CHECK(s.endpoints[0].target_pod == "shop/p");
  CHECK(s.endpoints[1].ready);
  CHECK(Lines(diag, Severity::kInfo) ==
        std::vector<std::string>{"info: in.yaml: doc 2 (EndpointSlice default/v6): addressType: addressType IPv6 is "
                                 "not modelled; slice skipped"});
}

TEST_CASE("Ingress and IngressClass") {
  Diagnostics diag;
  Cluster c = BuildCluster({Doc(R"({"kind": "Ingress", "metadata": {"name": "web", "namespace": "shop",
                                              "creationTimestamp": "2024-01-01T00:00:00Z",
                                              "annotations": {"kubernetes.io/ingress.class": "nginx"}},
               "spec": {"defaultBackend": {"service": {"name": "fallback", "port": {"number": 80}}},
                        "tls": [{"hosts": ["shop.example.com"]}],
                        "rules": [{"host": "*.example.com", "http": {"paths": [
                          {"path": "/api", "pathType": "Prefix",
                           "backend": {"service": {"name": "api", "port": {"name": "http"}}}}]}}]}})"),
                            Doc(R"({"kind": "IngressClass", "metadata": {"name": "nginx",
                "annotations": {"ingressclass.kubernetes.io/is-default-class": "true"}},
                "spec": {"controller": "k8s.io/ingress-nginx"}})",
                                2)},
                           ClusterConfig{}, diag);
  REQUIRE_FALSE(diag.HasErrors());
  REQUIRE(c.ingresses.size() == 1);
  const Ingress& i = c.ingresses[0];
  CHECK(i.ingress_class == "nginx");
  REQUIRE(i.default_backend);
  CHECK(i.default_backend->port_number == 80);
  REQUIRE(i.rules.size() == 1);
  CHECK(i.rules[0].host == "*.example.com");
  REQUIRE(i.rules[0].paths.size() == 1);
  CHECK(i.rules[0].paths[0].backend.service_name == "api");
  CHECK(i.rules[0].paths[0].backend.port_name == "http");
  CHECK(i.tls_hosts == std::vector<std::string>{"shop.example.com"});
  CHECK(i.creation_timestamp == "2024-01-01T00:00:00Z");
  REQUIRE(c.ingress_classes.size() == 1);
  CHECK(c.ingress_classes[0].is_default);
  CHECK(c.ingress_classes[0].controller == "k8s.io/ingress-nginx");
}

TEST_CASE("unknown kinds are skipped with one info line each; missing kind or name is an error") {
  Diagnostics diag;
  Cluster c = BuildCluster({Doc(R"({"kind": "ConfigMap", "metadata": {"name": "x"}})", 2),
                            Doc(R"({"kind": "Secret"})", 3), Doc(R"({"metadata": {"name": "y"}})", 4),
                            Doc(R"({"kind": "Pod", "metadata": {"namespace": "a"}})", 5, "items[1]")},
                           ClusterConfig{}, diag);
  CHECK(Lines(diag, Severity::kInfo) ==
        std::vector<std::string>{"info: in.yaml: doc 2 (ConfigMap x): kind ConfigMap is not modelled; skipped",
                                 "info: in.yaml: doc 3 (Secret): kind Secret is not modelled; skipped"});
  CHECK(Lines(diag, Severity::kError) ==
        std::vector<std::string>{
            "error: in.yaml: doc 4: kind: is required (the object's type, e.g. Pod or NetworkPolicy)",
            "error: in.yaml: doc 5 (Pod): items[1].metadata.name: is required (every Pod needs a name)"});
  CHECK(c.pods.empty());
}

TEST_CASE("duplicate objects name both places") {
  Diagnostics diag;
  Cluster c = BuildCluster(
      {Doc(R"({"kind": "Namespace", "metadata": {"name": "blue", "labels": {"a": "b"}}})", 1),
       Doc(R"({"kind": "Namespace", "metadata": {"name": "blue"}})", 2),
       Doc(R"({"kind": "NetworkPolicy", "metadata": {"name": "np"}, "spec": {}})", 1, "", "a.yaml"),
       Doc(R"({"kind": "NetworkPolicy", "metadata": {"name": "np"}, "spec": {}})", 4, "items[2]", "b.yaml"),
       Doc(R"({"kind": "Service", "metadata": {"name": "np"}, "spec": {"ports": [{"port": 80}]}})", 5)},
      ClusterConfig{}, diag);
  CHECK(Lines(diag, Severity::kError) ==
        std::vector<std::string>{
            "error: in.yaml: doc 2 (Namespace blue): metadata.name: duplicate Namespace blue: already defined at "
            "in.yaml: doc 1",
            "error: b.yaml: doc 4 (NetworkPolicy default/np): items[2].metadata.name: duplicate NetworkPolicy "
            "default/np: already defined at a.yaml: doc 1"});
  CHECK(c.network_policies.size() == 1);
  CHECK(c.services.size() == 1);
}

TEST_CASE("wrong types are errors with the path, never crashes") {
  Diagnostics diag;
  BuildCluster({Doc(R"({"kind": "Pod", "metadata": {"name": "nginx"},
                        "spec": {"containers": [{"name": "nginx", "ports": [{"containerPort": []}]}]}})"),
                Doc(R"({"kind": "Pod", "metadata": {"name": "p2"}, "spec": {"containers": [{"ports": {}}]}})", 2),
                Doc(R"({"kind": 7})", 3),
                Doc(R"({"kind": "Pod", "metadata": {"name": "p3", "labels": {"a": 1}}, "spec": "x"})", 4),
                Doc(R"({"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"replicas": "2",
                        "template": {"metadata": {"labels": {"app": "d"}}}}})",
                    5),
                Doc(R"({"kind": "Pod", "metadata": {"name": "p5"}, "status": {"podIP": "10.0.0.256"}})", 6),
                Doc(R"({"kind": "Pod", "metadata": []})", 7)},
               ClusterConfig{}, diag);
  CHECK(Lines(diag, Severity::kError) ==
        std::vector<std::string>{
            "error: in.yaml: doc 1 (Pod default/nginx): spec.containers[0].ports[0].containerPort: must be an "
            "integer, found a sequence",
            "error: in.yaml: doc 2 (Pod default/p2): spec.containers[0].ports: must be a list, found a mapping",
            "error: in.yaml: doc 3: kind: must be a string, found an integer",
            "error: in.yaml: doc 4 (Pod default/p3): metadata.labels.a: must be a string, found an integer",
            "error: in.yaml: doc 4 (Pod default/p3): spec: must be an object, found a string",
            "error: in.yaml: doc 5 (Deployment default/d): spec.replicas: must be an integer, found a string",
            "error: in.yaml: doc 6 (Pod default/p5): status.podIP: \"10.0.0.256\" is not a valid IPv4 address",
            "error: in.yaml: doc 7: metadata: must be an object, found a sequence"});
}

TEST_CASE("dnsPolicy: the four values the API knows; another is an API error, or Default under relaxed validation") {
  std::vector<Document> docs = {
      Doc(R"({"kind": "Pod", "metadata": {"name": "a"}, "spec": {"dnsPolicy": "ClusterFirstWithHostNet"}})", 1),
      Doc(R"({"kind": "Pod", "metadata": {"name": "b"}, "spec": {"dnsPolicy": "None"}})", 2),
      Doc(R"({"kind": "Pod", "metadata": {"name": "c"}, "spec": {}})", 3),
      Doc(R"({"kind": "Pod", "metadata": {"name": "d"}, "spec": {"dnsPolicy": "clusterfirst"}})", 4)};
  const std::string message =
      "in.yaml: doc 4 (Pod default/d): spec.dnsPolicy: unsupported value \"clusterfirst\": supported values: "
      "\"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\" (with --relaxed kreach takes it as "
      "Default: the node's resolver)";
  Diagnostics strict;
  BuildCluster(docs, ClusterConfig{}, strict);
  CHECK(Lines(strict, Severity::kError) == std::vector<std::string>{"error: " + message});
  Diagnostics diag;
  ClusterConfig relaxed;
  relaxed.relaxed_validation = true;
  Cluster c = BuildCluster(docs, relaxed, diag);
  REQUIRE_FALSE(diag.HasErrors());
  REQUIRE(c.pods.size() == 4);
  CHECK(c.pods[0].dns_policy == DnsPolicy::kClusterFirstWithHostNet);
  CHECK(c.pods[1].dns_policy == DnsPolicy::kNone);
  CHECK(c.pods[2].dns_policy == DnsPolicy::kClusterFirst);
  CHECK(c.pods[3].dns_policy == DnsPolicy::kDefault);
  CHECK(Lines(diag, Severity::kWarning) == std::vector<std::string>{"warning: " + message});
}

TEST_CASE("skip_invalid_documents turns a document's errors into warnings and drops it") {
  Diagnostics diag;
  ClusterConfig config;
  config.skip_invalid_documents = true;
  Cluster c = BuildCluster({Doc(R"({"kind": "Pod", "metadata": {"name": "bad"},
                                    "spec": {"containers": [{"ports": [{"containerPort": "x"}]}]}})"),
                            Doc(R"({"kind": "Pod", "metadata": {"name": "good"}})", 2)},
                           config, diag);
  CHECK_FALSE(diag.HasErrors());
  CHECK(Lines(diag, Severity::kWarning) ==
        std::vector<std::string>{
            "warning: in.yaml: doc 1 (Pod default/bad): spec.containers[0].ports[0].containerPort: must be an "
            "integer, found a string",
            "warning: in.yaml: doc 1: document skipped because of the problems above"});
  REQUIRE(c.pods.size() == 1);
  CHECK(c.pods[0].name == "good");
}

TEST_CASE("pods of one owner that a policy selector tells apart get a warning") {
  Diagnostics diag;
  Cluster c = BuildCluster({Doc(R"({"kind": "Pod", "metadata": {"name": "a", "labels": {"app": "x"},
               "ownerReferences": [{"kind": "DaemonSet", "name": "ds", "controller": true}]}})"),
                            Doc(R"({"kind": "Pod", "metadata": {"name": "b", "labels": {"app": "y"},
               "ownerReferences": [{"kind": "DaemonSet", "name": "ds", "controller": true}]}})",
                                2),
                            Doc(R"({"kind": "NetworkPolicy", "metadata": {"name": "np"},
               "spec": {"podSelector": {"matchLabels": {"app": "x"}}}})",
                                3)},
                           ClusterConfig{}, diag);
  CHECK_FALSE(diag.HasErrors());
  CHECK(Lines(diag, Severity::kWarning) ==
        std::vector<std::string>{
            "warning: in.yaml: doc 3 (NetworkPolicy default/np): spec.podSelector: selector app=x matches only some "
            "pods of DaemonSet default/ds (a), whose pods have different labels; workload-level output merges them "
            "into one peer"});
}

TEST_CASE("a cross-namespace peer splits an owner's pods only where its namespaceSelector matches") {
  Diagnostics diag;
  Cluster c =
      BuildCluster({Doc(R"({"kind": "Namespace", "metadata": {"name": "apps", "labels": {"team": "a"}}})"),
                    Doc(R"({"kind": "Pod", "metadata": {"name": "a", "namespace": "apps", "labels": {"app": "x"},
               "ownerReferences": [{"kind": "DaemonSet", "name": "ds", "controller": true}]}})",
                        2),
                    Doc(R"({"kind": "Pod", "metadata": {"name": "b", "namespace": "apps", "labels": {"app": "y"},
               "ownerReferences": [{"kind": "DaemonSet", "name": "ds", "controller": true}]}})",
                        3),
                    Doc(R"({"kind": "NetworkPolicy", "metadata": {"name": "other-team"},
               "spec": {"podSelector": {}, "ingress": [{"from": [
                 {"namespaceSelector": {"matchLabels": {"team": "b"}}, "podSelector": {"matchLabels": {"app": "x"}}}]}]}})",
                        4),
                    Doc(R"({"kind": "NetworkPolicy", "metadata": {"name": "same-team"},
               "spec": {"podSelector": {}, "ingress": [{"from": [
                 {"namespaceSelector": {"matchLabels": {"team": "a"}}, "podSelector": {"matchLabels": {"app": "x"}}}]}]}})",
                        5)},
                   ClusterConfig{}, diag);
  CHECK_FALSE(diag.HasErrors());
  CHECK(Lines(diag, Severity::kWarning) ==
        std::vector<std::string>{
            "warning: in.yaml: doc 5 (NetworkPolicy default/same-team): spec.ingress[0].from[0].podSelector: selector "
            "app=x matches only some pods of DaemonSet apps/ds (a), whose pods have different labels; workload-level "
            "output merges them into one peer"});
}

}  // namespace
}  // namespace kreach

namespace kreach {
namespace {

TEST_CASE("relaxed_validation: API rules that do not change traffic become warnings, the object is kept") {
  std::vector<Document> docs = {
      Doc(R"({"kind": "NetworkPolicy", "metadata": {"name": "use_underscores"}, "spec": {}})"),
      Doc(R"({"kind": "Service", "metadata": {"name": "svc"},
              "spec": {"ports": [{"port": 80}, {"port": 81}]}})",
          2),
      Doc(R"({"kind": "Pod", "metadata": {"name": "p"},
              "spec": {"containers": [{"ports": [{"name": "udps", "containerport": 3535}]}]}})",
          3)};
  Diagnostics strict;
  Cluster c = BuildCluster(docs, ClusterConfig{}, strict);
  CHECK(strict.ErrorCount() == 5);  // and the unknown field containerport, which --relaxed does not excuse
  CHECK(c.network_policies.empty());
  CHECK(c.services.empty());

  ClusterConfig config;
  config.relaxed_validation = true;
  config.unknown_fields_are_warnings = true;
  Diagnostics relaxed;
  c = BuildCluster(docs, config, relaxed);
  CHECK_FALSE(relaxed.HasErrors());
  CHECK(Lines(relaxed, Severity::kWarning) ==
        std::vector<std::string>{
            "warning: in.yaml: doc 1 (NetworkPolicy default/use_underscores): metadata.name: invalid name "
            "\"use_underscores\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
            "'-' or '.', and must start and end with an alphanumeric character",
            "warning: in.yaml: doc 2 (Service default/svc): spec.ports[0].name: is required when the Service has "
            "more than one port",
            "warning: in.yaml: doc 2 (Service default/svc): spec.ports[1].name: is required when the Service has "
            "more than one port",
            "warning: in.yaml: doc 3 (Pod default/p): spec.containers[0].ports[0].containerport: unknown field "
            "\"containerport\" (did you mean \"containerPort\"?): ignored, so the object is read as if it were not "
            "there",
            "warning: in.yaml: doc 3 (Pod default/p): spec.containers[0].ports[0].containerPort: is required",
            "warning: in.yaml: doc 3 (Pod default/p): spec.containers[0].ports[0]: container port ignored: it has "
            "no containerPort"});
  CHECK(c.network_policies.size() == 1);
  CHECK(c.services.size() == 1);
  REQUIRE(c.pods.size() == 1);
  CHECK(c.pods[0].ports.empty());
}

}  // namespace
}  // namespace kreach

namespace kreach {
namespace {

TEST_CASE("an ownerReference without kind: an error, or relaxed a Pod owner as netpol-analyzer shows it") {
  std::vector<Document> docs = {Doc(R"({"kind": "Pod", "metadata": {"name": "pod-1",
      "ownerReferences": [{"name": "internal-security", "controller": true}]}})")};
  Diagnostics strict;
  BuildCluster(docs, ClusterConfig{}, strict);
  CHECK(Lines(strict, Severity::kError) ==
        std::vector<std::string>{
            "error: in.yaml: doc 1 (Pod default/pod-1): metadata.ownerReferences[0].kind: is required"});
  ClusterConfig config;
  config.relaxed_validation = true;
  Diagnostics relaxed;
  Cluster c = BuildCluster(docs, config, relaxed);
  CHECK_FALSE(relaxed.HasErrors());
  REQUIRE(c.pods.size() == 1);
  CHECK(c.pods[0].Workload() == (OwnerRef{"Pod", "internal-security"}));
}

}  // namespace
}  // namespace kreach
