// The kreach(1) manual page, made from the command table and each command's --help (`kreach help --man`).
#ifndef KREACH_SIM_CLI_MANPAGE_H_
#define KREACH_SIM_CLI_MANPAGE_H_

#include <ostream>
#include <string>

namespace kreach {

/// Writes kreach(1) as troff (man macros): NAME, SYNOPSIS, DESCRIPTION, COMMANDS (every command of Commands()
/// with its summary, usage, description and options, read from its --help; the switches and limits from their
/// tables), EXIT STATUS (sim/cli/cli.h), EXAMPLES, FILES and SEE ALSO. The build installs it as
/// share/man/man1/kreach.1.gz. Output is the same for the same binary (no date).
void WriteManPage(std::ostream& out);

/// `text` as one troff text line: backslashes escaped, a '-' that starts a word as \- (so options render as
/// minus signs and survive copy and paste), non-ASCII characters as \[uXXXX], and \& before a leading '.' or
/// '\'' so the line is never read as a request.
std::string RoffText(const std::string& text);

}  // namespace kreach

#endif  // KREACH_SIM_CLI_MANPAGE_H_
