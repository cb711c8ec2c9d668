// Loading with a chosen reader, for tests that hold the fast paths equal to the exact one. Loader-internal.
#ifndef KREACH_SIM_LOADER_LOADER_INTERNAL_H_
#define KREACH_SIM_LOADER_LOADER_INTERNAL_H_

#include <string>
#include <utility>
#include <vector>

#include "sim/loader/loader.h"
#include "sim/loader/text_values.h"

namespace kreach {

/// LoadCluster reading every text as `mode` says. ReaderMode::kFast is LoadCluster; kExact reads every JSON text
/// with the exact reader and decodes the documents one after the other: the reference.
LoadResult LoadClusterWith(const std::vector<std::string>& inputs, const ClusterConfig& config, ReaderMode mode);

/// LoadClusterFromTexts with the reader chosen likewise.
LoadResult LoadClusterFromTextsWith(const std::vector<std::pair<std::string, std::string>>& texts,
                                    const ClusterConfig& config, ReaderMode mode);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_LOADER_INTERNAL_H_
