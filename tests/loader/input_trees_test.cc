// Helm charts, kustomize folders and folders of alternative versions among the inputs: which tree a file belongs
// to, which files are left out, and the one hint per folder that says how to read it (sim/loader/input_trees.h).
#include "sim/loader/input_trees.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sim/loader/loader.h"
#include "sim/loader/scenario.h"
#include "tests/loader/doc_temp_dir.h"

namespace kreach {
namespace {

constexpr const char* kDeployment = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web}]}
)";

constexpr const char* kTemplate = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  replicas: {{ .Values.replicas }}
)";

constexpr const char* kPolicy = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny}
spec: {podSelector: {}}
)";

std::vector<std::string> Messages(const Diagnostics& diag) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diag.items()) out.push_back(d.ToString());
  return out;
}

/// A chart as a repository keeps it: Chart.yaml, values, two templates, a static template and a helper.
void WriteChart(const TempDir& dir, const std::string& chart) {
  dir.Write(chart + "/Chart.yaml", "apiVersion: v2\nname: shop\nversion: 0.1.0\n");
  dir.Write(chart + "/values.yaml", "replicas: 2\n");
  dir.Write(chart + "/values-prod.yaml", "replicas: 3\n");
  dir.Write(chart + "/templates/deployment.yaml", kTemplate);
  dir.Write(chart + "/templates/service.yaml", "kind: Service\nmetadata:\n  name: \"{{ .Release.Name }}\"\n");
  dir.Write(chart + "/templates/policy.yaml", kPolicy);
  dir.Write(chart + "/templates/_helpers.tpl", "{{- define \"x\" -}}{{- end }}\n");
}

}  // namespace

TEST_CASE("trees: a chart, its templates and subcharts, kustomize folders, folders named templates",
          "[loader][trees]") {
  TempDir dir;
  WriteChart(dir, "chart");
  dir.Write("chart/charts/sub/Chart.yaml", "name: sub\n");
  dir.Write("kust/base/kustomization.yaml", "resources: [deployment.yaml]\n");
  dir.Write("kust/overlays/prod/Kustomization", "resources: [../../base]\n");
  dir.Mkdir("plain/templates");
  using Kind = SourceTree::Kind;

  SourceTree chart = InputTree(dir.Path("chart"), /*is_folder=*/true);
  CHECK(chart.kind == Kind::kHelmChart);
  CHECK(chart.root == dir.Path("chart"));
  CHECK(chart.folder == dir.Path("chart"));
  CHECK(chart.declared);
  // Everything under a chart is that chart, a subchart too.
  SourceTree sub = FolderTree(dir.Path("chart/charts/sub"), chart);
  CHECK(sub.root == dir.Path("chart"));
  // Named below the chart (a trailing slash too), the chart is found above.
  CHECK(InputTree(dir.Path("chart/templates/"), true).root == dir.Path("chart"));
  CHECK(InputTree(dir.Path("chart/templates/deployment.yaml"), false).root == dir.Path("chart"));
  CHECK(InputTree(dir.Path("chart/templates/deployment.yaml"), false).folder.empty());
  // The nearest kustomize folder.
  SourceTree prod = InputTree(dir.Path("kust/overlays/prod"), true);
  CHECK(prod.kind == Kind::kKustomize);
  CHECK(prod.root == dir.Path("kust/overlays/prod"));
  CHECK(FolderTree(dir.Path("kust/base"), InputTree(dir.Path("kust"), true)).root == dir.Path("kust/base"));
  CHECK(InputTree(dir.Path("kust"), true).kind == Kind::kPlain);
  // A folder named templates is a chart (rooted above it) only once a template is met: not declared.
  SourceTree templates = InputTree(dir.Path("plain/templates"), true);
  CHECK(templates.kind == Kind::kHelmChart);
  CHECK(templates.root == dir.Path("plain"));
  CHECK_FALSE(templates.declared);

  // What the walk leaves out.
  CHECK(IsRenderInput(dir.Path("chart/Chart.yaml"), chart));
  CHECK(IsRenderInput(dir.Path("chart/values.yaml"), chart));
  CHECK(IsRenderInput(dir.Path("chart/values-prod.yaml"), chart));
  CHECK(IsRenderInput(dir.Path("chart/charts/sub/Chart.yaml"), chart));
  CHECK_FALSE(IsRenderInput(dir.Path("chart/templates/values.yaml"), chart));  // no Chart.yaml beside it
  CHECK_FALSE(IsRenderInput(dir.Path("chart/templates/deployment.yaml"), chart));
  CHECK(IsRenderInput(dir.Path("kust/overlays/prod/Kustomization"), prod));
  CHECK_FALSE(IsRenderInput(dir.Path("plain/values.yaml"), SourceTree{}));
  CHECK_FALSE(IsRenderInput(dir.Path("plain/kustomization.yaml"), SourceTree{}));
}

