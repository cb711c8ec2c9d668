#include "viz/output.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>

#include "sim/model/files_read.h"

extern char** environ;

namespace kreach {

namespace fs = std::filesystem;

namespace {

std::string ErrnoText(int err) { return std::strerror(err); }

// What SIGINT, SIGTERM and SIGHUP clean up before kreach dies of them: the temporary files being written and a
// running Graphviz. Fixed slots of plain memory, so that the handler does only async-signal-safe things.
constexpr int kTempSlots = 8;
constexpr std::size_t kTempPathMax = 4096;
char g_temp_paths[kTempSlots][kTempPathMax];
volatile std::sig_atomic_t g_temp_used[kTempSlots];
volatile pid_t g_child = 0;

extern "C" void CleanUpAndDie(int sig) {
  pid_t child = g_child;
  if (child > 0) {
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
  }
  for (int i = 0; i < kTempSlots; ++i) {
    if (g_temp_used[i]) ::unlink(g_temp_paths[i]);
  }
  ::signal(sig, SIG_DFL);  // die of the signal, as the shell expects (exit status 128 + sig)
  ::raise(sig);
}

/// Installs CleanUpAndDie for the signals that end a run, once, where they are not ignored (nohup).
void InstallCleanupHandlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction old {};
      if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler == SIG_IGN) continue;
      struct sigaction act {};
      act.sa_handler = CleanUpAndDie;
      sigemptyset(&act.sa_mask);
      ::sigaction(sig, &act, nullptr);
    }
  });
}

/// Blocks the cleanup signals while the registry is edited (the handler must never see half a path).
class SignalsHeld {
 public:
  SignalsHeld() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, sig);
    ::pthread_sigmask(SIG_BLOCK, &set, &old_);
  }
  ~SignalsHeld() { ::pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  SignalsHeld(const SignalsHeld&) = delete;
  SignalsHeld& operator=(const SignalsHeld&) = delete;

 private:
  sigset_t old_;
};

int RegisterTemp(const std::string& path) {
  if (path.size() >= kTempPathMax) return -1;
  InstallCleanupHandlers();
  SignalsHeld held;
  for (int i = 0; i < kTempSlots; ++i) {
    if (g_temp_used[i]) continue;
    std::memcpy(g_temp_paths[i], path.c_str(), path.size() + 1);
    g_temp_used[i] = 1;
    return i;
  }
  return -1;
}

void UnregisterTemp(int slot) {
  if (slot < 0) return;
  SignalsHeld held;
  g_temp_used[slot] = 0;
}

/// A file created by mkstemp that is removed when this goes out of scope, unless Keep() was called.
class TempFile {
 public:
  TempFile() = default;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    Close();
    if (!path_.empty()) ::unlink(path_.c_str());
    UnregisterTemp(slot_);
  }

  /// Creates ".<name>.<tag>-XXXXXX" in `dir`; false with errno set on failure.
  bool Create(const fs::path& dir, const std::string& name, const std::string& tag) {
    std::string pattern = (dir / ("." + name + "." + tag + "-XXXXXX")).string();
    InstallCleanupHandlers();
    {
      SignalsHeld held;  // an interrupt between creating and registering would leave the file behind
      fd_ = ::mkstemp(pattern.data());
      if (fd_ < 0) return false;
      path_ = pattern;
      slot_ = RegisterTemp(path_);
    }
    return true;
  }
  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  /// Closes the descriptor; false with errno set when close reports an error (a lost write).
  bool Close() {
    if (fd_ < 0) return true;
    int rc = ::close(fd_);
    fd_ = -1;
    return rc == 0;
  }
  /// The file now lives on under another name (renamed): do not remove it.
  void Keep() {
    path_.clear();
    UnregisterTemp(slot_);
    slot_ = -1;
  }

 private:
  int slot_ = -1;
  int fd_ = -1;
  std::string path_;
};

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

fs::path DirectoryOf(const std::string& path) {
  fs::path dir = fs::path(path).parent_path();
  return dir.empty() ? fs::path(".") : dir;
}

/// Permission bits for the new file: those of the file it replaces, else rw-r--r--.
mode_t ModeFor(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return st.st_mode & 07777;
  return 0644;
}

/// Makes the rename itself durable; failures are ignored (some file systems cannot sync a directory).
void SyncDirectory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

