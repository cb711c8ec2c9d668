// Sets of ports and of (protocol, port) connections, as sorted disjoint intervals.
#ifndef KREACH_POLICIES_PORT_SET_H_
#define KREACH_POLICIES_PORT_SET_H_

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "sim/model/protocol.h"

namespace kreach {

inline constexpr int kMinPort = 1;
inline constexpr int kMaxPort = 65535;

/// A set of ports in [1, 65535]. Invariant: intervals sorted, disjoint, non-adjacent (canonical form), so
/// equal sets compare equal with ==.
class PortSet {
 public:
  static PortSet All();
  static PortSet Range(int lo, int hi);  ///< inclusive; clamped to [1, 65535]

  void Add(int lo, int hi);
  void Add(const PortSet& other);
  PortSet Intersect(const PortSet& other) const;
  PortSet Subtract(const PortSet& other) const;
  bool Contains(int port) const;
  bool Empty() const { return intervals_.empty(); }
  bool IsAll() const;
  /// "80,8000-8090"; "" when empty.
  std::string ToString() const;
  const std::vector<std::pair<int, int>>& intervals() const { return intervals_; }
  bool operator==(const PortSet& o) const { return intervals_ == o.intervals_; }
  bool operator!=(const PortSet& o) const { return !(*this == o); }

 private:
  std::vector<std::pair<int, int>> intervals_;
};

/// A set of connections: a PortSet per policy protocol (SCTP, TCP, UDP) plus whether ICMP is included.
class ConnSet {
 public:
  static ConnSet All();  ///< every port of every protocol, and ICMP (what a rule without `ports` allows)
  static ConnSet None() { return ConnSet(); }

  void Add(Protocol protocol, int lo, int hi);
  void AddAllPorts(Protocol protocol);
  void AddIcmp() { icmp_ = true; }
  void Add(const ConnSet& other);
  ConnSet Intersect(const ConnSet& other) const;
  bool Contains(Protocol protocol, int port) const;  ///< for kIcmp the port is ignored
  bool Empty() const;
  /// True when all three protocols have every port (ICMP is not considered, as in the connlist format).
  bool IsAllPorts() const;
  const PortSet& Ports(Protocol protocol) const { return ports_[static_cast<std::size_t>(protocol)]; }
  bool icmp() const { return icmp_; }
  /// connlist text: "All Connections", or "SCTP 1-65535,TCP 80,UDP 53" (protocols in SCTP, TCP, UDP order);
  /// "No Connections" when empty. ICMP is not printed, except as "ICMP" when it is the only member.
  std::string ToString() const;
  bool operator==(const ConnSet& o) const { return ports_ == o.ports_ && icmp_ == o.icmp_; }
  bool operator!=(const ConnSet& o) const { return !(*this == o); }

 private:
  std::array<PortSet, kPolicyProtocolCount> ports_;
  bool icmp_ = false;
};

}  // namespace kreach

#endif  // KREACH_POLICIES_PORT_SET_H_
