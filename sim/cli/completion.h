// `kreach completion bash`: a shell completion script made from the command table and each command's --help.
#ifndef KREACH_SIM_CLI_COMPLETION_H_
#define KREACH_SIM_CLI_COMPLETION_H_

#include <ostream>
#include <string>
#include <vector>

#include "sim/cli/cli.h"
#include "sim/cli/help_text.h"

namespace kreach {

/// `kreach completion SHELL`: prints the completion script for SHELL (bash only). Exit 2 for another shell or
/// none.
int RunCompletion(const std::vector<std::string>& args, Io& io);

/// Writes a bash script that defines _kreach and `complete -F _kreach kreach`: the commands after `kreach`; each
/// command's options (from its --help) after `-`; after an option, its values when its description lists them,
/// file names when it takes a FILE; file names for the inputs of the commands that read them.
void WriteBashCompletion(std::ostream& out);

/// The values an option's description lists, in the form the commands print them: "pod, workload (default) or
/// namespace" or "protocol of the probe: TCP (default), UDP, SCTP, ICMP" (text after the last ": ", parentheses
/// dropped, items split at commas and "or"). Empty unless there are two or more items and each is one word.
std::vector<std::string> FixedValues(const std::string& description);

/// Whether the option's value is a file name: its value is named FILE, its description starts with FILE, or it
/// is --input.
bool TakesFile(const HelpOption& option);

}  // namespace kreach

#endif  // KREACH_SIM_CLI_COMPLETION_H_
