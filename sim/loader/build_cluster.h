// Typed decoding, validation and expansion of documents into a Cluster. Loader-internal.
#ifndef KREACH_SIM_LOADER_BUILD_CLUSTER_H_
#define KREACH_SIM_LOADER_BUILD_CLUSTER_H_

#include <vector>

#include "sim/loader/document.h"
#include "sim/model/cluster.h"
#include "sim/model/diagnostic.h"

namespace kreach {

/// Decodes every document by kind (unknown kinds: one info line each; missing kind: error), validates it as the
/// API server would (semantics reference §4), expands workloads into pods, creates referenced namespaces,
/// assigns missing addresses deterministically, and sorts everything (Cluster invariants). Errors name file,
/// document, object and field path.
Cluster BuildCluster(const std::vector<Document>& docs, const ClusterConfig& config, Diagnostics& diag);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_BUILD_CLUSTER_H_
