#include "sim/cli/generate_command.h"

#include <boost/program_options.hpp>
#include <iomanip>
#include <limits>
#include <streambuf>

#include "sim/cli/common.h"
#include "sim/generate/generate.h"
#include "sim/model/suggest.h"
#include "sim/model/text.h"
#include "viz/output.h"

namespace po = boost::program_options;

namespace kreach {

namespace {

constexpr const char* kUsage =
    "usage: kreach generate [--preset L0..L7] [--pods N] [--namespaces N] [--policies N] [--services N]\n"
    "                       [--seed N] [--format json|yaml] [-o FILE] [options]\n"
    "\n"
    "Writes a synthetic cluster as one `List` (like `kubectl get ns,nodes,deploy,sts,rs,pods,svc,netpol -A -o\n"
    "json`): labelled Namespaces, Nodes with pod CIDRs, Deployments with their ReplicaSets and pods\n"
    "(pod-template-hash), StatefulSets, Services over them (named and numeric targetPorts, NodePort, headless),\n"
    "and per namespace default-deny plus allow NetworkPolicies (cross-namespace selectors, named ports, port\n"
    "ranges, ipBlocks with except, DNS egress). The counts are exact totals, kube-system (2 CoreDNS pods and\n"
    "kube-dns) included. The same arguments give the same bytes on every machine. A preset sets the defaults;\n"
    "flags override them. See docs/generate.md.\n"
    "\n"
    "Examples:\n"
    "  kreach generate --preset L0 | kreach matrix - --level namespace\n"
    "  kreach generate --pods 60 --namespaces 4 --policies 12 --services 10 --seed 7 --format yaml -o class.yaml\n"
    "  kreach generate --preset L4 -o l4.json\n";

constexpr long long kUnset = std::numeric_limits<long long>::min();

/// A streambuf appending to a string: -o collects the output once, without a second copy.
class StringSink : public std::streambuf {
 public:
  explicit StringSink(std::string& text) : text_(text) {}

 protected:
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) text_ += static_cast<char>(c);
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    text_.append(s, static_cast<std::size_t>(n));
    return n;
  }

 private:
  std::string& text_;
};

void PrintPresets(std::ostream& out) {
  out << "preset    pods  namespaces  policies  services  style        models\n";
  for (const GeneratorPreset& preset : GeneratorPresets()) {
    const GeneratorParams& p = preset.params;
    out << std::left << std::setw(6) << preset.name << std::right << std::setw(8) << p.pods << std::setw(12)
        << p.namespaces << std::setw(10) << p.policies << std::setw(10) << p.services << "  " << std::left
        << std::setw(11) << PolicyStyleName(p.style) << "  " << preset.models << "\n";
  }
}

}  // namespace

