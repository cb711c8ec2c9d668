// IPv4 addresses and CIDR blocks as plain integers.
#ifndef KREACH_SIM_MODEL_IPV4_H_
#define KREACH_SIM_MODEL_IPV4_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kreach {

/// An IPv4 address in host byte order: 10.0.0.1 == 0x0A000001.
using Ipv4 = std::uint32_t;

/// Parses dotted-quad text ("10.0.0.1"); rejects leading zeros ("010.0.0.1"), empty parts and values > 255,
/// as Go's net.ParseIP (which the API server uses) does.
std::optional<Ipv4> ParseIpv4(std::string_view text);
std::string FormatIpv4(Ipv4 ip);

/// A CIDR block. Invariant: prefix in [0, 32]. `base` keeps the host bits as written; Network() clears them
/// (the API server accepts "10.0.0.1/24" and means 10.0.0.0/24).
struct Cidr {
  Ipv4 base = 0;
  int prefix = 0;

  Ipv4 Mask() const { return prefix == 0 ? 0u : ~0u << (32 - prefix); }
  Ipv4 Network() const { return base & Mask(); }
  Ipv4 First() const { return Network(); }
  Ipv4 Last() const { return Network() | ~Mask(); }
  bool Contains(Ipv4 ip) const { return (ip & Mask()) == Network(); }
  /// True iff every address of `other` is inside this block.
  bool Contains(const Cidr& other) const { return other.prefix >= prefix && Contains(other.Network()); }
  std::string ToString() const;  ///< "10.0.0.0/24" (network form)
  bool operator==(const Cidr& o) const { return Network() == o.Network() && prefix == o.prefix; }
};

/// Parses "a.b.c.d/n". A bare address without "/n" is rejected (the API requires a CIDR).
std::optional<Cidr> ParseCidr(std::string_view text);

/// Why no interface of a pod can have `ip` ("" when it can): "the unspecified address (0.0.0.0)", "an address of
/// \"this network\" (0.0.0.0/8)", "a loopback
/// address (127.0.0.0/8)", "a link-local address (169.254.0.0/16)", "a multicast address (224.0.0.0/4)", "the
/// broadcast address (255.255.255.255)". The first three are what the API server's ValidateNonSpecialIP refuses
/// for endpoints; multicast and broadcast addresses are never a host's own.
std::string SpecialIpv4(Ipv4 ip);

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_IPV4_H_
