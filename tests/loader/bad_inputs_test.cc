// The netpol-analyzer corpus through ReadInputs + BuildCluster: every bad input gets the verdict its README
// table asks for (message text pinned), and every core case loads without errors.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "sim/loader/build_cluster.h"
#include "sim/loader/document.h"

namespace kreach {
namespace {

namespace fs = std::filesystem;

const std::string& CorpusDir() {
  static const std::string dir =
      fs::weakly_canonical(fs::path(KREACH_SHARED_DIR) / "conformance" / "netpol-analyzer").string() + "/";
  return dir;
}

struct Loaded {
  Cluster cluster;
  Diagnostics diag;
  /// Every diagnostic of `severity`, as printed, with the corpus directory removed from file names.
  std::vector<std::string> Lines(Severity severity) const {
    std::vector<std::string> out;
    for (const Diagnostic& d : diag.items()) {
      if (d.severity != severity) continue;
      std::string text = d.ToString();
      for (std::size_t at; (at = text.find(CorpusDir())) != std::string::npos;) text.erase(at, CorpusDir().size());
      out.push_back(text);
    }
    return out;
  }
  std::vector<std::string> Errors() const { return Lines(Severity::kError); }
  std::vector<std::string> Warnings() const { return Lines(Severity::kWarning); }
};

Loaded Load(const std::string& relative, ClusterConfig config = {}) {
  Loaded out;
  std::vector<Document> docs = ReadInputs({CorpusDir() + relative}, out.diag);
  out.cluster = BuildCluster(docs, config, out.diag);
  return out;
}

ClusterConfig SkipInvalid() {
  ClusterConfig config;
  config.skip_invalid_documents = true;
  return config;
}

const char kShippingPolicy[] = "(NetworkPolicy default/shippingservice-netpol): ";

TEST_CASE("bad_netpols: invalid CIDR, label key, label value, ipBlock with a selector, empty peer") {
  CHECK(Load("bad-inputs/bad_netpols/subdir1").Errors() ==
        std::vector<std::string>{
            std::string("error: bad-inputs/bad_netpols/subdir1/netpols.yaml: doc 1 ") + kShippingPolicy +
            "spec.ingress[2].from[0].ipBlock.cidr: \"A\" is not a valid CIDR (expected a.b.c.d/n)"});
  CHECK(Load("bad-inputs/bad_netpols/subdir2").Errors() ==
        std::vector<std::string>{std::string("error: bad-inputs/bad_netpols/subdir2/netpols.yaml: doc 1 ") +
                                 kShippingPolicy +
                                 "spec.podSelector.matchLabels.app@b: invalid label key \"app@b\": name part must "
                                 "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                                 "alphanumeric character"});
  CHECK(Load("bad-inputs/bad_netpols/subdir7").Errors() ==
        std::vector<std::string>{
            "error: bad-inputs/bad_netpols/subdir7/resources.yaml: doc 8 (NetworkPolicy default/frontend-netpol): "
            "spec.egress[0].to[0].podSelector.matchLabels.app: invalid label value \"$backendservice\" for key "
            "\"app\": a valid label must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
            "with an alphanumeric character"});
  CHECK(Load("bad-inputs/bad_netpols/subdir3").Errors() ==
        std::vector<std::string>{std::string("error: bad-inputs/bad_netpols/subdir3/netpols.yaml: doc 1 ") +
                                 kShippingPolicy +
                                 "spec.ingress[0].from[0]: may not specify both ipBlock and another peer "
                                 "(podSelector or namespaceSelector)"});
  CHECK(Load("bad-inputs/bad_netpols/subdir4").Errors() ==
        std::vector<std::string>{std::string("error: bad-inputs/bad_netpols/subdir4/netpols.yaml: doc 1 ") +
                                 kShippingPolicy +
                                 "spec.ingress[0].from[0]: must specify a peer (podSelector, namespaceSelector or "
                                 "ipBlock)"});
}

TEST_CASE("bad_netpols/subdir5: a named port on pod peers is valid") {
  Loaded l = Load("bad-inputs/bad_netpols/subdir5");
  CHECK(l.Errors().empty());
  CHECK(l.cluster.network_policies.size() == 1);
}

TEST_CASE("bad_netpols/subdir6: a named port towards ipBlock-only peers is flagged") {
  // The analyzer stops here; the API accepts the policy, so kreach warns and keeps it (NP-20).
  Loaded l = Load("bad-inputs/bad_netpols/subdir6");
  CHECK(l.Errors().empty());
  CHECK(l.Warnings() ==
        std::vector<std::string>{std::string("warning: bad-inputs/bad_netpols/subdir6/netpols.yaml: doc 1 ") +
                                 kShippingPolicy +
                                 "spec.egress[0].ports[0].port: named port \"abc\" in a rule whose peers are all "
                                 "ipBlocks: it never matches an external address, only pods in the blocks that "
                                 "define it"});
}

TEST_CASE("np_bad_path_test_1 and bad_path_namespace_with_same_name: duplicates name both places") {
  CHECK(Load("bad-inputs/np_bad_path_test_1").Errors() ==
        std::vector<std::string>{
            "error: bad-inputs/np_bad_path_test_1/netpols.yaml: doc 2 (NetworkPolicy default/backend-netpol): "
            "metadata.name: duplicate NetworkPolicy default/backend-netpol: already defined at "
            "bad-inputs/np_bad_path_test_1/netpols.yaml: doc 1"});
  CHECK(Load("bad-inputs/bad_path_namespace_with_same_name").Errors() ==
        std::vector<std::string>{
            "error: bad-inputs/bad_path_namespace_with_same_name/objects.yaml: doc 2 (Namespace blue): metadata.name: "
            "duplicate Namespace blue: already defined at bad-inputs/bad_path_namespace_with_same_name/objects.yaml: "
            "doc 1"});
}

TEST_CASE("np_bad_path_test_2: endPort with a named port") {
  CHECK(Load("bad-inputs/np_bad_path_test_2").Errors() ==
        std::vector<std::string>{
            "error: bad-inputs/np_bad_path_test_2/netpols.yaml: doc 1 (NetworkPolicy default/backend-netpol): "
            "spec.ingress[1].ports[0].endPort: may not be used with the named port \"http\" (endPort requires a "
            "numeric port)"});
}

TEST_CASE("semanticDiff-same-topologies-illegal-podlist: one owner's pods split by a policy selector") {
  Loaded l = Load("bad-inputs/semanticDiff-same-topologies-illegal-podlist");
  CHECK(l.Errors().empty());
  std::vector<std::string> warnings = l.Warnings();
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0] ==
        "warning: bad-inputs/semanticDiff-same-topologies-illegal-podlist/old1.yaml: doc 2 (NetworkPolicy "
        "demo/query-to-ui): spec.podSelector: selector app=account-query-selector matches only some pods of "
        "DaemonSet demo/cog-agents (account-query), whose pods have different labels; workload-level output "
        "merges them into one peer");
  CHECK(warnings[1] ==
        "warning: bad-inputs/semanticDiff-same-topologies-illegal-podlist/old1.yaml: doc 1 (NetworkPolicy "
        "demo/ui-to-command): spec.podSelector: selector app=account-command-selector matches only some pods of "
        "DaemonSet demo/cog-agents (account-command), whose pods have different labels; workload-level output "
        "merges them into one peer");
}

TEST_CASE("malformed pods: errors by default; with skip-invalid a warning each and the rest is analysed") {
  CHECK(Load("bad-inputs/malformed_pod_example").Errors() ==
        std::vector<std::string>{"error: bad-inputs/malformed_pod_example/pod.yaml: doc 1 (Pod default/nginx): "
                                 "spec.containers[0].ports[0].containerPort: must be an integer, found a sequence"});
  // Nothing is left once the only pod is skipped.
  Loaded only = Load("bad-inputs/malformed_pod_example", SkipInvalid());
  CHECK(only.Errors() == std::vector<std::string>{"error: no pods are left after skipping invalid documents"});

  Loaded list = Load("bad-inputs/malformed-pod-example-2", SkipInvalid());
  CHECK(list.Errors().empty());
  CHECK(list.Warnings() ==
        std::vector<std::string>{
            "warning: bad-inputs/malformed-pod-example-2/pod_list.json: doc 1 (Pod default/cog-agents-d54st): "
            "items[0].spec.containers[0].ports: must be a list, found a mapping",
            "warning: bad-inputs/malformed-pod-example-2/pod_list.json: doc 1: items[0]: document skipped because of "
            "the problems above"});
  CHECK(list.cluster.pods.size() == 28);
  CHECK(list.cluster.FindPod("default", "cog-agents-d54st") == nullptr);

  Loaded typo = Load("bad-inputs/malformed-pod-example-3");
  CHECK(typo.Errors() == std::vector<std::string>{"error: bad-inputs/malformed-pod-example-3/pods_list.json: doc 1: "
                                                  "kind: is required (the object's type, e.g. Pod or NetworkPolicy)"});
  Loaded typo_skipped = Load("bad-inputs/malformed-pod-example-3", SkipInvalid());
  CHECK(typo_skipped.Errors().empty());
  CHECK(typo_skipped.cluster.pods.size() == 1);

  CHECK(Load("bad-inputs/malformed-pod-example-4", SkipInvalid()).Errors() ==
        std::vector<std::string>{"error: no pods are left after skipping invalid documents"});
}

/// True when `lines` has one error at `position` ("file:line:col") that mentions a syntax error.
bool HasSyntaxErrorAt(const std::vector<std::string>& lines, const std::string& position) {
  return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) {
    return l.rfind("error: " + position + ": ", 0) == 0 && l.find("syntax error") != std::string::npos;
  });
}

