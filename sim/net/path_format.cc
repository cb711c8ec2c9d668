#include "sim/net/path_format.h"

#include <algorithm>

#include "sim/format/json_text.h"

namespace kreach {

void WriteTraceText(const Trace& trace, std::ostream& out) {
  out << trace.from << " -> " << trace.to << "  " << trace.probe.ToString() << ": " << ResultName(trace.result) << " ("
      << OutcomeName(trace.outcome) << ")\n";
  for (const std::string& note : trace.notes) out << "  note: " << note << "\n";
  // Hops that every path shares (the DNS lookup, the Service frontend, ...) are printed once.
  std::size_t common = trace.branches.size() > 1 ? trace.branches.front().hops.size() : 0;
  for (const Branch& b : trace.branches) {
    std::size_t n = 0;
    while (n < common && n < b.hops.size() && b.hops[n].text == trace.branches.front().hops[n].text &&
           b.hops[n].ok == trace.branches.front().hops[n].ok) {
      ++n;
    }
    common = n;
  }
  for (const Branch& b : trace.branches) common = std::min(common, b.hops.empty() ? 0 : b.hops.size() - 1);
  auto hop_line = [&](const kreach::Hop& h, std::size_t number, const char* indent) {
    out << indent << number << ". " << (h.ok ? "" : "[x] ") << h.text << "\n";
  };
  if (common > 0) {
    out << "  every path (" << trace.branches.size() << "):\n";
    for (std::size_t h = 0; h < common; ++h) hop_line(trace.branches.front().hops[h], h + 1, "    ");
  }
  for (std::size_t i = 0; i < trace.branches.size(); ++i) {
    const Branch& b = trace.branches[i];
    out << "  path " << (i + 1) << ": " << b.src.ToString() << " -> " << ReceiverText(b) << ": "
        << OutcomeName(b.outcome) << (b.summary.empty() || b.outcome == Outcome::kDelivered ? "" : ", " + b.summary)
        << "\n";
    for (std::size_t h = common; h < b.hops.size(); ++h) hop_line(b.hops[h], h + 1, "    ");
  }
}

void WriteTraceJson(const Trace& trace, std::ostream& out) {
  out << "{\n  \"from\": " << JsonQuote(trace.from) << ",\n  \"to\": " << JsonQuote(trace.to)
      << ",\n  \"protocol\": " << JsonQuote(ProtocolName(trace.probe.protocol))
      << ",\n  \"port\": " << JsonQuote(trace.probe.port) << ",\n  \"result\": " << JsonQuote(ResultName(trace.result))
      << ",\n  \"outcome\": " << JsonQuote(OutcomeName(trace.outcome)) << ",\n  \"notes\": [";
  for (std::size_t i = 0; i < trace.notes.size(); ++i) out << (i ? ", " : "") << JsonQuote(trace.notes[i]);
  out << "],\n  \"paths\": [";
  for (std::size_t i = 0; i < trace.branches.size(); ++i) {
    const Branch& b = trace.branches[i];
    out << (i ? "," : "") << "\n    {\"src\": " << JsonQuote(b.src.ToString())
        << ", \"dst\": " << (b.dst ? JsonQuote(b.dst->ToString()) : "null") << ", \"port\": " << b.port
        << ", \"outcome\": " << JsonQuote(OutcomeName(b.outcome)) << ", \"summary\": " << JsonQuote(b.summary)
        << ",\n     \"hops\": [";
    for (std::size_t h = 0; h < b.hops.size(); ++h) {
      static const char* kKinds[] = {"dns", "send", "service", "translate", "policy", "filter", "ingress", "deliver"};
      out << (h ? "," : "") << "\n       {\"kind\": " << JsonQuote(kKinds[static_cast<int>(b.hops[h].kind)])
          << ", \"ok\": " << (b.hops[h].ok ? "true" : "false") << ", \"text\": " << JsonQuote(b.hops[h].text) << "}";
    }
    out << "]}";
  }
  out << "\n  ]\n}\n";
}

}  // namespace kreach
