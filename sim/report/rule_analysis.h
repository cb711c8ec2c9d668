// Why each rule of the policies that isolate an end does or does not admit a connection: its peers and its
// ports checked one by one as the semantics reference defines them (NP-7, NP-10 to NP-21). The engine says which
// rules allow; this says, in words, why the others do not, for `check --explain` (sim/report/teach.h).
#ifndef KREACH_SIM_REPORT_RULE_ANALYSIS_H_
#define KREACH_SIM_REPORT_RULE_ANALYSIS_H_

#include <string>
#include <vector>

#include "policies/evaluator.h"
#include "sim/model/cluster.h"
#include "sim/model/options.h"

namespace kreach {

/// Why one rule of a policy does or does not admit a connection: its peers and its ports checked one by one,
/// as the semantics reference defines them (NP-7, NP-10 to NP-21).
struct RuleAnalysis {
  const NetworkPolicy* policy = nullptr;
  int rule = 0;  ///< 0-based index in the direction's rule list
  bool peer_matches = false;
  bool port_matches = false;
  int matching_peer = -1;  ///< the first peer that matches (-1: none, or the rule has no peers)
  /// Why no peer matches ("" when one does): the closest peer's reason, e.g. "from[0] (podSelector app=web)
  /// selects pods of namespace shop only, and a/client is in namespace a".
  std::string peer_reason;
  std::string port_reason;  ///< why no port matches, e.g. "it allows TCP/80, not TCP/8080"
  bool Admits() const { return peer_matches && port_matches; }
};

/// The rules of every policy in `verdict.isolating`, for the direction, against the verdict's connection
/// (self, other, protocol, port). An ICMP probe passes only a rule without ports when icmpNeedsPortlessRule is on.
/// Admits() is true exactly for the rules the engine lists in `verdict.allowing` (tests/property/teach_test.cc).
std::vector<RuleAnalysis> AnalyzeRules(const Cluster& cluster, const PolicyOptions& options,
                                       const DirectionVerdict& verdict, Direction direction);

/// Why the closest peer of a rule misses, and why its ports do, in kinds the hints are chosen by.
enum class PeerMiss {
  kNone,
  kOtherNamespace,
  kNamespaceLabels,
  kPodLabels,
  kNotAPod,
  kIpOutside,
  kIpExcepted,
  kIpBlockPod
};
enum class PortMiss { kNone, kNumber, kProtocol, kNamedPort, kIcmp };

/// One rule's analysis with the kinds of its misses.
struct RuleDetail {
  RuleAnalysis analysis;
  PeerMiss peer_miss = PeerMiss::kNone;
  PortMiss port_miss = PortMiss::kNone;
};

/// AnalyzeRules with the kinds of the misses, for the hints.
std::vector<RuleDetail> AnalyzeRuleDetails(const Cluster& cluster, const PolicyOptions& options,
                                           const DirectionVerdict& verdict, Direction direction);

/// An end that NetworkPolicy selectors can see: a pod, and not a hostNetwork pod under the canonical model.
bool IsPolicyPod(const PolicyOptions& options, const Peer& p);
/// "a/client", "172.18.0.2 (node node-2)", "203.0.113.9".
std::string EndText(const Cluster& cluster, const Peer& p);
/// "app=web, tier=db", or "no labels"; without the generated pod-template-hash and controller-revision-hash.
std::string LabelsText(const Labels& labels);

}  // namespace kreach

#endif  // KREACH_SIM_REPORT_RULE_ANALYSIS_H_
