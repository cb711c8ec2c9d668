// Objects that name no namespace: how many the input has, and the hint that tells a user who asks for another
// namespace where they went (`-n`, `cluster.defaultNamespace`).
#ifndef KREACH_SIM_MODEL_DEFAULT_NAMESPACE_H_
#define KREACH_SIM_MODEL_DEFAULT_NAMESPACE_H_

#include <cstddef>
#include <string>

#include "sim/model/cluster.h"

namespace kreach {

/// The objects of the input that named no namespace and were put in config.default_namespace
/// (Origin::namespace_defaulted), each counted once: the pods of a workload and the EndpointSlices of a Service
/// share its origin.
std::size_t CountNamespaceDefaulted(const Cluster& cluster);

/// How a user sets the namespace of objects that name none.
enum class DefaultNamespaceSetting {
  kFlag,         ///< `-n NS` (`--default-namespace`) on the command line
  kScenarioKey,  ///< `cluster.defaultNamespace: NS` in a scenario file
};

/// When `ns` is not a namespace of `cluster` and objects of the input named no namespace, what happened to them
/// and how to put them in `ns`: "12 objects name no namespace and were put in default: pass -n shop
/// (--default-namespace) to put them there". "" otherwise (also when `ns` is not a valid namespace name).
std::string DefaultNamespaceHint(const Cluster& cluster, const std::string& ns, DefaultNamespaceSetting setting);

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_DEFAULT_NAMESPACE_H_
