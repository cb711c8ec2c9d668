// The exact, compact pod-to-pod matrix (`kreach matrix --group` and every large matrix): groups of rows and
// columns that agree everywhere, their blocks and the cells that differ from their block.
#ifndef KREACH_SIM_REPORT_COMPACT_MATRIX_H_
#define KREACH_SIM_REPORT_COMPACT_MATRIX_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "policies/class_set.h"
#include "policies/evaluator.h"
#include "sim/net/connection.h"
#include "sim/report/matrix.h"

namespace kreach {

/// The square pod-to-pod matrix over groups of pods, exact and compact: the rows (sources) that agree in every
/// column form a row group, the columns (destinations) that agree in every row a column group, and every cell is
/// the result of its block (row group, column group) except the listed exceptions. A cell is an exception only
/// where a pod pair answers differently from its class pair: a group with itself (a pod is not paired with itself,
/// and a one-pod group is its loopback pair) and cells with own-node exemptions (NP-8a). Groups are numbered in
/// the order of their first member by name; exceptions are sorted by (row, column).
struct CompactMatrix {
  struct Exception {
    std::uint32_t row = 0;
    std::uint32_t column = 0;
    Result result = Result::kDeny;
  };
  MatrixLevel level = MatrixLevel::kPod;
  std::string probe;                        ///< "TCP/5432", or "any"
  std::vector<std::string> names;           ///< the groups, sorted: rows and columns alike
  std::vector<std::uint32_t> row_group;     ///< by name: its row group
  std::vector<std::uint32_t> column_group;  ///< by name: its column group
  std::size_t row_groups = 0;
  std::size_t column_groups = 0;
  BitMatrix block_allow;    ///< row_groups × column_groups: every pod pair of the block allowed
  BitMatrix block_partial;  ///< some but not all allowed
  std::vector<Exception> exceptions;

  Result Block(std::size_t rg, std::size_t cg) const;
  Result At(std::size_t row, std::size_t column) const;
  std::size_t size() const { return names.size(); }
  /// Every cell (for small matrices).
  Matrix Dense() const;
};

/// Computes the matrix. With `probe` absent, a pair counts as allowed when any connection is allowed; with a
/// probe, a named port is resolved on each destination pod (a pod without it is denied). Computed by the
/// whole-cluster engine (policies/fast_engine.h) and its bulk columns (policies/probe_columns.h), never pair by
/// pair: the cost follows the numbers of classes and distinct rows and columns, not of pod pairs.
CompactMatrix ComputeCompactMatrix(const Cluster& cluster, const PolicyOptions& options, MatrixLevel level,
                                   const std::optional<Probe>& probe, int threads = 2);
}  // namespace kreach

#endif  // KREACH_SIM_REPORT_COMPACT_MATRIX_H_
