// ComputeCompactMatrix: pod groups → bulk columns → distinct rows and columns → blocks and exceptions.
#include "sim/report/compact_matrix.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <numeric>
#include <unordered_map>
#include <utility>

#include "policies/fast_engine.h"
#include "policies/probe_columns.h"
#include "sim/model/timings.h"
#include "sim/report/matrix_groups.h"

namespace kreach {

namespace {

/// Rows of bits interned by content: equal rows get equal ids, in order of first appearance.
class RowPool {
 public:
  explicit RowPool(std::size_t words) : words_(words) {}

  /// The id of the row pair (a, b); b null means b = a.
  std::uint32_t Intern(const std::uint64_t* a, const std::uint64_t* b) {
    if (b == nullptr) b = a;
    const std::uint64_t h = HashWords(a, words_) * 31 + HashWords(b, words_);
    std::vector<std::uint32_t>& same = by_hash_[h];
    for (std::uint32_t id : same) {
      if (Equal(Row(id, 0), a) && Equal(Row(id, 1), b)) return id;
    }
    const auto id = static_cast<std::uint32_t>(size_);
    first_.insert(first_.end(), a, a + words_);
    second_.insert(second_.end(), b, b + words_);
    ++size_;
    same.push_back(id);
    return id;
  }
  std::size_t size() const { return size_; }
  const std::uint64_t* Row(std::size_t id, int plane) const {
    return (plane == 0 ? first_ : second_).data() + id * words_;
  }
  /// Plane `plane` as a matrix of size() rows of `width` bits.
  BitMatrix Plane(int plane, std::size_t width) const {
    BitMatrix out(size_, width);
    for (std::size_t r = 0; r < size_; ++r) std::memcpy(out.Row(r), Row(r, plane), words_ * 8);
    return out;
  }

 private:
  bool Equal(const std::uint64_t* x, const std::uint64_t* y) const {
    return std::memcmp(x, y, words_ * sizeof(std::uint64_t)) == 0;
  }
  std::size_t words_;
  std::size_t size_ = 0;
  std::vector<std::uint64_t> first_, second_;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> by_hash_;
};

class CompactBuilder {
 public:
  CompactBuilder(const ReachabilityMatrix& reach, const MatrixGroups& groups, const std::optional<Probe>& probe,
                 int threads)
      : reach_(reach), g_(groups), probe_(probe), threads_(threads) {}

  CompactMatrix Run(MatrixLevel level) {
    CompactMatrix out;
    out.level = level;
    out.probe = probe_ ? probe_->ToString() : "any";
    out.names = g_.names;
    {
      ScopedPhase matrix("matrix");  // the bulk columns: who reaches each destination class on the probe
      columns_ = std::make_unique<ProbeColumns>(reach_, g_.units, threads_);
    }
    ScopedPhase aggregate("aggregate");  // distinct rows and columns, blocks, exceptions
    ReportCount("columns", columns_->column_count());
    group_columns_.resize(g_.groups.size());
    for (std::size_t i = 0; i < g_.groups.size(); ++i) {
      std::vector<std::uint32_t>& cols = group_columns_[i];
      for (const MatrixGroups::Share& s : g_.groups[i].shares) cols.push_back(columns_->ColumnOf(s.unit));
      std::sort(cols.begin(), cols.end());
      cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
    }
    PreRows();
    PreColumns();
    Blocks(out);
    Exceptions(out);
    ReportTotals(out);
    return out;
  }

 private:
  // ---- rows: per group, which columns all (and some) of its source classes reach ----

