#include "sim/cli/help_text.h"

#include <map>
#include <sstream>

#include "sim/model/text.h"

namespace kreach {

namespace {

constexpr const char* kUsagePrefix = "usage: kreach ";

bool IsOptionRow(const std::string& line) { return StartsWith(line, "  -"); }

/// The column where Boost starts the descriptions of a table: the most common start of the text after the first
/// run of two spaces in an option row. (A row whose name fills the column has a single space there.)
std::size_t DescriptionColumn(const std::vector<std::string>& rows) {
  std::map<std::size_t, int> votes;
  for (const std::string& row : rows) {
    if (!IsOptionRow(row)) continue;
    const std::size_t gap = row.find("  ", 2);
    if (gap == std::string::npos) continue;
    const std::size_t text = row.find_first_not_of(' ', gap);
    if (text != std::string::npos) ++votes[text];
  }
  std::size_t column = 0;
  int best = 0;
  for (const auto& [at, count] : votes) {
    if (count > best) {
      column = at;
      best = count;
    }
  }
  return column;
}

/// Splits `-o [ --output ] arg`, `--limit NAME=N` or `--explain` into its parts.
HelpOption ParseOptionName(const std::string& left) {
  HelpOption option;
  std::string rest = Trim(left);
  auto take_word = [&rest]() {
    const std::size_t end = rest.find(' ');
    std::string word = rest.substr(0, end);
    rest = end == std::string::npos ? "" : Trim(rest.substr(end));
    return word;
  };
  if (StartsWith(rest, "--")) {
    option.long_name = take_word();
  } else {
    option.short_name = take_word();
    if (StartsWith(rest, "[ --")) {
      const std::size_t close = rest.find(" ]");
      option.long_name = rest.substr(2, close == std::string::npos ? std::string::npos : close - 2);
      rest = close == std::string::npos ? "" : Trim(rest.substr(close + 2));
    }
  }
  option.arg = rest;
  return option;
}

}  // namespace

HelpText ParseHelp(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  HelpText help;
  if (lines.empty() || !StartsWith(lines[0], kUsagePrefix)) return help;
  help.usage = lines[0].substr(std::string(kUsagePrefix).size());
  std::size_t i = 1;
  for (; i < lines.size() && StartsWith(lines[i], " "); ++i) help.usage += " " + Trim(lines[i]);
  while (i < lines.size() && Trim(lines[i]).empty()) ++i;
  // The table starts at its caption ("check options:"), the only unindented line ending in ':' whose next line
  // is an option row; "Examples:" is followed by indented commands instead.
  auto is_caption = [&lines](std::size_t at) {
    const std::string& line = lines[at];
    return !line.empty() && line[0] != ' ' && line.back() == ':' && at + 1 < lines.size() && IsOptionRow(lines[at + 1]);
  };
  for (; i < lines.size() && !is_caption(i); ++i) help.description.push_back(lines[i]);
  while (!help.description.empty() && Trim(help.description.back()).empty()) help.description.pop_back();
  if (i == lines.size()) return help;
  const std::vector<std::string> rows(lines.begin() + static_cast<std::ptrdiff_t>(i) + 1, lines.end());
  const std::size_t column = DescriptionColumn(rows);
  for (const std::string& row : rows) {
    if (IsOptionRow(row)) {
      // A name longer than the column pushes its description to the next line, which then continues this row.
      const bool has_text = column > 0 && row.size() > column && row[column - 1] == ' ';
      HelpOption option = ParseOptionName(has_text ? row.substr(0, column) : row);
      if (has_text) option.text = Trim(row.substr(column));
      help.options.push_back(std::move(option));
    } else if (StartsWith(row, " ") && !Trim(row).empty() && !help.options.empty()) {
      std::string& into = help.options.back().text;
      into += (into.empty() ? "" : " ") + Trim(row);
    }
  }
  return help;
}

HelpText CommandHelp(const Command& command) {
  std::istringstream in;
  std::ostringstream out, err;
  Io io{in, out, err};
  command.run({"--help"}, io);
  return ParseHelp(out.str());
}

}  // namespace kreach
