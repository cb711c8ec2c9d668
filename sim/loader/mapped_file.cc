#include "sim/loader/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/model/files_read.h"

namespace kreach {

MappedFile::~MappedFile() {
  if (region_ != nullptr) munmap(region_, region_size_);
}

bool MappedFile::Open(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
    close(fd);
    return false;
  }
  NoteFileRead(path);  // no output of this run may replace it (sim/model/files_read.h)
  std::size_t size = static_cast<std::size_t>(st.st_size);
  std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  // Reserve the file's pages plus at least one more of zeros, then map the file over the start: the padding
  // is ordinary anonymous memory, never a page past the end of the file (which would fault).
  std::size_t region_size = (size + kPadding + page - 1) / page * page;
  void* region = mmap(nullptr, region_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (region == MAP_FAILED) {
    close(fd);
    return false;
  }
  void* data = mmap(region, size, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE, fd, 0);
  close(fd);
  if (data == MAP_FAILED) {
    munmap(region, region_size);
    return false;
  }
  region_ = region;
  region_size_ = region_size;
  data_ = data;
  size_ = size;
  return true;
}

}  // namespace kreach
