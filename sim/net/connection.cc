#include "sim/net/connection.h"

#include <algorithm>
#include <cctype>

namespace kreach {

std::string Probe::ToString() const {
  if (protocol == Protocol::kIcmp) return "ICMP";
  return std::string(ProtocolName(protocol)) + "/" + port;
}

int Probe::Number() const { return PortNumberOf(port); }

int PortNumberOf(const std::string& text) {
  if (text.empty()) return 0;
  long value = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return 0;
    value = std::min(value * 10 + (c - '0'), 100000L);  // saturate: any longer number is out of range anyway
  }
  return value >= 1 && value <= 65535 ? static_cast<int>(value) : -1;
}

bool EvaluateConnection(const PolicyEngine& engine, const ResolvedEndpoint& from, const ResolvedEndpoint& to,
                        const Probe& probe, ConnectionResult* out, std::string* error) {
  *out = ConnectionResult{};
  int number = 0;
  bool named = false;
  if (probe.protocol != Protocol::kIcmp) {
    if (probe.port.empty()) {
      *error = std::string("a port is required for ") + ProtocolName(probe.protocol);
      return false;
    }
    number = probe.Number();
    if (number < 0) {
      *error = "port " + probe.port + " is out of range 1-65535";
      return false;
    }
    named = number == 0;
    if (named) {
      for (const Peer& dst : to.peers) {
        if (dst.pod == nullptr) {
          *error = "port name '" + probe.port + "' needs a pod destination to be resolved on; " + to.text +
                   " is not a pod (give a port number)";
          return false;
        }
      }
    }
  }
  bool same_single = from.peers.size() == 1 && to.peers.size() == 1;
  int allowed = 0;
  for (const Peer& src : from.peers) {
    for (const Peer& dst : to.peers) {
      bool self = src.pod != nullptr && src.pod == dst.pod;
      if (self && !same_single) continue;
      PairResult pair;
      pair.src = src;
      pair.dst = dst;
      pair.port = number;
      if (named) {
        for (const ContainerPort& cp : dst.pod->ports) {
          if (cp.name == probe.port && cp.protocol == probe.protocol) {
            pair.port = cp.port;
            break;
          }
        }
        if (pair.port == 0) {
          pair.note = dst.ToString() + " has no " + ProtocolName(probe.protocol) + " port named '" + probe.port + "'";
        }
      }
      if (pair.note.empty()) {
        pair.verdict = engine.Evaluate(src, dst, probe.protocol, pair.port);
        pair.allowed = pair.verdict->allowed();
      }
      if (pair.allowed) ++allowed;
      out->pairs.push_back(std::move(pair));
    }
  }
  if (out->pairs.empty()) {
    *error = "no pair to evaluate: " + from.text + " and " + to.text + " are the same single pod set";
    return false;
  }
  if (allowed == static_cast<int>(out->pairs.size())) {
    out->result = Result::kAllow;
  } else if (allowed == 0) {
    out->result = Result::kDeny;
  } else {
    out->result = Result::kPartial;
  }
  return true;
}

std::string ExplainPair(const PairResult& pair) {
  std::string out;
  if (!pair.verdict) return "    " + pair.note + "\n";
  out += "    egress:  " + pair.verdict->egress.ToString(Direction::kEgress) + "\n";
  out += "    ingress: " + pair.verdict->ingress.ToString(Direction::kIngress) + "\n";
  return out;
}

}  // namespace kreach
