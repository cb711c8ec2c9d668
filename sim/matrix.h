// `kreach matrix`: who reaches whom, at pod, workload or namespace level.
#ifndef KREACH_SIM_MATRIX_H_
#define KREACH_SIM_MATRIX_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "policies/class_set.h"
#include "policies/evaluator.h"
#include "sim/connection.h"
#include "sim/network.h"

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
  /// Column names when they are not `names` (`--to-services`: "shop/web:80/TCP"); empty = square matrix.
  std::vector<std::string> columns;
  std::vector<std::vector<Result>> cells;
  const std::vector<std::string>& Columns() const { return columns.empty() ? names : columns; }
};

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

/// The number of groups (rows and columns) a matrix of `level` has for `cluster`, without computing it.
std::size_t CountMatrixGroups(const Cluster& cluster, MatrixLevel level);

/// Computes the matrix. With `probe` absent, a pair counts as allowed when any connection is allowed; with a
/// probe, a named port is resolved on each destination pod (a pod without it is denied). Computed by the
/// whole-cluster engine (policies/fast_engine.h) and its bulk columns (policies/probe_columns.h), never pair by
/// pair: the cost follows the numbers of classes and distinct rows and columns, not of pod pairs.
CompactMatrix ComputeCompactMatrix(const Cluster& cluster, const PolicyOptions& options, MatrixLevel level,
                                   const std::optional<Probe>& probe, int threads = 2);
/// The same with every cell stored.
Matrix ComputeMatrix(const Cluster& cluster, const PolicyOptions& options, MatrixLevel level,
                     const std::optional<Probe>& probe);

/// Pods (grouped by `level`) → Service ports: each cell is the result of connecting to the Service's ClusterIP
/// on that port (headless: to its ready endpoints) from every pod of the group, on the real path (sim/path.h).
/// Objects kreach implied (cluster DNS, ingress controller) are left out. Columns are "ns/name:port/PROTOCOL".
Matrix ComputeServiceMatrix(const Network& network, MatrixLevel level);

/// table: a truth table ('.' allowed, 'X' denied, '~' partial) with numbered columns; csv: src,dst,result;
/// json: {"level", "probe", "names", "cells": [{"src","dst","result"}]}; md: a Markdown table.
void WriteMatrix(const Matrix& matrix, MatrixFormat format, std::ostream& out);

/// The grouped form (`--group`): the blocks, the exceptions and the members of every group. table: a truth table
/// over the groups (block lines when there are more than 64 column groups); json: {"level", "probe", "grouped",
/// "rowGroups", "columnGroups", "blocks" (the blocks that are not deny), "exceptions"}; md: Markdown tables.
/// csv has one line per cell and no grouped form: false (nothing written) for it.
bool WriteGroupedMatrix(const CompactMatrix& matrix, MatrixFormat format, std::ostream& out);

}  // namespace kreach

#endif  // KREACH_SIM_MATRIX_H_
