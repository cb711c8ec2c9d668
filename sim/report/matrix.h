// `kreach matrix`: who reaches whom, at pod, workload or namespace level.
#ifndef KREACH_SIM_REPORT_MATRIX_H_
#define KREACH_SIM_REPORT_MATRIX_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "policies/evaluator.h"
#include "sim/net/connection.h"
#include "sim/net/network.h"

namespace kreach {

enum class MatrixLevel { kPod, kWorkload, kNamespace };
/// kTruth: the truth table of the upstream e2e tests and policy-assistant (a header of destinations, one row per
/// source, '.' allowed, 'X' denied), with endpoints that `check` reads, so it pastes into `expectMatrix`.
enum class MatrixFormat { kTable, kCsv, kJson, kMarkdown, kTruth };

std::optional<MatrixLevel> ParseMatrixLevel(std::string_view text);
std::optional<MatrixFormat> ParseMatrixFormat(std::string_view text);
const char* MatrixLevelName(MatrixLevel level);

/// A matrix with every cell stored. cells[i][j] is the result from row i to column j over all pod pairs (a pod is
/// not paired with itself, except when the group is that one pod: loopback).
struct Matrix {
  MatrixLevel level = MatrixLevel::kPod;
  std::string probe;               ///< "TCP/5432", or "any" when no port was given
  std::vector<std::string> names;  ///< "shop/web-0", "shop/web[Deployment]", "shop"; sorted
  /// Column names when they are not `names` (`--to-services`: "shop/web:80/TCP", possibly none); only when
  /// `rectangular`.
  std::vector<std::string> columns;
  bool rectangular = false;  ///< the columns are `columns`, not `names`
  std::vector<std::vector<Result>> cells;
  const std::vector<std::string>& Columns() const { return rectangular ? columns : names; }
};

/// Computes the matrix with every cell stored (ComputeCompactMatrix in sim/report/compact_matrix.h, then its
/// dense form): with `probe` absent, a pair counts as allowed when any connection is allowed; with a probe, a named
/// port is resolved on each destination pod (a pod without it is denied).
Matrix ComputeMatrix(const Cluster& cluster, const PolicyOptions& options, MatrixLevel level,
                     const std::optional<Probe>& probe);

/// Pods (grouped by `level`) → Service ports: each cell is the result of connecting to the Service's ClusterIP
/// on that port (headless: to its ready endpoints) from every pod of the group, on the real path (sim/net/path.h).
/// Objects kreach implied (cluster DNS, ingress controller) are left out. Columns are "ns/name:port/PROTOCOL".
Matrix ComputeServiceMatrix(const Network& network, MatrixLevel level);

}  // namespace kreach

#endif  // KREACH_SIM_REPORT_MATRIX_H_
