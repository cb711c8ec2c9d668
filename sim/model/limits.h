// Resource limits: what kreach reads and writes is bounded, so that a hostile or broken input is refused with an
// error that names the limit and how to raise it, instead of exhausting memory or time.
#ifndef KREACH_SIM_MODEL_LIMITS_H_
#define KREACH_SIM_MODEL_LIMITS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kreach {

/// The defaults admit a real dump of the largest cluster Kubernetes supports (150,000 pods with managedFields
/// and status, about 1 GB of JSON) with room to spare.
struct Limits {
  std::uint64_t file_bytes = std::uint64_t{2} << 30;    ///< one input file or standard input
  std::uint64_t documents = 1000000;                    ///< YAML documents or List items of one file
  std::uint64_t depth = 200;                            ///< nesting of mappings and sequences in a document
  std::uint64_t alias_nodes = 1000000;                  ///< values copied by YAML aliases into one document
  std::uint64_t alias_bytes = std::uint64_t{16} << 20;  ///< text (keys, strings) copied by aliases into one document
  std::uint64_t values_per_kib = 128;                   ///< values a text's documents may hold per KiB of it, beyond 1M
  std::uint64_t pods = 1000000;                         ///< pods made from workloads (replicas) in all
  std::uint64_t folder_entries = 1000000;               ///< files and folders looked at under one input folder
};

/// One row of the limit table, for `--limit`, --help and docs.
struct LimitInfo {
  const char* name;  ///< the flag's key: "file-size"
  std::uint64_t Limits::*field;
  bool bytes;  ///< a size: accepts K, M, G suffixes and prints in them
  const char* help;
  /// The largest value SetLimit accepts, 0 for none: beyond it another bound (the readers' recursion) decides,
  /// so a larger value would be capped silently.
  std::uint64_t max;
};

/// The largest nesting depth the readers can follow without overflowing their recursion: `--limit depth` above it
/// is refused.
inline constexpr std::uint64_t kMaxDepthLimit = 10000;

/// All limits, in the order docs list them.
const std::vector<LimitInfo>& LimitTable();

/// The limits in force in this process: the defaults until SetLimits (the command line does it once, before
/// reading anything).
const Limits& CurrentLimits();
void SetLimits(const Limits& limits);

/// Applies one `NAME=VALUE` (value a positive integer, sizes also with K, M or G: powers of 1024, at most the
/// limit's `max`). Returns false with `error` naming the problem, with a "did you mean" for unknown names, and the
/// maximum for a value above it.
bool SetLimit(Limits& limits, std::string_view assignment, std::string* error);

/// "2 GiB" / "1,000,000": a limit's value as messages show it.
std::string FormatLimit(const LimitInfo& info, std::uint64_t value);
/// The current value of limit `name` as messages show it: "2 GiB".
std::string LimitValue(std::string_view name);
/// The end of a message about limit `name`: "(raise it with --limit file-size=N)", or, when the limit is already
/// at its `max`, "(the most kreach can follow: 10,000)".
std::string LimitHint(std::string_view name);

/// Sets the limits for a scope and restores the previous ones after (tests).
class ScopedLimits {
 public:
  explicit ScopedLimits(const Limits& limits) : saved_(CurrentLimits()) { SetLimits(limits); }
  ~ScopedLimits() { SetLimits(saved_); }
  ScopedLimits(const ScopedLimits&) = delete;
  ScopedLimits& operator=(const ScopedLimits&) = delete;

 private:
  Limits saved_;
};

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_LIMITS_H_
