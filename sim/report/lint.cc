#include "sim/report/lint.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "policies/fast_engine.h"
#include "sim/model/suggest.h"
#include "sim/net/implied_objects.h"

namespace kreach {

namespace {

Location At(const NetworkPolicy& policy, const std::string& field) {
  return policy.origin.At("NetworkPolicy " + policy.Key(), field);
}

bool AnyNamespaceMatches(const Cluster& cluster, const LabelSelector& selector) {
  return std::any_of(cluster.namespaces.begin(), cluster.namespaces.end(),
                     [&](const Namespace& ns) { return selector.Matches(ns.labels); });
}

std::string Quoted(const std::set<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
  return out;
}

std::string Numbers(const std::set<int>& numbers) {
  std::string out;
  for (int n : numbers) out += (out.empty() ? "" : ", ") + std::to_string(n);
  return out;
}

/// "a, b, c, d, e and 3 more": the names of at most five pods.
std::string PodNames(const std::vector<const Pod*>& pods) {
  constexpr std::size_t kShown = 5;
  std::string out;
  for (std::size_t i = 0; i < pods.size() && i < kShown; ++i) out += (i == 0 ? "" : ", ") + pods[i]->name;
  if (pods.size() > kShown) out += " and " + std::to_string(pods.size() - kShown) + " more";
  return out;
}

/// True for a Service whose selector Kubernetes turns into EndpointSlices (SVC-1).
bool Selects(const Service& svc) {
  return svc.type != ServiceType::kExternalName && svc.selector && !svc.selector->empty();
}

/// Which pods each Service's selector picks (same namespace, matching labels: SVC-1), and which Services pick
/// each pod, worked out once from postings of the labels that Service selectors name. Holds pointers into the
/// cluster.
class SelectedPods {
 public:
  explicit SelectedPods(const Cluster& cluster)
      : cluster_(cluster), of_(cluster.services.size()), services_of_(cluster.pods.size()) {
    std::set<std::string> keys;
    for (const Service& svc : cluster.services) {
      if (!Selects(svc)) continue;
      for (const auto& [key, value] : *svc.selector) keys.insert(key);
    }
    std::unordered_map<std::string, std::vector<const Pod*>> postings;  // "ns\x1fkey=value" → pods, in order
    for (const Pod& pod : cluster.pods) {
      for (const std::string& key : keys) {
        auto it = pod.labels.find(key);
        if (it != pod.labels.end()) postings[pod.ns + '\x1f' + key + '=' + it->second].push_back(&pod);
      }
    }
    static const std::vector<const Pod*> kNone;
    for (std::size_t s = 0; s < cluster.services.size(); ++s) {
      const Service& svc = cluster.services[s];
      if (!Selects(svc)) continue;
      const std::vector<const Pod*>* fewest = nullptr;
      for (const auto& [key, value] : *svc.selector) {
        auto it = postings.find(svc.ns + '\x1f' + key + '=' + value);
        const std::vector<const Pod*>* list = it == postings.end() ? &kNone : &it->second;
        if (fewest == nullptr || list->size() < fewest->size()) fewest = list;
      }
      const LabelSelector selector{*svc.selector, {}};
      for (const Pod* pod : *fewest) {
        if (!selector.Matches(pod->labels)) continue;
        of_[s].push_back(pod);
        services_of_[Index(pod)].push_back(static_cast<std::uint32_t>(s));
      }
    }
  }

