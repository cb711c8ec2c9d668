// libFuzzer target: kreach::fuzz::FuzzWriters (tests/fuzz/targets/entries.h).
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/targets/entries.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return kreach::fuzz::FuzzWriters(data, size);
}
