// The test oracle's working state (tests/support/reference_loader.cc): every kind in a std::map keyed by
// (namespace, name), so that iteration order is the Cluster's sorted order, and the stages that fill it in.
#ifndef KREACH_TESTS_SUPPORT_REFERENCE_MODEL_H_
#define KREACH_TESTS_SUPPORT_REFERENCE_MODEL_H_

#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "sim/loader/decode_workload.h"
#include "sim/model/cluster.h"
#include "sim/model/diagnostic.h"

namespace kreach {
namespace testing {
namespace reference {

using NsName = std::pair<std::string, std::string>;                     ///< (namespace, name)
using WorkloadKey = std::tuple<std::string, std::string, std::string>;  ///< (namespace, name, kind)

/// The cluster being built. Map order is the order the Cluster's vectors must have; the pods are a multimap
/// because an expanded pod may repeat an input pod's name (an error, but both stay, the input pod first).
struct Model {
  ClusterConfig config;
  std::map<std::string, Namespace> namespaces;
  std::map<std::string, Node> nodes;
  std::multimap<NsName, Pod> pods;
  std::map<WorkloadKey, Workload> workloads;
  std::map<NsName, Service> services;
  std::map<NsName, EndpointSlice> endpoint_slices;
  std::map<NsName, Ingress> ingresses;
  std::map<std::string, IngressClass> ingress_classes;
  std::map<NsName, NetworkPolicy> network_policies;
  std::vector<UnmodeledKindCount> unmodeled;  ///< skipped traffic objects per kind, in input order
};

/// `length` letters of the controllers' alphabet "bcdfghjklmnpqrstvwxz2456789" from the 64-bit FNV-1a hash
/// of `seed` (the naming rule of sim/loader/expand_names.h, written again here).
std::string ControllerSuffix(const std::string& seed, std::size_t length);

/// Adds to `model.pods` the pods of the workloads `specs` (every kept workload, in input order), except those
/// whose pods the input has and those whose controller is in the input (docs/scenario-format.md, "Workloads").
/// Stops with an error at the first workload that would pass the pods limit.
void MakeWorkloadPods(const std::vector<const WorkloadSpec*>& specs, Model& model, Diagnostics& diag);

/// Places pods on nodes and gives nodes, pods, Services and NodePorts the addresses the input leaves out
/// (docs/scenario-format.md, "Addresses"), reporting addresses that clash.
void AssignMissingAddresses(Model& model, Diagnostics& diag);

/// Adds the EndpointSlices the endpointslice controller would make for selector Services (SVC-1..4).
void MakeEndpointSlices(Model& model);

}  // namespace reference
}  // namespace testing
}  // namespace kreach

#endif  // KREACH_TESTS_SUPPORT_REFERENCE_MODEL_H_
