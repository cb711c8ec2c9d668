#include "sim/report/teach.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iterator>
#include <ostream>
#include <set>
#include <sstream>

#include "sim/model/protocol.h"
#include "sim/model/text.h"
#include "sim/net/endpoint.h"
#include "sim/net/ways_in.h"

namespace kreach {

namespace {

const char* DirName(Direction d) { return d == Direction::kIngress ? "ingress" : "egress"; }

/// Upper-cases the first letter unless the first word is a name (a/b, an address, a file): "egress policy of
/// a/b drops it" → "Egress policy of a/b drops it", "a/b is isolated" stays.
std::string Capitalized(std::string s) {
  std::size_t end = s.find(' ');
  std::string first = s.substr(0, end);
  bool name = first.find_first_of("/.0123456789") != std::string::npos;
  if (!s.empty() && !name) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string Sentence(std::string s) {
  s = Capitalized(std::move(s));
  if (!s.empty() && s.back() != '.' && s.back() != ':') s += '.';
  return s;
}

std::string RuleName(const RuleAnalysis& a, Direction d) {
  return a.policy->Key() + " " + DirName(d) + " rule " + std::to_string(a.rule);
}

std::string RuleLine(const RuleAnalysis& a, Direction d) {
  std::string head = RuleName(a, d) + ": ";
  if (a.Admits()) return head + "admits it";
  if (!a.peer_matches && a.port_matches) return head + "the port matches, but " + a.peer_reason;
  if (a.peer_matches && !a.port_matches) return head + "the peer matches, but " + a.port_reason;
  return head + a.peer_reason + "; and " + a.port_reason;
}

/// A hint's name for an end: the workload of a pod ("deployment/shop/catalog") rather than its generated name, as
/// an expectation would name it; a bare pod, a node or an address as EndText says.
std::string HintEnd(const Cluster& c, const Peer& p) {
  if (p.pod != nullptr) {
    if (std::string workload = WorkloadEndpoint(*p.pod); !workload.empty()) return workload;
  }
  return EndText(c, p);
}

/// The labels of a pod a hint names by its workload: without the labels that differ from pod to pod of it.
std::string HintLabels(const Pod& pod) {
  Labels shown = pod.labels;
  shown.erase("statefulset.kubernetes.io/pod-name");
  shown.erase("apps.kubernetes.io/pod-index");
  return LabelsText(shown);
}

/// The Service whose address an ipBlock of rule `a` contains and whose selector picks the pod `pod` (a ClusterIP
/// the rule was written for), or null.
const Service* DnatedService(const Cluster& c, const RuleAnalysis& a, Direction d, const Peer& pod) {
  if (pod.pod == nullptr) return nullptr;
  const PolicyRule& rule =
      (d == Direction::kIngress ? a.policy->ingress : a.policy->egress)[static_cast<std::size_t>(a.rule)];
  for (const Service& s : c.services) {
    if (s.ns != pod.pod->ns || !s.selector || s.selector->empty() || !SelectsLabels(*s.selector, pod.pod->labels)) {
      continue;
    }
    for (const PolicyPeer& peer : rule.peers) {
      if (!peer.ip_block) continue;
      for (Ipv4 ip : s.cluster_ips) {
        if (peer.ip_block->cidr.Contains(ip)) return &s;
      }
    }
  }
  return nullptr;
}

/// "app: web, tier: db": labels as a matchLabels mapping's inside.
std::string MatchLabelsText(const Labels& labels) {
  std::vector<std::string> items;
  for (const auto& [k, v] : labels) items.push_back(k + ": " + v);
  return Join(items, ", ");
}

std::string DnatText(const Cluster& c, const Service& s, const Peer& pod, const std::string& rule) {
  return "The ipBlock of " + rule + " holds the ClusterIP " + FormatIpv4(s.cluster_ips.front()) + " of Service " +
         s.ns + "/" + s.name + ", but kube-proxy translates a " +
         "Service address to a pod's address (DNAT) before the packet leaves the node, so policy sees the address " +
         "of " + HintEnd(c, pod) + ", never the ClusterIP. Select the Service's pods with selectors instead: " +
         "`namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: " + s.ns + "}}` and, in the same peer, " +
         "`podSelector: {matchLabels: {" + MatchLabelsText(*s.selector) + "}}`";
}

void AddHint(std::vector<Hint>& hints, HintKind kind, std::string object, std::string text) {
  text = Sentence(std::move(text));
  for (const Hint& h : hints) {
    if (h.text == text) return;
  }
  hints.push_back(Hint{kind, std::move(object), std::move(text)});
}

/// Why: the own-node switch that decided a policy hop (NP-8, NP-24) and the texts that disagree about it.
void ExplainOwnNodeSwitch(const Hop& hop, Lesson& lesson) {
  if (!hop.own_node_switch || !hop.verdict) return;
  lesson.why.push_back(Sentence(OwnNodeSwitchText(*hop.own_node_switch, *hop.verdict)));
  for (const std::string& source : OwnNodeSources()) lesson.why.push_back(Sentence(source));
}

/// The hint for a hop an own-node switch decided: the flag that gives the other plugins' answer. It comes after the
/// usual fixes (a policy rule, externalTrafficPolicy), which it must not crowd out.
std::string OwnNodeHint(const Hop& hop) {
  const OwnNodeSwitch& s = *hop.own_node_switch;
  if (s.via_snat && s.allowed) {
    return "The packet comes from the pod's own node only because kube-proxy SNATed it (NP-24): "
           "`externalTrafficPolicy: Local` on the Service keeps the client's address, so the pod's ingress rules "
           "decide; --option snatFromOwnNodeExempt=false gives the answer of a plugin that filters such packets by "
           "the node address (docs/semantics.md, \"Traffic to the pod's own node\")";
  }
  std::string hint =
      "Kubernetes' concept page and its API reference disagree about traffic between a pod and its "
      "own node, and network plugins differ (docs/semantics.md, \"Traffic to the pod's own node\"): " +
      s.Flag() + " (or cluster.options." + s.key + ": " + (s.value ? "false" : "true") +
      " in the scenario) gives the answer of a plugin that " + (s.allowed ? "filters" : "exempts") + " it";
  if (!s.allowed) {
    hint += "; under the canonical model, admit the node's address with an ipBlock (`ipBlock: {cidr: " +
            FormatIpv4(hop.verdict->other.ip) + "/32}`)";
  }
  return hint;
}

/// Why a policy denied `v` (the rules that come closest), with hints.
void ExplainDenial(const Network& net, const Branch& b, const DirectionVerdict& v, Direction d, const TeachContext& ctx,
                   Lesson& lesson) {
  const Cluster& c = net.cluster();
  const std::string self = EndText(c, v.self);
  const std::string other = EndText(c, v.other);
  const std::string probe =
      v.protocol == Protocol::kIcmp ? "ICMP" : std::string(ProtocolName(v.protocol)) + "/" + std::to_string(v.port);
  std::vector<std::string> names;
  for (const NetworkPolicy* p : v.isolating) names.push_back(p->Key());
  lesson.why.push_back(Sentence(self + " is isolated for " + DirName(d) + " by " + Join(names, ", ") + " (" +
                                (names.size() == 1 ? "it selects" : "they select") + " the pod), and no " + DirName(d) +
                                " rule allows " + probe + (d == Direction::kIngress ? " from " : " to ") + other));
  std::vector<RuleDetail> rules = AnalyzeRuleDetails(c, net.options(), v, d);
  std::size_t lines = 0;
  for (const NetworkPolicy* p : v.isolating) {
    const std::vector<PolicyRule>& list = d == Direction::kIngress ? p->ingress : p->egress;
    if (list.empty() && lines < 8) {
      lesson.why.push_back(Sentence(p->Key() + " has no " + DirName(d) + " rules: it only isolates (a default deny)"));
      ++lines;
    }
  }
  // The closest rules first (a matching peer, then a matching port), at most eight lines in all.
  std::vector<const RuleDetail*> ordered;
  for (const RuleDetail& r : rules) ordered.push_back(&r);
  std::stable_sort(ordered.begin(), ordered.end(), [](const RuleDetail* x, const RuleDetail* y) {
    auto rank = [](const RuleAnalysis& a) { return a.peer_matches ? 0 : a.port_matches ? 1 : 2; };
    return rank(x->analysis) < rank(y->analysis);
  });
  std::size_t shown = 0;
  for (const RuleDetail* r : ordered) {
    if (lines >= 8) break;
    lesson.why.push_back(Sentence(RuleLine(r->analysis, d)));
    ++lines;
    ++shown;
  }
  if (shown < ordered.size()) {
    const std::size_t rest = ordered.size() - shown;
    lesson.why.push_back("(" + std::to_string(rest) + (rest == 1 ? " more rule does" : " more rules do") +
                         " not match either.)");
  }

  // Hints, from the way the closest rules miss: those whose peer matches and only the port does not (most often the
  // rule meant for this traffic), else those whose port matches, else any.
  auto closeness = [](const RuleAnalysis& a) { return a.peer_matches ? 0 : a.port_matches ? 1 : 2; };
  int best = 2;
  for (const RuleDetail& r : rules) best = std::min(best, closeness(r.analysis));
  const bool snat = v.other.pod == nullptr && v.other.ip != b.src.ip && c.FindNodeByIp(v.other.ip) != nullptr;
  bool ip_miss = false;
  for (const RuleDetail& r : rules) {
    ip_miss = ip_miss || (closeness(r.analysis) == best &&
                          (r.peer_miss == PeerMiss::kIpOutside || r.peer_miss == PeerMiss::kIpExcepted));
  }
  // An extra policyType first: a policy whose rules are all for the other direction isolates this one too.
  for (const NetworkPolicy* p : v.isolating) {
    const bool none_here = (d == Direction::kIngress ? p->ingress : p->egress).empty();
    const bool rules_there = !(d == Direction::kIngress ? p->egress : p->ingress).empty();
    // Its rules are all for the other direction, or it lists both types and has no rules at all (was only the
    // other direction meant?). A policy of one type and no rules is a deliberate default deny: not this.
    if (!none_here || !(rules_there || (p->ingress_type && p->egress_type))) continue;
    const char* type = d == Direction::kIngress ? "Ingress" : "Egress";
    const char* there = d == Direction::kIngress ? "egress" : "ingress";
    AddHint(lesson.hints, HintKind::kRemovePolicyType, p->Key(),
            p->Key() + " lists " + type + " in policyTypes but has " +
                (rules_there ? std::string("only ") + there + " rules" : std::string("no ") + DirName(d) + " rules") +
                ", so it isolates the pods it selects for " + DirName(d) + " and drops everything they " +
                (d == Direction::kIngress ? "receive" : "send") + " that no other policy allows. If " + DirName(d) +
                " was meant to stay open, remove " + type +
                " from its policyTypes (rules added for this traffic would " + "leave the rest of its " + DirName(d) +
                " blocked)");
  }
  if (snat && b.service != nullptr) {
    // The client's address is gone before any rule looks at it: no rule about addresses can fix that.
    lesson.why.push_back(Sentence("The packet arrives with the source " + FormatIpv4(v.other.ip) + ", the node's " +
                                  "address: kube-proxy SNATs traffic that comes in through Service " + b.service->ns +
                                  "/" + b.service->name + " (externalTrafficPolicy " +
                                  TrafficPolicyName(b.service->external_traffic_policy) +
                                  "), so the policy never sees the client " + FormatIpv4(b.src.ip)));
    AddHint(lesson.hints, HintKind::kOther, "",
            "Set `externalTrafficPolicy: Local` on Service " + b.service->ns + "/" + b.service->name +
                ": the client address is kept (then only nodes with a local endpoint deliver); "
                "admitting the node addresses instead would admit every client");
  }
  if (b.external_name != nullptr) {
    AddHint(lesson.hints, HintKind::kOther, "",
            b.external_name->ns + "/" + b.external_name->name +
                " is an ExternalName Service, only a "
                "DNS alias (CNAME): the connection goes to the address the name resolves to, " +
                FormatIpv4(v.other.ip) +
                ", and that address is what an egress rule must allow "
                "(an ipBlock), not the Service");
  }
  for (const RuleDetail& r : rules) {
    const RuleAnalysis& a = r.analysis;
    if (closeness(a) != best) continue;
    if (!a.peer_matches) {
      const Pod* op = v.other.pod;
      switch (r.peer_miss) {
        case PeerMiss::kOtherNamespace:
          AddHint(lesson.hints, HintKind::kAllowPeer, RuleName(a, d),
                  "A podSelector alone selects pods of the policy's own namespace (" + a.policy->ns + "). To admit " +
                      HintEnd(c, v.other) +
                      ", put a namespaceSelector in the same peer as the podSelector: `- namespaceSelector: "
                      "{matchLabels: {kubernetes.io/metadata.name: " +
                      (op ? op->ns : std::string("NS")) +
                      "}}` and, on the next line without a dash, `podSelector: ...` (one peer: both must match)");
          break;
        case PeerMiss::kNamespaceLabels: {
          // kubernetes.io/metadata.name is set by the API server: select by it, never relabel it; and relabel only a
          // Namespace the fix may touch.
          const std::string ns = op ? op->ns : std::string("NS");
          bool by_name = false;
          const PolicyRule& rule =
              (d == Direction::kIngress ? a.policy->ingress : a.policy->egress)[static_cast<std::size_t>(a.rule)];
          for (const PolicyPeer& peer : rule.peers) {
            if (peer.namespace_selector &&
                peer.namespace_selector->ToString().find("kubernetes.io/metadata.name") != std::string::npos) {
              by_name = true;
            }
          }
          AddHint(lesson.hints, HintKind::kAllowPeer, RuleName(a, d),
                  "Every namespace has the label kubernetes.io/metadata.name=<its name> (the API server sets it): "
                  "select namespace " +
                      ns + " with it");
          if (!by_name && op != nullptr && ctx.MayTouch(ns)) {
            AddHint(lesson.hints, HintKind::kRelabel, ns,
                    "Or give Namespace " + ns + " the label your namespaceSelector expects");
          }
          break;
        }
        case PeerMiss::kPodLabels:
          AddHint(lesson.hints, HintKind::kAllowPeer, RuleName(a, d),
                  "Compare the podSelector with the labels of " + HintEnd(c, v.other) +
                      " (kubectl get pods --show-labels): every matchLabels entry must be on the pod");
          break;
        case PeerMiss::kNotAPod:
          if (ip_miss || (snat && b.service != nullptr)) break;  // said better by the ipBlock or SNAT hint
          if (snat && b.service != nullptr) {
            AddHint(lesson.hints, HintKind::kOther, "",
                    "The packet reaches the pod SNATed to the node address " + FormatIpv4(v.other.ip) + " (Service " +
                        b.service->ns + "/" + b.service->name + " has externalTrafficPolicy " +
                        TrafficPolicyName(b.service->external_traffic_policy) +
                        "), so the policy never sees the client's address " + FormatIpv4(b.src.ip) +
                        ". Set `externalTrafficPolicy: Local` on the Service to keep the client "
                        "address (then only nodes with a local endpoint deliver), or admit the node addresses with an "
                        "ipBlock");
          } else {
            AddHint(lesson.hints, HintKind::kIpBlock, FormatIpv4(v.other.ip),
                    HintEnd(c, v.other) +
                        " is not a pod, and podSelector/namespaceSelector match only pods: admit "
                        "an address with an ipBlock peer (`ipBlock: {cidr: " +
                        FormatIpv4(v.other.ip) + "/32}` or its network)");
          }
          break;
        case PeerMiss::kIpOutside:
          if (snat && b.service != nullptr) break;
          if (IsPolicyPod(net.options(), v.other)) {
            // Never an ipBlock for a pod's address: a Service address the rule names is DNATed to the pod's
            // before policy sees it, and a pod's own address changes with every new pod.
            if (const Service* s = DnatedService(c, a, d, v.other)) {
              AddHint(lesson.hints, HintKind::kDnat, RuleName(a, d), DnatText(c, *s, v.other, RuleName(a, d)));
            } else {
              AddHint(lesson.hints, HintKind::kAllowPeer, RuleName(a, d),
                      HintEnd(c, v.other) + " is a pod: select it" + " with a podSelector on its labels (" +
                          HintLabels(*v.other.pod) + ") and a namespaceSelector for namespace " + v.other.pod->ns +
                          ", not with its address, which changes whenever the pod is replaced");
            }
            break;
          }
          AddHint(lesson.hints, HintKind::kIpBlock, FormatIpv4(v.other.ip),
                  "Widen the ipBlock's cidr to contain " + FormatIpv4(v.other.ip) + ", or add an ipBlock peer for it");
          break;
        case PeerMiss::kIpExcepted:
          if (IsPolicyPod(net.options(), v.other)) {
            AddHint(lesson.hints, HintKind::kAllowPeer, RuleName(a, d),
                    HintEnd(c, v.other) + " is a pod: select it with a podSelector on its labels (" +
                        HintLabels(*v.other.pod) + ") and a namespaceSelector for namespace " + v.other.pod->ns +
                        ", not with its address, which changes whenever the pod is replaced");
            break;
          }
          AddHint(
              lesson.hints, HintKind::kIpBlock, FormatIpv4(v.other.ip),
              FormatIpv4(v.other.ip) + " is in an `except` range of the ipBlock: everything in `except` is left out");
          break;
        case PeerMiss::kIpBlockPod:
          AddHint(lesson.hints, HintKind::kAllowPeer, RuleName(a, d),
                  "Select the pod with a podSelector (and namespaceSelector): under ipBlockMatchesPods=false "
                  "an ipBlock never matches pod addresses");
          break;
        case PeerMiss::kNone: break;
      }
    }
    if (a.peer_matches && !a.port_matches) {
      const PolicyRule& rule =
          (d == Direction::kIngress ? a.policy->ingress : a.policy->egress)[static_cast<std::size_t>(a.rule)];
      bool lists_service_port = b.service_port != nullptr && b.service_port->port != v.port &&
                                std::any_of(rule.ports.begin(), rule.ports.end(), [&](const PolicyPort& p) {
                                  return p.has_port && p.port_name.empty() && p.protocol == v.protocol &&
                                         p.port <= b.service_port->port &&
                                         b.service_port->port <= std::max(p.port, p.end_port);
                                });
      if (lists_service_port) {
        AddHint(
            lesson.hints, HintKind::kAllowPort, RuleName(a, d),
            "The rule allows port " + std::to_string(b.service_port->port) + ", the port of Service " + b.service->ns +
                "/" + b.service->name +
                ". kube-proxy translates it to the targetPort before the "
                "packet reaches the pod, and NetworkPolicy sees the pod's port: allow port " +
                std::to_string(v.port) +
                (b.service_port->target_port_name.empty() ? ""
                                                          : " (or its name " + b.service_port->target_port_name + ")") +
                " instead");
      } else if (r.port_miss == PortMiss::kProtocol) {
        AddHint(lesson.hints, HintKind::kAllowPort, RuleName(a, d),
                std::string("The rule's ports are for another protocol: add `{protocol: ") + ProtocolName(v.protocol) +
                    ", port: " + std::to_string(v.port) + "}`" +
                    (v.port == 53 ? " (DNS uses UDP 53, and TCP 53 for large answers)" : ""));
      } else if (r.port_miss == PortMiss::kNamedPort) {
        AddHint(lesson.hints, HintKind::kAllowPort, RuleName(a, d),
                "A named port matches only pods that have a container port of that name (with that "
                "protocol): name the port in the pod template, or give the number");
      } else if (r.port_miss == PortMiss::kIcmp) {
        AddHint(lesson.hints, HintKind::kAllowPort, RuleName(a, d), "ICMP (ping) passes only a rule without `ports`");
      } else {
        std::string name;
        const Peer& dst = d == Direction::kIngress ? v.self : v.other;
        if (dst.pod != nullptr) {
          for (const ContainerPort& cp : dst.pod->ports) {
            if (cp.port == v.port && cp.protocol == v.protocol && !cp.name.empty()) name = cp.name;
          }
        }
        AddHint(
            lesson.hints, HintKind::kAllowPort, RuleName(a, d),
            "Add port " + std::to_string(v.port) + " (" + ProtocolName(v.protocol) +
                ") to the rule's ports, or write a rule for it" +
                (name.empty() ? std::string()
                              : "; or use the port's name: `port: " + name + "` matches the container port called " +
                                    name + " on every pod that has one, whatever its number"));
      }
    }
  }
  if (lesson.hints.empty()) {
    std::string ns = v.self.pod ? v.self.pod->ns : std::string("its namespace");
    if (v.self.pod == nullptr || ctx.MayTouch(ns)) {
      AddHint(lesson.hints, HintKind::kAllowPeer, ns,
              std::string("To allow it, add a NetworkPolicy in namespace ") + ns + " that selects " +
                  HintEnd(c, v.self) +
                  (v.self.pod ? " (podSelector on its labels: " + HintLabels(*v.self.pod) + ")" : std::string()) +
                  " with an " + DirName(d) + " rule: " + (d == Direction::kIngress ? "`from:` " : "`to:` ") +
                  "a peer that matches " + HintEnd(c, v.other) + ", and `ports:` " + probe +
                  "; policies only add to what is allowed");
    } else {
      AddHint(lesson.hints, HintKind::kAdmittedBy, Join(names, ", "),
              "The " + std::string(DirName(d)) + " policies of namespace " + ns + " (" + Join(names, ", ") +
                  ") decide this, and that namespace is not part of the work: look for a rule of your own that " +
                  "drops it on the other side");
    }
  }
}

/// The namespaces `selector` selects, in the cluster's order.
std::vector<std::string> SelectedNamespaces(const Cluster& c, const LabelSelector& selector) {
  std::vector<std::string> out;
  for (const Namespace& ns : c.namespaces) {
    if (selector.Matches(ns.labels)) out.push_back(ns.name);
  }
  return out;
}

/// "namespaces a, b and c" (at most six named).
std::string NamespaceList(const std::vector<std::string>& names) {
  std::vector<std::string> shown(names.begin(),
                                 names.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(names.size(), 6)));
  std::string text = (names.size() == 1 ? "namespace " : "namespaces ") + Join(shown, ", ");
  if (names.size() > shown.size()) text += " and " + std::to_string(names.size() - shown.size()) + " more";
  return text;
}

/// Hints for a rule that admits a connection it should not: the over-broad part of it first (a peer of `{}`
/// selectors, a namespace label many namespaces share, two peers where one was meant, an ipBlock holding a pod's
/// address, no `from`/`to`, no `ports`), naming the policy, the rule and the peer; then, plainly, what admits it.
void NarrowingHints(const Cluster& c, const DirectionVerdict& v, Direction d, const RuleAnalysis& a, Lesson& lesson) {
  const PolicyRule& rule =
      (d == Direction::kIngress ? a.policy->ingress : a.policy->egress)[static_cast<std::size_t>(a.rule)];
  const char* key = d == Direction::kIngress ? "from" : "to";
  const std::string name = RuleName(a, d);
  const std::string who = HintEnd(c, v.other);
  const std::string other_ns = v.other.pod ? v.other.pod->ns : std::string();
  bool narrowed = false;
  if (a.matching_peer < 0) {
    AddHint(lesson.hints, HintKind::kNarrowPeer, name,
            name + " has no `" + key + "`, so it admits every peer, " + who + " too: list the peers that should get " +
                "through");
    narrowed = true;
  } else {
    const std::size_t i = static_cast<std::size_t>(a.matching_peer);
    const PolicyPeer& m = rule.peers[i];
    const std::string peer = std::string(key) + "[" + std::to_string(i) + "]";
    const std::string object = name + " " + peer;
    const std::string at = peer + " of " + name + " (" + m.ToString() + ")";
    int pod_only = -1;
    for (std::size_t p = 0; p < rule.peers.size(); ++p) {
      if (rule.peers[p].pod_selector && !rule.peers[p].namespace_selector && !rule.peers[p].ip_block) {
        pod_only = static_cast<int>(p);
      }
    }
    std::vector<std::string> namespaces;
    if (m.namespace_selector) namespaces = SelectedNamespaces(c, *m.namespace_selector);
    if (m.ip_block) {
      if (v.other.pod != nullptr) {
        // Never a pod address in `except` (pods restart with new ones): leave the whole pod network out, or, when
        // the block lies inside it, replace it with selectors.
        const Cidr& pods = c.config.pod_cidr;
        std::string fix;
        if (pods.Contains(m.ip_block->cidr)) {
          fix =
              ": it names pod addresses, which change whenever a pod restarts; remove it and admit the pods meant "
              "with a podSelector (and namespaceSelector)";
        } else if (pods.Contains(v.other.ip) && m.ip_block->cidr.Contains(pods)) {
          fix = ": an ipBlock matches pod addresses too, so leave the cluster's pod network out (list " +
                pods.ToString() +
                " under `except`, or narrow the cidr to the external networks meant) and admit "
                "pods with selectors, not addresses";
        } else {
          fix = ": narrow the cidr to the external networks meant, and admit pods with selectors, not addresses";
        }
        AddHint(lesson.hints, HintKind::kNarrowPeer, object,
                at + " contains " + FormatIpv4(v.other.ip) + ", the address of a pod of " + who + fix);
      } else {
        AddHint(lesson.hints, HintKind::kNarrowPeer, object,
                at + " contains " + FormatIpv4(v.other.ip) + ": narrow its cidr, or list the address under `except`");
      }
      narrowed = true;
    } else if (m.namespace_selector && m.namespace_selector->Empty() && other_ns != a.policy->ns) {
      AddHint(lesson.hints, HintKind::kNarrowPeer, object,
              at + " has `namespaceSelector: {}`, which selects every namespace: it admits " + who + " of namespace " +
                  other_ns + ". Select only the namespaces meant, by name: `namespaceSelector: {matchLabels: " +
                  "{kubernetes.io/metadata.name: <namespace>}}`, in the same peer as the podSelector");
      narrowed = true;
    } else if (m.namespace_selector && namespaces.size() > 1 && other_ns != a.policy->ns) {
      AddHint(lesson.hints, HintKind::kNarrowPeer, object,
              peer + " of " + name + ": its namespaceSelector " + m.namespace_selector->ToString() + " selects " +
                  NamespaceList(namespaces) + ", so it admits " + who + " of namespace " + other_ns +
                  ". To select one namespace, use the label the API server sets to each namespace's name: " +
                  "`namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: <namespace>}}`");
      narrowed = true;
    } else if (m.namespace_selector && !m.pod_selector && pod_only >= 0) {
      AddHint(lesson.hints, HintKind::kNarrowPeer, object,
              peer + " and " + key + "[" + std::to_string(pod_only) + "] of " + name +
                  " are two separate peers, and matching either is enough (OR): the namespaceSelector alone admits " +
                  "every pod of the namespaces it selects, " + who + " too. To require the namespace AND the pod " +
                  "labels, write one peer with both selectors (no `-` before podSelector)");
      narrowed = true;
    } else if (m.namespace_selector && !m.pod_selector) {
      AddHint(lesson.hints, HintKind::kNarrowPeer, object,
              at + ": a namespaceSelector alone admits every pod of the namespaces it selects, " + who +
                  " too: add a podSelector to the same peer to narrow it");
      narrowed = true;
    }
    if (!narrowed && m.pod_selector && m.pod_selector->Empty()) {
      AddHint(lesson.hints, HintKind::kNarrowPeer, object,
              at + " has `podSelector: {}`, which selects every pod of " +
                  (m.namespace_selector ? NamespaceList(namespaces) : "namespace " + a.policy->ns) + ", " + who +
                  " too: select the pods meant by their labels");
      narrowed = true;
    }
  }
  if (rule.ports.empty()) {
    AddHint(lesson.hints, HintKind::kAddPorts, name,
            name + " lists no `ports`, so it admits every port and protocol: list the ports it is for");
    narrowed = true;
  }
  if (!narrowed) {
    // Nothing over-broad to point at: say plainly what admits it and what would narrow it.
    std::string labels = v.other.pod ? " (pod labels " + HintLabels(*v.other.pod) + ")" : std::string();
    AddHint(lesson.hints, HintKind::kAdmittedBy, name,
            name + " admits it: its " +
                (a.matching_peer < 0 ? std::string("rule")
                                     : std::string(key) + "[" + std::to_string(a.matching_peer) + "] (" +
                                           rule.peers[static_cast<std::size_t>(a.matching_peer)].ToString() + ")") +
                " matches " + who + labels +
                ". To leave it out, narrow that peer (a label or namespace it does not share with the peers meant)");
  }
}

/// Why a policy hop allowed `v`, with hints for when it should not have.
void ExplainAllowed(const Network& net, const DirectionVerdict& v, Direction d, bool want_hints,
                    const TeachContext& ctx, Lesson& lesson) {
  const Cluster& c = net.cluster();
  const std::string self = EndText(c, v.self);
  const std::string other = EndText(c, v.other);
  switch (v.reason) {
    case Reason::kNotIsolated:
      lesson.why.push_back(
          Sentence("No NetworkPolicy selects " + self + " for " + DirName(d) + ", so it " +
                   (d == Direction::kIngress ? "accepts connections from anywhere" : "may connect anywhere")));
      if (want_hints && v.self.pod != nullptr && ctx.MayTouch(v.self.pod->ns)) {
        AddHint(lesson.hints, HintKind::kIsolate, v.self.pod->ns,
                "A pod is isolated only once a policy selects it for " + std::string(DirName(d)) +
                    ": add a NetworkPolicy in namespace " + v.self.pod->ns + " whose podSelector matches " +
                    HintEnd(c, v.self) + " (labels " + HintLabels(*v.self.pod) + ") and whose policyTypes list " +
                    (d == Direction::kIngress ? "Ingress" : "Egress") +
                    " (`podSelector: {}` with no rules denies the whole namespace)");
      }
      return;
    case Reason::kAllowedByRule: {
      std::vector<RuleDetail> rules = AnalyzeRuleDetails(c, net.options(), v, d);
      for (const RuleDetail& r : rules) {
        if (!r.analysis.Admits()) continue;
        const RuleAnalysis& a = r.analysis;
        const PolicyRule& rule =
            (d == Direction::kIngress ? a.policy->ingress : a.policy->egress)[static_cast<std::size_t>(a.rule)];
        std::string peer =
            a.matching_peer < 0
                ? std::string("it has no `") + (d == Direction::kIngress ? "from" : "to") + "`, so it admits every peer"
                : std::string("its ") + (d == Direction::kIngress ? "from[" : "to[") + std::to_string(a.matching_peer) +
                      "] (" + rule.peers[static_cast<std::size_t>(a.matching_peer)].ToString() + ") matches " + other;
        lesson.why.push_back(Sentence(self + " is isolated for " + DirName(d) + ", and " + RuleName(a, d) +
                                      " allows it: " + peer +
                                      (rule.ports.empty() ? " (the rule lists no ports: every port)" : "")));
        if (want_hints) NarrowingHints(c, v, d, a, lesson);
        break;
      }
      return;
    }
    case Reason::kNotAPod:
      if (d == Direction::kEgress) return;  // every external source: nothing to say
      lesson.why.push_back(Sentence(v.ToString(d)));
      return;
    default: lesson.why.push_back(Sentence(v.ToString(d))); return;
  }
}

/// An outcome in plain words, after "expected" or "it is".
std::string OutcomeWords(Outcome outcome) {
  switch (outcome) {
    case Outcome::kDelivered: return "delivered";
    case Outcome::kDropped:
      return "dropped on the way (by a NetworkPolicy, a load balancer's source ranges or a Local traffic policy)";
    case Outcome::kRefused: return "refused (no ready endpoint: the client sees \"connection refused\")";
    case Outcome::kNxdomain:
      return "stopped at the name lookup (the name does not resolve, or the DNS lookup is blocked)";
    case Outcome::kHttp404: return "answered 404 by the ingress controller (no rule for the host and path)";
    case Outcome::kHttp503: return "answered 503 by the ingress controller (the backend is missing or has no endpoint)";
  }
  return OutcomeName(outcome);
}

/// An outcome in a few words, after "instead of".
std::string OutcomeShort(Outcome outcome) {
  switch (outcome) {
    case Outcome::kDelivered: return "delivered";
    case Outcome::kDropped: return "dropped";
    case Outcome::kRefused: return "refused";
    case Outcome::kNxdomain: return "stopped at the name lookup";
    case Outcome::kHttp404: return "answered 404";
    case Outcome::kHttp503: return "answered 503";
  }
  return OutcomeName(outcome);
}

std::string ResultWords(Result result) {
  if (result == Result::kAllow) return "allowed";
  if (result == Result::kDeny) return "denied";
  return "partly allowed";
}

/// The branch that shows best why the expectation got its answer.
const Branch* Focus(const ExpectationOutcome& o) {
  const Trace& t = o.trace;
  const Expectation& e = *o.expect;
  bool want_delivered;
  if (o.got == e.result) {
    // The result matched (the outcome may not): the failure, if any, else a delivered path.
    want_delivered = t.outcome == Outcome::kDelivered;
  } else {
    want_delivered = e.result == Result::kDeny || (e.result == Result::kPartial && o.got == Result::kAllow);
  }
  for (const Branch& b : t.branches) {
    if (want_delivered ? b.outcome == Outcome::kDelivered : b.outcome == t.outcome) return &b;
  }
  for (const Branch& b : t.branches) {
    if (want_delivered == (b.outcome == Outcome::kDelivered)) return &b;
  }
  return t.branches.empty() ? nullptr : &t.branches.front();
}

void ExplainFailedBranch(const Network& net, const Branch& b, const std::string& to, const TeachContext& ctx,
                         Lesson& lesson) {
  const Cluster& c = net.cluster();
  const std::string src = EndText(c, b.src);
  switch (b.cause) {
    case Cause::kPolicy:
    case Cause::kDnsBlocked: {
      const Hop* hop = nullptr;
      for (const Hop& h : b.hops) {
        if (h.verdict && !h.verdict->allowed) {
          hop = &h;
          break;
        }
      }
      if (hop == nullptr) break;
      const DirectionVerdict& v = *hop->verdict;
      if (b.cause == Cause::kDnsBlocked) {
        lesson.why.push_back(Sentence(
            "The name lookup fails before any connection is made: every DNS lookup is itself a UDP 53 connection "
            "from " +
            src + " to the cluster DNS, and the " +
            (hop->direction == Direction::kEgress ? "egress policy of " + src : "ingress policy of the DNS pods") +
            " drops it"));
        ExplainDenial(net, b, v, hop->direction, ctx, lesson);
        if (hop->direction == Direction::kEgress) {
          // The closest rules are for other traffic: their misses are no help here, but an extra policyType and an
          // ipBlock on the DNS Service's address are.
          std::vector<Hint> kept;
          for (Hint& h : lesson.hints) {
            if (h.kind == HintKind::kRemovePolicyType || h.kind == HintKind::kDnat) kept.push_back(std::move(h));
          }
          lesson.hints = std::move(kept);
          AddHint(lesson.hints, HintKind::kDns, b.src.pod ? b.src.pod->ns : std::string(),
                  "Under an egress default deny every pod needs DNS allowed: add an egress rule "
                  "`to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: "
                  "kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]` with `ports: "
                  "[{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]`");
        }
        return;
      }
      lesson.why.push_back(Sentence("The " + std::string(DirName(hop->direction)) + " policy of " + EndText(c, v.self) +
                                    " drops the packet"));
      ExplainDenial(net, b, v, hop->direction, ctx, lesson);
      ExplainOwnNodeSwitch(*hop, lesson);
      return;
    }
    default: break;
  }
  // A ClusterIP dialled from outside: the hop that failed names the Service and port, the hint the ways in.
  const Hop* dialled = nullptr;
  for (const Hop& h : b.hops) {
    if (b.cause == Cause::kClusterIpExternal && h.failure == Cause::kClusterIpExternal) dialled = &h;
  }
  if (dialled != nullptr && dialled->to.service != nullptr) {
    const Service& s = *dialled->to.service;
    lesson.why.push_back(Sentence("ClusterIP " + FormatIpv4(dialled->to.ip) + " of " + s.ns + "/" + s.name +
                                  " exists only in the nodes' kube-proxy rules: a packet from outside the cluster "
                                  "never meets them and goes unanswered"));
    AddHint(lesson.hints, HintKind::kOther, "", OutsideAdvice(net, s, dialled->to.service_port));
    return;
  }
  lesson.why.push_back(Sentence(b.summary));
  // The Service the branch went through; a kube-proxy filter stops it before any endpoint, so its hop names it.
  const Service* svc = b.service;
  for (const Hop& h : b.hops) {
    if (svc == nullptr && h.failure != Cause::kNone) svc = h.service;
  }
  switch (b.cause) {
    case Cause::kNoDns:
      AddHint(lesson.hints, HintKind::kOther, "",
              "Names resolve through the cluster DNS Service (cluster.dnsService, kube-system/kube-dns "
              "by default): it needs ready pods listening on UDP 53");
      break;
    case Cause::kNxdomain:
      AddHint(lesson.hints, HintKind::kOther, "",
              "Check the name: a Service is <service>.<namespace> (short names resolve in the client's "
              "own namespace), a StatefulSet pod is <pod>.<serviceName>.<namespace> and needs a "
              "headless Service (`clusterIP: None`) named like the StatefulSet's serviceName");
      break;
    case Cause::kNotDnsClient:
      AddHint(lesson.hints, HintKind::kOther, "",
              "Only pods with dnsPolicy ClusterFirst use cluster DNS names: from a node or an external "
              "client, use an address (a NodePort, a load-balancer address) or a URL served by an "
              "Ingress");
      break;
    case Cause::kNamedPortMissing:
      AddHint(lesson.hints, HintKind::kOther, "",
              "A port name is looked up on each destination pod's containers: give the container port "
              "that name, or use the number");
      break;
    case Cause::kSourceRanges:
      AddHint(lesson.hints, HintKind::kOther, "",
              std::string("Add the client's network to spec.loadBalancerSourceRanges") +
                  (svc ? " of Service " + svc->ns + "/" + svc->name : std::string()) +
                  ": only sources inside those ranges get through the load balancer");
      break;
    case Cause::kTrafficPolicyLocal:
      AddHint(lesson.hints, HintKind::kOther, "",
              "With externalTrafficPolicy (or internalTrafficPolicy) Local a node delivers only to "
              "endpoints on itself and drops the rest: run an endpoint on every node that receives "
              "traffic (more replicas, a DaemonSet), or use Cluster and accept the SNAT");
      break;
    case Cause::kNoEndpoint:
      AddHint(lesson.hints, HintKind::kOther, "",
              "kube-proxy rejects connections to a Service without ready endpoints: compare the Service's "
              "selector with the pods' labels (kubectl get endpointslices) and check that the pods are "
              "ready");
      break;
    case Cause::kUncapturedPort:
      AddHint(lesson.hints, HintKind::kOther, "",
              "Dial one of the Service's own ports (`port`, not `targetPort`); other ports of the "
              "Service address go nowhere");
      break;
    case Cause::kClusterIpExternal:
      AddHint(lesson.hints, HintKind::kOther, "",
              "A ClusterIP exists only inside the cluster: expose the Service to outside clients with "
              "type NodePort or LoadBalancer, or route to it with an Ingress");
      break;
    case Cause::kNoIngressHost:
      AddHint(lesson.hints, HintKind::kOther, "",
              "No Ingress lists host " + to +
                  ": add a rule with that host to an Ingress of the "
                  "controller's class, or give the host's address in cluster.externalHosts");
      break;
    case Cause::kNoIngressRule:
      AddHint(lesson.hints, HintKind::kOther, "",
              "The controller answers 404 when no Ingress rule matches the host and the path: check the "
              "rule's host, its path and pathType (Prefix matches whole path segments, Exact the whole "
              "path)");
      break;
    case Cause::kIngressBackend:
      AddHint(lesson.hints, HintKind::kOther, "",
              "The controller answers 503 when the backend Service is missing, has no such port, or has "
              "no ready endpoint: check backend.service.name and port in the Ingress");
      break;
    default: break;
  }
}

}  // namespace

TeachContext SubmissionContext(const Scenario& scenario) {
  TeachContext ctx;
  if (scenario.scope && !scenario.scope->namespaces.empty()) {
    // The exercise says what a submission may touch: a hint never asks for more.
    ctx.namespaces = std::set<std::string>(scenario.scope->namespaces.begin(), scenario.scope->namespaces.end());
    return ctx;
  }
  if (scenario.submission_read.empty()) return ctx;
  auto read = [&](const Origin& origin) {
    const std::filesystem::path source = std::filesystem::path(origin.source).lexically_normal();
    for (const std::string& path : scenario.submission_read) {
      const std::filesystem::path base = std::filesystem::path(path).lexically_normal();
      auto [b, s] = std::mismatch(base.begin(), base.end(), source.begin(), source.end());
      if (b == base.end() || (std::next(b) == base.end() && b->empty())) return true;  // "dir/" ends in ""
    }
    return false;
  };
  std::set<std::string> namespaces;
  const Cluster& c = scenario.cluster;
  for (const NetworkPolicy& x : c.network_policies) {
    if (read(x.origin)) namespaces.insert(x.ns);
  }
  for (const Pod& x : c.pods) {
    if (read(x.origin)) namespaces.insert(x.ns);
  }
  for (const Workload& x : c.workloads) {
    if (read(x.origin)) namespaces.insert(x.ns);
  }
  for (const Service& x : c.services) {
    if (read(x.origin)) namespaces.insert(x.ns);
  }
  for (const Namespace& x : c.namespaces) {
    if (x.declared && read(x.origin)) namespaces.insert(x.name);
  }
  if (!namespaces.empty()) ctx.namespaces = std::move(namespaces);
  return ctx;
}

Lesson Teach(const ExpectationOutcome& o, const Network& net, const TeachContext& ctx) {
  Lesson lesson;
  const Expectation& e = *o.expect;
  const Trace& t = o.trace;
  std::size_t delivered = 0;
  for (const Branch& b : t.branches) delivered += b.outcome == Outcome::kDelivered;
  const std::size_t n = t.branches.size();
  std::string expected = "Expected " + e.from + " -> " + e.to + " on " + t.probe.ToString() + " to be " +
                         ResultWords(e.result) + (e.outcome ? std::string(" (") + OutcomeName(*e.outcome) + ")" : "");
  std::string got;
  if (delivered == n) {
    got = n == 1   ? "it is delivered"
          : n == 2 ? "both paths are delivered"
                   : "all " + std::to_string(n) + " paths are delivered";
  } else if (delivered == 0) {
    got = n == 1 ? std::string("it is ") + OutcomeName(t.outcome)
                 : std::string(n == 2 ? "neither path" : "none of its " + std::to_string(n) + " paths") +
                       " is delivered (" + OutcomeName(t.outcome) + ")";
  } else {
    got = std::to_string(delivered) + " of " + std::to_string(n) + " paths " + (delivered == 1 ? "is" : "are") +
          " delivered, the " + (n - delivered == 1 ? "other ends " : "others end ") + OutcomeName(t.outcome);
  }
  lesson.what = expected + (o.passed ? ", and " : ", but ") + got + ".";
  if (!o.passed && o.got == e.result && e.outcome && *e.outcome != t.outcome) {
    lesson.what += std::string(" The connection ") + (e.result == Result::kDeny ? "is blocked" : "ends") +
                   " as expected, but it is " + OutcomeWords(t.outcome) + " instead of " + OutcomeShort(*e.outcome) +
                   "." +
                   (t.outcome == Outcome::kNxdomain ? " A connection stopped at the name lookup tests no policy." : "");
  }
  if (!o.passed && (e.result == Result::kPartial || o.got == Result::kPartial) && n > 0) {
    lesson.what += " Partly allowed means that some of its paths (each a source and a destination pod) get " +
                   std::string("through and others do not: ") + (o.got == Result::kPartial ? "here " : "") +
                   std::to_string(delivered) + " of " + std::to_string(n) + (delivered == 1 ? " is" : " are") +
                   " delivered.";
  }

  const Branch* b = Focus(o);
  if (b == nullptr) return lesson;
  std::string path = b->src.ToString() + " -> " + ReceiverText(*b);
  if (b->outcome == Outcome::kDelivered) {
    if (n > 1) lesson.why.push_back("On the path " + path + ":");
    // Hints for a connection that should have been denied: isolate the receiver first (ingress), the sender's
    // egress only when the receiver side has nothing to offer.
    Lesson egress_hints;
    for (const Hop& h : b->hops) {
      if (h.kind != Hop::Kind::kPolicy || !h.verdict) continue;
      Lesson& into = h.direction == Direction::kEgress ? egress_hints : lesson;
      std::size_t why_before = into.why.size();
      ExplainAllowed(net, *h.verdict, h.direction, !o.passed, ctx, into);
      ExplainOwnNodeSwitch(h, into);
      if (&into == &egress_hints) {
        lesson.why.insert(lesson.why.end(), egress_hints.why.begin() + static_cast<std::ptrdiff_t>(why_before),
                          egress_hints.why.end());
      }
    }
    // The over-broad rule first (either side), else the rule that admits it said plainly, then isolating the
    // receiver, then the sender; a pod outside what the fix may touch is never to be isolated.
    std::vector<Hint> all = lesson.hints;
    const bool ingress_isolates =
        std::any_of(all.begin(), all.end(), [](const Hint& h) { return h.kind == HintKind::kIsolate; });
    for (const Hint& h : egress_hints.hints) {
      if (!(ingress_isolates && h.kind == HintKind::kIsolate)) all.push_back(h);
    }
    auto rank = [](const Hint& h) {
      switch (h.kind) {
        case HintKind::kNarrowPeer:
        case HintKind::kAddPorts:
        case HintKind::kRemovePolicyType: return 0;
        case HintKind::kAdmittedBy: return 2;
        case HintKind::kIsolate: return 3;
        default: return 1;
      }
    };
    std::stable_sort(all.begin(), all.end(), [&](const Hint& x, const Hint& y) { return rank(x) < rank(y); });
    // The rule that admits it is named plainly unless a hint already points at what is too broad in it.
    const bool narrowed = !all.empty() && rank(all.front()) == 0;
    // Once a hint points at what is too broad, isolating either end is not offered: locking down the other side
    // is how a student passes with the over-broad rule still in place.
    lesson.hints.clear();
    for (Hint& h : all) {
      if (!narrowed || (h.kind != HintKind::kAdmittedBy && h.kind != HintKind::kIsolate)) {
        lesson.hints.push_back(std::move(h));
      }
    }
    if (lesson.why.empty() || (n > 1 && lesson.why.size() == 1)) {
      lesson.why.push_back(Sentence("no NetworkPolicy applies on this path"));
    }
    const Service* lb = b->service;
    if (!o.passed && e.result != Result::kAllow && lb != nullptr && lb->type == ServiceType::kLoadBalancer &&
        b->src.pod == nullptr && net.cluster().FindNodeByIp(b->src.ip) == nullptr) {
      lesson.hints.insert(lesson.hints.begin(),
                          Hint{HintKind::kService, lb->ns + "/" + lb->name,
                               Sentence("To choose who may use the load balancer of " + lb->ns + "/" + lb->name +
                                        ", list the allowed client networks in its spec.loadBalancerSourceRanges: "
                                        "other sources are dropped before they reach a pod")});
    }
    if (!o.passed && e.result == Result::kDeny && lesson.hints.empty()) {
      const Pod* to_pod = b->dst ? b->dst->pod : nullptr;
      const Pod* from_pod = b->src.pod;
      const bool to_ok = to_pod == nullptr || ctx.MayTouch(to_pod->ns);
      const bool from_ok = from_pod == nullptr || ctx.MayTouch(from_pod->ns);
      if (to_ok || from_ok) {
        AddHint(lesson.hints, HintKind::kIsolate,
                to_pod && to_ok       ? to_pod->ns
                : from_pod && from_ok ? from_pod->ns
                                      : std::string(),
                std::string("NetworkPolicy can only deny by isolating a pod: select ") +
                    (to_ok && from_ok ? "the receiving pod (ingress) or the sending pod (egress)"
                     : to_ok          ? "the receiving pod (ingress)"
                                      : "the sending pod (egress)") +
                    " with a policy that does not allow this connection");
      } else {
        AddHint(lesson.hints, HintKind::kAdmittedBy, "",
                "No policy on this path isolates either end, and neither end's namespace is part of the work: "
                "nothing you may change decides this connection");
      }
    }
  } else {
    if (n > 1) lesson.why.push_back("On the path " + path + " (" + OutcomeName(b->outcome) + "):");
    ExplainFailedBranch(net, *b, e.to, ctx, lesson);
  }
  for (const Hop& h : b->hops) {
    if (h.kind == Hop::Kind::kPolicy && h.own_node_switch && h.verdict)
      AddHint(lesson.hints, HintKind::kOther, "", OwnNodeHint(h));
  }
  if (o.passed) lesson.hints.clear();
  std::vector<std::string> why;
  for (std::string& w : lesson.why) {
    if (std::find(why.begin(), why.end(), w) == why.end()) why.push_back(std::move(w));
  }
  lesson.why = std::move(why);
  return lesson;
}

namespace {

void WriteWrapped(const std::string& first_prefix, const std::string& next_prefix, const std::string& text,
                  std::ostream& out, std::size_t width) {
  std::istringstream words(text);
  std::string word;
  std::string line = first_prefix;
  bool empty = true;
  while (words >> word) {
    if (!empty && line.size() + 1 + word.size() > width) {
      out << line << "\n";
      line = next_prefix;
      empty = true;
    }
    line += (empty ? "" : " ") + word;
    empty = false;
  }
  out << line << "\n";
}

}  // namespace

void WriteLesson(const Lesson& lesson, std::ostream& out, std::size_t width) {
  WriteWrapped("  What: ", "        ", lesson.what, out, width);
  for (std::size_t i = 0; i < lesson.why.size(); ++i) {
    WriteWrapped(i == 0 ? "  Why:  " : "        ", "          ", lesson.why[i], out, width);
  }
  for (const Hint& h : lesson.hints) WriteWrapped("  Hint: ", "        ", h.text, out, width);
}

}  // namespace kreach
