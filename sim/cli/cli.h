// The command-line front end: a table of subcommands over the kreach libraries. Only this layer prints.
#ifndef KREACH_SIM_CLI_CLI_H_
#define KREACH_SIM_CLI_CLI_H_

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace kreach {

/// Exit codes of every command (ExitCodeTable() says them in words, for the man page and docs/cli.md).
inline constexpr int kExitOk = 0;        ///< success; every expectation holds
inline constexpr int kExitFailed = 1;    ///< an expectation failed (check), or lint --strict found warnings
inline constexpr int kExitBadInput = 2;  ///< usage or input error
inline constexpr int kExitInternal = 3;  ///< an internal error, or an output that could not be written

/// One exit code and what it means.
struct ExitCodeInfo {
  int code;
  const char* meaning;
};
/// Every exit code, in order: the one table the man page prints and docs/cli.md repeats (a test compares them).
const std::vector<ExitCodeInfo>& ExitCodeTable();

/// Streams a command writes to; tests may pass string streams.
struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  /// Set by the kreach binary: the loaded model is also kept here, so that a command does not free it when it
  /// returns; the process then exits without freeing it (for a 150,000-pod model that takes longer than the
  /// answer). Null in tests, where everything is freed as usual.
  std::vector<std::shared_ptr<const void>>* retained = nullptr;
  /// Lines RunCli prints on `err` after the command's answer: caveats about the input (UnmodeledCaveat), so that
  /// they end the answer without entering a byte-exact output.
  std::string caveat;
};

/// One subcommand: `kreach help` prints the table.
struct Command {
  const char* name;
  const char* summary;
  int (*run)(const std::vector<std::string>& args, Io& io);
};

const std::vector<Command>& Commands();

/// Runs argv[1..] (the whole command line minus the program name). Never throws.
int RunCli(const std::vector<std::string>& args, Io& io);

}  // namespace kreach

#endif  // KREACH_SIM_CLI_CLI_H_
