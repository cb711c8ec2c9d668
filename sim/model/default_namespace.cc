#include "sim/model/default_namespace.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <vector>

namespace kreach {

namespace {

template <typename T>
void NoteDefaulted(const std::vector<T>& objects, std::set<std::tuple<std::string, int, std::string>>& origins) {
  for (const T& object : objects) {
    const Origin& o = object.origin;
    if (o.namespace_defaulted) origins.emplace(o.source, o.doc, o.path);
  }
}

/// A name `-n` would accept: a DNS-1123 label (lower-case letters, digits and '-', at most 63).
bool IsNamespaceName(const std::string& ns) {
  if (ns.empty() || ns.size() > 63 || ns.front() == '-' || ns.back() == '-') return false;
  return std::all_of(ns.begin(), ns.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

}  // namespace

std::size_t CountNamespaceDefaulted(const Cluster& cluster) {
  std::set<std::tuple<std::string, int, std::string>> origins;
  NoteDefaulted(cluster.pods, origins);
  NoteDefaulted(cluster.workloads, origins);
  NoteDefaulted(cluster.services, origins);
  NoteDefaulted(cluster.endpoint_slices, origins);
  NoteDefaulted(cluster.ingresses, origins);
  NoteDefaulted(cluster.network_policies, origins);
  return origins.size();
}

std::string DefaultNamespaceHint(const Cluster& cluster, const std::string& ns, DefaultNamespaceSetting setting) {
  if (!IsNamespaceName(ns) || cluster.FindNamespace(ns) != nullptr) return "";
  std::size_t count = CountNamespaceDefaulted(cluster);
  if (count == 0) return "";
  std::string text = std::to_string(count) + (count == 1 ? " object names" : " objects name") + " no namespace and " +
                     (count == 1 ? "was" : "were") + " put in " + cluster.config.default_namespace + ": ";
  if (setting == DefaultNamespaceSetting::kFlag) {
    text += "pass -n " + ns + " (--default-namespace) to put " + (count == 1 ? "it" : "them") + " there";
  } else {
    text +=
        "set `cluster.defaultNamespace: " + ns + "` in the scenario to put " + (count == 1 ? "it" : "them") + " there";
  }
  return text;
}

}  // namespace kreach
