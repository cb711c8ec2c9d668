#include "sim/model/files_read.h"

#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <mutex>
#include <utility>

namespace kreach {

namespace {

using FileId = std::pair<dev_t, ino_t>;

struct Registry {
  std::mutex mutex;
  std::map<FileId, std::string> files;  ///< the first path each file was read as
};

Registry& TheRegistry() {
  static Registry registry;
  return registry;
}

bool StatFile(const std::string& path, struct stat& st) {
  return path == "-" ? ::fstat(STDIN_FILENO, &st) == 0 : ::stat(path.c_str(), &st) == 0;
}

}  // namespace

void NoteFileRead(const std::string& path) {
  struct stat st {};
  if (!StatFile(path, st) || !S_ISREG(st.st_mode)) return;
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.files.emplace(FileId{st.st_dev, st.st_ino}, path == "-" ? "<stdin>" : path);
}

std::string FileReadAt(const std::string& path) {
  struct stat st {};
  if (path == "-" || ::stat(path.c_str(), &st) != 0) return "";
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto it = r.files.find(FileId{st.st_dev, st.st_ino});
  return it == r.files.end() ? "" : it->second;
}

void ForgetFilesRead() {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.files.clear();
}

}  // namespace kreach
