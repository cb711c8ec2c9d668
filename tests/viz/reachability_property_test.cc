// The reachability view draws exactly what the policies allow: on random clusters with ingress controllers (pods
// carrying the controller labels in several workloads and namespaces, an implied controller for a second class),
// Services and Ingresses, for every level (workloads, --expand-pods, merged, namespaces) and filter (--port,
// --namespace, --focus with --denied), every edge's `every` is the intersection and its `some` the union of what
// the slow reference evaluator (tests/support/reference_evaluator.h) allows over the pod pairs of its two boxes,
// no allowed box pair lacks its edge, the denied edges are where --denied promises them, and the DOT label says
// what `every` and `some` say (partial only when they differ).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sim/model/workload_key.h"
#include "sim/net/network.h"
#include "tests/support/random_cluster.h"
#include "tests/support/random_services.h"
#include "tests/support/reference_evaluator.h"
#include "viz/dot.h"
#include "viz/reachability_model.h"
#include "viz/views.h"

namespace kreach {
namespace {

using testing::Rng;

struct Probe {
  Protocol protocol;
  int port;
};

/// A random cluster with replicas, owners, controller-labelled pods, Services and Ingresses.
Cluster ClusterWithIngresses(std::uint32_t seed, testing::RandomClusterCase* rc) {
  *rc = testing::GenerateRandomCluster(seed);
  rc->cluster = testing::WithReplicas(*rc);
  testing::AddOwners(seed, &rc->cluster);
  Rng rng(seed ^ 0x1A6E55u);
  Cluster& c = rc->cluster;
  // Pods the default ingressController.podLabels select: often in several workloads and namespaces at once.
  for (Pod& p : c.pods) {
    if (rng.Chance(25)) {
      for (const auto& [k, v] : c.config.ingress_controller_labels) p.labels[k] = v;
    }
  }
  testing::AddRandomServices(rc, seed);
  const bool two_classes = rng.Chance(40);
  if (two_classes) {
    IngressClass nginx;
    nginx.name = "nginx";
    nginx.controller = c.config.ingress_controller_name;
    IngressClass other;
    other.name = "other";
    other.controller = "example.com/other";  // served by a controller pod kreach implies
    c.ingress_classes = {nginx, other};
  }
  int ingresses = rng.Between(1, 3);
  for (int i = 0; i < ingresses; ++i) {
    const Service& svc = rng.Pick(c.services);
    Ingress ing;
    ing.ns = svc.ns;
    ing.name = "ing" + std::to_string(i);
    if (two_classes) ing.ingress_class = rng.Chance(50) ? "nginx" : "other";
    IngressPath path;
    path.path = "/";
    path.backend.service_name = svc.name;
    path.backend.port_number = svc.ports.front().port;
    IngressRule rule;
    rule.host = "h" + std::to_string(i) + ".example.com";
    rule.paths = {path};
    ing.rules = {rule};
    ing.origin.source = "random seed " + std::to_string(seed);
    c.ingresses.push_back(ing);
  }
  return c;
}

/// Pod pairs answered once by the reference evaluator, probe by probe; external addresses on first use.
class Oracle {
 public:
  Oracle(const Cluster& cluster, const PolicyOptions& options, const testing::RandomClusterCase& rc)
      : cluster_(cluster), options_(options) {
    for (const Pod& p : cluster.pods) used_.insert({p.ip, p.host_ip});
    for (const Node& n : cluster.nodes) used_.insert(n.addresses.begin(), n.addresses.end());
    // The generator's probe ports, and the container ports of the pods kreach implies (DNS, controllers).
    std::set<int> ports(rc.probe_ports.begin(), rc.probe_ports.end());
    for (const Pod& p : cluster.pods) {
      for (const ContainerPort& cp : p.ports) ports.insert({cp.port - 1, cp.port, cp.port + 1});
    }
    ports.erase(0);
    ports.erase(65536);
    for (Protocol proto : {Protocol::kTCP, Protocol::kUDP, Protocol::kSCTP}) {
      for (int port : ports) probes_.push_back({proto, port});
    }
    probes_.push_back({Protocol::kIcmp, 0});
    const std::size_t n = cluster.pods.size();
    pairs_.assign(n * n, {});
    for (std::size_t a = 0; a < n; ++a) {
      for (std::size_t b = 0; b < n; ++b) {
        if (a != b) pairs_[a * n + b] = Answers(Peer::OfPod(cluster.pods[a]), Peer::OfPod(cluster.pods[b]));
      }
    }
  }
  const std::vector<Probe>& probes() const { return probes_; }
  /// Addresses of `set` to ask about: the ends and the middle of each range that are no pod's or node's (a range
  /// of such addresses only: its last address, as the view probes it).
  std::vector<Ipv4> Samples(const IpSet& set) const {
    std::set<Ipv4> out;
    for (const auto& [first, last] : set.intervals()) {
      for (Ipv4 ip : {first, static_cast<Ipv4>(first + (last - first) / 2), last}) {
        while (used_.count(ip) && ip < last) ++ip;
        if (!used_.count(ip)) out.insert(ip);
      }
    }
    if (out.empty() && !set.intervals().empty()) out.insert(set.intervals().front().second);
    return {out.begin(), out.end()};
  }
  const std::vector<char>& Pair(std::size_t a, std::size_t b) const { return pairs_[a * cluster_.pods.size() + b]; }
  const std::vector<char>& In(Ipv4 ip, std::size_t pod) const {
    auto it = in_.find({ip, pod});
    if (it == in_.end())
      it = in_.emplace(std::make_pair(ip, pod), Answers(Peer::OfIp(ip), Peer::OfPod(cluster_.pods[pod]))).first;
    return it->second;
  }
  const std::vector<char>& Out(std::size_t pod, Ipv4 ip) const {
    auto it = out_.find({pod, ip});
    if (it == out_.end())
      it = out_.emplace(std::make_pair(pod, ip), Answers(Peer::OfPod(cluster_.pods[pod]), Peer::OfIp(ip))).first;
    return it->second;
  }

