#include "sim/net/hop.h"

namespace kreach {

const char* FrontendKindName(FrontendKind kind) {
  switch (kind) {
    case FrontendKind::kClusterIp: return "ClusterIP";
    case FrontendKind::kNodePort: return "NodePort";
    case FrontendKind::kLoadBalancer: return "LoadBalancer";
    case FrontendKind::kExternalIp: return "externalIP";
  }
  return "?";
}

Place Place::OfPeer(const Peer& peer, int port, Protocol protocol) {
  Place p;
  p.kind = Kind::kPeer;
  p.pod = peer.pod;
  p.ip = peer.ip;
  p.port = port;
  p.protocol = protocol;
  return p;
}

Place Place::OfHost(const std::string& host, int port) {
  Place p;
  p.kind = Kind::kHost;
  p.host = host;
  p.port = port;
  return p;
}

}  // namespace kreach
