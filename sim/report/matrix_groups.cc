#include "sim/report/matrix_groups.h"

#include <algorithm>
#include <numeric>
#include <set>
#include <unordered_map>

#include "sim/model/workload_key.h"

namespace kreach {

std::string MatrixGroupName(const Pod& pod, MatrixLevel level) {
  switch (level) {
    case MatrixLevel::kPod: return pod.ns + "/" + pod.name;
    case MatrixLevel::kWorkload: return WorkloadKey(pod);
    case MatrixLevel::kNamespace: return pod.ns;
  }
  return "";
}

std::size_t CountMatrixGroups(const Cluster& cluster, MatrixLevel level) {
  std::set<std::string> names;
  for (const Pod& pod : cluster.pods) names.insert(MatrixGroupName(pod, level));
  return names.size();
}

namespace {

std::int32_t ProbeAtom(const PortAtoms& atoms, const Pod& pod, const std::optional<Probe>& probe) {
  if (!probe) return DestUnit::kAnyAtom;
  if (probe->protocol == Protocol::kIcmp) return static_cast<std::int32_t>(atoms.AtomOf(Protocol::kIcmp, 0));
  const int number = probe->Number();
  if (number > 0) return static_cast<std::int32_t>(atoms.AtomOf(probe->protocol, number));
  if (number < 0) return DestUnit::kNoAtom;
  for (const ContainerPort& cp : pod.ports) {  // NP-20: a named probe resolves on each destination pod
    if (cp.name == probe->port && cp.protocol == probe->protocol) {
      return static_cast<std::int32_t>(atoms.AtomOf(probe->protocol, cp.port));
    }
  }
  return DestUnit::kNoAtom;
}

}  // namespace

MatrixGroups GroupPods(const ReachabilityMatrix& reach, MatrixLevel level, const std::optional<Probe>& probe) {
  const Cluster& cluster = reach.cluster();
  const std::size_t n = cluster.pods.size();
  MatrixGroups out;
  std::vector<std::string> pod_names(n);
  for (std::size_t i = 0; i < n; ++i) pod_names[i] = MatrixGroupName(cluster.pods[i], level);
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&pod_names](std::uint32_t a, std::uint32_t b) { return pod_names[a] < pod_names[b]; });
  out.group_of_pod.resize(n);
  out.unit_of_pod.resize(n);
  std::unordered_map<std::uint64_t, std::uint32_t> unit_ids;
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto cls = static_cast<std::uint32_t>(reach.ClassOf(i));
    const std::int32_t atom = ProbeAtom(reach.atoms(), cluster.pods[i], probe);
    const std::uint64_t key = (std::uint64_t{cls} << 32) | static_cast<std::uint32_t>(atom);
    auto [it, fresh] = unit_ids.emplace(key, static_cast<std::uint32_t>(out.units.size()));
    if (fresh) out.units.push_back(DestUnit{cls, atom});
    out.unit_of_pod[i] = it->second;
  }
  for (std::size_t k = 0; k < n;) {
    std::size_t end = k;
    while (end < n && pod_names[order[end]] == pod_names[order[k]]) ++end;
    const auto id = static_cast<std::uint32_t>(out.groups.size());
    out.names.push_back(pod_names[order[k]]);
    MatrixGroups::Group g;
    g.pod_count = end - k;
    std::vector<std::uint32_t> pods(order.begin() + static_cast<std::ptrdiff_t>(k),
                                    order.begin() + static_cast<std::ptrdiff_t>(end));
    std::stable_sort(pods.begin(), pods.end(),
                     [&out](std::uint32_t a, std::uint32_t b) { return out.unit_of_pod[a] < out.unit_of_pod[b]; });
    for (std::uint32_t p : pods) {
      out.group_of_pod[p] = id;
      if (g.shares.empty() || g.shares.back().unit != out.unit_of_pod[p]) {
        g.shares.push_back({out.unit_of_pod[p], out.units[out.unit_of_pod[p]].cls, {}});
        g.classes.push_back(g.shares.back().cls);
      }
      g.shares.back().pods.push_back(p);
    }
    std::sort(g.classes.begin(), g.classes.end());
    g.classes.erase(std::unique(g.classes.begin(), g.classes.end()), g.classes.end());
    out.groups.push_back(std::move(g));
    k = end;
  }
  return out;
}

}  // namespace kreach
