#include "sim/net/network.h"

#include <algorithm>
#include <set>

#include "sim/net/ingress_route.h"
#include "sim/net/service_graph.h"

namespace kreach {

namespace {

constexpr const char* kImplied = "<implied>";
constexpr const char* kNamespaceNameLabel = "kubernetes.io/metadata.name";

template <typename T>
void InsertSorted(std::vector<T>& items, T item) {
  auto at = std::lower_bound(items.begin(), items.end(), item, [](const T& a, const T& b) {
    return a.ns != b.ns ? a.ns < b.ns : a.name < b.name;
  });
  items.insert(at, std::move(item));
}

void EnsureNamespace(Cluster& c, const std::string& name) {
  if (c.FindNamespace(name) != nullptr) return;
  Namespace ns;
  ns.name = name;
  ns.labels[kNamespaceNameLabel] = name;
  ns.origin.source = kImplied;
  auto at = std::lower_bound(c.namespaces.begin(), c.namespaces.end(), name,
                             [](const Namespace& n, const std::string& key) { return n.name < key; });
  c.namespaces.insert(at, std::move(ns));
}

/// A pod IP no pod uses, from the first node's pod CIDR (counting down from its top), else the cluster pod CIDR.
Ipv4 FreePodIp(const Cluster& c) {
  std::set<Ipv4> used;
  for (const Pod& p : c.pods) used.insert(p.ip);
  Cidr range = c.config.pod_cidr;
  if (!c.nodes.empty() && c.nodes.front().pod_cidr) range = *c.nodes.front().pod_cidr;
  Ipv4 first = range.First();
  for (Ipv4 ip = range.Last() - 1; ip > first; --ip) {
    if (!used.count(ip)) return ip;
  }
  return 0;
}

/// A ClusterIP no Service uses: the tenth address of the service CIDR (kube-dns's usual 10.96.0.10) when free.
Ipv4 FreeServiceIp(const Cluster& c) {
  std::set<Ipv4> used;
  for (const Service& s : c.services) used.insert(s.cluster_ips.begin(), s.cluster_ips.end());
  Cidr range = c.config.service_cidr;
  for (Ipv4 ip = range.First() + 10; ip < range.Last(); ++ip) {
    if (!used.count(ip)) return ip;
  }
  return 0;
}

Pod ImpliedPod(const Cluster& c, const std::string& ns, const std::string& name, Labels labels,
               std::vector<ContainerPort> ports) {
  Pod pod;
  pod.ns = ns;
  pod.name = name;
  pod.labels = std::move(labels);
  pod.ports = std::move(ports);
  if (!c.nodes.empty()) {
    pod.node = c.nodes.front().name;
    pod.host_ip = c.nodes.front().addresses.empty() ? 0 : c.nodes.front().addresses.front();
  }
  pod.ip = FreePodIp(c);
  pod.ip_assigned = true;
  pod.origin.source = kImplied;
  return pod;
}

bool MatchesAll(const Labels& want, const Labels& labels) {
  if (want.empty()) return false;
  for (const auto& [k, v] : want) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v) return false;
  }
  return true;
}

std::string LabelText(const Labels& labels) {
  std::string out;
  for (const auto& [k, v] : labels) out += (out.empty() ? "" : ",") + k + "=" + v;
  return out;
}

