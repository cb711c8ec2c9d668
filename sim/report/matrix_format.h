// How `kreach matrix` prints a matrix: every cell (table, csv, json, md, truth) or the grouped form.
#ifndef KREACH_SIM_REPORT_MATRIX_FORMAT_H_
#define KREACH_SIM_REPORT_MATRIX_FORMAT_H_

#include <ostream>

#include "sim/report/compact_matrix.h"
#include "sim/report/matrix.h"

namespace kreach {

/// table: a truth table ('.' allowed, 'X' denied, '~' partial) with numbered columns; csv: src,dst,result;
/// json: {"level", "probe", "names", "cells": [{"src","dst","result"}]}; md: a Markdown table.
void WriteMatrix(const Matrix& matrix, MatrixFormat format, std::ostream& out);

/// The grouped form (`--group`): the blocks, the exceptions and the members of every group. table: a truth table
/// over the groups (block lines when there are more than 64 column groups); json: {"level", "probe", "grouped",
/// "rowGroups", "columnGroups", "blocks" (the blocks that are not deny), "exceptions"}; md: Markdown tables.
/// csv has one line per cell and no grouped form: false (nothing written) for it.
bool WriteGroupedMatrix(const CompactMatrix& matrix, MatrixFormat format, std::ostream& out);

}  // namespace kreach

#endif  // KREACH_SIM_REPORT_MATRIX_FORMAT_H_
