// The subcommand table and the handlers of query, matrix, lint, options, help and version.
#include <algorithm>
#include <iomanip>
#include <sstream>

#include "policies/evaluator.h"
#include "sim/cli/check_command.h"
#include "sim/cli/cli.h"
#include "sim/cli/common.h"
#include "sim/cli/completion.h"
#include "sim/cli/generate_command.h"
#include "sim/cli/list_command.h"
#include "sim/cli/manpage.h"
#include "sim/cli/probe_flags.h"
#include "sim/cli/render_command.h"
#include "sim/cli/version.h"
#include "sim/loader/loader.h"
#include "sim/loader/scenario.h"
#include "sim/model/files_read.h"
#include "sim/model/limits.h"
#include "sim/model/suggest.h"
#include "sim/model/timings.h"
#include "sim/net/connection.h"
#include "sim/net/endpoint.h"
#include "sim/net/network.h"
#include "sim/net/path.h"
#include "sim/net/path_format.h"
#include "sim/report/check.h"
#include "sim/report/lint.h"
#include "sim/report/matrix_format.h"
#include "sim/report/matrix_groups.h"

namespace po = boost::program_options;

namespace kreach {

namespace {

std::string Count(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// ---- query ----

int RunQuery(const std::vector<std::string>& args, Io& io) {
  CommonFlags flags;
  std::string from, to, format = "text";
  ProbeFlags probe_flags;
  po::options_description desc("query options");
  po::positional_options_description pos;
  desc.add_options()("from", po::value(&from),
                     "source: NS/POD, pod/NS/NAME, KIND/NS/NAME, node/NAME or an IPv4 address")(
      "to", po::value(&to),
      "destination: the source forms, service/NS/NAME, a DNS name (resolved from the source's namespace) or a URL "
      "http(s)://host[:port]/path");
  AddProbeFlags(desc, probe_flags,
                "port number (1-65535) or name (a Service port name for Services; taken from the URL for URLs)",
                "TCP (default), UDP, SCTP or ICMP");
  desc.add_options()("output,o", po::value(&format), "text (default) or json");
  AddCommonFlags(desc, pos, flags);
  if (WantsHelp(args)) {
    PrintUsage(io,
               "query INPUT... --from SRC --to DST [--port PORT] [options]\n\nOne connection on its real path: "
               "DNS lookup, Service translation (ClusterIP, NodePort, LoadBalancer, externalIP), ingress routing, "
               "every policy check with the rule that decided, and the outcome (delivered, dropped, refused, "
               "nxdomain, http-404, http-503).",
               desc);
    return kExitOk;
  }
  if (!ParseFlags("query", args, desc, pos, io)) return kExitBadInput;
  if (from.empty() || to.empty()) {
    io.err << "error: kreach query: --from and --to are required\n";
    return kExitBadInput;
  }
  if (format == "txt") format = "text";  // as check spells it
  if (format != "text" && format != "json") {
    io.err << "error: kreach query: --output " << format << ": must be text or json\n";
    return kExitBadInput;
  }
  Protocol proto = Protocol::kTCP;
  std::string probe_error;
  if (!CheckProbeFlags(probe_flags, PortNames::kAnyPort, &proto, &probe_error)) {
    io.err << "error: kreach query: " << probe_error << "\n";
    return kExitBadInput;
  }
  const std::string port = probe_flags.port.value_or("");
  std::shared_ptr<Loaded> loaded = LoadInputs(flags, PolicyOptions{}, false, io);
  if (!loaded) return kExitBadInput;
  Network network(loaded->world, loaded->options);
  ResolvedEndpoint src, dst;
  std::string error;
  if (!ResolveEndpoint(network.cluster(), from, &src, &error)) {
    io.err << "error: --from " << from << ": " << error << NamespaceHint(*loaded, src.missing_namespace) << "\n";
    return kExitBadInput;
  }
  if (!ResolveEndpoint(network.cluster(), to, &dst, &error)) {
    io.err << "error: --to " << to << ": " << error << NamespaceHint(*loaded, dst.missing_namespace) << "\n";
    return kExitBadInput;
  }
  Trace trace;
  if (!TraceConnection(network, src, dst, Probe{port, proto}, &trace, &error)) {
    io.err << "error: " << (port.empty() && proto != Protocol::kIcmp ? "--port: " : "") << error << "\n";
    return kExitBadInput;
  }
  if (format == "json") {
    WriteTraceJson(trace, io.out);
  } else {
    WriteTraceText(trace, io.out);
  }
  return kExitOk;
}

// ---- matrix ----

int RunMatrix(const std::vector<std::string>& args, Io& io) {
  CommonFlags flags;
  std::string level = "workload", format = "table";
  ProbeFlags probe_flags;
  bool to_services = false, group = false;
  std::uint64_t max_cells = 1000000;
  po::options_description desc("matrix options");
  po::positional_options_description pos;
  desc.add_options()("level", po::value(&level), "pod, workload (default) or namespace")(
      "output,o", po::value(&format),
      "table (default), truth (the e2e truth table with endpoints that check reads, to paste into expectMatrix), "
      "csv, json or md");
  AddProbeFlags(desc, probe_flags,
                "probe this port (a number from 1 to 65535 or a container port name); default: any connection",
                "protocol of the probe: TCP (default), UDP, SCTP, ICMP");
  desc.add_options()("to-services", po::bool_switch(&to_services),
                     "columns are Service ports: pods reach each Service's ClusterIP on its port through kube-proxy "
                     "(--port/--protocol do not apply)")(
      "group", po::bool_switch(&group),
      "merge the rows that reach alike and the columns that are reached alike: the exact matrix as blocks, "
      "for large clusters (table, json or md)")(
      "max-cells", po::value(&max_cells),
      "without --group, refuse a matrix of more cells than this (default 1000000; 0: no limit)");
  AddCommonFlags(desc, pos, flags);
  if (WantsHelp(args)) {
    PrintUsage(io,
               "matrix INPUT... [options]\n\nWho reaches whom: a truth table over pods, workloads or "
               "namespaces,\nor (--to-services) from them to every Service port.",
               desc);
    return kExitOk;
  }
  if (!ParseFlags("matrix", args, desc, pos, io)) return kExitBadInput;
  std::optional<MatrixLevel> lvl = ParseMatrixLevel(level);
  std::optional<MatrixFormat> fmt = ParseMatrixFormat(format);
  if (!lvl) {
    io.err << "error: kreach matrix: --level " << level << ": must be pod, workload or namespace\n";
    return kExitBadInput;
  }
  if (!fmt) {
    io.err << "error: kreach matrix: -o " << format << ": must be table, truth, csv, json or md\n";
    return kExitBadInput;
  }
  if (*fmt == MatrixFormat::kTruth && (group || to_services || *lvl == MatrixLevel::kNamespace)) {
    io.err << "error: kreach matrix: -o truth prints pods or workloads as `check` endpoints, one cell each: it does "
              "not combine with "
           << (group         ? "--group"
               : to_services ? "--to-services"
                             : "--level namespace")
           << "\n";
    return kExitBadInput;
  }
  Protocol proto = Protocol::kTCP;
  std::string probe_error;
  if (!CheckProbeFlags(probe_flags, PortNames::kContainerPort, &proto, &probe_error)) {
    io.err << "error: kreach matrix: " << probe_error << "\n";
    return kExitBadInput;
  }
  if (group && *fmt == MatrixFormat::kCsv) {
    io.err << "error: kreach matrix: --group has no csv form (csv has one line per cell): use -o table, json or md\n";
    return kExitBadInput;
  }
  if (group && to_services) {
    io.err << "error: kreach matrix: --group does not apply with --to-services\n";
    return kExitBadInput;
  }
  std::shared_ptr<Loaded> loaded = LoadInputs(flags, PolicyOptions{}, false, io);
  if (!loaded) return kExitBadInput;
  const Cluster& input = loaded->world->For(ImpliedCluster::View::kInput);
  if (!group && max_cells > 0) {
    const std::uint64_t n = CountMatrixGroups(input, *lvl);
    std::uint64_t columns = n;
    if (to_services) {
      columns = 0;
      for (const Service& svc : input.services) {
        columns += svc.type == ServiceType::kExternalName ? 0 : svc.ports.size();
      }
    }
    const std::uint64_t cells = n * columns;
    if (cells > max_cells) {
      // Only advice that can help from here: --group is refused with --to-services, csv and truth; truth is
      // refused at namespace level; a namespace matrix has no coarser level.
      std::vector<std::string> advice;
      if (!to_services && *fmt != MatrixFormat::kCsv && *fmt != MatrixFormat::kTruth) {
        advice.push_back("add --group (the same matrix, exact, with the rows and columns that are alike merged)");
      }
      if (*lvl == MatrixLevel::kPod) {
        advice.push_back(*fmt == MatrixFormat::kTruth ? "use --level workload" : "use --level workload or namespace");
      } else if (*lvl == MatrixLevel::kWorkload && *fmt != MatrixFormat::kTruth) {
        advice.push_back("use --level namespace");
      }
      advice.push_back("raise --max-cells (0: no limit)");
      std::string text;
      for (std::size_t i = 0; i < advice.size(); ++i) {
        text += (i == 0 ? "" : i + 1 == advice.size() ? ", or " : ", ") + advice[i];
      }
      io.err << "error: kreach matrix: " << n << " " << level << (n == 1 ? "" : "s") << " make a matrix of " << cells
             << " cells, more than --max-cells " << max_cells << ": " << text << "\n";
      return kExitBadInput;
    }
  }
  if (to_services) {
    if (probe_flags.port) {
      io.err << "error: kreach matrix: --port does not apply with --to-services (each column is a Service port)\n";
      return kExitBadInput;
    }
    Network network(loaded->world, loaded->options);
    Matrix matrix = ComputeServiceMatrix(network, *lvl);
    if (matrix.columns.empty()) io.err << "note: the input has no Service port to reach: the matrix has no columns\n";
    WriteMatrix(matrix, *fmt, io.out);
    return kExitOk;
  }
  std::optional<Probe> probe;
  if (probe_flags.port || proto == Protocol::kIcmp) probe = Probe{probe_flags.port.value_or(""), proto};
  CompactMatrix matrix = ComputeCompactMatrix(input, loaded->options, *lvl, probe);
  ScopedPhase output("output");
  if (group) {
    WriteGroupedMatrix(matrix, *fmt, io.out);
  } else {
    WriteMatrix(matrix.Dense(), *fmt, io.out);
  }
  return kExitOk;
}

// ---- lint ----

int RunLint(const std::vector<std::string>& args, Io& io) {
  CommonFlags flags;
  bool strict = false;
  po::options_description desc("lint options");
  po::positional_options_description pos;
  desc.add_options()("strict", po::bool_switch(&strict), "exit 1 when there are warnings");
  AddCommonFlags(desc, pos, flags);
  if (WantsHelp(args)) {
    PrintUsage(io,
               "lint INPUT... [options]\n\nAPI-server validation of every object (errors, exit 2) and "
               "warnings for policies that select nothing,\npeers that match nothing, named ports no pod "
               "defines, policy ports that name a Service port instead of\nits targetPort, Services that "
               "select no pod or lack a named targetPort, Ingress backends or classes\nthat do not exist, and "
               "ipBlocks that pick pod addresses or hold a Service's ClusterIP.\nInfo lines name the nodePorts "
               "kreach assigned.",
               desc);
    return kExitOk;
  }
  if (!ParseFlags("lint", args, desc, pos, io)) return kExitBadInput;
  std::shared_ptr<Loaded> loaded = LoadInputs(flags, PolicyOptions{}, false, io);
  if (!loaded) return kExitBadInput;
  const Cluster& input = loaded->world->For(ImpliedCluster::View::kInput);
  PolicyEngine engine(input, loaded->options);
  Diagnostics diag;
  Lint(engine, diag);
  PrintDiagnostics(diag, flags.quiet, io);
  int warnings = loaded->warnings +
                 static_cast<int>(std::count_if(diag.items().begin(), diag.items().end(),
                                                [](const Diagnostic& d) { return d.severity == Severity::kWarning; }));
  io.out << Count(input.network_policies.size(), "NetworkPolicy", "NetworkPolicies") << ", "
         << Count(input.pods.size(), "pod", "pods") << " checked: 0 errors, "
         << Count(static_cast<std::size_t>(warnings), "warning", "warnings") << "\n";
  return strict && warnings > 0 ? kExitFailed : kExitOk;
}

// ---- options, help, version ----

int RunOptions(const std::vector<std::string>& /*args*/, Io& io) {
  PolicyOptions defaults;
  io.out << "Semantics switches (scenario `cluster.options.KEY`, or --option KEY=true|false):\n";
  size_t key_width = 0;
  for (const OptionInfo& info : OptionTable()) key_width = std::max(key_width, std::string(info.key).size());
  for (const OptionInfo& info : OptionTable()) {
    io.out << "  " << std::left << std::setw(static_cast<int>(key_width) + 2) << info.key << std::setw(7) << info.rule
           << "default " << (*GetOption(defaults, info.key) ? "true" : "false") << "\n      " << info.help << "\n";
  }
  return kExitOk;
}

int RunLimits(const std::vector<std::string>& /*args*/, Io& io) {
  const Limits defaults;
  io.out << "Limits on the input (--limit NAME=N on any command that reads input; sizes also with K, M or G):\n";
  std::size_t name_width = 0;
  for (const LimitInfo& info : LimitTable()) name_width = std::max(name_width, std::string(info.name).size());
  for (const LimitInfo& info : LimitTable()) {
    io.out << "  " << std::left << std::setw(static_cast<int>(name_width) + 2) << info.name << "default "
           << FormatLimit(info, defaults.*(info.field))
           << (info.max != 0 ? ", at most " + FormatLimit(info, info.max) : std::string()) << "\n      " << info.help
           << "\n";
  }
  return kExitOk;
}

int RunHelp(const std::vector<std::string>& args, Io& io) {
  if (args.size() == 1 && args[0] == "--man") {
    WriteManPage(io.out);
    return kExitOk;
  }
  io.out << "kreach " << KreachVersion() << ": Kubernetes network traffic simulator\n\n"
         << "usage: kreach COMMAND [ARGS...]   (kreach COMMAND --help for its options)\n\ncommands:\n";
  std::size_t width = 0;
  for (const Command& c : Commands()) width = std::max(width, std::string(c.name).size() + 1);
  for (const Command& c : Commands()) {
    io.out << "  " << std::left << std::setw(static_cast<int>(width)) << c.name << c.summary << "\n";
  }
  io.out
      << "\nExit codes: 0 success, 1 an expectation failed, 2 usage or input error.\n"
      << "Documentation: docs/tutorial.md, docs/cli.md, docs/scenario-format.md, docs/semantics.md, docs/teaching.md\n";
  return kExitOk;
}

int RunVersion(const std::vector<std::string>& /*args*/, Io& io) {
  io.out << "kreach " << KreachVersion() << "\n";
  return kExitOk;
}

}  // namespace

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"check", "evaluate a scenario's expectations: PASS/FAIL and a grade, exit 0/1/2", RunCheck},
      {"query", "one connection on its real path, hop by hop", RunQuery},
      {"matrix", "who reaches whom, per pod, workload or namespace", RunMatrix},
      {"list", "all allowed connections (netpol-analyzer / roxctl connlist format)", RunList},
      {"lint", "API validation and warnings for policies", RunLint},
      {"render", "Graphviz diagrams: architecture, reachability, one connection's path", RunRender},
      {"generate", "a synthetic cluster for scale tests and classes (presets L0..L7)", RunGenerate},
      {"options", "the semantics switches and their defaults", RunOptions},
      {"limits", "the limits on the input and their defaults", RunLimits},
      {"help", "this list (--man: the manual page)", RunHelp},
      {"completion", "print the bash completion script", RunCompletion},
      {"version", "print the version", RunVersion},
  };
  return kCommands;
}

