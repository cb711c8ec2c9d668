// Tracing one connection: every way the packet can go from each source end (the steps are the Tracer's,
// sim/net/tracer_internal.h), then the result and the outcome.
#include "sim/net/path.h"

#include <algorithm>

#include "sim/net/tracer_internal.h"

namespace kreach {

namespace {

Outcome Worst(const std::vector<Branch>& branches) {
  static const Outcome kOrder[] = {Outcome::kNxdomain, Outcome::kHttp404, Outcome::kHttp503, Outcome::kRefused,
                                   Outcome::kDropped};
  for (Outcome o : kOrder) {
    for (const Branch& b : branches) {
      if (b.outcome == o) return o;
    }
  }
  return Outcome::kDelivered;
}

}  // namespace

bool TraceConnection(const Network& network, const ResolvedEndpoint& from, const ResolvedEndpoint& to,
                     const Probe& probe, Trace* out, std::string* error) {
  *out = Trace{};
  out->from = from.text;
  out->to = to.text;
  out->probe = probe;
  if (!from.CanSend()) {
    *error = from.text + " cannot be a source: a source is a pod, a workload, a node or an IPv4 address";
    return false;
  }
  bool url = to.kind == ResolvedEndpoint::Kind::kUrl;
  if (url) {
    if (probe.protocol != Protocol::kTCP) {
      *error = "a URL is reached over TCP";
      return false;
    }
    if (!probe.port.empty() && probe.Number() != to.url.port) {
      *error = "the port is given by the URL (" + std::to_string(to.url.port) + "), not " + probe.port;
      return false;
    }
    out->probe.port = std::to_string(to.url.port);
  } else if (probe.protocol != Protocol::kIcmp) {
    if (probe.port.empty()) {
      *error = std::string("a port is required for ") + ProtocolName(probe.protocol);
      return false;
    }
    if (probe.Number() < 0) {
      *error = "port " + probe.port + " is out of range 1-65535";
      return false;
    }
    bool named = probe.Number() == 0;
    bool name_ok = to.kind == ResolvedEndpoint::Kind::kPod || to.kind == ResolvedEndpoint::Kind::kWorkload ||
                   to.kind == ResolvedEndpoint::Kind::kService || to.kind == ResolvedEndpoint::Kind::kDnsName ||
                   (to.kind == ResolvedEndpoint::Kind::kAddress && to.peers.front().pod != nullptr);
    if (named && !name_ok) {
      *error = "port name '" + probe.port + "' needs a pod or a Service to be resolved on; " + to.text +
               " is neither (give a port number)";
      return false;
    }
  } else if (to.kind != ResolvedEndpoint::Kind::kPod && to.kind != ResolvedEndpoint::Kind::kWorkload &&
             to.kind != ResolvedEndpoint::Kind::kAddress && to.kind != ResolvedEndpoint::Kind::kNode) {
    *error = "ICMP goes to addresses: pods, nodes or IPv4 addresses (Services do not answer ICMP)";
    return false;
  }

  Tracer tracer(network, out->probe);
  bool same_single = from.peers.size() == 1 && to.peers.size() == 1;
  for (const Peer& src : from.peers) {
    Branch start = Tracer::Start(src);
    std::vector<Branch> branches;
    switch (to.kind) {
      case ResolvedEndpoint::Kind::kPod:
      case ResolvedEndpoint::Kind::kWorkload:
        for (const Peer& dst : to.peers) {
          if (src.pod != nullptr && src.pod == dst.pod && !same_single) continue;
          branches.push_back(tracer.ToAddress(start, src, dst));
        }
        break;
      case ResolvedEndpoint::Kind::kAddress: {
        const Peer& dst = to.peers.front();
        if (dst.pod != nullptr) {
          branches.push_back(tracer.ToAddress(start, src, dst));
        } else if (probe.protocol == Protocol::kIcmp) {
          branches.push_back(tracer.Icmp(start, src, dst));
        } else {
          branches = tracer.ToIp(start, src, dst.ip, probe.Number());
        }
        break;
      }
      case ResolvedEndpoint::Kind::kNode:
        if (probe.protocol == Protocol::kIcmp) {
          branches.push_back(tracer.Direct(start, src, to.peers.front(), 0));
        } else {
          branches = tracer.ToNode(start, src, *to.node, to.node->addresses.front(), probe.Number());
        }
        break;
      case ResolvedEndpoint::Kind::kService: branches = tracer.ToService(start, src, *to.service); break;
      case ResolvedEndpoint::Kind::kDnsName: branches = tracer.ToName(start, src, to.name); break;
      case ResolvedEndpoint::Kind::kUrl: branches = tracer.ToUrl(start, src, to.url); break;
    }
    for (Branch& b : branches) out->branches.push_back(std::move(b));
  }
  out->notes = tracer.notes();
  if (out->branches.empty()) {
    *error = "no pair to evaluate: " + from.text + " and " + to.text + " are the same single pod set";
    return false;
  }
  std::size_t delivered = std::count_if(out->branches.begin(), out->branches.end(),
                                        [](const Branch& b) { return b.outcome == Outcome::kDelivered; });
  out->result = delivered == out->branches.size() ? Result::kAllow : delivered == 0 ? Result::kDeny : Result::kPartial;
  out->outcome = Worst(out->branches);
  return true;
}

std::string ReceiverText(const Branch& b) {
  if (b.dst) return b.dst->ToString();
  switch (b.outcome) {
    case Outcome::kNxdomain: return "(no address)";
    case Outcome::kHttp404:
    case Outcome::kHttp503: return "(the ingress controller answers)";
    default: return "(not reached)";
  }
}

}  // namespace kreach
