// Where pods run when the input does not say: the labels of implied nodes, DaemonSets and the scheduler with
// nodeSelector and required node affinity, and the warnings when no node fits (sim/loader/schedule_pods.h).
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/loader/build_cluster.h"

namespace kreach {
namespace {

using nlohmann::json;

Document Doc(const std::string& text, int index = 1) { return Document{"p.yaml", index, "", json::parse(text)}; }

std::vector<Document> Docs(const std::vector<std::string>& texts) {
  std::vector<Document> out;
  for (std::size_t i = 0; i < texts.size(); ++i) out.push_back(Doc(texts[i], static_cast<int>(i) + 1));
  return out;
}

std::vector<std::string> Lines(const Diagnostics& diag, Severity severity) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diag.items()) {
    if (d.severity == severity) out.push_back(d.ToString());
  }
  return out;
}

/// The nodes of the pods of `owner`, sorted.
std::vector<std::string> NodesOf(const Cluster& c, const std::string& owner) {
  std::vector<std::string> out;
  for (const Pod& p : c.pods) {
    if (p.owner && p.owner->name == owner) out.push_back(p.node);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string NodeDoc(const std::string& name, const std::string& labels = "{}") {
  return R"({"kind": "Node", "metadata": {"name": ")" + name + R"(", "labels": )" + labels + "}}";
}

std::string DaemonSet(const std::string& name, const std::string& pod_spec) {
  return R"({"kind": "DaemonSet", "metadata": {"name": ")" + name + R"(", "namespace": "monitoring"},
    "spec": {"selector": {"matchLabels": {"app": ")" +
         name + R"("}},
             "template": {"metadata": {"labels": {"app": ")" +
         name + R"("}}, "spec": )" + pod_spec + "}}}";
}

std::string Deployment(const std::string& name, int replicas, const std::string& pod_spec) {
  return R"({"kind": "Deployment", "metadata": {"name": ")" + name + R"(", "namespace": "app"},
    "spec": {"replicas": )" +
         std::to_string(replicas) + R"(, "selector": {"matchLabels": {"app": ")" + name +
         R"("}}, "template": {"metadata": {"labels": {"app": ")" + name + R"("}}, "spec": )" + pod_spec + "}}}";
}

std::string BarePod(const std::string& name, const std::string& spec = "{}") {
  return R"({"kind": "Pod", "metadata": {"name": ")" + name + R"(", "namespace": "app"}, "spec": )" + spec + "}";
}

const Labels kLinuxNode1 = {
    {"kubernetes.io/arch", "amd64"}, {"kubernetes.io/hostname", "node-1"}, {"kubernetes.io/os", "linux"}};

TEST_CASE("implied nodes carry the labels of a linux/amd64 kubelet; no node is a control plane", "[loader][nodes]") {
  Diagnostics diag;
  Cluster defaults = BuildCluster(Docs({BarePod("a")}), ClusterConfig{}, diag);
  REQUIRE(defaults.nodes.size() == 1);
  CHECK(defaults.nodes[0].labels == kLinuxNode1);
  // Nodes that pods name (by nodeName, or only by a hostIP) are implied too.
  Cluster named = BuildCluster(Docs({BarePod("a", R"({"nodeName": "worker-7"})"),
                                     R"({"kind": "Pod", "metadata": {"name": "b", "namespace": "app"},
                                         "status": {"hostIP": "192.0.2.4"}})"}),
                               ClusterConfig{}, diag);
  REQUIRE_FALSE(diag.HasErrors());
  REQUIRE(named.nodes.size() == 2);
  CHECK(named.nodes[0].labels == Labels{{"kubernetes.io/arch", "amd64"},
                                        {"kubernetes.io/hostname", "192.0.2.4"},
                                        {"kubernetes.io/os", "linux"}});
  CHECK(named.nodes[1].labels ==
        Labels{{"kubernetes.io/arch", "amd64"}, {"kubernetes.io/hostname", "worker-7"}, {"kubernetes.io/os", "linux"}});
  for (const Node& n : named.nodes) CHECK(n.labels.count("node-role.kubernetes.io/control-plane") == 0);
}

