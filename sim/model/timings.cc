#include "sim/model/timings.h"

#include <sys/resource.h>

#include <cstdio>
#include <mutex>

namespace kreach {

namespace {

std::ostream* g_out = nullptr;
std::mutex g_mutex;  // phases may end on worker threads

}  // namespace

void EnableTimings(std::ostream* out) { g_out = out; }
bool TimingsEnabled() { return g_out != nullptr; }

void ReportCount(const char* name, std::uint64_t value) {
  if (g_out == nullptr) return;
  std::lock_guard<std::mutex> lock(g_mutex);
  *g_out << "count: " << name << " " << value << "\n" << std::flush;
}

void ReportPeakRss() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) == 0) ReportCount("peak-rss-kib", static_cast<std::uint64_t>(usage.ru_maxrss));
}

ScopedPhase::ScopedPhase(const char* name)
    : name_(name),
      running_(g_out != nullptr),
      start_(running_ ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point()) {}

void ScopedPhase::Stop() {
  if (!running_ || g_out == nullptr) return;
  running_ = false;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", seconds);
  std::lock_guard<std::mutex> lock(g_mutex);
  *g_out << "timing: " << name_ << " " << text << " s\n" << std::flush;
}

}  // namespace kreach
