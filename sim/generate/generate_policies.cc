// The NetworkPolicies of a synthetic cluster, in the realistic, random and adversarial styles.
#include <algorithm>

#include "sim/generate/generate_internal.h"

namespace kreach {
namespace generate_internal {

// ---- NetworkPolicies ----

/// Distinct values the policies cycle through, so that each of the first N appears.
struct PolicyPools {
  std::int64_t port_ranges = 1;
  std::int64_t ip_blocks = 1;
  std::int64_t next_range = 0;
  std::int64_t next_block = 0;
  std::int64_t next_allow = 0;  ///< allow policies written so far: picks the shape
};

void WriteRangePort(StructuredWriter& w, PolicyPools& pools, const char* protocol) {
  std::int64_t i = pools.next_range++ % pools.port_ranges;
  std::int64_t start = 10000 + 50 * i;
  w.BeginObject();
  w.Field("protocol", protocol);
  w.IntField("port", start);
  w.IntField("endPort", start + 10 + i % 40);
  w.EndObject();
}

void WriteIpBlockPeer(StructuredWriter& w, PolicyPools& pools) {
  std::int64_t i = pools.next_block++ % pools.ip_blocks;
  w.BeginObject();
  w.Key("ipBlock");
  w.BeginObject();
  if (i == 0) {
    w.Field("cidr", "0.0.0.0/0");
    w.Key("except");
    w.BeginArray();
    w.String("10.0.0.0/8");
    w.String("172.16.0.0/12");
    w.String("192.168.0.0/16");
    w.EndArray();
  } else {
    Ipv4 base = 0x64400000u + static_cast<Ipv4>(i - 1) * 1024u;  // /22 blocks of 100.64.0.0/10
    w.Field("cidr", Cidr{base, 22}.ToString());
    w.Key("except");
    w.BeginArray();
    w.String(Cidr{base + static_cast<Ipv4>(i % 4) * 256u, 24}.ToString());
    if (i % 3 == 0) w.String(Cidr{base + static_cast<Ipv4>((i + 1) % 4) * 256u + 16u, 28}.ToString());
    w.EndArray();
  }
  w.EndObject();
  w.EndObject();
}

void WriteExpression(StructuredWriter& w, const char* key, const char* op, const std::vector<std::string>& values) {
  w.BeginObject();
  w.Field("key", key);
  w.Field("operator", op);
  if (!values.empty()) {
    w.Key("values");
    w.BeginArray();
    for (const std::string& v : values) w.String(v);
    w.EndArray();
  }
  w.EndObject();
}

void WriteNumberPort(StructuredWriter& w, const char* protocol, int port) {
  w.BeginObject();
  w.Field("protocol", protocol);
  w.IntField("port", port);
  w.EndObject();
}

void WriteNamedPort(StructuredWriter& w, const char* name) {
  w.BeginObject();
  w.Field("protocol", "TCP");
  w.Field("port", name);
  w.EndObject();
}

void BeginPolicy(StructuredWriter& w, const NamespacePlan& ns, const std::string& name, const LabelList& selector,
                 bool ingress, bool egress) {
  BeginObject(w, "networking.k8s.io/v1", "NetworkPolicy", name, ns.name, {});
  w.EndObject();
  w.Key("spec");
  w.BeginObject();
  w.Key("podSelector");
  if (selector.empty()) {
    w.BeginObject();
    w.EndObject();
  } else {
    WriteMatchLabels(w, selector);
  }
  w.Key("policyTypes");
  w.BeginArray();
  if (ingress) w.String("Ingress");
  if (egress) w.String("Egress");
  w.EndArray();
}

void EndPolicy(StructuredWriter& w) {
  w.EndObject();
  w.EndObject();
}

/// One rule in `direction` ("ingress" or "egress") with its peers under `peers_key` ("from" or "to"): the
/// caller writes the peers after BeginRule, calls BeginPorts, writes the ports, then EndRule.
void BeginRule(StructuredWriter& w, const char* direction, const char* peers_key) {
  w.Key(direction);
  w.BeginArray();
  w.BeginObject();
  w.Key(peers_key);
  w.BeginArray();
}

/// Closes the peers; with `ports`, opens the ports list.
void BeginPorts(StructuredWriter& w, bool ports) {
  w.EndArray();
  if (!ports) return;
  w.Key("ports");
  w.BeginArray();
}

void EndRule(StructuredWriter& w, bool ports) {
  if (ports) w.EndArray();
  w.EndObject();
  w.EndArray();
}

/// One matchExpressions term; `values` is empty for Exists and DoesNotExist.
struct Term {
  const char* key;
  const char* op;
  std::vector<std::string> values;
};

void WriteExpressions(StructuredWriter& w, const std::vector<Term>& terms) {
  w.BeginObject();
  w.Key("matchExpressions");
  w.BeginArray();
  for (const Term& t : terms) WriteExpression(w, t.key, t.op, t.values);
  w.EndArray();
  w.EndObject();
}

void WriteDenyIngress(StructuredWriter& w, const NamespacePlan& ns) {
  BeginPolicy(w, ns, "default-deny-ingress", {}, true, false);
  EndPolicy(w);
}

void WriteDenyEgressAllowDns(StructuredWriter& w, const NamespacePlan& ns) {
  BeginPolicy(w, ns, "default-deny-egress", {}, false, true);
  w.Key("egress");
  w.BeginArray();
  w.BeginObject();  // DNS to kube-system's CoreDNS
  w.Key("to");
  w.BeginArray();
  w.BeginObject();
  w.Key("namespaceSelector");
  WriteMatchLabels(w, {{"kubernetes.io/metadata.name", kSystemNamespace}});
  w.Key("podSelector");
  WriteMatchLabels(w, {{"k8s-app", "kube-dns"}});
  w.EndObject();
  w.EndArray();
  w.Key("ports");
  w.BeginArray();
  WriteNumberPort(w, "UDP", 53);
  WriteNumberPort(w, "TCP", 53);
  w.EndArray();
  w.EndObject();
  w.BeginObject();  // and anything in the own namespace
  w.Key("to");
  w.BeginArray();
  w.BeginObject();
  w.Key("podSelector");
  w.BeginObject();
  w.EndObject();
  w.EndObject();
  w.EndArray();
  w.EndObject();
  w.EndArray();
  EndPolicy(w);
}

/// The shapes of allow policies; realistic cycles through all, adversarial through the cross-namespace ones.
enum Shape { kSameNs, kFromTeam, kFromNamespace, kEgressInternet, kFromExternal, kFromMonitoring, kEgressTier, kAnyNs };
constexpr Shape kRealisticShapes[] = {kSameNs,       kFromTeam,       kFromNamespace, kEgressInternet,
                                      kFromExternal, kFromMonitoring, kEgressTier};
constexpr Shape kAdversarialShapes[] = {kFromTeam,   kFromNamespace,  kFromExternal,  kAnyNs,
                                        kEgressTier, kFromMonitoring, kEgressInternet};
constexpr const char* kShapeNames[] = {"same-namespace", "from-team",       "from-namespace", "egress-internet",
                                       "from-external",  "from-monitoring", "egress-tier",    "any-namespace"};

void WriteAllowPolicy(StructuredWriter& w, const ClusterPlan& plan, const NamespacePlan& ns, std::int64_t index,
                      bool adversarial, PolicyPools& pools, Rng& rng) {
  std::int64_t g = pools.next_allow++;
  Shape shape = adversarial ? kAdversarialShapes[g % 7] : kRealisticShapes[g % 7];
  std::int64_t workloads = static_cast<std::int64_t>(ns.workloads.size());
  const WorkloadPlan* target = workloads == 0 ? nullptr : &ns.workloads[static_cast<std::size_t>(index % workloads)];
  const WorkloadPlan* peer = workloads == 0 ? nullptr : &ns.workloads[static_cast<std::size_t>(rng.Below(workloads))];
  std::size_t first_app = plan.namespaces.front().system ? 1 : 0;
  std::int64_t apps = static_cast<std::int64_t>(plan.namespaces.size() - first_app);
  const NamespacePlan& other = plan.namespaces[first_app + static_cast<std::size_t>(rng.Below(apps))];
  std::string other_team = kTeams[rng.Below(kTeamCount)];
  // A workload of the other namespace, so that cross-namespace peers select pods that exist.
  std::int64_t other_workloads = static_cast<std::int64_t>(other.workloads.size());
  const WorkloadPlan* remote =
      other_workloads == 0 ? nullptr : &other.workloads[static_cast<std::size_t>(rng.Below(other_workloads))];
  std::string some_app = remote == nullptr ? AppWorkloadName(rng.Below(kAppCount)) : remote->name;
  const AppKind& remote_app = kApps[remote == nullptr ? 0 : remote->app];
  std::vector<std::string> remote_tiers{remote_app.tier};
  if (remote_tiers[0] != std::string("frontend")) remote_tiers.insert(remote_tiers.begin(), "frontend");
  const AppKind& app = kApps[target == nullptr ? 0 : target->app];
  LabelList selector;
  if (target != nullptr && shape != kFromMonitoring) selector = SelectorLabels(*target);
  bool egress = shape == kEgressInternet || shape == kEgressTier;
  BeginPolicy(w, ns, std::string("allow-") + kShapeNames[shape] + "-" + std::to_string(index), selector, !egress,
              egress);
  BeginRule(w, egress ? "egress" : "ingress", egress ? "to" : "from");
  bool has_range = false;
  switch (shape) {
    case kSameNs:  // another workload of the namespace, to the target's named port
      w.BeginObject();
      w.Key("podSelector");
      WriteMatchLabels(w, peer == nullptr ? LabelList{{"tier", "frontend"}} : SelectorLabels(*peer));
      w.EndObject();
      BeginPorts(w, true);
      WriteNamedPort(w, app.port_name);
      break;
    case kFromTeam:  // the front end and one other tier of every namespace of a team
      w.BeginObject();
      w.Key("namespaceSelector");
      WriteMatchLabels(w, {{"team", other.team}});
      w.Key("podSelector");
      WriteExpressions(w, {{"tier", "In", remote_tiers}});
      w.EndObject();
      BeginPorts(w, true);
      WriteNumberPort(w, "TCP", app.port);
      break;
    case kFromNamespace:  // one app of one namespace, named by kubernetes.io/metadata.name, to a port range
      w.BeginObject();
      w.Key("namespaceSelector");
      WriteMatchLabels(w, {{"kubernetes.io/metadata.name", other.name}});
      w.Key("podSelector");
      WriteMatchLabels(w, {{"app", some_app}});
      w.EndObject();
      BeginPorts(w, true);
      WriteRangePort(w, pools, "TCP");
      has_range = true;
      break;
    case kEgressInternet:
      WriteIpBlockPeer(w, pools);
      BeginPorts(w, true);
      WriteNumberPort(w, "TCP", 443);
      break;
    case kFromExternal:
      WriteIpBlockPeer(w, pools);
      BeginPorts(w, true);
      WriteNamedPort(w, app.port_name);
      break;
    case kFromMonitoring: {  // every pod's metrics port, from two teams outside one environment
      std::vector<std::string> teams{other.team};
      if (other_team != other.team) teams.insert(other_team < other.team ? teams.begin() : teams.end(), other_team);
      std::string excluded = other.env == kEnvs[2] ? kEnvs[0] : kEnvs[2];
      w.BeginObject();
      w.Key("namespaceSelector");
      WriteExpressions(w, {{"team", "In", teams}, {"env", "NotIn", {excluded}}});
      w.EndObject();
      BeginPorts(w, true);
      WriteNamedPort(w, "metrics");
      break;
    }
    case kEgressTier:  // one tier in every namespace of one environment, on that app's port and 6379
      w.BeginObject();
      w.Key("namespaceSelector");
      WriteMatchLabels(w, {{"env", other.env}});
      w.Key("podSelector");
      WriteExpressions(w, {{"tier", "In", {remote_app.tier}}});
      w.EndObject();
      BeginPorts(w, true);
      WriteNumberPort(w, "TCP", remote_app.port);
      if (remote_app.port != 6379) WriteNumberPort(w, "TCP", 6379);
      break;
    case kAnyNs:  // every namespace, pods with a tier but not one app, on two ranges
      w.BeginObject();
      w.Key("namespaceSelector");
      w.BeginObject();
      w.EndObject();
      w.Key("podSelector");
      WriteExpressions(w, {{"app", "NotIn", {some_app}}, {"tier", "Exists", {}}});
      w.EndObject();
      BeginPorts(w, true);
      WriteRangePort(w, pools, "TCP");
      WriteRangePort(w, pools, "UDP");
      has_range = true;
      break;
  }
  if (adversarial && !has_range) WriteRangePort(w, pools, "TCP");
  EndRule(w, true);
  EndPolicy(w);
}

LabelList RandomLabels(const GeneratorParams& p, Rng& rng) {
  std::int64_t first = rng.Below(p.label_keys);
  LabelList labels{{kLabelKeys[first], kLabelKeys[first] + std::to_string(rng.Below(p.label_values))}};
  if (p.label_keys > 1 && rng.Percent(50)) {
    std::int64_t second = (first + 1 + rng.Below(p.label_keys - 1)) % p.label_keys;
    labels.emplace_back(kLabelKeys[second], kLabelKeys[second] + std::to_string(rng.Below(p.label_values)));
    if (second < first) std::swap(labels[0], labels[1]);
  }
  return labels;
}

/// Kano's shape: select by random labels, admit ingress from random labels, on one port or all.
void WriteRandomPolicy(StructuredWriter& w, const GeneratorParams& p, const NamespacePlan& ns, std::int64_t index,
                       Rng& rng) {
  LabelList selector = RandomLabels(p, rng);
  BeginPolicy(w, ns, "policy-" + std::to_string(index), selector, true, false);
  BeginRule(w, "ingress", "from");
  w.BeginObject();
  w.Key("podSelector");
  WriteMatchLabels(w, RandomLabels(p, rng));
  w.EndObject();
  bool ports = rng.Percent(50);
  BeginPorts(w, ports);
  if (ports) WriteNumberPort(w, "TCP", kApps[rng.Below(kAppCount)].port);
  EndRule(w, ports);
  EndPolicy(w);
}

void WritePolicies(StructuredWriter& w, const GeneratorParams& p, const ClusterPlan& plan) {
  PolicyPools pools;
  pools.port_ranges = p.port_ranges;
  pools.ip_blocks = p.ip_blocks;
  std::int64_t a = 0;
  for (const NamespacePlan& ns : plan.namespaces) {
    if (ns.system) continue;
    Rng rng(Mix(p.seed, static_cast<std::uint64_t>(2 * a + 1)));
    ++a;
    std::int64_t j = 0;
    if (p.style == PolicyStyle::kRandom) {
      for (; j < ns.policies; ++j) WriteRandomPolicy(w, p, ns, j, rng);
      continue;
    }
    if (j < ns.policies) WriteDenyIngress(w, ns), ++j;
    if (ns.lock_egress && j < ns.policies && j + 1 < ns.policies) WriteDenyEgressAllowDns(w, ns), ++j;
    for (std::int64_t allow = 0; j < ns.policies; ++j, ++allow) {
      WriteAllowPolicy(w, plan, ns, allow, p.style == PolicyStyle::kAdversarial, pools, rng);
    }
  }
}

}  // namespace generate_internal
}  // namespace kreach
