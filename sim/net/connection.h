// One connection question — from an endpoint to an endpoint on a probe — answered pair by pair.
#ifndef KREACH_SIM_NET_CONNECTION_H_
#define KREACH_SIM_NET_CONNECTION_H_

#include <optional>
#include <string>
#include <vector>

#include "policies/evaluator.h"
#include "sim/model/result.h"
#include "sim/net/endpoint.h"

namespace kreach {

/// What is probed: a port (number, or a name resolved on each destination pod) and a protocol.
struct Probe {
  std::string port;  ///< "5432" or "postgres"; may be empty only for ICMP
  Protocol protocol = Protocol::kTCP;
  std::string ToString() const;  ///< "TCP/5432", "TCP/postgres", "ICMP"
  /// The port as a number: PortNumberOf(port).
  int Number() const;
};

/// A port written as text, as a number: 1..65535; 0 when it is not all digits (a name, or empty); -1 when it is
/// all digits but out of range.
int PortNumberOf(const std::string& text);

/// The answer for one (source end, destination end) pair.
struct PairResult {
  Peer src;
  Peer dst;
  int port = 0;  ///< numeric destination port; 0 for ICMP or when a name did not resolve
  bool allowed = false;
  std::optional<Verdict> verdict;  ///< absent when the port name did not resolve on the destination
  std::string note;                ///< why there is no verdict, e.g. "shop/db-0 has no TCP port named 'pg'"
};

struct ConnectionResult {
  std::vector<PairResult> pairs;  ///< every source end × destination end, except a pod with itself
  Result result = Result::kDeny;  ///< allow: every pair allowed; deny: none; partial: some
};

/// Evaluates every pair. A pod is not paired with itself unless both endpoints are that single pod (then
/// loopback applies). Returns false with `error` set when the probe is unusable (no port for TCP/UDP/SCTP, a port
/// name towards a non-pod destination, a number out of range).
bool EvaluateConnection(const PolicyEngine& engine, const ResolvedEndpoint& from, const ResolvedEndpoint& to,
                        const Probe& probe, ConnectionResult* out, std::string* error);

/// Indented lines explaining one pair: egress at the source, ingress at the destination.
std::string ExplainPair(const PairResult& pair);

}  // namespace kreach

#endif  // KREACH_SIM_NET_CONNECTION_H_
