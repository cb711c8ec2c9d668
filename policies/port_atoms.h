// Connection sets cut into disjoint atoms, so that a set of connections is a short bit row.
#ifndef KREACH_POLICIES_PORT_ATOMS_H_
#define KREACH_POLICIES_PORT_ATOMS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "policies/port_set.h"

namespace kreach {

/// A set of atoms as a bit row (bit i = atom i). All rows of one PortAtoms have PortAtoms::words() words.
using AtomBits = std::vector<std::uint64_t>;

/// The connection space (SCTP, TCP and UDP ports 1..65535, and ICMP) cut into disjoint atoms: per protocol, the
/// intervals between consecutive cut points, plus one ICMP atom. Every ConnSet whose bounds were given to Build
/// (and every single port given to it) is a union of whole atoms, so Of() and ToConnSet() are exact inverses on
/// such sets and set algebra becomes bitwise algebra on AtomBits.
class PortAtoms {
 public:
  /// No cuts: one atom per protocol (every port) and the ICMP atom.
  PortAtoms();

  /// Cuts at every interval bound of `sets` and around every (protocol, port) of `ports` (ICMP entries ignored).
  static PortAtoms Build(const std::vector<ConnSet>& sets, const std::vector<std::pair<Protocol, int>>& ports);

  std::size_t size() const { return icmp_ + 1; }
  std::size_t words() const { return (size() + 63) / 64; }
  /// The atom holding protocol/port (the ICMP atom for kIcmp; port ignored).
  std::size_t AtomOf(Protocol protocol, int port) const;
  /// The atoms of `set`. Exact when `set` is aligned on the cuts (see the class comment).
  AtomBits Of(const ConnSet& set) const;
  /// The atoms of every port of `protocol` (not ICMP).
  AtomBits AllPortsOf(Protocol protocol) const;
  AtomBits None() const { return AtomBits(words(), 0); }
  const AtomBits& All() const { return all_; }
  ConnSet ToConnSet(const AtomBits& bits) const;

  static bool Test(const AtomBits& bits, std::size_t atom) { return ((bits[atom / 64] >> (atom % 64)) & 1u) != 0; }
  static void Set(AtomBits& bits, std::size_t atom) { bits[atom / 64] |= std::uint64_t{1} << (atom % 64); }
  static void Or(AtomBits& into, const AtomBits& other) {
    for (std::size_t i = 0; i < into.size(); ++i) into[i] |= other[i];
  }
  static bool Any(const AtomBits& bits) {
    for (std::uint64_t w : bits) {
      if (w != 0) return true;
    }
    return false;
  }
  /// Whether a ∩ b has an atom.
  static bool Meet(const AtomBits& a, const AtomBits& b) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      if ((a[i] & b[i]) != 0) return true;
    }
    return false;
  }

 private:
  std::array<std::vector<int>, kPolicyProtocolCount> starts_;  ///< first port of each atom, ascending, from 1
  std::array<std::size_t, kPolicyProtocolCount> offset_{};     ///< index of each protocol's first atom
  std::size_t icmp_ = 0;                                       ///< index of the ICMP atom (the last)
  AtomBits all_;                                               ///< every atom
};

}  // namespace kreach

#endif  // KREACH_POLICIES_PORT_ATOMS_H_