  /// The pods `svc` (one of the cluster's Services) selects, in cluster order.
  const std::vector<const Pod*>& Of(const Service& svc) const {
    return of_[static_cast<std::size_t>(&svc - cluster_.services.data())];
  }
  /// The pods of `candidates` (in cluster order) that `svc` selects.
  std::vector<const Pod*> Of(const Service& svc, const std::vector<const Pod*>& candidates) const {
    std::vector<const Pod*> out;
    const std::vector<const Pod*>& all = Of(svc);
    std::set_intersection(all.begin(), all.end(), candidates.begin(), candidates.end(), std::back_inserter(out),
                          [](const Pod* a, const Pod* b) { return a < b; });
    return out;
  }
  /// The Services that select some pod of `pods`, in cluster order.
  std::vector<const Service*> Selecting(const std::vector<const Pod*>& pods) const {
    std::vector<std::uint32_t> ids;
    for (const Pod* pod : pods) {
      const std::vector<std::uint32_t>& of = services_of_[Index(pod)];
      ids.insert(ids.end(), of.begin(), of.end());
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::vector<const Service*> out;
    for (std::uint32_t s : ids) out.push_back(&cluster_.services[s]);
    return out;
  }

 private:
  std::size_t Index(const Pod* pod) const { return static_cast<std::size_t>(pod - cluster_.pods.data()); }

  const Cluster& cluster_;
  std::vector<std::vector<const Pod*>> of_;              ///< by Service
  std::vector<std::vector<std::uint32_t>> services_of_;  ///< by pod: Service indices, ascending
};

/// The port `pod` receives a Service port's traffic on (SVC-4), or nullopt when its named targetPort is missing.
std::optional<int> TargetPortOn(const ServicePort& port, const Pod& pod) {
  if (port.target_port_name.empty()) return port.target_port;
  for (const ContainerPort& cp : pod.ports) {
    if (cp.name == port.target_port_name && cp.protocol == port.protocol) return cp.port;
  }
  return std::nullopt;
}

/// True when `number`/`protocol` is a containerPort of one of `pods`, or the targetPort one of them receives for
/// some Service.
bool PodsUsePort(const SelectedPods& selected, const std::vector<const Pod*>& pods, int number, Protocol protocol) {
  for (const Pod* pod : pods) {
    for (const ContainerPort& cp : pod->ports) {
      if (cp.port == number && cp.protocol == protocol) return true;
    }
  }
  for (const Service* svc_ptr : selected.Selecting(pods)) {
    const Service& svc = *svc_ptr;
    for (const Pod* pod : selected.Of(svc, pods)) {
      for (const ServicePort& sp : svc.ports) {
        if (sp.protocol == protocol && TargetPortOn(sp, *pod) == number) return true;
      }
    }
  }
  return false;
}

/// True when some port of `rule` admits `number`/`protocol` on a pod that names it `name` (may be "").
bool RuleAdmits(const PolicyRule& rule, int number, const std::string& name, Protocol protocol) {
  return std::any_of(rule.ports.begin(), rule.ports.end(), [&](const PolicyPort& p) {
    if (p.protocol != protocol) return false;
    if (!p.has_port) return true;
    if (!p.port_name.empty()) return p.port_name == name;
    return p.port <= number && number <= (p.end_port == 0 ? p.port : p.end_port);
  });
}

/// LintPolicies at the level of the whole-cluster engine's classes: who a policy selects and what its peers match
/// are class sets (the pods of a class are alike for every selector), so no pod list is built per policy.
class PolicyLinter {
 public:
  PolicyLinter(const PolicyEngine& engine, Diagnostics& diag)
      : cluster_(engine.cluster()), reach_(engine.reach()), selected_(cluster_), diag_(diag) {
    const std::vector<ReachClass>& classes = reach_->classes().classes();
    const std::size_t words = (classes.size() + 63) / 64;
    for (std::size_t k = 0; k < classes.size(); ++k) {
      if (!classes[k].policy_pod) continue;
      for (const auto& [key, number] : reach_->classes().port_maps()[classes[k].port_map]) {
        std::vector<std::uint64_t>& bits = named_[key];
        bits.resize(words);
        bits[k / 64] |= std::uint64_t{1} << (k % 64);
      }
    }
    for (const Pod& pod : cluster_.pods) {
      for (const ContainerPort& cp : pod.ports) {
        if (!cp.name.empty()) named_anywhere_.insert({cp.name, cp.protocol});
      }
    }
    for (std::size_t s = 0; s < cluster_.services.size(); ++s) {
      if (selected_.Of(cluster_.services[s]).empty()) continue;
      for (const ServicePort& sp : cluster_.services[s].ports) {
        std::vector<std::uint32_t>& ids = services_by_port_[{sp.port, sp.protocol}];
        if (ids.empty() || ids.back() != s) ids.push_back(static_cast<std::uint32_t>(s));
      }
    }
  }