int RunGenerate(const std::vector<std::string>& args, Io& io) {
  std::string preset_name, format_name, output = "-", style_name, seed_text;
  bool list_presets = false, no_dns = false;
  long long pods = kUnset, namespaces = kUnset, policies = kUnset, services = kUnset, replicas = kUnset,
            pods_per_node = kUnset, sts_percent = kUnset, nodeport_percent = kUnset, egress_percent = kUnset,
            port_ranges = kUnset, ip_blocks = kUnset, label_keys = kUnset, label_values = kUnset;
  po::options_description desc("generate options");
  auto add = desc.add_options();
  add("preset", po::value(&preset_name), "L0..L7: the scale ladder (see --list-presets); default L0");
  add("list-presets", po::bool_switch(&list_presets), "print the presets and exit");
  add("pods", po::value(&pods), "pods in total, kube-system's included");
  add("namespaces", po::value(&namespaces), "namespaces in total, kube-system included");
  add("policies", po::value(&policies), "NetworkPolicies in total (none in kube-system)");
  add("services", po::value(&services), "Services in total, kube-dns included");
  add("seed", po::value(&seed_text), "the random seed, a number from 0 to 2^64-1 (default 1)");
  add("style", po::value(&style_name), "policy shapes: realistic, random (Kano) or adversarial");
  add("replicas", po::value(&replicas), "mean pods per workload (default 5)");
  add("pods-per-node", po::value(&pods_per_node), "pods per node, 1..250 (default 110)");
  add("statefulset-percent", po::value(&sts_percent), "share of Service-backed workloads that are StatefulSets (15)");
  add("nodeport-percent", po::value(&nodeport_percent), "share of Services that are NodePort (5)");
  add("egress-lock-percent", po::value(&egress_percent),
      "realistic: share of namespaces with default-deny egress, DNS allowed (30)");
  add("port-ranges", po::value(&port_ranges), "distinct port..endPort ranges the policies cycle through (4)");
  add("ip-blocks", po::value(&ip_blocks), "distinct ipBlocks (each with except) the policies cycle through (4)");
  add("label-keys", po::value(&label_keys), "random style: label keys in the vocabulary, 1..12 (6)");
  add("label-values", po::value(&label_values), "random style: values per label key (10)");
  add("no-dns", po::bool_switch(&no_dns), "leave out kube-system (CoreDNS and kube-dns); kreach then implies DNS");
  add("format", po::value(&format_name), "json (default; yaml when -o ends in .yaml or .yml) or yaml");
  add("output,o", po::value(&output), "FILE, replaced atomically; - for stdout (default)");
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      io.out << kUsage << "\n" << desc;
      return kExitOk;
    }
  }
  po::positional_options_description pos;
  if (!ParseFlags("generate", args, desc, pos, io)) return kExitBadInput;
  auto usage_error = [&io](const std::string& message) {
    io.err << "error: kreach generate: " << message << " (see `kreach generate --help`)\n";
    return kExitBadInput;
  };
  if (list_presets) {
    PrintPresets(io.out);
    return kExitOk;
  }

  if (preset_name.empty()) preset_name = "L0";
  const GeneratorPreset* preset = FindGeneratorPreset(preset_name);
  if (preset == nullptr) {
    std::vector<std::string> names;
    for (const GeneratorPreset& p : GeneratorPresets()) names.push_back(p.name);
    std::string hint = SuggestClosest(preset_name, names);
    return usage_error("--preset " + preset_name + ": unknown preset" +
                       (hint.empty() ? "" : " (did you mean '" + hint + "'?)") + "; the presets are L0 to L7");
  }
  GeneratorParams params = preset->params;
  auto set = [](long long value, std::int64_t& into) {
    if (value != kUnset) into = value;
  };
  set(pods, params.pods);
  set(namespaces, params.namespaces);
  set(policies, params.policies);
  set(services, params.services);
  set(replicas, params.replicas);
  set(pods_per_node, params.pods_per_node);
  set(sts_percent, params.statefulset_percent);
  set(nodeport_percent, params.nodeport_percent);
  set(egress_percent, params.egress_lock_percent);
  set(port_ranges, params.port_ranges);
  set(ip_blocks, params.ip_blocks);
  set(label_keys, params.label_keys);
  set(label_values, params.label_values);
  if (no_dns) params.dns = false;
  if (!style_name.empty() && !ParsePolicyStyle(style_name, &params.style)) {
    return usage_error("--style " + style_name + ": must be realistic, random or adversarial");
  }
  if (!seed_text.empty()) {
    bool digits = seed_text.size() <= 20 && seed_text.find_first_not_of("0123456789") == std::string::npos;
    unsigned long long seed = 0;
    try {
      if (digits) seed = std::stoull(seed_text);
    } catch (const std::exception&) {
      digits = false;
    }
    if (!digits) return usage_error("--seed " + seed_text + ": must be a number from 0 to 18446744073709551615");
    params.seed = seed;
  }
  std::string why;
  if (!CheckGeneratorParams(params, &why)) return usage_error(why);

  TextFormat format = TextFormat::kJson;
  if (format_name.empty()) {
    if (EndsWith(output, ".yaml") || EndsWith(output, ".yml")) format = TextFormat::kYaml;
  } else if (format_name == "yaml") {
    format = TextFormat::kYaml;
  } else if (format_name != "json") {
    return usage_error("--format " + format_name + ": must be json or yaml");
  }

  if (output.empty()) return usage_error("-o needs a file name, or - for standard output");
  if (output == "-") {
    WriteSyntheticCluster(params, format, io.out);
    return kExitOk;
  }
  std::string text;
  StringSink sink(text);
  std::ostream stream(&sink);
  WriteSyntheticCluster(params, format, stream);
  std::string error;
  if (!WriteFileAtomically(output, text, &error)) {
    io.err << "error: " << error << "\n";
    return kExitInternal;
  }
  return kExitOk;
}

}  // namespace kreach
