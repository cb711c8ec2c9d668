#include "policies/label_index.h"

#include <algorithm>

namespace kreach {

namespace {

constexpr std::size_t kScanBelow = 32;  // below this many items a scan is cheaper than the maps

}  // namespace

LabelIndex::LabelIndex(std::vector<const Labels*> items) : items_(std::move(items)) {
  if (items_.size() < kScanBelow) return;
  indexed_ = true;
  for (std::uint32_t i = 0; i < items_.size(); ++i) {
    for (const auto& [key, value] : *items_[i]) {
      by_value_[key][value].push_back(i);
      by_key_[key].push_back(i);
    }
  }
}

std::vector<std::uint32_t> LabelIndex::Select(const LabelSelector& selector) const {
  std::vector<std::uint32_t> out;
  static const Postings kNone;
  // The narrowest candidate list: nullptr = every item; `merged` holds an `in` union when that is the narrowest.
  const Postings* candidates = nullptr;
  Postings merged;
  if (indexed_) {
    auto narrow = [&candidates](const Postings* p) {
      if (candidates == nullptr || p->size() < candidates->size()) candidates = p;
    };
    for (const auto& [key, value] : selector.match_labels) {
      auto k = by_value_.find(key);
      auto v = k == by_value_.end() ? decltype(k->second.end()){} : k->second.find(value);
      narrow(k == by_value_.end() || v == k->second.end() ? &kNone : &v->second);
    }
    for (const LabelRequirement& r : selector.match_expressions) {
      if (r.op == LabelRequirement::Op::kExists) {
        auto k = by_key_.find(r.key);
        narrow(k == by_key_.end() ? &kNone : &k->second);
      } else if (r.op == LabelRequirement::Op::kIn) {
        auto k = by_value_.find(r.key);
        std::size_t total = 0;
        if (k != by_value_.end()) {
          for (const std::string& v : r.values) {
            auto it = k->second.find(v);
            if (it != k->second.end()) total += it->second.size();
          }
        }
        if (candidates != nullptr && total >= candidates->size()) continue;
        merged.clear();
        if (k != by_value_.end()) {
          for (const std::string& v : r.values) {
            auto it = k->second.find(v);
            if (it != k->second.end()) merged.insert(merged.end(), it->second.begin(), it->second.end());
          }
        }
        std::sort(merged.begin(), merged.end());
        merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
        candidates = &merged;
      }
    }
  }
  if (candidates == nullptr) {
    for (std::uint32_t i = 0; i < items_.size(); ++i) {
      if (selector.Matches(*items_[i])) out.push_back(i);
    }
    return out;
  }
  for (std::uint32_t i : *candidates) {
    if (selector.Matches(*items_[i])) out.push_back(i);
  }
  return out;
}

}  // namespace kreach
