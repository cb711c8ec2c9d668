#include "sim/model/ipv4.h"

#include <catch2/catch.hpp>

#include "sim/model/protocol.h"

namespace kreach {
namespace {

TEST_CASE("ParseIpv4 accepts dotted quads", "[ipv4]") {
  CHECK(ParseIpv4("10.0.0.1") == std::optional<Ipv4>(0x0A000001u));
  CHECK(ParseIpv4("0.0.0.0") == std::optional<Ipv4>(0u));
  CHECK(ParseIpv4("255.255.255.255") == std::optional<Ipv4>(0xFFFFFFFFu));
  CHECK(ParseIpv4("192.168.0.10") == std::optional<Ipv4>(0xC0A8000Au));
}

TEST_CASE("ParseIpv4 rejects what Go's net.ParseIP rejects", "[ipv4]") {
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.256", "010.0.0.1", "1.2.3.04", "00.1.2.3",
                          "1..2.3", ".1.2.3", "1.2.3.", " 1.2.3.4", "1.2.3.4 ", "-1.2.3.4", "1.2.3.4/32", "a.b.c.d",
                          "99999999999.1.1.1", "::1", "1.2.3.4x"}) {
    INFO("'" << bad << "'");
    CHECK_FALSE(ParseIpv4(bad).has_value());
  }
}

TEST_CASE("FormatIpv4 round-trips", "[ipv4]") {
  for (const char* text : {"0.0.0.0", "10.244.1.7", "255.255.255.255", "1.0.0.255"}) {
    std::optional<Ipv4> ip = ParseIpv4(text);
    REQUIRE(ip);
    CHECK(FormatIpv4(*ip) == text);
  }
}

TEST_CASE("ParseCidr", "[ipv4]") {
  std::optional<Cidr> c = ParseCidr("10.0.0.1/24");
  REQUIRE(c);
  CHECK(c->base == 0x0A000001u);  // host bits kept as written
  CHECK(c->prefix == 24);
  CHECK(c->Network() == 0x0A000000u);
  CHECK(c->First() == 0x0A000000u);
  CHECK(c->Last() == 0x0A0000FFu);
  CHECK(c->ToString() == "10.0.0.0/24");
  CHECK(*c == *ParseCidr("10.0.0.0/24"));
  CHECK_FALSE(*c == *ParseCidr("10.0.0.0/25"));

  std::optional<Cidr> all = ParseCidr("0.0.0.0/0");
  REQUIRE(all);
  CHECK(all->Mask() == 0u);
  CHECK(all->Contains(Ipv4{0xFFFFFFFFu}));
  CHECK(all->Last() == 0xFFFFFFFFu);
  std::optional<Cidr> host = ParseCidr("10.1.2.3/32");
  REQUIRE(host);
  CHECK(host->First() == host->Last());
  CHECK(host->Contains(Ipv4{0x0A010203u}));
  CHECK_FALSE(host->Contains(Ipv4{0x0A010204u}));

  for (const char* bad : {"10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/08", "10.0.0.0/-1", "10.0.0.0/123", "/8",
                          "10.0.0/8", "10.0.0.0/8/8", "10.0.0.0/ 8", "010.0.0.0/8", "10.0.0.0/a"}) {
    INFO("'" << bad << "'");
    CHECK_FALSE(ParseCidr(bad).has_value());
  }
}

TEST_CASE("Cidr contains another block only when it covers all of it", "[ipv4]") {
  Cidr outer = *ParseCidr("10.0.0.0/16");
  CHECK(outer.Contains(*ParseCidr("10.0.5.0/24")));
  CHECK(outer.Contains(*ParseCidr("10.0.0.0/16")));
  CHECK_FALSE(outer.Contains(*ParseCidr("10.0.0.0/8")));
  CHECK_FALSE(outer.Contains(*ParseCidr("10.1.0.0/24")));
  CHECK(ParseCidr("0.0.0.0/0")->Contains(outer));
}

TEST_CASE("Protocols parse in exact upper case; ICMP only as a probe", "[ipv4][protocol]") {
  CHECK(ParseProtocol("TCP") == std::optional<Protocol>(Protocol::kTCP));
  CHECK(ParseProtocol("UDP") == std::optional<Protocol>(Protocol::kUDP));
  CHECK(ParseProtocol("SCTP") == std::optional<Protocol>(Protocol::kSCTP));
  CHECK_FALSE(ParseProtocol("tcp").has_value());
  CHECK_FALSE(ParseProtocol("ICMP").has_value());
  CHECK(ParseProtocol("ICMP", true) == std::optional<Protocol>(Protocol::kIcmp));
  CHECK(std::string(ProtocolName(Protocol::kSCTP)) == "SCTP");
  CHECK(std::string(ProtocolName(Protocol::kIcmp)) == "ICMP");
}

}  // namespace
}  // namespace kreach
