// Port atoms: connection sets as bit rows over disjoint intervals.
#include "policies/port_atoms.h"

#include <catch2/catch.hpp>

namespace kreach {
namespace {

ConnSet Tcp(int lo, int hi) {
  ConnSet s;
  s.Add(Protocol::kTCP, lo, hi);
  return s;
}

TEST_CASE("atoms cut each protocol at every bound and around single ports", "[atoms]") {
  ConnSet udp;
  udp.AddAllPorts(Protocol::kUDP);
  PortAtoms atoms = PortAtoms::Build({Tcp(80, 90), Tcp(85, 100), udp}, {{Protocol::kTCP, 8080}, {Protocol::kSCTP, 9}});
  // TCP: 1-79, 80-84, 85-90, 91-100, 101-8079, 8080, 8081-65535; UDP: 1-65535; SCTP: 1-8, 9, 10-65535; ICMP.
  CHECK(atoms.size() == 7 + 1 + 3 + 1);
  CHECK(atoms.AtomOf(Protocol::kTCP, 85) == atoms.AtomOf(Protocol::kTCP, 90));
  CHECK(atoms.AtomOf(Protocol::kTCP, 84) != atoms.AtomOf(Protocol::kTCP, 85));
  CHECK(atoms.AtomOf(Protocol::kTCP, 8080) != atoms.AtomOf(Protocol::kTCP, 8081));
  CHECK(atoms.AtomOf(Protocol::kSCTP, 9) != atoms.AtomOf(Protocol::kSCTP, 10));
  CHECK(atoms.AtomOf(Protocol::kIcmp, 0) == atoms.size() - 1);
}

TEST_CASE("Of and ToConnSet are inverse on aligned sets; bitwise and is intersection", "[atoms]") {
  ConnSet a = Tcp(80, 90);
  ConnSet b = Tcp(85, 100);
  b.Add(Protocol::kSCTP, 9, 9);
  b.AddIcmp();
  PortAtoms atoms = PortAtoms::Build({a, b}, {});
  CHECK(atoms.ToConnSet(atoms.Of(a)) == a);
  CHECK(atoms.ToConnSet(atoms.Of(b)) == b);
  CHECK(atoms.ToConnSet(atoms.All()) == ConnSet::All());
  CHECK(atoms.ToConnSet(atoms.None()).Empty());
  AtomBits both = atoms.Of(a);
  const AtomBits other = atoms.Of(b);
  for (std::size_t i = 0; i < both.size(); ++i) both[i] &= other[i];
  CHECK(atoms.ToConnSet(both) == a.Intersect(b));
  CHECK(atoms.ToConnSet(atoms.AllPortsOf(Protocol::kUDP)) == [] {
    ConnSet u;
    u.AddAllPorts(Protocol::kUDP);
    return u;
  }());
  CHECK(PortAtoms::Meet(atoms.Of(a), atoms.Of(b)));
  CHECK_FALSE(PortAtoms::Meet(atoms.Of(Tcp(80, 84)), atoms.Of(Tcp(91, 100))));
}

TEST_CASE("more than 64 atoms take several words", "[atoms]") {
  std::vector<ConnSet> sets;
  for (int p = 1000; p < 1100; p += 2) sets.push_back(Tcp(p, p));
  PortAtoms atoms = PortAtoms::Build(sets, {});
  CHECK(atoms.words() >= 2);
  ConnSet high = Tcp(1098, 1098);
  CHECK(atoms.ToConnSet(atoms.Of(high)) == high);
}

}  // namespace
}  // namespace kreach
