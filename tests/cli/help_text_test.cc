#include "sim/cli/help_text.h"

#include <catch2/catch.hpp>

namespace kreach {

TEST_CASE("help text: usage, description and Boost's option table", "[cli][help]") {
  HelpText help = ParseHelp(
      "usage: kreach demo [--preset L0..L7] [--pods N]\n"
      "                   [-o FILE] [options]\n"
      "\n"
      "Does things.\n"
      "Examples:\n"
      "  kreach demo -o x\n"
      "\n"
      "demo options:\n"
      "  -o [ --output ] arg   txt (default) or json\n"
      "  --explain             explain every expectation, not only\n"
      "                        failures\n"
      "  --limit NAME=N        raise a limit\n"
      "  --aggregate-above arg reachability: merge workloads\n"
      "  -q [ --quiet ]        quiet\n");
  CHECK(help.usage == "demo [--preset L0..L7] [--pods N] [-o FILE] [options]");
  CHECK(help.description == std::vector<std::string>{"Does things.", "Examples:", "  kreach demo -o x"});
  REQUIRE(help.options.size() == 5);
  CHECK(help.options[0].short_name == "-o");
  CHECK(help.options[0].long_name == "--output");
  CHECK(help.options[0].arg == "arg");
  CHECK(help.options[0].text == "txt (default) or json");
  CHECK(help.options[1].long_name == "--explain");
  CHECK(help.options[1].arg.empty());
  CHECK(help.options[1].text == "explain every expectation, not only failures");
  CHECK(help.options[2].arg == "NAME=N");
  // The name fills the column: one space before the text, still split at the column.
  CHECK(help.options[3].long_name == "--aggregate-above");
  CHECK(help.options[3].arg == "arg");
  CHECK(help.options[3].text == "reachability: merge workloads");
  CHECK(help.options[4].short_name == "-q");
  CHECK(help.options[4].long_name == "--quiet");
  CHECK(help.options[4].arg.empty());
}

TEST_CASE("help text: commands that print an answer instead have none", "[cli][help]") {
  CHECK(ParseHelp("kreach 0.1.0\n").usage.empty());
  CHECK(ParseHelp("").options.empty());
}

TEST_CASE("every command that takes options lists them in its --help", "[cli][help]") {
  for (const Command& command : Commands()) {
    const std::string name = command.name;
    HelpText help = CommandHelp(command);
    if (name == "options" || name == "limits" || name == "help" || name == "version") {
      CHECK(help.usage.empty());
      continue;
    }
    INFO(name);
    CHECK(help.usage.compare(0, name.size(), name) == 0);
    if (name == "completion") continue;
    CHECK_FALSE(help.description.empty());
    REQUIRE(help.options.size() >= 2);
    for (const HelpOption& option : help.options) {
      INFO(option.long_name);
      CHECK(option.long_name.compare(0, 2, "--") == 0);
      CHECK_FALSE(option.text.empty());
    }
  }
}

}  // namespace kreach
