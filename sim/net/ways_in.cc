#include "sim/net/ways_in.h"

#include <set>

#include "sim/model/text.h"

namespace kreach {

namespace {

bool Routes(const IngressBackend& backend, const Ingress& ing, const Service& svc) {
  return ing.ns == svc.ns && backend.service_name == svc.name;
}

std::string Text(const WayIn& w, const Network& net) {
  switch (w.kind) {
    case WayIn::Kind::kIngress:
      if (w.path.empty()) {
        return "Ingress " + w.ingress->ns + "/" + w.ingress->name + " (its defaultBackend: any host and path)";
      }
      return "Ingress " + w.ingress->ns + "/" + w.ingress->name + " (http://" +
             (w.host.empty() ? std::string("<any host>") : w.host) + w.path + ")";
    case WayIn::Kind::kLoadBalancer: return "LoadBalancer address " + FormatIpv4(w.ip) + ":" + std::to_string(w.number);
    case WayIn::Kind::kExternalIp: return "externalIP " + FormatIpv4(w.ip) + ":" + std::to_string(w.number);
    case WayIn::Kind::kNodePort: {
      std::string text = "NodePort " + std::to_string(w.number) + "/" + ProtocolName(w.port->protocol) +
                         " on every node" + (w.node_port_assigned ? " (assigned by kreach)" : "");
      if (!net.cluster().nodes.empty()) {
        text += ", e.g. node/" + net.cluster().nodes.front().name + " port " + std::to_string(w.number);
      }
      return text;
    }
  }
  return "";
}

}  // namespace

std::vector<WayIn> WaysIn(const Network& net, const Service& svc, const ServicePort* only) {
  std::vector<WayIn> out;
  std::set<const Ingress*> seen;
  for (const IngressController& controller : net.controllers()) {
    for (const Ingress* ing : controller.served) {
      if (!seen.insert(ing).second) continue;
      for (const IngressRule& rule : ing->rules) {
        for (const IngressPath& path : rule.paths) {
          if (!Routes(path.backend, *ing, svc)) continue;
          WayIn w;
          w.kind = WayIn::Kind::kIngress;
          w.ingress = ing;
          w.host = rule.host;
          w.path = path.path.empty() ? "/" : path.path;
          out.push_back(w);
        }
      }
      if (ing->default_backend && Routes(*ing->default_backend, *ing, svc)) {
        WayIn w;
        w.kind = WayIn::Kind::kIngress;
        w.ingress = ing;
        out.push_back(w);
      }
    }
  }
  auto wanted = [&](const ServicePort& p) { return only == nullptr || &p == only; };
  for (Ipv4 ip : svc.load_balancer_ips) {
    for (const ServicePort& p : svc.ports) {
      if (wanted(p)) out.push_back(WayIn{WayIn::Kind::kLoadBalancer, &p, ip, p.port, false, nullptr, "", ""});
    }
  }
  for (Ipv4 ip : svc.external_ips) {
    for (const ServicePort& p : svc.ports) {
      if (wanted(p)) out.push_back(WayIn{WayIn::Kind::kExternalIp, &p, ip, p.port, false, nullptr, "", ""});
    }
  }
  for (const ServicePort& p : svc.ports) {
    if (wanted(p) && p.node_port != 0) {
      out.push_back(WayIn{WayIn::Kind::kNodePort, &p, 0, p.node_port, p.node_port_assigned, nullptr, "", ""});
    }
  }
  return out;
}

std::string OutsideAdvice(const Network& net, const Service& svc, const ServicePort* only) {
  constexpr std::size_t kShown = 3;
  std::vector<WayIn> ways = WaysIn(net, svc, only);
  if (ways.empty() && svc.Headless()) {
    return "a client outside the cluster needs a Service of type NodePort or LoadBalancer over these pods (a "
           "headless Service cannot be one), externalIPs on a Service, or an Ingress that routes to one";
  }
  if (ways.empty()) {
    return "a client outside the cluster needs " + svc.ns + "/" + svc.name +
           " to be of type NodePort or LoadBalancer, to have externalIPs, or an Ingress that routes to it";
  }
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < ways.size() && i < kShown; ++i) texts.push_back(Text(ways[i], net));
  std::string more = ways.size() > kShown ? " (" + std::to_string(ways.size() - kShown) + " more ways)" : "";
  return "from outside, use " + Join(texts, " or ") + more;
}

}  // namespace kreach
