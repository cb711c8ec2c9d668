#include "policies/fast_engine.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include "policies/label_index.h"
#include "sim/model/timings.h"

namespace kreach {

namespace {

/// A rule with its peers resolved to classes and its ports to atoms.
struct ClassRule {
  bool any_peer = false;              ///< no peers: every class at the other end (NP-7)
  std::vector<std::uint32_t> peers;   ///< classes some peer matches, ascending, unique
  ConnSet fixed_set;                  ///< ports that do not depend on the destination (everything when portless)
  AtomBits fixed;                     ///< the same as atoms
  std::vector<const PolicyPort*> named;  ///< named entries, resolved per destination (NP-20)
};

struct ClassPolicy {
  std::vector<ClassRule> ingress;
  std::vector<ClassRule> egress;
};

/// Connection sets interned by content: equal sets get equal ids (open addressing on a hash of the words).
class SetPool {
 public:
  explicit SetPool(std::size_t words) : words_(words), slots_(1024, kEmpty) {}

  std::uint32_t Intern(const std::uint64_t* bits) {
    const std::uint64_t h = Hash(bits);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const std::uint32_t id = slots_[i];
      if (id == kEmpty) break;
      if (hashes_[id] == h && std::equal(bits, bits + words_, data_.begin() + static_cast<std::ptrdiff_t>(id * words_))) {
        return id;
      }
    }
    const auto id = static_cast<std::uint32_t>(hashes_.size());
    hashes_.push_back(h);
    data_.insert(data_.end(), bits, bits + words_);
    if (hashes_.size() * 2 > slots_.size()) {
      slots_.assign(slots_.size() * 2, kEmpty);
      mask = slots_.size() - 1;
      for (std::uint32_t k = 0; k < hashes_.size(); ++k) Place(k, mask);
    } else {
      Place(id, mask);
    }
    return id;
  }
  std::uint32_t Intern(const AtomBits& bits) { return Intern(bits.data()); }
  std::size_t size() const { return hashes_.size(); }
  AtomBits Set(std::uint32_t id) const {
    auto first = data_.begin() + static_cast<std::ptrdiff_t>(id * words_);
    return AtomBits(first, first + static_cast<std::ptrdiff_t>(words_));
  }

 private:
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
  std::uint64_t Hash(const std::uint64_t* bits) const {
    std::uint64_t h = 0x9E3779B97F4A7C15u;
    for (std::size_t i = 0; i < words_; ++i) h = (h ^ bits[i]) * 0xFF51AFD7ED558CCDu + (h >> 29);
    return h ^ (h >> 32);
  }
  void Place(std::uint32_t id, std::size_t mask) {
    std::size_t i = hashes_[id] & mask;
    while (slots_[i] != kEmpty) i = (i + 1) & mask;
    slots_[i] = id;
  }

  std::size_t words_;
  std::vector<std::uint32_t> slots_;
  std::vector<std::uint64_t> hashes_;
  std::vector<std::uint64_t> data_;
};

/// A profile: the classes that share one row (same isolating policies, and for ingress the same named ports).
struct Profile {
  std::vector<std::uint32_t> policies;  ///< indices into Cluster::network_policies, ascending
  std::size_t port_map = 0;             ///< ingress: the destination's port map
};

}  // namespace

/// Builds a ReachabilityMatrix (a friend, so that the header shows no construction details).
class FastEngineBuilder {
 public:
  FastEngineBuilder(ReachabilityMatrix& m, int threads) : m_(m), threads_(std::max(1, threads)) {}

  void Run() {
    ScopedPhase selectors("selectors");
    CompileRules();
    BuildAtoms();
    selectors.Stop();
    ScopedPhase matrix("matrix");
    global_ = std::make_unique<SetPool>(m_.atoms_.words());
    global_->Intern(m_.atoms_.All());  // id 0: everything (not isolated, exempt)
    AssignProfiles();
    ComputeRows(true);
    ComputeRows(false);
    for (std::uint32_t k = 0; k < global_->size(); ++k) m_.sets_.push_back(global_->Set(k));
    matrix.Stop();
    ReportCount("pod-classes", m_.classes_.classes().size());
    ReportCount("port-atoms", m_.atoms_.size());
    ReportCount("ip-atoms", m_.classes_.ip_atoms().size());
    ReportCount("connection-sets", m_.sets_.size());
  }

