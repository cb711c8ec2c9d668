// What every command shares: global flags, loading inputs, printing diagnostics.
#ifndef KREACH_SIM_CLI_COMMON_H_
#define KREACH_SIM_CLI_COMMON_H_

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/cli/cli.h"
#include "sim/model/cluster.h"
#include "sim/model/options.h"
#include "sim/net/implied_objects.h"

namespace kreach {

/// Flags every command that reads a cluster accepts.
struct CommonFlags {
  std::vector<std::string> inputs;
  std::vector<std::string> options;  ///< --option key=value (value true/false)
  bool skip_invalid = false;
  bool relaxed = false;  ///< ClusterConfig::relaxed_validation
  /// --unknown-fields error|warn (ClusterConfig::unknown_fields_are_warnings); "" = the command's default.
  std::string unknown_fields;
  std::string default_namespace = "default";  ///< --default-namespace, -n (ClusterConfig::default_namespace)
  std::string unmodeled = "warn";             ///< --unmodeled warn|error (ClusterConfig::unmodeled_are_errors)
  bool quiet = false;
  bool timings = false;             ///< --timings: phase times and sizes on stderr (sim/model/timings.h)
  std::vector<std::string> limits;  ///< --limit name=value (sim/model/limits.h)
};

/// Applies the --limit flags to the process's limits (sim/model/limits.h). On a bad flag prints the error and
/// returns false.
bool ApplyLimitFlags(const CommonFlags& flags, Io& io);

/// Adds --option, --skip-invalid, --relaxed, --unknown-fields, --default-namespace (-n), --quiet, --timings and the
/// positional inputs to `desc` / `pos`. `loader_flags` false leaves out the four loader settings (scenario files
/// are always read strictly, in the namespaces they name).
void AddCommonFlags(boost::program_options::options_description& desc,
                    boost::program_options::positional_options_description& pos, CommonFlags& flags,
                    bool loader_flags = true);

/// True when `args` asks for the command's help (--help or -h anywhere).
bool WantsHelp(const std::vector<std::string>& args);

/// "usage: kreach USAGE", a blank line, then the options.
void PrintUsage(Io& io, const char* usage, const boost::program_options::options_description& desc);

/// Parses `args` for one command. On a usage error prints it (with the command's help hint) and returns false.
bool ParseFlags(const char* command, const std::vector<std::string>& args,
                const boost::program_options::options_description& desc,
                const boost::program_options::positional_options_description& pos, Io& io);

/// A loaded cluster with the switches that apply (scenario `cluster.options`, then --option flags).
struct Loaded {
  /// The loaded cluster and the implied-objects stage run on it once (sim/net/implied_objects.h): a command reads
  /// world->For(view), or builds its Network over `world`.
  std::shared_ptr<const ImpliedCluster> world;
  PolicyOptions options;
  int warnings = 0;       ///< warnings the loader printed
  bool scenario = false;  ///< read as a scenario file (its `cluster.defaultNamespace`, not -n, names namespaces)
};

/// "; " and DefaultNamespaceHint (sim/model/default_namespace.h) when `ns`, which an endpoint or a filter names,
/// is no namespace of the loaded cluster and objects of the input named none: how to put them in `ns` (-n, or
/// `cluster.defaultNamespace` for a scenario). "" when there is nothing to say.
std::string NamespaceHint(const Loaded& loaded, const std::string& ns);

/// Loads the inputs (a single scenario file is read as a scenario, so its options apply), prints diagnostics
/// (infos unless quiet) and applies --option flags on top of `base` (or the scenario's options). Returns null
/// after printing the errors when the input is unusable. With Io::retained set, the result is kept there too.
std::shared_ptr<Loaded> LoadInputs(const CommonFlags& flags, const PolicyOptions& base, bool base_overrides_scenario,
                                   Io& io);

/// Applies --option key=value flags; prints the error and returns false on a bad one.
bool ApplyOptionFlags(const std::vector<std::string>& flags, PolicyOptions& options, Io& io);

/// The one-line caveat that ends every answer about a cluster with skipped traffic objects (Cluster::unmodeled),
/// "" when there are none. `scenario` names the scenario in `check`'s lines ("" elsewhere).
std::string UnmodeledCaveat(const Cluster& cluster, const std::string& scenario = "");

/// `message` as one line fit for a terminal: every value quoted in it ('...' or "...") longer than 200 bytes cut to
/// its start and "... (N bytes)", the whole at most 4 KiB, control characters escaped (EscapeControls), so that a
/// name from the input can neither forge a line nor act on the terminal.
std::string PrintableMessage(const std::string& message);

/// Prints diagnostics to io.err (infos only when !quiet), each through PrintableMessage.
void PrintDiagnostics(const Diagnostics& diag, bool quiet, Io& io);

}  // namespace kreach

#endif  // KREACH_SIM_CLI_COMMON_H_
