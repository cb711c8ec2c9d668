// The validated cluster model: plain value types, built by the loader, read by everything else.
#ifndef KREACH_SIM_MODEL_CLUSTER_H_
#define KREACH_SIM_MODEL_CLUSTER_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/model/diagnostic.h"
#include "sim/model/dns_policy.h"
#include "sim/model/ipv4.h"
#include "sim/model/label_selector.h"
#include "sim/model/node_constraints.h"
#include "sim/model/path_type.h"
#include "sim/model/pod_phase.h"
#include "sim/model/protocol.h"
#include "sim/model/service_type.h"

namespace kreach {

/// Where an object came from, for messages: file, document number, and "Kind ns/name".
struct Origin {
  std::string source;  ///< file name; "<stdin>"; for generated objects the origin of what generated them
  int doc = 0;         ///< 1-based document number in the file (items of a List share the List's number)
  std::string path;    ///< path of the object inside the document: "" or "items[3]" inside a List
  /// A namespaced object that named no namespace and was put in ClusterConfig::default_namespace.
  bool namespace_defaulted = false;

  /// Where a message about `field` of this object goes: file, document, `object` ("Pod shop/web") and the field's
  /// path in the document (`items[3].spec.ports[0]` inside a List).
  Location At(std::string object, const std::string& field) const {
    return Location{source, doc, std::move(object), path.empty() ? field : path + "." + field};
  }
};

struct Namespace {
  std::string name;
  Labels labels;          ///< always contains kubernetes.io/metadata.name=<name>
  bool declared = false;  ///< false when created because something referenced it
  Origin origin;
};

/// The network of node addresses: the loader numbers the nodes that have no address in it from 172.18.0.2 (as kind
/// does), and the implied API server takes an address of it that nothing else has (sim/net/implied_objects.h).
inline constexpr Cidr kNodeNetwork{0xAC120000u, 16};  // 172.18.0.0/16

struct Node {
  std::string name;
  Labels labels;  ///< as written, plus kubernetes.io/hostname=<name> when missing; implied nodes: the well-known labels
  std::vector<Ipv4> addresses;   ///< InternalIP first, then ExternalIP; at least one (assigned if missing)
  std::optional<Cidr> pod_cidr;  ///< spec.podCIDR, or the /24 assigned from the cluster pod CIDR
  bool declared = false;         ///< false for the default node made when the input has none
  Origin origin;
};

struct ContainerPort {
  std::string name;  ///< "" when unnamed
  int port = 0;      ///< containerPort, 1..65535
  Protocol protocol = Protocol::kTCP;
};

/// A workload reference: the controller owner of a pod as written (kind + name, ReplicaSets keep their hash).
struct OwnerRef {
  std::string kind;  ///< "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job",
                     ///< "CronJob"; "Pod" for a bare pod when used as a workload key
  std::string name;
  bool operator<(const OwnerRef& o) const { return kind != o.kind ? kind < o.kind : name < o.name; }
  bool operator==(const OwnerRef& o) const { return kind == o.kind && name == o.name; }
};

struct Pod {
  std::string ns;
  std::string name;
  Labels labels;
  std::string node;  ///< spec.nodeName, or the node kreach scheduled it on
  Ipv4 ip = 0;       ///< pod IP; for hostNetwork pods the node's IP
  Ipv4 host_ip = 0;  ///< the node's IP
  bool host_network = false;
  std::vector<ContainerPort> ports;  ///< regular containers first, then restartable init containers
  /// Controller owner as written in ownerReferences, or the workload kreach expanded the pod from.
  std::optional<OwnerRef> owner;
  PodPhase phase = PodPhase::kRunning;
  bool ready = true;         ///< the Ready condition (true when status says nothing)
  bool terminating = false;  ///< metadata.deletionTimestamp set
  std::string hostname;      ///< spec.hostname (StatefulSet pods: their name)
  std::string subdomain;     ///< spec.subdomain (StatefulSet pods: serviceName)
  DnsPolicy dns_policy = DnsPolicy::kClusterFirst;
  /// The ingress-nginx flags that say which IngressClasses an ingress controller pod serves, found in the regular
  /// containers' command and args (--controller-class, --ingress-class, --ingress-class-by-name,
  /// --watch-ingress-without-class), each as written in one word "--name=value" or "--name" (a value given as the
  /// next word is joined with '='), in order. Empty for almost every pod.
  std::vector<std::string> ingress_class_flags;
  bool ip_assigned = false;  ///< true when kreach assigned the IP (input had none)
  /// spec.nodeSelector and the required node affinity (shared by the pods of one workload); null when the pod
  /// states neither. kreach reads them only to place pods without spec.nodeName.
  std::shared_ptr<const NodeConstraints> node_constraints;
  Origin origin;

