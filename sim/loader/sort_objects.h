// Sorting vectors of large model objects. Loader-internal.
#ifndef KREACH_SIM_LOADER_SORT_OBJECTS_H_
#define KREACH_SIM_LOADER_SORT_OBJECTS_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "sim/model/parallel.h"

namespace kreach {

/// Bytes [from, from + bytes) (bytes ≤ 8) of `s` as a big-endian number, zero-padded: comparing such numbers
/// (for the same `from`, after equal earlier bytes) orders the strings as std::string does, except that equal
/// numbers say nothing.
inline std::uint64_t StringBytes(std::string_view s, std::size_t from, int bytes) {
  std::uint64_t out = 0;
  for (int i = 0; i < bytes; ++i) {
    out <<= 8;
    std::size_t at = from + static_cast<std::size_t>(i);
    if (at < s.size()) out |= static_cast<unsigned char>(s[at]);
  }
  return out;
}

/// A 128-bit sort key compared before the elements themselves (SortOrder).
struct CoarseKey {
  std::uint64_t hi = 0, lo = 0;
  bool operator!=(const CoarseKey& o) const { return hi != o.hi || lo != o.lo; }
  bool operator<(const CoarseKey& o) const { return hi != o.hi ? hi < o.hi : lo < o.lo; }
};

/// The order std::sort gives n elements, element i being at(i): order[k] is the element that goes to position k.
/// Equal elements are placed as std::sort places them (it runs on the indices, so it makes the same
/// comparisons and moves as on the elements). `less` must depend on the elements' values only. `coarse(e)` is a
/// CoarseKey consistent with `less` (coarse(a) < coarse(b) implies less(a, b)), compared first to spare most
/// string comparisons and most visits to the elements; a copy of it runs on a second thread.
///
/// When no two elements are equal every sort gives the same order, so the indices are sorted on two threads and
/// merged; when some are, std::sort runs again on the indices in their original order.
template <typename At, typename Less, typename Coarse>
std::vector<std::uint32_t> SortOrder(std::size_t n, At at, Less less, Coarse coarse) {
  std::vector<std::uint32_t> order(n);
  for (std::size_t k = 0; k < n; ++k) order[k] = static_cast<std::uint32_t>(k);
  bool increasing = true;  // then every sort leaves the elements where they are
  for (std::size_t i = 1; i < n && increasing; ++i) increasing = less(at(i - 1), at(i));
  if (increasing) return order;
  struct Entry {
    CoarseKey key;
    std::uint32_t index;
  };
  std::vector<Entry> entries(n);
  auto fill = [&] {
    for (std::size_t i = 0; i < n; ++i) entries[i] = Entry{coarse(at(i)), static_cast<std::uint32_t>(i)};
  };
  auto before = [&](const Entry& a, const Entry& b) {
    if (a.key != b.key) return a.key < b.key;
    return less(at(a.index), at(b.index));
  };
  constexpr std::size_t kParallel = 20000;
  if (n >= kParallel) {
    // Both halves at once: the keys read every element, which is mostly waiting for memory.
    Beside filler([&, coarse2 = coarse]() mutable {
      for (std::size_t i = n / 2; i < n; ++i) entries[i] = Entry{coarse2(at(i)), static_cast<std::uint32_t>(i)};
    });
    for (std::size_t i = 0; i < n / 2; ++i) entries[i] = Entry{coarse(at(i)), static_cast<std::uint32_t>(i)};
    filler.Join();
    auto middle = entries.begin() + static_cast<std::ptrdiff_t>(n / 2);
    Beside worker([&] { std::sort(middle, entries.end(), before); });
    std::sort(entries.begin(), middle, before);
    worker.Join();
    std::inplace_merge(entries.begin(), middle, entries.end(), before);
  } else {
    fill();
    std::sort(entries.begin(), entries.end(), before);
  }
  bool distinct = true;
  for (std::size_t i = 1; i < n && distinct; ++i) distinct = before(entries[i - 1], entries[i]);
  if (!distinct) {
    fill();
    std::sort(entries.begin(), entries.end(), before);
  }
  for (std::size_t k = 0; k < n; ++k) order[k] = entries[k].index;
  return order;
}

/// Sorts `items` into exactly the order std::sort(items.begin(), items.end(), less) gives (SortOrder), moving
/// each element about once instead of O(log n) times. A strictly increasing vector is left alone after one pass.
template <typename T, typename Less, typename Coarse>
void SortObjects(std::vector<T>& items, Less less, Coarse coarse) {
  std::size_t n = items.size();
  std::vector<std::uint32_t> order = SortOrder(
      n, [&](std::size_t i) -> const T& { return items[i]; }, less, coarse);
  // Apply the permutation cycle by cycle; a placed position k gets order[k] = k.
  for (std::size_t k = 0; k < n; ++k) {
    if (order[k] == k) continue;
    T held = std::move(items[k]);
    std::size_t j = k;
    while (true) {
      std::size_t from = order[j];
      order[j] = static_cast<std::uint32_t>(j);
      if (from == k) {
        items[j] = std::move(held);
        break;
      }
      items[j] = std::move(items[from]);
      j = from;
    }
  }
}

/// SortObjects with no coarse key.
template <typename T, typename Less>
void SortObjects(std::vector<T>& items, Less less) {
  SortObjects(items, less, [](const T&) { return CoarseKey{}; });
}

/// Ranks of namespace names: rank(a) < rank(b) exactly when a < b. Built from every name it will be asked about.
class NamespaceRanks {
 public:
  template <typename T, typename NsOf>
  NamespaceRanks(const std::vector<T>& items, NsOf ns_of) {
    for (const T& item : items) {
      const std::string& ns = ns_of(item);
      if (names_.empty() || names_.back() != ns) names_.push_back(ns);
    }
    std::sort(names_.begin(), names_.end());
    names_.erase(std::unique(names_.begin(), names_.end()), names_.end());
    while ((std::size_t{1} << bits_) <= names_.size()) ++bits_;
  }
  std::uint64_t Rank(const std::string& ns) const {
    return static_cast<std::uint64_t>(std::lower_bound(names_.begin(), names_.end(), ns) - names_.begin());
  }
  /// Bits a rank needs.
  int bits() const { return bits_; }