  void Lint() {
    for (std::size_t p = 0; p < cluster_.network_policies.size(); ++p) {
      const NetworkPolicy& policy = cluster_.network_policies[p];
      const ReachabilityMatrix::PolicyPeers& peers = reach_->policy_peers()[p];
      const ClassSet& subjects = reach_->subject_sets()[peers.subjects];
      if (subjects.empty()) {
        diag_.Warning(At(policy, "spec.podSelector"),
                      "selects no pod in namespace " + policy.ns + " (" + policy.pod_selector.ToString() + ")");
      }
      if (policy.ingress_type) LintRules(policy, Direction::kIngress, subjects, peers.ingress);
      if (policy.egress_type) LintRules(policy, Direction::kEgress, subjects, peers.egress);
    }
  }

 private:
  /// True when a pod of one of `classes` defines the named port `port` (name and protocol).
  bool DefinesPort(const ClassSet& classes, const PolicyPort& port) const {
    auto it = named_.find({port.port_name, port.protocol});
    return it != named_.end() && classes.Meets(it->second.data());
  }

  /// NP-22: an ingress rule port that is a Service's port rather than the targetPort its (the policy's) pods get.
  void LintServicePort(const NetworkPolicy& policy, const PolicyRule& rule, const PolicyPort& port,
                       const ClassSet& subjects, const std::string& at) {
    if (!port.has_port || !port.port_name.empty() || port.end_port != 0) return;
    auto candidates = services_by_port_.find({port.port, port.protocol});
    if (candidates == services_by_port_.end()) return;
    for (std::uint32_t s : candidates->second) {  // ascending: the Services in cluster order
      const Service& svc = cluster_.services[s];
      std::vector<const Pod*> backends;  // the policy's subjects among the pods the Service selects
      for (const Pod* pod : selected_.Of(svc)) {
        auto index = static_cast<std::size_t>(pod - cluster_.pods.data());
        if (subjects.Contains(static_cast<std::uint32_t>(reach_->ClassOf(index)))) backends.push_back(pod);
      }
      if (backends.empty()) continue;
      for (const ServicePort& sp : svc.ports) {
        if (sp.port != port.port || sp.protocol != port.protocol) continue;
        std::set<int> targets;
        for (const Pod* pod : backends) {
          if (std::optional<int> t = TargetPortOn(sp, *pod)) targets.insert(*t);
        }
        if (targets.empty() || targets.count(port.port) || PodsUsePort(selected_, backends, port.port, port.protocol)) {
          continue;
        }
        bool admitted = std::all_of(targets.begin(), targets.end(),
                                    [&](int t) { return RuleAdmits(rule, t, sp.target_port_name, sp.protocol); });
        if (admitted) continue;
        std::string use =
            sp.target_port_name.empty() ? Numbers(targets) : "'" + sp.target_port_name + "' (" + Numbers(targets) + ")";
        diag_.Warning(At(policy, at), std::string(ProtocolName(port.protocol)) + " port " + std::to_string(port.port) +
                                          " is the port of Service " + svc.ns + "/" + svc.name +
                                          ", not of its pods: policies see the targetPort the pods receive (NP-22), "
                                          "so Service traffic does not match this rule; use port " +
                                          use + " instead");
      }
    }
  }