 private:
  const Cluster& cluster() const { return m_.cluster_; }
  const std::vector<ReachClass>& classes() const { return m_.classes_.classes(); }

  // ---- peers and ports of every rule ----

  void CompileRules() {
    const Cluster& c = cluster();
    std::vector<const Labels*> ns_labels;
    for (const Namespace& ns : c.namespaces) ns_labels.push_back(&ns.labels);
    LabelIndex namespaces(ns_labels);
    // Per namespace, its policy-pod classes indexed on the labels selectors read (the representative's).
    class_labels_.resize(classes().size());
    for (std::size_t k = 0; k < classes().size(); ++k) {
      const Labels& all = c.pods[classes()[k].pods.front()].labels;
      for (const std::string& key : m_.classes_.read_keys()) {
        auto it = all.find(key);
        if (it != all.end()) class_labels_[k].emplace(key, it->second);
      }
    }
    std::vector<LabelIndex> in_namespace(c.namespaces.size());
    for (std::size_t n = 0; n < c.namespaces.size(); ++n) {
      std::vector<const Labels*> items;
      for (std::uint32_t k : m_.classes_.ClassesIn(n)) items.push_back(&class_labels_[k]);
      in_namespace[n] = LabelIndex(items);
    }
    auto select_in = [&](std::size_t n, const std::optional<LabelSelector>& selector, std::vector<std::uint32_t>& out) {
      const std::vector<std::uint32_t>& all = m_.classes_.ClassesIn(n);
      if (!selector || selector->Empty()) {
        out.insert(out.end(), all.begin(), all.end());
        return;
      }
      for (std::uint32_t pos : in_namespace[n].Select(*selector)) out.push_back(all[pos]);
    };
    std::unordered_map<std::string, std::size_t> ns_index;
    for (std::size_t n = 0; n < c.namespaces.size(); ++n) ns_index.emplace(c.namespaces[n].name, n);

    policies_.resize(c.network_policies.size());
    subjects_.resize(c.network_policies.size());
    auto compile_policy = [&](std::size_t p) {
      const NetworkPolicy& np = c.network_policies[p];
      auto own = ns_index.find(np.ns);
      if (own != ns_index.end()) select_in(own->second, np.pod_selector, subjects_[p]);  // NP-1, NP-17
      auto compile = [&](const PolicyRule& rule) {
        ClassRule out;
        out.any_peer = rule.peers.empty();
        for (const PolicyPeer& peer : rule.peers) {
          if (peer.ip_block) {  // NP-14: classes are keyed by ipBlock atom, so a whole atom is in or out
            const auto& atoms = m_.classes_.ip_atoms();
            for (std::size_t a = 0; a < atoms.size(); ++a) {
              const auto& members = m_.classes_.classes_by_ip_atom()[a];
              if (!members.empty() && peer.ip_block->Contains(atoms[a].first)) {
                out.peers.insert(out.peers.end(), members.begin(), members.end());
              }
            }
          } else if (peer.namespace_selector) {  // NP-11, NP-12, NP-16
            for (std::uint32_t n : namespaces.Select(*peer.namespace_selector)) select_in(n, peer.pod_selector, out.peers);
          } else if (own != ns_index.end()) {  // NP-10
            select_in(own->second, peer.pod_selector, out.peers);
          }
        }
        std::sort(out.peers.begin(), out.peers.end());
        out.peers.erase(std::unique(out.peers.begin(), out.peers.end()), out.peers.end());
        ConnSet fixed;
        if (rule.ports.empty()) {
          fixed = ConnSet::All();  // NP-7: every port and protocol, ICMP included (P-4)
        } else {
          for (const PolicyPort& entry : rule.ports) {
            if (!entry.has_port) {
              fixed.AddAllPorts(entry.protocol);  // NP-18
            } else if (entry.port_name.empty()) {
              fixed.Add(entry.protocol, entry.port, entry.end_port > 0 ? entry.end_port : entry.port);  // NP-19
            } else {
              out.named.push_back(&entry);  // NP-20
            }
          }
        }
        out.fixed_set = std::move(fixed);
        return out;
      };
      if (np.ingress_type) {  // NP-4: rules of a direction not in policyTypes never count
        for (const PolicyRule& rule : np.ingress) policies_[p].ingress.push_back(compile(rule));
      }
      if (np.egress_type) {
        for (const PolicyRule& rule : np.egress) policies_[p].egress.push_back(compile(rule));
      }
    };
    // Policies are independent: split them over the workers, each writing only its own policies' slots.
    auto work = [&](std::size_t id) {
      for (std::size_t p = id; p < c.network_policies.size(); p += static_cast<std::size_t>(threads_)) compile_policy(p);
    };
    if (threads_ == 1 || c.network_policies.size() < 64) {
      for (std::size_t p = 0; p < c.network_policies.size(); ++p) compile_policy(p);
    } else {
      std::vector<std::thread> threads;
      for (int id = 0; id < threads_; ++id) threads.emplace_back(work, static_cast<std::size_t>(id));
      for (std::thread& t : threads) t.join();
    }
  }

