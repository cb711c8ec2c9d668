// The generator's internals, shared by its files: the deterministic randomness, the vocabulary, the plan (every
// object but pods and policies, which are streamed from it) and the writers of each kind of object. Only
// sim/generate/ includes this; the public interface is sim/generate/generate.h.
#ifndef KREACH_SIM_GENERATE_GENERATE_INTERNAL_H_
#define KREACH_SIM_GENERATE_GENERATE_INTERNAL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/format/structured_writer.h"
#include "sim/generate/generate.h"
#include "sim/model/ipv4.h"

namespace kreach {
namespace generate_internal {

// ---- randomness: splitmix64, so the bytes depend on nothing but the parameters ----

inline std::uint64_t SplitMix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

inline std::uint64_t Mix(std::uint64_t a, std::uint64_t b) {
  std::uint64_t state = a ^ (b * 0xD6E8FEB86659FD93ull);
  return SplitMix(state);
}

inline std::uint64_t HashText(std::uint64_t seed, std::string_view text) {
  std::uint64_t h = 0xCBF29CE484222325ull;  // FNV-1a, then mixed with the seed
  for (char c : text) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
  return Mix(seed, h);
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() { return SplitMix(state_); }
  /// Uniform enough in [0, n) for n > 0 (the modulo bias is far below anything a test could see).
  std::int64_t Below(std::int64_t n) {
    return n <= 0 ? 0 : static_cast<std::int64_t>(Next() % static_cast<std::uint64_t>(n));
  }
  bool Percent(std::int64_t p) { return Below(100) < p; }

 private:
  std::uint64_t state_;
};

/// The alphabet Kubernetes uses for generated name suffixes (no vowels, no 0/1/3).
inline constexpr std::string_view kSuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

inline std::string SuffixFromNumber(std::uint64_t n, int length) {
  std::string out(static_cast<std::size_t>(length), 'b');
  for (int i = length - 1; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kSuffixAlphabet[n % kSuffixAlphabet.size()];
    n /= kSuffixAlphabet.size();
  }
  return out;
}

// ---- vocabulary ----

struct AppKind {
  const char* name;
  const char* tier;
  const char* port_name;
  int port;
  int service_port;
};

inline constexpr AppKind kApps[] = {
    {"web", "frontend", "http", 8080, 80},     {"api", "backend", "http", 8080, 80},
    {"auth", "backend", "grpc", 9090, 9090},   {"cart", "backend", "http", 8080, 80},
    {"catalog", "backend", "http", 8080, 80},  {"checkout", "backend", "grpc", 9090, 9090},
    {"search", "backend", "http", 9200, 9200}, {"worker", "backend", "health", 8081, 8081},
    {"queue", "data", "amqp", 5672, 5672},     {"db", "data", "postgres", 5432, 5432},
    {"cache", "data", "redis", 6379, 6379},    {"gateway", "frontend", "https", 8443, 443},
};
inline constexpr std::int64_t kAppCount = static_cast<std::int64_t>(sizeof(kApps) / sizeof(kApps[0]));
inline constexpr int kMetricsPort = 9100;

inline constexpr const char* kTeams[] = {"payments", "search", "platform", "identity", "catalog", "billing",
                                         "shipping", "growth", "data",     "mobile",   "ads",     "infra",
                                         "support",  "risk",   "media",    "labs"};
inline constexpr std::int64_t kTeamCount = static_cast<std::int64_t>(sizeof(kTeams) / sizeof(kTeams[0]));
inline constexpr const char* kEnvs[] = {"prod", "staging", "dev"};

inline constexpr const char* kLabelKeys[] = {"role",    "shard", "env",   "team",    "zone",  "version",
                                             "release", "owner", "stack", "channel", "track", "group"};
inline constexpr std::int64_t kMaxLabelKeys = static_cast<std::int64_t>(sizeof(kLabelKeys) / sizeof(kLabelKeys[0]));

inline constexpr const char* kSystemNamespace = "kube-system";
inline constexpr Ipv4 kDnsServiceIp = 0x0A60000Au;    // 10.96.0.10
inline constexpr Ipv4 kFirstServiceIp = 0x0A60000Bu;  // 10.96.0.11
inline constexpr Ipv4 kFirstNodeIp = 0xAC120002u;     // 172.18.0.2, as kind numbers its nodes
inline constexpr int kFirstNodePort = 30000;
inline constexpr int kLastNodePort = 32767;
inline constexpr std::int64_t kMaxPods = 1000000;  // the loader's expansion limit; keeps node and IP ranges valid
inline constexpr std::int64_t kMaxNodes = 32768;   // /24 pod CIDRs in 10.128.0.0/9
inline constexpr std::int64_t kMaxServices = 500000;
inline constexpr std::int64_t kMaxPortRanges = 1000;
inline constexpr std::int64_t kMaxIpBlocks = 4000;

using LabelList = std::vector<std::pair<std::string, std::string>>;

// ---- the plan: everything but pods and policies, which are streamed from it ----

struct WorkloadPlan {
  std::string name;
  int app = 0;  ///< index into kApps; -1 for CoreDNS
  bool stateful = false;
  std::int64_t replicas = 0;
  std::string hash;          ///< pod-template-hash (Deployment) or controller-revision-hash suffix (StatefulSet)
  std::string service_name;  ///< StatefulSet: its governing (headless) Service
  LabelList random_labels;   ///< random style: labels from the vocabulary
};

struct ServicePlan {
  std::string name;
  int workload = -1;  ///< index in the namespace's workloads; -1: selects nothing that exists
  bool headless = false;
  bool node_port = false;
  bool named_target = false;
  Ipv4 ip = 0;
  int first_node_port = 0;
};

struct NamespacePlan {
  std::string name;
  std::string team;
  std::string env;
  bool system = false;
  bool lock_egress = false;
  std::int64_t pods = 0;
  std::int64_t policies = 0;
  std::int64_t first_pod = 0;  ///< global index of its first pod (node placement)
  std::vector<WorkloadPlan> workloads;
  std::vector<ServicePlan> services;
};

struct ClusterPlan {
  std::vector<NamespacePlan> namespaces;
  std::int64_t nodes = 1;
};

// ---- the plan (generate_plan.cc) ----

std::int64_t Share(std::int64_t total, std::int64_t parts, std::int64_t index);

std::string AppWorkloadName(std::int64_t index);

ClusterPlan MakePlan(const GeneratorParams& p);

Cidr NodePodCidr(const ClusterPlan& plan, std::int64_t node);

std::string NodeName(const ClusterPlan& plan, std::int64_t node);

// ---- object writers (generate_objects.cc) ----

void BeginObject(StructuredWriter& w, const char* api_version, const char* kind, const std::string& name,
                 const std::string& ns, const LabelList& labels);

void WriteMatchLabels(StructuredWriter& w, const LabelList& labels);

LabelList SelectorLabels(const WorkloadPlan& wl);

void WriteNamespace(StructuredWriter& w, const NamespacePlan& ns);

void WriteNode(StructuredWriter& w, const ClusterPlan& plan, std::int64_t node);

void WriteWorkload(StructuredWriter& w, const NamespacePlan& ns, const WorkloadPlan& wl);

void WriteReplicaSet(StructuredWriter& w, const NamespacePlan& ns, const WorkloadPlan& wl);

void WritePods(StructuredWriter& w, const GeneratorParams& p, const ClusterPlan& plan, const NamespacePlan& ns);

void WriteService(StructuredWriter& w, const NamespacePlan& ns, const ServicePlan& s);

// ---- NetworkPolicies (generate_policies.cc) ----

void WritePolicies(StructuredWriter& w, const GeneratorParams& p, const ClusterPlan& plan);

}  // namespace generate_internal
}  // namespace kreach

#endif  // KREACH_SIM_GENERATE_GENERATE_INTERNAL_H_