/// Adds the cluster DNS Service (and a CoreDNS pod when no pod carries k8s-app=kube-dns) when the input lacks it.
void AddImpliedDns(Cluster& c, std::vector<std::string>& notes) {
  std::size_t slash = c.config.dns_service.find('/');
  std::string ns = c.config.dns_service.substr(0, slash);
  std::string name = c.config.dns_service.substr(slash + 1);
  if (c.FindService(ns, name) != nullptr || !c.config.implied_dns) return;
  EnsureNamespace(c, ns);
  Labels selector = {{"k8s-app", "kube-dns"}};
  bool has_pods = std::any_of(c.pods.begin(), c.pods.end(),
                              [&](const Pod& p) { return p.ns == ns && MatchesAll(selector, p.labels); });
  if (!has_pods) {
    InsertSorted(c.pods, ImpliedPod(c, ns, "coredns-implied", selector,
                                    {{"dns", 53, Protocol::kUDP}, {"dns-tcp", 53, Protocol::kTCP}}));
  }
  Service svc;
  svc.ns = ns;
  svc.name = name;
  svc.selector = selector;
  svc.ports = {{"dns", Protocol::kUDP, 53, 53, "", 0}, {"dns-tcp", Protocol::kTCP, 53, 53, "", 0}};
  svc.cluster_ips = {FreeServiceIp(c)};
  svc.cluster_ip = svc.cluster_ips.front() == 0 ? "" : FormatIpv4(svc.cluster_ips.front());
  svc.origin.source = kImplied;
  EndpointSlice slice;
  slice.ns = ns;
  slice.name = name + "-implied";
  slice.service_name = name;
  slice.generated = true;
  slice.origin.source = kImplied;
  slice.ports = {{"dns", Protocol::kUDP, 53}, {"dns-tcp", Protocol::kTCP, 53}};
  for (const Pod& p : c.pods) {
    if (p.ns != ns || !MatchesAll(selector, p.labels) || p.phase == "Succeeded" || p.phase == "Failed") continue;
    Endpoint e;
    e.addresses = {p.ip};
    e.serving = p.ready;
    e.terminating = p.terminating;
    e.ready = p.ready && !p.terminating;
    e.node_name = p.node;
    e.target_pod = p.Key();
    slice.endpoints.push_back(std::move(e));
  }
  InsertSorted(c.services, std::move(svc));
  InsertSorted(c.endpoint_slices, std::move(slice));
  notes.push_back("the input has no Service " + c.config.dns_service + ": kreach implies it" +
                  (has_pods ? " over the pods labelled k8s-app=kube-dns" : " with one CoreDNS pod " + ns +
                                                                              "/coredns-implied (k8s-app=kube-dns)") +
                  ", UDP and TCP port 53 (cluster.dnsService, cluster.impliedDns)");
}

/// One planned controller before pointers are taken: which class, which pods (by key), implied or not.
struct ControllerPlan {
  const IngressClass* ingress_class = nullptr;
  std::vector<std::string> pod_keys;
  std::string implied_key;  ///< "ns/name" of the implied pod, "" when the pods come from the input
};

}  // namespace

