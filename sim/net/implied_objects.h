// The implied-objects stage: after loading, and once for every command, kreach adds what a real cluster has but the
// input may leave out (the cluster DNS Service and its CoreDNS pod, the API server's Service default/kubernetes,
// ingress controller pods), marked as implied. The loaded cluster is not edited: the stage's value holds it beside
// the augmented one, which is made the first time a command asks for it (reports about the input never pay for it).
//
// Which commands show implied objects is one rule (docs/architecture.md, "Implied objects"): the commands that follow
// packets (`query`, `check`, `render`, `matrix --to-services`) work on cluster(), the input plus implied objects;
// the reports about the input's own pods (`list`, compatible with netpol-analyzer; `matrix`; `lint`, which
// validates what was written) work on input(). ImpliedCluster::For() is where a command asks.
#ifndef KREACH_SIM_NET_IMPLIED_OBJECTS_H_
#define KREACH_SIM_NET_IMPLIED_OBJECTS_H_

#include <memory>
#include <mutex>
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
  /// What kreach assumed, else "": the pods with the controller labels that it left out because their
  /// --controller-class names another controller, then for an implied controller the implied pod.
  std::string note;
  /// The first part of `note` alone: the pods with the controller labels left out, or "" (render prints it).
  std::string left_out;
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
  /// asks for them:
  /// - the DNS Service cluster.dnsService (with an EndpointSlice, and a CoreDNS pod when no pod is labelled
  ///   k8s-app=kube-dns);
  /// - the API server's Service default/kubernetes (ClusterIP: the first free address of the service CIDR, 10.96.0.1
  ///   by default; port 443 named https, targetPort cluster.apiServer.port) with an EndpointSlice of its addresses,
  ///   when the input has neither that Service nor an EndpointSlice of it. The addresses: cluster.apiServer.addresses;
  ///   else those of the kube-system pods labelled component=kube-apiserver; else the first addresses of the Nodes
  ///   labelled node-role.kubernetes.io/control-plane (or .../master); else one address of its own, the first of
  ///   kNodeNetwork from 172.18.0.1 that no node, pod, Service or external host has. No pod or node is added for it:
  ///   an address that no pod has is, to policy, an address outside the pod network (ipBlock matches it);
  /// - one implied controller pod for each IngressClass (or for all Ingresses when there is no IngressClass) that has
  ///   no controller pods: pods with cluster.ingressController.podLabels whose ingress-nginx flags
  ///   (Pod::ingress_class_flags) do not name the class's controller do not count.
  /// Implied namespaces, pods, Services and EndpointSlices keep the cluster's sort order and have Origin::source
  /// kImpliedSource. The augmented cluster is made on the first call of an accessor other than input().
  static std::shared_ptr<const ImpliedCluster> Build(Cluster input);

  /// The cluster as loaded.
  const Cluster& input() const { return *input_; }
  /// The input plus the implied objects; the same object as input() when nothing was implied.
  const Cluster& cluster() const { return *Augmented().cluster; }
  /// The cluster a command of `view` works on.
  const Cluster& For(View view) const { return view == View::kInput ? input() : cluster(); }

  /// One sentence per implied object or assumption: the DNS note first, then the API server's, then one per implied
  /// controller.
  const std::vector<std::string>& notes() const { return Augmented().notes; }
  /// The note about the implied cluster DNS ("" when the input has its DNS Service or impliedDns is off).
  const std::string& dns_note() const { return Augmented().dns_note; }
  /// The note about the implied API server ("" when the input has it or cluster.apiServer.implied is off).
  const std::string& api_server_note() const { return Augmented().api_server_note; }
  /// The ingress controllers of cluster(), in IngressClass order (one, without a class, when there is none).
  const std::vector<ControllerPlan>& controllers() const { return Augmented().controllers; }

 private:
  /// What the stage adds to the input, made once.
  struct Augmentation {
    std::shared_ptr<const Cluster> cluster;  ///< a copy of the input with the implied objects, or the input
    std::vector<std::string> notes;
    std::string dns_note, api_server_note;
    std::vector<ControllerPlan> controllers;
  };

  ImpliedCluster() = default;
  const Augmentation& Augmented() const;

  std::shared_ptr<const Cluster> input_;
  mutable std::once_flag augmented_once_;
  mutable std::unique_ptr<const Augmentation> augmented_;
};

}  // namespace kreach

#endif  // KREACH_SIM_NET_IMPLIED_OBJECTS_H_
