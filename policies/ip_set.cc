#include "policies/ip_set.h"

#include <algorithm>
#include <cstdint>

#include "policies/intervals.h"

namespace kreach {

namespace {

constexpr Ipv4 kLastIp = 0xFFFFFFFFu;

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
  if (first <= last) intervals::Add(intervals_, first, last);
}

void IpSet::Add(const IpSet& other) { intervals::Add(intervals_, other.intervals_); }

IpSet IpSet::Intersect(const IpSet& other) const {
  IpSet out;
  out.intervals_ = intervals::Intersect(intervals_, other.intervals_);
  return out;
}

IpSet IpSet::Subtract(const IpSet& other) const {
  IpSet out;
  out.intervals_ = intervals::Subtract(intervals_, other.intervals_);
  return out;
}

bool IpSet::Contains(Ipv4 ip) const { return intervals::Contains(intervals_, ip); }

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