Network::Network(const Cluster& cluster, const PolicyOptions& options)
    : cluster_(cluster), options_(options), graph_(std::make_unique<ServiceGraph>()) {
  Cluster& c = cluster_;
  AddImpliedDns(c, notes_);
  if (!notes_.empty()) dns_note_ = notes_.back();

  // Ingress controllers: IngressClasses whose controller is the configured one share the labelled pods; other
  // classes (or every Ingress when the input has no IngressClass) get the labelled pods or an implied pod.
  std::vector<ControllerPlan> plans;
  if (!c.ingresses.empty()) {
    std::vector<std::string> labelled;
    for (const Pod& p : c.pods) {
      if (MatchesAll(c.config.ingress_controller_labels, p.labels)) labelled.push_back(p.Key());
    }
    auto plan_for = [&](const IngressClass* cls, bool known_controller) {
      ControllerPlan plan;
      plan.ingress_class = cls;
      if (known_controller && !labelled.empty()) {
        plan.pod_keys = labelled;
      } else {
        if (cls == nullptr || known_controller) {
          plan.implied_key = "ingress-nginx/ingress-nginx-controller-implied";
        } else {  // another controller: a namespace of its own, named after the class (a DNS label)
          std::string label = "ingress-" + cls->name;
          std::replace(label.begin(), label.end(), '.', '-');
          label = label.substr(0, 63);
          while (!label.empty() && label.back() == '-') label.pop_back();
          plan.implied_key = label + "/" + label + "-controller-implied";
        }
      }
      plans.push_back(plan);
    };
    if (c.ingress_classes.empty()) {
      plan_for(nullptr, true);
    } else {
      for (const IngressClass& cls : c.ingress_classes) {
        if (ServedIngresses(c, &cls).empty()) continue;
        plan_for(&cls, cls.controller == c.config.ingress_controller_name);
      }
    }
    std::set<std::string> added;
    for (const ControllerPlan& plan : plans) {
      if (plan.implied_key.empty() || !added.insert(plan.implied_key).second) continue;
      std::string ns = plan.implied_key.substr(0, plan.implied_key.find('/'));
      std::string name = plan.implied_key.substr(ns.size() + 1);
      EnsureNamespace(c, ns);
      Labels labels = c.config.ingress_controller_labels;
      if (plan.ingress_class != nullptr && plan.ingress_class->controller != c.config.ingress_controller_name) {
        labels = {{"app.kubernetes.io/name", "ingress-" + plan.ingress_class->name}};
      }
      InsertSorted(c.pods, ImpliedPod(c, ns, name, labels,
                                      {{"http", 80, Protocol::kTCP}, {"https", 443, Protocol::kTCP}}));
    }
  }

  // From here on the cluster does not change: pointers into it are stable.
  std::size_t slash = c.config.dns_service.find('/');
  dns_service_ = c.FindService(c.config.dns_service.substr(0, slash), c.config.dns_service.substr(slash + 1));

  for (const ControllerPlan& plan : plans) {
    IngressController ctl;
    ctl.ingress_class = plan.ingress_class;
    // The IngressClass pointer came from the same vector, which did not change: take it again by name.
    std::vector<std::string> keys = plan.pod_keys;
    if (!plan.implied_key.empty()) keys = {plan.implied_key};
    for (const std::string& key : keys) {
      std::string ns = key.substr(0, key.find('/'));
      if (const Pod* p = c.FindPod(ns, key.substr(ns.size() + 1))) ctl.pods.push_back(p);
    }
    ctl.implied = !plan.implied_key.empty();
    ctl.served = ServedIngresses(c, plan.ingress_class);
    for (const Service& s : c.services) {
      if (!s.selector || s.selector->empty()) continue;
      bool fronts = std::any_of(ctl.pods.begin(), ctl.pods.end(), [&](const Pod* p) {
        return p->ns == s.ns && MatchesAll(*s.selector, p->labels);
      });
      if (fronts) ctl.services.push_back(&s);
    }
    ctl.name = ctl.pods.empty() ? "(no pods)" : ctl.pods.front()->Key();
    if (!ctl.services.empty()) ctl.name = ctl.services.front()->ns + "/" + ctl.services.front()->name;
    if (ctl.implied) {
      ctl.note = ("no ingress controller pods in the input" +
                       std::string(plan.ingress_class ? " for IngressClass " + plan.ingress_class->name : "") +
                       ": kreach implies " + keys.front() + " (" + LabelText(ctl.pods.front()->labels) +
                       "), reached directly on TCP 80 and 443 (cluster.ingressController)");
      notes_.push_back(ctl.note);
    }
    controllers_.push_back(std::move(ctl));
  }

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
  for (const Service& s : c.services) {
    if (s.type == "ExternalName" || s.Headless()) continue;
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
      if (s.type == "LoadBalancer") {
        for (Ipv4 ip : s.load_balancer_ips) {
          sg.load_balancer[{ip, sp.port, sp.protocol}] =
              frontend(GraphVertex::Kind::kLoadBalancer, "LoadBalancer", ip, sp.port);
        }
      }
      for (Ipv4 ip : s.external_ips) {
        sg.external_ip[{ip, sp.port, sp.protocol}] = frontend(GraphVertex::Kind::kExternalIp, "externalIP", ip, sp.port);
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
  for (const Service& s : cluster_.services) {
    if (std::find(s.cluster_ips.begin(), s.cluster_ips.end(), ip) != s.cluster_ips.end()) return &s;
  }
  return nullptr;
}
const Service* Network::ServiceByLoadBalancerIp(Ipv4 ip) const {
  for (const Service& s : cluster_.services) {
    if (s.type == "LoadBalancer" &&
        std::find(s.load_balancer_ips.begin(), s.load_balancer_ips.end(), ip) != s.load_balancer_ips.end()) {
      return &s;
    }
  }
  return nullptr;
}
const Service* Network::ServiceByExternalIp(Ipv4 ip) const {
  for (const Service& s : cluster_.services) {
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
