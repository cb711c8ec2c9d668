// Cross-object check: pods of one owner that policies tell apart. Loader-internal.
#ifndef KREACH_SIM_LOADER_VALIDATE_OWNERS_H_
#define KREACH_SIM_LOADER_VALIDATE_OWNERS_H_

#include "sim/model/cluster.h"
#include "sim/model/diagnostic.h"

namespace kreach {

/// Warns once per (owner, policy) when pods with the same controller owner carry different labels and a
/// selector of that policy (spec.podSelector, or a peer podSelector) matches some of them but not all.
/// Pod-level results stay exact; workload-level output (connlist, `matrix --level workload`) merges such pods
/// into one peer, which netpol-analyzer refuses outright.
void CheckOwnerLabelSplits(const Cluster& cluster, Diagnostics& diag);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_VALIDATE_OWNERS_H_