  void LintRules(const NetworkPolicy& policy, Direction direction, const ClassSet& subjects,
                 const std::vector<std::vector<std::uint32_t>>& peer_ids) {
    bool ingress = direction == Direction::kIngress;
    const std::vector<PolicyRule>& rules = ingress ? policy.ingress : policy.egress;
    const std::string field = ingress ? "spec.ingress[" : "spec.egress[";
    const std::string peers_field = ingress ? "].from[" : "].to[";
    for (std::size_t r = 0; r < rules.size(); ++r) {
      const PolicyRule& rule = rules[r];
      std::vector<const ClassSet*> destinations;  // egress: the classes this rule's peers can reach
      bool only_ip_blocks = !rule.peers.empty();
      for (std::size_t p = 0; p < rule.peers.size(); ++p) {
        const PolicyPeer& peer = rule.peers[p];
        std::string at = field + std::to_string(r) + peers_field + std::to_string(p) + "]";
        if (peer.ip_block) continue;
        only_ip_blocks = false;
        const ClassSet& matched = reach_->peers()[peer_ids[r][p]];
        if (!matched.empty()) {  // then its pods' namespaces match too
          destinations.push_back(&matched);
        } else if (peer.namespace_selector && !AnyNamespaceMatches(cluster_, *peer.namespace_selector)) {
          diag_.Warning(At(policy, at + ".namespaceSelector"),
                        "matches no namespace (" + peer.namespace_selector->ToString() + ")");
        } else {
          diag_.Warning(At(policy, at), "matches no pod (" + peer.ToString() + ")");
        }
      }
      for (std::size_t k = 0; k < rule.ports.size(); ++k) {
        const PolicyPort& port = rule.ports[k];
        std::string at = field + std::to_string(r) + "].ports[" + std::to_string(k) + "].port";
        if (ingress) LintServicePort(policy, rule, port, subjects, at);
        if (port.port_name.empty()) continue;
        // ipBlock-only egress peers are the loader's warning (it knows the field); nothing to resolve on here.
        if (!ingress && only_ip_blocks) continue;
        bool nothing_to_resolve_on;  // no destination pod at all: the peers' warnings say it
        bool defined;
        if (ingress) {
          nothing_to_resolve_on = subjects.empty();
          defined = DefinesPort(subjects, port);
        } else if (rule.peers.empty()) {  // every pod of the cluster is a destination
          nothing_to_resolve_on = cluster_.pods.empty();
          defined = named_anywhere_.count({port.port_name, port.protocol}) > 0;
        } else {
          nothing_to_resolve_on = destinations.empty();
          defined = std::any_of(destinations.begin(), destinations.end(),
                                [&](const ClassSet* classes) { return DefinesPort(*classes, port); });
        }
        if (nothing_to_resolve_on || defined) continue;
        diag_.Warning(At(policy, at), std::string("no ") + (ingress ? "selected" : "destination") + " pod defines a " +
                                          ProtocolName(port.protocol) + " port named '" + port.port_name +
                                          "': this port matches nothing");
      }
    }
  }

