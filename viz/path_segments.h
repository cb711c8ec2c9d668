// The path view's reading of a traced branch (sim/net/path.h): the places the packet passes and the numbered moves
// between them, each with short label lines. Built from the hops' typed fields only; a hop's sentence is carried
// as an opaque string, for tooltips and for the few hops the picture has no shorter form for (kube-proxy filters,
// remarks such as "shop/db is headless: ...").
#ifndef KREACH_VIZ_PATH_SEGMENTS_H_
#define KREACH_VIZ_PATH_SEGMENTS_H_

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sim/net/network.h"
#include "sim/net/path.h"

namespace kreach {

/// Label lines are wrapped at about this many characters.
constexpr std::size_t kPathWrap = 44;
/// "✗": the mark of a failure in labels.
extern const char* const kPathCross;

/// Words of `text` on lines of about `width` characters (UTF-8 counted by bytes, close enough for labels).
std::string WrapLabel(const std::string& text, std::size_t width = kPathWrap);

/// What a box of the path picture stands for.
enum class PlaceKind { kClient, kPod, kDns, kFrontend, kController, kNode, kAddress, kFail };

/// One box of the path picture.
struct PathNode {
  PlaceKind kind = PlaceKind::kPod;
  std::string ns;  ///< namespace frame it is drawn in ("" = none)
  std::string label;
  std::string tooltip;
  bool implied = false;
};

/// One move of the packet between two places: one numbered edge.
struct Segment {
  std::string from;  ///< place ids (keys of PathBuilder::places())
  std::string to;
  bool ok = true;
  bool dns = false;
  std::vector<std::string> parts;  ///< short label lines
  std::vector<std::string> full;   ///< the hop sentences, for the tooltip
};

/// Walks branches of one trace, collecting the places they touch (shared between branches by id).
class PathBuilder {
 public:
  /// `net` must be the Network the trace was made on; `probe` the trace's probe. Both must outlive the builder.
  PathBuilder(const Network& net, const Probe& probe);

  /// The segments of one branch, adding the places they touch.
  std::vector<Segment> Walk(const Branch& b);

  /// Every place touched so far by id ("pod:shop/web-0", "svc:ClusterIP shop/web 10.96.0.12:80/TCP", ...).
  const std::map<std::string, PathNode>& places() const { return places_; }

 private:
  std::string PodPlace(const Pod& p, bool client = false);
  /// The pod (not hostNetwork), node or outside address at `ip`.
  std::string IpPlace(Ipv4 ip, bool client = false);
  std::string ClientPlace(const Peer& src);
  /// A peer: its pod when it has one (hostNetwork pods too), else what is at its address.
  std::string PeerPlace(const Place& place);
  std::string HostPlace(const std::string& host);
  std::string DnsPlace(const Place& dns);
  /// A Service frontend box: `what` (ClusterIP, ...) of `svc` at `addr` ("10.96.0.12:80/TCP"), on `node` if any.
  std::string Frontend(FrontendKind kind, const Service& svc, const std::string& addr, const std::string& node);
  /// The frontend a kService hop leaves from, as kube-proxy opens it ("*:30080/TCP" for NodePorts).
  std::string FrontendOf(const Place& frontend);
  std::string FailPlace(const std::string& from, const Branch& b);

  const Network& net_;
  const Cluster& c_;
  Probe probe_;
  std::set<const Pod*> controller_pods_;
  std::map<std::string, PathNode> places_;
};

}  // namespace kreach

#endif  // KREACH_VIZ_PATH_SEGMENTS_H_
