// The cluster as packets see it: the model plus what kreach implies (cluster DNS, the API server, an ingress
// controller), the Service graph that connects entry points to pods, and the policy engine over all of it.
#ifndef KREACH_SIM_NET_NETWORK_H_
#define KREACH_SIM_NET_NETWORK_H_

#include <memory>
#include <string>
#include <vector>

#include "policies/evaluator.h"
#include "sim/model/cluster.h"
#include "sim/model/options.h"
#include "sim/net/implied_objects.h"
#include "sim/net/service_backends.h"

namespace kreach {

/// A vertex of the Service graph: somewhere a packet can be sent or arrive.
struct GraphVertex {
  enum class Kind {
    kPod,                ///< a pod (its IP)
    kNode,               ///< a node (its first address)
    kClusterIp,          ///< ClusterIP:port of one Service port
    kNodePort,           ///< nodePort of one Service port, open on every node
    kLoadBalancer,       ///< one status.loadBalancer.ingress IP:port of one Service port
    kExternalIp,         ///< one spec.externalIPs IP:port of one Service port
    kIngressController,  ///< an ingress controller (its pods are kPod vertices)
    kAddress,            ///< an endpoint address that belongs to no pod (manual EndpointSlices)
  };
  Kind kind = Kind::kPod;
  std::string label;  ///< "shop/web-0", "ClusterIP shop/web 10.96.0.12:80/TCP", ...
  const Pod* pod = nullptr;
  const Node* node = nullptr;
  const Service* service = nullptr;
  const ServicePort* port = nullptr;
  int controller = -1;  ///< index into Network::controllers() for kIngressController
  Ipv4 ip = 0;          ///< the address a client sends to (0 for kNodePort: every node's)
  int number = 0;       ///< the port a client sends to (port, nodePort)
};

/// An edge: one hop a packet can take, with the translation it applies.
struct GraphEdge {
  enum class Kind {
    kDnat,          ///< Service frontend → endpoint: DNAT to backend ip:port (kube-proxy)
    kProxy,         ///< ingress controller → ClusterIP vertex of a backend Service port: a new L7 connection
    kControllerPod  ///< ingress controller → one of its pods
  };
  Kind kind = Kind::kDnat;
  Backend backend;                   ///< kDnat: the endpoint chosen
  const Ingress* ingress = nullptr;  ///< kProxy: the Ingress that routes there
  std::string label;                 ///< "DNAT → 10.244.1.5:8080", "Ingress shop/web"
};

/// An ingress controller: the pods that serve some Ingresses, found in the input or implied by kreach.
struct IngressController {
  std::string name;                             ///< "ingress-nginx/ingress-nginx-controller" or the implied pod's key
  const IngressClass* ingress_class = nullptr;  ///< nullptr when the input has no IngressClass
  std::vector<const Pod*> pods;                 ///< in cluster order, never empty
  std::vector<const Service*> services;         ///< Services in front of the pods (entry points), by ns/name
  std::vector<const Ingress*> served;           ///< Ingresses it routes, by ns/name
  bool implied = false;                         ///< kreach added it (no controller pods in the input)
  std::string note;                             ///< what kreach assumed (ControllerPlan::note), else ""
  std::string left_out;                         ///< the labelled pods left out (ControllerPlan::left_out), or ""
};

class ServiceGraph;  // Boost.Graph adjacency list (sim/net/service_graph.h), an implementation detail

/// Builds once, then answers many queries; thread-safe for reads. Pointers into `cluster()` stay valid while the
/// Network lives (it shares the ImpliedCluster it was built from).
class Network {
 public:
  /// The network over the implied-objects stage's cluster (sim/net/implied_objects.h): what the commands use.
  Network(std::shared_ptr<const ImpliedCluster> world, const PolicyOptions& options);
  /// Runs the implied-objects stage on a copy of `input` first (for tests and one-off callers).
  Network(const Cluster& input, const PolicyOptions& options);
  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  /// The input cluster plus implied objects (their Origin::source is kImpliedSource).
  const Cluster& cluster() const { return world_->cluster(); }
  /// The implied-objects stage this network was built over.
  const ImpliedCluster& world() const { return *world_; }
  const PolicyOptions& options() const { return options_; }
  const PolicyEngine& engine() const { return *engine_; }
  /// The engine used for packets SNATed to the destination's own node when snatFromOwnNodeExempt is off (the
  /// own-node exemption then does not apply to them); otherwise the same as engine().
  const PolicyEngine& snat_engine() const { return snat_engine_ ? *snat_engine_ : *engine_; }

