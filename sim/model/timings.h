// Phase timings for `--timings` and the benchmark: how long reading, building and computing took, and how big
// the result was. Off unless a command turns it on; recording is then one clock read per phase.
#ifndef KREACH_SIM_MODEL_TIMINGS_H_
#define KREACH_SIM_MODEL_TIMINGS_H_

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace kreach {

/// Turns phase reporting on: from now on every finished phase and every count is written to `out` as one line,
/// "timing: NAME SECONDS s" or "count: NAME VALUE". `out` must outlive the process's use of it.
void EnableTimings(std::ostream* out);
bool TimingsEnabled();

/// Reports a count ("count: classes 1234"), when timings are on.
void ReportCount(const char* name, std::uint64_t value);

/// Reports the process's peak resident set size ("count: peak-rss-kib N"), when timings are on.
void ReportPeakRss();

/// Times one phase from construction to destruction (or to Stop()).
///   { ScopedPhase phase("parse"); ... }   → "timing: parse 0.412 s"
class ScopedPhase {
 public:
  explicit ScopedPhase(const char* name);
  ~ScopedPhase() { Stop(); }
  ScopedPhase(const ScopedPhase&) = delete;
  ScopedPhase& operator=(const ScopedPhase&) = delete;

  void Stop();

 private:
  const char* name_;
  bool running_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_TIMINGS_H_
