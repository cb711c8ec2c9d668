// How the reachability picture is computed. Pods are first sorted into classes: pods with the same selecting
// policies, the same policy peers matching them and the same container ports get the same allowed connections to
// and from every other pod, so the policy engine is asked once per pair of classes (with two distinct pods when a
// class meets itself). Every box is then a set of pods; an arrow between two boxes folds the class matrix over
// their classes: the intersection is what every pod pair allows, the union what some pair allows. Boxes never
// share pods, so the fold is exact. Every box is folded the same way, an ingress controller's too: its arrows are
// what policies allow its own pods (as `list` says), never a result for all pods of the controller (which may span
// several workloads, namespaces or releases).
#include "viz/reachability_model.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "policies/fast_engine.h"
#include "sim/model/ipv4.h"
#include "sim/model/workload_key.h"
#include "viz/reachability_internal.h"

namespace kreach {
namespace reach_internal {

/// A text that identifies a connection set (ConnSet::ToString hides ICMP next to ports).
std::string ConnKey(const ConnSet& c) { return c.ToString() + (c.icmp() ? "+icmp" : ""); }

/// "10.0.0.0/8" when the range is one CIDR block, else "10.0.0.1-10.0.0.9".
std::string RangeText(Ipv4 first, Ipv4 last) {
  std::uint64_t size = std::uint64_t{last} - first + 1;
  if ((size & (size - 1)) == 0 && (first & (size - 1)) == 0) {
    int len = 32;
    while (size > 1) {
      size >>= 1;
      --len;
    }
    return FormatIpv4(first) + "/" + std::to_string(len);
  }
  return FormatIpv4(first) + "-" + FormatIpv4(last);
}

/// Up to three ranges of `set`, then "+N more".
std::string RangesText(const IpSet& set) {
  std::string out;
  std::size_t n = 0;
  for (const auto& [first, last] : set.intervals()) {
    if (n == 3) return out + " +" + std::to_string(set.intervals().size() - 3) + " more";
    out += (out.empty() ? "" : ", ") + RangeText(first, last);
    ++n;
  }
  return out;
}

/// A label for external addresses: "any address" for all of them, "all except X" when that is shorter.
std::string AddressesLabel(const IpSet& set) {
  if (set == IpSet::All()) return "any address (0.0.0.0/0)";
  IpSet rest = IpSet::All().Subtract(set);
  if (rest.intervals().size() < set.intervals().size()) return "all addresses except " + RangesText(rest);
  return RangesText(set);
}

ConnSet PortOnly(int port) {
  ConnSet c;
  c.Add(Protocol::kTCP, port, port);
  return c;
}

void Builder::Classify() {
  const std::size_t n = cluster_.pods.size();
  // Which policy peers match each pod.
  std::vector<std::vector<int>> peers(n);
  int peer_id = 0;
  for (const NetworkPolicy& np : cluster_.network_policies) {
    for (const auto* rules : {&np.ingress, &np.egress}) {
      for (const PolicyRule& rule : *rules) {
        for (const PolicyPeer& peer : rule.peers) {
          for (const Pod* p : engine_.PeerPods(np, peer)) peers[PodIndex(p)].push_back(peer_id);
          ++peer_id;
        }
      }
    }
  }
  const bool any_host_network =
      std::any_of(cluster_.pods.begin(), cluster_.pods.end(), [](const Pod& p) { return p.host_network; });
  auto policy_ids = [&](const std::vector<const NetworkPolicy*>& list) {
    std::string s;
    for (const NetworkPolicy* np : list) s += std::to_string(np - cluster_.network_policies.data()) + ",";
    return s;
  };
  std::map<std::string, int> by_signature;
  class_of_.assign(n, -1);
  for (std::size_t i = 0; i < n; ++i) {
    const Pod& p = cluster_.pods[i];
    std::string sig = policy_ids(engine_.Selecting(p, Direction::kIngress)) + "|" +
                      policy_ids(engine_.Selecting(p, Direction::kEgress)) + "|";
    for (int id : peers[i]) sig += std::to_string(id) + ",";
    sig += "|";
    for (const ContainerPort& cp : p.ports) {
      sig += cp.name + ":" + std::to_string(cp.port) + ":" + std::to_string(static_cast<int>(cp.protocol)) + ",";
    }
    // A hostNetwork pod speaks with its node's address: it is alone in its class, and node exemptions make the
    // other end's node matter.
    if (p.host_network) sig += "|host:" + std::to_string(i);
    if (any_host_network) sig += "|node:" + p.node;
    auto [it, fresh] = by_signature.emplace(sig, static_cast<int>(class_pods_.size()));
    if (fresh) class_pods_.emplace_back();
    class_of_[i] = it->second;
    class_pods_[it->second].push_back(&p);
  }
}

void Builder::MatrixOfClasses() {
  const std::size_t c = class_pods_.size();
  matrix_.assign(c * c, -1);
  // Pod pairs from the whole-cluster engine (equal to PolicyEngine::Allowed pod by pod, tests/property/fast_*).
  std::shared_ptr<const ReachabilityMatrix> reach = engine_.reach();  // compiled once with the engine
  std::map<std::string, std::int32_t> interned;
  for (std::size_t a = 0; a < c; ++a) {
    for (std::size_t b = 0; b < c; ++b) {
      const Pod* src = class_pods_[a].front();
      const Pod* dst = class_pods_[b].front();
      if (a == b) {
        if (class_pods_[b].size() < 2) continue;
        dst = class_pods_[b][1];
      }
      ConnSet allowed = reach->Allowed(PodIndex(src), PodIndex(dst));
      auto [it, fresh] = interned.emplace(ConnKey(allowed), static_cast<std::int32_t>(conns_.size()));
      if (fresh) conns_.push_back(std::move(allowed));
      matrix_[a * c + b] = it->second;
    }
  }
}

void Builder::Externals() {
  std::vector<IpBlock> blocks;
  for (const NetworkPolicy& np : cluster_.network_policies) {
    for (const auto* rules : {&np.ingress, &np.egress}) {
      for (const PolicyRule& rule : *rules) {
        for (const PolicyPeer& peer : rule.peers) {
          if (peer.ip_block) blocks.push_back(*peer.ip_block);
        }
      }
    }
  }
  std::set<Ipv4> used;
  for (const Pod& p : cluster_.pods) used.insert({p.ip, p.host_ip});
  for (const Node& node : cluster_.nodes) used.insert(node.addresses.begin(), node.addresses.end());
  std::map<std::string, std::size_t> by_behaviour;
  for (const auto& [first, last] : IpAtoms(blocks)) {
    Ipv4 probe = first;
    while (used.count(probe) && probe != last) ++probe;
    External e;
    e.addresses.Add(first, last);
    std::string key;
    for (const auto& pods : class_pods_) {
      e.in.push_back(engine_.Allowed(Peer::OfIp(probe), Peer::OfPod(*pods.front())));
      e.out.push_back(engine_.Allowed(Peer::OfPod(*pods.front()), Peer::OfIp(probe)));
      key += ConnKey(e.in.back()) + ">" + ConnKey(e.out.back()) + ";";
    }
    auto [it, fresh] = by_behaviour.emplace(key, ext_.size());
    if (fresh) {
      ext_.push_back(std::move(e));
    } else {
      ext_[it->second].addresses.Add(first, last);
    }
  }
}

void Builder::Groups() {
  std::map<std::string, Group> by_key;
  for (const Pod& p : cluster_.pods) {
    Group g;
    if (options_.expand_pods) {
      g.key = p.Key();
      g.name = p.name;
      g.kind = "Pod";
    } else {
      OwnerRef ref = ListedWorkload(p);  // a static pod stands on its own, as in list and matrix
      g.name = ref.name;
      g.kind = ref.kind;
      g.key = WorkloadKey(p.ns, ref);
    }
    g.ns = p.ns;
    auto it = by_key.emplace(g.key, std::move(g)).first;
    it->second.pods.push_back(&p);
  }
  for (auto& [key, g] : by_key) {
    std::set<int> classes;
    for (const Pod* p : g.pods) classes.insert(class_of_[PodIndex(p)]);
    g.classes.assign(classes.begin(), classes.end());
    groups_.push_back(std::move(g));
  }
  const auto& controllers = net_.controllers();
  for (std::size_t k = 0; k < controllers.size(); ++k) {
    for (Group& g : groups_) {
      bool serves = std::any_of(g.pods.begin(), g.pods.end(), [&](const Pod* p) {
        return std::find(controllers[k].pods.begin(), controllers[k].pods.end(), p) != controllers[k].pods.end();
      });
      if (serves && g.controller < 0) g.controller = static_cast<int>(k);
    }
  }
}

void Builder::Types() {
  std::map<std::string, int> by_key;
  for (Group& g : groups_) {
    std::string key;
    for (int c : g.classes) key += std::to_string(c) + ",";
    if (g.controller >= 0) key += "|controller" + std::to_string(g.controller);
    auto [it, fresh] = by_key.emplace(key, static_cast<int>(type_keys_.size()));
    if (fresh) type_keys_.push_back(key);
    g.type = it->second;
  }
}

Fold Builder::Between(const std::vector<int>& a, const std::vector<int>& b) const {
  Fold f;
  const std::size_t c = class_pods_.size();
  std::vector<char> seen(conns_.size(), 0);  // folding is idempotent: each distinct set once
  for (int x : a) {
    for (int y : b) {
      std::int32_t id = matrix_[static_cast<std::size_t>(x) * c + static_cast<std::size_t>(y)];
      if (id >= 0) seen[static_cast<std::size_t>(id)] = 1;
    }
  }
  for (std::size_t i = 0; i < seen.size(); ++i) {
    if (seen[i]) f.Add(conns_[i]);
  }
  return f;
}

Fold Builder::Filtered(Fold f) const {
  if (!f.any || !options_.port) return f;
  const int port = *options_.port;
  if (!f.some.Contains(Protocol::kTCP, port)) return Fold{};
  Fold out;
  out.any = true;
  out.some = PortOnly(port);
  out.every = f.every.Contains(Protocol::kTCP, port) ? PortOnly(port) : ConnSet::None();
  return out;
}

Fold Builder::UnitEdge(const Unit& from, const Unit& to) const {
  Fold f;
  if (from.external >= 0 && to.external >= 0) return f;
  if (from.external >= 0) {
    for (int c : to.classes) f.Add(ext_[from.external].in[c]);
  } else if (to.external >= 0) {
    for (int c : from.classes) f.Add(ext_[to.external].out[c]);
  } else {
    f = Between(from.classes, to.classes);
  }
  return Filtered(f);
}

}  // namespace reach_internal

std::size_t ReachModel::Find(const std::string& id) const {
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].id == id) return i;
  }
  return nodes.size();
}

ReachModel BuildReachModel(const Network& network, const ViewOptions& options) {
  return reach_internal::Builder(network, options).Build();
}

}  // namespace kreach