TEST_CASE("a Node of the input keeps its labels; kubernetes.io/hostname is added when it lacks it", "[loader][nodes]") {
  Diagnostics diag;
  Cluster c = BuildCluster(Docs({NodeDoc("bare"), NodeDoc("edge", R"({"role": "edge"})"),
                                 NodeDoc("ip-10-0-0-1", R"({"kubernetes.io/hostname": "ip-10-0-0-1.ec2.internal"})")}),
                           ClusterConfig{}, diag);
  REQUIRE_FALSE(diag.HasErrors());
  REQUIRE(c.nodes.size() == 3);
  CHECK(c.nodes[0].labels == Labels{{"kubernetes.io/hostname", "bare"}});
  CHECK(c.nodes[1].labels == Labels{{"kubernetes.io/hostname", "edge"}, {"role", "edge"}});
  CHECK(c.nodes[2].labels == Labels{{"kubernetes.io/hostname", "ip-10-0-0-1.ec2.internal"}});  // its own value
}

TEST_CASE("a DaemonSet with nodeSelector kubernetes.io/os: linux gets one pod per node", "[loader][nodes]") {
  std::string exporter = DaemonSet("exporter", R"({"nodeSelector": {"kubernetes.io/os": "linux"}})");
  Diagnostics diag;
  Cluster implied = BuildCluster(Docs({exporter}), ClusterConfig{}, diag);  // on the default node
  CHECK(NodesOf(implied, "exporter") == std::vector<std::string>{"node-1"});
  std::string linux_labels = R"({"kubernetes.io/os": "linux"})";
  Cluster declared =
      BuildCluster(Docs({NodeDoc("a", linux_labels), NodeDoc("b", linux_labels), NodeDoc("c", linux_labels), exporter}),
                   ClusterConfig{}, diag);
  CHECK(NodesOf(declared, "exporter") == std::vector<std::string>{"a", "b", "c"});
  CHECK(Lines(diag, Severity::kWarning).empty());
  // By hostname (the label kreach adds to the input's Nodes) and by name (matchFields).
  Cluster pinned = BuildCluster(
      Docs({NodeDoc("a"), NodeDoc("b"), NodeDoc("c"),
            DaemonSet("by-label", R"({"nodeSelector": {"kubernetes.io/hostname": "b"}})"),
            DaemonSet("by-name", R"({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
              {"nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "NotIn",
                                                       "values": ["b"]}]}]}}}})")}),
      ClusterConfig{}, diag);
  CHECK(NodesOf(pinned, "by-label") == std::vector<std::string>{"b"});
  CHECK(NodesOf(pinned, "by-name") == std::vector<std::string>{"a", "c"});
  CHECK(Lines(diag, Severity::kWarning).empty());
}

TEST_CASE("a nodeSelector that matches no node warns with the selector, the nodes and the consequence",
          "[loader][nodes]") {
  Diagnostics diag;
  // The input's Nodes keep their labels: without kubernetes.io/os the selector matches none of them.
  Cluster c = BuildCluster(
      Docs({NodeDoc("a"), NodeDoc("b"), DaemonSet("exporter", R"({"nodeSelector": {"kubernetes.io/os": "linux"}})")}),
      ClusterConfig{}, diag);
  CHECK(NodesOf(c, "exporter").empty());
  CHECK(Lines(diag, Severity::kWarning) ==
        std::vector<std::string>{
            "warning: p.yaml: doc 3 (DaemonSet monitoring/exporter): spec.template.spec.nodeSelector: nodeSelector "
            "kubernetes.io/os=linux matches no node (a, b): DaemonSet monitoring/exporter gets no pods; traffic to it "
            "is reported as having no endpoints (give the input Nodes that match)"});
  // A Deployment's pods are not made either, whatever the replica count: one warning.
  Diagnostics deployment_diag;
  Cluster d = BuildCluster(Docs({Deployment("gpu", 3, R"({"nodeSelector": {"accelerator": "nvidia-a100"}})")}),
                           ClusterConfig{}, deployment_diag);
  CHECK(d.pods.empty());
  CHECK(d.workloads.size() == 1);
  CHECK(Lines(deployment_diag, Severity::kWarning) ==
        std::vector<std::string>{
            "warning: p.yaml: doc 1 (Deployment app/gpu): spec.template.spec.nodeSelector: nodeSelector "
            "accelerator=nvidia-a100 matches no node (node-1): Deployment app/gpu gets no pods; traffic to it is "
            "reported as having no endpoints (give the input Nodes that match)"});
}