 private:
  std::vector<char> Answers(const Peer& src, const Peer& dst) const {
    std::vector<char> out;
    for (const Probe& p : probes_) {
      out.push_back(testing::ReferenceAllows(cluster_, options_, src, dst, p.protocol, p.port) ? 1 : 0);
    }
    return out;
  }
  const Cluster& cluster_;
  const PolicyOptions options_;
  std::set<Ipv4> used_;
  std::vector<Probe> probes_;
  std::vector<std::vector<char>> pairs_;
  mutable std::map<std::pair<Ipv4, std::size_t>, std::vector<char>> in_;
  mutable std::map<std::pair<std::size_t, Ipv4>, std::vector<char>> out_;
};

/// What every pair and some pair of a box pair allow, probe by probe; `pairs` counts the pairs folded.
struct Expected {
  std::vector<char> every, some;
  std::size_t pairs = 0;
  void Add(const std::vector<char>& v) {
    if (pairs++ == 0) {
      every = some = v;
      return;
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
      every[i] = every[i] && v[i];
      some[i] = some[i] || v[i];
    }
  }
  /// Restricted to TCP `port` (--port): the probe positions that count.
  bool AnySome(const std::vector<Probe>& probes, const std::optional<int>& port) const {
    for (std::size_t i = 0; i < some.size(); ++i) {
      if (some[i] && (!port || (probes[i].protocol == Protocol::kTCP && probes[i].port == *port))) return true;
    }
    return false;
  }
};

/// The box of each pod (by pod index) or -1, and the pods and sample addresses of each box.
struct Boxes {
  std::vector<std::vector<std::size_t>> pods;  ///< by node index
  std::vector<std::vector<Ipv4>> ips;          ///< by node index (external boxes)
};

Boxes BoxesOf(const ReachModel& m, const Cluster& cluster, const Oracle& oracle, bool expand) {
  Boxes b;
  b.pods.resize(m.nodes.size());
  b.ips.resize(m.nodes.size());
  std::map<std::string, std::size_t> box_of_member;
  for (std::size_t i = 0; i < m.nodes.size(); ++i) {
    for (const std::string& key : m.nodes[i].members) {
      INFO("member " << key << " of two boxes");
      CHECK(box_of_member.emplace(key, i).second);
    }
    if (m.nodes[i].kind == ReachNode::Kind::kExternal) b.ips[i] = oracle.Samples(m.nodes[i].addresses);
  }
  for (std::size_t p = 0; p < cluster.pods.size(); ++p) {
    const Pod& pod = cluster.pods[p];
    std::string key = expand ? pod.Key() : WorkloadKey(pod.ns, ListedWorkload(pod));
    auto it = box_of_member.find(key);
    if (it != box_of_member.end()) b.pods[it->second].push_back(p);
  }
  for (std::size_t i = 0; i < m.nodes.size(); ++i) {
    if (m.nodes[i].kind == ReachNode::Kind::kExternal) continue;
    INFO("box " << m.nodes[i].id);
    CHECK(b.pods[i].size() == m.nodes[i].pods);
  }
  return b;
}

Expected Fold(const Boxes& boxes, const Oracle& oracle, std::size_t from, std::size_t to) {
  Expected e;
  for (std::size_t a : boxes.pods[from]) {
    for (std::size_t b : boxes.pods[to]) e.Add(oracle.Pair(a, b));
    for (Ipv4 ip : boxes.ips[to]) e.Add(oracle.Out(a, ip));
  }
  for (Ipv4 ip : boxes.ips[from]) {
    for (std::size_t b : boxes.pods[to]) e.Add(oracle.In(ip, b));
  }
  return e;
}

/// `set` on the probes, as the view should hold it: the probe's answer, or under --port only TCP `port`.
std::vector<char> OnProbes(const ConnSet& set, const std::vector<Probe>& probes) {
  std::vector<char> out;
  for (const Probe& p : probes) out.push_back(set.Contains(p.protocol, p.port) ? 1 : 0);
  return out;
}

std::vector<char> Filter(std::vector<char> v, const std::vector<Probe>& probes, const std::optional<int>& port) {
  if (!port) return v;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!(probes[i].protocol == Protocol::kTCP && probes[i].port == *port)) v[i] = 0;
  }
  return v;
}

