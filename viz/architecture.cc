// ArchitectureView: what is deployed and how traffic enters it. Namespaces are frames; inside them the ingress
// controller, Ingress objects, Services (drawn by type) and workloads (replicas collapsed), joined by routes
// (host + path) and ports (`80→8080/TCP`, targetPort resolved through the Service's EndpointSlices).
#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/model/suggest.h"
#include "sim/model/text.h"
#include "sim/model/workload_key.h"
#include "sim/net/service_backends.h"
#include "viz/style.h"
#include "viz/views.h"

namespace kreach {

namespace {

/// A node of the picture before filtering: its attributes, its namespace frame ("" = outside every frame) and the
/// legend row that explains it.
struct Item {
  DotAttrs attrs;
  std::string ns;
  std::string legend;
};

/// An edge before filtering; `lines` become its label, one per line, in insertion order without duplicates.
struct Link {
  DotAttrs attrs;
  std::string legend;
  std::vector<std::string> lines;
};

DotAttrs Labelled(DotAttrs a, const std::string& label) {
  a["label"] = label;
  return a;
}

DotAttrs MissingService() {
  DotAttrs a = style::Implied(style::ServiceNode(ServiceType::kClusterIP));
  a["color"] = style::kDenyColor;
  return a;
}

/// The legend rows in the order they are listed; a row shows only when something drawn uses it.
std::vector<std::pair<std::string, LegendItem>> LegendRows() {
  using K = LegendItem::Kind;
  return {
      {"namespace",
       {K::kNode,
        {{"shape", "box"}, {"style", "rounded"}, {"color", style::kFrameLine}, {"label", "ns"}},
        "namespace (frame)"}},
      {"namespace-implied",
       {K::kNode,
        {{"shape", "box"}, {"style", "rounded,dashed"}, {"color", style::kFrameLine}},
        "namespace created by kreach (not in the input)"}},
      {"internet", {K::kNode, Labelled(style::ExternalNode(), "host"), "the Internet / a host outside the cluster"}},
      {"node", {K::kNode, style::NodeBox(), "cluster node (NodePorts open on every node)"}},
      {"controller", {K::kNode, style::ControllerNode(), "ingress controller"}},
      {"controller-implied",
       {K::kNode, style::Implied(style::ControllerNode()), "ingress controller implied by kreach (not in the input)"}},
      {"ingress", {K::kNode, style::IngressNode(), "Ingress"}},
      {"svc-clusterip", {K::kNode, style::ServiceNode(ServiceType::kClusterIP), "Service ClusterIP"}},
      {"svc-nodeport", {K::kNode, style::ServiceNode(ServiceType::kNodePort), "Service NodePort (its node ports)"}},
      {"svc-lb",
       {K::kNode, style::ServiceNode(ServiceType::kLoadBalancer), "Service LoadBalancer (its address or pending)"}},
      {"svc-headless",
       {K::kNode, style::ServiceNode(ServiceType::kClusterIP, true), "headless Service (no ClusterIP)"}},
      {"svc-externalname",
       {K::kNode, style::ServiceNode(ServiceType::kExternalName), "Service ExternalName (a DNS alias)"}},
      {"svc-missing", {K::kNode, MissingService(), "Service named by an Ingress but missing"}},
      {"workload", {K::kNode, style::WorkloadNode(), "workload (name ×replicas, kind)"}},
      {"address", {K::kNode, Labelled(style::ExternalNode(), "IP"), "endpoint address outside any pod"}},
      {"e-entry", {LegendItem::Kind::kEdge, style::EntryEdge(), "traffic from outside (address:ports)"}},
      {"e-controller", {LegendItem::Kind::kEdge, style::ServesEdge(), "controller serves the Ingress"}},
      {"e-controller-implied",
       {LegendItem::Kind::kEdge, style::ImpliedEdge(), "implied controller serves the Ingress"}},
      {"e-route", {LegendItem::Kind::kEdge, style::RouteEdge(), "Ingress route (host/path)"}},
      {"e-service", {LegendItem::Kind::kEdge, style::ServiceEdge(), "Service port → target port of the workload"}},
      {"e-service-headless",
       {LegendItem::Kind::kEdge, style::ServiceEdge(),
        "headless Service → pods: the port they listen on (not translated)"}},
      {"e-externalname", {LegendItem::Kind::kEdge, style::ExternalNameEdge(), "ExternalName alias (CNAME)"}},
  };
}

/// A value the writer would take for an HTML-like label ("<...>") gets a trailing space so it stays text.
std::string Text(std::string s) {
  if (s.size() >= 2 && s.front() == '<' && s.back() == '>') s += ' ';
  return s;
}

std::string LabelsText(const Labels& labels) { return labels.empty() ? "(none)" : FormatLabels(labels); }

std::string PortText(int port, int target, Protocol protocol) {
  return std::to_string(port) + "→" + std::to_string(target) + "/" + ProtocolName(protocol);
}

/// A headless Service's edge: the endpoint's port only. kube-proxy ignores the Service (SVC-19): clients get the pod
/// addresses from DNS and connect on the port they dial; no targetPort is applied.
std::string HeadlessPortText(int endpoint_port, Protocol protocol) {
  return std::to_string(endpoint_port) + "/" + ProtocolName(protocol) + " (headless)";
}

/// The legend row of a Service's node.
const char* ServiceLegend(const Service& svc) {
  if (svc.type == ServiceType::kExternalName) return "svc-externalname";
  if (svc.Headless()) return "svc-headless";
  if (svc.type == ServiceType::kLoadBalancer) return "svc-lb";
  if (svc.type == ServiceType::kNodePort) return "svc-nodeport";
  return "svc-clusterip";
}

std::string WorkloadId(const std::string& ns, const OwnerRef& ref) {
  return "w:" + ns + "/" + ref.kind + "/" + ref.name;
}
std::string ServiceId(const std::string& ns, const std::string& name) { return "s:" + ns + "/" + name; }
std::string IngressId(const Ingress& ing) { return "i:" + ing.ns + "/" + ing.name; }
std::string ControllerId(const IngressController& c) { return "c:" + c.name; }
const char* kInternetId = "x:internet";

class Builder {
 public:
  Builder(const Network& net, const ViewOptions& options) : net_(net), c_(net.cluster()), options_(options) {}

