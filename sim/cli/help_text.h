// A command's `--help` text read back as data, so that the man page and the shell completion are made from what
// each command prints and never list an option the command does not have.
#ifndef KREACH_SIM_CLI_HELP_TEXT_H_
#define KREACH_SIM_CLI_HELP_TEXT_H_

#include <string>
#include <vector>

#include "sim/cli/cli.h"

namespace kreach {

/// One row of a Boost.Program_options table: `  -o [ --output ] arg   txt (default) or json`.
struct HelpOption {
  std::string short_name;  ///< "-o", or "" when the option has no short form
  std::string long_name;   ///< "--output"; "" only for an option with a short form alone
  std::string arg;         ///< the value's name as printed ("arg", "NAME=N"); "" for a switch
  std::string text;        ///< the description, its wrapped lines joined with one space
};

/// What `kreach COMMAND --help` prints, in parts.
struct HelpText {
  std::string usage;  ///< after "usage: kreach ", wrapped lines joined: "check SCENARIO... [options]"
  std::vector<std::string> description;  ///< the lines between the usage and the options table, as printed
  std::vector<HelpOption> options;       ///< the table's rows in order
};

/// Parses help text of the shape every reading command prints: "usage: kreach ..." (continued on indented
/// lines), a blank line, the description, then Boost's table after a "NAME options:" line. Text that does not
/// start with "usage: kreach " (options, limits, help and version print their answer instead) gives an empty
/// HelpText.
HelpText ParseHelp(const std::string& text);

/// Runs `command` with `--help` on string streams and parses what it printed.
HelpText CommandHelp(const Command& command);

}  // namespace kreach

#endif  // KREACH_SIM_CLI_HELP_TEXT_H_
