#include "sim/model/ipv4.h"

namespace kreach {

std::optional<Ipv4> ParseIpv4(std::string_view text) {
  Ipv4 ip = 0;
  int parts = 0;
  std::size_t i = 0;
  while (parts < 4) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return std::nullopt;
    std::size_t start = i;
    unsigned value = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      value = value * 10 + static_cast<unsigned>(text[i] - '0');
      if (value > 255) return std::nullopt;
      ++i;
    }
    if (i - start > 1 && text[start] == '0') return std::nullopt;
    ip = (ip << 8) | value;
    ++parts;
    if (parts < 4) {
      if (i >= text.size() || text[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != text.size()) return std::nullopt;
  return ip;
}

std::string FormatIpv4(Ipv4 ip) {
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 255) + "." + std::to_string((ip >> 8) & 255) +
         "." + std::to_string(ip & 255);
}

std::string Cidr::ToString() const { return FormatIpv4(Network()) + "/" + std::to_string(prefix); }

std::optional<Cidr> ParseCidr(std::string_view text) {
  std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::optional<Ipv4> ip = ParseIpv4(text.substr(0, slash));
  if (!ip) return std::nullopt;
  std::string_view bits = text.substr(slash + 1);
  if (bits.empty() || bits.size() > 2) return std::nullopt;
  if (bits.size() == 2 && bits[0] == '0') return std::nullopt;
  int prefix = 0;
  for (char c : bits) {
    if (c < '0' || c > '9') return std::nullopt;
    prefix = prefix * 10 + (c - '0');
  }
  if (prefix > 32) return std::nullopt;
  return Cidr{*ip, prefix};
}

std::string SpecialIpv4(Ipv4 ip) {
  if (ip == 0) return "the unspecified address (0.0.0.0)";
  if (ip >> 24 == 0) return "an address of \"this network\" (0.0.0.0/8)";
  if (ip >> 24 == 127) return "a loopback address (127.0.0.0/8)";
  if (ip >> 16 == 0xA9FE) return "a link-local address (169.254.0.0/16)";
  if (ip >> 28 == 0xE) return "a multicast address (224.0.0.0/4)";
  if (ip == 0xFFFFFFFFu) return "the broadcast address (255.255.255.255)";
  return "";
}

}  // namespace kreach