TEST_CASE("YAML syntax errors are reported with file, line and column") {
  CHECK(HasSyntaxErrorAt(Load("bad-inputs/dirty").Errors(), "bad-inputs/dirty/backend.yaml:17:28"));
  CHECK(HasSyntaxErrorAt(Load("bad-inputs/document_with_syntax_error").Errors(),
                         "bad-inputs/document_with_syntax_error/document_with_syntax_error.yaml:225:30"));
  CHECK(HasSyntaxErrorAt(Load("bad-inputs/onlineboutique_with_pods_severe_error").Errors(),
                         "bad-inputs/onlineboutique_with_pods_severe_error/pods.yaml:1828:30"));
  CHECK(HasSyntaxErrorAt(Load("bad-inputs/malformed-pod-example-5").Errors(),
                         "bad-inputs/malformed-pod-example-5/pod.yaml:12:1"));
}

TEST_CASE("bad_yamls: irrelevant kinds are one info line each, a missing kind is an error") {
  Loaded l = Load("bad-inputs/bad_yamls");
  CHECK(l.Lines(Severity::kInfo) ==
        std::vector<std::string>{
            "info: bad-inputs/bad_yamls/bad_configmap_refs.yaml: doc 3 (ConfigMap shipping-service-config): kind "
            "ConfigMap is not modelled; skipped",
            "info: bad-inputs/bad_yamls/not_a_k8s_resource.yaml: doc 3 (Secret dotfile-secret): kind Secret is not "
            "modelled; skipped",
            "info: bad-inputs/bad_yamls/subdir4/resources.yaml: doc 3 (ConfigMap shipping-service-config): kind "
            "ConfigMap is not modelled; skipped"});
  CHECK(l.Errors() == std::vector<std::string>{"error: bad-inputs/bad_yamls/not_a_k8s_resource.yaml: doc 1: kind: is "
                                               "required (the object's type, e.g. Pod or NetworkPolicy)"});
  Loaded irrelevant = Load("bad-inputs/bad_yamls/irrelevant_k8s_resources.yaml");
  CHECK(irrelevant.Errors().empty());
  CHECK(irrelevant.cluster.ingress_classes.size() == 1);
  CHECK(Load("bad-inputs/bad_yamls/subdir2").Errors().size() == 1);
}