  void Build() {
    Controllers();
    Workloads();
    Services();
    Ingresses();
    if (options_.nodes) Nodes();
  }

  /// The ids kept by the filters (all when none is set); notes say when a filter matches nothing.
  std::set<std::string> Keep(ViewNotes* notes) const {
    // The pods kreach did not count as a class's controller although they carry its labels (KR-2).
    for (const IngressController& ctl : net_.controllers()) {
      if (!ctl.left_out.empty()) Note(notes, ctl.left_out);
    }
    std::set<std::string> keep;
    for (const auto& [id, item] : items_) keep.insert(id);
    if (!options_.ns.empty()) {
      std::set<std::string> seeds;
      for (const auto& [id, item] : items_) {
        if (item.ns == options_.ns) seeds.insert(id);
      }
      if (seeds.empty()) Note(notes, "--namespace " + options_.ns + " matches nothing drawn" + NamespaceHint());
      keep = Intersect(keep, Around(seeds));
    }
    if (!options_.focus.empty()) {
      std::set<std::string> seeds;
      for (const auto& [id, names] : workload_names_) {
        if (names.count(options_.focus)) seeds.insert(id);
      }
      if (seeds.empty()) {
        std::vector<std::string> names;
        for (const auto& [id, known] : workload_names_) names.insert(names.end(), known.begin(), known.end());
        std::string guess = SuggestClosest(options_.focus, names);
        Note(notes, "--focus " + options_.focus + " matches no workload (write namespace/name)" +
                        (guess.empty() ? "" : "; did you mean " + guess + "?"));
      }
      std::set<std::string> around = Upstream(seeds);
      keep = Intersect(keep, around);
    }
    if (options_.port) {
      std::set<std::string> seeds;
      for (const auto& [id, ports] : service_ports_) {
        if (ports.count(*options_.port)) seeds.insert(id);
      }
      if (seeds.empty()) Note(notes, "--port " + std::to_string(*options_.port) + " matches no Service port");
      keep = Intersect(keep, Around(seeds));
    }
    return keep;
  }

