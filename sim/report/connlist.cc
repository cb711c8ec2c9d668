#include "sim/report/connlist.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <utility>

#include "policies/evaluator.h"
#include "policies/fast_engine.h"
#include "policies/ip_set.h"
#include "sim/model/workload_key.h"

namespace kreach {

namespace {

constexpr const char* kIngressControllerName = "ingress-controller";
constexpr const char* kIngressControllerNamespace = "ingress-controller-ns";
constexpr const char* kNamespaceNameLabel = "kubernetes.io/metadata.name";
/// Addresses given to pods that need one of their own in the analyzer's view start here (class E, reserved).
constexpr Ipv4 kSyntheticBase = 0xF0000001u;  // 240.0.0.1

/// Hands out addresses that no pod and no node of the cluster uses.
class AddressPool {
 public:
  explicit AddressPool(const Cluster& cluster) {
    for (const Pod& p : cluster.pods) {
      used_.insert(p.ip);
      used_.insert(p.host_ip);
    }
    for (const Node& n : cluster.nodes) used_.insert(n.addresses.begin(), n.addresses.end());
  }

  /// A fresh address, never handed out before and used by nothing in the cluster.
  Ipv4 Take() {
    while (used_.count(next_)) ++next_;
    used_.insert(next_);
    return next_++;
  }

  /// An address of [first, last] that is no pod's or node's, so that probing it as an external host triggers no
  /// node or loopback exemption; `first` when every address of the range is taken.
  Ipv4 FreeIn(Ipv4 first, Ipv4 last) const {
    for (Ipv4 a = first;; ++a) {
      if (!used_.count(a)) return a;
      if (a == last) return first;
    }
  }

