#include "tests/support/random_cluster.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "tests/support/builders.h"

namespace kreach {
namespace testing {

std::uint32_t Rng::Below(std::uint32_t n) {
  // Accept only draws below the largest multiple of n that fits in 2^32, so every residue is equally likely.
  const std::uint64_t range = std::uint64_t{1} << 32;
  const std::uint64_t limit = range - range % n;
  while (true) {
    std::uint64_t x = engine_();
    if (x < limit) return static_cast<std::uint32_t>(x % n);
  }
}

int Rng::Between(int lo, int hi) { return lo + static_cast<int>(Below(static_cast<std::uint32_t>(hi - lo + 1))); }

namespace {

using Op = LabelRequirement::Op;

const std::vector<std::string> kNamespaceNames = {"alpha", "beta", "gamma"};
const std::vector<std::string> kPodKeys = {"app", "tier", "env"};
const std::vector<std::string> kNamespaceKeys = {"team", "env", kNamespaceNameLabel};
const std::vector<int> kCommonPorts = {53, 80, 443, 5432, 8080, 9000, 9090, 9100};

std::vector<std::string> ValuesOf(const std::string& key) {
  if (key == "app") return {"web", "db", "api"};
  if (key == "tier") return {"fe", "be"};
  if (key == "env") return {"prod", "dev"};
  if (key == "team") return {"a", "b"};
  return kNamespaceNames;  // kubernetes.io/metadata.name
}

Protocol RandomProtocol(Rng& rng) {
  std::uint32_t r = rng.Below(100);
  if (r < 60) return Protocol::kTCP;
  if (r < 85) return Protocol::kUDP;
  return Protocol::kSCTP;
}

/// A selector over `keys`: sometimes empty, else matchLabels and/or matchExpressions of all four operators.
LabelSelector RandomSelector(Rng& rng, const std::vector<std::string>& keys) {
  LabelSelector s;
  if (rng.Chance(25)) return s;
  int labels = rng.Between(0, 2);
  for (int i = 0; i < labels; ++i) {
    const std::string& key = rng.Pick(keys);
    s.match_labels[key] = rng.Pick(ValuesOf(key));
  }
  int expressions = rng.Between(labels == 0 ? 1 : 0, 2);
  for (int i = 0; i < expressions; ++i) {
    LabelRequirement r;
    r.key = rng.Pick(keys);
    r.op = static_cast<Op>(rng.Below(4));
    if (r.op == Op::kIn || r.op == Op::kNotIn) {
      std::vector<std::string> values = ValuesOf(r.key);
      int count = rng.Between(1, 2);
      for (int j = 0; j < count; ++j) {
        const std::string& v = rng.Pick(values);
        if (std::find(r.values.begin(), r.values.end(), v) == r.values.end()) r.values.push_back(v);
      }
    }
    s.match_expressions.push_back(r);
  }
  return s;
}

Labels RandomLabels(Rng& rng, const std::vector<std::string>& keys, int percent) {
  Labels labels;
  for (const std::string& key : keys) {
    if (key != kNamespaceNameLabel && rng.Chance(percent)) labels[key] = rng.Pick(ValuesOf(key));
  }
  return labels;
}

/// A CIDR of `prefix` bits around `ip`.
Cidr Around(Ipv4 ip, int prefix) {
  Cidr c{ip, prefix};
  return Cidr{c.Network(), prefix};
}

/// An ipBlock built from addresses the cluster uses (pods, nodes, node pod ranges) or external ranges, with
/// excepts that are strict subsets of the cidr.
IpBlock RandomIpBlock(Rng& rng, const Cluster& cluster) {
  IpBlock block;
  std::uint32_t kind = rng.Below(7);
  const Pod& pod = rng.Pick(cluster.pods);
  const Node& node = rng.Pick(cluster.nodes);
  Ipv4 node_ip = rng.Pick(node.addresses);
  switch (kind) {
    case 0:  // one pod (a hostNetwork pod's IP is its node's)
      block.cidr = Around(pod.ip, 32);
      break;
    case 1:  // one node address
      block.cidr = Around(node_ip, 32);
      break;
    case 2:  // a node's pod range, maybe without one pod
      block.cidr = *node.pod_cidr;
      if (rng.Chance(50) && block.cidr.Contains(pod.ip)) block.except.push_back(Around(pod.ip, 32));
      break;
    case 3:  // the whole pod network, maybe without one node's range
      block.cidr = Around(Ip("10.244.0.0"), 16);
      if (rng.Chance(50)) block.except.push_back(*node.pod_cidr);
      break;
    case 4:  // "the internet": everything, maybe without private ranges
      block.cidr = Around(0, 0);
      if (rng.Chance(60)) block.except.push_back(Around(Ip("10.0.0.0"), 8));
      if (rng.Chance(40)) block.except.push_back(Around(Ip("172.16.0.0"), 12));
      break;
    case 5:  // an external range with a hole
      block.cidr = Around(Ip("203.0.113.0"), 24);
      if (rng.Chance(50)) block.except.push_back(Around(Ip("203.0.113.128"), 25));
      if (rng.Chance(30)) block.except.push_back(Around(Ip("203.0.113.7"), 32));
      break;
    default: {  // a random prefix around some endpoint, with a random longer except inside
      Ipv4 base = rng.Chance(50) ? pod.ip : node_ip;
      int prefix = rng.Between(8, 32);
      block.cidr = Around(base, prefix);
      if (prefix < 32 && rng.Chance(50)) {
        Ipv4 inside = block.cidr.Network() | (rng.Below(0xFFFFFFFFu) & ~block.cidr.Mask());
        if (rng.Chance(50)) inside = rng.Chance(50) ? pod.ip : node_ip;
        int except_prefix = rng.Between(prefix + 1, 32);
        Cidr except = Around(inside, except_prefix);
        if (block.cidr.Contains(except)) block.except.push_back(except);
      }
      break;
    }
  }
  return block;
}

PolicyPeer RandomPeer(Rng& rng, const Cluster& cluster) {
  PolicyPeer peer;
  std::uint32_t r = rng.Below(100);
  if (r < 25) {
    peer.pod_selector = RandomSelector(rng, kPodKeys);
  } else if (r < 45) {
    peer.namespace_selector = RandomSelector(rng, kNamespaceKeys);
  } else if (r < 65) {
    peer.namespace_selector = RandomSelector(rng, kNamespaceKeys);
    peer.pod_selector = RandomSelector(rng, kPodKeys);
  } else {
    peer.ip_block = RandomIpBlock(rng, cluster);
  }
  return peer;
}

int RandomPortNumber(Rng& rng) { return rng.Chance(85) ? rng.Pick(kCommonPorts) : rng.Between(1, 65535); }

PolicyPort RandomPolicyPort(Rng& rng) {
  PolicyPort p;
  p.protocol = RandomProtocol(rng);
  std::uint32_t r = rng.Below(100);
  if (r < 15) return p;  // {protocol} only
  p.has_port = true;
  if (r < 50) {
    p.port = RandomPortNumber(rng);
  } else if (r < 70) {
    p.port = RandomPortNumber(rng);
    std::uint32_t shape = rng.Below(4);
    if (shape == 0) {
      p.end_port = p.port;  // a one-port range
    } else if (shape == 1) {
      p.end_port = 65535;
    } else {
      p.end_port = std::min(65535, p.port + rng.Between(1, 1000));
    }
  } else {
    static const std::vector<std::string> kNames = {"http", "metrics", "dns", "sig", "missing"};
    p.port_name = rng.Pick(kNames);
    if (p.port_name == "http" || p.port_name == "metrics") p.protocol = rng.Chance(80) ? Protocol::kTCP : p.protocol;
    if (p.port_name == "sig") p.protocol = rng.Chance(80) ? Protocol::kSCTP : p.protocol;
  }
  return p;
}

std::vector<PolicyRule> RandomRules(Rng& rng, const Cluster& cluster) {
  std::vector<PolicyRule> rules;
  if (rng.Chance(20)) return rules;  // `[]` or absent: allows nothing (NP-6)
  int count = rng.Between(1, 3);
  for (int i = 0; i < count; ++i) {
    PolicyRule rule;
    if (!rng.Chance(25)) {
      int peers = rng.Between(1, 3);
      for (int j = 0; j < peers; ++j) rule.peers.push_back(RandomPeer(rng, cluster));
    }
    if (!rng.Chance(30)) {
      int ports = rng.Between(1, 3);
      for (int j = 0; j < ports; ++j) rule.ports.push_back(RandomPolicyPort(rng));
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

std::vector<ContainerPort> RandomContainerPorts(Rng& rng) {
  std::vector<ContainerPort> ports;
  if (rng.Chance(50)) ports.push_back(MakeContainerPort("http", rng.Chance(50) ? 80 : 8080, Protocol::kTCP));
  if (rng.Chance(35)) ports.push_back(MakeContainerPort("metrics", rng.Chance(50) ? 9090 : 9100, Protocol::kTCP));
  if (rng.Chance(30)) ports.push_back(MakeContainerPort("dns", 53, rng.Chance(60) ? Protocol::kUDP : Protocol::kTCP));
  if (rng.Chance(15)) ports.push_back(MakeContainerPort("sig", 9000, Protocol::kSCTP));
  if (rng.Chance(25)) ports.push_back(MakeContainerPort("", rng.Chance(50) ? 443 : 5432, Protocol::kTCP));
  return ports;
}

void AddProbePorts(const Cluster& cluster, Rng& rng, std::vector<int>* out) {
  std::set<int> ports;
  auto add = [&ports](int p) {
    if (p >= 1 && p <= 65535) ports.insert(p);
  };
  for (const NetworkPolicy& np : cluster.network_policies) {
    for (const auto* rules : {&np.ingress, &np.egress}) {
      for (const PolicyRule& rule : *rules) {
        for (const PolicyPort& p : rule.ports) {
          if (!p.has_port || !p.port_name.empty()) continue;
          int last = p.end_port == 0 ? p.port : p.end_port;
          for (int q : {p.port - 1, p.port, p.port + 1, last - 1, last, last + 1}) add(q);
        }
      }
    }
  }
  for (const Pod& pod : cluster.pods) {
    for (const ContainerPort& cp : pod.ports) add(cp.port);
  }
  add(1);
  add(65535);
  for (int i = 0; i < 2; ++i) add(rng.Between(1, 65535));
  out->assign(ports.begin(), ports.end());
}

void AddExternalIps(const Cluster& cluster, Rng& rng, std::vector<Ipv4>* out) {
  std::set<Ipv4> used;
  for (const Pod& p : cluster.pods) used.insert(p.ip);
  for (const Node& n : cluster.nodes) used.insert(n.addresses.begin(), n.addresses.end());
  std::vector<Ipv4> candidates = {Ip("203.0.113.7"), Ip("203.0.113.200"), Ip("8.8.8.8"), Ip("10.1.2.3")};
  // Addresses at the edges of ipBlocks and their excepts, and one random address inside each.
  for (const NetworkPolicy& np : cluster.network_policies) {
    for (const auto* rules : {&np.ingress, &np.egress}) {
      for (const PolicyRule& rule : *rules) {
        for (const PolicyPeer& peer : rule.peers) {
          if (!peer.ip_block) continue;
          std::vector<Cidr> cidrs = peer.ip_block->except;
          cidrs.push_back(peer.ip_block->cidr);
          for (const Cidr& c : cidrs) {
            candidates.push_back(c.First());
            candidates.push_back(c.Last());
            candidates.push_back(c.First() - 1);
            candidates.push_back(c.Last() + 1);
            candidates.push_back(c.Network() | (rng.Below(0xFFFFFFFFu) & ~c.Mask()));
          }
        }
      }
    }
  }
  std::set<Ipv4> chosen;
  for (std::size_t i = 0; i < 4; ++i) {
    if (candidates[i] != 0 && used.count(candidates[i]) == 0) chosen.insert(candidates[i]);
  }
  // A bounded sample of the ipBlock edges keeps the pair count (and the test time) small.
  for (int i = 0; i < 4 && candidates.size() > 4; ++i) {
    Ipv4 ip = candidates[4 + rng.Below(static_cast<std::uint32_t>(candidates.size() - 4))];
    if (ip != 0 && used.count(ip) == 0) chosen.insert(ip);
  }
  out->assign(chosen.begin(), chosen.end());
}

}  // namespace

RandomClusterCase GenerateRandomCluster(std::uint32_t seed) {
  Rng rng(seed);
  RandomClusterCase out;
  out.seed = seed;
  Cluster& c = out.cluster;
  const std::string origin = "random seed " + std::to_string(seed);

  int namespaces = rng.Between(2, 3);
  for (int i = 0; i < namespaces; ++i) {
    c.namespaces.push_back(
        MakeNamespace(kNamespaceNames[static_cast<std::size_t>(i)], RandomLabels(rng, kNamespaceKeys, 55)));
  }
  int nodes = rng.Between(1, 3);
  for (int i = 0; i < nodes; ++i) {
    std::string index = std::to_string(i);
    std::vector<std::string> addresses = {"172.18.0." + std::to_string(10 + i)};
    if (rng.Chance(40)) addresses.push_back("198.18.0." + std::to_string(10 + i));
    c.nodes.push_back(MakeNode("node-" + index, addresses, "10.244." + index + ".0/24"));
  }
  int pods = rng.Between(3, 9);
  for (int i = 0; i < pods; ++i) {
    const Namespace& ns = rng.Pick(c.namespaces);
    std::size_t node_index = rng.Below(static_cast<std::uint32_t>(c.nodes.size()));
    const Node& node = c.nodes[node_index];
    Labels labels = RandomLabels(rng, kPodKeys, 60);
    std::string name = "p" + std::to_string(i);
    Pod pod = rng.Chance(12) ? MakeHostNetworkPod(ns.name, name, labels, node.name, RandomContainerPorts(rng))
                             : MakePod(ns.name, name, labels,
                                       "10.244." + std::to_string(node_index) + "." + std::to_string(10 + i), node.name,
                                       RandomContainerPorts(rng));
    pod.origin.source = origin;
    c.pods.push_back(std::move(pod));
  }
  FinalizeCluster(&c);  // hostNetwork IPs and host IPs are needed by the ipBlocks below

  int policies = rng.Between(0, 6);
  for (int i = 0; i < policies; ++i) {
    const Namespace& ns = rng.Pick(c.namespaces);
    std::vector<PolicyRule> ingress = RandomRules(rng, c);
    std::vector<PolicyRule> egress = RandomRules(rng, c);
    std::uint32_t t = rng.Below(100);
    PolicyTypes types = t < 35   ? PolicyTypes::kDefault
                        : t < 55 ? PolicyTypes::kIngress
                        : t < 75 ? PolicyTypes::kEgress
                                 : PolicyTypes::kBoth;
    NetworkPolicy np = MakePolicy(ns.name, "np" + std::to_string(i), RandomSelector(rng, kPodKeys), std::move(ingress),
                                  std::move(egress), types);
    np.origin.source = origin;
    c.network_policies.push_back(std::move(np));
  }
  FinalizeCluster(&c);

  AddProbePorts(c, rng, &out.probe_ports);
  AddExternalIps(c, rng, &out.external_ips);
  return out;
}

Cluster WithReplicas(const RandomClusterCase& rc) {
  Cluster c = rc.cluster;
  Rng rng(rc.seed * 7919u + 1);
  std::vector<Pod> extra;
  int next = 0;
  for (const Pod& pod : rc.cluster.pods) {
    int copies = rng.Chance(45) ? rng.Between(1, 2) : 0;
    for (int k = 0; k < copies; ++k) {
      Pod copy = pod;
      copy.name = pod.name + "-r" + std::to_string(k);
      if (rng.Chance(40)) copy.labels["unread-" + std::to_string(k)] = "x";
      std::size_t node = rng.Below(static_cast<std::uint32_t>(c.nodes.size()));
      copy.node = c.nodes[node].name;
      copy.host_ip = 0;
      if (!copy.host_network) copy.ip = Ip("10.244." + std::to_string(node) + "." + std::to_string(150 + next++));
      extra.push_back(std::move(copy));
    }
  }
  for (Pod& p : extra) c.pods.push_back(std::move(p));
  FinalizeCluster(&c);
  return c;
}

void AddOwners(std::uint32_t seed, Cluster* c) {
  Rng rng(seed * 104729u + 3);
  for (Pod& pod : c->pods) {
    const std::uint32_t pick = rng.Below(4);  // 0: a bare pod; else one of three workloads of its namespace
    if (pick > 0) pod.owner = OwnerRef{pick == 3 ? "StatefulSet" : "Deployment", "w" + std::to_string(pick)};
  }
}

PolicyOptions RandomPolicyOptions(std::uint32_t seed) {
  Rng rng(seed ^ 0x9E3779B9u);
  PolicyOptions options;
  std::string unused;  // every key comes from the option table
  for (const OptionInfo& info : OptionTable()) SetOption(options, info.key, rng.Chance(50), &unused);
  return options;
}

}  // namespace testing
}  // namespace kreach
