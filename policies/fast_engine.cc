#include "policies/fast_engine.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "policies/label_index.h"
#include "sim/model/parallel.h"
#include "sim/model/timings.h"

namespace kreach {

namespace {

// Separators of the interning keys below: never part of a label key, label value, name or number.
constexpr char kSep = '\x1f';
constexpr char kEnd = '\x1e';

std::string SelectorKey(const LabelSelector& s) {
  std::string key;
  for (const auto& [k, v] : s.match_labels) key.append(k).append(1, '=').append(v).append(1, kSep);
  key += kEnd;
  for (const LabelRequirement& r : s.match_expressions) {
    key.append(r.key).append(1, static_cast<char>('0' + static_cast<int>(r.op)));
    for (const std::string& v : r.values) key.append(v).append(1, kSep);
    key += kEnd;
  }
  return key;
}

std::string SpecKey(const ConnSet& fixed, const std::vector<std::pair<std::string, Protocol>>& named) {
  std::string key;
  for (int p = 0; p < kPolicyProtocolCount; ++p) {
    for (const auto& [lo, hi] : fixed.Ports(static_cast<Protocol>(p)).intervals()) {
      key.append(std::to_string(lo)).append(1, '-').append(std::to_string(hi)).append(1, kSep);
    }
    key += kEnd;
  }
  key += fixed.icmp() ? 'I' : '-';
  for (const auto& [name, protocol] : named) {
    key.append(name).append(1, static_cast<char>('0' + static_cast<int>(protocol))).append(1, kSep);
  }
  return key;
}

/// Interns keys in order of first appearance.
class KeyTable {
 public:
  /// The id of `key`, and whether it is new.
  std::pair<std::uint32_t, bool> Intern(std::string key) {
    auto [it, fresh] = ids_.emplace(std::move(key), static_cast<std::uint32_t>(ids_.size()));
    return {it->second, fresh};
  }

 private:
  std::unordered_map<std::string, std::uint32_t> ids_;
};

/// How a distinct peer is evaluated.
struct PeerSpec {
  enum class Kind { kEvery, kIpBlock, kNamespaces, kOwnNamespace } kind = Kind::kEvery;
  const PolicyPeer* peer = nullptr;
  std::size_t ns = 0;          ///< kOwnNamespace: the policy's namespace
  std::uint32_t ns_query = 0;  ///< kNamespaces: index into the distinct namespace selectors
};

}  // namespace

/// Builds a ReachabilityMatrix (a friend, so that the header shows no construction details).
class FastEngineBuilder {
 public:
  FastEngineBuilder(ReachabilityMatrix& m, int threads) : m_(m), threads_(std::max(1, threads)) {}

  void Run() {
    ScopedPhase selectors("selectors");
    IndexLabels();
    CollectPolicies();
    EvaluatePeers();
    ResolveSpecs();
    AssignProfiles();
    selectors.Stop();
    ReportCount("pod-classes", m_.class_count());
    ReportCount("peers", m_.peers_.size());
    ReportCount("subject-groups", m_.in_groups_.size() + m_.out_groups_.size());
    ReportCount("port-atoms", m_.atoms_.size());
    ReportCount("ip-atoms", m_.classes_.ip_atoms().size());
    ReportCount("connection-sets", m_.sets_.size());
  }

 private:
  const Cluster& cluster() const { return m_.cluster_; }
  const std::vector<ReachClass>& classes() const { return m_.classes_.classes(); }

  // ---- label indexes: namespaces, the policy-pod classes of each namespace, all policy-pod classes ----

