#include "sim/model/workload_key.h"

namespace kreach {

OwnerRef ListedWorkload(const Pod& pod) {
  if (IsStaticPod(pod)) return OwnerRef{"Pod", pod.name};
  OwnerRef ref = pod.Workload();
  if (ref.kind.empty()) ref.kind = "Pod";
  return ref;
}

std::string WorkloadLabel(const OwnerRef& ref) { return ref.name + "[" + (ref.kind.empty() ? "Pod" : ref.kind) + "]"; }

std::string WorkloadKey(const std::string& ns, const OwnerRef& ref) { return ns + "/" + WorkloadLabel(ref); }

std::string WorkloadKey(const Pod& pod) { return WorkloadKey(pod.ns, ListedWorkload(pod)); }

}  // namespace kreach
