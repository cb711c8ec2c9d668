#include "tests/support/cluster_dump.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <vector>

namespace kreach {
namespace testing {

namespace {

/// A quoted string with every byte outside printable ASCII escaped, so that dumps are line-safe and exact.
std::string Q(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned>(c));
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string Ip(Ipv4 ip) { return FormatIpv4(ip); }
std::string Cidr_(const Cidr& c) { return Ip(c.base) + "/" + std::to_string(c.prefix); }
const char* B(bool b) { return b ? "true" : "false"; }

std::string L(const Labels& labels) {
  std::string out = "{";
  for (const auto& [k, v] : labels) out += Q(k) + ":" + Q(v) + ",";
  return out + "}";
}

std::string O(const Origin& o) { return "origin(" + Q(o.source) + "," + std::to_string(o.doc) + "," + Q(o.path) + ")"; }

std::string Sel(const LabelSelector& s) {
  std::string out = "sel(" + L(s.match_labels) + ",[";
  for (const LabelRequirement& r : s.match_expressions) {
    out += "(" + Q(r.key) + "," + std::to_string(static_cast<int>(r.op)) + ",[";
    for (const std::string& v : r.values) out += Q(v) + ",";
    out += "]),";
  }
  return out + "])";
}

std::string OptSel(const std::optional<LabelSelector>& s) { return s ? Sel(*s) : "-"; }

std::string Owner(const std::optional<OwnerRef>& o) { return o ? "(" + Q(o->kind) + "," + Q(o->name) + ")" : "-"; }

std::string Ips(const std::vector<Ipv4>& ips) {
  std::string out = "[";
  for (Ipv4 ip : ips) out += Ip(ip) + ",";
  return out + "]";
}

std::string Cidrs(const std::vector<Cidr>& cidrs) {
  std::string out = "[";
  for (const Cidr& c : cidrs) out += Cidr_(c) + ",";
  return out + "]";
}

std::string Rules(const std::vector<PolicyRule>& rules) {
  std::string out = "[";
  for (const PolicyRule& r : rules) {
    out += "rule(peers[";
    for (const PolicyPeer& p : r.peers) {
      out += "peer(" + OptSel(p.pod_selector) + "," + OptSel(p.namespace_selector) + ",";
      out += p.ip_block ? "block(" + Cidr_(p.ip_block->cidr) + "," + Cidrs(p.ip_block->except) + ")" : "-";
      out += "),";
    }
    out += "],ports[";
    for (const PolicyPort& p : r.ports) {
      out += "port(" + std::to_string(static_cast<int>(p.protocol)) + "," + B(p.has_port) + "," +
             std::to_string(p.port) + "," + Q(p.port_name) + "," + std::to_string(p.end_port) + "),";
    }
    out += "]),";
  }
  return out + "]";
}

std::string Backend(const IngressBackend& b) {
  return "backend(" + Q(b.service_name) + "," + std::to_string(b.port_number) + "," + Q(b.port_name) + ")";
}

}  // namespace

std::string DumpCluster(const Cluster& c) {
  std::ostringstream out;
  const ClusterConfig& k = c.config;
  out << "config " << Cidr_(k.pod_cidr) << " " << Cidr_(k.service_cidr) << " " << Q(k.domain) << " " << Q(k.dns_service)
      << " " << B(k.implied_dns) << " hosts{";
  for (const auto& [name, ip] : k.external_hosts) out << Q(name) << ":" << Ip(ip) << ",";
  out << "} " << L(k.ingress_controller_labels) << " " << Q(k.ingress_controller_name) << " "
      << B(k.skip_invalid_documents) << " " << B(k.relaxed_validation) << " " << B(k.unknown_fields_are_warnings) << " "
      << Q(k.default_namespace) << " " << B(k.unmodeled_are_errors) << " " << B(k.implied_api_server) << " "
      << Ips(k.api_server_addresses) << " " << k.api_server_port << "\n";
  for (const Namespace& n : c.namespaces) {
    out << "namespace " << Q(n.name) << " " << L(n.labels) << " " << B(n.declared) << " " << O(n.origin) << "\n";
  }
  for (const Node& n : c.nodes) {
    out << "node " << Q(n.name) << " " << L(n.labels) << " " << Ips(n.addresses) << " "
        << (n.pod_cidr ? Cidr_(*n.pod_cidr) : "-") << " " << B(n.declared) << " " << O(n.origin) << "\n";
  }
  for (const Pod& p : c.pods) {
    out << "pod " << Q(p.ns) << " " << Q(p.name) << " " << L(p.labels) << " " << Q(p.node) << " " << Ip(p.ip) << " "
        << Ip(p.host_ip) << " " << B(p.host_network) << " ports[";
    for (const ContainerPort& cp : p.ports) {
      out << "(" << Q(cp.name) << "," << cp.port << "," << static_cast<int>(cp.protocol) << "),";
    }
    out << "] " << Owner(p.owner) << " " << Q(PodPhaseName(p.phase)) << " " << B(p.ready) << " " << B(p.terminating)
        << " " << Q(p.hostname) << " " << Q(p.subdomain) << " " << Q(DnsPolicyName(p.dns_policy)) << " "
        << B(p.ip_assigned) << " "
        << (p.node_constraints ? Q(p.node_constraints->SelectorText()) + "|" + Q(p.node_constraints->AffinityText())
                               : "-")
        << " " << O(p.origin) << "\n";
  }
  for (const Workload& w : c.workloads) {
    out << "workload " << Q(w.ns) << " " << Owner(w.ref) << " " << L(w.template_labels) << " " << OptSel(w.selector)
        << " " << w.replicas << " " << O(w.origin) << "\n";
  }
  for (const Service& s : c.services) {
    out << "service " << Q(s.ns) << " " << Q(s.name) << " " << Q(ServiceTypeName(s.type)) << " "
        << (s.selector ? L(*s.selector) : "-") << " ports[";
    for (const ServicePort& p : s.ports) {
      out << "(" << Q(p.name) << "," << static_cast<int>(p.protocol) << "," << p.port << "," << p.target_port << ","
          << Q(p.target_port_name) << "," << p.node_port << "," << B(p.node_port_assigned) << "),";
    }
    out << "] " << Q(s.cluster_ip) << " " << Ips(s.cluster_ips) << " " << Ips(s.external_ips) << " "
        << Ips(s.load_balancer_ips) << " " << Cidrs(s.load_balancer_source_ranges) << " " << Q(s.external_name) << " "
        << Q(TrafficPolicyName(s.external_traffic_policy)) << " " << Q(TrafficPolicyName(s.internal_traffic_policy))
        << " " << B(s.publish_not_ready_addresses) << " " << B(s.allocate_load_balancer_node_ports) << " "
        << Q(SessionAffinityName(s.session_affinity)) << " " << O(s.origin) << "\n";
  }
  for (const EndpointSlice& e : c.endpoint_slices) {
    out << "slice " << Q(e.ns) << " " << Q(e.name) << " " << Q(e.service_name) << " ports[";
    for (const EndpointPort& p : e.ports) {
      out << "(" << Q(p.name) << "," << static_cast<int>(p.protocol) << "," << p.port << "),";
    }
    out << "] endpoints[";
    for (const Endpoint& ep : e.endpoints) {
      out << "(" << Ips(ep.addresses) << "," << B(ep.ready) << "," << B(ep.serving) << "," << B(ep.terminating) << ","
          << Q(ep.hostname) << "," << Q(ep.node_name) << "," << Q(ep.target_pod) << "),";
    }
    out << "] " << B(e.generated) << " " << O(e.origin) << "\n";
  }
  for (const Ingress& i : c.ingresses) {
    out << "ingress " << Q(i.ns) << " " << Q(i.name) << " " << Q(i.ingress_class) << " "
        << (i.default_backend ? Backend(*i.default_backend) : "-") << " rules[";
    for (const IngressRule& r : i.rules) {
      out << "(" << Q(r.host) << ",[";
      for (const IngressPath& p : r.paths) {
        out << "(" << Q(p.path) << "," << Q(PathTypeName(p.path_type)) << "," << Backend(p.backend) << "),";
      }
      out << "]),";
    }
    out << "] tls[";
    for (const std::string& h : i.tls_hosts) out << Q(h) << ",";
    out << "] " << Q(i.creation_timestamp) << " " << O(i.origin) << "\n";
  }
  for (const IngressClass& i : c.ingress_classes) {
    out << "ingressclass " << Q(i.name) << " " << Q(i.controller) << " " << B(i.is_default) << " " << O(i.origin)
        << "\n";
  }
  for (const NetworkPolicy& n : c.network_policies) {
    out << "policy " << Q(n.ns) << " " << Q(n.name) << " " << Sel(n.pod_selector) << " " << B(n.ingress_type) << " "
        << B(n.egress_type) << " in" << Rules(n.ingress) << " out" << Rules(n.egress) << " " << O(n.origin) << "\n";
  }
  for (const UnmodeledKindCount& u : c.unmodeled) {
    out << "unmodeled " << Q(u.kind) << " " << Q(u.api_version) << " " << u.count << "\n";
  }
  return out.str();
}

std::string DumpDiagnostics(const Diagnostics& diagnostics) {
  std::ostringstream out;
  for (const Diagnostic& d : diagnostics.items()) {
    const Location& w = d.where;
    out << static_cast<int>(d.severity) << " " << Q(w.source) << " " << w.doc << " " << Q(w.object) << " " << Q(w.path)
        << " " << w.line << ":" << w.column << " " << Q(d.message) << "\n";
  }
  return out.str();
}

std::string DumpDiagnosticPlaces(const Diagnostics& diagnostics) {
  std::vector<std::string> lines;
  for (const Diagnostic& d : diagnostics.items()) {
    const Location& w = d.where;
    lines.push_back(std::to_string(static_cast<int>(d.severity)) + " " + Q(w.source) + " " + std::to_string(w.doc) +
                    " " + Q(w.object) + " " + Q(w.path) + " " + std::to_string(w.line) + ":" +
                    std::to_string(w.column) + "\n");
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const std::string& line : lines) out += line;
  return out;
}

}  // namespace testing
}  // namespace kreach