  void IndexLabels() {
    const Cluster& c = cluster();
    for (std::size_t n = 0; n < c.namespaces.size(); ++n) ns_index_.emplace(c.namespaces[n].name, n);
    std::vector<const Labels*> ns_labels;
    for (const Namespace& ns : c.namespaces) ns_labels.push_back(&ns.labels);
    namespaces_ = LabelIndex(ns_labels);
    // A class is indexed by its representative's labels, restricted to the keys selectors read.
    class_labels_.resize(classes().size());
    for (std::size_t k = 0; k < classes().size(); ++k) {
      if (!classes()[k].policy_pod) continue;
      const Labels& all = c.pods[classes()[k].pods.front()].labels;
      for (const std::string& key : m_.classes_.read_keys()) {
        auto it = all.find(key);
        if (it != all.end()) class_labels_[k].emplace_hint(class_labels_[k].end(), key, it->second);
      }
    }
    ns_range_.resize(c.namespaces.size());
    std::vector<const Labels*> everywhere;
    for (std::size_t n = 0; n < c.namespaces.size(); ++n) {
      const auto begin = static_cast<std::uint32_t>(policy_classes_.size());
      for (std::uint32_t k : m_.classes_.ClassesIn(n)) {
        everywhere.push_back(&class_labels_[k]);
        policy_classes_.push_back(k);
      }
      ns_range_[n] = {begin, static_cast<std::uint32_t>(policy_classes_.size())};
    }
    all_classes_ = LabelIndex(everywhere);
  }

  /// Appends the policy-pod classes of namespace `n` that `selector` matches (absent or empty: all of them), ascending.
  void SelectIn(std::size_t n, const LabelSelector* selector, std::vector<std::uint32_t>& out) const {
    const std::vector<std::uint32_t>& all = m_.classes_.ClassesIn(n);
    if (selector == nullptr || selector->Empty()) {
      out.insert(out.end(), all.begin(), all.end());
      return;
    }
    for (std::uint32_t pos : all_classes_.Select(*selector, ns_range_[n].first, ns_range_[n].second)) {
      out.push_back(policy_classes_[pos]);
    }
  }

  // ---- policies → subject groups, terms, specs and distinct peers ----

  std::uint32_t InternSpec(const PolicyRule& rule) {
    ConnSet fixed;
    std::vector<std::pair<std::string, Protocol>> named;
    if (rule.ports.empty()) {
      fixed = ConnSet::All();  // NP-7: every port and protocol, ICMP included (P-4)
    } else {
      for (const PolicyPort& entry : rule.ports) {
        if (!entry.has_port) {
          fixed.AddAllPorts(entry.protocol);  // NP-18
        } else if (entry.port_name.empty()) {
          fixed.Add(entry.protocol, entry.port, entry.end_port > 0 ? entry.end_port : entry.port);  // NP-19
        } else {
          named.emplace_back(entry.port_name, entry.protocol);  // NP-20: resolved per destination
        }
      }
    }
    std::sort(named.begin(), named.end());
    named.erase(std::unique(named.begin(), named.end()), named.end());
    auto [id, fresh] = specs_.Intern(SpecKey(fixed, named));
    if (fresh) {
      spec_fixed_.push_back(std::move(fixed));
      spec_names_.push_back(std::move(named));
    }
    return id;
  }

  std::uint32_t InternPeer(const PolicyPeer& peer, std::size_t own_ns) {
    PeerSpec spec;
    spec.peer = &peer;
    std::string key;
    if (peer.ip_block) {  // NP-14
      spec.kind = PeerSpec::Kind::kIpBlock;
      key = "B" + peer.ip_block->cidr.ToString();
      for (const Cidr& e : peer.ip_block->except) key += kSep + e.ToString();
    } else if (peer.namespace_selector) {  // NP-11, NP-12, NP-16
      spec.kind = PeerSpec::Kind::kNamespaces;
      std::string ns_key = SelectorKey(*peer.namespace_selector);
      auto [q, fresh] = ns_queries_.Intern(ns_key);
      if (fresh) ns_selectors_.push_back(&*peer.namespace_selector);
      spec.ns_query = q;
      key = "N" + ns_key + kEnd + (peer.pod_selector ? SelectorKey(*peer.pod_selector) : std::string("*"));
    } else {  // NP-10
      spec.kind = PeerSpec::Kind::kOwnNamespace;
      spec.ns = own_ns;
      key = "O" + std::to_string(own_ns) + kEnd + (peer.pod_selector ? SelectorKey(*peer.pod_selector) : "*");
    }
    auto [id, fresh] = peer_keys_.Intern(std::move(key));
    if (fresh) peer_specs_.push_back(spec);
    return id;
  }

