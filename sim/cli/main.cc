// kreach: a thin main over the CLI table.
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "sim/cli/cli.h"
#include "sim/format/text_escape.h"
#include "sim/model/timings.h"

namespace {

/// Descriptors 0, 1 and 2 that were closed when kreach started (`>&-`) are taken by /dev/null opened the wrong way
/// round (standard input write-only, the outputs read-only): a file kreach opens later never gets one of them (its
/// text would go where standard output goes), and a read or write on them fails, as it would have. Returns whether
/// standard output was closed.
bool ReserveStandardDescriptors() {
  bool stdout_closed = false;
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    if (fd == 1) stdout_closed = true;
    int opened = ::open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
    if (opened >= 0 && opened != fd) {
      ::dup2(opened, fd);
      ::close(opened);
    }
  }
  return stdout_closed;
}

/// Whether standard output is a pipe or socket whose reader has gone (`| head` that stopped reading). With SIGPIPE
/// ignored (some CI runners and language runtimes ignore it for their children) the write fails with EPIPE instead
/// of ending the process; either way the reader wanted no more, and that is not an error to report.
bool StdoutReaderGone() {
  struct stat st {};
  if (::fstat(STDOUT_FILENO, &st) != 0 || !(S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))) return false;
  pollfd p{STDOUT_FILENO, POLLOUT, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & POLLERR) != 0;
}

}  // namespace

int main(int argc, char** argv) {
  const bool stdout_closed = ReserveStandardDescriptors();
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  std::vector<std::shared_ptr<const void>> retained;  // the loaded model: never freed, the process ends first
  // Nothing from the input acts on a terminal: control characters are escaped on both streams (text_escape.h).
  kreach::ControlEscapingBuf out_filter(std::cout.rdbuf()), err_filter(std::cerr.rdbuf());
  std::ostream out(&out_filter), err(&err_filter);
  err.setf(std::ios::unitbuf);  // messages show at once, as std::cerr's do (a warning before a long run)
  kreach::Io io{std::cin, out, err, &retained};
  int code = kreach::RunCli(args, io);
  out.flush();
  const bool out_ok = out && out_filter.Finish() && std::cout.flush() && std::fflush(stdout) == 0;
  if (!out_ok && StdoutReaderGone()) std::_Exit(128 + SIGPIPE);  // quiet, as a death by SIGPIPE would be
  if (!out_ok) {  // a full disk or a closed descriptor: the result did not arrive whole
    err << "error: cannot write standard output" << (stdout_closed ? " (it is closed)" : "") << "\n";
    code = kreach::kExitInternal;
  }
  kreach::ReportPeakRss();
  err.flush();
  err_filter.Finish();
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(code);  // skip freeing `retained` and every static: the kernel takes the memory back at once
}
