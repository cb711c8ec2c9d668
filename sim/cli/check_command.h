// `kreach check`: scenarios' expectations, one submission or a class's worth, as text, JSON or JUnit XML.
#ifndef KREACH_SIM_CLI_CHECK_COMMAND_H_
#define KREACH_SIM_CLI_CHECK_COMMAND_H_

#include <string>
#include <vector>

#include "sim/cli/cli.h"

namespace kreach {

int RunCheck(const std::vector<std::string>& args, Io& io);

}  // namespace kreach

#endif  // KREACH_SIM_CLI_CHECK_COMMAND_H_
