// kreach: a thin main over the CLI table.
#include <iostream>
#include <string>
#include <vector>

#include "sim/cli/cli.h"
#include "sim/model/timings.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  kreach::Io io{std::cin, std::cout, std::cerr};
  int code = kreach::RunCli(args, io);
  std::cout.flush();
  kreach::ReportPeakRss();
  return code;
}
