#include "sim/net/implied_objects.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "sim/model/text.h"
#include "sim/net/ingress_route.h"

namespace kreach {

namespace {

constexpr const char* kNamespaceNameLabel = "kubernetes.io/metadata.name";

template <typename T>
void InsertSorted(std::vector<T>& items, T item) {
  auto at = std::lower_bound(items.begin(), items.end(), item,
                             [](const T& a, const T& b) { return a.ns != b.ns ? a.ns < b.ns : a.name < b.name; });
  items.insert(at, std::move(item));
}

void EnsureNamespace(Cluster& c, const std::string& name) {
  if (c.FindNamespace(name) != nullptr) return;
  Namespace ns;
  ns.name = name;
  ns.labels[kNamespaceNameLabel] = name;
  ns.origin.source = kImpliedSource;
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
  pod.origin.source = kImpliedSource;
  return pod;
}

/// Adds the cluster DNS Service (and a CoreDNS pod when no pod carries k8s-app=kube-dns) when the input lacks it;
/// returns the note that says so, or "".
std::string AddImpliedDns(Cluster& c) {
  std::size_t slash = c.config.dns_service.find('/');
  std::string ns = c.config.dns_service.substr(0, slash);
  std::string name = c.config.dns_service.substr(slash + 1);
  if (c.FindService(ns, name) != nullptr || !c.config.implied_dns) return "";
  EnsureNamespace(c, ns);
  Labels selector = {{"k8s-app", "kube-dns"}};
  bool has_pods = std::any_of(c.pods.begin(), c.pods.end(),
                              [&](const Pod& p) { return p.ns == ns && SelectsLabels(selector, p.labels); });
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
  svc.origin.source = kImpliedSource;
  EndpointSlice slice;
  slice.ns = ns;
  slice.name = name + "-implied";
  slice.service_name = name;
  slice.generated = true;
  slice.origin.source = kImpliedSource;
  slice.ports = {{"dns", Protocol::kUDP, 53}, {"dns-tcp", Protocol::kTCP, 53}};
  for (const Pod& p : c.pods) {
    if (p.ns != ns || !SelectsLabels(selector, p.labels) || Ended(p.phase)) continue;
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
  return "the input has no Service " + c.config.dns_service + ": kreach implies it" +
         (has_pods ? " over the pods labelled k8s-app=kube-dns"
                   : " with one CoreDNS pod " + ns + "/coredns-implied (k8s-app=kube-dns)") +
         ", UDP and TCP port 53 (cluster.dnsService, cluster.impliedDns)";
}

constexpr const char* kApiServerNamespace = "default";
constexpr const char* kApiServerService = "kubernetes";

/// Whether the input describes the API server's Service itself: default/kubernetes, or an EndpointSlice of it.
bool HasApiServer(const Cluster& c) {
  if (c.FindService(kApiServerNamespace, kApiServerService) != nullptr) return true;
  return std::any_of(c.endpoint_slices.begin(), c.endpoint_slices.end(), [](const EndpointSlice& s) {
    return s.ns == kApiServerNamespace && s.service_name == kApiServerService;
  });
}

/// The API server's addresses (ImpliedCluster::Build says which) and how kreach found them, for the note.
std::pair<std::vector<Ipv4>, std::string> ApiServerAddresses(const Cluster& c) {
  if (!c.config.api_server_addresses.empty())
    return {c.config.api_server_addresses, "as cluster.apiServer.addresses says"};
  std::set<Ipv4> found;
  std::vector<std::string> names;
  for (const Pod& p : c.pods) {
    auto it = p.labels.find("component");
    if (p.ns != "kube-system" || it == p.labels.end() || it->second != "kube-apiserver" || Ended(p.phase)) continue;
    if (found.insert(p.ip).second) names.push_back(p.Key());
  }
  if (!found.empty())
    return {
        {found.begin(), found.end()},
        std::string(names.size() == 1 ? "the address of its pod " : "the addresses of its pods ") + Join(names, ", ")};
  for (const Node& n : c.nodes) {
    bool control_plane =
        n.labels.count("node-role.kubernetes.io/control-plane") || n.labels.count("node-role.kubernetes.io/master");
    if (!control_plane || n.addresses.empty() || !found.insert(n.addresses.front()).second) continue;
    names.push_back(n.name);
  }
  if (!found.empty())
    return {{found.begin(), found.end()},
            std::string(names.size() == 1 ? "on the control-plane node " : "on the control-plane nodes ") +
                Join(names, ", ")};
  std::set<Ipv4> used;
  for (const Node& n : c.nodes) used.insert(n.addresses.begin(), n.addresses.end());
  for (const Pod& p : c.pods) used.insert(p.ip);
  for (const Service& s : c.services) {
    used.insert(s.cluster_ips.begin(), s.cluster_ips.end());
    used.insert(s.external_ips.begin(), s.external_ips.end());
    used.insert(s.load_balancer_ips.begin(), s.load_balancer_ips.end());
  }
  for (const auto& [host, ip] : c.config.external_hosts) used.insert(ip);
  for (Ipv4 ip = kNodeNetwork.First() + 1; ip < kNodeNetwork.Last(); ++ip) {
    if (!used.count(ip)) return {{ip}, "an address of its own that no node has"};
  }
  return {{}, ""};
}

/// Adds the Service default/kubernetes and its EndpointSlice when the input has neither and cluster.apiServer asks
/// for them; returns the note that says so, or "".
std::string AddImpliedApiServer(Cluster& c) {
  if (!c.config.implied_api_server || HasApiServer(c)) return "";
  const int port = c.config.api_server_port;
  auto [addresses, whence] = ApiServerAddresses(c);
  if (addresses.empty()) return "";
  std::set<Ipv4> used;
  for (const Service& s : c.services) used.insert(s.cluster_ips.begin(), s.cluster_ips.end());
  Ipv4 vip = 0;  // the first address of the service CIDR, as the API server allocates it to itself
  for (Ipv4 ip = c.config.service_cidr.First() + 1; ip < c.config.service_cidr.Last() && vip == 0; ++ip) {
    if (!used.count(ip)) vip = ip;
  }
  if (vip == 0) return "";
  EnsureNamespace(c, kApiServerNamespace);
  Service svc;
  svc.ns = kApiServerNamespace;
  svc.name = kApiServerService;
  svc.ports = {{"https", Protocol::kTCP, 443, port, "", 0}};
  svc.cluster_ips = {vip};
  svc.cluster_ip = FormatIpv4(vip);
  svc.origin.source = kImpliedSource;
  EndpointSlice slice;  // kept by the API server itself, not made from a selector
  slice.ns = kApiServerNamespace;
  slice.name = std::string(kApiServerService) + "-implied";
  slice.service_name = kApiServerService;
  slice.origin.source = kImpliedSource;
  slice.ports = {{"https", Protocol::kTCP, port}};
  std::vector<std::string> at;
  for (Ipv4 ip : addresses) {
    Endpoint e;
    e.addresses = {ip};
    slice.endpoints.push_back(std::move(e));
    at.push_back(FormatIpv4(ip));
  }
  InsertSorted(c.services, std::move(svc));
  InsertSorted(c.endpoint_slices, std::move(slice));
  return "the input has no Service default/kubernetes: kreach implies it (ClusterIP " + FormatIpv4(vip) +
         ", TCP 443 → " + std::to_string(port) + ") with the API server at " + Join(at, ", ") + ", " + whence +
         " (cluster.apiServer)";
}

/// One planned controller while the stage runs: pointers into the cluster being built, whose IngressClasses do
/// not change.
struct Plan {
  const IngressClass* ingress_class = nullptr;
  std::vector<std::string> pod_keys;
  std::string implied_key;  ///< "ns/name" of the implied pod, "" when the pods come from the input
  std::string left_out;     ///< the labelled pods whose flags name another controller, as a sentence; "" if none
};

/// What a pod's ingress-nginx flags (Pod::ingress_class_flags) say; the last occurrence of a flag wins, as in pflag.
struct ClassFlags {
  std::string controller_class;  ///< --controller-class as written, "" when not given (or not literal)
  std::string ingress_class = "nginx";
  bool by_name = false;  ///< --ingress-class-by-name
};

ClassFlags ReadClassFlags(const Pod& pod) {
  ClassFlags f;
  for (const std::string& flag : pod.ingress_class_flags) {
    std::size_t eq = flag.find('=');
    std::string name = flag.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : flag.substr(eq + 1);
    bool literal = value.find("$(") == std::string::npos;  // $(VAR) is expanded by the kubelet: unknown here
    if (name == "--controller-class") {
      f.controller_class = literal ? value : "";
    } else if (name == "--ingress-class" && literal) {
      f.ingress_class = value;
    } else if (name == "--ingress-class-by-name") {
      f.by_name = eq == std::string::npos || AsciiLower(value) == "true" || value == "1";
    }
  }
  return f;
}

/// Whether a pod with cluster.ingressController.podLabels serves `cls` (nullptr: the input has no IngressClass, the
/// controller is cluster.ingressController.controller) by its flags: ingress-nginx watches the IngressClasses whose
/// spec.controller is its --controller-class (and, with --ingress-class-by-name, the one named --ingress-class). A
/// pod that gives no literal --controller-class is taken at its labels' word: it serves the configured controller's
/// classes (`known`), no other.
bool ServesClass(const ClassFlags& f, const IngressClass* cls, const std::string& configured, bool known) {
  if (f.controller_class.empty()) return known;
  if (f.controller_class == (cls ? cls->controller : configured)) return true;
  return cls != nullptr && f.by_name && f.ingress_class == cls->name;
}

/// The sentence that names the labelled pods left out of `cls`'s controller and their flag.
std::string LeftOutNote(const Cluster& c, const IngressClass* cls, const std::vector<const Pod*>& pods) {
  std::map<std::string, std::vector<std::string>> by_flag;  // "--controller-class=X" → pod keys
  for (const Pod* p : pods) by_flag["--controller-class=" + ReadClassFlags(*p).controller_class].push_back(p->Key());
  std::vector<std::string> parts;
  for (const auto& [flag, keys] : by_flag) {
    constexpr std::size_t kNamed = 3;
    std::vector<std::string> named(keys.begin(), keys.begin() + static_cast<long>(std::min(keys.size(), kNamed)));
    std::string who = Join(named, ", ");
    if (keys.size() > kNamed) who += " and " + std::to_string(keys.size() - kNamed) + " more";
    parts.push_back(who + " (" + flag + ")");
  }
  std::string served = cls ? "IngressClass " + cls->name + " (controller " + cls->controller + ")"
                           : "controller " + c.config.ingress_controller_name;
  return "pods with cluster.ingressController.podLabels whose --controller-class names another controller do not "
         "serve " +
         served + ": " + Join(parts, "; ");
}

/// Ingress controllers: each IngressClass (or every Ingress, when the input has no IngressClass) gets the pods with
/// cluster.ingressController.podLabels that serve it by their flags (ServesClass), or an implied pod when none does.
std::vector<Plan> PlanControllers(const Cluster& c) {
  std::vector<Plan> plans;
  if (!c.ingresses.empty()) {
    std::vector<const Pod*> labelled;
    for (const Pod& p : c.pods) {
      if (SelectsLabels(c.config.ingress_controller_labels, p.labels)) labelled.push_back(&p);
    }
    auto plan_for = [&](const IngressClass* cls, bool known_controller) {
      Plan plan;
      plan.ingress_class = cls;
      std::vector<const Pod*> others;
      for (const Pod* p : labelled) {
        if (ServesClass(ReadClassFlags(*p), cls, c.config.ingress_controller_name, known_controller)) {
          plan.pod_keys.push_back(p->Key());
        } else if (known_controller) {
          others.push_back(p);
        }
      }
      if (!others.empty()) plan.left_out = LeftOutNote(c, cls, others);
      if (plan.pod_keys.empty()) {
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
  }
  return plans;
}

/// Adds the implied pod (and its namespace) of every plan that has one, once per pod.
void AddControllerPods(Cluster& c, const std::vector<Plan>& plans) {
  std::set<std::string> added;
  for (const Plan& plan : plans) {
    if (plan.implied_key.empty() || !added.insert(plan.implied_key).second) continue;
    std::string ns = plan.implied_key.substr(0, plan.implied_key.find('/'));
    std::string name = plan.implied_key.substr(ns.size() + 1);
    EnsureNamespace(c, ns);
    Labels labels = c.config.ingress_controller_labels;
    if (plan.ingress_class != nullptr && plan.ingress_class->controller != c.config.ingress_controller_name) {
      labels = {{"app.kubernetes.io/name", "ingress-" + plan.ingress_class->name}};
    }
    InsertSorted(c.pods,
                 ImpliedPod(c, ns, name, labels, {{"http", 80, Protocol::kTCP}, {"https", 443, Protocol::kTCP}}));
  }
}

}  // namespace

std::shared_ptr<const ImpliedCluster> ImpliedCluster::Build(Cluster input) {
  std::shared_ptr<ImpliedCluster> out(new ImpliedCluster());
  out->input_ = std::make_shared<const Cluster>(std::move(input));
  return out;
}

const ImpliedCluster::Augmentation& ImpliedCluster::Augmented() const {
  std::call_once(augmented_once_, [this] {
    auto out = std::make_unique<Augmentation>();
    // The augmented cluster is a copy only when something is implied, and only made when a command asks for it:
    // the reports about the input (list, matrix, lint) never copy a large cluster.
    const Cluster& in = *input_;
    std::size_t slash = in.config.dns_service.find('/');
    bool dns_missing = in.config.implied_dns && in.FindService(in.config.dns_service.substr(0, slash),
                                                               in.config.dns_service.substr(slash + 1)) == nullptr;
    bool api_missing = in.config.implied_api_server && !HasApiServer(in);
    // The ingress controllers are planned after the DNS objects were added, as their labelled pods are looked up.
    std::optional<Cluster> copy;
    if (dns_missing || api_missing) copy = in;
    if (dns_missing) {
      out->dns_note = AddImpliedDns(*copy);
      out->notes.push_back(out->dns_note);
    }
    if (api_missing) {
      out->api_server_note = AddImpliedApiServer(*copy);
      if (!out->api_server_note.empty()) out->notes.push_back(out->api_server_note);
    }
    std::vector<Plan> plans = PlanControllers(copy ? *copy : in);
    bool implies_pods = std::any_of(plans.begin(), plans.end(), [](const Plan& p) { return !p.implied_key.empty(); });
    if (implies_pods) {
      if (!copy) copy = in;
      AddControllerPods(*copy, plans);
    }
    const Cluster& c = copy ? *copy : in;
    for (const Plan& plan : plans) {
      ControllerPlan ctl;
      ctl.ingress_class = plan.ingress_class == nullptr ? "" : plan.ingress_class->name;
      ctl.pod_keys = plan.implied_key.empty() ? plan.pod_keys : std::vector<std::string>{plan.implied_key};
      ctl.implied = !plan.implied_key.empty();
      if (!plan.left_out.empty()) {
        ctl.note = plan.left_out;
        ctl.left_out = plan.left_out;
        out->notes.push_back(plan.left_out);
      }
      if (ctl.implied) {
        std::string ns = plan.implied_key.substr(0, plan.implied_key.find('/'));
        const Pod* pod = c.FindPod(ns, plan.implied_key.substr(ns.size() + 1));
        std::string implied_note =
            "no ingress controller pods in the input" +
            std::string(plan.ingress_class ? " for IngressClass " + plan.ingress_class->name : "") +
            ": kreach implies " + plan.implied_key + " (" + (pod ? FormatLabels(pod->labels, ",") : "") +
            "), reached directly on TCP 80 and 443 (cluster.ingressController)";
        out->notes.push_back(implied_note);
        ctl.note = ctl.note.empty() ? implied_note : ctl.note + "; " + implied_note;
      }
      out->controllers.push_back(std::move(ctl));
    }
    out->cluster = copy ? std::make_shared<const Cluster>(std::move(*copy)) : input_;
    augmented_ = std::move(out);
  });
  return *augmented_;
}

}  // namespace kreach
