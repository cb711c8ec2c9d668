// The version of this kreach build.
#ifndef KREACH_SIM_CLI_VERSION_H_
#define KREACH_SIM_CLI_VERSION_H_

namespace kreach {

/// The version `kreach --version` prints: `git describe --tags --dirty --match 'v*'` without the `v` when the
/// source is a git checkout with such a tag, else the CMake project version (with `-g<commit>` in a git
/// checkout), or what -DKREACH_VERSION_OVERRIDE says. cmake/kreach_version.cmake works it out on every build;
/// only this file's translation unit is rebuilt when it changes.
const char* KreachVersion();

}  // namespace kreach

#endif  // KREACH_SIM_CLI_VERSION_H_
