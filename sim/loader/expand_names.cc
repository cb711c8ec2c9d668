#include "sim/loader/expand_names.h"

#include <cstdint>

namespace kreach {

std::string HashSuffix(const std::string& seed, std::size_t length) {
  static const char kAlphabet[] = "bcdfghjklmnpqrstvwxz2456789";
  const std::uint64_t kAlphabetSize = sizeof(kAlphabet) - 1;
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : seed) {
    h ^= c;
    h *= 1099511628211ull;
  }
  std::string out;
  for (std::size_t i = 0; i < length; ++i) {
    if (h < kAlphabetSize) {  // refill from a rehash when the value runs out of digits
      h ^= (static_cast<std::uint64_t>(i) + 1) * 0x9E3779B97F4A7C15ull;
      h *= 1099511628211ull;
    }
    out += kAlphabet[h % kAlphabetSize];
    h /= kAlphabetSize;
  }
  return out;
}

}  // namespace kreach