/// Sets the mode of the finished temporary file, syncs it and renames it over `target` (`shown` in messages).
bool Commit(TempFile& tmp, const std::string& target, const std::string& shown, std::string* error) {
  if (::fchmod(tmp.fd(), ModeFor(target)) != 0 || ::fsync(tmp.fd()) != 0 || !tmp.Close()) {
    *error = "cannot write " + shown + ": " + ErrnoText(errno);
    return false;
  }
  if (::rename(tmp.path().c_str(), target.c_str()) != 0) {
    *error = "cannot write " + shown + ": " + ErrnoText(errno);
    return false;
  }
  tmp.Keep();
  SyncDirectory(DirectoryOf(target));
  return true;
}

/// Where writing `path` lands: the end of its chain of symbolic links (a link is written through, never replaced
/// itself), or `path`. False with `error` set on a loop.
bool ResolveTarget(const std::string& path, std::string& target, std::string* error) {
  target = path;
  for (int hops = 0; hops < 40; ++hops) {
    struct stat st;
    if (::lstat(target.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return true;  // missing: created as named
    std::error_code ec;
    fs::path link = fs::read_symlink(target, ec);
    if (ec) return true;
    target = (link.is_absolute() ? link : fs::path(target).parent_path() / link).string();
  }
  *error = "cannot write " + path + ": too many levels of symbolic links";
  return false;
}

/// Whether `target` exists and is not a regular file (a device, a FIFO, a socket, a folder): such a target is
/// written through, never replaced. `st` holds its status then.
bool IsSpecial(const std::string& target, struct stat& st) {
  return ::stat(target.c_str(), &st) == 0 && !S_ISREG(st.st_mode);
}

/// Writes `content` straight into the special file `target` (a device or a FIFO), checking every write.
bool WriteThrough(const std::string& target, const struct stat& st, std::string_view content, const std::string& shown,
                  std::string* error) {
  if (S_ISDIR(st.st_mode)) {
    *error = "cannot write " + shown + ": " + ErrnoText(EISDIR);
    return false;
  }
  int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    *error = "cannot write " + shown + ": " + ErrnoText(errno);
    return false;
  }
  bool ok = WriteAll(fd, content);
  int err = errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    err = errno;
  }
  if (!ok) *error = "cannot write " + shown + ": " + ErrnoText(err);
  return ok;
}

/// Refuses an output that is a file this run read (sim/model/files_read.h).
bool NotReadThisRun(const std::string& path, std::string* error) {
  std::string input = FileReadAt(path);
  if (input.empty()) return true;
  *error =
      "refusing to write " + path + ": it is the input " + input + ", read in this run; choose another output file";
  return false;
}

/// The folder for temporary files that cannot live beside a special target: $TMPDIR or /tmp.
fs::path TempDirectory() {
  const char* env = std::getenv("TMPDIR");
  return env != nullptr && *env != '\0' ? fs::path(env) : fs::path("/tmp");
}

/// `program` as an executable path: itself when it contains '/', else the first match in PATH. "" when none.
std::string FindProgram(const std::string& program) {
  if (program.find('/') != std::string::npos) return ::access(program.c_str(), X_OK) == 0 ? program : "";
  const char* env = std::getenv("PATH");
  std::string path_var = env != nullptr ? env : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= path_var.size()) {
    std::size_t end = path_var.find(':', start);
    if (end == std::string::npos) end = path_var.size();
    std::string dir = path_var.substr(start, end - start);
    if (dir.empty()) dir = ".";
    std::string candidate = dir + "/" + program;
    struct stat st;
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    start = end + 1;
  }
  return "";
}

/// The last few lines of a child's stderr, on one line, for an error message.
std::string Tail(const std::string& text) {
  constexpr std::size_t kMax = 600;
  std::string t = text;
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' ')) t.pop_back();
  if (t.size() > kMax) t = "..." + t.substr(t.size() - kMax);
  for (char& c : t) {
    if (c == '\n') c = ' ';
  }
  return t;
}

struct ChildResult {
  bool started = false;
  bool timed_out = false;
  int status = 0;  ///< waitpid status when started and not timed out
  std::string stderr_text;
  std::string error;  ///< why it could not be started
};

