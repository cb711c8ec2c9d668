#include "sim/report/matrix.h"

#include <algorithm>
#include <map>
#include <memory>

#include "sim/net/path.h"
#include "sim/report/compact_matrix.h"
#include "sim/report/matrix_groups.h"

namespace kreach {

std::optional<MatrixLevel> ParseMatrixLevel(std::string_view text) {
  if (text == "pod") return MatrixLevel::kPod;
  if (text == "workload") return MatrixLevel::kWorkload;
  if (text == "namespace") return MatrixLevel::kNamespace;
  return std::nullopt;
}

std::optional<MatrixFormat> ParseMatrixFormat(std::string_view text) {
  if (text == "table" || text == "txt") return MatrixFormat::kTable;
  if (text == "csv") return MatrixFormat::kCsv;
  if (text == "json") return MatrixFormat::kJson;
  if (text == "md") return MatrixFormat::kMarkdown;
  if (text == "truth") return MatrixFormat::kTruth;
  return std::nullopt;
}

const char* MatrixLevelName(MatrixLevel level) {
  switch (level) {
    case MatrixLevel::kPod: return "pod";
    case MatrixLevel::kWorkload: return "workload";
    case MatrixLevel::kNamespace: return "namespace";
  }
  return "?";
}

Matrix ComputeMatrix(const Cluster& cluster, const PolicyOptions& options, MatrixLevel level,
                     const std::optional<Probe>& probe) {
  return ComputeCompactMatrix(cluster, options, level, probe).Dense();
}

Matrix ComputeServiceMatrix(const Network& network, MatrixLevel level) {
  const Cluster& cluster = network.cluster();
  Matrix m;
  m.level = level;
  m.probe = "each Service port";
  std::map<std::string, std::vector<const Pod*>> groups;
  for (const Pod& pod : cluster.pods) {
    if (!IsImplied(pod.origin)) groups[MatrixGroupName(pod, level)].push_back(&pod);
  }
  for (const auto& g : groups) m.names.push_back(g.first);
  m.rectangular = true;
  std::vector<std::pair<const Service*, const ServicePort*>> ports;
  for (const Service& svc : cluster.services) {
    if (svc.type == ServiceType::kExternalName || IsImplied(svc.origin)) continue;
    for (const ServicePort& sp : svc.ports) {
      ports.emplace_back(&svc, &sp);
      m.columns.push_back(svc.ns + "/" + svc.name + ":" + std::to_string(sp.port) + "/" + ProtocolName(sp.protocol));
    }
  }
  for (const auto& [name, pods] : groups) {
    std::vector<Result> row;
    for (const auto& [svc, sp] : ports) {
      ResolvedEndpoint to;
      to.kind = ResolvedEndpoint::Kind::kService;
      to.text = "service/" + svc->ns + "/" + svc->name;
      to.service = svc;
      std::size_t total = 0, delivered = 0;
      for (const Pod* p : pods) {
        ResolvedEndpoint from;
        from.text = p->Key();
        from.peers.push_back(Peer::OfPod(*p));
        Trace trace;
        std::string error;
        if (!TraceConnection(network, from, to, Probe{std::to_string(sp->port), sp->protocol}, &trace, &error)) {
          continue;
        }
        for (const Branch& b : trace.branches) {
          ++total;
          if (b.outcome == Outcome::kDelivered) ++delivered;
        }
      }
      row.push_back(total > 0 && delivered == total ? Result::kAllow
                    : delivered == 0                ? Result::kDeny
                                                    : Result::kPartial);
    }
    m.cells.push_back(std::move(row));
  }
  return m;
}

}  // namespace kreach
