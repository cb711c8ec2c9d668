#include "sim/net/path_format.h"

#include <algorithm>

#include "sim/format/structured_writer.h"

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
    if (h.own_node_switch && h.verdict) {
      // Under the hop's text, aligned with it: the switch that decided the verdict (the sources are notes).
      out << indent << std::string(std::to_string(number).size() + 2, ' ')
          << "own node: " << OwnNodeSwitchText(*h.own_node_switch, *h.verdict) << "\n";
    }
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
  static const char* kKinds[] = {"dns", "send", "service", "translate", "policy", "filter", "ingress", "deliver"};
  StructuredWriter w(TextFormat::kJson, out);
  w.BeginObject(JsonLayout::kLines);
  w.Field("from", trace.from);
  w.Field("to", trace.to);
  w.Field("protocol", ProtocolName(trace.probe.protocol));
  w.Field("port", trace.probe.port);
  w.Field("result", ResultName(trace.result));
  w.Field("outcome", OutcomeName(trace.outcome));
  w.Key("notes");
  w.BeginArray(JsonLayout::kInline);
  for (const std::string& note : trace.notes) w.String(note);
  w.EndArray();
  w.Key("paths");
  w.BeginArray(JsonLayout::kLines);
  for (const Branch& b : trace.branches) {
    w.BeginObject(JsonLayout::kLines);
    w.Field("src", b.src.ToString());
    w.Key("dst");
    if (b.dst) {
      w.String(b.dst->ToString());
    } else {
      w.Null();
    }
    w.IntField("port", b.port);
    w.Field("outcome", OutcomeName(b.outcome));
    w.Field("summary", b.summary);
    w.Key("hops");
    w.BeginArray(JsonLayout::kLines);
    for (const Hop& hop : b.hops) {
      w.BeginObject(JsonLayout::kInline);
      w.Field("kind", kKinds[static_cast<int>(hop.kind)]);
      w.BoolField("ok", hop.ok);
      w.Field("text", hop.text);
      if (hop.own_node_switch && hop.verdict) {
        const OwnNodeSwitch& s = *hop.own_node_switch;
        w.Key("ownNode");
        w.BeginObject(JsonLayout::kInline);
        w.Field("option", s.key);
        w.BoolField("value", s.value);
        w.Field("rule", s.rule);
        w.Field("flip", s.Flag());
        w.Field("text", OwnNodeSwitchText(s, *hop.verdict));
        w.EndObject();
      }
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.Finish();
}

}  // namespace kreach
