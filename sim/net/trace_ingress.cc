// Tracer steps for URLs (semantics reference §5): reaching an ingress controller, TLS, routing by host and path,
// and the controller's new connection to the backend endpoint (sim/net/tracer_internal.h).
#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "sim/net/dns.h"
#include "sim/net/service_graph.h"
#include "sim/net/tracer_internal.h"

namespace kreach {

namespace {

/// The first served Ingress with a rule that names `host` (not a rule without host), or nullptr.
const Ingress* IngressNamingHost(const Network& net, const std::string& host) {
  for (const IngressController& controller : net.controllers()) {
    for (const Ingress* ing : controller.served) {
      for (const IngressRule& rule : ing->rules) {
        if (!rule.host.empty() && IngressHostMatches(rule.host, host)) return ing;
      }
    }
  }
  return nullptr;
}

/// The first served Ingress that answers any host, with what answers it ("the rule without host", "the
/// defaultBackend"); {nullptr, ""} if none.
std::pair<const Ingress*, std::string> IngressForAnyHost(const Network& net) {
  for (const IngressController& controller : net.controllers()) {
    for (const Ingress* ing : controller.served) {
      for (const IngressRule& rule : ing->rules) {
        if (rule.host.empty()) return {ing, "the rule without host"};
      }
      if (ing->default_backend) return {ing, "the defaultBackend"};
    }
  }
  return {nullptr, ""};
}

}  // namespace

bool Tracer::ClusterDnsHost(const Peer& src, const std::string& host) const {
  if (src.pod == nullptr || !UsesClusterDns(*src.pod)) return false;
  if (InClusterZone(c_, host)) return true;
  DnsAnswer answer = ResolveName(c_, src.pod->ns, host);
  return answer.kind != DnsAnswer::Kind::kNxdomain || answer.service != nullptr;
}

std::vector<Branch> Tracer::ToUrl(Branch b, const Peer& src, const UrlParts& url) const {
  std::optional<Ipv4> host_ip = ParseIpv4(url.host);
  // KR-1: a pod resolves a cluster DNS name with the cluster DNS, which answers it itself; the request goes where
  // that answer points, never to an ingress controller because some Ingress could route the Host header.
  if (!host_ip && ClusterDnsHost(src, url.host)) {
    const std::string resolves = url.host + " is a cluster DNS name for " + src.ToString() +
                                 ": the pod resolves it with the cluster DNS and connects to what it answers, never "
                                 "to the ingress controller";
    if (const Ingress* named = IngressNamingHost(net_, url.host)) {
      Note(resolves + ", although Ingress " + named->ns + "/" + named->name + " names it as a host (KR-1)");
    } else if (auto [any, what] = IngressForAnyHost(net_); any != nullptr) {
      Note(resolves + ", so " + what + " of Ingress " + any->ns + "/" + any->name + " does not take it (KR-1)");
    }
    return ToName(std::move(b), src, url.host);
  }
  if (!host_ip) {
    auto known = c_.config.external_hosts.find(url.host);
    if (known != c_.config.external_hosts.end()) host_ip = known->second;
  }
  int ctl = host_ip ? net_.ControllerForAddress(*host_ip) : net_.ControllerForHost(url.host);
  if (ctl < 0 && host_ip && c_.FindNodeByIp(*host_ip) != nullptr) ctl = ControllerByNodePort(url.port);
  if (ctl < 0) {
    if (host_ip) return ToIp(std::move(b), src, *host_ip, url.port);
    if (src.pod != nullptr) return ToName(std::move(b), src, url.host);
    AddHop(b, Hop::Kind::kDns, url.host + ": no Ingress serves this host and it is no address", false);
    return {Fail(std::move(b), Outcome::kNxdomain, url.host + " is served by no Ingress", Cause::kNoIngressHost)};
  }
  const IngressController& controller = net_.controllers()[static_cast<std::size_t>(ctl)];
  Note(controller.note);
  // Reach the controller: through its Service's load-balancer address when it has one, else its pods directly.
  std::vector<Branch> arrived;
  Ipv4 entry = host_ip.value_or(0);
  if (entry == 0) {
    for (const Service* s : controller.services) {
      if (s->type == ServiceType::kLoadBalancer && !s->load_balancer_ips.empty()) {
        entry = s->load_balancer_ips.front();
        break;
      }
    }
  }
  auto step = [&](std::string text, IngressStep::Stage stage) -> Hop& {
    Hop& h = AddHop(b, Hop::Kind::kIngress, std::move(text));
    h.ingress.stage = stage;
    h.ingress.url = url;
    h.ingress.controller = ctl;
    return h;
  };
  Hop& arrive = step(url.scheme + "://" + url.host + ":" + std::to_string(url.port) + url.path +
                         " → ingress controller " + controller.name + (controller.implied ? " (implied)" : "") +
                         (controller.ingress_class ? ", IngressClass " + controller.ingress_class->name : ""),
                     IngressStep::Stage::kArrive);
  arrive.from = Place::OfPeer(src, 0, Protocol::kTCP);
  arrive.to.kind = Place::Kind::kController;
  arrive.to.controller = ctl;
  arrive.to.ip = entry;
  arrive.to.port = url.port;
  if (url.scheme == "https") {
    const Ingress* cert = nullptr;
    for (const Ingress* ing : controller.served) {
      for (const std::string& h : ing->tls_hosts) {
        if (cert == nullptr && IngressHostMatches(h, url.host)) cert = ing;
      }
    }
    Hop& tls = step(cert == nullptr ? "TLS: no Ingress lists " + url.host +
                                          " under tls.hosts: the controller answers with its "
                                          "default certificate (routing is unchanged)"
                                    : "TLS for " + url.host + " terminates at the controller (certificate of Ingress " +
                                          cert->ns + "/" + cert->name + "); the backend sees plain HTTP",
                    IngressStep::Stage::kTls);
    tls.ingress.certificate = cert;
  }
  if (entry != 0 && c_.FindPodByIp(entry) == nullptr) {
    arrived = ToIp(b, src, entry, url.port);
  } else {
    for (const Pod* p : controller.pods) {
      if (entry != 0 && p->ip != entry) continue;
      arrived.push_back(Direct(b, src, Peer::OfPod(*p), url.port));
    }
  }
  std::vector<Branch> out;
  for (Branch& a : arrived) {
    bool at_controller = a.outcome == Outcome::kDelivered && a.dst && a.dst->pod != nullptr &&
                         std::find(controller.pods.begin(), controller.pods.end(), a.dst->pod) != controller.pods.end();
    if (!at_controller) {
      out.push_back(std::move(a));
      continue;
    }
    for (Branch& r : Route(std::move(a), ctl, url)) out.push_back(std::move(r));
  }
  return out;
}

int Tracer::ControllerByNodePort(int port) const {
  int vertex = net_.NodePortVertex(port, Protocol::kTCP);
  if (vertex < 0) return -1;
  const Service* svc = net_.graph().g[static_cast<ServiceGraph::Vertex>(vertex)].service;
  for (std::size_t i = 0; i < net_.controllers().size(); ++i) {
    const std::vector<const Service*>& fronts = net_.controllers()[i].services;
    if (std::find(fronts.begin(), fronts.end(), svc) != fronts.end()) return static_cast<int>(i);
  }
  return -1;
}

std::vector<Branch> Tracer::Route(Branch b, int ctl, const UrlParts& url) const {
  const IngressController& controller = net_.controllers()[static_cast<std::size_t>(ctl)];
  Peer proxy = *b.dst;
  b.dst.reset();
  IngressRoute route = RouteRequest(controller.served, url.host, url.path,
                                    net_.options().implementation_specific_is_exact, net_.options().ingress_host_first);
  auto step = [&](Branch& into, std::string text, IngressStep::Stage stage, bool ok) -> Hop& {
    Hop& h = AddHop(into, Hop::Kind::kIngress, std::move(text), ok);
    h.ingress.stage = stage;
    h.ingress.url = url;
    h.ingress.controller = ctl;
    h.ingress.route = route;
    h.from = Place::OfPeer(proxy, url.port, Protocol::kTCP);
    return h;
  };
  step(b, "HTTP Host " + url.host + ", path " + url.path + ": " + route.ToString(), IngressStep::Stage::kRoute,
       route.ingress != nullptr);
  if (route.ingress == nullptr) {
    return {Fail(std::move(b), Outcome::kHttp404, "no Ingress rule matches host " + url.host + " and path " + url.path,
                 Cause::kNoIngressRule)};
  }
  const IngressBackend& backend = *route.backend;
  if (backend.service_name.empty()) {
    return {Fail(std::move(b), Outcome::kHttp503, "the backend is a resource, not a Service", Cause::kIngressBackend)};
  }
  std::string key = route.ingress->ns + "/" + backend.service_name;
  const Service* svc = c_.FindService(route.ingress->ns, backend.service_name);
  if (svc == nullptr) {
    step(b, "backend Service " + key + " does not exist", IngressStep::Stage::kBackend, false);
    return {
        Fail(std::move(b), Outcome::kHttp503, "backend Service " + key + " does not exist", Cause::kIngressBackend)};
  }
  std::string port_text = backend.port_name.empty() ? std::to_string(backend.port_number) : backend.port_name;
  const ServicePort* sp = FindServicePort(*svc, port_text, Protocol::kTCP);
  if (sp == nullptr) {
    step(b, "backend Service " + key + " has no TCP port " + port_text, IngressStep::Stage::kBackend, false).service =
        svc;
    return {Fail(std::move(b), Outcome::kHttp503, "backend Service " + key + " has no port " + port_text,
                 Cause::kIngressBackend)};
  }
  std::vector<Backend> ready;
  for (const Backend& e : net_.Backends(*svc, *sp)) {
    if (e.ready) ready.push_back(e);
  }
  if (ready.empty()) {
    Hop& h = step(b, "backend Service " + key + " port " + port_text + " has no ready endpoint",
                  IngressStep::Stage::kBackend, false);
    h.service = svc;
    h.service_port = sp;
    return {Fail(std::move(b), Outcome::kHttp503, key + " has no ready endpoint", Cause::kIngressBackend)};
  }
  std::vector<Branch> out;
  for (const Backend& e : ready) {
    Branch branch = b;
    branch.service = svc;
    branch.service_port = sp;
    Peer dst = e.pod != nullptr ? Peer::OfPod(*e.pod) : Peer::OfIp(e.ip);
    branch.dst = dst;
    branch.port = e.port;
    Hop& h = AddHop(branch, Hop::Kind::kTranslate,
                    "new connection from the controller pod: " + Describe(c_, proxy) + " → " + Addr(e.ip, e.port) +
                        " (" + key + " port " + port_text + " → endpoint, ClusterIP bypassed)");
    h.from = Place::OfPeer(proxy, 0, Protocol::kTCP);
    h.to = Place::OfPeer(dst, e.port, Protocol::kTCP);
    h.to.ip = e.ip;
    h.service = svc;
    h.service_port = sp;
    h.ingress.stage = IngressStep::Stage::kRoute;
    h.ingress.url = url;
    h.ingress.controller = ctl;
    h.ingress.route = route;
    h.src_before = b.src.ip;
    h.src_after = proxy.ip;
    h.dst_after = e.ip;
    h.port_after = e.port;
    if (!Egress(branch, proxy, dst, e.port)) {
      out.push_back(std::move(branch));
      continue;
    }
    out.push_back(Receive(std::move(branch), proxy, dst, e.port, false));
  }
  return out;
}

}  // namespace kreach
