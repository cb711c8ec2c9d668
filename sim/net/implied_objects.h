// The implied-objects stage: after loading, and once for every command, kreach adds what a real cluster has but the
// input may leave out (the cluster DNS Service and its CoreDNS pod, ingress controller pods), marked as implied.
// The loaded cluster is not edited: the stage's value holds it beside the augmented one.
//
// Which commands show implied objects is one rule (docs/architecture.md, "Implied objects"): the commands that follow
// packets (`query`, `check`, `render`, `matrix --to-services`) work on cluster(), the input plus implied objects;
// the reports about the input's own pods (`list`, compatible with netpol-analyzer; `matrix`; `lint`, which
// validates what was written) work on input(). ImpliedCluster::For() is where a command asks.
#ifndef KREACH_SIM_NET_IMPLIED_OBJECTS_H_
#define KREACH_SIM_NET_IMPLIED_OBJECTS_H_

#include <memory>
#include <string>
#include <vector>

#include "sim/model/cluster.h"

namespace kreach {

/// The Origin::source of every object the stage adds.
inline constexpr const char* kImpliedSource = "<implied>";

/// Whether the stage added the object with this origin (it is not in the input).
inline bool IsImplied(const Origin& origin) { return origin.source == kImpliedSource; }

/// An ingress controller as the stage plans it: which IngressClass it serves and which pods run it.
struct ControllerPlan {
  std::string ingress_class;          ///< the IngressClass's name; "" when the input has no IngressClass
  std::vector<std::string> pod_keys;  ///< "ns/name" of its pods in cluster order (the implied pod's when implied)
  bool implied = false;               ///< kreach added its pod (no controller pods in the input)
  std::string note;                   ///< for an implied controller: what kreach assumed, else ""
};

/// What a command works on: the validated input and the same cluster with the implied objects added.
class ImpliedCluster {
 public:
  /// The reports that leave implied objects out, and the packet path that needs them.
  enum class View {
    kInput,  ///< `list`, `matrix` (pods to pods), `lint`: the input's own objects
    kPath,   ///< `query`, `check`, `render`, `matrix --to-services`: what packets meet
  };

  /// Runs the stage on `input` (validated by the loader). Adds, when the input lacks them and the cluster config
  /// asks for them: the DNS Service cluster.dnsService (with an EndpointSlice, and a CoreDNS pod when no pod is
  /// labelled k8s-app=kube-dns) and one implied controller pod for each IngressClass (or for all Ingresses when
  /// there is no IngressClass) that has no controller pods. Implied namespaces, pods, Services and EndpointSlices
  /// keep the cluster's sort order and have Origin::source kImpliedSource.
  static std::shared_ptr<const ImpliedCluster> Build(Cluster input);

  /// The cluster as loaded.
  const Cluster& input() const { return *input_; }
  /// The input plus the implied objects; the same object as input() when nothing was implied.
  const Cluster& cluster() const { return *cluster_; }
  /// The cluster a command of `view` works on.
  const Cluster& For(View view) const { return view == View::kInput ? input() : cluster(); }

  /// One sentence per implied object or assumption: the DNS note first, then one per implied controller.
  const std::vector<std::string>& notes() const { return notes_; }
  /// The note about the implied cluster DNS ("" when the input has its DNS Service or impliedDns is off).
  const std::string& dns_note() const { return dns_note_; }
  /// The ingress controllers of cluster(), in IngressClass order (one, without a class, when there is none).
  const std::vector<ControllerPlan>& controllers() const { return controllers_; }

 private:
  ImpliedCluster() = default;

  std::shared_ptr<const Cluster> input_;
  std::shared_ptr<const Cluster> cluster_;
  std::vector<std::string> notes_;
  std::string dns_note_;
  std::vector<ControllerPlan> controllers_;
};

}  // namespace kreach

#endif  // KREACH_SIM_NET_IMPLIED_OBJECTS_H_
