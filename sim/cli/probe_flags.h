// The --port and --protocol flags of `query`, `matrix` and `render`: one parser, one message.
#ifndef KREACH_SIM_CLI_PROBE_FLAGS_H_
#define KREACH_SIM_CLI_PROBE_FLAGS_H_

#include <boost/program_options.hpp>
#include <optional>
#include <string>

#include "sim/model/protocol.h"

namespace kreach {

/// What a --port may name besides a number.
enum class PortNames {
  kNone,           ///< a number only (matrix with --to-services has no --port; render's drawings filter by number)
  kContainerPort,  ///< a containerPort name: IANA_SVC_NAME (matrix resolves it on each destination pod)
  kAnyPort,        ///< a containerPort name or a Service port name (a DNS-1123 label): query, render --view path
};

/// The flags as given: `port` is unset when --port was not on the command line (`--port ''` is given and empty).
struct ProbeFlags {
  std::optional<std::string> port;
  std::string protocol = "TCP";
};

/// Adds --port (with `port_help`) and, unless `protocol_help` is null, --protocol to `desc`, storing into `flags`.
void AddProbeFlags(boost::program_options::options_description& desc, ProbeFlags& flags, const char* port_help,
                   const char* protocol_help);

/// Checks the flags: --protocol TCP, UDP, SCTP or ICMP (exact case); --port, when given, a number from 1 to 65535
/// (decimal digits, no sign) or, as `names` allows, a port name. Returns false with `error` set to the one message
/// every command prints after its "error: kreach COMMAND: " prefix, e.g.
///   "--port -1: must be a port number from 1 to 65535 or a port name (...)"
bool CheckProbeFlags(const ProbeFlags& flags, PortNames names, Protocol* protocol, std::string* error);

}  // namespace kreach

#endif  // KREACH_SIM_CLI_PROBE_FLAGS_H_
