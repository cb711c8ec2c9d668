// Every message of a Diagnostics as the user would read it, one per line: what loader tests print when a check
// fails, and match against.
#ifndef KREACH_TESTS_SUPPORT_DIAGNOSTICS_TEXT_H_
#define KREACH_TESTS_SUPPORT_DIAGNOSTICS_TEXT_H_

#include <string>

#include "sim/model/diagnostic.h"

namespace kreach {

inline std::string Messages(const Diagnostics& diag) {
  std::string out;
  for (const Diagnostic& d : diag.items()) out += d.ToString() + "\n";
  return out;
}

}  // namespace kreach

#endif  // KREACH_TESTS_SUPPORT_DIAGNOSTICS_TEXT_H_
