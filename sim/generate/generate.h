// Synthetic clusters for scale tests, benchmarks and class exercises (`kreach generate`): a deterministic
// function of a few counts and a seed, written as one Kubernetes `List` in JSON or YAML.
#ifndef KREACH_SIM_GENERATE_GENERATE_H_
#define KREACH_SIM_GENERATE_GENERATE_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "sim/format/structured_writer.h"

namespace kreach {

/// How NetworkPolicies are shaped.
enum class PolicyStyle {
  /// Per namespace: default-deny ingress (and in some namespaces default-deny egress with DNS allowed), then
  /// allow policies cycling through same-namespace, cross-namespace (team label, metadata.name), named-port,
  /// port-range, ipBlock and egress shapes.
  kRealistic,
  /// Kano's shape: pods carry random labels from a small vocabulary; each policy selects pods by one or two
  /// random labels and admits ingress from pods with one or two other random labels. No default-deny.
  kRandom,
  /// Like realistic, but the allow policies are all cross-namespace, port-range and ipBlock shapes that stress
  /// an engine: namespaceSelectors with matchExpressions, `{}` selectors, many distinct ranges and blocks.
  kAdversarial,
};

/// What to generate. Counts are totals over the whole cluster, kube-system included (see `dns`).
struct GeneratorParams {
  std::uint64_t seed = 1;
  std::int64_t pods = 100;
  std::int64_t namespaces = 5;
  std::int64_t policies = 20;
  std::int64_t services = 20;
  /// kube-system with a CoreDNS Deployment (2 pods) and the kube-dns Service (10.96.0.10). They count toward
  /// `pods`, `namespaces` and `services`; kube-system gets no NetworkPolicies.
  bool dns = true;
  std::int64_t replicas = 5;              ///< mean pods per workload (more workloads when Services need them)
  std::int64_t pods_per_node = 110;       ///< the kubelet's default --max-pods; nodes = ceil(pods / this)
  std::int64_t statefulset_percent = 15;  ///< share of Service-backed workloads that are StatefulSets (headless)
  std::int64_t nodeport_percent = 5;      ///< share of ClusterIP Services made NodePort (while nodePorts last)
  std::int64_t egress_lock_percent = 30;  ///< realistic: namespaces with default-deny egress (DNS allowed)
  std::int64_t port_ranges = 4;           ///< distinct port/endPort ranges the policies use (cycled)
  std::int64_t ip_blocks = 4;             ///< distinct ipBlocks (each with `except`) the policies use (cycled)
  std::int64_t label_keys = 6;            ///< random style: label keys in the vocabulary
  std::int64_t label_values = 10;         ///< random style: values per key
  PolicyStyle style = PolicyStyle::kRealistic;
};

/// A named parameter set (`--preset`): the scale ladder L0..L7.
struct GeneratorPreset {
  const char* name;
  const char* models;  ///< what the level stands for, one line
  GeneratorParams params;
};

/// The presets, L0 first.
const std::vector<GeneratorPreset>& GeneratorPresets();

/// The preset called `name`, or nullptr.
const GeneratorPreset* FindGeneratorPreset(const std::string& name);

/// Whether `params` can be generated; otherwise false with `why` saying what is wrong and how to fix it, naming
/// the flag (e.g. "--pods must be at least 2: kube-system's 2 CoreDNS pods count, or add --no-dns ...").
bool CheckGeneratorParams(const GeneratorParams& params, std::string* why);

/// "realistic", "random", "adversarial"; ParsePolicyStyle returns false for other names.
const char* PolicyStyleName(PolicyStyle style);
bool ParsePolicyStyle(const std::string& name, PolicyStyle* style);

/// Writes the cluster as one `List` (apiVersion v1): Namespaces, Nodes, Deployments, StatefulSets,
/// ReplicaSets, Pods, Services, NetworkPolicies, in that order and each in a fixed order. The output is a pure
/// function of `params` (own PRNG, no std distributions), so equal params give equal bytes on every machine.
/// Memory stays proportional to the number of workloads; pods and policies are streamed.
/// Precondition: CheckGeneratorParams(params) is true.
void WriteSyntheticCluster(const GeneratorParams& params, TextFormat format, std::ostream& out);

}  // namespace kreach

#endif  // KREACH_SIM_GENERATE_GENERATE_H_
