#include "policies/ip_set.h"

#include <algorithm>
#include <cstdint>

namespace kreach {

namespace {

using Intervals = std::vector<std::pair<Ipv4, Ipv4>>;
constexpr Ipv4 kLastIp = 0xFFFFFFFFu;

// Sorts and merges overlapping or adjacent intervals (64-bit arithmetic: last + 1 may be 2^32).
void Canonicalize(Intervals& v) {
  std::sort(v.begin(), v.end());
  Intervals out;
  out.reserve(v.size());
  for (const auto& iv : v) {
    if (!out.empty() && std::uint64_t{iv.first} <= std::uint64_t{out.back().second} + 1) {
      out.back().second = std::max(out.back().second, iv.second);
    } else {
      out.push_back(iv);
    }
  }
  v.swap(out);
}

}  // namespace

IpSet IpSet::All() {
  IpSet s;
  s.Add(0, kLastIp);
  return s;
}

IpSet IpSet::Of(const Cidr& cidr) {
  IpSet s;
  s.Add(cidr.First(), cidr.Last());
  return s;
}

IpSet IpSet::Of(const IpBlock& block) {
  IpSet excluded;
  for (const Cidr& e : block.except) excluded.Add(Of(e));
  return Of(block.cidr).Subtract(excluded);
}

void IpSet::Add(Ipv4 first, Ipv4 last) {
  if (first > last) return;
  intervals_.emplace_back(first, last);
  if (intervals_.size() > 1) Canonicalize(intervals_);
}

void IpSet::Add(const IpSet& other) {
  intervals_.insert(intervals_.end(), other.intervals_.begin(), other.intervals_.end());
  Canonicalize(intervals_);
}

IpSet IpSet::Intersect(const IpSet& other) const {
  IpSet out;
  std::size_t i = 0, j = 0;
  while (i < intervals_.size() && j < other.intervals_.size()) {
    const auto& a = intervals_[i];
    const auto& b = other.intervals_[j];
    Ipv4 lo = std::max(a.first, b.first);
    Ipv4 hi = std::min(a.second, b.second);
    if (lo <= hi) out.intervals_.emplace_back(lo, hi);
    if (a.second < b.second) {
      ++i;
    } else {
      ++j;
    }
  }
  return out;
}

IpSet IpSet::Subtract(const IpSet& other) const {
  IpSet out;
  for (const auto& iv : intervals_) {
    std::uint64_t lo = iv.first;
    const std::uint64_t hi = iv.second;
    for (const auto& cut : other.intervals_) {
      if (cut.second < lo || cut.first > hi) continue;
      if (cut.first > lo) out.intervals_.emplace_back(static_cast<Ipv4>(lo), cut.first - 1);
      lo = std::uint64_t{cut.second} + 1;
      if (lo > hi) break;
    }
    if (lo <= hi) out.intervals_.emplace_back(static_cast<Ipv4>(lo), static_cast<Ipv4>(hi));
  }
  return out;
}

bool IpSet::Contains(Ipv4 ip) const {
  auto it = std::upper_bound(intervals_.begin(), intervals_.end(), ip,
                             [](Ipv4 a, const std::pair<Ipv4, Ipv4>& iv) { return a < iv.first; });
  if (it == intervals_.begin()) return false;
  --it;
  return ip <= it->second;
}

std::string IpSet::ToString() const {
  std::string out;
  for (const auto& [first, last] : intervals_) {
    if (!out.empty()) out += ",";
    out += FormatIpv4(first) + "-" + FormatIpv4(last);
  }
  return out;
}

std::vector<std::pair<Ipv4, Ipv4>> IpAtoms(const std::vector<IpBlock>& blocks) {
  // Every atom starts at 0 or at a cut point: the first address of a block, or the address after its last.
  std::vector<std::uint64_t> cuts = {0};
  auto cut_at = [&cuts](const Cidr& c) {
    cuts.push_back(c.First());
    cuts.push_back(std::uint64_t{c.Last()} + 1);
  };
  for (const IpBlock& b : blocks) {
    cut_at(b.cidr);
    for (const Cidr& e : b.except) cut_at(e);
  }
  cuts.push_back(std::uint64_t{kLastIp} + 1);
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<std::pair<Ipv4, Ipv4>> atoms;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    atoms.emplace_back(static_cast<Ipv4>(cuts[i]), static_cast<Ipv4>(cuts[i + 1] - 1));
  }
  return atoms;
}

}  // namespace kreach