  void PreRows() {
    const std::size_t columns = columns_->column_count();
    const BitMatrix by_class = columns_->columns().Transposed();  // class → the columns it reaches
    const std::size_t words = WordsFor(columns);
    RowPool pool(words);
    std::vector<std::int64_t> class_row(reach_.class_count(), -1);
    std::vector<std::uint64_t> all(words), any(words);
    prerow_.resize(g_.groups.size());
    for (std::size_t i = 0; i < g_.groups.size(); ++i) {
      const std::vector<std::uint32_t>& classes = g_.groups[i].classes;
      if (classes.size() == 1) {
        std::int64_t& id = class_row[classes.front()];
        if (id < 0) id = pool.Intern(by_class.Row(classes.front()), nullptr);
        prerow_[i] = static_cast<std::uint32_t>(id);
        continue;
      }
      std::fill(all.begin(), all.end(), ~std::uint64_t{0});
      std::fill(any.begin(), any.end(), 0);
      for (std::uint32_t k : classes) {
        const std::uint64_t* row = by_class.Row(k);
        for (std::size_t w = 0; w < words; ++w) {
          all[w] &= row[w];
          any[w] |= row[w];
        }
      }
      if (columns % 64 != 0) all[words - 1] &= (std::uint64_t{1} << (columns % 64)) - 1;
      prerow_[i] = pool.Intern(all.data(), any.data());
    }
    prerows_ = pool.size();
    ReportCount("distinct-rows", prerows_);
    // Column-major planes (column → prerows), which the blocks are cut from.
    all_by_column_ = pool.Plane(0, columns).Transposed();
    any_by_column_ = pool.Plane(1, columns).Transposed();
  }

  // ---- columns: per group, the set of bulk columns of its destination units ----

  void PreColumns() {
    const std::size_t words = WordsFor(prerows_);
    RowPool pool(words);
    std::vector<std::int64_t> single(columns_->column_count(), -1);
    std::map<std::vector<std::uint32_t>, std::uint32_t> multi;
    std::vector<std::uint64_t> all(words), any(words);
    precol_.resize(g_.groups.size());
    for (std::size_t i = 0; i < g_.groups.size(); ++i) {
      const std::vector<std::uint32_t>& cols = group_columns_[i];
      if (cols.size() == 1) {
        std::int64_t& id = single[cols.front()];
        if (id < 0) id = pool.Intern(all_by_column_.Row(cols.front()), any_by_column_.Row(cols.front()));
        precol_[i] = static_cast<std::uint32_t>(id);
        continue;
      }
      auto found = multi.find(cols);
      if (found != multi.end()) {
        precol_[i] = found->second;
        continue;
      }
      std::fill(all.begin(), all.end(), ~std::uint64_t{0});
      std::fill(any.begin(), any.end(), 0);
      for (std::uint32_t c : cols) {
        const std::uint64_t* a = all_by_column_.Row(c);
        const std::uint64_t* y = any_by_column_.Row(c);
        for (std::size_t w = 0; w < words; ++w) {
          all[w] &= a[w];
          any[w] |= y[w];
        }
      }
      if (prerows_ % 64 != 0) all[words - 1] &= (std::uint64_t{1} << (prerows_ % 64)) - 1;
      precol_[i] = pool.Intern(all.data(), any.data());
      multi.emplace(cols, precol_[i]);
    }
    precols_ = pool.size();
    // Row-major planes (prerow → distinct columns), whose equal rows are the row groups.
    rows_all_ = pool.Plane(0, prerows_).Transposed();
    rows_any_ = pool.Plane(1, prerows_).Transposed();
  }

  // ---- groups numbered by first member, and the blocks between them ----

  void Blocks(CompactMatrix& out) {
    const std::size_t words = WordsFor(precols_);
    RowPool rows(words);
    std::vector<std::uint32_t> row_of_prerow(prerows_);
    for (std::size_t p = 0; p < prerows_; ++p) {
      row_of_prerow[p] = rows.Intern(rows_all_.Row(p), rows_any_.Row(p));
    }
    // Distinct prerows, precols and rows were all numbered by first appearance in name order, so they already are
    // the row and column groups numbered by first member.
    out.row_group.resize(g_.names.size());
    out.column_group.resize(g_.names.size());
    for (std::size_t i = 0; i < g_.names.size(); ++i) {
      out.row_group[i] = row_of_prerow[prerow_[i]];
      out.column_group[i] = precol_[i];
    }
    out.row_groups = rows.size();
    out.column_groups = precols_;
    out.block_allow = rows.Plane(0, precols_);
    out.block_partial = rows.Plane(1, precols_);
    for (std::size_t r = 0; r < out.row_groups; ++r) {
      const std::uint64_t* all = out.block_allow.Row(r);
      std::uint64_t* partial = out.block_partial.Row(r);
      for (std::size_t w = 0; w < words; ++w) partial[w] &= ~all[w];
    }
  }

  // ---- cells that differ from their block ----

  /// Whether a pod of class `cls` reaches the destinations of `unit` at class level.
  bool Verdict(std::uint32_t cls, std::uint32_t unit) const {
    return TestBit(columns_->columns().Row(columns_->ColumnOf(unit)), cls);
  }

