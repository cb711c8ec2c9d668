// A connection's real path (semantics reference P-1): name resolution, Service translation, policy at each pod
// end, delivery. Every way the packet can go is one branch; the branches give the result and the outcome.
#ifndef KREACH_SIM_NET_PATH_H_
#define KREACH_SIM_NET_PATH_H_

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/net/connection.h"
#include "sim/net/endpoint.h"
#include "sim/net/network.h"

namespace kreach {

/// How a connection ends (semantics reference §10: three kinds of failure that tests tell apart).
enum class Outcome {
  kDelivered,  ///< the destination receives it
  kDropped,    ///< silently discarded: policy, Local traffic policy without local endpoint, source range (timeout)
  kRefused,    ///< REJECT: no usable endpoint (the client sees "connection refused")
  kNxdomain,   ///< the name does not resolve, or the DNS lookup itself cannot get through
  kHttp404,    ///< the ingress controller has no rule for the host and path
  kHttp503,    ///< the Ingress backend has no Service, no such port, or no ready endpoint
};
const char* OutcomeName(Outcome o);  ///< "delivered", "dropped", "refused", "nxdomain", "http-404", "http-503"

/// Why a path failed, for explanations that teach (sim/teach.h); set where the branch fails.
enum class Cause {
  kNone,
  kPolicy,             ///< a NetworkPolicy drops it: the failing hop's `verdict` says which and why
  kDnsBlocked,         ///< the DNS lookup flow is denied: the hop's `verdict` is the denying end's
  kNoDns,              ///< there is no cluster DNS Service, or it has no ready endpoint on UDP 53
  kNxdomain,           ///< the name does not exist
  kNotDnsClient,       ///< the source does not use the cluster DNS (a node, an external client, dnsPolicy)
  kNamedPortMissing,   ///< the destination pod has no container port of that name
  kSourceRanges,       ///< the client is outside the Service's loadBalancerSourceRanges
  kTrafficPolicyLocal, ///< external/internalTrafficPolicy Local and no endpoint on that node
  kNoEndpoint,         ///< the Service has no ready or serving endpoint (kube-proxy rejects)
  kUncapturedPort,     ///< the Service has no such port
  kClusterIpExternal,  ///< a ClusterIP dialled from outside the cluster
  kNoIngressHost,      ///< no Ingress serves the host
  kNoIngressRule,      ///< the controller has no rule for host and path (404)
  kIngressBackend,     ///< the Ingress backend is missing, lacks the port, or has no ready endpoint (503)
  kOther,
};

/// One step of a packet's path.
struct Hop {
  enum class Kind {
    kDns,        ///< a DNS lookup (itself a flow to the cluster DNS) and its answer
    kSend,       ///< the packet leaves the source towards an address
    kService,    ///< a Service frontend (ClusterIP, NodePort, LoadBalancer, externalIP) chooses an endpoint
    kTranslate,  ///< DNAT / SNAT
    kPolicy,     ///< a NetworkPolicy check (egress at the sender, ingress at the receiver)
    kFilter,     ///< a kube-proxy filter: loadBalancerSourceRanges, traffic policy
    kIngress,    ///< an ingress controller routes the HTTP request
    kDeliver,    ///< the final receiver
  };
  Kind kind = Kind::kSend;
  bool ok = true;
  std::string text;
  /// Policy hops (and a blocked DNS lookup): the verdict of the end that decided, with its direction.
  std::shared_ptr<const DirectionVerdict> verdict;
  Direction direction = Direction::kIngress;
};

/// One way the connection can go: from one source end to one receiver.
struct Branch {
  Peer src;             ///< the original client
  std::optional<Peer> dst;  ///< the receiver (backend pod or address); absent when the packet never got there
  int port = 0;         ///< the port the receiver gets
  Outcome outcome = Outcome::kDelivered;
  std::vector<Hop> hops;
  std::string summary;  ///< one line: why it ends that way
  Cause cause = Cause::kNone;  ///< why it failed (kNone when delivered)
  /// The Service port kube-proxy translated on the way (port → targetPort), if any.
  const Service* service = nullptr;
  const ServicePort* service_port = nullptr;
  const Service* external_name = nullptr;  ///< an ExternalName Service whose CNAME the path followed
};

/// The receiver of `b` as printed: the peer, or why there is none ("(no address)" after NXDOMAIN, "(the ingress
/// controller answers)" for HTTP errors, "(not reached)").
std::string ReceiverText(const Branch& b);

/// Everything `query` prints and `check` judges.
struct Trace {
  std::string from;
  std::string to;
  Probe probe;
  std::vector<std::string> notes;  ///< implied objects and resolution remarks
  std::vector<Branch> branches;    ///< never empty on success
  Result result = Result::kDeny;   ///< allow: every branch delivered; deny: none; partial: some
  /// delivered when every branch is; otherwise the first failure among the branches in the order nxdomain,
  /// http-404, http-503, refused, dropped (the failure the user must fix first).
  Outcome outcome = Outcome::kDropped;
};

/// Follows the connection from `from` to `to` on `probe` through `network`. Endpoints must have been resolved
/// against network.cluster(). Returns false with `error` when the question cannot be asked (a port is missing, a
/// port name cannot be resolved on a non-pod destination, a source that cannot send).
bool TraceConnection(const Network& network, const ResolvedEndpoint& from, const ResolvedEndpoint& to,
                     const Probe& probe, Trace* out, std::string* error);

/// `query`'s text: the notes, each branch with its numbered hops, then the result line.
void WriteTraceText(const Trace& trace, std::ostream& out);
/// The same as one JSON object.
void WriteTraceJson(const Trace& trace, std::ostream& out);

}  // namespace kreach

#endif  // KREACH_SIM_NET_PATH_H_
