// kreach: a thin main over the CLI table.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "sim/cli/cli.h"
#include "sim/model/timings.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  std::vector<std::shared_ptr<const void>> retained;  // the loaded model: never freed, the process ends first
  kreach::Io io{std::cin, std::cout, std::cerr, &retained};
  int code = kreach::RunCli(args, io);
  std::cout.flush();
  if (!std::cout) {  // a full disk or a closed pipe: the result did not arrive whole
    std::cerr << "error: cannot write standard output\n";
    code = kreach::kExitInternal;
  }
  kreach::ReportPeakRss();
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(code);  // skip freeing `retained` and every static: the kernel takes the memory back at once
}
