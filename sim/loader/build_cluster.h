// Typed decoding, validation and expansion of documents into a Cluster. Loader-internal.
#ifndef KREACH_SIM_LOADER_BUILD_CLUSTER_H_
#define KREACH_SIM_LOADER_BUILD_CLUSTER_H_

#include <vector>

#include "sim/loader/decode_document.h"
#include "sim/loader/document.h"
#include "sim/loader/input_trees.h"
#include "sim/model/cluster.h"
#include "sim/model/diagnostic.h"

namespace kreach {

/// Decodes every document by kind (unknown kinds: one info line each; missing kind: error), validates it as the
/// API server would (semantics reference §4), expands workloads into pods, creates referenced namespaces,
/// assigns missing addresses deterministically, and sorts everything (Cluster invariants). Errors name file,
/// document, object and field path.
Cluster BuildCluster(const std::vector<Document>& docs, const ClusterConfig& config, Diagnostics& diag);

/// BuildCluster over documents already decoded (DecodeDocuments, DecodeJsonList) with
/// `config.relaxed_validation`: registers every object in block order (a second object of the same kind,
/// namespace and name is an error naming the first), applies skip_invalid_documents, then expands, addresses,
/// sorts and checks as BuildCluster does. The result and the messages are those of BuildCluster on the same
/// documents. With `trees` (the files' trees, recorded while reading them), a duplicate in two files of one input
/// folder says to pick one, and the first problem in each Helm chart and kustomize folder says to render it first
/// (InputTrees); `diag` then holds the messages of reading too.
Cluster BuildClusterFromBlocks(std::vector<DecodedBlock> blocks, const ClusterConfig& config, Diagnostics& diag,
                               InputTrees* trees = nullptr);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_BUILD_CLUSTER_H_
