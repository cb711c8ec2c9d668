// Sets of pod classes (ids 0..n-1) and bit matrices over them: the data of the whole-cluster engine.
#ifndef KREACH_POLICIES_CLASS_SET_H_
#define KREACH_POLICIES_CLASS_SET_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kreach {

/// Words of a bit row over `n` items.
inline std::size_t WordsFor(std::size_t n) { return (n + 63) / 64; }
inline bool TestBit(const std::uint64_t* words, std::size_t i) { return ((words[i / 64] >> (i % 64)) & 1u) != 0; }
inline void SetBit(std::uint64_t* words, std::size_t i) { words[i / 64] |= std::uint64_t{1} << (i % 64); }

/// A set of class ids below a fixed universe, stored the cheaper way: ascending ids when few, a bit row when
/// many (more than one id in 32), or nothing at all for the whole universe. Immutable once built.
class ClassSet {
 public:
  ClassSet() = default;
  /// `ids` ascending and unique, each below `universe`.
  ClassSet(std::vector<std::uint32_t> ids, std::size_t universe);
  /// From a bit row of WordsFor(universe) words (bits at or above `universe` must be clear).
  static ClassSet FromBits(const std::uint64_t* words, std::size_t universe);
  static ClassSet Everything(std::size_t universe);

  bool Contains(std::uint32_t id) const;
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  bool everything() const { return everything_; }
  std::size_t universe() const { return universe_; }
  /// words |= this set; `words` has WordsFor(universe) words.
  void OrInto(std::uint64_t* words) const;
  /// out |= this set ∩ mask (bit rows of WordsFor(universe) words).
  void OrMaskedInto(std::uint64_t* out, const std::uint64_t* mask) const;
  /// Whether the set meets the bit row `words`.
  bool Meets(const std::uint64_t* words) const;
  /// Calls f(id) for every member, ascending.
  template <typename F>
  void ForEach(F&& f) const {
    if (everything_) {
      for (std::uint32_t i = 0; i < universe_; ++i) f(i);
    } else if (!bits_.empty()) {
      for (std::size_t w = 0; w < bits_.size(); ++w) {
        for (std::uint64_t word = bits_[w]; word != 0; word &= word - 1) {
          f(static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(word))));
        }
      }
    } else {
      for (std::uint32_t id : ids_) f(id);
    }
  }
  /// The members, ascending.
  std::vector<std::uint32_t> Ids() const;
  bool operator==(const ClassSet& o) const;

 private:
  std::vector<std::uint32_t> ids_;   ///< sparse form
  std::vector<std::uint64_t> bits_;  ///< dense form
  std::size_t universe_ = 0;
  std::size_t count_ = 0;
  bool everything_ = false;
};

/// Rows of bits, all of the same width, in one block of memory.
class BitMatrix {
 public:
  BitMatrix() = default;
  BitMatrix(std::size_t rows, std::size_t width)
      : rows_(rows), width_(width), words_(WordsFor(width)), data_(rows * WordsFor(width), 0) {}
  std::size_t rows() const { return rows_; }
  std::size_t width() const { return width_; }
  std::size_t words() const { return words_; }
  std::uint64_t* Row(std::size_t r) { return data_.data() + r * words_; }
  const std::uint64_t* Row(std::size_t r) const { return data_.data() + r * words_; }
  bool Test(std::size_t r, std::size_t c) const { return TestBit(Row(r), c); }
  /// The transpose: width() rows of rows() bits.
  BitMatrix Transposed() const;
  /// Keeps the first `rows` rows.
  void Truncate(std::size_t rows);

 private:
  std::size_t rows_ = 0;
  std::size_t width_ = 0;
  std::size_t words_ = 0;
  std::vector<std::uint64_t> data_;
};

/// 64-bit hash of a bit row (for interning rows by content; equal rows give equal hashes).
std::uint64_t HashWords(const std::uint64_t* words, std::size_t n);

}  // namespace kreach

#endif  // KREACH_POLICIES_CLASS_SET_H_
