// A set of pods of one Cluster, as a bitset over their positions in Cluster::pods.
#ifndef KREACH_POLICIES_POD_BITS_H_
#define KREACH_POLICIES_POD_BITS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kreach {

/// Pod positions (indices into Cluster::pods). Sized once for the cluster; Contains() is O(1).
class PodBits {
 public:
  PodBits() = default;
  explicit PodBits(std::size_t pod_count) : words_((pod_count + 63) / 64, 0) {}

  void Insert(std::size_t index) { words_[index / 64] |= std::uint64_t{1} << (index % 64); }
  bool Contains(std::size_t index) const {
    return index / 64 < words_.size() && ((words_[index / 64] >> (index % 64)) & 1u) != 0;
  }
  bool Empty() const {
    for (std::uint64_t w : words_) {
      if (w != 0) return false;
    }
    return true;
  }

 private:
  std::vector<std::uint64_t> words_;
};

}  // namespace kreach

#endif  // KREACH_POLICIES_POD_BITS_H_