int RunCli(const std::vector<std::string>& args, Io& io) {
  ForgetFilesRead();  // a run protects the files it reads itself (sim/model/files_read.h)
  try {
    if (args.empty() || args[0] == "--help" || args[0] == "-h") return RunHelp({}, io);
    if (args[0] == "--version") return RunVersion({}, io);
    for (const Command& c : Commands()) {
      if (args[0] != c.name) continue;
      int code = c.run(std::vector<std::string>(args.begin() + 1, args.end()), io);
      if (!io.caveat.empty()) io.err << io.caveat << "\n";
      return code;
    }
    std::vector<std::string> names;
    for (const Command& c : Commands()) names.push_back(c.name);
    io.err << "error: unknown command '" << args[0] << "'";
    std::string hint = SuggestClosest(args[0], names);
    if (!hint.empty()) io.err << " (did you mean '" << hint << "'?)";
    io.err << "; see `kreach help`\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    io.err << "error: internal error: " << e.what() << "\n";
    return kExitInternal;
  } catch (...) {
    io.err << "error: internal error: an unknown exception\n";
    return kExitInternal;
  }
}

const std::vector<ExitCodeInfo>& ExitCodeTable() {
  static const std::vector<ExitCodeInfo> kTable = {
      {kExitOk, "success; for check, every expectation holds"},
      {kExitFailed, "check: an expectation failed; lint --strict: there are warnings"},
      {kExitBadInput,
       "usage or input error (syntax, validation, unknown endpoint, a limit reached); nothing is printed on standard "
       "output that could be mistaken for a result"},
      {kExitInternal,
       "an internal error, or an output that could not be written (a file, a rendered picture, standard output); "
       "an output file is replaced whole or left as it was"},
  };
  return kTable;
}

}  // namespace kreach
