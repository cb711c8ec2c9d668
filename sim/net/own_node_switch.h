// Verdicts that an own-node switch decided (semantics reference NP-8, NP-24). The Kubernetes documentation does not
// agree with itself about traffic between a pod and its own node: the NetworkPolicy concept page exempts it both
// ways, the API field documentation only for ingress. kreach follows the API (canonical) and offers switches; when
// one of them decides a verdict, `query` and `check --explain` say so, quote both texts and name the flag.
#ifndef KREACH_SIM_NET_OWN_NODE_SWITCH_H_
#define KREACH_SIM_NET_OWN_NODE_SWITCH_H_

#include <optional>
#include <string>
#include <vector>

#include "policies/evaluator.h"
#include "sim/model/options.h"

namespace kreach {

/// A switch whose value decided one direction's verdict: with the other value the verdict flips.
struct OwnNodeSwitch {
  const char* key = "";   ///< "egressToOwnNodeExempt", "ingressFromOwnNodeExempt" or "snatFromOwnNodeExempt"
  const char* rule = "";  ///< "NP-8", "NP-8(a)", "NP-24"
  bool value = false;     ///< its value in this run
  bool allowed = false;   ///< the verdict it decided (the other value gives !allowed)
  Direction direction = Direction::kEgress;
  /// Ingress allowed as from the own node because kube-proxy SNATed the packet to it (NP-24): with
  /// snatFromOwnNodeExempt=false it would be filtered as well.
  bool via_snat = false;
  /// "--option egressToOwnNodeExempt=true": the flag that flips the verdict.
  std::string Flag() const;
};

/// The switch that decided `v` (the verdict of direction `d` under `options`), if one did: `v.other` is an address
/// of the node `v.self` runs on (DirectionVerdict::own_node), and
///   egress denied by the rules while egressToOwnNodeExempt is off (on, it would pass), or allowed only by that
///   exemption (no rule allows it);
///   ingress allowed only by the own-node exemption (the pod is isolated and no rule allows it), or denied by the
///   rules while the exemption is off: ingressFromOwnNodeExempt, or snatFromOwnNodeExempt for a packet that is
///   from the node only through kube-proxy's SNAT (`snat`).
/// ICMP under icmpNeedsPortlessRule=false is never filtered, so no switch decides it.
std::optional<OwnNodeSwitch> DecidingOwnNodeSwitch(const DirectionVerdict& v, Direction d, const PolicyOptions& options,
                                                   bool snat);

/// One sentence for the user: that `v.other` is `v.self`'s node, the switch and value that decided `v`, and the
/// flag that flips it ("172.18.0.1 is the node of app/agent: under egressToOwnNodeExempt=false (kreach's canonical
/// NP-8) egress to the pod's own node passes only an egress rule; --option egressToOwnNodeExempt=true would allow
/// it").
std::string OwnNodeSwitchText(const OwnNodeSwitch& s, const DirectionVerdict& v);

/// The two texts that disagree, each with where it comes from: the concept page sentence, and the API reference's
/// rule (with kreach's canonical NP-8). A trace with an own-node switch carries them once, as notes.
const std::vector<std::string>& OwnNodeSources();

}  // namespace kreach

#endif  // KREACH_SIM_NET_OWN_NODE_SWITCH_H_
