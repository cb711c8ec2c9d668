#include "sim/loader/generate_endpoint_slices.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/loader/sort_objects.h"
#include "sim/model/parallel.h"

namespace kreach {

namespace {

/// The port list of one endpoint, comparable: (name, protocol, port) per Service port it resolves.
using PortKey = std::vector<std::tuple<std::string, int, int>>;

bool SelectorMatches(const Labels& selector, const Labels& labels) {
  for (const auto& [key, value] : selector) {
    auto it = labels.find(key);
    if (it == labels.end() || it->second != value) return false;
  }
  return true;
}

/// ShouldPodBeInEndpoints(pod, includeTerminating=true): an IP and not terminal (SVC-2).
bool IsEndpointCandidate(const Pod& pod) { return pod.ip != 0 && !Ended(pod.phase); }

/// The pod's port for `port` (SVC-4): a numeric targetPort as is, a named one from the pod's ports by name and
/// protocol (regular containers come first in pod.ports). 0 when the pod lacks it.
int ResolveTargetPort(const Pod& pod, const ServicePort& port) {
  if (port.target_port_name.empty()) return port.target_port;
  for (const ContainerPort& cp : pod.ports) {
    if (cp.name == port.target_port_name && cp.protocol == port.protocol) return cp.port;
  }
  return 0;
}

Endpoint PodEndpoint(const Pod& pod, const Service& svc) {
  Endpoint ep;
  ep.addresses.push_back(pod.ip);
  ep.serving = pod.ready;
  ep.terminating = pod.terminating;
  ep.ready = svc.publish_not_ready_addresses || (ep.serving && !ep.terminating);
  ep.node_name = pod.node;
  ep.target_pod = pod.Key();
  if (!pod.hostname.empty() && pod.subdomain == svc.name) ep.hostname = pod.hostname;
  return ep;
}

/// A label (key, value) as views into the pods' and Services' maps.
using LabelView = std::pair<std::string_view, std::string_view>;

struct LabelViewHash {
  std::size_t operator()(const LabelView& l) const {
    std::hash<std::string_view> h;
    return h(l.first) * 0x9E3779B97F4A7C15ull ^ h(l.second);
  }
};

/// The pods of one namespace that carry each label some Service of it selects first: (key, value) → pods, in
/// cluster order. A Service's selector then looks only at the pods that have its first label.
using LabelPostings = std::unordered_map<LabelView, std::vector<const Pod*>, LabelViewHash>;

/// True for a Service whose selector makes slices (SVC-1): not ExternalName, a non-empty selector.
bool SelectsPods(const Service& svc) {
  return svc.type != ServiceType::kExternalName && svc.selector && !svc.selector->empty();
}

/// The postings of namespace `ns` for the Services [first, last) of it.
LabelPostings IndexPods(const std::vector<Pod>& pods, const std::string& ns, std::vector<Service>::const_iterator first,
                        std::vector<Service>::const_iterator last) {
  LabelPostings index;
  for (auto svc = first; svc != last; ++svc) {
    if (SelectsPods(*svc)) index.try_emplace(LabelView(svc->selector->begin()->first, svc->selector->begin()->second));
  }
  auto pods_first =
      std::lower_bound(pods.begin(), pods.end(), ns, [](const Pod& p, const std::string& n) { return p.ns < n; });
  for (auto it = pods_first; it != pods.end() && it->ns == ns; ++it) {
    for (const auto& [key, value] : it->labels) {
      auto posting = index.find(LabelView(key, value));
      if (posting != index.end()) posting->second.push_back(&*it);
    }
  }
  return index;
}

/// The resolved ports of one pod for a Service, as (port index, number) for the ports it has.
using PortChoice = std::vector<std::pair<std::size_t, int>>;

void GenerateFor(const Service& svc, const LabelPostings& pods_by_label, std::set<std::string>& used_names,
                 std::vector<EndpointSlice>& out) {
  auto candidates = pods_by_label.find(LabelView(svc.selector->begin()->first, svc.selector->begin()->second));
  if (candidates == pods_by_label.end()) return;
  std::map<PortKey, std::vector<Endpoint>> groups;
  // Pods of a Service mostly resolve its ports alike: remember the group of each choice seen.
  std::vector<std::pair<PortChoice, std::vector<Endpoint>*>> seen;
  PortChoice choice;
  for (const Pod* candidate : candidates->second) {
    const Pod& pod = *candidate;
    if (!IsEndpointCandidate(pod) || !SelectorMatches(*svc.selector, pod.labels)) continue;
    choice.clear();
    for (std::size_t i = 0; i < svc.ports.size(); ++i) {
      int number = ResolveTargetPort(pod, svc.ports[i]);
      if (number != 0) choice.emplace_back(i, number);
    }
    std::vector<Endpoint>* group = nullptr;
    for (auto& [known, endpoints] : seen) {
      if (known == choice) {
        group = endpoints;
        break;
      }
    }
    if (group == nullptr) {
      PortKey key;
      for (const auto& [i, number] : choice) {
        key.emplace_back(svc.ports[i].name, static_cast<int>(svc.ports[i].protocol), number);
      }
      group = &groups[key];
      seen.emplace_back(choice, group);
    }
    group->push_back(PodEndpoint(pod, svc));
  }
  int n = 0;
  for (auto& [key, endpoints] : groups) {
    for (std::size_t start = 0; start < endpoints.size(); start += kMaxEndpointsPerSlice) {
      EndpointSlice slice;
      slice.ns = svc.ns;
      do {
        slice.name = svc.name + "-" + std::to_string(++n);
      } while (!used_names.insert(slice.name).second);
      slice.service_name = svc.name;
      for (const auto& [name, protocol, number] : key) {
        slice.ports.push_back(EndpointPort{name, static_cast<Protocol>(protocol), number});
      }
      std::size_t end = std::min(endpoints.size(), start + kMaxEndpointsPerSlice);
      slice.endpoints.assign(std::make_move_iterator(endpoints.begin() + static_cast<std::ptrdiff_t>(start)),
                             std::make_move_iterator(endpoints.begin() + static_cast<std::ptrdiff_t>(end)));
      slice.generated = true;
      slice.origin = svc.origin;
      out.push_back(std::move(slice));
    }
  }
}

}  // namespace

void GenerateEndpointSlices(Cluster& cluster) {
  std::map<std::string, std::set<std::string>> used_names;  // namespace → slice names
  for (const EndpointSlice& s : cluster.endpoint_slices) used_names[s.ns].insert(s.name);
  const std::vector<Service>& services = cluster.services;
  // Services are sorted by namespace: one index per namespace, of the labels its Services select first.
  // Namespaces are independent, so they are shared out between two threads (by Services, in order).
  struct Range {
    std::vector<Service>::const_iterator first, last;
    std::set<std::string>* used;
  };
  std::vector<Range> ranges;
  for (auto first = services.begin(); first != services.end();) {
    auto last = first;
    while (last != services.end() && last->ns == first->ns) ++last;
    if (std::any_of(first, last, SelectsPods)) ranges.push_back(Range{first, last, &used_names[first->ns]});
    first = last;
  }
  auto generate = [&](std::size_t begin, std::size_t end, std::vector<EndpointSlice>& out) {
    for (std::size_t r = begin; r < end; ++r) {
      LabelPostings index = IndexPods(cluster.pods, ranges[r].first->ns, ranges[r].first, ranges[r].last);
      for (auto svc = ranges[r].first; svc != ranges[r].last; ++svc) {
        if (SelectsPods(*svc)) GenerateFor(*svc, index, *ranges[r].used, out);
      }
    }
  };
  std::vector<EndpointSlice> generated, second_half;
  constexpr std::size_t kParallelServices = 500;
  if (services.size() >= kParallelServices && ranges.size() >= 2) {
    std::size_t half = 0;
    for (std::size_t seen = 0; half < ranges.size() && 2 * seen < services.size(); ++half) {
      seen += static_cast<std::size_t>(ranges[half].last - ranges[half].first);
    }
    Beside worker([&] { generate(half, ranges.size(), second_half); });
    generate(0, half, generated);
    worker.Join();
  } else {
    generate(0, ranges.size(), generated);
  }
  if (generated.empty() && second_half.empty()) return;
  cluster.endpoint_slices.reserve(cluster.endpoint_slices.size() + generated.size() + second_half.size());
  for (EndpointSlice& s : generated) cluster.endpoint_slices.push_back(std::move(s));
  for (EndpointSlice& s : second_half) cluster.endpoint_slices.push_back(std::move(s));
  SortByNsName(cluster.endpoint_slices);
}

}  // namespace kreach