TEST_CASE("required node affinity that matches no node warns", "[loader][nodes]") {
  Diagnostics diag;
  std::string zone_c = R"({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
    {"nodeSelectorTerms": [{"matchExpressions": [{"key": "topology.kubernetes.io/zone", "operator": "In",
                                                  "values": ["c"]}]},
                           {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["z"]}]}]}}}})";
  Cluster c =
      BuildCluster(Docs({NodeDoc("a", R"({"topology.kubernetes.io/zone": "a"})"),
                         NodeDoc("b", R"({"topology.kubernetes.io/zone": "b"})"), Deployment("web", 2, zone_c)}),
                   ClusterConfig{}, diag);
  CHECK(NodesOf(c, "web").empty());
  CHECK(Lines(diag, Severity::kWarning) ==
        std::vector<std::string>{
            "warning: p.yaml: doc 3 (Deployment app/web): spec.template.spec.affinity.nodeAffinity."
            "requiredDuringSchedulingIgnoredDuringExecution: required node affinity (topology.kubernetes.io/zone in "
            "(c)) or (metadata.name in (z)) matches no node (a, b): Deployment app/web gets no pods; traffic to it is "
            "reported as having no endpoints (give the input Nodes that match)"});
  // Each part alone matches a node, together none: the message names both, at the pod spec.
  Diagnostics both_diag;
  BuildCluster(Docs({NodeDoc("a", R"({"topology.kubernetes.io/zone": "a"})"),
                     NodeDoc("b", R"({"topology.kubernetes.io/zone": "b", "disk": "ssd"})"),
                     DaemonSet("agent", R"({"nodeSelector": {"disk": "ssd"}, "affinity": {"nodeAffinity":
                       {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions":
                       [{"key": "topology.kubernetes.io/zone", "operator": "NotIn", "values": ["b"]}]}]}}}})")}),
               ClusterConfig{}, both_diag);
  REQUIRE(Lines(both_diag, Severity::kWarning).size() == 1);
  CHECK(Lines(both_diag, Severity::kWarning)[0].find(
            "(DaemonSet monitoring/agent): spec.template.spec: nodeSelector disk=ssd with required node affinity "
            "(topology.kubernetes.io/zone notin (b)) matches no node (a, b)") != std::string::npos);
}

TEST_CASE("the scheduler puts constrained pods on the nodes they accept, in turn; others keep their turn",
          "[loader][nodes]") {
  std::vector<std::string> common = {NodeDoc("a", R"({"disk": "ssd"})"),
                                     NodeDoc("b"),
                                     NodeDoc("c", R"({"disk": "ssd"})"),
                                     BarePod("p1"),
                                     BarePod("p2"),
                                     BarePod("p3"),
                                     BarePod("p4")};
  Diagnostics diag;
  Cluster plain = BuildCluster(Docs(common), ClusterConfig{}, diag);
  std::map<std::string, std::string> plain_nodes;
  for (const Pod& p : plain.pods) plain_nodes[p.name] = p.node;
  CHECK(plain_nodes == std::map<std::string, std::string>{{"p1", "a"}, {"p2", "b"}, {"p3", "c"}, {"p4", "a"}});
  // "db" sorts before the p pods: its replicas take a and c (the ssd nodes), then the p pods go on in turn.
  common.push_back(Deployment("db", 2, R"({"nodeSelector": {"disk": "ssd"}})"));
  Cluster mixed = BuildCluster(Docs(common), ClusterConfig{}, diag);
  REQUIRE_FALSE(diag.HasErrors());
  CHECK(NodesOf(mixed, "db") == std::vector<std::string>{"a", "c"});
  std::map<std::string, std::string> mixed_nodes;
  for (const Pod& p : mixed.pods) {
    if (!p.owner) mixed_nodes[p.name] = p.node;
  }
  CHECK(mixed_nodes == std::map<std::string, std::string>{{"p1", "a"}, {"p2", "b"}, {"p3", "c"}, {"p4", "a"}});
  CHECK(Lines(diag, Severity::kWarning).empty());
}

