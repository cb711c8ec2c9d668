#include "sim/cli/common.h"

#include <cctype>

#include "sim/format/text_escape.h"
#include "sim/loader/loader.h"
#include "sim/loader/scenario.h"
#include "sim/loader/validate_names.h"
#include "sim/model/default_namespace.h"
#include "sim/model/limits.h"
#include "sim/model/text.h"
#include "sim/model/timings.h"

namespace po = boost::program_options;

namespace kreach {

void AddCommonFlags(po::options_description& desc, po::positional_options_description& pos, CommonFlags& flags,
                    bool loader_flags) {
  desc.add_options()("option", po::value(&flags.options)->composing(),
                     "set a semantics switch, KEY=true|false (repeatable; see `kreach options`)");
  if (loader_flags) {
    desc.add_options()("skip-invalid", po::bool_switch(&flags.skip_invalid),
                       "skip documents that fail validation, with a warning, instead of stopping")(
        "relaxed", po::bool_switch(&flags.relaxed),
        "accept, with a warning, what the API server rejects but traffic does not depend on (object names, "
        "unnamed Service ports, ownerReferences without kind)")(
        "unknown-fields", po::value(&flags.unknown_fields)->value_name("error|warn"),
        "what a field the object's API type does not define (a typo such as `form:`) is: error (default, as "
        "kubectl's strict field validation; warn for `list`) or warn")(
        "default-namespace,n", po::value(&flags.default_namespace)->value_name("NS"),
        "the namespace of objects that name none (default: default), as `kubectl apply -n` puts them");
  }
  desc.add_options()("unmodeled", po::value(&flags.unmodeled)->value_name("warn|error"),
                     "objects that filter or route traffic but that kreach does not model (Cilium and Calico "
                     "policies, AdminNetworkPolicy, Istio AuthorizationPolicy, Gateway API routes, ...): a warning "
                     "(default) or an error, for CI");
  desc.add_options()("limit", po::value(&flags.limits)->composing()->value_name("NAME=N"),
                     "raise or lower a limit on the input, e.g. file-size=4G or pods=3000000 (repeatable; see "
                     "`kreach limits`)");
  desc.add_options()("quiet,q", po::bool_switch(&flags.quiet), "do not print info lines (skipped kinds)")(
      "timings", po::bool_switch(&flags.timings),
      "print the time of each phase (parse, model, engine, output), object counts and peak memory on stderr")(
      "input", po::value(&flags.inputs)->composing(), "files, folders, or - for stdin");
  pos.add("input", -1);
}

bool WantsHelp(const std::vector<std::string>& args) {
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") return true;
  }
  return false;
}

void PrintUsage(Io& io, const char* usage, const po::options_description& desc) {
  io.out << "usage: kreach " << usage << "\n\n" << desc;
}

bool ParseFlags(const char* command, const std::vector<std::string>& args, const po::options_description& desc,
                const po::positional_options_description& pos, Io& io) {
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    io.err << "error: kreach " << command << ": " << e.what() << " (see `kreach " << command << " --help`)\n";
    return false;
  }
  return true;
}

std::string UnmodeledCaveat(const Cluster& cluster, const std::string& scenario) {
  if (cluster.unmodeled.empty()) return "";
  int total = 0;
  std::vector<std::string> kinds;
  for (const UnmodeledKindCount& k : cluster.unmodeled) {
    total += k.count;
    kinds.push_back(std::to_string(k.count) + " " + (k.api_version.empty() ? "" : k.api_version + " ") + k.kind);
  }
  std::string where = scenario.empty() ? "" : scenario + ": ";
  return "note: " + where + std::to_string(total) + (total == 1 ? " object" : " objects") +
         " that filter or route traffic were not modelled (" + Join(kinds, ", ") +
         "): these answers treat them as absent (see the warnings above)";
}

std::string PrintableMessage(const std::string& message) {
  constexpr std::size_t kMaxQuoted = 200;  // one value quoted from the input ('...' or "...")
  constexpr std::size_t kMaxLine = 4096;   // the whole message, in case a long value is not quoted
  std::string capped;
  std::size_t i = 0;
  while (i < message.size()) {
    char q = message[i];
    // A quote opens a value after a space or punctuation, not inside a word (the pod's).
    bool opens = (q == '\'' || q == '"') && (i == 0 || !std::isalnum(static_cast<unsigned char>(message[i - 1])));
    std::size_t close = opens ? message.find(q, i + 1) : std::string::npos;
    if (close == std::string::npos || close - i - 1 <= kMaxQuoted) {
      std::size_t next = close == std::string::npos ? i + 1 : close + 1;
      capped.append(message, i, next - i);
      i = next;
      continue;
    }
    capped += q;
    capped += CapText(std::string_view(message).substr(i + 1, close - i - 1), kMaxQuoted);
    capped += q;
    i = close + 1;
  }
  return EscapeControls(CapText(capped, kMaxLine));
}

void PrintDiagnostics(const Diagnostics& diag, bool quiet, Io& io) {
  // A broken generated file can hold thousands of the same mistake: show enough to act on, then count.
  constexpr int kMaxShown = 50;
  int shown = 0;
  int hidden = 0;
  for (const Diagnostic& d : diag.items()) {
    if (quiet && d.severity == Severity::kInfo) continue;
    if (shown == kMaxShown) {
      ++hidden;
      continue;
    }
    io.err << PrintableMessage(d.ToString()) << "\n";
    ++shown;
  }
  if (hidden > 0) io.err << "... and " << hidden << " more messages like the ones above\n";
}