  /// The exact result of cell (i, j), counting pod pairs: `exempt` more pairs are allowed by an own-node exemption
  /// although their class pair is denied.
  Result ExactCell(std::size_t i, std::size_t j, std::uint64_t exempt) const {
    const MatrixGroups::Group& src = g_.groups[i];
    const MatrixGroups::Group& dst = g_.groups[j];
    const bool same = i == j;
    const bool single = same && src.pod_count == 1;
    const std::uint64_t total = src.pod_count * dst.pod_count - (same && !single ? src.pod_count : 0);
    std::uint64_t allowed = exempt;
    for (const MatrixGroups::Share& s : src.shares) {
      for (const MatrixGroups::Share& d : dst.shares) {
        const bool v = Verdict(s.cls, d.unit);
        if (v) allowed += s.pods.size() * d.pods.size();
        if (!same || &s != &d) continue;
        // A share paired with itself holds each pod's pair with itself, which the class verdict does not decide
        // (NP-8b): take those back, and decide the one pair of a one-pod group alone (loopback: allowed, unless a
        // named probe port is missing).
        if (v) allowed -= s.pods.size();
        if (single) allowed += g_.units[d.unit].atom != DestUnit::kNoAtom;
      }
    }
    return allowed == total ? Result::kAllow : allowed == 0 ? Result::kDeny : Result::kPartial;
  }

  /// Pod pairs an own-node exemption allows (NP-8a; egressToOwnNodeExempt) whose class pair is denied, by cell.
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t> ExemptPairs() const {
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t> extra;
    const PolicyOptions& o = reach_.options();
    if (!o.ingress_from_own_node_exempt && !o.egress_to_own_node_exempt) return extra;
    const Cluster& c = reach_.cluster();
    const auto& classes = reach_.classes().classes();
    std::multimap<Ipv4, std::uint32_t> address_ends;            // address-only pods by IP
    std::map<std::string, std::vector<std::uint32_t>> on_node;  // policy pods by node
    for (std::uint32_t p = 0; p < c.pods.size(); ++p) {
      if (!classes[reach_.ClassOf(p)].policy_pod) {
        address_ends.emplace(c.pods[p].ip, p);
      } else {
        on_node[c.pods[p].node].push_back(p);
      }
    }
    if (address_ends.empty()) return extra;
    auto count = [&](std::uint32_t src, std::uint32_t dst) {
      const std::uint32_t unit = g_.unit_of_pod[dst];
      if (g_.units[unit].atom == DestUnit::kNoAtom || Verdict(static_cast<std::uint32_t>(reach_.ClassOf(src)), unit)) {
        return;
      }
      ++extra[{g_.group_of_pod[src], g_.group_of_pod[dst]}];
    };
    for (const Node& node : c.nodes) {
      auto pods = on_node.find(node.name);
      if (pods == on_node.end()) continue;
      std::vector<Ipv4> addresses = node.addresses;
      std::sort(addresses.begin(), addresses.end());
      addresses.erase(std::unique(addresses.begin(), addresses.end()), addresses.end());
      for (Ipv4 ip : addresses) {
        auto [first, last] = address_ends.equal_range(ip);
        for (auto it = first; it != last; ++it) {
          for (std::uint32_t q : pods->second) {
            if (o.ingress_from_own_node_exempt) count(it->second, q);  // from the pod's own node
            if (o.egress_to_own_node_exempt) count(q, it->second);     // to the pod's own node
          }
        }
      }
    }
    return extra;
  }

  void Exceptions(CompactMatrix& out) const {
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t> extra = ExemptPairs();
    auto check = [&](std::uint32_t i, std::uint32_t j, std::uint64_t exempt) {
      const Result exact = ExactCell(i, j, exempt);
      if (exact != out.Block(out.row_group[i], out.column_group[j])) out.exceptions.push_back({i, j, exact});
    };
    for (std::uint32_t i = 0; i < g_.groups.size(); ++i) {
      auto it = extra.find({i, i});
      check(i, i, it == extra.end() ? 0 : it->second);
    }
    for (const auto& [cell, exempt] : extra) {
      if (cell.first != cell.second) check(cell.first, cell.second, exempt);
    }
    std::sort(out.exceptions.begin(), out.exceptions.end(),
              [](const CompactMatrix::Exception& a, const CompactMatrix::Exception& b) {
                return a.row != b.row ? a.row < b.row : a.column < b.column;
              });
  }

