#include "sim/cli/list_command.h"

#include <boost/program_options.hpp>

#include "sim/cli/common.h"
#include "sim/report/connlist.h"
#include "sim/report/connlist_format.h"

namespace po = boost::program_options;

namespace kreach {

int RunList(const std::vector<std::string>& args, Io& io) {
  CommonFlags flags;
  std::string format = "txt";
  std::string semantics = "compat";
  po::options_description desc("list options");
  po::positional_options_description pos;
  desc.add_options()("output,o", po::value(&format), (std::string(ConnListFormatNames()) + " (default txt)").c_str())(
      "semantics", po::value(&semantics),
      "compat (default): netpol-analyzer's conventions; canonical: kreach's switches and --option");
  AddCommonFlags(desc, pos, flags);
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      io.out << "usage: kreach list INPUT... [options]\n\nEvery allowed connection between workloads and external "
                "ranges, in the connlist format of\nnp-guard/netpol-analyzer (= roxctl netpol connectivity map).\n\n"
             << desc;
      return kExitOk;
    }
  }
  if (!ParseFlags("list", args, desc, pos, io)) return kExitBadInput;
  std::optional<ConnListFormat> fmt = ParseConnListFormat(format);
  if (!fmt) {
    io.err << "error: kreach list: -o " << format << ": must be one of " << ConnListFormatNames() << "\n";
    return kExitBadInput;
  }
  if (semantics != "compat" && semantics != "canonical") {
    io.err << "error: kreach list: --semantics " << semantics << ": must be compat or canonical\n";
    return kExitBadInput;
  }
  bool compat = semantics == "compat";
  if (compat) flags.relaxed = true;  // netpol-analyzer reads such inputs, and its corpus has them
  if (flags.unknown_fields.empty()) flags.unknown_fields = "warn";  // as netpol-analyzer, which ignores them
  std::shared_ptr<Loaded> loaded = LoadInputs(flags, compat ? NetpolAnalyzerCompat() : PolicyOptions{}, compat, io);
  if (!loaded) return kExitBadInput;
  // Streamed: a large cluster has tens of millions of lines, which are written as they are computed.
  WriteConnListStreamed(loaded->world->For(ImpliedCluster::View::kInput), loaded->options, *fmt, io.out);
  return kExitOk;
}

}  // namespace kreach
