#include "tests/fuzz/targets/entries.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "sim/loader/loader.h"
#include "sim/loader/scenario.h"
#include "sim/model/ipv4.h"
#include "sim/model/limits.h"
#include "sim/net/endpoint.h"
#include "tests/support/builders.h"

namespace kreach {
namespace fuzz {

namespace {

/// Limits for inputs of at most 64 KiB. The defaults admit a 1 GB dump; a 64 KiB text that asks for a million
/// pods or alias copies is then no finding but a slow unit, so the fuzzers lower them as a cautious user would.
Limits FuzzLimits() {
  Limits limits;
  limits.documents = 10000;
  limits.alias_nodes = 100000;
  limits.pods = 10000;
  limits.folder_entries = 1000;  // an include of / (found: a 14 s walk of the whole disk) is refused at once
  return limits;
}

/// The problems, one a line.
std::string Lines(const std::vector<std::string>& problems) {
  std::string out;
  for (const std::string& p : problems) out += "\n  " + p;
  return out;
}

/// A broken invariant: print it and abort, so that libFuzzer keeps the input (and the regression test fails).
[[noreturn]] void Fail(const std::string& what, const std::string& input) {
  std::fprintf(stderr, "kreach fuzz invariant broken: %s\ninput (%zu bytes): %s\n", what.c_str(), input.size(),
               input.c_str());
  std::abort();
}

void CheckLoad(const LoadResult& load, const std::string& input) {
  for (const Diagnostic& d : load.diagnostics.items()) {
    if (d.ToString().empty()) Fail("a diagnostic prints as nothing", input);
  }
  if (load.diagnostics.HasErrors()) return;
  std::vector<std::string> problems = testing::ModelInvariantViolations(load.cluster);
  if (!problems.empty()) Fail("load without errors breaks the model:" + Lines(problems), input);
}

std::string Text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

/// The cluster endpoints are resolved against: a namespace with pods of a Deployment, a StatefulSet, a Service,
/// and a node.
const Cluster& EndpointCluster() {
  static const Cluster* cluster = [] {
    const char* yaml = R"(apiVersion: v1
kind: Node
metadata: {name: n1}
status: {addresses: [{type: InternalIP, address: 192.168.0.1}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {nodeName: n1, containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {nodeName: n1, containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: default, labels: {app: client}}
spec: {nodeName: n1, containers: [{name: c}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
)";
    LoadResult load = LoadClusterFromTexts({{"endpoint-cluster.yaml", yaml}});
    if (load.diagnostics.HasErrors()) {
      std::string all;
      for (const Diagnostic& d : load.diagnostics.items()) all += d.ToString() + "\n";
      Fail("the endpoint fuzzer's cluster does not load:\n" + all, yaml);
    }
    return new Cluster(std::move(load.cluster));
  }();
  return *cluster;
}

bool IsClusterPod(const Cluster& cluster, const Pod* pod) {
  return pod != nullptr && !cluster.pods.empty() && pod >= &cluster.pods.front() && pod <= &cluster.pods.back();
}

void CheckSelector(const LabelSelector& selector, const std::string& input) {
  if (selector.ToString().empty()) Fail("a selector prints as nothing", input);
  std::vector<std::string> keys = selector.Keys();
  for (const auto& [key, value] : selector.match_labels) {
    bool listed = false;
    for (const std::string& k : keys) listed = listed || k == key;
    if (!listed) Fail("Keys() leaves out matchLabels key " + key, input);
  }
  if (selector.match_expressions.empty() && !selector.Matches(selector.match_labels)) {
    Fail("a selector without expressions does not match its own matchLabels", input);
  }
  if (selector.Empty() && !selector.Matches({})) Fail("the empty selector does not match everything", input);
  Labels with_keys = selector.match_labels;
  for (const LabelRequirement& r : selector.match_expressions) {
    if ((r.op == LabelRequirement::Op::kIn || r.op == LabelRequirement::Op::kNotIn) == r.values.empty()) {
      Fail("requirement on " + r.key + " has values that disagree with its operator", input);
    }
    with_keys[r.key] = r.values.empty() ? "x" : r.values.front();
  }
  selector.Matches(with_keys);
  selector.Matches({});
}

}  // namespace

int FuzzDocuments(const std::uint8_t* data, std::size_t size) {
  ScopedLimits limits(FuzzLimits());
  std::string input = Text(data, size);
  for (const char* name : {"in.yaml", "in.json"}) {
    CheckLoad(LoadClusterFromTexts({{name, input}}), input);
  }
  return 0;
}

int FuzzScenario(const std::uint8_t* data, std::size_t size) {
  ScopedLimits limits(FuzzLimits());
  std::string input = Text(data, size);
  ScenarioLoad load = ParseScenario("in.yaml", input, "");
  for (const Diagnostic& d : load.diagnostics.items()) {
    if (d.ToString().empty()) Fail("a diagnostic prints as nothing", input);
  }
  if (load.diagnostics.HasErrors()) return 0;
  std::vector<std::string> problems = testing::ModelInvariantViolations(load.scenario.cluster);
  if (!problems.empty()) Fail("scenario without errors breaks the model:" + Lines(problems), input);
  for (const Expectation& e : load.scenario.expect) {
    if (ParseResult(ResultName(e.result)) != e.result) {
      Fail("an accepted expectation has result " + std::to_string(static_cast<int>(e.result)), input);
    }
    if (e.outcome && ParseOutcome(OutcomeName(*e.outcome)) != e.outcome) {
      Fail("an accepted expectation has outcome " + std::to_string(static_cast<int>(*e.outcome)), input);
    }
  }
  return 0;
}

int FuzzEndpoint(const std::uint8_t* data, std::size_t size) {
  const Cluster& cluster = EndpointCluster();
  std::string input = Text(data, size);
  ResolvedEndpoint out;
  std::string error;
  if (!ResolveEndpoint(cluster, input, &out, &error)) {
    if (error.empty()) Fail("a refused endpoint has no message", input);
    return 0;
  }
  if (out.text != input) Fail("a resolved endpoint does not keep its text", input);
  using Kind = ResolvedEndpoint::Kind;
  switch (out.kind) {
    case Kind::kPod:
    case Kind::kWorkload:
      if (out.peers.empty()) Fail("a pod or workload endpoint has no pods", input);
      for (const Peer& p : out.peers) {
        if (!IsClusterPod(cluster, p.pod) || p.ip != p.pod->ip) Fail("a peer is not a pod of the cluster", input);
      }
      break;
    case Kind::kAddress:
      if (out.peers.size() != 1 || ParseIpv4(input) != out.peers.front().ip) {
        Fail("an address endpoint is not that one address", input);
      }
      break;
    case Kind::kNode:
      if (out.node == nullptr || out.peers.empty()) Fail("a node endpoint has no node or address", input);
      break;
    case Kind::kService:
      if (out.service == nullptr || !out.peers.empty()) Fail("a service endpoint has no service, or peers", input);
      break;
    case Kind::kDnsName:
      if (out.name.empty() || !out.peers.empty()) Fail("a DNS name endpoint has no name, or peers", input);
      break;
    case Kind::kUrl:
      if ((out.url.scheme != "http" && out.url.scheme != "https") || out.url.host.empty() || out.url.port < 1 ||
          out.url.port > 65535 || out.url.path.empty() || out.url.path.front() != '/') {
        Fail("a URL endpoint has parts out of range", input);
      }
      break;
  }
  for (const Peer& p : out.peers) p.ToString();
  return 0;
}

int FuzzSelector(const std::uint8_t* data, std::size_t size) {
  ScopedLimits limits(FuzzLimits());
  std::string input = Text(data, size);
  const std::string json =
      "{\"apiVersion\": \"networking.k8s.io/v1\", \"kind\": \"NetworkPolicy\", "
      "\"metadata\": {\"name\": \"p\", \"namespace\": \"ns\"}, "
      "\"spec\": {\"podSelector\": " +
      input + "}}\n";
  const std::string yaml =
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
      "metadata: {name: p, namespace: ns}\nspec:\n  podSelector: " +
      input + "\n";
  for (const auto& [name, text] : {std::pair{"in.json", json}, std::pair{"in.yaml", yaml}}) {
    LoadResult load = LoadClusterFromTexts({{name, text}});
    CheckLoad(load, input);
    if (load.diagnostics.HasErrors()) continue;
    if (load.cluster.network_policies.size() != 1) Fail("the policy around the selector is not loaded", input);
    CheckSelector(load.cluster.network_policies.front().pod_selector, input);
  }
  return 0;
}

int FuzzCidr(const std::uint8_t* data, std::size_t size) {
  std::string input = Text(data, size);
  if (std::optional<Ipv4> ip = ParseIpv4(input)) {
    // Leading zeros, signs and spaces are refused, so an address that parses is in its one canonical form.
    if (FormatIpv4(*ip) != input) Fail("an address does not format back to its text", input);
  }
  if (std::optional<Cidr> cidr = ParseCidr(input)) {
    if (cidr->prefix < 0 || cidr->prefix > 32) Fail("a prefix out of range", input);
    std::string text = cidr->ToString();
    std::optional<Cidr> again = ParseCidr(text);
    if (!again || !(*again == *cidr) || again->base != cidr->Network()) Fail("a CIDR does not re-parse equal", input);
    if (again->ToString() != text) Fail("a CIDR's text is not stable", input);
    if (cidr->base == cidr->Network() && text != input) Fail("a CIDR in network form formats differently", input);
    if (!cidr->Contains(cidr->base) || !cidr->Contains(cidr->First()) || !cidr->Contains(cidr->Last()) ||
        cidr->First() > cidr->Last() || !cidr->Contains(*cidr)) {
      Fail("a CIDR does not contain its own addresses", input);
    }
    if (cidr->prefix > 0 && cidr->Contains(Cidr{cidr->base, cidr->prefix - 1})) {
      Fail("a CIDR contains its larger parent block", input);
    }
  }
  return 0;
}

}  // namespace fuzz
}  // namespace kreach
