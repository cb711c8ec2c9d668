// A canonical text of every field of a Cluster and of Diagnostics, for tests that hold two loader paths equal.
#ifndef KREACH_TESTS_SUPPORT_CLUSTER_DUMP_H_
#define KREACH_TESTS_SUPPORT_CLUSTER_DUMP_H_

#include <string>

#include "sim/model/cluster.h"
#include "sim/model/diagnostic.h"

namespace kreach {
namespace testing {

/// Every field of every object of `cluster`, its config included, one object per line, in vector order. Two
/// clusters are equal field by field exactly when their dumps are equal (raw values are written: a CIDR's base
/// as written, optional fields as "-" when absent, strings quoted and escaped).
std::string DumpCluster(const Cluster& cluster);

/// Every diagnostic, one per line: severity, every Location field (source, doc, object, path, line, column) and
/// the message, in order.
std::string DumpDiagnostics(const Diagnostics& diagnostics);

/// Where the diagnostics are: each one's severity and every Location field, one per line, the lines sorted;
/// the messages are left out. For an oracle that finds the same problems in its own words and order.
std::string DumpDiagnosticPlaces(const Diagnostics& diagnostics);

}  // namespace testing
}  // namespace kreach

#endif  // KREACH_TESTS_SUPPORT_CLUSTER_DUMP_H_