  void ReportTotals(const CompactMatrix& out) const {
    if (!TimingsEnabled()) return;
    std::vector<std::uint64_t> rows(out.row_groups), cols(out.column_groups);
    for (std::uint32_t r : out.row_group) ++rows[r];
    for (std::uint32_t c : out.column_group) ++cols[c];
    std::uint64_t counts[3] = {0, 0, 0};  // by Result
    for (std::size_t r = 0; r < out.row_groups; ++r) {
      for (int plane = 0; plane < 2; ++plane) {
        const std::uint64_t* bits = (plane == 0 ? out.block_allow : out.block_partial).Row(r);
        std::uint64_t sum = 0;
        for (std::size_t w = 0; w < out.block_allow.words(); ++w) {
          for (std::uint64_t word = bits[w]; word != 0; word &= word - 1) {
            sum += cols[w * 64 + static_cast<std::size_t>(__builtin_ctzll(word))];
          }
        }
        counts[static_cast<int>(plane == 0 ? Result::kAllow : Result::kPartial)] += rows[r] * sum;
      }
    }
    const std::uint64_t cells = static_cast<std::uint64_t>(out.size()) * out.size();
    counts[static_cast<int>(Result::kDeny)] = cells - counts[0] - counts[2];
    for (const CompactMatrix::Exception& e : out.exceptions) {
      --counts[static_cast<int>(out.Block(out.row_group[e.row], out.column_group[e.column]))];
      ++counts[static_cast<int>(e.result)];
    }
    ReportCount("row-groups", out.row_groups);
    ReportCount("column-groups", out.column_groups);
    ReportCount("exceptions", out.exceptions.size());
    ReportCount("allowed-cells", counts[static_cast<int>(Result::kAllow)]);
    ReportCount("partial-cells", counts[static_cast<int>(Result::kPartial)]);
  }

  const ReachabilityMatrix& reach_;
  const MatrixGroups& g_;
  const std::optional<Probe>& probe_;
  int threads_;
  std::unique_ptr<ProbeColumns> columns_;
  std::vector<std::vector<std::uint32_t>> group_columns_;  ///< by group: its destination units' columns
  std::vector<std::uint32_t> prerow_, precol_;             ///< by group
  std::size_t prerows_ = 0, precols_ = 0;
  BitMatrix all_by_column_, any_by_column_;  ///< bulk column → prerows (all / some of the classes reach it)
  BitMatrix rows_all_, rows_any_;            ///< prerow → precols
};

}  // namespace

Result CompactMatrix::Block(std::size_t rg, std::size_t cg) const {
  if (block_allow.Test(rg, cg)) return Result::kAllow;
  return block_partial.Test(rg, cg) ? Result::kPartial : Result::kDeny;
}

Result CompactMatrix::At(std::size_t row, std::size_t column) const {
  auto it = std::lower_bound(exceptions.begin(), exceptions.end(), std::make_pair(row, column),
                             [](const Exception& e, const std::pair<std::size_t, std::size_t>& cell) {
                               return e.row != cell.first ? e.row < cell.first : e.column < cell.second;
                             });
  if (it != exceptions.end() && it->row == row && it->column == column) return it->result;
  return Block(row_group[row], column_group[column]);
}

Matrix CompactMatrix::Dense() const {
  Matrix m;
  m.level = level;
  m.probe = probe;
  m.names = names;
  m.cells.assign(names.size(), std::vector<Result>(names.size(), Result::kDeny));
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = 0; j < names.size(); ++j) m.cells[i][j] = Block(row_group[i], column_group[j]);
  }
  for (const Exception& e : exceptions) m.cells[e.row][e.column] = e.result;
  return m;
}

CompactMatrix ComputeCompactMatrix(const Cluster& cluster, const PolicyOptions& options, MatrixLevel level,
                                   const std::optional<Probe>& probe, int threads) {
  std::shared_ptr<const ReachabilityMatrix> reach = ReachabilityMatrix::Compute(cluster, options, threads);
  MatrixGroups groups = GroupPods(*reach, level, probe);
  return CompactBuilder(*reach, groups, probe, threads).Run(level);
}

}  // namespace kreach
