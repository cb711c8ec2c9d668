// The rows and columns of `kreach matrix`: pods grouped by level, and what the probe asks of each pod.
#ifndef KREACH_SIM_REPORT_MATRIX_GROUPS_H_
#define KREACH_SIM_REPORT_MATRIX_GROUPS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "policies/fast_engine.h"
#include "policies/probe_columns.h"
#include "sim/net/connection.h"
#include "sim/report/matrix.h"

namespace kreach {

/// The groups of a matrix (its rows, and its columns alike) and their pods.
struct MatrixGroups {
  /// The pods of one group that are the same destination unit (class and probe atom), hence alike at both ends.
  struct Share {
    std::uint32_t unit = 0;  ///< index into `units`
    std::uint32_t cls = 0;   ///< the class of these pods
    std::vector<std::uint32_t> pods;
  };
  struct Group {
    std::uint64_t pod_count = 0;
    std::vector<Share> shares;           ///< by unit
    std::vector<std::uint32_t> classes;  ///< the classes of its pods, ascending
  };
  std::vector<std::string> names;  ///< sorted
  std::vector<Group> groups;       ///< parallel to names
  std::vector<DestUnit> units;     ///< distinct (class, probe atom) of the pods, in pod order
  std::vector<std::uint32_t> unit_of_pod;
  std::vector<std::uint32_t> group_of_pod;
};

/// The name of the group `pod` belongs to at `level`: "ns/pod", "ns/name[Kind]" (its workload) or "ns".
std::string MatrixGroupName(const Pod& pod, MatrixLevel level);

/// The number of groups (rows and columns) a matrix of `level` has for `cluster`, without computing it.
std::size_t CountMatrixGroups(const Cluster& cluster, MatrixLevel level);

/// Groups the pods of the engine's cluster. The probe's atom on a pod: any (no probe), ICMP's, the port's, or for a
/// named probe the pod's container port of that name and protocol (DestUnit::kNoAtom when it has none or the
/// number is out of range).
MatrixGroups GroupPods(const ReachabilityMatrix& reach, MatrixLevel level, const std::optional<Probe>& probe);

}  // namespace kreach

#endif  // KREACH_SIM_REPORT_MATRIX_GROUPS_H_
