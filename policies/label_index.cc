#include "policies/label_index.h"

#include <algorithm>

namespace kreach {

struct LabelIndex::Requirement {
  std::int64_t key = -1;  ///< -1: a key no item has
  LabelRequirement::Op op = LabelRequirement::Op::kIn;
  std::vector<std::uint32_t> values;  ///< known value ids, ascending
};

LabelIndex::LabelIndex(const std::vector<const Labels*>& items) : size_(items.size()) {
  for (const Labels* labels : items) {
    for (const auto& [key, value] : *labels) {
      auto [it, fresh] = key_ids_.emplace(key, static_cast<std::uint32_t>(key_ids_.size()));
      if (fresh) value_ids_.emplace_back();
      std::unordered_map<std::string, std::uint32_t>& values = value_ids_[it->second];
      values.emplace(value, static_cast<std::uint32_t>(values.size() + 1));
    }
  }
  const std::size_t keys = key_ids_.size();
  cells_.assign(size_ * keys, 0);
  postings_.resize(keys);
  with_key_.resize(keys);
  for (std::size_t k = 0; k < keys; ++k) postings_[k].resize(value_ids_[k].size() + 1);
  for (std::uint32_t i = 0; i < size_; ++i) {
    for (const auto& [key, value] : *items[i]) {
      const std::uint32_t k = key_ids_.at(key);
      const std::uint32_t v = value_ids_[k].at(value);
      cells_[i * keys + k] = v;
      postings_[k][v].push_back(i);
      with_key_[k].push_back(i);
    }
  }
}

bool LabelIndex::Compile(const LabelSelector& selector, std::vector<Requirement>& out) const {
  auto key_of = [this](const std::string& key) -> std::int64_t {
    auto it = key_ids_.find(key);
    return it == key_ids_.end() ? std::int64_t{-1} : static_cast<std::int64_t>(it->second);
  };
  auto value_of = [this](std::int64_t key, const std::string& value) -> std::uint32_t {
    if (key < 0) return 0;
    auto it = value_ids_[static_cast<std::size_t>(key)].find(value);
    return it == value_ids_[static_cast<std::size_t>(key)].end() ? 0 : it->second;
  };
  for (const auto& [key, value] : selector.match_labels) {
    Requirement r;
    r.key = key_of(key);
    const std::uint32_t v = value_of(r.key, value);
    if (v == 0) return false;
    r.values.push_back(v);
    out.push_back(std::move(r));
  }
  for (const LabelRequirement& lr : selector.match_expressions) {
    Requirement r;
    r.key = key_of(lr.key);
    r.op = lr.op;
    for (const std::string& value : lr.values) {
      const std::uint32_t v = value_of(r.key, value);
      if (v != 0) r.values.push_back(v);
    }
    std::sort(r.values.begin(), r.values.end());
    r.values.erase(std::unique(r.values.begin(), r.values.end()), r.values.end());
    const bool positive = r.op == LabelRequirement::Op::kIn || r.op == LabelRequirement::Op::kExists;
    if (positive && r.key < 0) return false;
    if (r.op == LabelRequirement::Op::kIn && r.values.empty()) return false;
    if (r.key < 0) continue;  // NotIn / DoesNotExist on a key no item has: every item passes
    out.push_back(std::move(r));
  }
  return true;
}

bool LabelIndex::Matches(const std::vector<Requirement>& reqs, std::uint32_t item) const {
  const std::size_t keys = key_ids_.size();
  for (const Requirement& r : reqs) {
    const std::uint32_t v = cells_[item * keys + static_cast<std::size_t>(r.key)];
    const bool listed = v != 0 && std::binary_search(r.values.begin(), r.values.end(), v);
    switch (r.op) {
      case LabelRequirement::Op::kIn:
        if (!listed) return false;
        break;
      case LabelRequirement::Op::kNotIn:
        if (listed) return false;
        break;
      case LabelRequirement::Op::kExists:
        if (v == 0) return false;
        break;
      case LabelRequirement::Op::kDoesNotExist:
        if (v != 0) return false;
        break;
    }
  }
  return true;
}

std::vector<std::uint32_t> LabelIndex::Select(const LabelSelector& selector, std::uint32_t begin,
                                              std::uint32_t end) const {
  std::vector<std::uint32_t> out;
  std::vector<Requirement> reqs;
  if (begin >= end || !Compile(selector, reqs)) return out;
  auto slice = [begin, end](const std::vector<std::uint32_t>& list) {
    auto first = std::lower_bound(list.begin(), list.end(), begin);
    return std::make_pair(first, std::lower_bound(first, list.end(), end));
  };
  // The positive requirement with the fewest candidates in the range.
  const Requirement* narrowest = nullptr;
  std::size_t fewest = end - begin;
  for (const Requirement& r : reqs) {
    std::size_t count = 0;
    if (r.op == LabelRequirement::Op::kExists) {
      auto [first, last] = slice(with_key_[static_cast<std::size_t>(r.key)]);
      count = static_cast<std::size_t>(last - first);
    } else if (r.op == LabelRequirement::Op::kIn) {
      for (std::uint32_t v : r.values) {
        auto [first, last] = slice(postings_[static_cast<std::size_t>(r.key)][v]);
        count += static_cast<std::size_t>(last - first);
      }
    } else {
      continue;
    }
    if (narrowest == nullptr || count < fewest) {
      narrowest = &r;
      fewest = count;
    }
  }
  if (narrowest == nullptr) {
    for (std::uint32_t i = begin; i < end; ++i) {
      if (Matches(reqs, i)) out.push_back(i);
    }
    return out;
  }
  std::vector<std::uint32_t> candidates;
  candidates.reserve(fewest);
  if (narrowest->op == LabelRequirement::Op::kExists) {
    auto [first, last] = slice(with_key_[static_cast<std::size_t>(narrowest->key)]);
    candidates.assign(first, last);
  } else {
    for (std::uint32_t v : narrowest->values) {
      auto [first, last] = slice(postings_[static_cast<std::size_t>(narrowest->key)][v]);
      candidates.insert(candidates.end(), first, last);
    }
    if (narrowest->values.size() > 1) std::sort(candidates.begin(), candidates.end());
  }
  for (std::uint32_t i : candidates) {
    if (Matches(reqs, i)) out.push_back(i);
  }
  return out;
}

}  // namespace kreach