std::string Describe(const ViewOptions& o) {
  std::string s = o.expand_pods ? "--expand-pods" : "workloads";
  s += " --aggregate-above " + std::to_string(o.aggregate_threshold);
  if (o.port) s += " --port " + std::to_string(*o.port);
  if (!o.ns.empty()) s += " --namespace " + o.ns;
  if (!o.focus.empty()) s += " --focus " + o.focus;
  if (o.denied) s += " --denied";
  return s;
}

/// Checks one picture against the oracle; returns its level and adds the box pairs it checked to `*checked`.
ReachLevel CheckPicture(const Network& net, const Oracle& oracle, const ViewOptions& options, std::size_t* checked) {
  const Cluster& cluster = net.cluster();
  const std::vector<Probe>& probes = oracle.probes();
  if (options.port) {  // else the port checks below would hold vacuously
    REQUIRE(std::any_of(probes.begin(), probes.end(),
                        [&](const Probe& p) { return p.protocol == Protocol::kTCP && p.port == *options.port; }));
  }
  const ReachModel m = BuildReachModel(net, options);
  const Boxes boxes = BoxesOf(m, cluster, oracle, options.expand_pods);
  std::map<std::pair<std::size_t, std::size_t>, const ReachEdge*> allowed, denied;
  for (const ReachEdge& e : m.edges) (e.denied ? denied : allowed)[{e.from, e.to}] = &e;
  std::size_t focus = m.nodes.size();
  if (!options.focus.empty()) focus = m.Find((options.expand_pods ? "p:" : "w:") + options.focus);
  // Catch's assertions cost more than the comparisons: a failure is reported with FAIL_CHECK, and the pairs that
  // hold are counted.
  for (std::size_t a = 0; a < m.nodes.size(); ++a) {
    for (std::size_t b = 0; b < m.nodes.size(); ++b) {
      if (a == b) continue;
      const ReachNode& from = m.nodes[a];
      const ReachNode& to = m.nodes[b];
      const bool external = from.kind == ReachNode::Kind::kExternal || to.kind == ReachNode::Kind::kExternal;
      if (from.kind == ReachNode::Kind::kExternal && to.kind == ReachNode::Kind::kExternal) continue;
      const Expected want = Fold(boxes, oracle, a, b);
      ++*checked;
      auto fail = [&](const std::string& what) {
        FAIL_CHECK(Describe(options) << ": " << from.id << " -> " << to.id << " (" << want.pairs
                                     << " pod pairs): " << what);
      };
      auto it = allowed.find({a, b});
      if (it != allowed.end()) {
        const ReachEdge& e = *it->second;
        if (want.pairs == 0) fail("an edge between boxes without pods");
        if (OnProbes(e.every, probes) != Filter(want.every, probes, options.port)) {
          fail("every = " + e.every.ToString() + ", not the intersection over the pod pairs");
        }
        if (OnProbes(e.some, probes) != Filter(want.some, probes, options.port)) {
          fail("some = " + e.some.ToString() + ", not the union over the pod pairs");
        }
        const std::string port_only = options.port ? "TCP " + std::to_string(*options.port) : "";
        if (options.port && ((e.some != ConnSet::None() && e.some.ToString() != port_only) ||
                             (e.every != ConnSet::None() && e.every.ToString() != port_only))) {
          fail("--port draws more than the port: " + e.every.ToString() + " / " + e.some.ToString());
        }
        // A single pod (or an external range every policy treats alike) meets a single pod: never partial.
        if ((from.pods <= 1 || from.kind == ReachNode::Kind::kExternal) &&
            (to.pods <= 1 || to.kind == ReachNode::Kind::kExternal) && e.partial()) {
          fail("partial between single pods: every " + e.every.ToString() + ", some " + e.some.ToString());
        }
      } else if (want.pairs > 0 && want.AnySome(probes, options.port)) {
        // Only the filters leave an allowed pair out.
        const bool in_ns = options.ns.empty() || from.ns == options.ns || to.ns == options.ns;
        const bool by_focus = focus == m.nodes.size() || a == focus || b == focus;
        if (in_ns && by_focus) fail("missing edge: some pod pair is allowed");
      }
      const bool drawn_denied = denied.count({a, b}) > 0;
      const bool promised = options.denied && focus < m.nodes.size() && (a == focus || b == focus) && !external &&
                            want.pairs > 0 && !want.AnySome(probes, options.port);
      if (drawn_denied != promised) fail(promised ? "missing denied edge" : "a denied edge where something is allowed");
    }
  }
  // The DOT edges say what the model's edges say, and no more.
  ViewNotes notes;
  const DotGraph g = ReachabilityView(net, options, &notes);
  std::map<std::pair<std::string, std::string>, const DotEdge*> drawn;
  for (const DotEdge& d : g.edges) {
    INFO(Describe(options) << ": drawn " << d.from << " -> " << d.to);
    CHECK(drawn.emplace(std::make_pair(d.from + "\t" + d.key, d.to), &d).second);
  }
  std::size_t matched = 0;
  for (const ReachEdge& e : m.edges) {
    const std::string& from = m.nodes[e.from].id;
    const std::string& to = m.nodes[e.to].id;
    INFO(Describe(options) << ": edge " << from << " -> " << to);
    const std::string key = e.denied ? "denied" : "allowed";
    const DotEdge* d = nullptr;
    auto it = drawn.find({from + "\t" + key, to});
    if (it != drawn.end()) {
      d = it->second;
    } else {  // drawn with its twin as one two-headed arrow
      it = drawn.find({to + "\t" + key, from});
      REQUIRE(it != drawn.end());
      d = it->second;
      REQUIRE(d->attrs.count("dir"));
      CHECK(d->attrs.at("dir") == "both");
    }
    ++matched;
    const std::string label = d->attrs.at("label");
    const bool dashed = d->attrs.count("style") && d->attrs.at("style") == "dashed";
    if (e.denied) {
      CHECK(label.find("denied") != std::string::npos);
    } else if (e.every == e.some) {
      CHECK(label == e.every.ToString());
      CHECK_FALSE(dashed);
    } else {
      CHECK(label == (e.every.Empty() ? "" : e.every.ToString() + "\n") + "some pods: " + e.some.ToString());
      CHECK(dashed);
    }
  }
  std::size_t twins = 0;
  for (const DotEdge& d : g.edges) twins += d.attrs.count("dir") && d.attrs.at("dir") == "both" ? 1 : 0;
  CHECK(matched == g.edges.size() + twins);
  return m.level;
}

}  // namespace