TEST_CASE("an input pod that no node accepts is kept, placed in its turn, with a warning", "[loader][nodes]") {
  Diagnostics diag;
  Cluster c =
      BuildCluster(Docs({BarePod("pinned", R"({"nodeSelector": {"disktype": "ssd"}})")}), ClusterConfig{}, diag);
  REQUIRE(c.pods.size() == 1);
  CHECK(c.pods[0].node == "node-1");
  CHECK(c.pods[0].ip != 0);
  CHECK(Lines(diag, Severity::kWarning) ==
        std::vector<std::string>{"warning: p.yaml: doc 1 (Pod app/pinned): spec.nodeSelector: nodeSelector "
                                 "disktype=ssd matches no node (node-1): a scheduler would leave Pod app/pinned "
                                 "Pending, without an address; kreach places it on node-1 anyway, so answers about it "
                                 "assume that it runs"});
  // A pod with a node is not scheduled, so nothing is said about its selector.
  Diagnostics placed_diag;
  BuildCluster(Docs({BarePod("placed", R"({"nodeName": "n9", "nodeSelector": {"disktype": "ssd"}})")}), ClusterConfig{},
               placed_diag);
  CHECK(placed_diag.items().empty());
}

TEST_CASE("node constraints are validated as the API server does", "[loader][nodes]") {
  auto errors = [](const std::string& spec) {
    Diagnostics diag;
    BuildCluster(Docs({BarePod("p", spec)}), ClusterConfig{}, diag);
    return Lines(diag, Severity::kError);
  };
  auto required = [](const std::string& terms) {
    return R"({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": )" +
           terms + "}}}}";
  };
  const std::string at =
      "error: p.yaml: doc 1 (Pod app/p): spec.affinity.nodeAffinity."
      "requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";
  CHECK(errors(required("[]")) == std::vector<std::string>{at + ": must have at least one node selector term"});
  CHECK(errors(required(R"([{"matchExpressions": [{"key": "zone", "operator": "Within", "values": ["a"]}]}])")) ==
        std::vector<std::string>{at + "[0].matchExpressions[0].operator: \"Within\" is not a valid selector operator "
                                      "(In, NotIn, Exists, DoesNotExist, Gt, Lt)"});
  CHECK(errors(required(R"([{"matchExpressions": [{"key": "zone", "operator": "In"}]}])")) ==
        std::vector<std::string>{at + "[0].matchExpressions[0].values: must be specified when `operator` is 'In' or "
                                      "'NotIn'"});
  CHECK(errors(required(R"([{"matchExpressions": [{"key": "zone", "operator": "Exists", "values": ["a"]}]}])")) ==
        std::vector<std::string>{at + "[0].matchExpressions[0].values: may not be specified when `operator` is "
                                      "'Exists' or 'DoesNotExist'"});
  CHECK(errors(required(R"([{"matchExpressions": [{"key": "cpus", "operator": "Gt", "values": ["1", "2"]}]}])")) ==
        std::vector<std::string>{at + "[0].matchExpressions[0].values: must be specified single value when "
                                      "`operator` is 'Lt' or 'Gt'"});
  CHECK(errors(required(R"([{"matchFields": [{"key": "metadata.labels", "operator": "In", "values": ["a"]}]}])")) ==
        std::vector<std::string>{at + "[0].matchFields[0].key: \"metadata.labels\" is not a valid field selector key "
                                      "(the only one is metadata.name)"});
  CHECK(errors(required(R"([{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["a", "b"]}]}])")) ==
        std::vector<std::string>{at + "[0].matchFields[0].values: must be only one value when `operator` is 'In' or "
                                      "'NotIn' for node field selector"});
  CHECK(errors(required(R"([{"matchFields": [{"key": "metadata.name", "operator": "Exists"}]}])")) ==
        std::vector<std::string>{at + "[0].matchFields[0].operator: \"Exists\" is not a valid selector operator (In, "
                                      "NotIn)"});
  CHECK(errors(R"({"nodeSelector": {"bad key!": "x"}})").size() == 1);
  // Preferred affinity and pod affinity are not read.
  CHECK(errors(R"({"affinity": {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 1,
    "preference": {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}}]},
    "podAntiAffinity": {}}})")
            .empty());
}

}  // namespace
}  // namespace kreach