TEST_CASE("a Helm template is reported at its first expression, not parsed", "[loader][trees]") {
  Diagnostics diag;
  CHECK_FALSE(ReportHelmTemplate("t.yaml", kPolicy, false, diag));
  CHECK(ReportHelmTemplate("t.yaml", kTemplate, false, diag));
  CHECK(ReportHelmTemplate("t.yaml", "a: ü {{ .Values.x\n", true, diag));
  CHECK(ReportHelmTemplate("t.yaml", "a: {{ include \"a-very-long-helper-name\" . | nindent 4 | trim | quote }}", false,
                           diag));
  CHECK(Messages(diag) ==
        std::vector<std::string>{
            "error: t.yaml:4:9: `{{ .Release.Name }}` is a Helm template expression: the file is a template, not a "
            "manifest",
            "warning: t.yaml:1:6: `{{ .Values.x` is a Helm template expression: the file is a template, not a manifest "
            "(skipped)",
            "error: t.yaml:1:4: `{{ include \"a-very-long-helper-name\" . | nindent...` is a Helm template "
            "expression: the file is a template, not a manifest"});
}

TEST_CASE("a Helm chart: one error per template, the hint once, Chart.yaml and values not read", "[loader][trees]") {
  TempDir dir;
  WriteChart(dir, "chart");
  const std::string chart = dir.Path("chart");
  const std::string hint = "this looks like a Helm chart template: render it first, e.g. `helm template RELEASE " +
                           chart + " | kreach ... -` or `kreach ... <(helm template RELEASE " + chart + ")`";
  LoadResult load = LoadCluster({chart});
  CHECK(Messages(load.diagnostics) ==
        std::vector<std::string>{
            "error: " + chart +
                "/templates/deployment.yaml:4:9: `{{ .Release.Name }}` is a Helm template expression: the file is a "
                "template, not a manifest; " +
                hint,
            "error: " + chart +
                "/templates/service.yaml:3:10: `{{ .Release.Name }}` is a Helm template expression: the file is a "
                "template, not a manifest"});

  SECTION("--skip-invalid skips the templates and reads the rest") {
    ClusterConfig config;
    config.skip_invalid_documents = true;
    dir.Write("other/pod.yaml", "kind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c}]}\n");
    LoadResult skipped = LoadCluster({chart, dir.Path("other")}, config);
    CHECK_FALSE(skipped.diagnostics.HasErrors());
    CHECK(skipped.diagnostics.items().size() == 2);
    CHECK(skipped.cluster.network_policies.size() == 1);  // the template without expressions
    CHECK(skipped.cluster.pods.size() == 1);
  }
  SECTION("a chart without template expressions is read as written, with a warning") {
    TempDir plain;
    plain.Write("chart/Chart.yaml", "name: c\n");
    plain.Write("chart/values.yaml", "x: 1\n");
    plain.Write("chart/templates/policy.yaml", kPolicy);
    LoadResult read = LoadCluster({plain.Path("chart")});
    CHECK(Messages(read.diagnostics) ==
          std::vector<std::string>{
              "warning: " + plain.Path("chart") +
              ": a Helm chart: its templates are read as written, without values, and Chart.yaml and the values files "
              "are not read: render it first, e.g. `helm template RELEASE " +
              plain.Path("chart") + " | kreach ... -` or `kreach ... <(helm template RELEASE " + plain.Path("chart") +
              ")`"});
  }
  SECTION("a chart of Chart.yaml and values alone holds no manifest") {
    TempDir empty;
    empty.Write("chart/Chart.yaml", "name: c\n");
    empty.Write("chart/values.yaml", "x: 1\n");
    LoadResult none = LoadCluster({empty.Path("chart") + "/"});
    REQUIRE(none.diagnostics.items().size() == 1);
    CHECK(none.diagnostics.items()[0].ToString() ==
          "error: " + empty.Path("chart") + "/: no manifests: only Chart.yaml, values or kustomization files; " +
              "this looks like a Helm chart template: render it first, e.g. `helm template RELEASE " +
              empty.Path("chart") + " | kreach ... -` or `kreach ... <(helm template RELEASE " + empty.Path("chart") +
              ")`");
  }
  SECTION("a scenario that includes the chart says the same") {
    dir.Write("s.yaml", "include: [chart/]\n");
    ScenarioLoad scenario = LoadScenario(dir.Path("s.yaml"));
    CHECK(Messages(scenario.diagnostics) == Messages(load.diagnostics));
  }
}