  void CollectPolicies() {
    const Cluster& c = cluster();
    peer_keys_.Intern("*");  // id 0: every peer (rules without from/to)
    peer_specs_.push_back(PeerSpec{});
    KeyTable subject_keys, in_keys, out_keys;
    std::vector<std::uint32_t> in_group_of_subject, out_group_of_subject;  // subject set → group, or kNone
    constexpr std::uint32_t kNone = 0xFFFFFFFFu;
    m_.policy_peers_.resize(c.network_policies.size());
    for (std::size_t p = 0; p < c.network_policies.size(); ++p) {
      const NetworkPolicy& np = c.network_policies[p];
      ReachabilityMatrix::PolicyPeers& compiled = m_.policy_peers_[p];
      auto own = ns_index_.find(np.ns);
      if (own == ns_index_.end()) {
        compiled.subjects = EmptySubjects();
        continue;
      }
      // Not a structured binding: the lambda below captures `subject`, which C++17 (and clang 14) forbid for one.
      const auto interned = subject_keys.Intern(std::to_string(own->second) + kEnd + SelectorKey(np.pod_selector));
      const auto subject = interned.first;
      if (interned.second) {
        std::vector<std::uint32_t> members;
        SelectIn(own->second, &np.pod_selector, members);  // NP-1, NP-17
        m_.subject_sets_.emplace_back(std::move(members), classes().size());
        in_group_of_subject.push_back(kNone);
        out_group_of_subject.push_back(kNone);
      }
      compiled.subjects = subject;
      auto add = [&](bool typed, const std::vector<PolicyRule>& rules, std::vector<std::uint32_t>& group_of_subject,
                     std::vector<ReachabilityMatrix::SubjectGroup>& groups,
                     std::vector<std::vector<std::uint32_t>>& ids) {
        for (const PolicyRule& rule : rules) {
          ids.emplace_back();
          for (const PolicyPeer& peer : rule.peers) ids.back().push_back(InternPeer(peer, own->second));
        }
        if (!typed) return;  // NP-4: rules of a direction not in policyTypes never count, nor isolate
        std::uint32_t& g = group_of_subject[subject];
        if (g == kNone) {
          g = static_cast<std::uint32_t>(groups.size());
          groups.push_back({m_.subject_sets_[subject], {}, {}});
        }
        groups[g].policies.push_back(static_cast<std::uint32_t>(p));
        for (std::size_t r = 0; r < rules.size(); ++r) {  // NP-5, NP-6
          const std::uint32_t spec = InternSpec(rules[r]);
          if (rules[r].peers.empty()) groups[g].terms.push_back({m_.every_peer(), spec});  // NP-7
          for (std::uint32_t peer : ids[r]) groups[g].terms.push_back({peer, spec});
        }
      };
      add(np.ingress_type, np.ingress, in_group_of_subject, m_.in_groups_, compiled.ingress);  // NP-2, NP-3
      add(np.egress_type, np.egress, out_group_of_subject, m_.out_groups_, compiled.egress);
    }
    for (auto* groups : {&m_.in_groups_, &m_.out_groups_}) {
      for (ReachabilityMatrix::SubjectGroup& g : *groups) {
        std::sort(g.terms.begin(), g.terms.end());
        g.terms.erase(std::unique(g.terms.begin(), g.terms.end()), g.terms.end());
      }
    }
  }

  /// The id of an empty subject set (a policy in a namespace the cluster lacks, which the loader never makes).
  std::uint32_t EmptySubjects() {
    if (!empty_subjects_) {
      empty_subjects_ = static_cast<std::uint32_t>(m_.subject_sets_.size());
      m_.subject_sets_.emplace_back(std::vector<std::uint32_t>{}, classes().size());
    }
    return *empty_subjects_;
  }

  // ---- peers → classes ----

