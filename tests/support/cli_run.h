// Runs the kreach CLI in-process with string streams, for tests.
#ifndef KREACH_TESTS_SUPPORT_CLI_RUN_H_
#define KREACH_TESTS_SUPPORT_CLI_RUN_H_

#include <sstream>
#include <string>
#include <vector>

#include "sim/cli/cli.h"

namespace kreach::test_cli {

/// What one run printed and returned.
struct Run {
  int code;
  std::string out;
  std::string err;
};

/// `kreach ARGS...` with empty stdin.
inline Run Cli(std::vector<std::string> args) {
  std::istringstream in;
  std::ostringstream out, err;
  Io io{in, out, err};
  int code = RunCli(args, io);
  return Run{code, out.str(), err.str()};
}

}  // namespace kreach::test_cli

#endif  // KREACH_TESTS_SUPPORT_CLI_RUN_H_
