// `kreach list`: the connlist of np-guard/netpol-analyzer (roxctl netpol connectivity map).
#ifndef KREACH_SIM_CLI_LIST_COMMAND_H_
#define KREACH_SIM_CLI_LIST_COMMAND_H_

#include <string>
#include <vector>

#include "sim/cli/cli.h"

namespace kreach {

int RunList(const std::vector<std::string>& args, Io& io);

}  // namespace kreach

#endif  // KREACH_SIM_CLI_LIST_COMMAND_H_
