// A file mapped into memory, for reading large inputs in place. Loader-internal.
#ifndef KREACH_SIM_LOADER_MAPPED_FILE_H_
#define KREACH_SIM_LOADER_MAPPED_FILE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace kreach {

/// A regular file mapped read-only, followed by at least kPadding readable bytes, so that simdjson can parse it
/// where it is: no copy, no zero-filled buffer. Move-only; unmaps on destruction.
class MappedFile {
 public:
  static constexpr std::size_t kPadding = 64;  ///< ≥ simdjson::SIMDJSON_PADDING

  MappedFile() = default;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  /// Maps `path`. False when it is not a non-empty regular file or cannot be mapped; the caller then reads it
  /// with ReadTextFile, which reports any problem.
  bool Open(const std::string& path);
  /// The file's bytes; text().data() is followed by readable() - text().size() readable bytes.
  std::string_view text() const { return std::string_view(static_cast<const char*>(data_), size_); }
  std::size_t readable() const { return size_ + kPadding; }

 private:
  void* region_ = nullptr;  ///< the whole mapping: the file and at least one page after it
  std::size_t region_size_ = 0;
  const void* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_MAPPED_FILE_H_