  DotGraph Draw(const std::set<std::string>& keep) const {
    DotGraph g;
    g.name = "architecture";
    style::ApplyGraphDefaults(g, "LR");
    std::string title = "Architecture";  // the qualifiers in the reachability view's order and words
    if (options_.port) title += " on port " + std::to_string(*options_.port);
    if (!options_.focus.empty()) title += " of " + options_.focus;
    if (!options_.ns.empty()) title += " around namespace " + options_.ns;
    style::ApplyTitle(g, title);
    std::set<std::string> used;
    std::map<std::string, DotCluster> frames;
    for (const auto& [id, item] : items_) {
      if (keep.count(id) == 0) continue;
      g.AddNode(id, item.attrs);
      used.insert(item.legend);
      if (item.ns.empty()) continue;
      DotCluster& f = frames[item.ns];
      if (f.id.empty()) {
        f.id = "ns:" + item.ns;
        f.attrs = style::NamespaceCluster(item.ns);
        f.attrs["label"] = Text(item.ns);
        const Namespace* ns = c_.FindNamespace(item.ns);
        bool implied = ns && IsImplied(ns->origin);
        if (implied) f.attrs["style"] = "rounded,dashed";
        used.insert(implied ? "namespace-implied" : "namespace");
      }
      f.nodes.push_back(id);
    }
    for (auto& [ns, f] : frames) g.clusters.push_back(std::move(f));
    for (const auto& [ends, link] : links_) {
      if (keep.count(ends.first) == 0 || keep.count(ends.second) == 0) continue;
      DotAttrs a = link.attrs;
      std::string label;
      for (const std::string& line : link.lines) label += (label.empty() ? "" : "\n") + line;
      if (!label.empty()) a["label"] = Text(label);
      g.edges.push_back(DotEdge{ends.first, ends.second, "", a});
      used.insert(link.legend);
    }
    std::vector<LegendItem> legend;
    for (auto& [key, row] : LegendRows()) {
      if (used.count(key)) legend.push_back(row);
    }
    AddLegend(g, "Legend", legend);
    return g;
  }

 private:
  static void Note(ViewNotes* notes, const std::string& text) {
    if (notes) notes->push_back(text);
  }

  std::string NamespaceHint() const {
    std::vector<std::string> names;
    for (const Namespace& ns : c_.namespaces) names.push_back(ns.name);
    std::string guess = SuggestClosest(options_.ns, names);
    return guess.empty() ? "" : " (did you mean " + guess + "?)";
  }

  static std::set<std::string> Intersect(const std::set<std::string>& a, const std::set<std::string>& b) {
    std::set<std::string> out;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
    return out;
  }

  /// `seeds` and everything upstream of them (what routes traffic to them, transitively).
  std::set<std::string> Upstream(const std::set<std::string>& seeds) const {
    std::set<std::string> out = seeds;
    std::deque<std::string> todo(seeds.begin(), seeds.end());
    while (!todo.empty()) {
      std::string id = todo.front();
      todo.pop_front();
      for (const auto& [ends, link] : links_) {
        if (ends.second == id && out.insert(ends.first).second) todo.push_back(ends.first);
      }
    }
    return out;
  }

  /// `seeds`, everything upstream of them and what they point at directly.
  std::set<std::string> Around(const std::set<std::string>& seeds) const {
    std::set<std::string> out = Upstream(seeds);
    for (const auto& [ends, link] : links_) {
      if (seeds.count(ends.first)) out.insert(ends.second);
    }
    return out;
  }

  Link& AddLink(const std::string& from, const std::string& to, DotAttrs attrs, const std::string& legend) {
    Link& l = links_[{from, to}];
    if (l.legend.empty()) {
      l.attrs = std::move(attrs);
      l.legend = legend;
    }
    return l;
  }

