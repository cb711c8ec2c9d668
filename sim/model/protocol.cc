#include "sim/model/protocol.h"

namespace kreach {

std::optional<Protocol> ParseProtocol(std::string_view text, bool allow_icmp) {
  if (text == "TCP") return Protocol::kTCP;
  if (text == "UDP") return Protocol::kUDP;
  if (text == "SCTP") return Protocol::kSCTP;
  if (allow_icmp && text == "ICMP") return Protocol::kIcmp;
  return std::nullopt;
}

const char* ProtocolName(Protocol p) {
  switch (p) {
    case Protocol::kSCTP: return "SCTP";
    case Protocol::kTCP: return "TCP";
    case Protocol::kUDP: return "UDP";
    case Protocol::kIcmp: return "ICMP";
  }
  return "?";
}

}  // namespace kreach
