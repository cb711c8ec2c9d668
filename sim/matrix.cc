#include "sim/matrix.h"

#include <algorithm>
#include <map>

#include "sim/json_text.h"
#include "sim/path.h"

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
  return std::nullopt;
}

namespace {

const char* LevelName(MatrixLevel level) {
  switch (level) {
    case MatrixLevel::kPod: return "pod";
    case MatrixLevel::kWorkload: return "workload";
    case MatrixLevel::kNamespace: return "namespace";
  }
  return "?";
}

std::string GroupName(const Pod& pod, MatrixLevel level) {
  switch (level) {
    case MatrixLevel::kPod: return pod.ns + "/" + pod.name;
    case MatrixLevel::kWorkload: {
      OwnerRef w = pod.Workload();
      return pod.ns + "/" + w.name + "[" + w.kind + "]";
    }
    case MatrixLevel::kNamespace: return pod.ns;
  }
  return "";
}

/// Whether src → dst passes the probe (any connection when absent).
bool PairAllowed(const PolicyEngine& engine, const Pod& src, const Pod& dst, const std::optional<Probe>& probe,
                 int number) {
  Peer s = Peer::OfPod(src);
  Peer d = Peer::OfPod(dst);
  if (!probe) return !engine.Allowed(s, d).Empty();
  int port = number;
  if (probe->protocol != Protocol::kIcmp && port == 0) {
    for (const ContainerPort& cp : dst.ports) {
      if (cp.name == probe->port && cp.protocol == probe->protocol) {
        port = cp.port;
        break;
      }
    }
    if (port == 0) return false;
  }
  // Allowed() is the cheap form of Evaluate(): the property tests hold them equal on every probe.
  return engine.Allowed(s, d).Contains(probe->protocol, port);
}

char Symbol(Result r) {
  switch (r) {
    case Result::kAllow: return '.';
    case Result::kDeny: return 'X';
    case Result::kPartial: return '~';
  }
  return '?';
}

}  // namespace

Matrix ComputeMatrix(const PolicyEngine& engine, MatrixLevel level, const std::optional<Probe>& probe) {
  const Cluster& cluster = engine.cluster();
  Matrix m;
  m.level = level;
  m.probe = probe ? probe->ToString() : "any";
  std::map<std::string, std::vector<const Pod*>> groups;
  for (const Pod& pod : cluster.pods) groups[GroupName(pod, level)].push_back(&pod);
  for (const auto& g : groups) m.names.push_back(g.first);
  int number = probe ? std::max(0, probe->Number()) : 0;
  for (const auto& [src_name, src_pods] : groups) {
    std::vector<Result> row;
    for (const auto& [dst_name, dst_pods] : groups) {
      bool single = src_pods.size() == 1 && dst_pods.size() == 1;
      int total = 0;
      int allowed = 0;
      for (const Pod* s : src_pods) {
        for (const Pod* d : dst_pods) {
          if (s == d && !single) continue;
          ++total;
          if (PairAllowed(engine, *s, *d, probe, number)) ++allowed;
        }
      }
      row.push_back(allowed == total ? Result::kAllow : allowed == 0 ? Result::kDeny : Result::kPartial);
    }
    m.cells.push_back(std::move(row));
  }
  return m;
}

Matrix ComputeServiceMatrix(const Network& network, MatrixLevel level) {
  const Cluster& cluster = network.cluster();
  Matrix m;
  m.level = level;
  m.probe = "each Service port";
  std::map<std::string, std::vector<const Pod*>> groups;
  for (const Pod& pod : cluster.pods) {
    if (pod.origin.source != "<implied>") groups[GroupName(pod, level)].push_back(&pod);
  }
  for (const auto& g : groups) m.names.push_back(g.first);
  std::vector<std::pair<const Service*, const ServicePort*>> ports;
  for (const Service& svc : cluster.services) {
    if (svc.type == "ExternalName" || svc.origin.source == "<implied>") continue;
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
      row.push_back(total > 0 && delivered == total ? Result::kAllow : delivered == 0 ? Result::kDeny : Result::kPartial);
    }
    m.cells.push_back(std::move(row));
  }
  return m;
}

void WriteMatrix(const Matrix& m, MatrixFormat format, std::ostream& out) {
  std::size_t n = m.names.size();
  const std::vector<std::string>& cols = m.Columns();
  std::size_t k = cols.size();
  switch (format) {
    case MatrixFormat::kTable: {
      out << "level: " << LevelName(m.level) << ", probe: " << m.probe
          << "  ('.' allowed, 'X' denied, '~' partial: some pod pairs only)\n";
      std::size_t width = std::to_string(std::max(n, k) ? std::max(n, k) - 1 : 0).size();
      auto pad = [&out](const std::string& s, std::size_t w) { out << std::string(w - s.size(), ' ') << s; };
      pad("", width);
      out << " ";
      for (std::size_t j = 0; j < k; ++j) {
        out << " ";
        pad(std::to_string(j), width);
      }
      out << "\n";
      for (std::size_t i = 0; i < n; ++i) {
        pad(std::to_string(i), width);
        out << " ";
        for (std::size_t j = 0; j < k; ++j) {
          out << " ";
          pad(std::string(1, Symbol(m.cells[i][j])), width);
        }
        out << "  " << m.names[i] << "\n";
      }
      if (!m.columns.empty()) {
        out << "columns:\n";
        for (std::size_t j = 0; j < k; ++j) {
          pad(std::to_string(j), width);
          out << "  " << cols[j] << "\n";
        }
      }
      break;
    }
    case MatrixFormat::kCsv:
      out << "src,dst,result\n";
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < k; ++j) {
          out << m.names[i] << "," << cols[j] << "," << ResultName(m.cells[i][j]) << "\n";
        }
      }
      break;
    case MatrixFormat::kJson:
      out << "{\n  \"level\": " << JsonQuote(LevelName(m.level)) << ",\n  \"probe\": " << JsonQuote(m.probe)
          << ",\n  \"names\": [";
      for (std::size_t i = 0; i < n; ++i) out << (i ? ", " : "") << JsonQuote(m.names[i]);
      out << "],\n";
      if (!m.columns.empty()) {
        out << "  \"columns\": [";
        for (std::size_t j = 0; j < k; ++j) out << (j ? ", " : "") << JsonQuote(cols[j]);
        out << "],\n";
      }
      out << "  \"cells\": [";
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < k; ++j) {
          out << (i + j ? "," : "") << "\n    {\"src\": " << JsonQuote(m.names[i])
              << ", \"dst\": " << JsonQuote(cols[j]) << ", \"result\": " << JsonQuote(ResultName(m.cells[i][j]))
              << "}";
        }
      }
      out << "\n  ]\n}\n";
      break;
    case MatrixFormat::kMarkdown:
      out << "| src \\ dst |";
      for (const std::string& name : cols) out << " " << name << " |";
      out << "\n|---|";
      for (std::size_t j = 0; j < k; ++j) out << "---|";
      out << "\n";
      for (std::size_t i = 0; i < n; ++i) {
        out << "| " << m.names[i] << " |";
        for (std::size_t j = 0; j < k; ++j) out << " " << ResultName(m.cells[i][j]) << " |";
        out << "\n";
      }
      break;
  }
}

}  // namespace kreach
