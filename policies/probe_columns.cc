#include "policies/probe_columns.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <unordered_map>
#include <utility>

#include "sim/model/parallel.h"
#include "sim/model/timings.h"

namespace kreach {

namespace {

using Term = ReachabilityMatrix::Term;
using SubjectGroup = ReachabilityMatrix::SubjectGroup;

constexpr std::uint32_t kNoMap = 0xFFFFFFFFu;

/// What decides a column: destinations with equal keys have equal columns.
struct ColumnKey {
  std::int32_t profile = -1;     ///< ingress profile of the destination
  std::uint32_t port_map = 0;    ///< its named-port map
  std::int32_t atom = 0;         ///< DestUnit::atom
  std::uint32_t egress_sig = 0;  ///< the egress peers that contain it
  bool operator==(const ColumnKey& o) const {
    return profile == o.profile && port_map == o.port_map && atom == o.atom && egress_sig == o.egress_sig;
  }
};

struct ColumnKeyHash {
  std::size_t operator()(const ColumnKey& k) const {
    std::uint64_t h = static_cast<std::uint32_t>(k.profile);
    h = h * 0x9E3779B97F4A7C15u + k.port_map;
    h = h * 0x9E3779B97F4A7C15u + static_cast<std::uint32_t>(k.atom);
    h = h * 0x9E3779B97F4A7C15u + k.egress_sig;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

/// One group's union of the peers of its terms that admit a probe, towards destinations of one port map.
struct UnionKey {
  std::uint32_t group = 0;
  std::int32_t atom = 0;            ///< or DestUnit::kAnyAtom
  std::uint32_t port_map = kNoMap;  ///< kNoMap when no term of the group names a port
  bool operator==(const UnionKey& o) const { return group == o.group && atom == o.atom && port_map == o.port_map; }
};

struct UnionKeyHash {
  std::size_t operator()(const UnionKey& k) const {
    std::uint64_t h = k.group;
    h = h * 0x9E3779B97F4A7C15u + static_cast<std::uint32_t>(k.atom);
    h = h * 0x9E3779B97F4A7C15u + k.port_map;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

/// The egress classes (members of egress groups) whose rules have term (peer, spec).
struct Contribution {
  std::uint32_t spec = 0;
  ClassSet members;
};

class ColumnBuilder {
 public:
  ColumnBuilder(const ReachabilityMatrix& m, int threads)
      : m_(m), n_(m.class_count()), words_(WordsFor(n_)), threads_(threads) {
    IndexEgress();
  }

  void Build(const std::vector<DestUnit>& units, std::vector<std::uint32_t>& column_of, BitMatrix& columns) {
    // Distinct keys, numbered by first appearance.
    std::unordered_map<ColumnKey, std::uint32_t, ColumnKeyHash> key_ids;
    std::vector<ColumnKey> keys;
    std::vector<std::uint32_t> key_of(units.size());
    for (std::size_t u = 0; u < units.size(); ++u) {
      const DestUnit& unit = units[u];
      ColumnKey k;
      k.profile = m_.ProfileOf(Direction::kIngress, unit.cls);
      k.port_map = static_cast<std::uint32_t>(m_.classes().classes()[unit.cls].port_map);
      k.atom = unit.atom;
      k.egress_sig = sig_of_[unit.cls];
      if (unit.atom == DestUnit::kNoAtom) k = ColumnKey{-1, 0, DestUnit::kNoAtom, 0};
      auto [it, fresh] = key_ids.emplace(k, static_cast<std::uint32_t>(keys.size()));
      if (fresh) keys.push_back(k);
      key_of[u] = it->second;
    }
    ReportCount("column-keys", keys.size());
    PrepareUnions(keys);
    BitMatrix raw(keys.size(), n_);
    std::vector<Scratch> scratch(static_cast<std::size_t>(std::max(1, threads_)), Scratch(words_));
    ParallelFor(keys.size(), threads_, 8,
                [&](std::size_t i, std::size_t w) { Column(keys[i], scratch[w], raw.Row(i)); });
    // Columns with equal bits share an id (first appearance order).
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> by_hash;
    std::vector<std::uint32_t> final_of(keys.size());
    std::vector<std::size_t> kept;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const std::uint64_t h = HashWords(raw.Row(i), words_);
      std::vector<std::uint32_t>& same = by_hash[h];
      bool found = false;
      for (std::uint32_t c : same) {
        if (std::memcmp(raw.Row(kept[c]), raw.Row(i), words_ * sizeof(std::uint64_t)) == 0) {
          final_of[i] = c;
          found = true;
          break;
        }
      }
      if (found) continue;
      final_of[i] = static_cast<std::uint32_t>(kept.size());
      same.push_back(static_cast<std::uint32_t>(kept.size()));
      kept.push_back(i);
    }
    columns = BitMatrix(kept.size(), n_);
    for (std::size_t c = 0; c < kept.size(); ++c) std::memcpy(columns.Row(c), raw.Row(kept[c]), words_ * 8);
    column_of.resize(units.size());
    for (std::size_t u = 0; u < units.size(); ++u) column_of[u] = final_of[key_of[u]];
  }

 private:
  struct Scratch {
    explicit Scratch(std::size_t words) : in(words), eb(words), m(words) {}
    std::vector<std::uint64_t> in, eb, m;
  };

  // ---- egress: who is not isolated, and per egress peer the members whose rules name it ----

  void IndexEgress() {
    not_isolated_out_.assign(words_, 0);
    for (std::size_t k = 0; k < n_; ++k) {
      if (m_.ProfileOf(Direction::kEgress, k) < 0) SetBit(not_isolated_out_.data(), k);  // NP-3
    }
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<std::uint32_t>> members;
    for (const SubjectGroup& g : m_.groups(Direction::kEgress)) {
      if (g.members.empty()) continue;
      const std::vector<std::uint32_t> ids = g.members.Ids();
      for (const Term& t : g.terms) {
        std::vector<std::uint32_t>& into = members[{t.peer, t.spec}];
        into.insert(into.end(), ids.begin(), ids.end());
      }
    }
    by_peer_.resize(m_.peers().size());
    for (auto& [term, ids] : members) {
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      by_peer_[term.first].push_back(Contribution{term.second, ClassSet(std::move(ids), n_)});
    }
    // Each class's egress peers (other than every_peer, which contains all), as an interned list.
    std::vector<std::vector<std::uint32_t>> lists(n_);
    for (std::uint32_t p = 0; p < by_peer_.size(); ++p) {
      if (p == m_.every_peer() || by_peer_[p].empty()) continue;
      m_.peers()[p].ForEach([&](std::uint32_t k) { lists[k].push_back(p); });
    }
    std::map<std::vector<std::uint32_t>, std::uint32_t> seen;
    sig_of_.resize(n_);
    for (std::size_t k = 0; k < n_; ++k) {
      auto [it, fresh] = seen.emplace(std::move(lists[k]), static_cast<std::uint32_t>(sigs_.size()));
      if (fresh) sigs_.push_back(it->first);
      sig_of_[k] = it->second;
    }
  }

  // ---- ingress: per group, the union of the peers of the terms admitting the probe ----

  bool GroupNamed(std::uint32_t g) const {
    for (const Term& t : m_.groups(Direction::kIngress)[g].terms) {
      if (m_.SpecNamed(t.spec)) return true;
    }
    return false;
  }

  UnionKey MakeUnionKey(std::uint32_t g, std::int32_t atom, std::uint32_t port_map) const {
    return UnionKey{g, atom, group_named_[g] ? port_map : kNoMap};
  }

  void PrepareUnions(const std::vector<ColumnKey>& keys) {
    const auto& groups = m_.groups(Direction::kIngress);
    group_named_.resize(groups.size());
    for (std::uint32_t g = 0; g < groups.size(); ++g) group_named_[g] = GroupNamed(g);
    std::vector<UnionKey> needed;
    for (const ColumnKey& k : keys) {
      if (k.profile < 0 || k.atom == DestUnit::kNoAtom) continue;
      for (std::uint32_t g : m_.profiles(Direction::kIngress)[static_cast<std::size_t>(k.profile)]) {
        UnionKey u = MakeUnionKey(g, k.atom, k.port_map);
        if (union_ids_.emplace(u, static_cast<std::uint32_t>(needed.size())).second) needed.push_back(u);
      }
    }
    ReportCount("group-unions", needed.size());
    union_sets_.resize(needed.size());
    owned_.resize(needed.size());
    std::vector<std::vector<std::uint64_t>> scratch(static_cast<std::size_t>(std::max(1, threads_)),
                                                    std::vector<std::uint64_t>(words_));
    ParallelFor(needed.size(), threads_, 64, [&](std::size_t i, std::size_t w) {
      const UnionKey& u = needed[i];
      const std::size_t map = u.port_map == kNoMap ? 0 : u.port_map;
      std::vector<const ClassSet*> parts;
      for (const Term& t : groups[u.group].terms) {
        const AtomBits& bits = m_.Resolved(t.spec, map);
        const bool admits = u.atom == DestUnit::kAnyAtom ? PortAtoms::Any(bits)
                                                         : PortAtoms::Test(bits, static_cast<std::size_t>(u.atom));
        if (admits) parts.push_back(&m_.peers()[t.peer]);
      }
      if (parts.size() == 1) {
        union_sets_[i] = parts.front();
        return;
      }
      std::vector<std::uint64_t>& acc = scratch[w];
      std::fill(acc.begin(), acc.end(), 0);
      for (const ClassSet* p : parts) p->OrInto(acc.data());
      owned_[i] = ClassSet::FromBits(acc.data(), n_);
      union_sets_[i] = &owned_[i];
    });
  }

  void AllOnes(std::uint64_t* words) const { ClassSet::Everything(n_).OrInto(words); }

  void Column(const ColumnKey& k, Scratch& s, std::uint64_t* out) const {
    std::fill(out, out + words_, 0);
    if (k.atom == DestUnit::kNoAtom) return;  // a named probe port the destination lacks: nothing connects
    // Ingress: the sources some isolating rule admits (everything when the destination is not isolated).
    std::fill(s.in.begin(), s.in.end(), 0);
    if (k.profile < 0) {
      AllOnes(s.in.data());
    } else {
      for (std::uint32_t g : m_.profiles(Direction::kIngress)[static_cast<std::size_t>(k.profile)]) {
        union_sets_[union_ids_.at(MakeUnionKey(g, k.atom, k.port_map))]->OrInto(s.in.data());
      }
    }
    const std::size_t map = k.port_map;
    std::vector<const Contribution*> contributions;
    auto collect = [&](std::uint32_t peer) {
      for (const Contribution& c : by_peer_[peer]) contributions.push_back(&c);
    };
    collect(m_.every_peer());
    for (std::uint32_t p : sigs_[k.egress_sig]) collect(p);
    if (k.atom != DestUnit::kAnyAtom) {
      // One atom: allowed iff ingress admits it and the source is not isolated for egress or an egress term of
      // its towards this destination admits it.
      s.eb = not_isolated_out_;
      for (const Contribution* c : contributions) {
        if (PortAtoms::Test(m_.Resolved(c->spec, map), static_cast<std::size_t>(k.atom)))
          c->members.OrInto(s.eb.data());
      }
      for (std::size_t w = 0; w < words_; ++w) out[w] = s.in[w] & s.eb[w];
      return;
    }
    // Any connection: sources not isolated for egress need only the ingress side; an isolated source needs an
    // egress set towards this destination that meets what ingress allows it.
    for (std::size_t w = 0; w < words_; ++w) out[w] = s.in[w] & not_isolated_out_[w];
    std::vector<std::pair<std::uint32_t, const ClassSet*>> isolated;  // (resolved set id, egress members)
    for (const Contribution* c : contributions) {
      const std::uint32_t r = m_.ResolvedId(c->spec, map);
      if (PortAtoms::Any(m_.Set(r))) isolated.emplace_back(r, &c->members);
    }
    if (isolated.empty()) return;
    if (k.profile < 0) {  // not isolated for ingress: any connection their egress allows will do
      for (const auto& entry : isolated) entry.second->OrInto(out);
      return;
    }
    // Isolated at both ends: for each distinct set the ingress terms allow, the sources whose egress towards this
    // destination meets it, among the term's peers.
    std::vector<std::pair<std::uint32_t, const ClassSet*>> terms;  // (resolved set id, peer)
    const auto& groups = m_.groups(Direction::kIngress);
    for (std::uint32_t g : m_.profiles(Direction::kIngress)[static_cast<std::size_t>(k.profile)]) {
      for (const Term& t : groups[g].terms) {
        const std::uint32_t r = m_.ResolvedId(t.spec, map);
        if (PortAtoms::Any(m_.Set(r))) terms.emplace_back(r, &m_.peers()[t.peer]);
      }
    }
    std::sort(terms.begin(), terms.end());
    for (std::size_t i = 0; i < terms.size();) {
      std::size_t end = i;
      while (end < terms.size() && terms[end].first == terms[i].first) ++end;
      const AtomBits& allowed = m_.Set(terms[i].first);
      std::fill(s.m.begin(), s.m.end(), 0);
      bool some = false;
      for (const auto& [r, members] : isolated) {
        if (!PortAtoms::Meet(m_.Set(r), allowed)) continue;
        members->OrInto(s.m.data());
        some = true;
      }
      for (; some && i < end; ++i) terms[i].second->OrMaskedInto(out, s.m.data());
      i = end;
    }
  }

  const ReachabilityMatrix& m_;
  std::size_t n_;
  std::size_t words_;
  int threads_;
  std::vector<std::uint64_t> not_isolated_out_;
  std::vector<std::vector<Contribution>> by_peer_;  ///< by peer id: egress contributions
  std::vector<std::vector<std::uint32_t>> sigs_;
  std::vector<std::uint32_t> sig_of_;
  std::vector<bool> group_named_;
  std::unordered_map<UnionKey, std::uint32_t, UnionKeyHash> union_ids_;
  std::vector<const ClassSet*> union_sets_;
  std::vector<ClassSet> owned_;
};

}  // namespace

ProbeColumns::ProbeColumns(const ReachabilityMatrix& m, const std::vector<DestUnit>& units, int threads) {
  ColumnBuilder builder(m, threads);
  builder.Build(units, column_of_, columns_);
}

}  // namespace kreach