  void BuildAtoms() {
    std::vector<std::pair<Protocol, int>> ports;
    for (const NamedPorts& map : m_.classes_.port_maps()) {
      for (const auto& [name, port] : map) ports.emplace_back(name.second, port);
    }
    std::vector<ConnSet> fixed;
    for (const ClassPolicy& p : policies_) {
      for (const auto* rules : {&p.ingress, &p.egress}) {
        for (const ClassRule& rule : *rules) fixed.push_back(rule.fixed_set);
      }
    }
    m_.atoms_ = PortAtoms::Build(fixed, ports);
    for (ClassPolicy& p : policies_) {
      for (auto* rules : {&p.ingress, &p.egress}) {
        for (ClassRule& rule : *rules) rule.fixed = m_.atoms_.Of(rule.fixed_set);
      }
    }
  }

  // ---- which classes share a row ----

  bool HasNamed(std::uint32_t p, bool ingress) const {
    for (const ClassRule& rule : ingress ? policies_[p].ingress : policies_[p].egress) {
      if (!rule.named.empty()) return true;
    }
    return false;
  }

  void AssignProfiles() {
    const std::size_t n = classes().size();
    std::vector<std::vector<std::uint32_t>> ingress(n), egress(n);
    for (std::size_t p = 0; p < subjects_.size(); ++p) {
      const NetworkPolicy& np = cluster().network_policies[p];
      for (std::uint32_t k : subjects_[p]) {
        if (np.ingress_type) ingress[k].push_back(static_cast<std::uint32_t>(p));  // NP-3
        if (np.egress_type) egress[k].push_back(static_cast<std::uint32_t>(p));
      }
    }
    m_.ingress_row_.assign(n, -1);
    m_.egress_row_.assign(n, -1);
    std::map<std::pair<std::vector<std::uint32_t>, std::size_t>, std::int32_t> seen_in, seen_out;
    for (std::size_t k = 0; k < n; ++k) {
      if (!classes()[k].policy_pod) continue;  // P-3, NP-17: no policy of its own
      if (!ingress[k].empty()) {
        bool named = std::any_of(ingress[k].begin(), ingress[k].end(), [&](std::uint32_t p) { return HasNamed(p, true); });
        std::size_t port_map = named ? classes()[k].port_map : 0;
        auto it = seen_in.emplace(std::make_pair(ingress[k], port_map), static_cast<std::int32_t>(in_profiles_.size()));
        if (it.second) in_profiles_.push_back(Profile{ingress[k], port_map});
        m_.ingress_row_[k] = it.first->second;
      }
      if (!egress[k].empty()) {
        auto it = seen_out.emplace(std::make_pair(egress[k], 0), static_cast<std::int32_t>(out_profiles_.size()));
        if (it.second) out_profiles_.push_back(Profile{egress[k], 0});
        m_.egress_row_[k] = it.first->second;
      }
    }
  }

  // ---- rows ----

  /// Ports of `named` entries on a destination with port map `map` (NP-20; map 0: not a pod).
  void ResolveNamed(const std::vector<const PolicyPort*>& named, std::size_t map, AtomBits& into) const {
    const PortAtoms& atoms = m_.atoms_;
    for (const PolicyPort* entry : named) {
      if (map == 0) {
        if (m_.options_.named_port_matches_external) PortAtoms::Or(into, atoms.AllPortsOf(entry->protocol));
        continue;
      }
      for (const auto& [name, port] : m_.classes_.port_maps()[map]) {
        if (name.first == entry->port_name && name.second == entry->protocol) {
          PortAtoms::Set(into, atoms.AtomOf(entry->protocol, port));
        }
      }
    }
  }