 private:
  std::set<Ipv4> used_;
  Ipv4 next_ = kSyntheticBase;
};

/// The cluster as netpol-analyzer sees it: no hostNetwork pods (they become ordinary pods with an address of their
/// own) and, when asked, the ingress-controller pod in its own namespace. Keeps the Cluster sort invariants.
Cluster AnalyzerView(const Cluster& cluster, AddressPool& pool, bool with_ingress_controller) {
  Cluster view = cluster;
  for (Pod& p : view.pods) {
    if (!p.host_network) continue;
    p.host_network = false;
    p.ip = pool.Take();
  }
  if (!with_ingress_controller) return view;
  if (!view.FindNamespace(kIngressControllerNamespace)) {
    Namespace ns;
    ns.name = kIngressControllerNamespace;
    ns.labels[kNamespaceNameLabel] = kIngressControllerNamespace;
    auto at = std::lower_bound(view.namespaces.begin(), view.namespaces.end(), ns.name,
                               [](const Namespace& n, const std::string& name) { return n.name < name; });
    view.namespaces.insert(at, std::move(ns));
  }
  if (!view.FindPod(kIngressControllerNamespace, kIngressControllerName)) {
    Pod pod;
    pod.ns = kIngressControllerNamespace;
    pod.name = kIngressControllerName;
    if (!view.nodes.empty()) {
      pod.node = view.nodes.front().name;
      pod.host_ip = view.nodes.front().addresses.empty() ? 0 : view.nodes.front().addresses.front();
    }
    pod.ip = pool.Take();
    auto at = std::lower_bound(view.pods.begin(), view.pods.end(), pod,
                               [](const Pod& a, const Pod& b) { return a.ns != b.ns ? a.ns < b.ns : a.name < b.name; });
    view.pods.insert(at, std::move(pod));
  }
  return view;
}

/// A workload peer and the pod that stands for it.
struct WorkloadPeer {
  ConnListPeer peer;
  std::string text;
  const Pod* pod = nullptr;
};

/// Workload peers of `cluster`, sorted by text; the representative is the first pod of each group in cluster
/// order. `skip` (may be null) is left out.
std::vector<WorkloadPeer> GroupWorkloads(const Cluster& cluster, const Pod* skip) {
  std::map<std::string, WorkloadPeer> by_text;
  for (const Pod& p : cluster.pods) {
    if (&p == skip) continue;
    ConnListPeer peer = ConnListPeer::OfWorkload(p.ns, ListedWorkload(p));
    std::string text = peer.ToString();
    if (by_text.count(text)) continue;
    by_text.emplace(text, WorkloadPeer{std::move(peer), text, &p});
  }
  std::vector<WorkloadPeer> out;
  out.reserve(by_text.size());
  for (auto& [text, w] : by_text) out.push_back(std::move(w));
  return out;
}

bool HasPorts(const ConnSet& c) {
  for (Protocol p : {Protocol::kSCTP, Protocol::kTCP, Protocol::kUDP}) {
    if (!c.Ports(p).Empty()) return true;
  }
  return false;
}

// ---- Ingress → Service → pods (the analyzer's ingress analysis) ----

/// The pod-side ports a backend reference reaches through `svc`: the targetPort (a number, or a name to resolve on
/// the pod) of the first Service port that matches the backend's port by name, number or targetPort number; every
/// targetPort when the backend names no port.
std::vector<std::pair<int, std::string>> AccessPorts(const Service& svc, const IngressBackend& backend) {
  std::vector<std::pair<int, std::string>> out;
  bool any = backend.port_number == 0 && backend.port_name.empty();
  for (const ServicePort& sp : svc.ports) {
    std::pair<int, std::string> access{sp.target_port_name.empty() ? (sp.target_port ? sp.target_port : sp.port) : 0,
                                       sp.target_port_name};
    if (any) {
      out.push_back(access);
      continue;
    }
    bool matches = (!sp.name.empty() && sp.name == backend.port_name) ||
                   (backend.port_number != 0 && sp.port == backend.port_number) ||
                   (backend.port_number != 0 && sp.target_port_name.empty() && sp.target_port == backend.port_number);
    if (matches) {
      out.push_back(access);
      return out;
    }
  }
  return out;
}

/// TCP ports of `access` that `pod` declares as containerPorts. A name must resolve to a TCP port of the pod; a
/// number only needs to be declared, whatever its protocol (netpol-analyzer counts every containerPort as exposed
/// over TCP).
ConnSet ExposedTcp(const Pod& pod, const std::vector<std::pair<int, std::string>>& access) {
  ConnSet out;
  for (const std::pair<int, std::string>& entry : access) {  // no structured binding: a lambda captures the name
    const std::string& name = entry.second;
    int port = entry.first;
    if (!name.empty()) {
      auto it =
          std::find_if(pod.ports.begin(), pod.ports.end(), [&](const ContainerPort& cp) { return cp.name == name; });
      if (it == pod.ports.end() || it->protocol != Protocol::kTCP) continue;
      port = it->port;
    }
    bool declared =
        std::any_of(pod.ports.begin(), pod.ports.end(), [&](const ContainerPort& cp) { return cp.port == port; });
    if (declared) out.Add(Protocol::kTCP, port, port);
  }
  return out;
}

/// Connections each workload (by text) gets from the ingress controller through Ingress objects, before
/// NetworkPolicy. Workloads that no Ingress reaches are absent; an empty map means there is no ingress controller.
std::map<std::string, ConnSet> IngressTargets(const Cluster& cluster, const std::vector<WorkloadPeer>& workloads) {
  std::map<std::string, ConnSet> out;
  for (const Ingress& ing : cluster.ingresses) {
    std::vector<const IngressBackend*> backends;
    if (ing.default_backend && !ing.default_backend->service_name.empty()) backends.push_back(&*ing.default_backend);
    for (const IngressRule& rule : ing.rules) {
      for (const IngressPath& path : rule.paths) {
        if (!path.backend.service_name.empty()) backends.push_back(&path.backend);
      }
    }
    for (const IngressBackend* b : backends) {
      auto svc = std::find_if(cluster.services.begin(), cluster.services.end(),
                              [&](const Service& s) { return s.ns == ing.ns && s.name == b->service_name; });
      if (svc == cluster.services.end() || !svc->selector) continue;
      std::vector<std::pair<int, std::string>> access = AccessPorts(*svc, *b);
      for (const WorkloadPeer& w : workloads) {
        if (w.pod->ns != ing.ns) continue;
        const Labels& labels = w.pod->labels;
        bool selected = std::all_of(svc->selector->begin(), svc->selector->end(), [&](const auto& kv) {
          auto it = labels.find(kv.first);
          return it != labels.end() && it->second == kv.second;
        });
        if (selected) out[w.text].Add(ExposedTcp(*w.pod, access));
      }
    }
  }
  return out;
}

/// Ranges of 0.0.0.0/0 cut at the bounds of the address sets of every ipBlock of every ingress (`ingress` true) or
/// egress rule. The cuts come from each block's set (cidr minus excepts), so adjacent excepts leave one hole, as in
/// the analyzer: 0.0.0.0/0 except 10.0.0.0/9 and 10.128.0.0/9 gives the single range 10.0.0.0-10.255.255.255.
std::vector<std::pair<Ipv4, Ipv4>> ExternalAtoms(const Cluster& cluster, bool ingress) {
  std::set<std::uint64_t> cuts = {0, std::uint64_t{1} << 32};
  for (const NetworkPolicy& np : cluster.network_policies) {
    for (const PolicyRule& rule : ingress ? np.ingress : np.egress) {
      for (const PolicyPeer& peer : rule.peers) {
        if (!peer.ip_block) continue;
        const IpSet set = IpSet::Of(*peer.ip_block);
        for (const auto& [first, last] : set.intervals()) {
          cuts.insert(first);
          cuts.insert(std::uint64_t{last} + 1);
        }
      }
    }
  }
  std::vector<std::pair<Ipv4, Ipv4>> out;
  for (auto it = cuts.begin(), next = std::next(it); next != cuts.end(); ++it, ++next) {
    out.emplace_back(static_cast<Ipv4>(*it), static_cast<Ipv4>(*next - 1));
  }
  return out;
}

}  // namespace

ConnListPeer ConnListPeer::OfWorkload(std::string ns, OwnerRef ref) {
  ConnListPeer p;
  p.type = Type::kWorkload;
  p.ns = std::move(ns);
  p.workload = std::move(ref);
  return p;
}

ConnListPeer ConnListPeer::OfRange(Ipv4 first, Ipv4 last) {
  ConnListPeer p;
  p.type = Type::kExternal;
  p.first = first;
  p.last = last;
  return p;
}

ConnListPeer ConnListPeer::IngressController() {
  ConnListPeer p;
  p.type = Type::kIngressController;
  return p;
}

std::string ConnListPeer::Label() const {
  if (type != Type::kWorkload) return ToString();
  return WorkloadLabel(workload);
}

std::string ConnListPeer::ToString() const {
  switch (type) {
    case Type::kWorkload: return WorkloadKey(ns, workload);
    case Type::kExternal: return FormatIpv4(first) + "-" + FormatIpv4(last) + "[External]";
    case Type::kIngressController: return std::string("{") + kIngressControllerName + "}";
  }
  return "";
}

void StreamConnList(const Cluster& cluster, const PolicyOptions& options, const ConnListOrder& less,
                    const std::function<void(const ConnListLine&)>& line, std::vector<ConnListPeer>* workloads_out) {
  if (cluster.pods.empty()) return;

  // Which workloads the ingress controller would reach decides whether it exists at all.
  std::map<std::string, ConnSet> ingress_targets;
  {
    AddressPool pool(cluster);
    Cluster plain = AnalyzerView(cluster, pool, false);
    ingress_targets = IngressTargets(plain, GroupWorkloads(plain, nullptr));
  }

  AddressPool pool(cluster);
  const Cluster view = AnalyzerView(cluster, pool, !ingress_targets.empty());
  const Pod* controller =
      ingress_targets.empty() ? nullptr : view.FindPod(kIngressControllerNamespace, kIngressControllerName);
  const std::vector<WorkloadPeer> workloads = GroupWorkloads(view, controller);
  const PolicyEngine engine(view, options);  // external ranges: addresses, not pods
  // Pod to pod: the whole-cluster engine, equal to engine.Allowed on every pod pair (tests/property/fast_engine_*).
  const std::shared_ptr<const ReachabilityMatrix> reach = engine.reach();  // compiled once with the engine
  auto index = [&view](const Pod* pod) { return static_cast<std::size_t>(pod - view.pods.data()); };

  if (workloads_out != nullptr) {
    for (const WorkloadPeer& w : workloads) workloads_out->push_back(w.peer);
  }

  // Every peer once: workloads, external ranges as sources (ingress ipBlocks) and as destinations (egress), and
  // the ingress controller, each with the address that stands for it.
  struct Node {
    enum class Kind { kWorkload, kSourceRange, kDestinationRange, kController } kind;
    ConnListPeer peer;
    std::string text;
    const Pod* pod = nullptr;  ///< kWorkload
    Ipv4 probe = 0;            ///< ranges: an address of the range that is no pod's or node's
  };
  std::vector<Node> nodes;
  for (const WorkloadPeer& w : workloads) nodes.push_back({Node::Kind::kWorkload, w.peer, w.text, w.pod, 0});
  for (bool ingress : {true, false}) {
    for (const auto& [first, last] : ExternalAtoms(view, ingress)) {
      ConnListPeer ext = ConnListPeer::OfRange(first, last);
      std::string text = ext.ToString();
      nodes.push_back({ingress ? Node::Kind::kSourceRange : Node::Kind::kDestinationRange, std::move(ext),
                       std::move(text), nullptr, pool.FreeIn(first, last)});
    }
  }
  if (controller) {
    ConnListPeer ic = ConnListPeer::IngressController();
    std::string text = ic.ToString();
    nodes.push_back({Node::Kind::kController, std::move(ic), std::move(text), controller, 0});
  }
  auto by_text = [&](const Node* a, const Node* b) { return less(a->text, b->text); };
  std::vector<const Node*> sources;
  std::vector<const Node*> destinations;
  for (const Node& n : nodes) {
    if (n.kind != Node::Kind::kDestinationRange) sources.push_back(&n);
    if (n.kind == Node::Kind::kWorkload || n.kind == Node::Kind::kDestinationRange) destinations.push_back(&n);
  }
  std::stable_sort(sources.begin(), sources.end(), by_text);
  std::stable_sort(destinations.begin(), destinations.end(), by_text);

  auto emit = [&line](const Node& src, const Node& dst, const ConnSet& conns) {
    if (HasPorts(conns)) line(ConnListLine{src.peer, src.text, dst.peer, dst.text, conns});
  };
  for (const Node* src : sources) {
    for (const Node* dst : destinations) {
      if (src == dst) continue;
      if (src->kind == Node::Kind::kWorkload) {
        if (dst->kind == Node::Kind::kWorkload) {
          if (!reach->AllowsAny(index(src->pod), index(dst->pod))) continue;
          emit(*src, *dst, reach->Allowed(index(src->pod), index(dst->pod)));
        } else {
          emit(*src, *dst, engine.Allowed(Peer::OfPod(*src->pod), Peer::OfIp(dst->probe)));
        }
      } else if (dst->kind == Node::Kind::kWorkload) {
        if (src->kind == Node::Kind::kSourceRange) {
          emit(*src, *dst, engine.Allowed(Peer::OfIp(src->probe), Peer::OfPod(*dst->pod)));
        } else {  // the ingress controller
          auto it = ingress_targets.find(dst->text);
          if (it == ingress_targets.end()) continue;
          emit(*src, *dst, it->second.Intersect(reach->Allowed(index(controller), index(dst->pod))));
        }
      }
    }
  }
}

ConnList ComputeConnList(const Cluster& cluster, const PolicyOptions& options) {
  ConnList list;
  StreamConnList(
      cluster, options, std::less<std::string>(),
      [&list](const ConnListLine& l) {
        list.entries.push_back(ConnListEntry{l.src, l.dst, l.conns, l.src_text, l.dst_text});
      },
      &list.workloads);
  return list;
}

}  // namespace kreach
