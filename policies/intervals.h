// Sorted disjoint inclusive intervals: the algebra shared by PortSet (int ports) and IpSet (IPv4 addresses).
#ifndef KREACH_POLICIES_INTERVALS_H_
#define KREACH_POLICIES_INTERVALS_H_

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace kreach {
namespace intervals {

/// Canonical form: sorted by first, disjoint and non-adjacent. Arithmetic is done in 64 bits so that
/// `last + 1` cannot overflow at the top of the value range (255.255.255.255).
template <typename T>
using List = std::vector<std::pair<T, T>>;

template <typename T>
std::int64_t Next(T value) {
  return static_cast<std::int64_t>(value) + 1;
}

/// Sorts and merges overlapping or adjacent intervals into canonical form.
template <typename T>
void Canonicalize(List<T>& v) {
  std::sort(v.begin(), v.end());
  List<T> out;
  out.reserve(v.size());
  for (const auto& iv : v) {
    if (!out.empty() && static_cast<std::int64_t>(iv.first) <= Next(out.back().second)) {
      out.back().second = std::max(out.back().second, iv.second);
    } else {
      out.push_back(iv);
    }
  }
  v.swap(out);
}

/// Adds [lo, hi] (lo <= hi) to canonical `v`, keeping it canonical.
template <typename T>
void Add(List<T>& v, T lo, T hi) {
  bool append = v.empty() || static_cast<std::int64_t>(lo) > Next(v.back().second);
  v.emplace_back(lo, hi);
  if (!append) Canonicalize(v);
}

/// Adds every interval of canonical `other` to canonical `v`.
template <typename T>
void Add(List<T>& v, const List<T>& other) {
  if (other.empty()) return;
  if (v.empty()) {
    v = other;
    return;
  }
  v.insert(v.end(), other.begin(), other.end());
  Canonicalize(v);
}

/// a ∩ b for canonical inputs; the result is canonical.
template <typename T>
List<T> Intersect(const List<T>& a, const List<T>& b) {
  List<T> out;
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    T lo = std::max(a[i].first, b[j].first);
    T hi = std::min(a[i].second, b[j].second);
    if (lo <= hi) out.emplace_back(lo, hi);
    if (a[i].second < b[j].second) {
      ++i;
    } else {
      ++j;
    }
  }
  return out;
}

/// a \ b for canonical inputs; the result is canonical.
template <typename T>
List<T> Subtract(const List<T>& a, const List<T>& b) {
  List<T> out;
  std::size_t j = 0;
  for (const auto& iv : a) {
    std::int64_t lo = iv.first;
    const std::int64_t hi = iv.second;
    while (j < b.size() && static_cast<std::int64_t>(b[j].second) < lo) ++j;
    for (std::size_t k = j; lo <= hi && k < b.size() && static_cast<std::int64_t>(b[k].first) <= hi; ++k) {
      if (static_cast<std::int64_t>(b[k].first) > lo)
        out.emplace_back(static_cast<T>(lo), static_cast<T>(b[k].first - 1));
      lo = std::max(lo, Next(b[k].second));
    }
    if (lo <= hi) out.emplace_back(static_cast<T>(lo), static_cast<T>(hi));
  }
  return out;
}

/// Whether `value` lies in canonical `v` (binary search).
template <typename T>
bool Contains(const List<T>& v, T value) {
  auto it = std::upper_bound(v.begin(), v.end(), value, [](T x, const std::pair<T, T>& iv) { return x < iv.first; });
  if (it == v.begin()) return false;
  --it;
  return value <= it->second;
}

}  // namespace intervals
}  // namespace kreach

#endif  // KREACH_POLICIES_INTERVALS_H_