TEST_CASE("reachability property: every edge is the reference's answer for the pods of its two boxes", "[reach]") {
  std::set<ReachLevel> levels;
  std::size_t controllers = 0, split_controllers = 0, box_pairs = 0;
  for (std::uint32_t seed = 1; seed <= 30; ++seed) {
    testing::RandomClusterCase rc;
    ClusterWithIngresses(seed, &rc);
    const PolicyOptions policy_options = testing::RandomPolicyOptions(seed);
    Network net(rc.cluster, policy_options);
    const Oracle oracle(net.cluster(), policy_options, rc);
    for (const IngressController& k : net.controllers()) {
      ++controllers;
      std::set<std::string> workloads;
      for (const Pod* p : k.pods) workloads.insert(WorkloadKey(p->ns, ListedWorkload(*p)));
      split_controllers += workloads.size() > 1 ? 1 : 0;
    }
    Rng rng(seed ^ 0xD1A6u);
    std::vector<int> ports;
    for (const Pod& p : net.cluster().pods) {
      for (const ContainerPort& cp : p.ports) ports.push_back(cp.port);
    }
    for (bool expand : {false, true}) {
      for (std::size_t threshold : {1000, 5, 1}) {
        for (int filter = 0; filter < 3; ++filter) {
          for (bool by_port : {false, true}) {
            ViewOptions options;
            options.expand_pods = expand;
            options.aggregate_threshold = threshold;
            if (by_port && !ports.empty()) options.port = rng.Pick(ports);
            const Pod& pod = rng.Pick(net.cluster().pods);
            if (filter == 1) options.ns = pod.ns;
            if (filter == 2) {
              options.focus = expand ? pod.Key() : WorkloadKey(pod.ns, ListedWorkload(pod));
              options.denied = true;
            }
            INFO("seed " << seed);
            levels.insert(CheckPicture(net, oracle, options, &box_pairs));
          }
        }
      }
    }
  }
  // The generator reaches what the property is about.
  CHECK(levels == std::set<ReachLevel>{ReachLevel::kWorkloads, ReachLevel::kMerged, ReachLevel::kNamespaces});
  CHECK(box_pairs >= 10000);
  CHECK(controllers >= 10);
  CHECK(split_controllers >= 5);
}

}  // namespace kreach
