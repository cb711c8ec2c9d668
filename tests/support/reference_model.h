// The test oracle's working state (tests/support/reference_loader.cc): every kind in a std::map keyed by
// (namespace, name), so that iteration order is the Cluster's sorted order, and the stages that fill it in.
#ifndef KREACH_TESTS_SUPPORT_REFERENCE_MODEL_H_
#define KREACH_TESTS_SUPPORT_REFERENCE_MODEL_H_

#include <map>
#include <set>
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
  /// The pods the oracle made from workloads, as (namespace, name, where the workload is written): an input pod
  /// may have the same name (an error, but both stay).
  std::set<std::tuple<std::string, std::string, std::string>> made;
};

/// The key of `pod` in Model::made.
std::tuple<std::string, std::string, std::string> MadeKey(const Pod& pod);

/// The labels of a node kreach implies (docs/scenario-format.md, "Nodes"): a linux/amd64 kubelet's.
Labels ImpliedNodeLabels(const std::string& name);

/// Whether a pod with `constraints` (nullptr: none) may run on node `name` with `labels`: its nodeSelector's
/// pairs are all on the node, and some term of its required node affinity holds (every expression on the labels,
/// every field on the name; a term without any holds for no node).
bool Admits(const NodeConstraints* constraints, const std::string& name, const Labels& labels);

/// Warns, at the field of `w`'s template that rejects every node of `nodes` (name → labels), that `w` gets no pods.
void WarnNoNode(const Workload& w, const NodeConstraints& constraints, const std::map<std::string, Labels>& nodes,
                Diagnostics& diag);

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
