#include "sim/cli/probe_flags.h"

#include <algorithm>

#include "sim/loader/validate_names.h"
#include "sim/net/connection.h"

namespace po = boost::program_options;

namespace kreach {

namespace {

bool IsPortName(const std::string& text, PortNames names) {
  std::string why;  // the checks need somewhere to say why; the message here is Expected()'s
  switch (names) {
    case PortNames::kNone: return false;
    case PortNames::kContainerPort: return CheckPortName(text, &why);
    case PortNames::kAnyPort:
      return CheckDns1123Label(text, &why) &&
             std::any_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  }
  return false;
}

const char* Expected(PortNames names) {
  switch (names) {
    case PortNames::kNone: return "must be a port number from 1 to 65535";
    case PortNames::kContainerPort:
      return "must be a port number from 1 to 65535 or a container port name (1-15 lower case letters, digits and "
             "'-', at least one letter, no '-' at either end or twice in a row)";
    case PortNames::kAnyPort:
      return "must be a port number from 1 to 65535 or a port name (a container port's, or a Service port's: up "
             "to 63 lower case letters, digits and '-', at least one letter, no '-' at either end)";
  }
  return "";
}

}  // namespace

void AddProbeFlags(po::options_description& desc, ProbeFlags& flags, const char* port_help, const char* protocol_help) {
  desc.add_options()("port", po::value<std::string>()->notifier([&flags](const std::string& v) { flags.port = v; }),
                     port_help);
  if (protocol_help != nullptr) desc.add_options()("protocol", po::value(&flags.protocol), protocol_help);
}

bool CheckProbeFlags(const ProbeFlags& flags, PortNames names, Protocol* protocol, std::string* error) {
  std::optional<Protocol> parsed = ParseProtocol(flags.protocol, /*allow_icmp=*/true);
  if (!parsed) {
    *error = "--protocol " + flags.protocol + ": must be TCP, UDP, SCTP or ICMP";
    return false;
  }
  *protocol = *parsed;
  if (!flags.port) return true;
  const std::string& port = *flags.port;
  if (PortNumberOf(port) > 0 || IsPortName(port, names)) return true;
  *error = "--port " + (port.empty() ? std::string("''") : port) + ": " + Expected(names);
  return false;
}

}  // namespace kreach