  static void AddLine(Link& l, const std::string& line) {
    if (std::find(l.lines.begin(), l.lines.end(), line) == l.lines.end()) l.lines.push_back(line);
  }

  void Controllers() {
    for (const IngressController& ctl : net_.controllers()) {
      std::string id = ControllerId(ctl);
      DotAttrs a = ctl.implied ? style::Implied(style::ControllerNode()) : style::ControllerNode();
      std::string label = "ingress controller";
      if (ctl.implied) label += " (implied)";
      std::string prefix = ctl.pods.front()->ns + "/";
      label += "\n" + (StartsWith(ctl.name, prefix) ? ctl.name.substr(prefix.size()) : ctl.name);
      if (ctl.pods.size() > 1) label += " ×" + std::to_string(ctl.pods.size());
      a["label"] = Text(label);
      std::string tip = "ingress controller " + ctl.name;
      if (ctl.ingress_class)
        tip += "\nIngressClass " + ctl.ingress_class->name + " (" + ctl.ingress_class->controller + ")";
      tip += "\npods:";
      for (const Pod* p : ctl.pods) {
        tip += "\n  " + p->Key() + " " + FormatIpv4(p->ip);
        pod_owner_[p] = id;
      }
      if (!ctl.note.empty()) tip += "\n" + ctl.note;
      a["tooltip"] = tip;
      items_[id] = Item{a, ctl.pods.front()->ns, ctl.implied ? "controller-implied" : "controller"};
      workload_names_[id].insert(ctl.name);
      for (const Pod* p : ctl.pods) workload_names_[id].insert(p->Key());
    }
  }

  void Workloads() {
    std::map<std::string, std::vector<const Pod*>> groups;
    for (const Pod& pod : c_.pods) {
      if (pod_owner_.count(&pod) || IsImplied(pod.origin)) continue;
      std::string id = WorkloadId(pod.ns, pod.Workload());
      groups[id].push_back(&pod);
      pod_owner_[&pod] = id;
    }
    for (const auto& [id, pods] : groups) {
      const Pod& first = *pods.front();
      OwnerRef ref = first.Workload();
      std::string label = ref.name;
      if (pods.size() > 1) label += " ×" + std::to_string(pods.size());
      label += "\n" + (ref.kind == "Node" ? std::string("static Pod") : ref.kind);
      DotAttrs a = style::WorkloadNode();
      a["label"] = Text(label);
      std::string tip =
          ref.kind + " " + first.ns + "/" + ref.name + "\nlabels: " + LabelsText(first.labels) + "\npods:";
      for (const Pod* p : pods) tip += "\n  " + p->name + " " + FormatIpv4(p->ip) + " on " + p->node;
      a["tooltip"] = tip;
      items_[id] = Item{a, first.ns, "workload"};
      workload_names_[id].insert(first.ns + "/" + ref.name);
      workload_names_[id].insert(WorkloadKey(first.ns, ref));  // a static pod's group: ns/node[Node]
      for (const Pod* p : pods) {
        workload_names_[id].insert(p->Key());
        workload_names_[id].insert(WorkloadKey(*p));  // as list and matrix name it (a static pod: ns/pod[Pod])
      }
    }
  }

  std::string ServiceLabel(const Service& svc, bool has_backends) const {
    std::string label = svc.name + "\n";
    auto ips = [](const std::vector<Ipv4>& list) {
      std::string out;
      for (Ipv4 ip : list) out += (out.empty() ? "" : ", ") + FormatIpv4(ip);
      return out;
    };
    if (svc.type == ServiceType::kExternalName) {
      label += "ExternalName";
    } else if (svc.Headless()) {
      label += "headless";
    } else {
      std::string node_ports;
      for (const ServicePort& p : svc.ports) {
        if (p.node_port) node_ports += (node_ports.empty() ? "" : ",") + std::to_string(p.node_port);
      }
      if (svc.type == ServiceType::kLoadBalancer) {
        label +=
            "LoadBalancer " + (svc.load_balancer_ips.empty() ? std::string("pending") : ips(svc.load_balancer_ips));
        if (!node_ports.empty()) label += "\nNodePort " + node_ports;
        label += "\n";
      } else if (svc.type == ServiceType::kNodePort) {
        label += "NodePort " + node_ports + "\n";
      }
      label += "ClusterIP";
      if (!svc.cluster_ips.empty()) label += " " + ips(svc.cluster_ips);
      if (!svc.external_ips.empty()) label += "\nexternalIP " + ips(svc.external_ips);
    }
    if (!has_backends && svc.type != ServiceType::kExternalName) label += "\n(no endpoints)";
    return label;
  }