  /// Scratch space of one worker: a bit row per class, and which classes were touched.
  struct Worker {
    explicit Worker(std::size_t words) : pool(words) {}
    SetPool pool;
    std::vector<std::uint64_t> scratch;
    std::vector<std::uint8_t> touched_flag;
    std::vector<std::uint32_t> touched;
    std::vector<ReachabilityMatrix::Row> rows;  // rows this worker computed, in its order
  };

  ReachabilityMatrix::Row ComputeRow(const Profile& profile, bool ingress, Worker& w) const {
    const PortAtoms& atoms = m_.atoms_;
    const std::size_t words = atoms.words();
    AtomBits base = atoms.None();
    std::vector<const PolicyPort*> any_named;  // egress: named entries of peer-less rules, resolved per destination
    AtomBits bits = atoms.None();
    for (std::uint32_t p : profile.policies) {
      for (const ClassRule& rule : ingress ? policies_[p].ingress : policies_[p].egress) {
        if (rule.any_peer) {
          PortAtoms::Or(base, rule.fixed);
          if (ingress) {
            ResolveNamed(rule.named, profile.port_map, base);
          } else {
            any_named.insert(any_named.end(), rule.named.begin(), rule.named.end());
          }
          continue;
        }
        if (ingress) {
          bits = rule.fixed;
          ResolveNamed(rule.named, profile.port_map, bits);
        }
        for (std::uint32_t k : rule.peers) {
          if (!ingress) {
            bits = rule.fixed;
            ResolveNamed(rule.named, classes()[k].port_map, bits);
          }
          std::uint64_t* row = &w.scratch[std::size_t{k} * words];
          if (!w.touched_flag[k]) {
            w.touched_flag[k] = 1;
            w.touched.push_back(k);
          }
          for (std::size_t i = 0; i < words; ++i) row[i] |= bits[i];
        }
      }
    }
    if (!m_.options_.icmp_needs_portless_rule) PortAtoms::Set(base, atoms.AtomOf(Protocol::kIcmp, 0));  // P-4
    ReachabilityMatrix::Row out;
    out.fallback = w.pool.Intern(base);
    std::vector<AtomBits> by_map;
    if (!any_named.empty()) {
      for (std::size_t map = 0; map < m_.classes_.port_maps().size(); ++map) {
        AtomBits b = base;
        ResolveNamed(any_named, map, b);
        by_map.push_back(b);
        out.by_port_map.push_back(w.pool.Intern(b));
      }
    }
    if (w.touched.size() * 16 < classes().size()) {
      std::sort(w.touched.begin(), w.touched.end());
    } else {  // dense: the flags give the order without sorting
      w.touched.clear();
      for (std::uint32_t k = 0; k < w.touched_flag.size(); ++k) {
        if (w.touched_flag[k]) w.touched.push_back(k);
      }
    }
    AtomBits v(words), last(words);
    std::uint32_t last_id = 0;
    bool have_last = false;
    out.listed.reserve(w.touched.size());
    for (std::uint32_t k : w.touched) {
      std::uint64_t* row = &w.scratch[std::size_t{k} * words];
      const AtomBits& start = by_map.empty() ? base : by_map[classes()[k].port_map];
      bool same_as_start = true;
      for (std::size_t i = 0; i < words; ++i) {
        v[i] = start[i] | row[i];
        same_as_start = same_as_start && v[i] == start[i];
        row[i] = 0;
      }
      w.touched_flag[k] = 0;
      if (same_as_start) continue;
      if (!have_last || !std::equal(v.begin(), v.end(), last.begin())) {  // neighbouring classes often get the same set
        last_id = w.pool.Intern(v);
        last.swap(v);
        v.assign(words, 0);
        have_last = true;
      }
      out.listed.emplace_back(k, last_id);
    }
    w.touched.clear();
    return out;
  }

