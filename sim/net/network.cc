#include "sim/net/network.h"

#include <algorithm>
#include <set>

#include "sim/net/ingress_route.h"
#include "sim/net/service_graph.h"

namespace kreach {

Network::Network(const Cluster& input, const PolicyOptions& options) : Network(ImpliedCluster::Build(input), options) {}

Network::Network(std::shared_ptr<const ImpliedCluster> world, const PolicyOptions& options)
    : world_(std::move(world)), options_(options), graph_(std::make_unique<ServiceGraph>()) {
  const Cluster& c = world_->cluster();
  // From here on the cluster does not change: pointers into it are stable.
  std::size_t slash = c.config.dns_service.find('/');
  dns_service_ = c.FindService(c.config.dns_service.substr(0, slash), c.config.dns_service.substr(slash + 1));
  api_server_ = c.FindService("default", "kubernetes");

  // The ingress controllers the implied-objects stage planned, with pointers into the cluster: their pods, the
  // Ingresses their class serves (ING-1) and the Services in front of their pods (the addresses clients use).
  for (const ControllerPlan& plan : world_->controllers()) {
    IngressController ctl;
    for (const IngressClass& cls : c.ingress_classes) {
      if (cls.name == plan.ingress_class) ctl.ingress_class = &cls;
    }
    for (const std::string& key : plan.pod_keys) {
      std::string ns = key.substr(0, key.find('/'));
      if (const Pod* p = c.FindPod(ns, key.substr(ns.size() + 1))) ctl.pods.push_back(p);
    }
    ctl.implied = plan.implied;
    ctl.note = plan.note;
    ctl.left_out = plan.left_out;
    ctl.served = ServedIngresses(c, ctl.ingress_class);
    for (const Service& s : c.services) {
      if (!s.selector || s.selector->empty()) continue;
      bool fronts = std::any_of(ctl.pods.begin(), ctl.pods.end(),
                                [&](const Pod* p) { return p->ns == s.ns && SelectsLabels(*s.selector, p->labels); });
      if (fronts) ctl.services.push_back(&s);
    }
    ctl.name = ctl.pods.empty() ? "(no pods)" : ctl.pods.front()->Key();
    if (!ctl.services.empty()) ctl.name = ctl.services.front()->ns + "/" + ctl.services.front()->name;
    controllers_.push_back(std::move(ctl));
  }

  // One policy engine for every hop; a second, stricter one when snatFromOwnNodeExempt is off (NP-24): a packet
  // SNATed to the receiver's own node is then not exempt, although the node's own traffic still is.
  slices_ = std::make_unique<SliceIndex>(c);
  engine_ = std::make_unique<PolicyEngine>(c, options_);
  if (!options_.snat_from_own_node_exempt && options_.ingress_from_own_node_exempt) {
    PolicyOptions strict = options_;
    strict.ingress_from_own_node_exempt = false;
    snat_engine_ = std::make_unique<PolicyEngine>(c, strict);
  }

  // The graph: pods, then Service frontends with a DNAT edge per endpoint, then ingress controllers.
  ServiceGraph& sg = *graph_;
  auto add = [&](GraphVertex v) { return boost::add_vertex(std::move(v), sg.g); };
  for (const Pod& p : c.pods) {
    GraphVertex v;
    v.kind = GraphVertex::Kind::kPod;
    v.label = p.Key();
    v.pod = &p;
    v.ip = p.ip;
    sg.pod[&p] = add(std::move(v));
  }
  auto target = [&](const Backend& b) {
    if (b.pod != nullptr) return sg.pod.at(b.pod);
    auto it = sg.address.find(b.ip);
    if (it != sg.address.end()) return it->second;
    GraphVertex v;
    v.kind = GraphVertex::Kind::kAddress;
    v.label = FormatIpv4(b.ip);
    v.ip = b.ip;
    return sg.address[b.ip] = add(std::move(v));
  };
  // kube-proxy's frontends: per Service port, the ClusterIP(s), the nodePort opened on every node (SVC-12), each
  // load-balancer address (SVC-13) and each externalIP (SVC-14), with a DNAT edge to every endpoint of the port.
  // ExternalName and headless Services have none: DNS answers for them (SVC-19, SVC-20).
  for (const Service& s : c.services) {
    if (s.type == ServiceType::kExternalName || s.Headless()) continue;
    for (const ServicePort& sp : s.ports) {
      std::vector<Backend> backends = ServicePortBackends(c, s, sp, slices_.get());
      std::string key = s.ns + "/" + s.name;
      std::string proto = ProtocolName(sp.protocol);
      auto frontend = [&](GraphVertex::Kind kind, const std::string& what, Ipv4 ip, int number) {
        GraphVertex v;
        v.kind = kind;
        v.label = what + " " + key + " " + (ip ? FormatIpv4(ip) : std::string("*")) + ":" + std::to_string(number) +
                  "/" + proto;
        v.service = &s;
        v.port = &sp;
        v.ip = ip;
        v.number = number;
        ServiceGraph::Vertex at = add(std::move(v));
        for (const Backend& b : backends) {
          GraphEdge e;
          e.kind = GraphEdge::Kind::kDnat;
          e.backend = b;
          e.label = "DNAT → " + FormatIpv4(b.ip) + ":" + std::to_string(b.port);
          boost::add_edge(at, target(b), std::move(e), sg.g);
        }
        return at;
      };
      for (Ipv4 vip : s.cluster_ips) {
        ServiceGraph::Vertex v = frontend(GraphVertex::Kind::kClusterIp, "ClusterIP", vip, sp.port);
        sg.cluster_ip[{vip, sp.port, sp.protocol}] = v;
        sg.cluster_ip_of_port.emplace(&sp, v);
      }
      if (sp.node_port != 0) {
        sg.node_port[{0, sp.node_port, sp.protocol}] =
            frontend(GraphVertex::Kind::kNodePort, "NodePort", 0, sp.node_port);
      }
      if (s.type == ServiceType::kLoadBalancer) {
        for (Ipv4 ip : s.load_balancer_ips) {
          sg.load_balancer[{ip, sp.port, sp.protocol}] =
              frontend(GraphVertex::Kind::kLoadBalancer, "LoadBalancer", ip, sp.port);
        }
      }
      for (Ipv4 ip : s.external_ips) {
        sg.external_ip[{ip, sp.port, sp.protocol}] =
            frontend(GraphVertex::Kind::kExternalIp, "externalIP", ip, sp.port);
      }
    }
  }
  for (std::size_t i = 0; i < controllers_.size(); ++i) {
    const IngressController& ctl = controllers_[i];
    GraphVertex v;
    v.kind = GraphVertex::Kind::kIngressController;
    v.label = "ingress controller " + ctl.name;
    v.controller = static_cast<int>(i);
    ServiceGraph::Vertex at = add(std::move(v));
    sg.controller.push_back(at);
    for (const Pod* p : ctl.pods) {
      GraphEdge e;
      e.kind = GraphEdge::Kind::kControllerPod;
      e.label = "controller pod";
      boost::add_edge(at, sg.pod.at(p), std::move(e), sg.g);
    }
    for (const Ingress* ing : ctl.served) {
      std::vector<const IngressBackend*> backends;
      if (ing->default_backend) backends.push_back(&*ing->default_backend);
      for (const IngressRule& rule : ing->rules) {
        for (const IngressPath& path : rule.paths) backends.push_back(&path.backend);
      }
      std::set<const ServicePort*> linked;
      for (const IngressBackend* b : backends) {
        const Service* svc = c.FindService(ing->ns, b->service_name);
        if (svc == nullptr) continue;
        const ServicePort* sp = b->port_name.empty()
                                    ? FindServicePort(*svc, std::to_string(b->port_number), Protocol::kTCP)
                                    : FindServicePort(*svc, b->port_name, Protocol::kTCP);
        auto it = sp ? sg.cluster_ip_of_port.find(sp) : sg.cluster_ip_of_port.end();
        if (it == sg.cluster_ip_of_port.end() || !linked.insert(sp).second) continue;
        GraphEdge e;
        e.kind = GraphEdge::Kind::kProxy;
        e.ingress = ing;
        e.label = "Ingress " + ing->ns + "/" + ing->name;
        boost::add_edge(at, it->second, std::move(e), sg.g);
      }
    }
  }
}

Network::~Network() = default;

std::vector<GraphVertex> Network::Vertices() const {
  std::vector<GraphVertex> out;
  for (auto [it, end] = boost::vertices(graph_->g); it != end; ++it) out.push_back(graph_->g[*it]);
  return out;
}

std::vector<Network::EdgeView> Network::Edges() const {
  std::vector<EdgeView> out;
  for (auto [it, end] = boost::edges(graph_->g); it != end; ++it) {
    out.push_back({static_cast<int>(boost::source(*it, graph_->g)), static_cast<int>(boost::target(*it, graph_->g)),
                   graph_->g[*it]});
  }
  return out;
}

namespace {

int Lookup(const std::map<std::tuple<Ipv4, int, Protocol>, ServiceGraph::Vertex>& map, Ipv4 ip, int port,
           Protocol protocol) {
  auto it = map.find({ip, port, protocol});
  return it == map.end() ? -1 : static_cast<int>(it->second);
}

}  // namespace

int Network::ClusterIpVertex(Ipv4 ip, int port, Protocol protocol) const {
  return Lookup(graph_->cluster_ip, ip, port, protocol);
}
int Network::ClusterIpVertex(const Service&, const ServicePort& port) const {
  auto it = graph_->cluster_ip_of_port.find(&port);
  return it == graph_->cluster_ip_of_port.end() ? -1 : static_cast<int>(it->second);
}
int Network::NodePortVertex(int node_port, Protocol protocol) const {
  return Lookup(graph_->node_port, 0, node_port, protocol);
}
int Network::LoadBalancerVertex(Ipv4 ip, int port, Protocol protocol) const {
  return Lookup(graph_->load_balancer, ip, port, protocol);
}
int Network::ExternalIpVertex(Ipv4 ip, int port, Protocol protocol) const {
  return Lookup(graph_->external_ip, ip, port, protocol);
}
int Network::ControllerVertex(int controller) const {
  return controller < 0 || controller >= static_cast<int>(graph_->controller.size())
             ? -1
             : static_cast<int>(graph_->controller[static_cast<std::size_t>(controller)]);
}

const Service* Network::ServiceByVip(Ipv4 ip) const {
  for (const Service& s : world_->cluster().services) {
    if (std::find(s.cluster_ips.begin(), s.cluster_ips.end(), ip) != s.cluster_ips.end()) return &s;
  }
  return nullptr;
}
const Service* Network::ServiceByLoadBalancerIp(Ipv4 ip) const {
  for (const Service& s : world_->cluster().services) {
    if (s.type == ServiceType::kLoadBalancer &&
        std::find(s.load_balancer_ips.begin(), s.load_balancer_ips.end(), ip) != s.load_balancer_ips.end()) {
      return &s;
    }
  }
  return nullptr;
}
const Service* Network::ServiceByExternalIp(Ipv4 ip) const {
  for (const Service& s : world_->cluster().services) {
    if (std::find(s.external_ips.begin(), s.external_ips.end(), ip) != s.external_ips.end()) return &s;
  }
  return nullptr;
}

int Network::ControllerForHost(const std::string& host) const {
  int fallback = -1;
  for (std::size_t i = 0; i < controllers_.size(); ++i) {
    for (const Ingress* ing : controllers_[i].served) {
      if (fallback < 0) fallback = static_cast<int>(i);
      for (const IngressRule& rule : ing->rules) {
        if (!rule.host.empty() && IngressHostMatches(rule.host, host)) return static_cast<int>(i);
      }
    }
  }
  return fallback;
}

int Network::ControllerForAddress(Ipv4 ip) const {
  for (std::size_t i = 0; i < controllers_.size(); ++i) {
    for (const Service* s : controllers_[i].services) {
      if (std::find(s->load_balancer_ips.begin(), s->load_balancer_ips.end(), ip) != s->load_balancer_ips.end() ||
          std::find(s->external_ips.begin(), s->external_ips.end(), ip) != s->external_ips.end()) {
        return static_cast<int>(i);
      }
    }
    for (const Pod* p : controllers_[i].pods) {
      if (p->ip == ip) return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace kreach
