// Label → item indexes, so that a label selector is evaluated on a few candidates instead of every item.
#ifndef KREACH_POLICIES_LABEL_INDEX_H_
#define KREACH_POLICIES_LABEL_INDEX_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/model/label_selector.h"

namespace kreach {

/// A fixed list of labelled items (namespaces, or the pod classes of one namespace). Select() gives exactly the
/// items whose labels the selector matches: it narrows to the smallest candidate list a positive requirement
/// allows (`k=v`, `k in (...)`, `k exists`) and checks each candidate with LabelSelector::Matches.
/// Holds pointers to the labels, which must outlive it.
class LabelIndex {
 public:
  LabelIndex() = default;
  explicit LabelIndex(std::vector<const Labels*> items);

  /// Positions (into the constructor's list) of the matching items, ascending.
  std::vector<std::uint32_t> Select(const LabelSelector& selector) const;
  std::size_t size() const { return items_.size(); }

 private:
  using Postings = std::vector<std::uint32_t>;
  std::vector<const Labels*> items_;
  bool indexed_ = false;  ///< small lists are scanned; no maps are built
  std::unordered_map<std::string, std::unordered_map<std::string, Postings>> by_value_;
  std::unordered_map<std::string, Postings> by_key_;
};

}  // namespace kreach

#endif  // KREACH_POLICIES_LABEL_INDEX_H_
