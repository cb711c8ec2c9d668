#include "policies/evaluator.h"

#include <algorithm>

#include "policies/fast_engine.h"
#include "policies/policy_index.h"

namespace kreach {

namespace {

const std::vector<const NetworkPolicy*>& NoPolicies() {
  static const std::vector<const NetworkPolicy*> kNone;
  return kNone;
}

std::string ProbeText(Protocol protocol, int port) {
  if (protocol == Protocol::kIcmp) return "ICMP";
  return std::string(ProtocolName(protocol)) + "/" + std::to_string(port);
}

const char* DirectionName(Direction d) { return d == Direction::kIngress ? "ingress" : "egress"; }

// "shop/a (ingress rule 0), shop/b (ingress rules 1, 2)": RuleRefs grouped by policy, in order.
std::string RuleList(const std::vector<RuleRef>& rules, Direction direction) {
  std::string out;
  for (std::size_t i = 0; i < rules.size();) {
    std::size_t j = i;
    std::string numbers;
    while (j < rules.size() && rules[j].policy == rules[i].policy) {
      numbers += (j > i ? ", " : "") + std::to_string(rules[j].rule);
      ++j;
    }
    if (!out.empty()) out += ", ";
    out += (rules[i].policy ? rules[i].policy->Key() : std::string("?")) + " (" + DirectionName(direction) +
           (j - i > 1 ? " rules " : " rule ") + numbers + ")";
    i = j;
  }
  return out;
}

}  // namespace

std::string Peer::ToString() const { return pod != nullptr ? pod->Key() : FormatIpv4(ip); }

std::string DirectionVerdict::ToString(Direction direction) const {
  const char* dir = DirectionName(direction);
  switch (reason) {
    case Reason::kNotIsolated: return "allowed: no policy selects " + self.ToString() + " for " + dir;
    case Reason::kAllowedByRule: return "allowed by " + RuleList(allowing, direction);
    case Reason::kNoRuleAllows: {
      std::string names;
      for (const NetworkPolicy* p : isolating) names += (names.empty() ? "" : ", ") + p->Key();
      return "denied: " + self.ToString() + " is isolated for " + dir + " by " + names + "; no " + dir +
             " rule allows " + ProbeText(protocol, port) + (direction == Direction::kIngress ? " from " : " to ") +
             other.ToString();
    }
    case Reason::kNotAPod:
      if (self.pod != nullptr) {
        return "allowed: " + self.ToString() + " is a hostNetwork pod (node address " + FormatIpv4(self.ip) +
               ") and has no " + dir + " policy";
      }
      return "allowed: " + self.ToString() + " is not a pod and has no " + dir + " policy";
    case Reason::kLoopback:
      return "allowed: " + self.ToString() + " connects to itself (a pod cannot block its own traffic)";
    case Reason::kOwnNode:
      if (direction == Direction::kIngress) {
        return "allowed: ingress from " + other.ToString() + ", the node of " + self.ToString() + ", is always allowed";
      }
      return "allowed: egress to " + other.ToString() + ", the node of " + self.ToString() +
             ", is exempt (egressToOwnNodeExempt)";
    case Reason::kIcmpUnfiltered: return "allowed: ICMP is not filtered (icmpNeedsPortlessRule is off)";
  }
  return "";
}

PolicyEngine::PolicyEngine(const Cluster& cluster, PolicyOptions options)
    : cluster_(cluster), options_(options), index_(std::make_shared<const PolicyIndex>(cluster, options)) {}

std::shared_ptr<const ReachabilityMatrix> PolicyEngine::reach() const { return index_->shared_reach(); }

const std::vector<const NetworkPolicy*>& PolicyEngine::Selecting(const Pod& pod, Direction direction) const {
  if (!index_->IsPolicyPod(Peer::OfPod(pod))) return NoPolicies();
  std::optional<std::size_t> i = index_->PodIndex(&pod);
  if (!i) return NoPolicies();
  const ReachabilityMatrix& reach = index_->reach();
  const std::int32_t profile = reach.ProfileOf(direction, reach.ClassOf(*i));
  if (profile < 0) return NoPolicies();  // NP-3
  const std::int64_t key = profile * 2 + (direction == Direction::kIngress ? 0 : 1);
  std::lock_guard<std::mutex> lock(selecting_mu_);
  auto found = selecting_.find(key);
  if (found != selecting_.end()) return *found->second;
  // The policies of the groups isolating the class, in ns/name order (the cluster keeps policies sorted; the
  // indices sort them anyway, so the contract never depends on it).
  std::vector<std::uint32_t> indices;
  for (std::uint32_t g : reach.profiles(direction)[static_cast<std::size_t>(profile)]) {
    const std::vector<std::uint32_t>& policies = reach.groups(direction)[g].policies;
    indices.insert(indices.end(), policies.begin(), policies.end());
  }
  std::sort(indices.begin(), indices.end());
  auto list = std::make_unique<std::vector<const NetworkPolicy*>>();
  for (std::uint32_t p : indices) list->push_back(&cluster_.network_policies[p]);
  std::stable_sort(list->begin(), list->end(), [](const NetworkPolicy* a, const NetworkPolicy* b) {
    return a->ns != b->ns ? a->ns < b->ns : a->name < b->name;
  });
  const std::vector<const NetworkPolicy*>& out = *list;
  selecting_.emplace(key, std::move(list));
  return out;
}

namespace {

// The exemption that applies to one direction before any rule is consulted, if any (NP-8).
std::optional<Reason> Exemption(const PolicyIndex& index, const PolicyOptions& options, Direction direction,
                                const Peer& src, const Peer& dst) {
  const bool ingress = direction == Direction::kIngress;
  const Peer& self = ingress ? dst : src;
  const Peer& other = ingress ? src : dst;
  if (src.pod != nullptr && src.pod == dst.pod) return Reason::kLoopback;   // NP-8(b)
  if (!index.IsPolicyPod(other) && index.IsOwnNode(*self.pod, other.ip)) {  // NP-8(a) and its egress switch
    if (ingress ? options.ingress_from_own_node_exempt : options.egress_to_own_node_exempt) return Reason::kOwnNode;
  }
  return std::nullopt;
}

}  // namespace

Verdict PolicyEngine::Evaluate(const Peer& src, const Peer& dst, Protocol protocol, int port) const {
  Verdict verdict;
  for (Direction direction : {Direction::kEgress, Direction::kIngress}) {
    const bool ingress = direction == Direction::kIngress;
    DirectionVerdict& v = ingress ? verdict.ingress : verdict.egress;
    v.self = ingress ? dst : src;
    v.other = ingress ? src : dst;
    v.protocol = protocol;
    v.port = port;
    v.allowed = true;
    if (!index_->IsPolicyPod(v.self)) {  // P-3, NP-17
      v.reason = Reason::kNotAPod;
      continue;
    }
    v.isolating = Selecting(*v.self.pod, direction);
    v.own_node = !index_->IsPolicyPod(v.other) && index_->IsOwnNode(*v.self.pod, v.other.ip);
    for (const NetworkPolicy* policy : v.isolating) {
      const CompiledPolicy* compiled = index_->Find(*policy);
      const std::vector<CompiledRule>& rules = ingress ? compiled->ingress : compiled->egress;
      for (std::size_t r = 0; r < rules.size(); ++r) {
        if (index_->PeerMatches(*compiled, rules[r], v.other) && index_->PortMatches(rules[r], dst, protocol, port)) {
          v.allowing.push_back(RuleRef{policy, static_cast<int>(r)});
        }
      }
    }
    if (std::optional<Reason> exempt = Exemption(*index_, options_, direction, src, dst)) {
      v.reason = *exempt;
    } else if (v.isolating.empty()) {
      v.reason = Reason::kNotIsolated;  // NP-3
    } else if (!v.allowing.empty()) {
      v.reason = Reason::kAllowedByRule;  // NP-5
    } else if (protocol == Protocol::kIcmp && !options_.icmp_needs_portless_rule) {
      v.reason = Reason::kIcmpUnfiltered;  // P-4 switch
    } else {
      v.allowed = false;
      v.reason = Reason::kNoRuleAllows;
    }
  }
  return verdict;
}

namespace {

ConnSet AllowedDirection(const PolicyIndex& index, const PolicyOptions& options, Direction direction,
                         const std::vector<const NetworkPolicy*>& isolating, const Peer& src, const Peer& dst) {
  const bool ingress = direction == Direction::kIngress;
  if (isolating.empty() || Exemption(index, options, direction, src, dst)) return ConnSet::All();
  const Peer& other = ingress ? src : dst;
  ConnSet out;
  for (const NetworkPolicy* policy : isolating) {
    const CompiledPolicy* compiled = index.Find(*policy);
    for (const CompiledRule& rule : ingress ? compiled->ingress : compiled->egress) {
      if (index.PeerMatches(*compiled, rule, other)) out.Add(index.RulePorts(rule, dst));
    }
  }
  if (!options.icmp_needs_portless_rule) out.AddIcmp();
  return out;
}

}  // namespace

ConnSet PolicyEngine::AllowedEgress(const Peer& src, const Peer& dst) const {
  if (!index_->IsPolicyPod(src)) return ConnSet::All();
  return AllowedDirection(*index_, options_, Direction::kEgress, Selecting(*src.pod, Direction::kEgress), src, dst);
}

ConnSet PolicyEngine::AllowedIngress(const Peer& src, const Peer& dst) const {
  if (!index_->IsPolicyPod(dst)) return ConnSet::All();
  return AllowedDirection(*index_, options_, Direction::kIngress, Selecting(*dst.pod, Direction::kIngress), src, dst);
}

ConnSet PolicyEngine::Allowed(const Peer& src, const Peer& dst) const {
  ConnSet egress = AllowedEgress(src, dst);
  if (egress.Empty()) return egress;
  ConnSet ingress = AllowedIngress(src, dst);
  if (egress.IsAllPorts() && egress.icmp()) return ingress;
  return egress.Intersect(ingress);
}

std::vector<const Pod*> PolicyEngine::Subjects(const NetworkPolicy& policy) const {
  std::vector<const Pod*> out;
  if (const CompiledPolicy* compiled = index_->Find(policy)) {
    for (std::size_t i : index_->PodsOf(*compiled->subjects)) out.push_back(&cluster_.pods[i]);
    return out;
  }
  for (const Pod& pod : cluster_.pods) {  // a policy from elsewhere: match it on the spot
    if (index_->IsPolicyPod(Peer::OfPod(pod)) && pod.ns == policy.ns && policy.pod_selector.Matches(pod.labels)) {
      out.push_back(&pod);
    }
  }
  return out;
}

std::vector<const Pod*> PolicyEngine::PeerPods(const NetworkPolicy& policy, const PolicyPeer& peer) const {
  std::vector<const Pod*> out;
  const CompiledPolicy* compiled = index_->Find(policy);
  const CompiledPeer* found = nullptr;
  if (compiled != nullptr) {
    for (const auto* rules : {&compiled->ingress, &compiled->egress}) {
      for (const CompiledRule& rule : *rules) {
        for (const CompiledPeer& cp : rule.peers) {
          if (cp.peer == &peer) found = &cp;
        }
      }
    }
  }
  if (found != nullptr) {
    // The peer's classes: policy pods its selectors (or, with ipBlockMatchesPods, its ipBlock) match, and the
    // address-only ends (hostNetwork pods under hostNetworkIsNode) whose address its ipBlock contains.
    for (std::size_t i : index_->PodsOf(*found->classes)) out.push_back(&cluster_.pods[i]);
    return out;
  }
  // A peer that is not part of this cluster's policies: compile it on the spot.
  NetworkPolicy single = policy;
  single.ingress = {PolicyRule{{peer}, {}}};
  single.egress.clear();
  Cluster one = cluster_;
  one.network_policies = {single};
  PolicyIndex local(one, options_);
  const CompiledPolicy& cp = local.policies().front();
  for (std::size_t i = 0; i < one.pods.size(); ++i) {
    if (local.PeerMatches(cp, cp.ingress.front().peers.front(), Peer::OfPod(one.pods[i]))) {
      out.push_back(&cluster_.pods[i]);
    }
  }
  return out;
}

}  // namespace kreach
