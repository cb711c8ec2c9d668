#include "policies/ip_set.h"

#include <catch2/catch.hpp>

#include "tests/support/builders.h"

namespace kreach {
namespace {

using testing::CidrOf;
using testing::Ip;

IpBlock Block(const std::string& cidr, const std::vector<std::string>& except = {}) {
  IpBlock b;
  b.cidr = CidrOf(cidr);
  for (const std::string& e : except) b.except.push_back(CidrOf(e));
  return b;
}

TEST_CASE("IpSet of a CIDR and of an ipBlock", "[ip_set]") {
  CHECK(IpSet::Of(CidrOf("10.0.0.0/24")).ToString() == "10.0.0.0-10.0.0.255");
  CHECK(IpSet::Of(CidrOf("10.0.0.7/24")).ToString() == "10.0.0.0-10.0.0.255");  // host bits ignored
  CHECK(IpSet::Of(CidrOf("10.0.0.7/32")).ToString() == "10.0.0.7-10.0.0.7");
  CHECK(IpSet::Of(CidrOf("0.0.0.0/0")) == IpSet::All());
  CHECK(IpSet::All().ToString() == "0.0.0.0-255.255.255.255");

  IpSet block = IpSet::Of(Block("10.0.0.0/16", {"10.0.1.0/24", "10.0.3.0/24"}));
  CHECK(block.ToString() == "10.0.0.0-10.0.0.255,10.0.2.0-10.0.2.255,10.0.4.0-10.0.255.255");
  CHECK(block.Contains(Ip("10.0.0.1")));
  CHECK_FALSE(block.Contains(Ip("10.0.1.1")));
  CHECK(block.Contains(Ip("10.0.2.255")));
  CHECK_FALSE(block.Contains(Ip("10.0.3.0")));
  CHECK(block.Contains(Ip("10.0.255.255")));
  CHECK_FALSE(block.Contains(Ip("10.1.0.0")));

  SECTION("agrees with IpBlock::Contains") {
    IpBlock b = Block("192.168.0.0/20", {"192.168.4.0/22", "192.168.15.128/25"});
    IpSet s = IpSet::Of(b);
    for (Ipv4 ip = Ip("192.167.255.0"); ip <= Ip("192.168.17.0"); ++ip) {
      if (s.Contains(ip) != b.Contains(ip)) FAIL("disagreement at " << FormatIpv4(ip));
    }
  }
}

TEST_CASE("IpSet canonical form and algebra", "[ip_set]") {
  IpSet s;
  s.Add(Ip("10.0.0.10"), Ip("10.0.0.20"));
  s.Add(Ip("10.0.0.0"), Ip("10.0.0.9"));  // adjacent: merges
  s.Add(Ip("10.0.0.50"), Ip("10.0.0.60"));
  s.Add(Ip("10.0.0.5"), Ip("10.0.0.4"));  // empty range: ignored
  CHECK(s.ToString() == "10.0.0.0-10.0.0.20,10.0.0.50-10.0.0.60");

  IpSet t = IpSet::Of(CidrOf("10.0.0.16/28"));  // .16-.31
  CHECK(s.Intersect(t).ToString() == "10.0.0.16-10.0.0.20");
  CHECK(s.Subtract(t).ToString() == "10.0.0.0-10.0.0.15,10.0.0.50-10.0.0.60");
  CHECK(t.Subtract(s).ToString() == "10.0.0.21-10.0.0.31");
  IpSet u = s;
  u.Add(t);
  CHECK(u.ToString() == "10.0.0.0-10.0.0.31,10.0.0.50-10.0.0.60");

  SECTION("the ends of the address space") {
    IpSet all = IpSet::All();
    CHECK(all.Contains(0));
    CHECK(all.Contains(0xFFFFFFFFu));
    CHECK(all.Subtract(IpSet::Of(CidrOf("255.255.255.255/32"))).ToString() == "0.0.0.0-255.255.255.254");
    CHECK(all.Subtract(IpSet::Of(CidrOf("0.0.0.0/32"))).ToString() == "0.0.0.1-255.255.255.255");
    IpSet two;
    two.Add(0xFFFFFFFEu, 0xFFFFFFFFu);
    two.Add(0, 1);
    CHECK(two.ToString() == "0.0.0.0-0.0.0.1,255.255.255.254-255.255.255.255");
    CHECK(all.Subtract(all).Empty());
  }
}

TEST_CASE("IpAtoms cut the address space at every block bound", "[ip_set]") {
  using Atoms = std::vector<std::pair<Ipv4, Ipv4>>;
  CHECK(IpAtoms({}) == Atoms{{0, 0xFFFFFFFFu}});

  Atoms atoms = IpAtoms({Block("10.0.0.0/16", {"10.0.1.0/24"}), Block("10.0.0.0/24")});
  CHECK(atoms == Atoms{{0, Ip("9.255.255.255")},
                       {Ip("10.0.0.0"), Ip("10.0.0.255")},
                       {Ip("10.0.1.0"), Ip("10.0.1.255")},
                       {Ip("10.0.2.0"), Ip("10.0.255.255")},
                       {Ip("10.1.0.0"), 0xFFFFFFFFu}});

  SECTION("0.0.0.0/0 and a block at the top") {
    Atoms top = IpAtoms({Block("0.0.0.0/0", {"255.255.255.0/24"})});
    CHECK(top == Atoms{{0, Ip("255.255.254.255")}, {Ip("255.255.255.0"), 0xFFFFFFFFu}});
  }
  SECTION("every block is a union of whole atoms") {
    std::vector<IpBlock> blocks = {Block("172.16.0.0/12", {"172.16.8.0/21"}), Block("172.16.12.0/22"),
                                   Block("192.0.2.0/24", {"192.0.2.128/25"})};
    Atoms cut = IpAtoms(blocks);
    for (std::size_t i = 1; i < cut.size(); ++i) CHECK(cut[i].first == cut[i - 1].second + 1);
    for (const IpBlock& b : blocks) {
      for (const auto& [first, last] : cut) CHECK(b.Contains(first) == b.Contains(last));
    }
  }
}

}  // namespace
}  // namespace kreach