  void ComputeRows(bool ingress) {
    const std::vector<Profile>& profiles = ingress ? in_profiles_ : out_profiles_;
    const std::size_t workers = profiles.size() < 64 ? 1 : static_cast<std::size_t>(threads_);
    std::vector<Worker> pool;
    for (std::size_t id = 0; id < workers; ++id) pool.emplace_back(m_.atoms_.words());
    auto work = [&](std::size_t id) {
      Worker& w = pool[id];
      w.scratch.assign(classes().size() * m_.atoms_.words(), 0);
      w.touched_flag.assign(classes().size(), 0);
      for (std::size_t r = id; r < profiles.size(); r += workers) w.rows.push_back(ComputeRow(profiles[r], ingress, w));
    };
    if (workers == 1) {
      work(0);
    } else {
      std::vector<std::thread> threads;
      for (std::size_t id = 0; id < workers; ++id) threads.emplace_back(work, id);
      for (std::thread& t : threads) t.join();
    }
    // Merge the workers' pools in a fixed order, so ids do not depend on scheduling.
    std::vector<std::vector<std::uint32_t>> remap(workers);
    for (std::size_t id = 0; id < workers; ++id) {
      for (std::uint32_t k = 0; k < pool[id].pool.size(); ++k) remap[id].push_back(global_->Intern(pool[id].pool.Set(k)));
    }
    std::vector<ReachabilityMatrix::Row>& rows = ingress ? m_.ingress_rows_ : m_.egress_rows_;
    rows.resize(profiles.size());
    for (std::size_t id = 0; id < workers; ++id) {
      for (std::size_t i = 0; i < pool[id].rows.size(); ++i) {
        ReachabilityMatrix::Row& row = pool[id].rows[i];
        row.fallback = remap[id][row.fallback];
        for (std::uint32_t& s : row.by_port_map) s = remap[id][s];
        for (auto& entry : row.listed) entry.second = remap[id][entry.second];
        rows[id + i * workers] = std::move(row);
      }
    }
  }

  ReachabilityMatrix& m_;
  int threads_;
  std::vector<Labels> class_labels_;
  std::vector<ClassPolicy> policies_;
  std::vector<std::vector<std::uint32_t>> subjects_;  ///< by policy: classes it selects
  std::vector<Profile> in_profiles_;
  std::vector<Profile> out_profiles_;
  std::unique_ptr<SetPool> global_;
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

std::uint32_t ReachabilityMatrix::Lookup(const Row& row, std::size_t other) const {
  auto it = std::lower_bound(row.listed.begin(), row.listed.end(), other,
                             [](const std::pair<std::uint32_t, std::uint32_t>& e, std::size_t k) { return e.first < k; });
  if (it != row.listed.end() && it->first == other) return it->second;
  if (!row.by_port_map.empty()) return row.by_port_map[classes_.classes()[other].port_map];
  return row.fallback;
}

const AtomBits& ReachabilityMatrix::EgressBits(std::size_t s, std::size_t d) const {
  const std::int32_t row = egress_row_[s];
  return sets_[row < 0 ? 0 : Lookup(egress_rows_[static_cast<std::size_t>(row)], d)];
}

const AtomBits& ReachabilityMatrix::IngressBits(std::size_t s, std::size_t d) const {
  const std::int32_t row = ingress_row_[d];
  return sets_[row < 0 ? 0 : Lookup(ingress_rows_[static_cast<std::size_t>(row)], s)];
}

ConnSet ReachabilityMatrix::ClassAllowed(std::size_t s, std::size_t d) const {
  AtomBits both = EgressBits(s, d);
  const AtomBits& in = IngressBits(s, d);
  for (std::size_t i = 0; i < both.size(); ++i) both[i] &= in[i];
  return atoms_.ToConnSet(both);
}

bool ReachabilityMatrix::ClassAllows(std::size_t s, std::size_t d, Protocol protocol, int port) const {
  if (protocol != Protocol::kIcmp && (port < kMinPort || port > kMaxPort)) return false;
  const std::size_t atom = atoms_.AtomOf(protocol, port);
  return PortAtoms::Test(EgressBits(s, d), atom) && PortAtoms::Test(IngressBits(s, d), atom);
}

bool ReachabilityMatrix::ClassAllowsAny(std::size_t s, std::size_t d) const {
  return PortAtoms::Meet(EgressBits(s, d), IngressBits(s, d));
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
  return node != nullptr && std::find(node->addresses.begin(), node->addresses.end(), other.ip) != node->addresses.end();
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