bool ApplyLimitFlags(const CommonFlags& flags, Io& io) {
  Limits limits = CurrentLimits();
  for (const std::string& flag : flags.limits) {
    std::string error;
    if (!SetLimit(limits, flag, &error)) {
      io.err << "error: --limit " << flag << ": " << error << "\n";
      return false;
    }
  }
  SetLimits(limits);
  return true;
}

bool ApplyOptionFlags(const std::vector<std::string>& flags, PolicyOptions& options, Io& io) {
  for (const std::string& flag : flags) {
    std::size_t eq = flag.find('=');
    std::string key = flag.substr(0, eq);
    std::string value = eq == std::string::npos ? "true" : flag.substr(eq + 1);
    if (value != "true" && value != "false") {
      io.err << "error: --option " << flag << ": value must be true or false\n";
      return false;
    }
    std::string error;
    if (!SetOption(options, key, value == "true", &error)) {
      io.err << "error: --option " << flag << ": " << error << "\n";
      return false;
    }
  }
  return true;
}

std::shared_ptr<Loaded> LoadInputs(const CommonFlags& flags, const PolicyOptions& base, bool base_overrides_scenario,
                                   Io& io) {
  if (flags.inputs.empty()) {
    io.err << "error: no input: give files, folders, or - for stdin\n";
    return nullptr;
  }
  PolicyOptions checked = base;  // reject bad --option flags before reading anything
  if (!ApplyOptionFlags(flags.options, checked, io)) return nullptr;
  if (!ApplyLimitFlags(flags, io)) return nullptr;
  if (flags.unknown_fields != "" && flags.unknown_fields != "error" && flags.unknown_fields != "warn") {
    io.err << "error: --unknown-fields " << flags.unknown_fields << ": must be error or warn\n";
    return nullptr;
  }
  if (flags.unmodeled != "warn" && flags.unmodeled != "error") {
    io.err << "error: --unmodeled " << flags.unmodeled << ": must be warn or error\n";
    return nullptr;
  }
  if (std::string why; !CheckDns1123Label(flags.default_namespace, &why)) {
    io.err << "error: --default-namespace " << flags.default_namespace << ": not a valid namespace name: " << why
           << "\n";
    return nullptr;
  }
  if (flags.timings) EnableTimings(&io.err);
  auto shared = std::make_shared<Loaded>();
  Loaded& loaded = *shared;
  loaded.options = base;
  Diagnostics diag;
  Cluster cluster;
  if (flags.inputs.size() == 1 && flags.inputs[0] != "-" && IsScenarioFile(flags.inputs[0])) {
    ScenarioOverrides overrides;
    overrides.default_namespace = flags.default_namespace;
    ScenarioLoad load = LoadScenario(flags.inputs[0], overrides);
    diag = std::move(load.diagnostics);
    cluster = std::move(load.scenario.cluster);
    if (!base_overrides_scenario) loaded.options = load.scenario.options;
    if (flags.unmodeled == "error" && !cluster.unmodeled.empty()) {
      Location where;
      where.source = flags.inputs[0];
      diag.Error(where,
                 "the scenario holds objects that filter or route traffic but that "
                 "kreach does not model (--unmodeled=error; see the warnings)");
    }
    loaded.scenario = true;
  } else {
    ClusterConfig config;
    config.skip_invalid_documents = flags.skip_invalid;
    config.relaxed_validation = flags.relaxed;
    config.unknown_fields_are_warnings = flags.unknown_fields == "warn";
    config.default_namespace = flags.default_namespace;
    config.unmodeled_are_errors = flags.unmodeled == "error";
    LoadResult load = LoadCluster(flags.inputs, config);
    diag = std::move(load.diagnostics);
    cluster = std::move(load.cluster);
  }
  const Cluster& c = cluster;
  if (!diag.HasErrors() && c.namespaces.empty() && c.pods.empty() && c.services.empty() && c.network_policies.empty() &&
      c.ingresses.empty()) {
    // An empty file, only comments or `---`: almost always the wrong file, or a template that rendered to nothing.
    diag.Warning(Location(),
                 "the input holds no Kubernetes objects (no namespaces, pods, Services, policies or "
                 "Ingresses)");
  }
  PrintDiagnostics(diag, flags.quiet, io);
  if (diag.HasErrors()) {
    io.err << diag.ErrorCount() << (diag.ErrorCount() == 1 ? " error" : " errors") << " in the input\n";
    return nullptr;
  }
  if (!ApplyOptionFlags(flags.options, loaded.options, io)) return nullptr;
  for (const Diagnostic& d : diag.items()) loaded.warnings += d.severity == Severity::kWarning ? 1 : 0;
  ReportCount("pods", cluster.pods.size());
  ReportCount("namespaces", cluster.namespaces.size());
  ReportCount("policies", cluster.network_policies.size());
  ReportCount("services", cluster.services.size());
  io.caveat = UnmodeledCaveat(cluster);
  loaded.world = ImpliedCluster::Build(std::move(cluster));
  if (io.retained != nullptr) io.retained->push_back(shared);
  return shared;
}

std::string NamespaceHint(const Loaded& loaded, const std::string& ns) {
  std::string hint =
      DefaultNamespaceHint(loaded.world->cluster(), ns,
                           loaded.scenario ? DefaultNamespaceSetting::kScenarioKey : DefaultNamespaceSetting::kFlag);
  return hint.empty() ? "" : "; " + hint;
}

}  // namespace kreach