 private:
  std::vector<std::string_view> names_;
  int bits_ = 1;
};

/// The last namespace a NamespaceRanks was asked about, and its rank (one per thread: neighbours usually share
/// a namespace).
struct RankMemo {
  const std::string* ns = nullptr;
  std::uint64_t rank = 0;
};

/// A coarse key for (namespace, name) order: the namespace's rank, then as many leading bytes of the name as fit.
inline CoarseKey NsNameKey(const NamespaceRanks& ranks, RankMemo& memo, const std::string& ns,
                           const std::string& name) {
  if (memo.ns == nullptr || *memo.ns != ns) memo = RankMemo{&ns, ranks.Rank(ns)};
  int bits = ranks.bits();
  int bytes = (64 - bits) / 8;
  CoarseKey key;
  key.hi = (memo.rank << (64 - bits)) | (StringBytes(name, 0, bytes) << (64 - bits - 8 * bytes));
  key.lo = StringBytes(name, static_cast<std::size_t>(bytes), 8);
  return key;
}

/// Sorts objects with `ns` and `name` members by (ns, name), as std::sort with that order would.
template <typename T>
void SortByNsName(std::vector<T>& items) {
  NamespaceRanks ranks(items, [](const T& item) -> const std::string& { return item.ns; });
  SortObjects(
      items, [](const T& a, const T& b) { return std::tie(a.ns, a.name) < std::tie(b.ns, b.name); },
      [&ranks, memo = RankMemo{}](const T& item) mutable { return NsNameKey(ranks, memo, item.ns, item.name); });
}

/// Sorts objects with a `name` member by name, as std::sort with that order would.
template <typename T>
void SortByName(std::vector<T>& items) {
  SortObjects(
      items, [](const T& a, const T& b) { return a.name < b.name; },
      [](const T& item) {
        return CoarseKey{StringBytes(item.name, 0, 8), StringBytes(item.name, 8, 8)};
      });
}

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_SORT_OBJECTS_H_