/// Runs `argv` (argv[0] an executable path) with stdin and stdout on /dev/null and stderr captured, killing it
/// after `timeout_seconds`.
ChildResult RunChild(const std::vector<std::string>& argv, int timeout_seconds) {
  ChildResult result;
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    result.error = "cannot create a pipe: " + ErrnoText(errno);
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  posix_spawnattr_t attr;
  InstallCleanupHandlers();
  int rc = 0;
  {
    SignalsHeld held;  // the handler must know the child as soon as it exists (it stops it)
    ::posix_spawnattr_init(&attr);
    sigset_t none;
    sigemptyset(&none);
    ::posix_spawnattr_setsigmask(&attr, &none);  // the child starts with no signal blocked
    ::posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    rc = ::posix_spawn(&pid, args[0], &actions, &attr, args.data(), environ);
    ::posix_spawnattr_destroy(&attr);
    if (rc == 0) g_child = pid;
  }
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (rc != 0) {
    ::close(pipe_fds[0]);
    result.error = "cannot run " + argv[0] + ": " + ErrnoText(rc);
    return result;
  }
  result.started = true;

  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(timeout_seconds);
  auto remaining_ms = [&deadline]() {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left < 0 ? 0 : static_cast<int>(left);
  };
  // Read stderr until the child closes it (a full pipe would stop Graphviz), then wait for it to exit.
  bool open = true;
  while (open && !result.timed_out) {
    pollfd p{pipe_fds[0], POLLIN, 0};
    int ready = ::poll(&p, 1, remaining_ms());
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      result.timed_out = true;
      break;
    }
    char buf[4096];
    ssize_t n = ::read(pipe_fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      open = false;
    } else if (result.stderr_text.size() < (1u << 16)) {
      result.stderr_text.append(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(pipe_fds[0]);
  while (!result.timed_out) {
    pid_t done = ::waitpid(pid, &result.status, WNOHANG);
    if (done == pid) {
      g_child = 0;
      return result;
    }
    if (done < 0 && errno != EINTR) {
      result.error = "cannot wait for " + argv[0] + ": " + ErrnoText(errno);
      return result;
    }
    if (remaining_ms() == 0) {
      result.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid, SIGKILL);
  int ignored = 0;
  while (::waitpid(pid, &ignored, 0) < 0 && errno == EINTR) {
  }
  g_child = 0;
  return result;
}

}  // namespace

std::optional<DiagramFormat> DiagramFormatOf(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".dot" || ext == ".gv") return DiagramFormat::kDot;
  if (ext == ".svg") return DiagramFormat::kSvg;
  if (ext == ".png") return DiagramFormat::kPng;
  if (ext == ".pdf") return DiagramFormat::kPdf;
  return std::nullopt;
}

const char* DiagramFormatName(DiagramFormat format) {
  switch (format) {
    case DiagramFormat::kDot: return "dot";
    case DiagramFormat::kSvg: return "svg";
    case DiagramFormat::kPng: return "png";
    case DiagramFormat::kPdf: return "pdf";
  }
  return "dot";
}

bool CheckNotAnInput(const std::string& out_path, const std::vector<std::string>& inputs, std::string* error) {
  std::error_code ec;
  fs::path out = fs::weakly_canonical(fs::path(out_path), ec);
  if (ec) out = fs::absolute(fs::path(out_path), ec).lexically_normal();
  for (const std::string& input : inputs) {
    if (input == "-") continue;
    std::error_code ec_in;
    fs::path in = fs::weakly_canonical(fs::path(input), ec_in);
    if (ec_in) in = fs::absolute(fs::path(input), ec_in).lexically_normal();
    std::error_code ec_eq;
    bool same = in == out || fs::equivalent(fs::path(input), fs::path(out_path), ec_eq);
    if (same) {
      *error = "refusing to write " + out_path + ": it is the input " + input + "; choose another output file";
      return false;
    }
  }
  return NotReadThisRun(out_path, error);
}

bool WriteFileAtomically(const std::string& path, std::string_view content, std::string* error) {
  if (!NotReadThisRun(path, error)) return false;
  struct stat st;
  // A device or FIFO, also through links (/dev/stdout: /proc/self/fd/1, whose target is no path), is written into.
  if (IsSpecial(path, st)) return WriteThrough(path, st, content, path, error);
  std::string target;
  if (!ResolveTarget(path, target, error)) return false;
  TempFile tmp;
  if (!tmp.Create(DirectoryOf(target), fs::path(target).filename().string(), "tmp")) {
    *error = "cannot write " + path + ": " + ErrnoText(errno);
    return false;
  }
  if (!WriteAll(tmp.fd(), content)) {
    *error = "cannot write " + path + ": " + ErrnoText(errno);
    return false;
  }
  return Commit(tmp, target, path, error);
}

bool DotWithinLimit(const std::string& dot_text, std::size_t max_dot_bytes, std::string* error) {
  if (dot_text.size() <= max_dot_bytes) return true;
  *error = "the diagram is too large to lay out (" + std::to_string(dot_text.size()) + " bytes of DOT, limit " +
           std::to_string(max_dot_bytes) +
           "): narrow it with --namespace or --focus, raise --max-dot-bytes, or write .dot";
  return false;
}

bool RenderGraphviz(const std::string& dot_text, const std::string& format, const std::string& out_path,
                    std::string* error, const RenderSettings& settings) {
  if (format != "svg" && format != "png" && format != "pdf") {
    *error = "cannot render " + out_path + ": unknown format '" + format + "' (svg, png or pdf)";
    return false;
  }
  if (!CheckNotAnInput(out_path, settings.inputs, error)) return false;
  if (!DotWithinLimit(dot_text, settings.max_dot_bytes, error)) return false;
  std::string program = FindProgram(settings.program);
  if (program.empty()) {
    *error =
        "Graphviz is not installed (no '" + settings.program + "' in PATH): apt-get install graphviz, or write .dot";
    return false;
  }
  struct stat special;
  const bool through = IsSpecial(out_path, special);  // a device or FIFO: render in the temp folder, write through
  std::string target = out_path;
  if (!through && !ResolveTarget(out_path, target, error)) return false;
  fs::path dir = through ? TempDirectory() : DirectoryOf(target);
  std::string name = fs::path(target).filename().string();
  TempFile dot_in, rendered;
  if (!dot_in.Create(dir, name, "dot") || !rendered.Create(dir, name, "tmp")) {
    *error = "cannot write " + out_path + ": " + ErrnoText(errno);
    return false;
  }
  if (!WriteAll(dot_in.fd(), dot_text) || !dot_in.Close()) {
    *error = "cannot write " + out_path + ": " + ErrnoText(errno);
    return false;
  }
  rendered.Close();  // Graphviz opens it by name
  ChildResult run = RunChild({program, "-T" + format, "-o", rendered.path(), dot_in.path()}, settings.timeout_seconds);
  if (!run.started) {
    *error = run.error;
    return false;
  }
  if (run.timed_out) {
    *error = "Graphviz did not finish within " + std::to_string(settings.timeout_seconds) +
             " s and was stopped: narrow the diagram with --namespace or --focus, or write .dot";
    return false;
  }
  if (!run.error.empty()) {
    *error = run.error;
    return false;
  }
  if (!WIFEXITED(run.status) || WEXITSTATUS(run.status) != 0) {
    std::string how = WIFEXITED(run.status) ? "exit status " + std::to_string(WEXITSTATUS(run.status))
                                            : "signal " + std::to_string(WTERMSIG(run.status));
    *error = "Graphviz failed (" + how + ") rendering " + out_path;
    std::string tail = Tail(run.stderr_text);
    if (!tail.empty()) *error += ": " + tail;
    return false;
  }
  // Reopen what Graphviz wrote to sync it before the rename.
  int fd = ::open(rendered.path().c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || ::fstat(fd, &st) != 0) {
    *error = "cannot write " + out_path + ": " + ErrnoText(errno);
    if (fd >= 0) ::close(fd);
    return false;
  }
  if (st.st_size == 0) {
    ::close(fd);
    *error = "Graphviz wrote nothing for " + out_path;
    std::string tail = Tail(run.stderr_text);
    if (!tail.empty()) *error += ": " + tail;
    return false;
  }
  if (through) {
    std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = 0;
    while (got < bytes.size()) {
      ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    bytes.resize(got);
    return WriteThrough(out_path, special, bytes, out_path, error);
  }
  bool ok = ::fchmod(fd, ModeFor(target)) == 0 && ::fsync(fd) == 0;
  int err = errno;
  ::close(fd);
  if (!ok || ::rename(rendered.path().c_str(), target.c_str()) != 0) {
    *error = "cannot write " + out_path + ": " + ErrnoText(ok ? errno : err);
    return false;
  }
  rendered.Keep();
  SyncDirectory(dir);
  return true;
}

}  // namespace kreach
