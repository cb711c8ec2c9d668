// The files this run read as input, so that no output replaces one. Like the limits (limits.h) this is a
// setting of the process: the readers record every file they open (named, met in a folder, included by a scenario,
// a submission, standard input when it is a file), and the writers of output files ask before writing.
#ifndef KREACH_SIM_MODEL_FILES_READ_H_
#define KREACH_SIM_MODEL_FILES_READ_H_

#include <string>

namespace kreach {

/// Records the file at `path` (following symbolic links; "-" is standard input) by device and inode when it is a
/// regular file; anything else (a pipe, a terminal, a path that does not exist) is not recorded. Thread-safe.
void NoteFileRead(const std::string& path);

/// The path as read of the input that `path` names (the same device and inode, following symbolic links), or ""
/// when `path` does not exist or is no file this run read. Thread-safe.
std::string FileReadAt(const std::string& path);

/// Forgets every recorded file (tests).
void ForgetFilesRead();

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_FILES_READ_H_
