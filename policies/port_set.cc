#include "policies/port_set.h"

#include <algorithm>

#include "policies/intervals.h"

namespace kreach {

PortSet PortSet::All() { return Range(kMinPort, kMaxPort); }

PortSet PortSet::Range(int lo, int hi) {
  PortSet s;
  s.Add(lo, hi);
  return s;
}

void PortSet::Add(int lo, int hi) {
  lo = std::max(lo, kMinPort);
  hi = std::min(hi, kMaxPort);
  if (lo <= hi) intervals::Add(intervals_, lo, hi);
}

void PortSet::Add(const PortSet& other) { intervals::Add(intervals_, other.intervals_); }

PortSet PortSet::Intersect(const PortSet& other) const {
  PortSet out;
  out.intervals_ = intervals::Intersect(intervals_, other.intervals_);
  return out;
}

PortSet PortSet::Subtract(const PortSet& other) const {
  PortSet out;
  out.intervals_ = intervals::Subtract(intervals_, other.intervals_);
  return out;
}

bool PortSet::Contains(int port) const { return intervals::Contains(intervals_, port); }

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