  const Cluster& cluster_;
  std::shared_ptr<const ReachabilityMatrix> reach_;
  const SelectedPods selected_;
  Diagnostics& diag_;
  std::map<std::pair<std::string, Protocol>, std::vector<std::uint64_t>> named_;     ///< classes defining each
  std::set<std::pair<std::string, Protocol>> named_anywhere_;                        ///< on any pod of the cluster
  std::map<std::pair<int, Protocol>, std::vector<std::uint32_t>> services_by_port_;  ///< selecting Services
};

}  // namespace

void LintPolicies(const PolicyEngine& engine, Diagnostics& diag) { PolicyLinter(engine, diag).Lint(); }

namespace {

Location AtService(const Service& svc, const std::string& field) {
  return svc.origin.At("Service " + svc.ns + "/" + svc.name, field);
}

/// SVC-1: a selector that matches no pod in the Service's namespace, naming the namespaces where it would.
void LintSelector(const Cluster& cluster, const Service& svc, Diagnostics& diag) {
  LabelSelector selector{*svc.selector, {}};
  std::set<std::string> elsewhere;
  for (const Pod& pod : cluster.pods) {
    if (pod.ns != svc.ns && selector.Matches(pod.labels)) elsewhere.insert(pod.ns);
  }
  std::string message = "selects no pod in '" + svc.ns + "'";
  if (elsewhere.empty()) {
    message += " (" + selector.ToString() + "): the Service has no endpoints";
  } else {
    message += "; pods with " + selector.ToString() + " exist in " + Quoted(elsewhere) +
               ", but a Service selects only pods in its own namespace";
  }
  diag.Warning(AtService(svc, "spec.selector"), message);
}

/// SVC-4: a named targetPort that some or all selected pods do not define.
void LintTargetPorts(const Service& svc, const std::vector<const Pod*>& backends, Diagnostics& diag) {
  for (std::size_t i = 0; i < svc.ports.size(); ++i) {
    const ServicePort& port = svc.ports[i];
    if (port.target_port_name.empty()) continue;
    std::vector<const Pod*> missing;
    for (const Pod* pod : backends) {
      if (!TargetPortOn(port, *pod)) missing.push_back(pod);
    }
    if (missing.empty()) continue;
    std::string what = std::string(ProtocolName(port.protocol)) + " port named '" + port.target_port_name + "'";
    std::string message =
        missing.size() == backends.size()
            ? "no selected pod defines a " + what + " (" + PodNames(missing) + "): this Service port has no endpoints"
            : std::to_string(missing.size()) + " of " + std::to_string(backends.size()) + " selected pods define no " +
                  what + " (" + PodNames(missing) + "): they are not endpoints of this Service port";
    diag.Warning(AtService(svc, "spec.ports[" + std::to_string(i) + "].targetPort"), message);
  }
}

bool IsLoopback(Ipv4 ip) { return Cidr{0x7F000000u, 8}.Contains(ip); }
bool IsLinkLocal(Ipv4 ip) { return Cidr{0xA9FE0000u, 16}.Contains(ip); }

/// SVC-5: manual EndpointSlice addresses that kube-proxy will not forward to.
void LintEndpointSlice(const Cluster& cluster, const EndpointSlice& slice, Diagnostics& diag) {
  std::string object = "EndpointSlice " + slice.ns + "/" + slice.name;
  for (std::size_t e = 0; e < slice.endpoints.size(); ++e) {
    const std::vector<Ipv4>& addresses = slice.endpoints[e].addresses;
    for (std::size_t a = 0; a < addresses.size(); ++a) {
      Ipv4 ip = addresses[a];
      std::string problem;
      if (IsLoopback(ip)) {
        problem = "is a loopback address";
      } else if (IsLinkLocal(ip)) {
        problem = "is a link-local address";
      } else {
        for (const Service& svc : cluster.services) {
          if (std::find(svc.cluster_ips.begin(), svc.cluster_ips.end(), ip) != svc.cluster_ips.end()) {
            problem = "is the ClusterIP of Service " + svc.ns + "/" + svc.name;
          }
        }
      }
      if (problem.empty()) continue;
      diag.Warning(slice.origin.At(object, "endpoints[" + std::to_string(e) + "].addresses[" + std::to_string(a) + "]"),
                   FormatIpv4(ip) + " " + problem +
                       ": kube-proxy does not forward Service traffic to it (SVC-5); list pod or node IPs instead");
    }
  }
}

std::string PortList(const Service& svc) {
  std::string out;
  for (const ServicePort& p : svc.ports) {
    out += (out.empty() ? "" : ", ") + (p.name.empty() ? "" : p.name + "/") + std::to_string(p.port);
  }
  return out;
}

/// ING-8: a backend whose Service is missing, is ExternalName, or lacks the port.
void LintBackend(const Cluster& cluster, const Ingress& ing, const IngressBackend& backend, const std::string& field,
                 Diagnostics& diag) {
  if (backend.service_name.empty()) return;  // a resource backend
  std::string object = "Ingress " + ing.ns + "/" + ing.name;
  const std::string kFails = ": requests for this backend get 503";
  const Service* svc = nullptr;
  std::vector<std::string> names;
  std::set<std::string> elsewhere;
  for (const Service& s : cluster.services) {
    if (s.ns == ing.ns) names.push_back(s.name);
    if (s.name != backend.service_name) continue;
    if (s.ns == ing.ns) {
      svc = &s;
    } else {
      elsewhere.insert(s.ns);
    }
  }
  if (svc == nullptr) {
    std::string message = "Service '" + backend.service_name + "' does not exist in namespace '" + ing.ns + "'";
    std::string suggestion = SuggestClosest(backend.service_name, names);
    if (!suggestion.empty()) {
      message += " (did you mean '" + suggestion + "'?)";
    } else if (!elsewhere.empty()) {
      message += " (it exists in " + Quoted(elsewhere) + ", but an Ingress sends only to its own namespace)";
    }
    diag.Warning(ing.origin.At(object, field + ".name"), message + kFails);
    return;
  }
  if (svc->type == ServiceType::kExternalName) {
    diag.Warning(ing.origin.At(object, field + ".name"),
                 "Service '" + svc->name + "' is an ExternalName Service, which has no endpoints" + kFails);
    return;
  }
  bool named = !backend.port_name.empty();
  bool found = std::any_of(svc->ports.begin(), svc->ports.end(), [&](const ServicePort& p) {
    return named ? p.name == backend.port_name : p.port == backend.port_number;
  });
  if (found) return;
  std::string wanted = named ? "port named '" + backend.port_name + "'" : "port " + std::to_string(backend.port_number);
  diag.Warning(ing.origin.At(object, field + (named ? ".port.name" : ".port.number")),
               "Service '" + svc->name + "' has no " + wanted + " (its ports: " + PortList(*svc) + ")" + kFails);
}

/// ING-1: an Ingress that no IngressClass (explicit or default) puts in a controller's hands.
void LintIngressClass(const Cluster& cluster, const Ingress& ing, Diagnostics& diag) {
  Location where = ing.origin.At("Ingress " + ing.ns + "/" + ing.name, "spec.ingressClassName");
  std::set<std::string> defaults;
  std::vector<std::string> names;
  for (const IngressClass& ic : cluster.ingress_classes) {
    names.push_back(ic.name);
    if (ic.is_default) defaults.insert(ic.name);
  }
  if (ing.ingress_class.empty()) {
    if (defaults.empty()) {
      diag.Warning(where,
                   "is not set and no IngressClass is marked default (annotation "
                   "ingressclass.kubernetes.io/is-default-class: \"true\"): no controller serves this Ingress");
    } else if (defaults.size() > 1) {
      diag.Warning(where, "is not set and " + std::to_string(defaults.size()) + " IngressClasses are marked default (" +
                              Quoted(defaults) + "): the API server rejects a class-less Ingress");
    }
    return;
  }
  if (names.empty() || std::find(names.begin(), names.end(), ing.ingress_class) != names.end()) return;
  std::string suggestion = SuggestClosest(ing.ingress_class, names);
  diag.Warning(where, "IngressClass '" + ing.ingress_class + "' does not exist" +
                          (suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)") +
                          ": no controller serves this Ingress");
}

}  // namespace

void LintServices(const Cluster& cluster, Diagnostics& diag) {
  const SelectedPods selected(cluster);
  for (const Service& svc : cluster.services) {
    if (!Selects(svc)) continue;
    const std::vector<const Pod*>& backends = selected.Of(svc);
    if (backends.empty()) {
      LintSelector(cluster, svc, diag);
    } else {
      LintTargetPorts(svc, backends, diag);
    }
  }
  for (const EndpointSlice& slice : cluster.endpoint_slices) {
    if (!slice.generated) LintEndpointSlice(cluster, slice, diag);
  }
  for (const Service& svc : cluster.services) {
    for (std::size_t i = 0; i < svc.ports.size(); ++i) {
      const ServicePort& p = svc.ports[i];
      if (!p.node_port_assigned) continue;
      diag.Info(AtService(svc, "spec.ports[" + std::to_string(i) + "].nodePort"),
                "port " + std::to_string(p.port) + "/" + ProtocolName(p.protocol) + ": nodePort " +
                    std::to_string(p.node_port) +
                    " assigned by kreach (the lowest free one; the cluster would pick one at random from "
                    "30000-32767): write spec.ports[" +
                    std::to_string(i) + "].nodePort to rely on a number");
    }
  }
}

void LintIngresses(const Cluster& cluster, Diagnostics& diag) {
  for (const Ingress& ing : cluster.ingresses) {
    LintIngressClass(cluster, ing, diag);
    if (ing.default_backend) LintBackend(cluster, ing, *ing.default_backend, "spec.defaultBackend.service", diag);
    for (std::size_t r = 0; r < ing.rules.size(); ++r) {
      for (std::size_t p = 0; p < ing.rules[r].paths.size(); ++p) {
        LintBackend(cluster, ing, ing.rules[r].paths[p].backend,
                    "spec.rules[" + std::to_string(r) + "].http.paths[" + std::to_string(p) + "].backend.service",
                    diag);
      }
    }
  }
}

namespace {

/// The pods with an address of their own (not hostNetwork), sorted by address: an ipBlock's pods are a range.
using PodsByAddress = std::vector<std::pair<Ipv4, const Pod*>>;

/// One ipBlock peer that names pod addresses or a Service's ClusterIP. Counting is by binary search over
/// `by_address` (a 0.0.0.0/0 block of a 150,000-pod cluster is not walked pod by pod).
void LintIpBlock(const Cluster& cluster, const PodsByAddress& by_address, const NetworkPolicy& policy,
                 const IpBlock& block, const std::string& at, Diagnostics& diag) {
  auto first_at = [&](Ipv4 ip) {
    return std::lower_bound(by_address.begin(), by_address.end(), ip,
                            [](const std::pair<Ipv4, const Pod*>& p, Ipv4 v) { return p.first < v; });
  };
  auto past = [&](Ipv4 ip) {
    return std::upper_bound(by_address.begin(), by_address.end(), ip,
                            [](Ipv4 v, const std::pair<Ipv4, const Pod*>& p) { return v < p.first; });
  };
  // The except ranges inside the block, merged: [first, last] address intervals.
  std::vector<std::pair<Ipv4, Ipv4>> excepts;
  for (const Cidr& e : block.except) excepts.emplace_back(e.First(), e.Last());
  std::sort(excepts.begin(), excepts.end());
  std::vector<std::pair<Ipv4, Ipv4>> merged;
  for (const auto& e : excepts) {
    if (!merged.empty() && e.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, e.second);
    } else {
      merged.push_back(e);
    }
  }
  auto begin = first_at(block.cidr.First());
  auto end = past(block.cidr.Last());
  std::size_t count = static_cast<std::size_t>(end - begin);
  for (const auto& [lo, hi] : merged) count -= static_cast<std::size_t>(past(hi) - first_at(lo));
  // A block that holds every pod (0.0.0.0/0, 10.0.0.0/8) is a range, not a pick of pods, unless it lies inside the
  // pod network itself.
  if (count > 0 && (count < by_address.size() || cluster.config.pod_cidr.Contains(block.cidr))) {
    constexpr std::size_t kNamed = 3;
    std::vector<const Pod*> named;
    auto it = begin;
    while (it != end && named.size() < kNamed) {
      auto in_except = std::find_if(merged.begin(), merged.end(),
                                    [&](const auto& e) { return e.first <= it->first && it->first <= e.second; });
      if (in_except != merged.end()) {
        it = past(in_except->second);
        continue;
      }
      named.push_back(it->second);
      ++it;
    }
    std::string pods;
    for (std::size_t i = 0; i < named.size(); ++i) {
      pods += (i == 0 ? "" : ", ") + named[i]->ns + "/" + named[i]->name + " (" + FormatIpv4(named[i]->ip) + ")";
    }
    if (count > named.size()) pods += " and " + std::to_string(count - named.size()) + " more";
    diag.Warning(At(policy, at + ".cidr"),
                 block.cidr.ToString() + " contains the address of " +
                     (count == 1 ? "pod " : std::to_string(count) + " pods: ") + pods +
                     ". Pod addresses change whenever a pod restarts or is rescheduled, and some network plugins "
                     "never match pod traffic by ipBlock: select the pods with podSelector (and namespaceSelector) "
                     "instead");
  }
  if (!cluster.config.service_cidr.Contains(block.cidr)) return;
  // Name a Service of the input before one kreach implies (check lints the cluster with its implied objects).
  std::vector<const Service*> services;
  for (const Service& svc : cluster.services) {
    if (!IsImplied(svc.origin)) services.push_back(&svc);
  }
  for (const Service& svc : cluster.services) {
    if (IsImplied(svc.origin)) services.push_back(&svc);
  }
  std::vector<std::string> held;  // "10.96.0.10 of Service kube-system/kube-dns"
  for (const Service* svc : services) {
    for (Ipv4 ip : svc->cluster_ips) {
      if (block.Contains(ip)) {
        held.push_back(FormatIpv4(ip) + " of Service " + svc->ns + "/" + svc->name);
        break;
      }
    }
  }
  if (held.empty()) return;
  constexpr std::size_t kNamed = 3;
  std::string what;
  if (held.size() == 1) {
    what = "the ClusterIP " + held[0];
  } else {
    what = "the ClusterIPs of " + std::to_string(held.size()) + " Services (";
    for (std::size_t i = 0; i < held.size() && i < kNamed; ++i) what += (i == 0 ? "" : ", ") + held[i];
    if (held.size() > kNamed) what += " and " + std::to_string(held.size() - kNamed) + " more";
    what += ")";
  }
  diag.Warning(At(policy, at + ".cidr"),
               block.cidr.ToString() + " contains " + what +
                   ": policy sees the packet after kube-proxy's DNAT, addressed to a backend pod, never to a "
                   "ClusterIP, so this block matches no Service traffic. Select the Service's pods with podSelector "
                   "(and namespaceSelector) instead");
}

}  // namespace

void LintIpBlocks(const Cluster& cluster, Diagnostics& diag) {
  PodsByAddress by_address;
  bool any_block = false;
  for (const NetworkPolicy& policy : cluster.network_policies) {
    for (const std::vector<PolicyRule>* rules : {&policy.ingress, &policy.egress}) {
      for (const PolicyRule& rule : *rules) {
        for (const PolicyPeer& peer : rule.peers) any_block = any_block || peer.ip_block.has_value();
      }
    }
  }
  if (!any_block) return;
  for (const Pod& pod : cluster.pods) {
    if (!pod.host_network && pod.ip != 0) by_address.emplace_back(pod.ip, &pod);
  }
  std::sort(by_address.begin(), by_address.end(),
            [](const auto& a, const auto& b) { return a.first != b.first ? a.first < b.first : a.second < b.second; });
  for (const NetworkPolicy& policy : cluster.network_policies) {
    for (bool ingress : {true, false}) {
      const std::vector<PolicyRule>& rules = ingress ? policy.ingress : policy.egress;
      for (std::size_t r = 0; r < rules.size(); ++r) {
        for (std::size_t p = 0; p < rules[r].peers.size(); ++p) {
          const PolicyPeer& peer = rules[r].peers[p];
          if (!peer.ip_block) continue;
          std::string at = std::string(ingress ? "spec.ingress[" : "spec.egress[") + std::to_string(r) +
                           (ingress ? "].from[" : "].to[") + std::to_string(p) + "].ipBlock";
          LintIpBlock(cluster, by_address, policy, *peer.ip_block, at, diag);
        }
      }
    }
  }
}

void Lint(const PolicyEngine& engine, Diagnostics& diag) {
  LintPolicies(engine, diag);
  LintIpBlocks(engine.cluster(), diag);
  LintServices(engine.cluster(), diag);
  LintIngresses(engine.cluster(), diag);
}

}  // namespace kreach