  /// The input Service that `host` names as "name.ns.svc.<domain>" (trailing dot allowed), or nullptr.
  const Service* InClusterService(std::string host) const {
    if (!host.empty() && host.back() == '.') host.pop_back();
    std::string suffix = ".svc." + c_.config.domain;
    if (host.size() <= suffix.size() || host.compare(host.size() - suffix.size(), suffix.size(), suffix) != 0) {
      return nullptr;
    }
    std::string rest = host.substr(0, host.size() - suffix.size());
    std::size_t dot = rest.find('.');
    if (dot == std::string::npos || rest.find('.', dot + 1) != std::string::npos) return nullptr;
    const Service* svc = c_.FindService(rest.substr(dot + 1), rest.substr(0, dot));
    return svc && !IsImplied(svc->origin) ? svc : nullptr;
  }

  void Services() {
    for (const Service& svc : c_.services) {
      if (IsImplied(svc.origin)) continue;
      std::string id = ServiceId(svc.ns, svc.name);
      bool has_backends = false;
      std::string ports_tip;
      for (const ServicePort& port : svc.ports) {
        std::string target = port.target_port_name.empty() ? std::to_string(port.target_port) : port.target_port_name;
        std::string name = port.name.empty() ? std::string() : port.name + " ";
        if (svc.Headless()) {  // nothing translates: the ports are a record of where the pods listen (SRV)
          ports_tip += "\n  " + name + std::to_string(port.port) + "/" + ProtocolName(port.protocol) + ", pods on " +
                       target + " (headless: not translated)";
        } else {
          ports_tip += "\n  " + name + std::to_string(port.port) + "→" + target + "/" + ProtocolName(port.protocol) +
                       (port.node_port ? " nodePort " + std::to_string(port.node_port) : std::string());
        }
        service_ports_[id].insert(port.port);
        service_ports_[id].insert(port.node_port);
        if (svc.type == ServiceType::kExternalName) continue;
        for (const Backend& b : ServicePortBackends(c_, svc, port)) {
          has_backends = true;
          std::string to;
          if (b.pod && pod_owner_.count(b.pod)) {
            to = pod_owner_.at(b.pod);
          } else if (!b.pod) {
            to = "a:" + FormatIpv4(b.ip);
            DotAttrs a = style::ExternalNode();
            a["label"] = FormatIpv4(b.ip);
            a["tooltip"] = "endpoint address " + FormatIpv4(b.ip) + " (no pod has it)";
            items_[to] = Item{a, svc.ns, "address"};
          } else {
            continue;  // an implied pod (cluster DNS) behind an input Service: not drawn
          }
          service_ports_[id].insert(b.port);
          AddLine(
              AddLink(id, to, style::ServiceEdge(), svc.Headless() ? "e-service-headless" : "e-service"),
              svc.Headless() ? HeadlessPortText(b.port, port.protocol) : PortText(port.port, b.port, port.protocol));
        }
      }
      DotAttrs a = style::ServiceNode(svc.type, svc.Headless());
      a["label"] = Text(ServiceLabel(svc, has_backends));
      std::string tip = "Service " + svc.ns + "/" + svc.name + " (" + ServiceTypeName(svc.type) +
                        (svc.Headless() ? ", headless" : "") + ")";
      if (svc.type == ServiceType::kExternalName) {
        tip += "\nexternalName: " + svc.external_name;
      } else {
        tip += "\nselector: " + (svc.selector ? LabelsText(*svc.selector) : std::string("(none)"));
      }
      if (!svc.ports.empty()) tip += "\nports:" + ports_tip;
      if (svc.external_traffic_policy == TrafficPolicy::kLocal) tip += "\nexternalTrafficPolicy: Local";
      if (svc.internal_traffic_policy == TrafficPolicy::kLocal) tip += "\ninternalTrafficPolicy: Local";
      if (svc.session_affinity != SessionAffinity::kNone) {
        tip += std::string("\nsessionAffinity: ") + SessionAffinityName(svc.session_affinity);
      }
      a["tooltip"] = tip;
      items_[id] = Item{a, svc.ns, ServiceLegend(svc)};
      if (svc.type == ServiceType::kExternalName && !svc.external_name.empty()) {
        if (const Service* inside = InClusterService(svc.external_name)) {
          // Resolved by the cluster DNS to another Service: point at it (its node exists once it is visited).
          AddLine(AddLink(id, ServiceId(inside->ns, inside->name), style::ExternalNameEdge(), "e-externalname"),
                  "CNAME");
          continue;
        }
        std::string host = "x:host:" + svc.external_name;
        DotAttrs h = style::ExternalNode();
        h["label"] = Text(svc.external_name);
        h["tooltip"] = "host outside the cluster: " + svc.external_name;
        items_[host] = Item{h, "", "internet"};
        AddLine(AddLink(id, host, style::ExternalNameEdge(), "e-externalname"), "CNAME");
      }
    }
  }

