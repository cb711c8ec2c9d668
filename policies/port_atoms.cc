#include "policies/port_atoms.h"

#include <algorithm>

namespace kreach {

PortAtoms::PortAtoms() {
  for (std::size_t p = 0; p < starts_.size(); ++p) {
    starts_[p] = {kMinPort};
    offset_[p] = p;
  }
  icmp_ = starts_.size();
  all_ = AtomBits(words(), 0);
  for (std::size_t a = 0; a < size(); ++a) Set(all_, a);
}

PortAtoms PortAtoms::Build(const std::vector<ConnSet>& sets, const std::vector<std::pair<Protocol, int>>& ports) {
  std::array<std::vector<int>, kPolicyProtocolCount> cuts;
  auto cut = [&cuts](int protocol, int lo, int hi) {
    cuts[static_cast<std::size_t>(protocol)].push_back(lo);
    if (hi < kMaxPort) cuts[static_cast<std::size_t>(protocol)].push_back(hi + 1);
  };
  for (const ConnSet& set : sets) {
    for (int p = 0; p < kPolicyProtocolCount; ++p) {
      for (const auto& [lo, hi] : set.Ports(static_cast<Protocol>(p)).intervals()) cut(p, lo, hi);
    }
  }
  for (const auto& [protocol, port] : ports) {
    if (protocol != Protocol::kIcmp && port >= kMinPort && port <= kMaxPort)
      cut(static_cast<int>(protocol), port, port);
  }
  PortAtoms atoms;
  std::size_t next = 0;
  for (std::size_t p = 0; p < cuts.size(); ++p) {
    std::vector<int>& c = cuts[p];
    c.push_back(kMinPort);
    std::sort(c.begin(), c.end());
    c.erase(std::unique(c.begin(), c.end()), c.end());
    atoms.offset_[p] = next;
    next += c.size();
    atoms.starts_[p] = std::move(c);
  }
  atoms.icmp_ = next;
  atoms.all_ = AtomBits(atoms.words(), 0);
  for (std::size_t a = 0; a < atoms.size(); ++a) Set(atoms.all_, a);
  return atoms;
}

std::size_t PortAtoms::AtomOf(Protocol protocol, int port) const {
  if (protocol == Protocol::kIcmp) return icmp_;
  const std::vector<int>& s = starts_[static_cast<std::size_t>(protocol)];
  auto it = std::upper_bound(s.begin(), s.end(), port);
  std::size_t local = it == s.begin() ? 0 : static_cast<std::size_t>(it - s.begin()) - 1;
  return offset_[static_cast<std::size_t>(protocol)] + local;
}

AtomBits PortAtoms::Of(const ConnSet& set) const {
  AtomBits bits = None();
  for (int p = 0; p < kPolicyProtocolCount; ++p) {
    const auto protocol = static_cast<Protocol>(p);
    for (const auto& [lo, hi] : set.Ports(protocol).intervals()) {
      for (std::size_t a = AtomOf(protocol, lo), last = AtomOf(protocol, hi); a <= last; ++a) Set(bits, a);
    }
  }
  if (set.icmp()) Set(bits, icmp_);
  return bits;
}

AtomBits PortAtoms::AllPortsOf(Protocol protocol) const {
  AtomBits bits = None();
  if (protocol == Protocol::kIcmp) return bits;
  const auto p = static_cast<std::size_t>(protocol);
  for (std::size_t a = 0; a < starts_[p].size(); ++a) Set(bits, offset_[p] + a);
  return bits;
}

ConnSet PortAtoms::ToConnSet(const AtomBits& bits) const {
  ConnSet out;
  for (std::size_t p = 0; p < starts_.size(); ++p) {
    const std::vector<int>& s = starts_[p];
    for (std::size_t a = 0; a < s.size(); ++a) {
      if (!Test(bits, offset_[p] + a)) continue;
      std::size_t b = a;
      while (b + 1 < s.size() && Test(bits, offset_[p] + b + 1)) ++b;  // merge a run of atoms into one interval
      out.Add(static_cast<Protocol>(p), s[a], b + 1 < s.size() ? s[b + 1] - 1 : kMaxPort);
      a = b;
    }
  }
  if (Test(bits, icmp_)) out.AddIcmp();
  return out;
}

}  // namespace kreach
