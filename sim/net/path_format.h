// What `query` prints for a traced connection (sim/net/path.h): text and JSON renderings of a Trace.
#ifndef KREACH_SIM_NET_PATH_FORMAT_H_
#define KREACH_SIM_NET_PATH_FORMAT_H_

#include <ostream>

#include "sim/net/path.h"

namespace kreach {

/// `query`'s text: the notes, each branch with its numbered hops (their sentences; hops every branch shares
/// printed once), then the result line.
void WriteTraceText(const Trace& trace, std::ostream& out);
/// The same as one JSON object: notes, and per path the receiver, outcome, summary and each hop's kind, ok and
/// sentence.
void WriteTraceJson(const Trace& trace, std::ostream& out);

}  // namespace kreach

#endif  // KREACH_SIM_NET_PATH_FORMAT_H_
