// Endpoints as users write them (`shop/web-0`, `deployment/shop/web`, `10.0.0.5`), resolved against a cluster.
#ifndef KREACH_SIM_ENDPOINT_H_
#define KREACH_SIM_ENDPOINT_H_

#include <string>
#include <string_view>
#include <vector>

#include "policies/evaluator.h"
#include "sim/model/cluster.h"

namespace kreach {

/// What an endpoint text named, and the concrete ends it stands for.
struct ResolvedEndpoint {
  enum class Kind { kPod, kWorkload, kAddress };
  Kind kind = Kind::kPod;
  std::string text;         ///< as the user wrote it
  std::vector<Peer> peers;  ///< pods (in cluster order) or one address; never empty on success
  /// True when the endpoint is an address that belongs to no pod and no node: an external host.
  bool external = false;
};

/// Parses and resolves `text`. Forms: `NS/POD`; `pod/NS/NAME`; `KIND/NS/NAME` for a workload kind
/// (deployment, statefulset, daemonset, replicaset, replicationcontroller, job, cronjob; case-insensitive;
/// short names deploy, sts, ds, rs, rc); an IPv4 address (the pod that has it, else a node's or an external
/// address). A Deployment also matches the pods of its ReplicaSets (`NAME-<pod-template-hash>`).
/// On failure returns false and sets `error` to a message with a "did you mean" where one helps. Forms that the
/// Services issue adds (service/, svc/, node/, DNS names, URLs) give a "not supported yet" error.
bool ResolveEndpoint(const Cluster& cluster, std::string_view text, ResolvedEndpoint* out, std::string* error);

}  // namespace kreach

#endif  // KREACH_SIM_ENDPOINT_H_
