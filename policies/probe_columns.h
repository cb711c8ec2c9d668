// Bulk evaluation of one probe over every pair of pod classes: the columns of a reachability matrix as bit rows.
#ifndef KREACH_POLICIES_PROBE_COLUMNS_H_
#define KREACH_POLICIES_PROBE_COLUMNS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "policies/class_set.h"
#include "policies/fast_engine.h"

namespace kreach {

/// A destination as a matrix probes it: a class, and the probe's port atom on it.
struct DestUnit {
  static constexpr std::int32_t kAnyAtom = -1;  ///< the probe is "any connection"
  static constexpr std::int32_t kNoAtom = -2;   ///< a named probe port the destination does not have: nothing
  std::uint32_t cls = 0;
  std::int32_t atom = kAnyAtom;
  bool operator==(const DestUnit& o) const { return cls == o.cls && atom == o.atom; }
};

/// For every DestUnit, the source classes whose connection to it the policies allow, at class level: bit s of the
/// column is ReachabilityMatrix::ClassAllowsAtom(s, unit.cls, unit.atom) (ClassAllowsAny for kAnyAtom, false for
/// kNoAtom). Per-pod exceptions (loopback, own node) are not in the columns. Columns with equal bits share one id.
///
/// Nothing is evaluated pair by pair. A column is (ingress) the union of the peers of the isolating groups' terms
/// that admit the probe, intersected with (egress) the classes that are not isolated for egress or whose egress
/// terms towards the destination admit it; destinations with the same profile, port map, probe atom and set of
/// egress peers containing them share the computation, and per-group unions are computed once.
class ProbeColumns {
 public:
  ProbeColumns(const ReachabilityMatrix& m, const std::vector<DestUnit>& units, int threads = 2);

  std::uint32_t ColumnOf(std::size_t unit) const { return column_of_[unit]; }
  std::size_t column_count() const { return columns_.rows(); }
  /// Row c: the source classes allowed to reach the units of column c (width: class count).
  const BitMatrix& columns() const { return columns_; }

 private:
  std::vector<std::uint32_t> column_of_;
  BitMatrix columns_;
};

}  // namespace kreach

#endif  // KREACH_POLICIES_PROBE_COLUMNS_H_
