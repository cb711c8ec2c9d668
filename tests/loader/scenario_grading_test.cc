// The scenario keys for grading (docs/scenario-format.md, "Grading"): `submissionScope`, `mustPass` and `weight`,
// and whole-folder hand-ins. Read by ReadScenarioParts, before any cluster is built.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sim/loader/scenario.h"
#include "sim/loader/scenario_reader.h"
#include "tests/loader/doc_temp_dir.h"
#include "tests/support/diagnostics_text.h"

namespace kreach {
namespace {

TEST_CASE("mustPass and weight: on an expectation, and on an expectMatrix item for all its cells",
          "[scenario][grading]") {
  ScenarioParts parts;
  Diagnostics diag;
  bool ok = ReadScenarioParts("s.yaml", R"(expect:
  - {from: x/a, to: x/b, result: deny, mustPass: true}
  - {from: x/a, to: x/b, port: 81, result: deny, weight: 2.5}
  - {from: x/b, to: x/a, result: allow}
expectMatrix:
  port: 80
  weight: 3
  mustPass: true
  table: |
    TCP/80  x/a  x/b
    x/a     .    X
)",
                              "", parts, diag);
  INFO(Messages(diag));
  REQUIRE(ok);
  const std::vector<Expectation>& e = parts.scenario.expect;
  REQUIRE(e.size() == 5);
  CHECK((e[0].must_pass && e[0].weight == 1));
  CHECK((!e[1].must_pass && e[1].weight == 2.5));
  CHECK((!e[2].must_pass && e[2].weight == 1));
  CHECK((e[3].must_pass && e[3].weight == 3 && e[4].must_pass && e[4].weight == 3));
  CHECK(parts.scenario.declares_expectations);
}

TEST_CASE("mustPass and weight mistakes name the field; unknown keys stay errors", "[scenario][grading]") {
  ScenarioParts parts;
  Diagnostics diag;
  CHECK_FALSE(ReadScenarioParts("s.yaml", R"(expect:
  - {from: x/a, to: x/b, result: deny, mustPass: "yes"}
  - {from: x/a, to: x/b, result: deny, weight: 0}
  - {from: x/a, to: x/b, result: deny, weight: -1}
  - {from: x/a, to: x/b, result: deny, weight: "2"}
  - {from: x/a, to: x/b, result: deny, must_pass: true}
expectMatrix: {weight: .inf, table: "- x/a\nx/a .\n"}
)",
                                "", parts, diag));
  CHECK(Messages(diag) ==
        "error: s.yaml: doc 1: expect[0].mustPass: expected true or false, found a string\n"
        "error: s.yaml: doc 1: expect[1].weight: 0 is not a positive number (up to 1000000)\n"
        "error: s.yaml: doc 1: expect[2].weight: -1 is not a positive number (up to 1000000)\n"
        "error: s.yaml: doc 1: expect[3].weight: expected a positive number, found a string\n"
        "error: s.yaml: doc 1: expect[4].must_pass: unknown field (did you mean 'mustPass'?)\n"
        "error: s.yaml: doc 1: expectMatrix.weight: null is not a positive number (up to 1000000)\n");
}

