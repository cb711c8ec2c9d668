// Sets of IPv4 addresses as sorted disjoint intervals.
#ifndef KREACH_POLICIES_IP_SET_H_
#define KREACH_POLICIES_IP_SET_H_

#include <string>
#include <utility>
#include <vector>

#include "sim/model/cluster.h"
#include "sim/model/ipv4.h"

namespace kreach {

/// Invariant: intervals sorted, disjoint, non-adjacent.
class IpSet {
 public:
  static IpSet All();
  static IpSet Of(const Cidr& cidr);
  static IpSet Of(const IpBlock& block);  ///< cidr minus every except

  void Add(Ipv4 first, Ipv4 last);
  void Add(const IpSet& other);
  IpSet Intersect(const IpSet& other) const;
  IpSet Subtract(const IpSet& other) const;
  bool Contains(Ipv4 ip) const;
  bool Empty() const { return intervals_.empty(); }
  /// "10.0.0.0-10.0.0.255,10.1.0.0-10.1.255.255"
  std::string ToString() const;
  const std::vector<std::pair<Ipv4, Ipv4>>& intervals() const { return intervals_; }
  bool operator==(const IpSet& o) const { return intervals_ == o.intervals_; }

 private:
  std::vector<std::pair<Ipv4, Ipv4>> intervals_;
};

/// Cuts [0.0.0.0, 255.255.255.255] at every cidr and except bound of `blocks` into disjoint ranges
/// ("atoms"): every ipBlock is a union of whole atoms. Sorted by first address. Used by `list` to print
/// external peers as netpol-analyzer does.
std::vector<std::pair<Ipv4, Ipv4>> IpAtoms(const std::vector<IpBlock>& blocks);

}  // namespace kreach

#endif  // KREACH_POLICIES_IP_SET_H_
