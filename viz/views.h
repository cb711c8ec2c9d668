// The three diagrams of `kreach render`: architecture, reachability and one packet's path. Each builds a DotGraph
// (viz/dot.h) from the same Network that queries walk; none prints or touches files.
#ifndef KREACH_VIZ_VIEWS_H_
#define KREACH_VIZ_VIEWS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "sim/net/network.h"
#include "sim/net/path.h"
#include "viz/dot.h"

namespace kreach {

/// What the user asked to see (CLI flags of `kreach render`). Filters that do not apply to a view are ignored.
struct ViewOptions {
  std::string ns;            ///< --namespace: only this namespace and what connects to it ("" = all)
  std::string focus;         ///< --focus WORKLOAD: "ns/name" of a workload (and its direct neighbours)
  std::optional<int> port;   ///< --port: only connections/ports that include this port
  bool nodes = false;        ///< --nodes (architecture): draw nodes and external entry points
  bool expand_pods = false;  ///< --expand-pods (reachability): one box per pod instead of `web ×3`
  bool denied = false;       ///< --denied (reachability, needs focus): also draw denied edges of the focus
  /// Reachability: above this many workloads, workloads with identical connectivity merge into one node; above
  /// it again after merging, the picture is drawn at namespace level.
  std::size_t aggregate_threshold = 120;
};

/// What a view wants the user to know besides the picture (aggregation applied, filters that matched nothing).
/// The CLI prints them to stderr; views also put them on the picture.
using ViewNotes = std::vector<std::string>;

DotGraph ArchitectureView(const Network& network, const ViewOptions& options, ViewNotes* notes);
DotGraph ReachabilityView(const Network& network, const ViewOptions& options, ViewNotes* notes);
DotGraph PathView(const Network& network, const Trace& trace, const ViewOptions& options, ViewNotes* notes);

}  // namespace kreach

#endif  // KREACH_VIZ_VIEWS_H_
