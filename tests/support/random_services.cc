#include "tests/support/random_services.h"

#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "sim/loader/generate_endpoint_slices.h"
#include "tests/support/builders.h"

namespace kreach {
namespace testing {
namespace {

const std::vector<std::string> kPodKeys = {"app", "tier", "env"};

std::vector<std::string> ValuesOf(const std::string& key) {
  if (key == "app") return {"web", "db", "api"};
  if (key == "tier") return {"fe", "be"};
  return {"prod", "dev"};
}

Protocol RandomProtocol(Rng& rng) {
  std::uint32_t r = rng.Below(100);
  if (r < 55) return Protocol::kTCP;
  if (r < 85) return Protocol::kUDP;
  return Protocol::kSCTP;
}

/// A selector that usually selects something: the labels of a pod of `ns` (one or all of them), else random.
Labels RandomServiceSelector(Rng& rng, const Cluster& cluster, const std::string& ns) {
  Labels selector;
  if (rng.Chance(5)) return selector;  // `{}`: no generated slices (SVC-1)
  std::vector<const Pod*> pods;
  for (const Pod& p : cluster.pods) {
    if (p.ns == ns && !p.labels.empty()) pods.push_back(&p);
  }
  if (!pods.empty() && rng.Chance(75)) {
    const Pod& pod = *rng.Pick(pods);
    if (rng.Chance(50)) return pod.labels;
    auto it = pod.labels.begin();
    std::advance(it, rng.Below(static_cast<std::uint32_t>(pod.labels.size())));
    selector.insert(*it);
    return selector;
  }
  int count = rng.Between(1, 2);
  for (int i = 0; i < count; ++i) {
    const std::string& key = rng.Pick(kPodKeys);
    selector[key] = rng.Pick(ValuesOf(key));
  }
  return selector;
}

ServicePort RandomServicePort(Rng& rng, const std::set<std::pair<int, Protocol>>& taken) {
  static const std::vector<int> kNumbers = {53, 80, 443, 5432, 8080, 9000, 9090, 9100, 1234};
  static const std::vector<std::string> kNames = {"http", "metrics", "dns", "sig", "missing"};
  ServicePort p;
  std::uint32_t shape = rng.Below(100);
  if (shape < 40) {  // named targetPort, usually with the protocol the generator gives that name
    p.target_port_name = rng.Pick(kNames);
    p.protocol = RandomProtocol(rng);
    if (rng.Chance(85)) {
      if (p.target_port_name == "http" || p.target_port_name == "metrics") p.protocol = Protocol::kTCP;
      if (p.target_port_name == "sig") p.protocol = Protocol::kSCTP;
      if (p.target_port_name == "dns") p.protocol = rng.Chance(60) ? Protocol::kUDP : Protocol::kTCP;
    }
  } else {
    p.protocol = RandomProtocol(rng);
    p.target_port = rng.Pick(kNumbers);
  }
  do {
    p.port = rng.Pick(kNumbers);
  } while (taken.count({p.port, p.protocol}) > 0);
  if (shape >= 80) p.target_port = p.port;  // targetPort absent: defaults to port (SVC-4)
  return p;
}

}  // namespace

void AddRandomServices(RandomClusterCase* rc, std::uint32_t seed) {
  Rng rng(seed ^ 0x5EB71CE5u);
  Cluster& c = rc->cluster;
  for (Pod& p : c.pods) {
    if (rng.Chance(12)) p.ready = false;
    if (rng.Chance(10)) p.terminating = true;
  }
  int services = rng.Between(1, 4);
  for (int i = 0; i < services; ++i) {
    Service svc;
    svc.ns = rng.Chance(85) ? rng.Pick(c.pods).ns : rng.Pick(c.namespaces).name;
    svc.name = "s" + std::to_string(i);
    svc.selector = RandomServiceSelector(rng, c, svc.ns);
    int ports = rng.Between(1, 2);
    std::set<std::pair<int, Protocol>> taken;
    for (int j = 0; j < ports; ++j) {
      ServicePort p = RandomServicePort(rng, taken);
      taken.insert({p.port, p.protocol});
      if (ports > 1) p.name = "p" + std::to_string(j);
      svc.ports.push_back(std::move(p));
    }
    svc.cluster_ips = {Ip("10.96.1." + std::to_string(10 + i))};
    svc.cluster_ip = FormatIpv4(svc.cluster_ips.front());
    svc.origin.source = "random seed " + std::to_string(seed);
    c.services.push_back(std::move(svc));
  }
  std::sort(c.services.begin(), c.services.end(),
            [](const Service& a, const Service& b) { return std::tie(a.ns, a.name) < std::tie(b.ns, b.name); });
  GenerateEndpointSlices(c);
}

void MakeNodePortServices(Cluster* cluster, std::uint32_t seed) {
  Rng rng(seed ^ 0x0D0E9027u);
  int index = 0;
  for (Service& svc : cluster->services) {
    svc.type = ServiceType::kNodePort;
    svc.external_traffic_policy = rng.Chance(50) ? TrafficPolicy::kLocal : TrafficPolicy::kCluster;
    for (std::size_t j = 0; j < svc.ports.size(); ++j) svc.ports[j].node_port = 30000 + 2 * index + static_cast<int>(j);
    ++index;
  }
}

}  // namespace testing
}  // namespace kreach
