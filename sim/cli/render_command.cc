#include "sim/cli/render_command.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <map>
#include <set>
#include <sstream>

#include "sim/cli/common.h"
#include "sim/cli/probe_flags.h"
#include "sim/model/suggest.h"
#include "sim/model/text.h"
#include "sim/net/endpoint.h"
#include "sim/net/network.h"
#include "sim/net/path.h"
#include "viz/dot.h"
#include "viz/output.h"
#include "viz/views.h"

namespace po = boost::program_options;

namespace kreach {

namespace {

constexpr const char* kUsage =
    "usage: kreach render INPUT... [--view VIEW] -o FILE [options]\n"
    "\n"
    "Draws the cluster as a Graphviz diagram. Views:\n"
    "  architecture  namespaces as frames; Ingress -> Service -> workload -> pods with the ports on the edges\n"
    "                (80->8080/TCP); ClusterIP, NodePort, LoadBalancer, headless and ExternalName Services drawn\n"
    "                differently; --nodes adds the nodes and external entry points (the default view)\n"
    "  reachability  workloads (replicas collapsed, web x3; --expand-pods for one box per pod) with one edge per\n"
    "                allowed connection (TCP 80,443), external ranges and the ingress controller; isolation marked;\n"
    "                --denied with --focus adds the focus's denied edges; large clusters are aggregated\n"
    "  path          one connection (--from, --to, --port, --protocol as in `kreach query`) hop by hop: DNS,\n"
    "                Service, NodePort/LoadBalancer, ingress controller, each translation and the policy rule that\n"
    "                allowed or stopped it\n"
    "\n"
    "The format comes from the extension of -o: .dot or .gv write DOT text, .svg .png .pdf run Graphviz (`dot`);\n"
    "-o - writes DOT to stdout. Files are replaced atomically. Notes about the picture (aggregation, filters that\n"
    "matched nothing) go to stderr.\n"
    "\n"
    "Examples:\n"
    "  kreach render scenarios/shop.yaml -o shop.svg\n"
    "  kreach render scenarios/shop.yaml --view reachability --namespace shop -o shop-reach.png\n"
    "  kreach render scenarios/shop.yaml --view reachability --focus shop/web --denied -o web.svg\n"
    "  kreach render scenarios/shop.yaml --view path --from 203.0.113.7 --to http://shop.example.com/ -o path.svg\n"
    "  kreach render manifests/ --view architecture --nodes -o - | dot -Tpdf > arch.pdf\n";

/// The namespaces and workload names a --namespace or --focus may name, for checks with "did you mean".
struct KnownNames {
  std::vector<std::string> namespaces;
  std::map<std::string, std::set<std::string>> workloads;  ///< namespace → workload, owner and pod names
};

KnownNames CollectNames(const Cluster& cluster) {
  KnownNames names;
  for (const Namespace& ns : cluster.namespaces) names.namespaces.push_back(ns.name);
  for (const Workload& w : cluster.workloads) names.workloads[w.ns].insert(w.ref.name);
  for (const Pod& p : cluster.pods) {
    names.workloads[p.ns].insert(p.Workload().name);
    names.workloads[p.ns].insert(p.name);
  }
  return names;
}

/// " (did you mean 'X'?)" for the candidate that `name` abbreviates, has the letters of (a swapped pair), or is
/// closest to by edit distance; "" when none is plausible.
std::string DidYouMean(const std::string& name, const std::vector<std::string>& candidates) {
  std::string hint;
  std::string letters = name;
  std::sort(letters.begin(), letters.end());
  for (const std::string& c : candidates) {
    std::string sorted = c;
    std::sort(sorted.begin(), sorted.end());
    bool abbreviates = !name.empty() && c.size() > name.size() && StartsWith(c, name);
    if (abbreviates || sorted == letters) {
      hint = c;
      break;
    }
  }
  if (hint.empty()) hint = SuggestClosest(name, candidates);
  return hint.empty() ? "" : " (did you mean '" + hint + "'?)";
}

/// Checks --namespace and --focus against the cluster; prints the error and returns false when one names nothing.
bool CheckFilters(const Loaded& loaded, const Cluster& cluster, const ViewOptions& options, Io& io) {
  KnownNames names = CollectNames(cluster);
  auto has_namespace = [&names](const std::string& ns) {
    for (const std::string& n : names.namespaces) {
      if (n == ns) return true;
    }
    return false;
  };
  if (!options.ns.empty() && !has_namespace(options.ns)) {
    io.err << "error: kreach render: --namespace " << options.ns << ": no such namespace"
           << DidYouMean(options.ns, names.namespaces) << NamespaceHint(loaded, options.ns) << "\n";
    return false;
  }
  if (!options.focus.empty()) {
    std::size_t slash = options.focus.find('/');
    std::string ns = options.focus.substr(0, slash);
    std::string name = slash == std::string::npos ? "" : options.focus.substr(slash + 1);
    std::size_t kind = name.find('[');  // the connlist spelling ns/name[Kind] names the same workload
    if (kind != std::string::npos && kind > 0 && name.back() == ']') name.resize(kind);
    if (slash == std::string::npos || ns.empty() || name.empty() || name.find('/') != std::string::npos) {
      io.err << "error: kreach render: --focus " << options.focus
             << ": write NAMESPACE/WORKLOAD or NAMESPACE/WORKLOAD[Kind], e.g. shop/web\n";
      return false;
    }
    if (!has_namespace(ns)) {
      io.err << "error: kreach render: --focus " << options.focus << ": no such namespace '" << ns << "'"
             << DidYouMean(ns, names.namespaces) << NamespaceHint(loaded, ns) << "\n";
      return false;
    }
    const std::set<std::string>& in_ns = names.workloads[ns];
    if (in_ns.count(name) == 0) {
      io.err << "error: kreach render: --focus " << options.focus << ": no workload or pod '" << name << "' in " << ns
             << DidYouMean(name, std::vector<std::string>(in_ns.begin(), in_ns.end())) << "\n";
      return false;
    }
  }
  return true;
}

/// The DOT text of the chosen view, or nullopt after printing the error (path view: the query cannot be asked).
std::optional<std::string> BuildView(const std::string& view, const Loaded& loaded, const Network& network,
                                     const ViewOptions& options, const std::string& from, const std::string& to,
                                     const Probe& probe, ViewNotes* notes, Io& io) {
  DotGraph graph;
  if (view == "architecture") {
    graph = ArchitectureView(network, options, notes);
  } else if (view == "reachability") {
    graph = ReachabilityView(network, options, notes);
  } else {
    ResolvedEndpoint src, dst;
    std::string error;
    if (!ResolveEndpoint(network.cluster(), from, &src, &error)) {
      io.err << "error: --from " << from << ": " << error << NamespaceHint(loaded, src.missing_namespace) << "\n";
      return std::nullopt;
    }
    if (!ResolveEndpoint(network.cluster(), to, &dst, &error)) {
      io.err << "error: --to " << to << ": " << error << NamespaceHint(loaded, dst.missing_namespace) << "\n";
      return std::nullopt;
    }
    Trace trace;
    if (!TraceConnection(network, src, dst, probe, &trace, &error)) {
      io.err << "error: " << error << "\n";
      return std::nullopt;
    }
    graph = PathView(network, trace, options, notes);
  }
  std::ostringstream dot;
  WriteDot(graph, dot);
  return dot.str();
}

}  // namespace

int RunRender(const std::vector<std::string>& args, Io& io) {
  CommonFlags flags;
  std::string view = "architecture", output, from, to;
  ProbeFlags probe_flags;
  ViewOptions options;
  long long aggregate_above = static_cast<long long>(options.aggregate_threshold);
  RenderSettings settings;
  long long max_dot_bytes = static_cast<long long>(settings.max_dot_bytes);
  int timeout = settings.timeout_seconds;
  const std::string aggregate_help =
      "reachability: merge workloads with identical connectivity above this many workloads, then draw namespaces "
      "(default " +
      std::to_string(options.aggregate_threshold) + ")";
  const std::string max_dot_help =
      "refuse to run Graphviz on more DOT text than this (default " + std::to_string(settings.max_dot_bytes) + ")";
  const std::string timeout_help =
      "stop Graphviz after this many seconds (default " + std::to_string(settings.timeout_seconds) + ")";
  po::options_description desc("render options");
  po::positional_options_description pos;
  auto add = desc.add_options();
  add("view", po::value(&view), "architecture (default), reachability or path");
  add("output,o", po::value(&output), "FILE: .dot/.gv (DOT text), .svg, .png, .pdf (Graphviz), or - for DOT on stdout");
  add("namespace", po::value(&options.ns), "only this namespace and what connects to it");
  add("focus", po::value(&options.focus), "NAMESPACE/WORKLOAD: only this workload and its direct neighbours");
  AddProbeFlags(desc, probe_flags,
                "architecture, reachability: only connections and ports that include this port number; path: the "
                "port of the connection (number or name, as in `kreach query`)",
                "path: TCP (default), UDP, SCTP or ICMP");
  add("from", po::value(&from), "path: the source, as in `kreach query`");
  add("to", po::value(&to), "path: the destination, as in `kreach query`");
  add("nodes", po::bool_switch(&options.nodes), "architecture: draw the nodes and external entry points");
  add("expand-pods", po::bool_switch(&options.expand_pods), "reachability: one box per pod instead of `web x3`");
  add("denied", po::bool_switch(&options.denied), "reachability: also draw the denied edges of the --focus workload");
  add("aggregate-above", po::value(&aggregate_above), aggregate_help.c_str());
  add("max-dot-bytes", po::value(&max_dot_bytes), max_dot_help.c_str());
  add("timeout", po::value(&timeout), timeout_help.c_str());
  AddCommonFlags(desc, pos, flags);
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      io.out << kUsage << "\n" << desc;
      return kExitOk;
    }
  }
  if (!ParseFlags("render", args, desc, pos, io)) return kExitBadInput;

  auto usage_error = [&io](const std::string& message) {
    io.err << "error: kreach render: " << message << " (see `kreach render --help`)\n";
    return kExitBadInput;
  };
  if (view != "architecture" && view != "reachability" && view != "path") {
    return usage_error("--view " + view + ": must be architecture, reachability or path" +
                       DidYouMean(view, {"architecture", "reachability", "path"}));
  }
  if (output.empty()) return usage_error("-o FILE is required (.dot, .gv, .svg, .png, .pdf, or - for stdout)");
  std::optional<DiagramFormat> format;
  if (output != "-") {
    format = DiagramFormatOf(output);
    if (!format) {
      return usage_error("-o " + output +
                         ": cannot tell the format from the extension; use .dot, .gv, .svg, .png "
                         "or .pdf, or - for DOT on stdout");
    }
  }
  if (view == "path" && (from.empty() || to.empty())) return usage_error("--view path needs --from and --to");
  if (view != "path" && (!from.empty() || !to.empty())) {
    return usage_error("--from and --to draw one connection: add --view path");
  }
  Protocol proto = Protocol::kTCP;
  std::string probe_error;
  if (!CheckProbeFlags(probe_flags, view == "path" ? PortNames::kAnyPort : PortNames::kNone, &proto, &probe_error)) {
    return usage_error(probe_error);
  }
  Probe probe{probe_flags.port.value_or(""), proto};
  if (probe.Number() > 0) options.port = probe.Number();
  if (options.denied && options.focus.empty()) return usage_error("--denied needs --focus NAMESPACE/WORKLOAD");
  if (aggregate_above <= 0) return usage_error("--aggregate-above must be at least 1");
  if (max_dot_bytes <= 0) return usage_error("--max-dot-bytes must be at least 1");
  if (timeout <= 0) return usage_error("--timeout must be at least 1 second");
  options.aggregate_threshold = static_cast<std::size_t>(aggregate_above);
  settings.max_dot_bytes = static_cast<std::size_t>(max_dot_bytes);
  settings.timeout_seconds = timeout;
  settings.inputs = flags.inputs;
  std::string error;
  if (output != "-" && !CheckNotAnInput(output, flags.inputs, &error)) {
    io.err << "error: " << error << "\n";
    return kExitBadInput;
  }

  std::shared_ptr<Loaded> loaded = LoadInputs(flags, PolicyOptions{}, false, io);
  if (!loaded) return kExitBadInput;
  // Again with every file the load read (a scenario's includes, standard input when it is a file).
  if (output != "-" && !CheckNotAnInput(output, flags.inputs, &error)) {
    io.err << "error: " << error << "\n";
    return kExitBadInput;
  }
  Network network(loaded->world, loaded->options);
  if (!CheckFilters(*loaded, network.cluster(), options, io)) return kExitBadInput;
  ViewNotes notes;
  std::optional<std::string> dot = BuildView(view, *loaded, network, options, from, to, probe, &notes, io);
  if (!dot) return kExitBadInput;
  for (const std::string& note : notes) io.err << "note: " << note << "\n";  // even with --quiet: they explain it

  if (output == "-") {
    io.out << *dot;
    return kExitOk;
  }
  if (*format != DiagramFormat::kDot && !DotWithinLimit(*dot, settings.max_dot_bytes, &error)) {
    io.err << "error: " << error << "\n";  // the user narrows the picture: a usage error
    return kExitBadInput;
  }
  bool ok = *format == DiagramFormat::kDot ? WriteFileAtomically(output, *dot, &error)
                                           : RenderGraphviz(*dot, DiagramFormatName(*format), output, &error, settings);
  if (!ok) {
    io.err << "error: " << error << "\n";  // the output could not be written (or Graphviz failed)
    return kExitInternal;
  }
  return kExitOk;
}

}  // namespace kreach
