#include "policies/class_set.h"

#include <algorithm>

namespace kreach {

ClassSet::ClassSet(std::vector<std::uint32_t> ids, std::size_t universe) : universe_(universe), count_(ids.size()) {
  if (count_ == universe && universe > 0) {
    everything_ = true;
  } else if (count_ * 32 > universe) {
    bits_.assign(WordsFor(universe), 0);
    for (std::uint32_t id : ids) SetBit(bits_.data(), id);
  } else {
    ids_ = std::move(ids);
  }
}

ClassSet ClassSet::FromBits(const std::uint64_t* words, std::size_t universe) {
  const std::size_t n = WordsFor(universe);
  std::size_t count = 0;
  for (std::size_t w = 0; w < n; ++w) count += static_cast<std::size_t>(__builtin_popcountll(words[w]));
  ClassSet out;
  out.universe_ = universe;
  out.count_ = count;
  if (count == universe && universe > 0) {
    out.everything_ = true;
  } else if (count * 32 > universe) {
    out.bits_.assign(words, words + n);
  } else {
    out.ids_.reserve(count);
    for (std::size_t w = 0; w < n; ++w) {
      for (std::uint64_t word = words[w]; word != 0; word &= word - 1) {
        out.ids_.push_back(static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(word))));
      }
    }
  }
  return out;
}

ClassSet ClassSet::Everything(std::size_t universe) {
  ClassSet out;
  out.universe_ = universe;
  out.count_ = universe;
  out.everything_ = universe > 0;
  return out;
}

bool ClassSet::Contains(std::uint32_t id) const {
  if (everything_) return id < universe_;
  if (!bits_.empty()) return id < universe_ && TestBit(bits_.data(), id);
  return std::binary_search(ids_.begin(), ids_.end(), id);
}

void ClassSet::OrInto(std::uint64_t* words) const {
  if (everything_) {
    const std::size_t n = WordsFor(universe_);
    for (std::size_t w = 0; w < n; ++w) words[w] = ~std::uint64_t{0};
    if (universe_ % 64 != 0) words[n - 1] = (std::uint64_t{1} << (universe_ % 64)) - 1;
  } else if (!bits_.empty()) {
    for (std::size_t w = 0; w < bits_.size(); ++w) words[w] |= bits_[w];
  } else {
    for (std::uint32_t id : ids_) SetBit(words, id);
  }
}

void ClassSet::OrMaskedInto(std::uint64_t* out, const std::uint64_t* mask) const {
  if (everything_) {
    for (std::size_t w = 0, n = WordsFor(universe_); w < n; ++w) out[w] |= mask[w];
  } else if (!bits_.empty()) {
    for (std::size_t w = 0; w < bits_.size(); ++w) out[w] |= bits_[w] & mask[w];
  } else {
    for (std::uint32_t id : ids_) {
      if (TestBit(mask, id)) SetBit(out, id);
    }
  }
}

bool ClassSet::Meets(const std::uint64_t* words) const {
  if (everything_) {
    for (std::size_t w = 0, n = WordsFor(universe_); w < n; ++w) {
      if (words[w] != 0) return true;
    }
    return false;
  }
  if (!bits_.empty()) {
    for (std::size_t w = 0; w < bits_.size(); ++w) {
      if ((words[w] & bits_[w]) != 0) return true;
    }
    return false;
  }
  for (std::uint32_t id : ids_) {
    if (TestBit(words, id)) return true;
  }
  return false;
}

std::vector<std::uint32_t> ClassSet::Ids() const {
  std::vector<std::uint32_t> out;
  out.reserve(count_);
  ForEach([&out](std::uint32_t id) { out.push_back(id); });
  return out;
}

bool ClassSet::operator==(const ClassSet& o) const {
  return universe_ == o.universe_ && count_ == o.count_ && Ids() == o.Ids();
}

namespace {

/// Transposes the 64×64 bit block `a` in place (a[i] bit j ↔ a[j] bit i): the recursive block swap of
/// Hacker's Delight §7-3, on 64-bit words.
void Transpose64(std::uint64_t a[64]) {
  std::uint64_t m = 0x00000000FFFFFFFFull;
  for (int j = 32; j != 0; j >>= 1, m ^= (m << j)) {
    for (int k = 0; k < 64; k = ((k | j) + 1) & ~j) {
      const std::uint64_t t = ((a[k] >> j) ^ a[k | j]) & m;
      a[k] ^= t << j;
      a[k | j] ^= t;
    }
  }
}

}  // namespace

BitMatrix BitMatrix::Transposed() const {
  BitMatrix out(width_, rows_);
  std::uint64_t block[64];
  // Tiles of 512 source rows: the 8 words each output row gets from a tile fill one cache line, and the tile's
  // source words stay in cache while every column word is visited.
  constexpr std::size_t kTile = 512;
  for (std::size_t tile = 0; tile < rows_; tile += kTile) {
    const std::size_t tile_end = std::min(rows_, tile + kTile);
    for (std::size_t cw = 0; cw < words_; ++cw) {
      for (std::size_t rb = tile; rb < tile_end; rb += 64) {
        for (std::size_t i = 0; i < 64; ++i) block[i] = rb + i < rows_ ? Row(rb + i)[cw] : 0;
        Transpose64(block);
        // block[j] bit i = original (row rb+i, column cw*64+j)
        for (std::size_t j = 0; j < 64 && cw * 64 + j < width_; ++j) out.Row(cw * 64 + j)[rb / 64] = block[j];
      }
    }
  }
  return out;
}

void BitMatrix::Truncate(std::size_t rows) {
  if (rows >= rows_) return;
  rows_ = rows;
  data_.resize(rows * words_);
}

std::uint64_t HashWords(const std::uint64_t* words, std::size_t n) {
  std::uint64_t h = 0x9E3779B97F4A7C15u ^ n;
  for (std::size_t i = 0; i < n; ++i) {
    h ^= words[i] + 0x9E3779B97F4A7C15u + (h << 6) + (h >> 2);
    h *= 0xFF51AFD7ED558CCDu;
  }
  return h ^ (h >> 33);
}

}  // namespace kreach
