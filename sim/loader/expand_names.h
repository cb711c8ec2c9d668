// Deterministic "random-looking" name parts, as controllers make them (pod-template-hash, pod suffixes).
// Loader-internal.
#ifndef KREACH_SIM_LOADER_EXPAND_NAMES_H_
#define KREACH_SIM_LOADER_EXPAND_NAMES_H_

#include <cstddef>
#include <string>

namespace kreach {

/// `length` characters of the controllers' alphabet ("bcdfghjklmnpqrstvwxz2456789") derived from a 64-bit
/// FNV-1a-style hash of `seed` (the FNV prime, but the offset basis 1469598103934665603, one digit short of FNV's
/// 14695981039346656037: kept, since every generated pod, template hash and CronJob name depends on it; the
/// reference loader in tests/support found the difference). Same seed → same text.
std::string HashSuffix(const std::string& seed, std::size_t length);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_EXPAND_NAMES_H_
