#include "policies/port_set.h"

#include <catch2/catch.hpp>

namespace kreach {
namespace {

using Intervals = std::vector<std::pair<int, int>>;

TEST_CASE("PortSet keeps a canonical form", "[port_set]") {
  PortSet s;
  s.Add(80, 80);
  s.Add(8000, 8090);
  s.Add(81, 81);      // adjacent to 80: merges
  s.Add(70, 75);      // before everything
  s.Add(8050, 9000);  // overlaps
  CHECK(s.intervals() == Intervals{{70, 75}, {80, 81}, {8000, 9000}});
  CHECK(s.ToString() == "70-75,80-81,8000-9000");

  SECTION("insertion order does not matter") {
    PortSet t;
    t.Add(8050, 9000);
    t.Add(81, 81);
    t.Add(8000, 8090);
    t.Add(70, 75);
    t.Add(80, 80);
    CHECK(t == s);
  }
  SECTION("bridging two intervals merges all three") {
    s.Add(76, 79);
    CHECK(s.intervals() == Intervals{{70, 81}, {8000, 9000}});
  }
  SECTION("adding a whole set") {
    s.Add(PortSet::Range(76, 7999));
    CHECK(s.intervals() == Intervals{{70, 9000}});
  }
}

TEST_CASE("PortSet ranges are clamped to 1-65535", "[port_set]") {
  CHECK(PortSet::Range(0, 10).intervals() == Intervals{{1, 10}});
  CHECK(PortSet::Range(65530, 70000).intervals() == Intervals{{65530, 65535}});
  CHECK(PortSet::Range(10, 9).Empty());
  CHECK(PortSet::Range(1, 65535).IsAll());
  CHECK(PortSet::All().ToString() == "1-65535");
  CHECK_FALSE(PortSet::Range(1, 65534).IsAll());
  CHECK(PortSet().ToString().empty());
}

TEST_CASE("PortSet contains exactly its intervals", "[port_set]") {
  PortSet s = PortSet::Range(10, 20);
  s.Add(30, 30);
  for (int p : {10, 15, 20, 30}) CHECK(s.Contains(p));
  for (int p : {1, 9, 21, 29, 31, 65535}) CHECK_FALSE(s.Contains(p));
}

TEST_CASE("PortSet intersect and subtract", "[port_set]") {
  PortSet a = PortSet::Range(1, 100);
  a.Add(200, 300);
  PortSet b = PortSet::Range(50, 250);
  b.Add(290, 290);
  CHECK(a.Intersect(b).intervals() == Intervals{{50, 100}, {200, 250}, {290, 290}});
  CHECK(b.Intersect(a) == a.Intersect(b));
  CHECK(a.Subtract(b).intervals() == Intervals{{1, 49}, {251, 289}, {291, 300}});
  CHECK(b.Subtract(a).intervals() == Intervals{{101, 199}});
  CHECK(a.Subtract(a).Empty());
  CHECK(a.Subtract(PortSet()) == a);
  CHECK(PortSet::All().Subtract(PortSet::Range(5353, 5353)).ToString() == "1-5352,5354-65535");
  CHECK(a.Intersect(PortSet()).Empty());

  SECTION("algebra agrees with membership on every port") {
    PortSet x = PortSet::Range(3, 7);
    x.Add(20, 40);
    x.Add(65000, 65535);
    PortSet y = PortSet::Range(1, 4);
    y.Add(7, 25);
    y.Add(39, 65001);
    PortSet inter = x.Intersect(y), diff = x.Subtract(y);
    PortSet uni = x;
    uni.Add(y);
    for (int p = kMinPort; p <= kMaxPort; ++p) {
      bool in_x = x.Contains(p), in_y = y.Contains(p);
      if (inter.Contains(p) != (in_x && in_y) || diff.Contains(p) != (in_x && !in_y) ||
          uni.Contains(p) != (in_x || in_y)) {
        FAIL("disagreement at port " << p);
      }
    }
  }
}

TEST_CASE("ConnSet text is the connlist format", "[port_set]") {
  CHECK(ConnSet::None().ToString() == "No Connections");
  CHECK(ConnSet::All().ToString() == "All Connections");

  ConnSet tcp;
  tcp.Add(Protocol::kTCP, 8000, 8000);
  tcp.Add(Protocol::kTCP, 8090, 8090);
  CHECK(tcp.ToString() == "TCP 8000,8090");

  ConnSet mixed;
  mixed.Add(Protocol::kUDP, 53, 53);
  mixed.Add(Protocol::kTCP, 80, 80);
  mixed.AddAllPorts(Protocol::kSCTP);
  CHECK(mixed.ToString() == "SCTP 1-65535,TCP 80,UDP 53");

  ConnSet almost;
  almost.AddAllPorts(Protocol::kSCTP);
  almost.AddAllPorts(Protocol::kTCP);
  almost.Add(Protocol::kUDP, 1, 5352);
  almost.Add(Protocol::kUDP, 5354, 65535);
  CHECK(almost.ToString() == "SCTP 1-65535,TCP 1-65535,UDP 1-5352,5354-65535");
  CHECK_FALSE(almost.IsAllPorts());

  SECTION("all three protocols full is All Connections, with or without ICMP") {
    ConnSet full;
    for (Protocol p : {Protocol::kSCTP, Protocol::kTCP, Protocol::kUDP}) full.AddAllPorts(p);
    CHECK(full.IsAllPorts());
    CHECK_FALSE(full.icmp());
    CHECK(full.ToString() == "All Connections");
    CHECK(full != ConnSet::All());
  }
  SECTION("ICMP alone") {
    ConnSet icmp;
    icmp.AddIcmp();
    CHECK_FALSE(icmp.Empty());
    CHECK(icmp.ToString() == "ICMP");
  }
}

TEST_CASE("ConnSet membership, union and intersection", "[port_set]") {
  ConnSet all = ConnSet::All();
  CHECK(all.Contains(Protocol::kIcmp, 0));
  CHECK(all.Contains(Protocol::kSCTP, 1));
  CHECK(all.IsAllPorts());
  CHECK(ConnSet::None().Empty());
  CHECK_FALSE(ConnSet::None().Contains(Protocol::kIcmp, 0));

  ConnSet a;
  a.Add(Protocol::kTCP, 80, 90);
  a.AddIcmp();
  ConnSet b;
  b.Add(Protocol::kTCP, 85, 100);
  b.Add(Protocol::kUDP, 53, 53);
  ConnSet inter = a.Intersect(b);
  CHECK(inter.ToString() == "TCP 85-90");
  CHECK_FALSE(inter.icmp());
  CHECK_FALSE(inter.Contains(Protocol::kTCP, 84));
  CHECK_FALSE(inter.Contains(Protocol::kUDP, 53));  // protocols never mix (NP-21)

  ConnSet uni = a;
  uni.Add(b);
  CHECK(uni.ToString() == "TCP 80-100,UDP 53");
  CHECK(uni.icmp());
  CHECK(uni.Ports(Protocol::kTCP) == PortSet::Range(80, 100));
  CHECK(uni.Ports(Protocol::kSCTP).Empty());
  CHECK(all.Intersect(b) == b);

  ConnSet via_icmp_add;
  via_icmp_add.Add(Protocol::kIcmp, 0, 0);
  CHECK(via_icmp_add.icmp());
}

}  // namespace
}  // namespace kreach
