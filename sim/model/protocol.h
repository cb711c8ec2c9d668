// Transport protocols that NetworkPolicy and Services know.
#ifndef KREACH_SIM_MODEL_PROTOCOL_H_
#define KREACH_SIM_MODEL_PROTOCOL_H_

#include <optional>
#include <string>
#include <string_view>

namespace kreach {

/// The order is the order of output: SCTP, TCP, UDP (alphabetical, as netpol-analyzer prints them).
/// kIcmp is only a probe protocol (P-4 of the semantics reference); policies cannot name it.
enum class Protocol { kSCTP = 0, kTCP = 1, kUDP = 2, kIcmp = 3 };

inline constexpr int kPolicyProtocolCount = 3;  ///< SCTP, TCP, UDP

/// "TCP" → kTCP, exact upper case as the API requires; "ICMP" only when allow_icmp.
std::optional<Protocol> ParseProtocol(std::string_view text, bool allow_icmp = false);
const char* ProtocolName(Protocol p);

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_PROTOCOL_H_