// ---- the core cases load cleanly ----

bool IsCoreCase(const fs::path& dir) {
  std::string name = dir.filename().string();
  if (name.rfind("anp_", 0) == 0 || name.rfind("banp_", 0) == 0) return false;
  for (const auto& entry : fs::recursive_directory_iterator(dir / "input")) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().find("AdminNetworkPolicy") != std::string::npos) return false;
  }
  return true;
}

/// True when a case has items of a typed List (PodList, NamespaceList) written without their own `kind`. The
/// List's kind implies it; ReadInputs (sim/loader/document.cc) has to fill it in before BuildCluster sees them.
/// Every core case of the corpus (no AdminNetworkPolicy), sorted.
std::vector<std::string> CoreCases() {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(CorpusDir() + "cases")) {
    if (entry.is_directory() && IsCoreCase(entry.path())) out.push_back(entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void CheckLoadsCleanly(const std::vector<std::string>& cases) {
  ClusterConfig relaxed;  // as `kreach list` reads: relaxed, unknown fields are warnings
  relaxed.relaxed_validation = true;
  relaxed.unknown_fields_are_warnings = true;
  for (const std::string& c : cases) {
    Loaded l = Load("cases/" + c + "/input", relaxed);
    INFO(c);
    CHECK(l.Errors().empty());
    CHECK_FALSE(l.cluster.pods.empty());
  }
}

TEST_CASE("every core case loads without errors in relaxed mode, with pods for every case") {
  std::vector<std::string> cases = CoreCases();
  CHECK(cases.size() == 31);  // typed-List items (PodList, NamespaceList) included: they take the List's kind
  CheckLoadsCleanly(cases);
}

TEST_CASE("strict mode rejects exactly the core cases that break API rules the analyzer ignores") {
  // case → number of errors under the API server's rules (names with '_', Service ports without names, a
  // container port spelled `containerport`, which is also an unknown field, ownerReferences without kind).
  const std::map<std::string, int> kExpected = {
      {"example_pods_w_same_owner_and_labels_gap_no_policy", 2},
      {"example_pods_w_same_owner_and_labels_gap_with_good_match_expression", 3},
      {"example_pods_w_same_owner_and_labels_gap_with_good_match_expression2", 3},
      {"multiple_ingress_objects_with_different_ports", 3},
      {"netpol_named_port_test", 2},
      {"netpol_named_port_test_2", 2},
      {"one_ingress_multiple_ports", 3},
  };
  std::map<std::string, int> got;
  for (const std::string& c : CoreCases()) {
    int errors = static_cast<int>(Load("cases/" + c + "/input").Errors().size());
    if (errors > 0) got[c] = errors;
  }
  for (const auto& [c, n] : got) UNSCOPED_INFO(c << ": " << n << " errors");
  CHECK(got == kExpected);
}

}  // namespace
}  // namespace kreach
