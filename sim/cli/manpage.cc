#include "sim/cli/manpage.h"

#include <cctype>
#include <cstdio>
#include <vector>

#include "sim/cli/cli.h"
#include "sim/cli/help_text.h"
#include "sim/cli/version.h"
#include "sim/model/limits.h"
#include "sim/model/options.h"
#include "sim/model/text.h"

namespace kreach {

namespace {

std::string Bold(const std::string& text) { return "\\fB" + RoffText(text) + "\\fR"; }
std::string Italic(const std::string& text) { return "\\fI" + RoffText(text) + "\\fR"; }

/// A tagged paragraph: `tag` (already troff) above `text`.
void Tagged(std::ostream& out, const std::string& tag, const std::string& text) {
  out << ".TP\n" << tag << "\n" << RoffText(text) << "\n";
}

/// A command's description as --help prints it: unindented lines are prose (refilled), blank lines end
/// paragraphs, indented `TERM  text` lines (continued further indented) are a term list, other indented lines
/// (examples) are kept as printed.
void WriteDescription(std::ostream& out, const std::vector<std::string>& lines) {
  enum class Mode { kProse, kTerms, kVerbatim };
  Mode mode = Mode::kProse;
  auto leave = [&out, &mode](Mode next) {
    if (mode == next) return;
    if (mode == Mode::kVerbatim) out << ".fi\n.RE\n";
    if (mode == Mode::kTerms && next == Mode::kProse) out << ".PP\n";
    if (next == Mode::kVerbatim) out << ".RS 4\n.nf\n";
    mode = next;
  };
  out << ".PP\n";
  for (const std::string& line : lines) {
    const std::string text = Trim(line);
    if (text.empty()) {
      leave(Mode::kProse);
      out << ".PP\n";
      continue;
    }
    if (line[0] != ' ') {
      leave(Mode::kProse);
      out << RoffText(text) << "\n";
      continue;
    }
    const bool continues = StartsWith(line, "   ");
    const std::size_t gap = line.find("  ", 2);
    if (mode == Mode::kTerms && continues) {
      out << RoffText(text) << "\n";
    } else if (!continues && gap != std::string::npos && line.find(' ', 2) == gap) {
      leave(Mode::kTerms);
      Tagged(out, Bold(line.substr(2, gap - 2)), Trim(line.substr(gap)));
    } else {
      leave(Mode::kVerbatim);
      out << RoffText(line.substr(2)) << "\n";
    }
  }
  leave(Mode::kProse);
}

void WriteOptions(std::ostream& out, const std::vector<HelpOption>& options) {
  out << ".PP\nOptions:\n";
  for (const HelpOption& option : options) {
    std::string tag;
    if (!option.short_name.empty()) tag = Bold(option.short_name);
    if (!option.long_name.empty()) tag += (tag.empty() ? "" : ", ") + Bold(option.long_name);
    if (!option.arg.empty()) tag += " " + Italic(option.arg);
    Tagged(out, tag, option.text);
  }
}

void WriteSwitches(std::ostream& out) {
  const PolicyOptions defaults;
  out << ".PP\nThe switches (scenario key \\fBcluster.options.\\fIKEY\\fR, or \\fB\\-\\-option\\fR "
         "\\fIKEY\\fB=true\\fR|\\fBfalse\\fR), with the rule of docs/semantics.md each implements:\n";
  for (const OptionInfo& info : OptionTable()) {
    Tagged(out,
           Bold(info.key) + " (" + RoffText(info.rule) + ", default " +
               (*GetOption(defaults, info.key) ? "true" : "false") + ")",
           info.help);
  }
}

void WriteLimits(std::ostream& out) {
  const Limits defaults;
  out << ".PP\nThe limits (\\fB\\-\\-limit\\fR \\fINAME\\fB=\\fIN\\fR on any command that reads input; sizes "
         "also with K, M or G):\n";
  for (const LimitInfo& info : LimitTable()) {
    const std::string max = info.max != 0 ? ", at most " + FormatLimit(info, info.max) : "";
    Tagged(out, Bold(info.name) + " (default " + RoffText(FormatLimit(info, defaults.*(info.field)) + max) + ")",
           info.help);
  }
}

void WriteCommands(std::ostream& out) {
  out << ".SH COMMANDS\n";
  for (const Command& command : Commands()) {
    const std::string name = command.name;
    out << ".SS " << RoffText(name) << "\n" << RoffText(command.summary) << "\n";
    HelpText help = CommandHelp(command);
    if (!help.usage.empty()) {
      // "check SCENARIO... [options]": the command in bold, its arguments as printed.
      const std::string rest = StartsWith(help.usage, name) ? help.usage.substr(name.size()) : "";
      out << ".PP\n" << Bold("kreach " + name) << RoffText(rest) << "\n";
      WriteDescription(out, help.description);
      if (!help.options.empty()) WriteOptions(out, help.options);
    }
    if (name == "options") WriteSwitches(out);
    if (name == "limits") WriteLimits(out);
    if (name == "help") out << ".PP\nWith " << Bold("--man") << ", prints this manual page (troff) instead.\n";
  }
}

}  // namespace

std::string RoffText(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-' && (i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1])))) {
      out += "\\-";
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      // A UTF-8 sequence: its code point as a troff glyph name.
      int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
      unsigned long code = c & (0x3Fu >> extra);
      for (; extra > 0 && i + 1 < text.size(); --extra) {
        code = (code << 6) | (static_cast<unsigned char>(text[++i]) & 0x3Fu);
      }
      char glyph[16];
      std::snprintf(glyph, sizeof glyph, "\\[u%04lX]", code);
      out += glyph;
    }
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

void WriteManPage(std::ostream& out) {
  out << ".\\\" kreach(1), generated by `kreach help --man` from the command table and each command's --help.\n"
      << ".TH KREACH 1 \"\" \"kreach " << KreachVersion() << "\" \"User Commands\"\n"
      << ".nh\n.ad l\n"
      << ".SH NAME\nkreach \\- Kubernetes network traffic simulator\n"
      << ".SH SYNOPSIS\n"
      << Bold("kreach") << " " << Italic("COMMAND") << " [" << Italic("ARGS") << "...]\n.br\n"
      << Bold("kreach") << " " << Italic("COMMAND") << " " << Bold("--help") << "\n.br\n"
      << Bold("kreach help") << " [" << Bold("--man") << "]\n.br\n"
      << Bold("kreach --version") << "\n"
      << ".SH DESCRIPTION\n"
      << "kreach reads Kubernetes manifests (YAML or JSON, multi\\-document files, \\fBkind: List\\fR dumps from\n"
      << "\\fBkubectl get \\-o json\\fR, folders of them, or \\fB\\-\\fR for standard input) and answers: can a\n"
      << "packet get from here to there, and which rule decided?\n"
      << "It follows each connection on its real path (the DNS lookup, kube\\-proxy's Service translation,\n"
      << "ingress\\-controller routing, NetworkPolicy at each pod end), checks the expectations written in\n"
      << "scenario files, prints reachability matrices and the connection list of netpol\\-analyzer, draws\n"
      << "Graphviz diagrams, and validates policies as the API server would.\n"
      << ".PP\n"
      << "An " << Italic("INPUT") << " is any mix of files, folders (read recursively: .yaml, .yml, .json) and\n"
      << Bold("-") << " for standard input; a single scenario file may be given wherever manifests are.\n"
      << "Every command prints its options with " << Bold("--help") << ".\n";
  WriteCommands(out);
  out << ".SH \"EXIT STATUS\"\n";
  for (const ExitCodeInfo& e : ExitCodeTable()) Tagged(out, Bold(std::to_string(e.code)), e.meaning);
  out << ".SH EXAMPLES\n.nf\n";
  for (const char* example :
       {"kreach check scenarios/netpol/e01-default-deny-ingress.yaml",
        "kreach query scenarios/shop/ --from deployment/shop/api --to shop/db-0 --port postgres",
        "kreach matrix scenarios/shop/ --level workload -o md", "kreach list scenarios/shop/ -o txt",
        "kreach lint scenarios/shop/", "kreach generate --preset L0 | kreach matrix - --level namespace",
        "kubectl get ns,pods,netpol -A -o json | kreach matrix -"}) {
    out << RoffText(example) << "\n";
  }
  out << ".fi\n"
      << ".SH FILES\n";
  Tagged(out, Italic("share/bash-completion/completions/kreach"),
         "bash completion, under the installation prefix (/usr for the Debian package); `kreach completion bash` "
         "prints the same");
  Tagged(out, Italic("share/doc/kreach/"),
         "README.md and docs/, as in the source tree: docs/cli.md, every command, flag and output format; "
         "docs/scenario-format.md; docs/semantics.md, the traffic semantics and the switches; docs/render.md; "
         "docs/generate.md; docs/performance.md; docs/robustness.md, the limits and broken input");
  out << ".SH \"SEE ALSO\"\n"
      << ".BR kubectl (1),\n.BR dot (1)\n";
}

}  // namespace kreach
