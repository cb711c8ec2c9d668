#include "policies/port_set.h"

#include <algorithm>

namespace kreach {

namespace {

using Intervals = std::vector<std::pair<int, int>>;

// Sorts and merges overlapping or adjacent intervals into the canonical form.
void Canonicalize(Intervals& v) {
  std::sort(v.begin(), v.end());
  Intervals out;
  out.reserve(v.size());
  for (const auto& iv : v) {
    if (!out.empty() && iv.first <= out.back().second + 1) {
      out.back().second = std::max(out.back().second, iv.second);
    } else {
      out.push_back(iv);
    }
  }
  v.swap(out);
}

}  // namespace

PortSet PortSet::All() { return Range(kMinPort, kMaxPort); }

PortSet PortSet::Range(int lo, int hi) {
  PortSet s;
  s.Add(lo, hi);
  return s;
}

void PortSet::Add(int lo, int hi) {
  lo = std::max(lo, kMinPort);
  hi = std::min(hi, kMaxPort);
  if (lo > hi) return;
  // Fast path: appending after the last interval keeps the form canonical.
  if (intervals_.empty() || lo > intervals_.back().second + 1) {
    intervals_.emplace_back(lo, hi);
    return;
  }
  intervals_.emplace_back(lo, hi);
  Canonicalize(intervals_);
}

void PortSet::Add(const PortSet& other) {
  if (other.intervals_.empty()) return;
  if (intervals_.empty()) {
    intervals_ = other.intervals_;
    return;
  }
  intervals_.insert(intervals_.end(), other.intervals_.begin(), other.intervals_.end());
  Canonicalize(intervals_);
}

PortSet PortSet::Intersect(const PortSet& other) const {
  PortSet out;
  std::size_t i = 0, j = 0;
  while (i < intervals_.size() && j < other.intervals_.size()) {
    const auto& a = intervals_[i];
    const auto& b = other.intervals_[j];
    int lo = std::max(a.first, b.first);
    int hi = std::min(a.second, b.second);
    if (lo <= hi) out.intervals_.emplace_back(lo, hi);
    if (a.second < b.second) {
      ++i;
    } else {
      ++j;
    }
  }
  return out;
}

PortSet PortSet::Subtract(const PortSet& other) const {
  PortSet out;
  std::size_t j = 0;
  for (auto [lo, hi] : intervals_) {
    while (j < other.intervals_.size() && other.intervals_[j].second < lo) ++j;
    std::size_t k = j;
    while (lo <= hi && k < other.intervals_.size() && other.intervals_[k].first <= hi) {
      const auto& cut = other.intervals_[k];
      if (cut.first > lo) out.intervals_.emplace_back(lo, cut.first - 1);
      lo = std::max(lo, cut.second + 1);
      ++k;
    }
    if (lo <= hi) out.intervals_.emplace_back(lo, hi);
  }
  return out;
}

bool PortSet::Contains(int port) const {
  auto it = std::upper_bound(intervals_.begin(), intervals_.end(), port,
                             [](int p, const std::pair<int, int>& iv) { return p < iv.first; });
  if (it == intervals_.begin()) return false;
  --it;
  return port <= it->second;
}

bool PortSet::IsAll() const {
  return intervals_.size() == 1 && intervals_[0].first == kMinPort && intervals_[0].second == kMaxPort;
}

std::string PortSet::ToString() const {
  std::string out;
  for (const auto& [lo, hi] : intervals_) {
    if (!out.empty()) out += ",";
    out += std::to_string(lo);
    if (hi != lo) out += "-" + std::to_string(hi);
  }
  return out;
}

ConnSet ConnSet::All() {
  ConnSet s;
  for (PortSet& p : s.ports_) p = PortSet::All();
  s.icmp_ = true;
  return s;
}

void ConnSet::Add(Protocol protocol, int lo, int hi) {
  if (protocol == Protocol::kIcmp) {
    icmp_ = true;
    return;
  }
  ports_[static_cast<int>(protocol)].Add(lo, hi);
}

void ConnSet::AddAllPorts(Protocol protocol) { Add(protocol, kMinPort, kMaxPort); }

void ConnSet::Add(const ConnSet& other) {
  for (int i = 0; i < kPolicyProtocolCount; ++i) ports_[i].Add(other.ports_[i]);
  icmp_ = icmp_ || other.icmp_;
}

ConnSet ConnSet::Intersect(const ConnSet& other) const {
  ConnSet out;
  for (int i = 0; i < kPolicyProtocolCount; ++i) out.ports_[i] = ports_[i].Intersect(other.ports_[i]);
  out.icmp_ = icmp_ && other.icmp_;
  return out;
}

bool ConnSet::Contains(Protocol protocol, int port) const {
  if (protocol == Protocol::kIcmp) return icmp_;
  return ports_[static_cast<int>(protocol)].Contains(port);
}

bool ConnSet::Empty() const {
  if (icmp_) return false;
  for (const PortSet& p : ports_) {
    if (!p.Empty()) return false;
  }
  return true;
}

bool ConnSet::IsAllPorts() const {
  for (const PortSet& p : ports_) {
    if (!p.IsAll()) return false;
  }
  return true;
}

std::string ConnSet::ToString() const {
  if (IsAllPorts()) return "All Connections";
  std::string out;
  for (int i = 0; i < kPolicyProtocolCount; ++i) {
    if (ports_[i].Empty()) continue;
    if (!out.empty()) out += ",";
    out += std::string(ProtocolName(static_cast<Protocol>(i))) + " " + ports_[i].ToString();
  }
  if (out.empty()) return icmp_ ? "ICMP" : "No Connections";
  return out;
}

}  // namespace kreach
