// Endpoints as users write them (`shop/web-0`, `deployment/shop/web`, `10.0.0.5`), resolved against a cluster.
#ifndef KREACH_SIM_NET_ENDPOINT_H_
#define KREACH_SIM_NET_ENDPOINT_H_

#include <string>
#include <string_view>
#include <vector>

#include "policies/evaluator.h"
#include "sim/model/cluster.h"

namespace kreach {

/// A URL endpoint: `http(s)://host[:port]/path`.
struct UrlParts {
  std::string scheme;  ///< "http" or "https"
  std::string host;    ///< lowercase
  int port = 0;        ///< explicit port, else 80 / 443
  std::string path;    ///< "/" when absent; the query string is kept (routing ignores it)
};

/// What an endpoint text named, and the concrete ends it stands for.
struct ResolvedEndpoint {
  enum class Kind { kPod, kWorkload, kAddress, kNode, kService, kDnsName, kUrl };
  Kind kind = Kind::kPod;
  std::string text;  ///< as the user wrote it
  /// The ends that can send or receive: pods (in cluster order), one address, or the node's address. Empty for
  /// kService, kDnsName and kUrl, which name a way to reach pods rather than pods (resolved when traced).
  std::vector<Peer> peers;
  /// True when the endpoint is an address that belongs to no pod and no node: an external host.
  bool external = false;
  const Node* node = nullptr;        ///< kNode
  const Service* service = nullptr;  ///< kService
  std::string name;                  ///< kDnsName: the name as written
  UrlParts url;                      ///< kUrl
  /// When resolving failed because the endpoint's namespace does not exist: that namespace (for hints such as
  /// DefaultNamespaceHint, sim/model/default_namespace.h).
  std::string missing_namespace;
  /// True when the endpoint can be the source of a connection (pods, addresses, nodes).
  bool CanSend() const { return !peers.empty(); }
};

/// Parses and resolves `text`. Forms: `NS/POD`; `pod/NS/NAME`; `KIND/NS/NAME` for a workload kind
/// (deployment, statefulset, daemonset, replicaset, replicationcontroller, job, cronjob; case-insensitive;
/// short names deploy, sts, ds, rs, rc); an IPv4 address (the pod that has it, else a node's or an external
/// address); `service/NS/NAME` (alias svc/); `node/NAME`; a DNS name (`web`, `web.shop`,
/// `web-0.web.shop.svc.cluster.local`: checked for syntax here, resolved from the source's namespace when traced);
/// a URL `http(s)://host[:port][/path]`. A Deployment also matches the pods of its ReplicaSets
/// (`NAME-<pod-template-hash>`). On failure returns false and sets `error` to a message with a "did you mean"
/// where one helps.
bool ResolveEndpoint(const Cluster& cluster, std::string_view text, ResolvedEndpoint* out, std::string* error);

/// The endpoint text of `pod`'s workload, as a user would write it: "deployment/shop/web" for a pod of ReplicaSet
/// `web-<pod-template-hash>`, "statefulset/shop/db" ...; "" for a bare pod (no owner, or owned by a Pod or Node).
std::string WorkloadEndpoint(const Pod& pod);

}  // namespace kreach

#endif  // KREACH_SIM_NET_ENDPOINT_H_
