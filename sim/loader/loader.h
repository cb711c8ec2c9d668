// Loading: documents → a validated Cluster. The public entry points of the loader library.
#ifndef KREACH_SIM_LOADER_LOADER_H_
#define KREACH_SIM_LOADER_LOADER_H_

#include <string>
#include <utility>
#include <vector>

#include "sim/model/cluster.h"
#include "sim/model/diagnostic.h"

namespace kreach {

struct LoadResult {
  Cluster cluster;
  Diagnostics diagnostics;  ///< errors make `cluster` unusable; warnings and infos are for the user
};

/// Reads files / folders / "-" and builds the cluster. Never throws.
LoadResult LoadCluster(const std::vector<std::string>& inputs, const ClusterConfig& config = {});

/// The same from in-memory texts: (source name, text) pairs. For tests.
LoadResult LoadClusterFromTexts(const std::vector<std::pair<std::string, std::string>>& texts,
                                const ClusterConfig& config = {});

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_LOADER_H_
