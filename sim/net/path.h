// A connection's real path (semantics reference P-1): name resolution, Service translation, policy at each pod
// end, delivery. Every way the packet can go is one branch of typed hops (sim/net/hop.h); the branches give the
// result and the outcome. `query` prints a trace with sim/net/path_format.h.
#ifndef KREACH_SIM_NET_PATH_H_
#define KREACH_SIM_NET_PATH_H_

#include <optional>
#include <string>
#include <vector>

#include "sim/model/outcome.h"
#include "sim/net/connection.h"
#include "sim/net/endpoint.h"
#include "sim/net/hop.h"
#include "sim/net/network.h"

namespace kreach {

/// One way the connection can go: from one source end to one receiver.
struct Branch {
  Peer src;                 ///< the original client
  std::optional<Peer> dst;  ///< the receiver (backend pod or address); absent when the packet never got there
  int port = 0;             ///< the port the receiver gets
  Outcome outcome = Outcome::kDelivered;
  std::vector<Hop> hops;
  std::string summary;         ///< one line: why it ends that way
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

}  // namespace kreach

#endif  // KREACH_SIM_NET_PATH_H_