  /// The cluster DNS Service (input or implied), or nullptr when there is none (impliedDns off).
  const Service* dns_service() const { return dns_service_; }
  /// The API server's Service default/kubernetes (input or implied), or nullptr when there is none.
  const Service* api_server() const { return api_server_; }
  /// The note about the implied API server ("" when the input has it); traces through its Service carry it.
  const std::string& api_server_note() const { return world_->api_server_note(); }
  const std::vector<IngressController>& controllers() const { return controllers_; }
  /// One sentence per implied object or assumption, for `query` and `check` output.
  const std::vector<std::string>& notes() const { return world_->notes(); }
  /// The note about the implied cluster DNS ("" when the input has its DNS Service); traces that look a name up
  /// carry it.
  const std::string& dns_note() const { return world_->dns_note(); }

  const ServiceGraph& graph() const { return *graph_; }
  /// The EndpointSlices of cluster() by Service.
  const SliceIndex& slices() const { return *slices_; }
  /// ServicePortBackends over cluster() with slices().
  std::vector<Backend> Backends(const Service& svc, const ServicePort& port) const {
    return ServicePortBackends(cluster(), svc, port, slices_.get());
  }
  /// Every vertex and edge, for drawing (viz/) and tests; edges as (from, to, edge) by vertex index.
  std::vector<GraphVertex> Vertices() const;
  struct EdgeView {
    int from = 0;
    int to = 0;
    GraphEdge edge;
  };
  std::vector<EdgeView> Edges() const;

  // Lookups of entry vertices by what a client sends to; -1 when none.
  int ClusterIpVertex(Ipv4 ip, int port, Protocol protocol) const;
  int ClusterIpVertex(const Service& svc, const ServicePort& port) const;
  int NodePortVertex(int node_port, Protocol protocol) const;
  int LoadBalancerVertex(Ipv4 ip, int port, Protocol protocol) const;
  int ExternalIpVertex(Ipv4 ip, int port, Protocol protocol) const;
  int ControllerVertex(int controller) const;
  /// The Service whose ClusterIP, load-balancer IP or external IP is `ip` (any port), or nullptr.
  const Service* ServiceByVip(Ipv4 ip) const;
  const Service* ServiceByLoadBalancerIp(Ipv4 ip) const;
  const Service* ServiceByExternalIp(Ipv4 ip) const;
  /// The controller serving Ingresses whose rules name `host` (case-insensitive, wildcards), else the first
  /// controller that serves any Ingress; -1 when there is no controller.
  int ControllerForHost(const std::string& host) const;
  /// The controller whose Service has load-balancer or external IP `ip`, or whose pod has IP `ip`; -1 if none.
  int ControllerForAddress(Ipv4 ip) const;

 private:
  std::shared_ptr<const ImpliedCluster> world_;
  PolicyOptions options_;
  std::unique_ptr<PolicyEngine> engine_;
  std::unique_ptr<PolicyEngine> snat_engine_;
  const Service* dns_service_ = nullptr;
  const Service* api_server_ = nullptr;
  std::vector<IngressController> controllers_;
  std::unique_ptr<ServiceGraph> graph_;
  std::unique_ptr<SliceIndex> slices_;
};

}  // namespace kreach

#endif  // KREACH_SIM_NET_NETWORK_H_