  /// The node of the Service an Ingress backend names; a dashed "missing" box when there is no such Service.
  std::string BackendService(const Ingress& ing, const IngressBackend& b) {
    std::string id = ServiceId(ing.ns, b.service_name);
    if (items_.count(id) == 0) {
      DotAttrs a = MissingService();
      a["label"] = Text(b.service_name + "\n(missing Service)");
      a["tooltip"] =
          "Ingress " + ing.ns + "/" + ing.name + " names Service " + b.service_name + ", which does not exist";
      items_[id] = Item{a, ing.ns, "svc-missing"};
    }
    return id;
  }

  static std::string BackendPort(const IngressBackend& b) {
    return b.port_name.empty() ? std::to_string(b.port_number) : b.port_name;
  }

  void Ingresses() {
    for (const Ingress& ing : c_.ingresses) {
      std::string id = IngressId(ing);
      DotAttrs a = style::IngressNode();
      std::string label = ing.name + "\nIngress";
      if (!ing.ingress_class.empty()) label += " (" + ing.ingress_class + ")";
      if (!ing.tls_hosts.empty()) label += "\nTLS";
      a["label"] = Text(label);
      std::string tip = "Ingress " + ing.ns + "/" + ing.name;
      tip += "\nclass: " + (ing.ingress_class.empty() ? std::string("(default)") : ing.ingress_class);
      for (const std::string& h : ing.tls_hosts) tip += "\ntls: " + h;
      if (ing.default_backend) {
        tip += "\ndefault backend → " + ing.default_backend->service_name + ":" + BackendPort(*ing.default_backend);
      }
      for (const IngressRule& rule : ing.rules) {
        for (const IngressPath& p : rule.paths) {
          tip += "\n" + (rule.host.empty() ? std::string("*") : rule.host) + p.path + " (" + PathTypeName(p.path_type) +
                 ") → " + p.backend.service_name + ":" + BackendPort(p.backend);
        }
      }
      a["tooltip"] = tip;
      items_[id] = Item{a, ing.ns, "ingress"};
      if (ing.default_backend && !ing.default_backend->service_name.empty()) {
        std::string to = BackendService(ing, *ing.default_backend);
        AddLine(AddLink(id, to, style::RouteEdge(), "e-route"), "(default backend)");
      }
      for (const IngressRule& rule : ing.rules) {
        for (const IngressPath& p : rule.paths) {
          if (p.backend.service_name.empty()) continue;
          std::string to = BackendService(ing, p.backend);
          std::string line = (rule.host.empty() ? std::string("*") : rule.host) + p.path;
          if (p.path_type == PathType::kExact) line += " (exact)";
          AddLine(AddLink(id, to, style::RouteEdge(), "e-route"), line);
        }
      }
    }
    for (const IngressController& ctl : net_.controllers()) {
      for (const Ingress* ing : ctl.served) {
        if (ctl.implied) {
          AddLink(ControllerId(ctl), IngressId(*ing), style::ImpliedEdge(), "e-controller-implied");
        } else {
          AddLink(ControllerId(ctl), IngressId(*ing), style::ServesEdge(), "e-controller");
        }
      }
    }
  }

