// Deterministic "random-looking" name parts, as controllers make them (pod-template-hash, pod suffixes).
// Loader-internal.
#ifndef KREACH_SIM_LOADER_EXPAND_NAMES_H_
#define KREACH_SIM_LOADER_EXPAND_NAMES_H_

#include <cstddef>
#include <string>

namespace kreach {

/// `length` characters of the controllers' alphabet ("bcdfghjklmnpqrstvwxz2456789") derived from a 64-bit
/// FNV-1a hash of `seed`. Same seed → same text.
std::string HashSuffix(const std::string& seed, std::size_t length);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_EXPAND_NAMES_H_
