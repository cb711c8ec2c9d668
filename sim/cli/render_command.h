// `kreach render`: Graphviz diagrams of a cluster (architecture, reachability, one packet's path) as DOT, SVG,
// PNG or PDF.
#ifndef KREACH_SIM_CLI_RENDER_COMMAND_H_
#define KREACH_SIM_CLI_RENDER_COMMAND_H_

#include <string>
#include <vector>

#include "sim/cli/cli.h"

namespace kreach {

/// Builds the chosen view (viz/views.h), prints its notes to stderr as "note: ..." and writes it to -o: `-` is DOT
/// on stdout, .dot/.gv a DOT file, .svg/.png/.pdf rendered by Graphviz (viz/output.h). Files are replaced
/// atomically and never onto an input. Exit 0 on success, 2 on usage, input or rendering errors.
int RunRender(const std::vector<std::string>& args, Io& io);

}  // namespace kreach

#endif  // KREACH_SIM_CLI_RENDER_COMMAND_H_