  /// --nodes: node boxes, the Internet, and how traffic from outside enters (LB/external IPs, NodePorts).
  void Nodes() {
    std::map<std::string, std::vector<const Pod*>> on_node;
    for (const Pod& p : c_.pods) on_node[p.node].push_back(&p);
    for (const Node& n : c_.nodes) {
      DotAttrs a = style::NodeBox();
      std::string label = n.name;
      for (Ipv4 ip : n.addresses) label += "\n" + FormatIpv4(ip);
      a["label"] = Text(label);
      std::string tip = "node " + n.name + "\npods:";
      for (const Pod* p : on_node[n.name]) {
        if (pod_owner_.count(p)) tip += "\n  " + p->Key();  // drawn pods only (not the implied cluster DNS)
      }
      a["tooltip"] = tip;
      items_["n:" + n.name] = Item{a, "", "node"};
    }
    DotAttrs internet = style::ExternalNode();
    internet["label"] = "Internet";
    internet["tooltip"] = "clients outside the cluster";
    bool used = false;
    for (const Service& svc : c_.services) {
      if (IsImplied(svc.origin) || svc.type == ServiceType::kExternalName) continue;
      std::string id = ServiceId(svc.ns, svc.name);
      std::string ports;
      for (const ServicePort& p : svc.ports) ports += (ports.empty() ? "" : ",") + std::to_string(p.port);
      for (Ipv4 ip : svc.load_balancer_ips) {
        AddLine(AddLink(kInternetId, id, style::EntryEdge(), "e-entry"), FormatIpv4(ip) + ":" + ports);
        used = true;
      }
      for (Ipv4 ip : svc.external_ips) {
        AddLine(AddLink(kInternetId, id, style::EntryEdge(), "e-entry"),
                FormatIpv4(ip) + ":" + ports + " (externalIP)");
        used = true;
      }
      for (const ServicePort& p : svc.ports) {
        if (p.node_port == 0) continue;
        for (const Node& n : c_.nodes) {
          AddLine(AddLink("n:" + n.name, id, style::EntryEdge(), "e-entry"),
                  ":" + std::to_string(p.node_port) + "/" + ProtocolName(p.protocol));
          AddLine(AddLink(kInternetId, "n:" + n.name, style::EntryEdge(), "e-entry"), "NodePorts");
          used = true;
        }
      }
    }
    for (const IngressController& ctl : net_.controllers()) {
      if (!ctl.services.empty()) continue;
      AddLine(AddLink(kInternetId, ControllerId(ctl), style::EntryEdge(), "e-entry"), "HTTP(S)");
      used = true;
    }
    if (used) items_[kInternetId] = Item{internet, "", "internet"};
  }

  const Network& net_;
  const Cluster& c_;
  const ViewOptions& options_;
  std::map<std::string, Item> items_;
  std::map<std::pair<std::string, std::string>, Link> links_;
  std::map<const Pod*, std::string> pod_owner_;                  ///< pod → its workload or controller node
  std::map<std::string, std::set<std::string>> workload_names_;  ///< node → names --focus accepts
  std::map<std::string, std::set<int>> service_ports_;           ///< Service node → ports --port matches
};

}  // namespace

DotGraph ArchitectureView(const Network& network, const ViewOptions& options, ViewNotes* notes) {
  Builder b(network, options);
  b.Build();
  return b.Draw(b.Keep(notes));
}

}  // namespace kreach
