// kreach_load_bench: how long loading takes, phase by phase, and how much memory it needs (issue 5, the loader's
// budget). Loads the inputs as `kreach matrix` would (scenario files included) and prints one line:
//
//   kreach_load_bench [--repeat N] [--skip-invalid] [--relaxed] [--phases] INPUT...
//   parse 0.213 s, model 0.301 s, load 0.514 s, free 0.041 s, peak-rss 512 MB, pods 150000, diagnostics 0
//
// `load` is parse + model as LoadCluster returns (what a command waits for); `free` is the destruction of the
// cluster, which a command pays at exit. With --repeat the best of N runs is printed (the peak RSS is the first
// run's, which is what one command needs); --phases also prints every timing line of the best run.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "sim/loader/loader.h"
#include "sim/model/timings.h"

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// The seconds of phase `name` in a --timings log, or -1.
double PhaseSeconds(const std::string& log, const std::string& name) {
  std::istringstream lines(log);
  std::string line;
  double value = -1;
  const std::string prefix = "timing: " + name + " ";
  while (std::getline(lines, line)) {
    if (line.compare(0, prefix.size(), prefix) == 0) value = std::atof(line.c_str() + prefix.size());
  }
  return value;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> inputs;
  kreach::ClusterConfig config;
  int repeat = 1;
  bool phases = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--skip-invalid") {
      config.skip_invalid_documents = true;
    } else if (arg == "--phases") {
      phases = true;
    } else if (arg == "--relaxed") {
      config.relaxed_validation = true;
    } else {
      inputs.push_back(arg);
    }
  }
  if (inputs.empty()) {
    std::cerr << "usage: kreach_load_bench [--repeat N] [--skip-invalid] [--relaxed] [--phases] INPUT...\n";
    return 2;
  }
  double best_parse = std::numeric_limits<double>::max(), best_model = best_parse, best_load = best_parse,
         best_free = best_parse;
  std::size_t pods = 0, diagnostics = 0;
  std::string best_log;
  long first_peak_kib = 0;
  for (int run = 0; run < repeat; ++run) {
    std::ostringstream log;
    kreach::EnableTimings(&log);
    auto start = std::chrono::steady_clock::now();
    auto result = std::make_unique<kreach::LoadResult>(kreach::LoadCluster(inputs, config));
    double load = Seconds(start);
    kreach::EnableTimings(nullptr);
    pods = result->cluster.pods.size();
    diagnostics = result->diagnostics.items().size();
    auto free_start = std::chrono::steady_clock::now();
    result.reset();
    double free = Seconds(free_start);
    if (run == 0) {
      rusage usage{};
      getrusage(RUSAGE_SELF, &usage);
      first_peak_kib = usage.ru_maxrss;
    }
    double parse = PhaseSeconds(log.str(), "parse"), model = PhaseSeconds(log.str(), "model");
    if (load < best_load) {
      best_load = load;
      best_parse = parse;
      best_model = model;
      best_free = free;
      best_log = log.str();
    }
  }
  if (phases) std::fputs(best_log.c_str(), stdout);
  std::printf("parse %.3f s, model %.3f s, load %.3f s, free %.3f s, peak-rss %ld MB, pods %zu, diagnostics %zu\n",
              best_parse, best_model, best_load, best_free, first_peak_kib / 1024, pods, diagnostics);
  return 0;
}
