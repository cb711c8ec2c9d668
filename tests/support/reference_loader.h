// The loader's model phase as it was before the fast loader, for tests. See reference_loader.cc.
#ifndef KREACH_TESTS_SUPPORT_REFERENCE_LOADER_H_
#define KREACH_TESTS_SUPPORT_REFERENCE_LOADER_H_

#include <vector>

#include "sim/loader/document.h"
#include "sim/model/cluster.h"
#include "sim/model/diagnostic.h"

namespace kreach {
namespace testing {
namespace reference {

/// BuildCluster as it was: each document decoded and registered in turn (a std::map of kind/namespace/name),
/// then the original expansion, std::sort, addressing, EndpointSlice generation and checks, one after the
/// other. The decoders themselves are the loader's (read through nlohmann trees).
Cluster BuildCluster(const std::vector<Document>& docs, const ClusterConfig& config, Diagnostics& diag);

}  // namespace reference
}  // namespace testing
}  // namespace kreach

#endif  // KREACH_TESTS_SUPPORT_REFERENCE_LOADER_H_
