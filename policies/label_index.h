// Label → item indexes, so that a label selector is evaluated on a few candidates instead of every item.
#ifndef KREACH_POLICIES_LABEL_INDEX_H_
#define KREACH_POLICIES_LABEL_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/model/label_selector.h"

namespace kreach {

/// A fixed list of labelled items (namespaces, or pod classes), with their labels turned into numbers: one value id
/// per (item, key), and per (key, value) the ascending positions of the items that have it. Select() gives exactly
/// the items whose labels a selector matches (LabelSelector::Matches on each), among a range of positions: it
/// narrows to the shortest posting list a positive requirement allows (`k=v`, `k in (...)`, `k exists`) and checks
/// every requirement on the candidates with integer comparisons. Immutable after construction; thread-safe.
class LabelIndex {
 public:
  LabelIndex() = default;
  explicit LabelIndex(const std::vector<const Labels*>& items);

  /// Positions in [begin, end) of the matching items, ascending.
  std::vector<std::uint32_t> Select(const LabelSelector& selector, std::uint32_t begin, std::uint32_t end) const;
  std::vector<std::uint32_t> Select(const LabelSelector& selector) const {
    return Select(selector, 0, static_cast<std::uint32_t>(size_));
  }
  std::size_t size() const { return size_; }

 private:
  struct Requirement;
  /// The requirements of `selector` in numbers; false when no item can match (an `in` or `exists` on a key or
  /// values no item has).
  bool Compile(const LabelSelector& selector, std::vector<Requirement>& out) const;
  bool Matches(const std::vector<Requirement>& reqs, std::uint32_t item) const;

  std::size_t size_ = 0;
  std::unordered_map<std::string, std::uint32_t> key_ids_;
  std::vector<std::unordered_map<std::string, std::uint32_t>> value_ids_;  ///< by key; value ids start at 1
  std::vector<std::uint32_t> cells_;                               ///< item * keys + key → value id, 0: absent
  std::vector<std::vector<std::vector<std::uint32_t>>> postings_;  ///< [key][value id] → positions
  std::vector<std::vector<std::uint32_t>> with_key_;               ///< [key] → positions
};

}  // namespace kreach

#endif  // KREACH_POLICIES_LABEL_INDEX_H_
