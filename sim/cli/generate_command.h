// `kreach generate`: a synthetic cluster (sim/generate/generate.h) as one JSON or YAML `List`, from a preset of the
// scale ladder and/or free parameters.
#ifndef KREACH_SIM_CLI_GENERATE_COMMAND_H_
#define KREACH_SIM_CLI_GENERATE_COMMAND_H_

#include <string>
#include <vector>

#include "sim/cli/cli.h"

namespace kreach {

/// Writes the cluster to stdout (streamed) or to -o FILE (replaced atomically). `--list-presets` prints the preset
/// table. Exit 0 on success, 2 on a usage error (unknown preset or style, a count out of range) or a write error.
int RunGenerate(const std::vector<std::string>& args, Io& io);

}  // namespace kreach

#endif  // KREACH_SIM_CLI_GENERATE_COMMAND_H_
