// A test oracle for the loader's model phase, independent of its code. See reference_loader.cc.
#ifndef KREACH_TESTS_SUPPORT_REFERENCE_LOADER_H_
#define KREACH_TESTS_SUPPORT_REFERENCE_LOADER_H_

#include <vector>

#include "sim/loader/decode_document.h"
#include "sim/loader/document.h"
#include "sim/model/cluster.h"
#include "sim/model/diagnostic.h"

namespace kreach {
namespace testing {
namespace reference {

/// The Cluster BuildClusterFromBlocks should make of `blocks` (documents decoded by the loader's decoders),
/// built by a slow, sequential, map-based reading of the documented rules. Its diagnostics are at the places
/// the loader's are (same severity and Location), in an order and with a wording of its own.
Cluster BuildCluster(std::vector<DecodedBlock> blocks, const ClusterConfig& config, Diagnostics& diag);

/// The same for documents not yet decoded (decoded one after the other, as BuildCluster does).
Cluster BuildCluster(const std::vector<Document>& docs, const ClusterConfig& config, Diagnostics& diag);

}  // namespace reference
}  // namespace testing
}  // namespace kreach

#endif  // KREACH_TESTS_SUPPORT_REFERENCE_LOADER_H_