TEST_CASE("a kustomize tree: the first problem of each kustomize folder says to render it", "[loader][trees]") {
  TempDir dir;
  dir.Write("kust/base/kustomization.yaml", "resources: [deployment.yaml]\n");  // no kind: not read either way
  dir.Write("kust/base/deployment.yaml", kDeployment);
  dir.Write("kust/overlays/prod/kustomization.yaml", "namespace: prod\nresources: [../../base]\n");
  dir.Write("kust/overlays/prod/patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n");
  const std::string base = dir.Path("kust/base");
  const std::string prod = dir.Path("kust/overlays/prod");
  LoadResult load = LoadCluster({dir.Path("kust")});
  CHECK(Messages(load.diagnostics) ==
        std::vector<std::string>{
            "error: " + prod + "/patch.yaml: doc 1 (Deployment default/web): metadata.name: duplicate Deployment " +
                "default/web: already defined at " + base + "/deployment.yaml: doc 1; " + prod +
                " is a kustomize folder: render it first, e.g. `kubectl kustomize " + prod +
                " | kreach ... -` or `kreach ... <(kubectl kustomize " + prod + ")`",
            "error: " + prod +
                "/patch.yaml: doc 1 (Deployment default/web): spec.template: is required (the pod template the "
                "workload's pods are made from)",
            "warning: " + base +
                ": a kustomize folder: its files are read as written, without what the kustomization adds "
                "(namespace, name prefixes, labels, patches, other folders): render it first, e.g. `kubectl "
                "kustomize " +
                base + " | kreach ... -` or `kreach ... <(kubectl kustomize " + base + ")`"});
  // A file of a kustomize folder named on its own is in that folder too.
  LoadResult patch = LoadCluster({prod + "/patch.yaml"});
  REQUIRE(patch.diagnostics.items().size() == 1);
  CHECK(patch.diagnostics.items()[0].message ==
        "is required (the pod template the workload's pods are made from); " + prod +
            " is a kustomize folder: render it first, e.g. `kubectl kustomize " + prod +
            " | kreach ... -` or `kreach ... <(kubectl kustomize " + prod + ")`");
}

TEST_CASE("alternative versions in one folder: the duplicate names both files and says to pick one, once per folder",
          "[loader][trees]") {
  TempDir dir;
  dir.Write("alts/app-v1.yaml", kDeployment);
  dir.Write("alts/app-v2.yaml", kDeployment);
  dir.Write("alts/app-v3.yaml", kDeployment);
  const std::string v1 = dir.Path("alts/app-v1.yaml");
  const std::string v2 = dir.Path("alts/app-v2.yaml");
  const std::string v3 = dir.Path("alts/app-v3.yaml");
  LoadResult load = LoadCluster({dir.Path("alts")});
  CHECK(Messages(load.diagnostics) ==
        std::vector<std::string>{
            "error: " + v2 + ": doc 1 (Deployment default/web): metadata.name: duplicate Deployment default/web: " +
                "already defined at " + v1 + ": doc 1; " + v1 + " and " + v2 + ", two files of the folder " +
                dir.Path("alts") +
                ", both define it: if they are alternative versions, pick one file (name it instead of the folder)",
            "error: " + v3 + ": doc 1 (Deployment default/web): metadata.name: duplicate Deployment default/web: " +
                "already defined at " + v1 + ": doc 1"});

  // Named one by one, or twice in one file, they are duplicates without the hint.
  LoadResult named = LoadCluster({v1, v2});
  REQUIRE(named.diagnostics.items().size() == 1);
  CHECK(named.diagnostics.items()[0].message ==
        "duplicate Deployment default/web: already defined at " + v1 + ": doc 1");
  TempDir one;
  one.Write("f/both.yaml", std::string(kDeployment) + "---\n" + kDeployment);
  LoadResult same_file = LoadCluster({one.Path("f")});
  REQUIRE(same_file.diagnostics.items().size() == 1);
  CHECK(same_file.diagnostics.items()[0].message ==
        "duplicate Deployment default/web: already defined at " + one.Path("f/both.yaml") + ": doc 1");
}

}  // namespace kreach
