#include "sim/cli/completion.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <sstream>

#include "sim/cli/version.h"
#include "sim/model/text.h"

namespace kreach {

namespace {

constexpr const char* kUsage =
    "usage: kreach completion bash\n"
    "\n"
    "Prints a bash completion script for kreach: the commands, each command's options, the values of options\n"
    "that take one of a fixed list (-o, --level, --protocol, --view, ...) and file names for inputs and FILE\n"
    "values. Load it into the current shell with `source <(kreach completion bash)`; `cmake --install` and the\n"
    "Debian package install it as share/bash-completion/completions/kreach.\n";

bool IsAlnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/// `word` is an alphanumeric character followed by alphanumerics and `extra` characters.
bool IsPlainWord(const std::string& word, const char* extra) {
  if (word.empty() || !IsAlnum(word[0])) return false;
  return std::all_of(word.begin() + 1, word.end(),
                     [extra](char c) { return IsAlnum(c) || std::strchr(extra, c) != nullptr; });
}

/// Words that go into the script unquoted: option names (-o, --output), command names and values.
bool IsShellWord(const std::string& word) {
  if (IsPlainWord(word, "._=-")) return true;
  std::size_t dashes = StartsWith(word, "--") ? 2 : StartsWith(word, "-") ? 1 : 0;
  return dashes > 0 && IsPlainWord(word.substr(dashes), "._-");
}

/// `text` without its parenthesised asides ("table (default), csv" → "table  , csv"); nesting is not expected.
std::string WithoutParentheses(const std::string& text) {
  std::string out;
  int depth = 0;
  for (char c : text) {
    if (c == '(') {
      ++depth;
    } else if (c == ')' && depth > 0) {
      if (--depth == 0) out += ' ';
    } else if (depth == 0) {
      out += c;
    }
  }
  return out;
}

/// Every " or " of `text` as ",".
std::string OrAsComma(std::string text) {
  for (std::size_t at = text.find(" or "); at != std::string::npos; at = text.find(" or ", at)) {
    text.replace(at, 4, ",");
  }
  return text;
}

/// The shell words of `words` (IsShellWord), `separator` between each two; the others are left out.
std::string JoinShellWords(const std::vector<std::string>& words, const char* separator) {
  std::vector<std::string> kept;
  std::copy_if(words.begin(), words.end(), std::back_inserter(kept), IsShellWord);
  return Join(kept, separator);
}

/// The `case ${COMP_WORDS[1]}` branch of one command read from its --help.
void WriteCommandBranch(std::ostream& out, const Command& command, const HelpText& help) {
  std::vector<std::string> names;
  std::vector<std::string> no_completion;  // options whose value cannot be guessed: complete nothing
  bool reads_inputs = false;
  std::ostringstream values;
  for (const HelpOption& option : help.options) {
    std::vector<std::string> spellings;
    for (const std::string* name : {&option.short_name, &option.long_name}) {
      if (!name->empty() && IsShellWord(*name)) spellings.push_back(*name);
    }
    names.insert(names.end(), spellings.begin(), spellings.end());
    if (option.long_name == "--input") reads_inputs = true;
    if (option.arg.empty() || spellings.empty()) continue;
    const std::vector<std::string> fixed = FixedValues(option.text);
    if (TakesFile(option)) {
      values << "        " << JoinShellWords(spellings, "|") << ") _kreach_files; return 0 ;;\n";
    } else if (!fixed.empty()) {
      values << "        " << JoinShellWords(spellings, "|") << ") _kreach_words \"" << JoinShellWords(fixed, " ")
             << "\"; return 0 ;;\n";
    } else {
      no_completion.insert(no_completion.end(), spellings.begin(), spellings.end());
    }
  }
  names.push_back("--help");
  out << "    " << command.name << ")\n      opts=\"" << JoinShellWords(names, " ") << "\"\n";
  if (reads_inputs) out << "      positional=files\n";
  if (!values.str().empty() || !no_completion.empty()) {
    out << "      case $prev in\n" << values.str();
    if (!no_completion.empty()) out << "        " << JoinShellWords(no_completion, "|") << ") return 0 ;;\n";
    out << "      esac\n";
  }
  out << "      ;;\n";
}

}  // namespace

std::vector<std::string> FixedValues(const std::string& description) {
  std::string text = description;
  const std::size_t colon = text.rfind(": ");
  if (colon != std::string::npos) text = text.substr(colon + 2);
  text = OrAsComma(WithoutParentheses(text));
  std::vector<std::string> items;
  std::istringstream parts(text);
  for (std::string item; std::getline(parts, item, ',');) {
    const std::size_t begin = item.find_first_not_of(' ');
    if (begin == std::string::npos) continue;
    item = item.substr(begin, item.find_last_not_of(' ') - begin + 1);
    if (!IsPlainWord(item, "._-")) return {};
    items.push_back(item);
  }
  if (items.size() < 2) return {};
  return items;
}

bool TakesFile(const HelpOption& option) {
  return option.arg == "FILE" || StartsWith(option.text, "FILE") || option.long_name == "--input";
}

void WriteBashCompletion(std::ostream& out) {
  std::vector<std::string> commands;
  for (const Command& command : Commands()) commands.push_back(command.name);
  commands.push_back("--help");
  commands.push_back("--version");
  out << "# bash completion for kreach " << KreachVersion()
      << ", generated by `kreach completion bash` from its command table\n"
         "# and each command's --help. Load it with: source <(kreach completion bash)\n"
         "_kreach_words() { mapfile -t COMPREPLY < <(compgen -W \"$1\" -- \"$cur\"); }\n"
         "_kreach_files() {\n"
         "  compopt -o filenames 2>/dev/null\n"
         "  mapfile -t COMPREPLY < <(compgen -f -- \"$cur\")\n"
         "}\n"
         "_kreach() {\n"
         "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} opts=\"\" positional=\"\"\n"
         "  COMPREPLY=()\n"
         "  if [[ $COMP_CWORD -eq 1 ]]; then\n"
         "    _kreach_words \""
      << JoinShellWords(commands, " ")
      << "\"\n"
         "    return 0\n"
         "  fi\n"
         "  case ${COMP_WORDS[1]} in\n";
  for (const Command& command : Commands()) {
    const std::string name = command.name;
    if (!IsShellWord(name)) continue;
    if (name == "completion") {
      out << "    completion)\n      opts=\"--help\"\n      [[ $COMP_CWORD -eq 2 ]] && positional=\"bash\"\n      ;;\n";
    } else if (name == "help") {
      out << "    help)\n      opts=\"--man\"\n      ;;\n";
    } else {
      HelpText help = CommandHelp(command);
      if (help.usage.empty()) continue;  // options, limits, version: no arguments
      WriteCommandBranch(out, command, help);
    }
  }
  out << "    *) return 0 ;;\n"
         "  esac\n"
         "  if [[ $cur == -* ]]; then\n"
         "    _kreach_words \"$opts\"\n"
         "  elif [[ $positional == files ]]; then\n"
         "    _kreach_files\n"
         "  elif [[ -n $positional ]]; then\n"
         "    _kreach_words \"$positional\"\n"
         "  fi\n"
         "  return 0\n"
         "}\n"
         "complete -F _kreach kreach\n";
}

int RunCompletion(const std::vector<std::string>& args, Io& io) {
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      io.out << kUsage;
      return kExitOk;
    }
  }
  if (args.size() == 1 && args[0] == "bash") {
    WriteBashCompletion(io.out);
    return kExitOk;
  }
  if (args.empty()) {
    io.err << "error: kreach completion: name the shell: bash (see `kreach completion --help`)\n";
  } else if (args.size() > 1) {
    io.err << "error: kreach completion: one shell, not " << args.size() << " arguments (see `kreach completion "
           << "--help`)\n";
  } else {
    io.err << "error: kreach completion: no completion for shell '" << args[0] << "': only bash\n";
  }
  return kExitBadInput;
}

}  // namespace kreach
