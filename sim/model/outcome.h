// How a connection ends on its real path. Traced by sim/net, expected by scenario files.
#ifndef KREACH_SIM_MODEL_OUTCOME_H_
#define KREACH_SIM_MODEL_OUTCOME_H_

#include <optional>
#include <string_view>

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

/// "delivered" → kDelivered, exact lower case as scenario files write it; anything else is nullopt.
std::optional<Outcome> ParseOutcome(std::string_view text);
const char* OutcomeName(Outcome o);  ///< "delivered", "dropped", "refused", "nxdomain", "http-404", "http-503"

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_OUTCOME_H_