  std::vector<std::uint32_t> PeerClasses(const PeerSpec& spec) const {
    std::vector<std::uint32_t> out;
    const PolicyPeer& peer = *spec.peer;
    switch (spec.kind) {
      case PeerSpec::Kind::kEvery: break;
      case PeerSpec::Kind::kIpBlock: {  // classes are keyed by ipBlock atom, so a whole atom is in or out
        const auto& atoms = m_.classes_.ip_atoms();
        for (std::size_t a = 0; a < atoms.size(); ++a) {
          const auto& members = m_.classes_.classes_by_ip_atom()[a];
          if (!members.empty() && peer.ip_block->Contains(atoms[a].first)) {
            out.insert(out.end(), members.begin(), members.end());
          }
        }
        break;
      }
      case PeerSpec::Kind::kNamespaces: {
        const std::vector<std::uint32_t>& namespaces = ns_matches_[spec.ns_query];
        const LabelSelector* pods = peer.pod_selector ? &*peer.pod_selector : nullptr;
        if (pods != nullptr && !pods->Empty() && namespaces.size() > 16) {
          // Many namespaces: select among all classes once and keep those of a matching namespace.
          const std::vector<bool>& in = ns_member_[spec.ns_query];
          for (std::uint32_t pos : all_classes_.Select(*pods)) {
            const std::uint32_t k = policy_classes_[pos];
            if (in[classes()[k].ns]) out.push_back(k);
          }
        } else {
          for (std::uint32_t n : namespaces) SelectIn(n, pods, out);
        }
        break;
      }
      case PeerSpec::Kind::kOwnNamespace:
        SelectIn(spec.ns, peer.pod_selector ? &*peer.pod_selector : nullptr, out);
        break;
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  void EvaluatePeers() {
    for (const LabelSelector* selector : ns_selectors_) {
      ns_matches_.push_back(namespaces_.Select(*selector));
      std::vector<bool> in(cluster().namespaces.size(), false);
      for (std::uint32_t n : ns_matches_.back()) in[n] = true;
      ns_member_.push_back(std::move(in));
    }
    const std::size_t universe = classes().size();
    m_.peers_.resize(peer_specs_.size());
    m_.peers_[0] = ClassSet::Everything(universe);
    ParallelFor(peer_specs_.size(), threads_, 64, [&](std::size_t p) {
      if (p > 0) m_.peers_[p] = ClassSet(PeerClasses(peer_specs_[p]), universe);
    });
  }

  // ---- port atoms, and every spec resolved on every named-port map ----

  void ResolveSpecs() {
    const std::vector<NamedPorts>& maps = m_.classes_.port_maps();
    std::vector<std::pair<Protocol, int>> ports;
    for (const NamedPorts& map : maps) {
      for (const auto& [name, port] : map) ports.emplace_back(name.second, port);
    }
    if (!m_.options_.icmp_needs_portless_rule) AddIcmpGroups();
    m_.atoms_ = PortAtoms::Build(spec_fixed_, ports);
    const PortAtoms& atoms = m_.atoms_;
    std::map<AtomBits, std::uint32_t> interned;
    auto intern = [&](AtomBits bits) {
      auto [it, fresh] = interned.emplace(std::move(bits), static_cast<std::uint32_t>(m_.sets_.size()));
      if (fresh) m_.sets_.push_back(it->first);
      return it->second;
    };
    for (std::size_t s = 0; s < spec_fixed_.size(); ++s) {
      const AtomBits fixed = atoms.Of(spec_fixed_[s]);
      const auto& named = spec_names_[s];
      m_.spec_named_.push_back(!named.empty());
      m_.spec_offset_.push_back(m_.resolved_.size());
      if (named.empty()) {
        m_.resolved_.push_back(intern(fixed));
        continue;
      }
      for (std::size_t map = 0; map < maps.size(); ++map) {
        AtomBits bits = fixed;
        for (const auto& [name, protocol] : named) {
          if (map == 0) {  // not a pod: nothing to resolve the name on (NP-20 and its switch)
            if (m_.options_.named_port_matches_external) PortAtoms::Or(bits, atoms.AllPortsOf(protocol));
            continue;
          }
          for (const auto& [entry, port] : maps[map]) {
            if (entry.first == name && entry.second == protocol) PortAtoms::Set(bits, atoms.AtomOf(protocol, port));
          }
        }
        m_.resolved_.push_back(intern(std::move(bits)));
      }
    }
  }

  /// P-4 switched off: ICMP is never filtered, so every isolated class allows it with everything, as if each
  /// profile held one more group with the rule "every peer, ICMP".
  void AddIcmpGroups() {
    ConnSet icmp;
    icmp.AddIcmp();
    const auto [spec, fresh] = specs_.Intern(SpecKey(icmp, {}));
    if (fresh) {
      spec_fixed_.push_back(icmp);
      spec_names_.emplace_back();
    }
    icmp_spec_ = spec;
  }

  // ---- profiles ----

  void AssignProfiles() {
    const std::size_t n = classes().size();
    for (const Direction dir : {Direction::kIngress, Direction::kEgress}) {
      const bool ingress = dir == Direction::kIngress;
      std::vector<ReachabilityMatrix::SubjectGroup>& groups = ingress ? m_.in_groups_ : m_.out_groups_;
      std::vector<std::vector<std::uint32_t>> lists(n);
      for (std::size_t g = 0; g < groups.size(); ++g) {
        groups[g].members.ForEach([&](std::uint32_t k) { lists[k].push_back(static_cast<std::uint32_t>(g)); });
      }
      if (icmp_spec_) {
        std::vector<std::uint32_t> isolated;
        for (std::uint32_t k = 0; k < n; ++k) {
          if (!lists[k].empty()) isolated.push_back(k);
        }
        const auto icmp_group = static_cast<std::uint32_t>(groups.size());
        for (std::uint32_t k : isolated) lists[k].push_back(icmp_group);
        groups.push_back({ClassSet(std::move(isolated), n), {{m_.every_peer(), *icmp_spec_}}, {}});
      }
      std::vector<std::int32_t>& profile_of = ingress ? m_.in_profile_of_ : m_.out_profile_of_;
      std::vector<std::vector<std::uint32_t>>& profiles = ingress ? m_.in_profiles_ : m_.out_profiles_;
      profile_of.assign(n, -1);
      std::map<std::vector<std::uint32_t>, std::int32_t> seen;
      for (std::size_t k = 0; k < n; ++k) {
        if (lists[k].empty()) continue;  // NP-3: not isolated (address-only ends never are: P-3, NP-17)
        auto [it, fresh] = seen.emplace(std::move(lists[k]), static_cast<std::int32_t>(profiles.size()));
        if (fresh) profiles.push_back(it->first);
        profile_of[k] = it->second;
      }
    }
  }

  ReachabilityMatrix& m_;
  int threads_;
  std::unordered_map<std::string, std::size_t> ns_index_;
  LabelIndex namespaces_;
  std::vector<Labels> class_labels_;
  LabelIndex all_classes_;                                         ///< every policy-pod class, namespace by namespace
  std::vector<std::uint32_t> policy_classes_;                      ///< all_classes_ position → class
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ns_range_;  ///< by namespace: its positions
  KeyTable specs_, peer_keys_, ns_queries_;
  std::vector<ConnSet> spec_fixed_;
  std::vector<std::vector<std::pair<std::string, Protocol>>> spec_names_;
  std::optional<std::uint32_t> icmp_spec_;
  std::optional<std::uint32_t> empty_subjects_;
  std::vector<PeerSpec> peer_specs_;
  std::vector<const LabelSelector*> ns_selectors_;
  std::vector<std::vector<std::uint32_t>> ns_matches_;
  std::vector<std::vector<bool>> ns_member_;
};

ReachabilityMatrix::ReachabilityMatrix(const Cluster& cluster, const PolicyOptions& options)
    : cluster_(cluster), options_(options), classes_(cluster, options) {}

std::shared_ptr<const ReachabilityMatrix> ReachabilityMatrix::Compute(const Cluster& cluster,
                                                                      const PolicyOptions& options, int threads) {
  ScopedPhase classes("classes");
  std::shared_ptr<ReachabilityMatrix> m(new ReachabilityMatrix(cluster, options));
  classes.Stop();
  FastEngineBuilder builder(*m, threads);
  builder.Run();
  return m;
}

void ReachabilityMatrix::AddAllowed(Direction dir, std::size_t self, std::size_t other, std::size_t port_map,
                                    AtomBits& into) const {
  const std::vector<SubjectGroup>& all = groups(dir);
  const auto other_id = static_cast<std::uint32_t>(other);
  for (std::uint32_t g : profiles(dir)[static_cast<std::size_t>(ProfileOf(dir, self))]) {
    for (const Term& t : all[g].terms) {  // NP-5: the union of every rule of every isolating policy
      if (peers_[t.peer].Contains(other_id)) PortAtoms::Or(into, Resolved(t.spec, port_map));
    }
  }
}

bool ReachabilityMatrix::AllowsAtom(Direction dir, std::size_t self, std::size_t other, std::size_t port_map,
                                    std::size_t atom) const {
  const std::int32_t profile = ProfileOf(dir, self);
  if (profile < 0) return true;  // NP-3
  const std::vector<SubjectGroup>& all = groups(dir);
  const auto other_id = static_cast<std::uint32_t>(other);
  for (std::uint32_t g : profiles(dir)[static_cast<std::size_t>(profile)]) {
    for (const Term& t : all[g].terms) {
      if (PortAtoms::Test(Resolved(t.spec, port_map), atom) && peers_[t.peer].Contains(other_id)) return true;
    }
  }
  return false;
}

AtomBits ReachabilityMatrix::ClassAllowedBits(std::size_t s, std::size_t d) const {
  // Named ports resolve on the destination in both directions (NP-20).
  const std::size_t port_map = classes_.classes()[d].port_map;
  AtomBits out = atoms_.None();
  if (ProfileOf(Direction::kEgress, s) < 0) {
    out = atoms_.All();
  } else {
    AddAllowed(Direction::kEgress, s, d, port_map, out);
  }
  if (ProfileOf(Direction::kIngress, d) >= 0) {
    AtomBits in = atoms_.None();
    AddAllowed(Direction::kIngress, d, s, port_map, in);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] &= in[i];
  }
  return out;
}

ConnSet ReachabilityMatrix::ClassAllowed(std::size_t s, std::size_t d) const {
  return atoms_.ToConnSet(ClassAllowedBits(s, d));
}

bool ReachabilityMatrix::ClassAllowsAtom(std::size_t s, std::size_t d, std::size_t atom) const {
  const std::size_t port_map = classes_.classes()[d].port_map;
  return AllowsAtom(Direction::kEgress, s, d, port_map, atom) && AllowsAtom(Direction::kIngress, d, s, port_map, atom);
}

bool ReachabilityMatrix::ClassAllows(std::size_t s, std::size_t d, Protocol protocol, int port) const {
  if (protocol != Protocol::kIcmp && (port < kMinPort || port > kMaxPort)) return false;
  return ClassAllowsAtom(s, d, atoms_.AtomOf(protocol, port));
}

bool ReachabilityMatrix::ClassAllowsAny(std::size_t s, std::size_t d) const {
  return PortAtoms::Any(ClassAllowedBits(s, d));
}

bool ReachabilityMatrix::PairsExact(std::size_t s, std::size_t d) const {
  const bool address = !classes_.classes()[s].policy_pod || !classes_.classes()[d].policy_pod;
  return !address || !(options_.ingress_from_own_node_exempt || options_.egress_to_own_node_exempt);
}

bool ReachabilityMatrix::PodExempt(std::size_t src, std::size_t dst) const {
  if (src == dst) return true;  // NP-8(b)
  const ReachClass& s = classes_.classes()[ClassOf(src)];
  const ReachClass& d = classes_.classes()[ClassOf(dst)];
  if (s.policy_pod == d.policy_pod) return false;  // own-node exemptions need exactly one address-only end
  const Pod& self = cluster_.pods[s.policy_pod ? src : dst];
  const Pod& other = cluster_.pods[s.policy_pod ? dst : src];
  if (!(s.policy_pod ? options_.egress_to_own_node_exempt : options_.ingress_from_own_node_exempt)) return false;
  const Node* node = cluster_.FindNode(self.node);  // NP-8(a) and its egress switch
  return node != nullptr &&
         std::find(node->addresses.begin(), node->addresses.end(), other.ip) != node->addresses.end();
}

ConnSet ReachabilityMatrix::Allowed(std::size_t src, std::size_t dst) const {
  if (PodExempt(src, dst)) return ConnSet::All();
  return ClassAllowed(ClassOf(src), ClassOf(dst));
}

bool ReachabilityMatrix::Allows(std::size_t src, std::size_t dst, Protocol protocol, int port) const {
  if (PodExempt(src, dst)) return ConnSet::All().Contains(protocol, port);
  return ClassAllows(ClassOf(src), ClassOf(dst), protocol, port);
}

bool ReachabilityMatrix::AllowsAny(std::size_t src, std::size_t dst) const {
  return PodExempt(src, dst) || ClassAllowsAny(ClassOf(src), ClassOf(dst));
}

}  // namespace kreach
