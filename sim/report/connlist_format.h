// Writers for the connlist in netpol-analyzer's output formats: txt, json, csv, md, dot.
#ifndef KREACH_SIM_REPORT_CONNLIST_FORMAT_H_
#define KREACH_SIM_REPORT_CONNLIST_FORMAT_H_

#include <optional>
#include <ostream>
#include <string_view>

#include "sim/report/connlist.h"

namespace kreach {

enum class ConnListFormat { kTxt, kJson, kCsv, kMd, kDot };

/// "txt", "json", "csv", "md", "dot" (exactly, lower case, as the analyzer's -o takes them); nullopt otherwise.
std::optional<ConnListFormat> ParseConnListFormat(std::string_view text);

/// The names ParseConnListFormat accepts, joined for messages: "txt, json, csv, md, dot".
const char* ConnListFormatNames();

/// Writes `list` byte for byte as netpol-analyzer writes it, followed by one newline:
/// - txt: `SRC => DST : CONNS` per entry, in list order.
/// - json: a 2-space-indented array of {"src", "dst", "conn"} objects; `[]` when empty.
/// - csv: header `src,dst,conn`, then one record per entry; fields with a comma or quote are double-quoted.
/// - md: `| src | dst | conn |`, `|-----|-----|------|`, then one row per entry.
/// - dot: `digraph {`, one `cluster_<ns>[namespace]` subgraph per namespace holding every workload of the list
///   (connected or not), then external peers and the ingress controller, then the edges sorted as text; an edge
///   has weight 0.5 when its source text sorts before or equal to its destination text, else 1.
/// CONNS is ConnSet::ToString() ("All Connections", "TCP 80,UDP 53").
void WriteConnList(const ConnList& list, ConnListFormat format, std::ostream& out);

/// WriteConnList(ComputeConnList(cluster, options), format, out), byte for byte, without holding the list: lines
/// are written as StreamConnList computes them, so memory stays bounded by the number of peers however many lines
/// there are (dot computes the lines twice: once to find the peers it must draw first).
void WriteConnListStreamed(const Cluster& cluster, const PolicyOptions& options, ConnListFormat format,
                           std::ostream& out);

}  // namespace kreach

#endif  // KREACH_SIM_REPORT_CONNLIST_FORMAT_H_