TEST_CASE("submissionScope: namespaces and kinds, checked; it needs a submission", "[scenario][grading]") {
  TempDir dir;
  dir.Write("ex/manifests/p.yaml", "kind: Namespace\nmetadata: {name: shop}\n");
  const std::string good = "submission: manifests/\nsubmissionScope: {namespaces: [shop], kinds: [NetworkPolicy]}\n";
  ScenarioParts parts;
  Diagnostics diag;
  ReadScenarioParts(dir.Path("ex/exercise.yaml"), good, dir.Path("ex"), parts, diag);
  REQUIRE(parts.scenario.scope);
  CHECK(parts.scenario.scope->namespaces == std::vector<std::string>{"shop"});
  CHECK(parts.scenario.scope->kinds == std::vector<std::string>{"NetworkPolicy"});
  CHECK(parts.scenario.scope->ToString() == "namespaces: shop; kinds: NetworkPolicy");
  // The Namespace of the starting manifests is outside the scope: an error naming file, document, field, object.
  CHECK(parts.scope_violations == 1);
  CHECK(Messages(diag) == "error: " + dir.Path("ex/manifests/p.yaml") +
                              ": doc 1 (Namespace shop): kind: outside the exercise's scope: Namespace is not a kind "
                              "this submission may contain: the exercise's submissionScope allows namespaces: shop; "
                              "kinds: NetworkPolicy\n");

  ScenarioParts bad_parts;
  Diagnostics bad;
  CHECK_FALSE(ReadScenarioParts("s.yaml", R"(expect: []
submissionScope:
  namespaces: [Shop, ""]
  kinds: [networkpolicy, networking.k8s.io/NetworkPolicy, ConfigMap]
  verbs: [create]
)",
                                "", bad_parts, bad));
  CHECK(Messages(bad) ==
        "error: s.yaml: doc 1: submissionScope.verbs: unknown field (known fields: namespaces or kinds)\n"
        "error: s.yaml: doc 1: submissionScope.namespaces[0]: 'Shop' is not a valid namespace name: a lowercase RFC "
        "1123 label must consist "
        "of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character\n"
        "error: s.yaml: doc 1: submissionScope.namespaces[1]: expected a name, found an empty string\n"
        "error: s.yaml: doc 1: submissionScope.kinds[0]: unknown kind 'networkpolicy' (did you mean "
        "'NetworkPolicy'?)\n"
        "error: s.yaml: doc 1: submissionScope.kinds[1]: 'networking.k8s.io/NetworkPolicy': a kind is written "
        "without its API group or version (NetworkPolicy, not networking.k8s.io/NetworkPolicy); it means the kind "
        "of the Kubernetes API\n"
        "error: s.yaml: doc 1: submissionScope: says what a submission may contain, and this scenario has no "
        "`submission:` (add `submission: manifests/` naming the files a student edits)\n");

  ScenarioParts empty_parts;
  Diagnostics empty;
  CHECK_FALSE(ReadScenarioParts("s.yaml", "submission: []\nsubmissionScope: {}\nexpect: []\n", "", empty_parts, empty));
  CHECK(Messages(empty) ==
        "error: s.yaml: doc 1: submissionScope: names neither namespaces nor kinds: it would allow everything (list "
        "what a submission may contain, or remove the key)\n");
}