  /// The workload the pod belongs to for grouping: its owner, or {Pod, name} for a bare pod.
  OwnerRef Workload() const { return owner ? *owner : OwnerRef{"Pod", name}; }
  std::string Key() const { return ns + "/" + name; }
};

/// A workload object as written (Deployment, StatefulSet, ...). Its pods are in Cluster::pods.
struct Workload {
  std::string ns;
  OwnerRef ref;
  Labels template_labels;
  std::optional<LabelSelector> selector;
  int replicas = 1;
  Origin origin;
};

// ---- NetworkPolicy (networking.k8s.io/v1), after defaulting and validation ----

struct PolicyPort {
  Protocol protocol = Protocol::kTCP;
  bool has_port = false;         ///< false: every port of `protocol`
  int port = 0;                  ///< numeric port when has_port and port_name is empty
  std::string port_name;         ///< named port (resolved per destination pod)
  int end_port = 0;              ///< 0 = no range; else inclusive upper bound, >= port
  std::string ToString() const;  ///< "TCP/80", "TCP/32000-32768", "TCP/http", "UDP/*"
};

struct IpBlock {
  Cidr cidr;
  std::vector<Cidr> except;
  bool Contains(Ipv4 ip) const;
};

/// One `from`/`to` item. Validation guarantees: ip_block alone, or at least one of the selectors.
struct PolicyPeer {
  std::optional<LabelSelector> pod_selector;
  std::optional<LabelSelector> namespace_selector;
  std::optional<IpBlock> ip_block;
  std::string ToString() const;
};

/// One ingress or egress rule. Empty `peers` = every peer; empty `ports` = every port and protocol.
struct PolicyRule {
  std::vector<PolicyPeer> peers;
  std::vector<PolicyPort> ports;
};

struct NetworkPolicy {
  std::string ns;
  std::string name;
  LabelSelector pod_selector;
  bool ingress_type = true;  ///< "Ingress" in policyTypes (after defaulting, NP-2)
  bool egress_type = false;  ///< "Egress" in policyTypes (after defaulting, NP-2)
  std::vector<PolicyRule> ingress;
  std::vector<PolicyRule> egress;
  Origin origin;
  std::string Key() const { return ns + "/" + name; }
};

// ---- Services and their neighbours (used fully by the Services issue; loaded and validated now) ----

struct ServicePort {
  std::string name;
  Protocol protocol = Protocol::kTCP;
  int port = 0;
  int target_port = 0;           ///< numeric targetPort (defaults to port)
  std::string target_port_name;  ///< named targetPort, resolved per pod
  int node_port = 0;             ///< 0 = none
  /// True when kreach chose node_port (a NodePort or LoadBalancer Service port written without one): the lowest
  /// free number of 30000-32767, where the API server would take a random free one.
  bool node_port_assigned = false;
};

struct Service {
  std::string ns;
  std::string name;
  ServiceType type = ServiceType::kClusterIP;
  std::optional<Labels> selector;  ///< absent or empty: no generated EndpointSlices
  std::vector<ServicePort> ports;
  std::string cluster_ip;         ///< as written: "", "None" (headless) or an address
  std::vector<Ipv4> cluster_ips;  ///< assigned/parsed VIP(s); empty for headless/ExternalName
  std::vector<Ipv4> external_ips;
  std::vector<Ipv4> load_balancer_ips;  ///< status.loadBalancer.ingress[].ip
  std::vector<Cidr> load_balancer_source_ranges;
  std::string external_name;
  TrafficPolicy external_traffic_policy = TrafficPolicy::kCluster;
  TrafficPolicy internal_traffic_policy = TrafficPolicy::kCluster;
  bool publish_not_ready_addresses = false;
  /// spec.allocateLoadBalancerNodePorts (LoadBalancer only): false = no automatic nodePorts (SVC-13).
  bool allocate_load_balancer_node_ports = true;
  SessionAffinity session_affinity = SessionAffinity::kNone;
  Origin origin;
  bool Headless() const { return cluster_ip == "None"; }
};

struct EndpointPort {
  std::string name;
  Protocol protocol = Protocol::kTCP;
  int port = 0;
};

struct Endpoint {
  std::vector<Ipv4> addresses;
  bool ready = true, serving = true, terminating = false;
  std::string hostname, node_name, target_pod;  ///< target_pod = "ns/name" when targetRef is a Pod
};

struct EndpointSlice {
  std::string ns;
  std::string name;
  std::string service_name;  ///< label kubernetes.io/service-name
  std::vector<EndpointPort> ports;
  std::vector<Endpoint> endpoints;
  bool generated = false;  ///< true when kreach made it from a Service selector
  Origin origin;
};

struct IngressBackend {
  std::string service_name;  ///< empty for resource backends
  int port_number = 0;
  std::string port_name;
};

struct IngressPath {
  std::string path;
  PathType path_type = PathType::kPrefix;
  IngressBackend backend;
};

struct IngressRule {
  std::string host;  ///< "" = every host
  std::vector<IngressPath> paths;
};

struct Ingress {
  std::string ns;
  std::string name;
  std::string ingress_class;  ///< spec.ingressClassName or the legacy annotation; "" = default class
  std::optional<IngressBackend> default_backend;
  std::vector<IngressRule> rules;
  std::vector<std::string> tls_hosts;
  std::string creation_timestamp;
  Origin origin;
};

struct IngressClass {
  std::string name;
  std::string controller;
  bool is_default = false;
  Origin origin;
};

/// Cluster-wide settings from a scenario's `cluster:` block (or defaults).
struct ClusterConfig {
  Cidr pod_cidr{0x0AF40000u, 16};      ///< 10.244.0.0/16
  Cidr service_cidr{0x0A600000u, 12};  ///< 10.96.0.0/12
  std::string domain = "cluster.local";
  /// The cluster DNS Service, "namespace/name" (DNS-7). When the input lacks it and `implied_dns` is set, kreach
  /// adds it with one CoreDNS pod (k8s-app=kube-dns) so that lookups are flows that policy can block.
  std::string dns_service = "kube-system/kube-dns";
  bool implied_dns = true;
  /// Addresses of names outside the cluster (ExternalName targets, URL hosts), from `cluster.externalHosts`.
  std::map<std::string, Ipv4> external_hosts;
  /// Pods of the ingress controller that serves IngressClasses with controller `ingress_controller_name`
  /// (ingress-nginx conventions by default; `cluster.ingressController`).
  Labels ingress_controller_labels = {{"app.kubernetes.io/name", "ingress-nginx"},
                                      {"app.kubernetes.io/component", "controller"}};
  std::string ingress_controller_name = "k8s.io/ingress-nginx";
  /// The API server behind the Service default/kubernetes (`cluster.apiServer`), which the implied-objects stage
  /// adds when the input has neither that Service nor its EndpointSlice (sim/net/implied_objects.h): whether kreach
  /// implies it, its endpoint addresses as written (empty: found in the input, else one of its own), and the port it
  /// listens on (kube-apiserver --secure-port), the Service's targetPort.
  bool implied_api_server = true;
  std::vector<Ipv4> api_server_addresses;
  int api_server_port = 6443;
  /// Loader setting, not a cluster property: a document that fails decoding or validation is skipped with a
  /// warning instead of being an error (netpol-analyzer's behaviour for malformed pods; `--skip-invalid`).
  bool skip_invalid_documents = false;
  /// Loader setting: API-server rules that do not change traffic become warnings and the object is kept:
  /// object name syntax (VAL-1 and the other kinds' names), Service port names (VAL-8), a container port
  /// without containerPort (dropped), a workload selector that misses its template labels, an ownerReference
  /// without kind (taken as Pod). netpol-analyzer
  /// accepts such inputs and its conformance corpus contains them; the default (false) follows the API server.
  bool relaxed_validation = false;
  /// Loader setting: a field that the object's API type does not define is an error (false, as kubectl's strict
  /// field validation) or a warning (`--unknown-fields=warn`; `kreach list` by default).
  bool unknown_fields_are_warnings = false;
  /// Loader setting: the namespace of namespaced objects that name none (`--default-namespace`, `-n`).
  std::string default_namespace = "default";
  /// Loader setting: an object that filters or routes traffic but that kreach does not model (a Cilium or Calico
  /// policy, an AuthorizationPolicy, a Gateway API route, ...) is a warning (false) or an error
  /// (`--unmodeled=error`, for CI).
  bool unmodeled_are_errors = false;
};

/// Objects of one kind that filter or route traffic but that kreach skipped (ClusterConfig::unmodeled_are_errors).
struct UnmodeledKindCount {
  std::string kind;
  std::string api_version;
  int count = 0;
};

/// The whole model. Invariants established by the loader: every vector is sorted by (namespace, name); every
/// pod's namespace and node exist; every pod has an IP; names are unique per kind and namespace.
struct Cluster {
  ClusterConfig config;
  std::vector<Namespace> namespaces;
  std::vector<Node> nodes;
  std::vector<Pod> pods;
  std::vector<Workload> workloads;
  std::vector<Service> services;
  std::vector<EndpointSlice> endpoint_slices;
  std::vector<Ingress> ingresses;
  std::vector<IngressClass> ingress_classes;
  std::vector<NetworkPolicy> network_policies;
  /// The traffic objects the loader skipped, per kind in input order: every answer carries a caveat about them.
  std::vector<UnmodeledKindCount> unmodeled;

  const Namespace* FindNamespace(const std::string& name) const;
  const Node* FindNode(const std::string& name) const;
  const Pod* FindPod(const std::string& ns, const std::string& name) const;
  const Service* FindService(const std::string& ns, const std::string& name) const;
  /// The pod (not hostNetwork) whose IP is `ip`, or nullptr.
  const Pod* FindPodByIp(Ipv4 ip) const;
  /// The node that has `ip` among its addresses, or nullptr.
  const Node* FindNodeByIp(Ipv4 ip) const;
};

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_CLUSTER_H_