TEST_CASE("submissionScope judges every document of the submission, cluster-scoped ones included",
          "[scenario][grading]") {
  TempDir dir;
  dir.Write("ex/manifests/.keep.yaml", "");
  dir.Write("alice/a.yaml", R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ok, namespace: shop}
spec: {podSelector: {}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: elsewhere, namespace: kube-system}
spec: {podSelector: {}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: defaulted}
spec: {podSelector: {}}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Namespace
metadata: {name: other}
---
apiVersion: v1
kind: Node
metadata: {name: n1}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: calico, namespace: shop}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm, namespace: shop}
)");
  ScenarioOverrides overrides;
  overrides.submission = std::vector<std::string>{dir.Path("alice")};
  // Namespaces only: any kind in shop; a Namespace named shop; no Node; the default namespace is `default`.
  ScenarioParts parts;
  Diagnostics diag;
  ReadScenarioParts(dir.Path("ex/exercise.yaml"), "submission: manifests/\nsubmissionScope: {namespaces: [shop]}\n",
                    dir.Path("ex"), parts, diag, {}, overrides);
  CHECK(parts.scope_violations == 4);
  const std::string messages = Messages(diag);
  CHECK(messages.find("doc 2 (NetworkPolicy kube-system/elsewhere): metadata.namespace: outside the exercise's "
                      "scope: namespace kube-system is not one this submission may touch: the exercise's "
                      "submissionScope allows namespaces: shop") != std::string::npos);
  CHECK(messages.find("doc 3 (NetworkPolicy default/defaulted): metadata.namespace:") != std::string::npos);
  CHECK(messages.find("doc 5 (Namespace other): metadata.name: outside the exercise's scope: namespace other is not "
                      "one this submission may create") != std::string::npos);
  CHECK(messages.find("doc 6 (Node n1): kind: outside the exercise's scope: a Node belongs to no namespace") !=
        std::string::npos);
  CHECK(messages.find("doc 1 (") == std::string::npos);
  CHECK(messages.find("doc 4 (") == std::string::npos);
  CHECK(messages.find("doc 7 (") == std::string::npos);  // any kind: the Calico policy is the loader's warning

  // Kinds too: the Calico NetworkPolicy is not the Kubernetes one, a ConfigMap not a listed kind.
  ScenarioParts kinds_parts;
  Diagnostics kinds;
  ReadScenarioParts(dir.Path("ex/exercise.yaml"),
                    "submission: manifests/\nsubmissionScope: {namespaces: [shop, default], kinds: [NetworkPolicy]}\n",
                    dir.Path("ex"), kinds_parts, kinds, {}, overrides);
  const std::string kind_messages = Messages(kinds);
  CHECK(kinds_parts.scope_violations == 6);
  CHECK(kind_messages.find("doc 7 (NetworkPolicy shop/calico): apiVersion: outside the exercise's scope: "
                           "NetworkPolicy of projectcalico.org/v3 is not the Kubernetes NetworkPolicy") !=
        std::string::npos);
  CHECK(kind_messages.find("doc 8 (ConfigMap shop/cm): kind: outside the exercise's scope: ConfigMap is not a kind") !=
        std::string::npos);
}

TEST_CASE("a whole-folder hand-in is graded at the scenario's submission path", "[scenario][grading]") {
  TempDir dir;
  dir.Write("ex/cluster/ns.yaml", "kind: Namespace\nmetadata: {name: shop}\n");
  dir.Write("ex/manifests/start.yaml", "kind: Namespace\nmetadata: {name: start}\n");
  const std::string text = "include: [cluster/]\nsubmission: manifests/\n";
  const std::string scenario = dir.Write("ex/exercise.yaml", text);
  // alice: a copy of the folder; bob: the copy inside one folder (a zip unpacked); carol: her files only.
  dir.Write("alice/exercise.yaml", text);
  dir.Write("alice/cluster/ns.yaml", "kind: Namespace\nmetadata: {name: shop}\n");
  dir.Write("alice/manifests/work.yaml", "kind: Namespace\nmetadata: {name: alice}\n");
  dir.Write("bob/ex/manifests/work.yaml", "kind: Namespace\nmetadata: {name: bob}\n");
  dir.Write("carol/work.yaml", "kind: Namespace\nmetadata: {name: carol}\n");
  for (const auto& [student, read, note] :
       std::vector<std::tuple<std::string, std::string, bool>>{{"alice", "alice/manifests/work.yaml", true},
                                                               {"bob", "bob/ex/manifests/work.yaml", true},
                                                               {"carol", "carol/work.yaml", false}}) {
    INFO(student);
    ScenarioParts parts;
    Diagnostics diag;
    ScenarioOverrides overrides;
    overrides.submission = std::vector<std::string>{dir.Path(student)};
    REQUIRE(ReadScenarioParts(scenario, text, dir.Path("ex"), parts, diag, {}, overrides));
    REQUIRE(parts.included.size() == 2);  // the exercise's cluster/, then the submission: no duplicates
    CHECK(parts.included[1].source == dir.Path(read));
    CHECK(parts.scenario.submission_files == std::vector<std::string>{dir.Path(read)});
    CHECK((Messages(diag).find("whole-folder hand-in") != std::string::npos) == note);
  }
}

}  // namespace
}  // namespace kreach
