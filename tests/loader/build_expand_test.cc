// Workload expansion: names, counts, labels, owners, determinism, live-dump deduplication, limits.
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "sim/loader/build_cluster.h"

namespace kreach {
namespace {

using nlohmann::json;

Document Doc(const std::string& text, int index = 1) { return Document{"w.yaml", index, "", json::parse(text)}; }

std::vector<std::string> PodNames(const Cluster& c) {
  std::vector<std::string> out;
  for (const Pod& p : c.pods) out.push_back(p.Key());
  return out;
}

std::vector<std::string> ErrorLines(const Diagnostics& diag) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diag.items()) {
    if (d.severity == Severity::kError) out.push_back(d.ToString());
  }
  return out;
}

const char* kDeployment = R"({"kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"},
  "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
           "template": {"metadata": {"labels": {"app": "web"}},
                        "spec": {"containers": [{"name": "c", "ports": [{"name": "http", "containerPort": 8080}]}]}}}})";

TEST_CASE("Deployment: <name>-<hash10>-<5>, pod-template-hash label, owner the Deployment") {
  Diagnostics diag;
  Cluster c = BuildCluster({Doc(kDeployment)}, ClusterConfig{}, diag);
  REQUIRE_FALSE(diag.HasErrors());
  REQUIRE(c.pods.size() == 3);
  std::regex name("web-([bcdfghjklmnpqrstvwxz2456789]{10})-[bcdfghjklmnpqrstvwxz2456789]{5}");
  std::smatch m;
  for (const Pod& p : c.pods) {
    REQUIRE(std::regex_match(p.name, m, name));
    CHECK(p.labels.at("pod-template-hash") == m[1].str());
    CHECK(p.labels.at("app") == "web");
    REQUIRE(p.owner);
    CHECK(*p.owner == (OwnerRef{"Deployment", "web"}));
    REQUIRE(p.ports.size() == 1);
    CHECK(p.ports[0].name == "http");
    CHECK(p.ip_assigned);
  }
  REQUIRE(c.workloads.size() == 1);
  CHECK(c.workloads[0].replicas == 3);
  CHECK(c.workloads[0].ref == (OwnerRef{"Deployment", "web"}));
  CHECK(c.workloads[0].selector->ToString() == "app=web");

  // Same input, same names and addresses.
  Diagnostics again;
  Cluster c2 = BuildCluster({Doc(kDeployment)}, ClusterConfig{}, again);
  CHECK(PodNames(c2) == PodNames(c));
  for (std::size_t i = 0; i < c.pods.size(); ++i) CHECK(c2.pods[i].ip == c.pods[i].ip);
}

TEST_CASE("StatefulSet: <name>-0..N-1 with hostname, subdomain and pod-name label") {
  Diagnostics diag;
  Cluster c = BuildCluster({Doc(R"({"kind": "StatefulSet", "metadata": {"name": "db"},
      "spec": {"replicas": 2, "serviceName": "db-hl", "selector": {"matchLabels": {"app": "db"}},
               "template": {"metadata": {"labels": {"app": "db"}}}}})")},
                           ClusterConfig{}, diag);
  REQUIRE_FALSE(diag.HasErrors());
  CHECK(PodNames(c) == std::vector<std::string>{"default/db-0", "default/db-1"});
  CHECK(c.pods[1].hostname == "db-1");
  CHECK(c.pods[1].subdomain == "db-hl");
  CHECK(c.pods[1].labels.at("statefulset.kubernetes.io/pod-name") == "db-1");
  CHECK(c.pods[1].owner->kind == "StatefulSet");
}

TEST_CASE("replicas default 1 and 0 allowed; ReplicaSet, RC, Job and CronJob names and owners") {
  Diagnostics diag;
  Cluster c = BuildCluster({Doc(R"({"kind": "ReplicaSet", "metadata": {"name": "rs"},
               "spec": {"selector": {"matchLabels": {"a": "rs"}}, "template": {"metadata": {"labels": {"a": "rs"}}}}})"),
                            Doc(R"({"kind": "ReplicationController", "metadata": {"name": "rc"},
               "spec": {"replicas": 0, "template": {"metadata": {"labels": {"a": "rc"}}}}})",
                                2),
                            Doc(R"({"kind": "Job", "metadata": {"name": "job"},
               "spec": {"parallelism": 4, "completions": 2, "template": {"metadata": {"labels": {"a": "j"}}}}})",
                                3),
                            Doc(R"({"kind": "CronJob", "metadata": {"name": "cron"},
               "spec": {"schedule": "* * * * *",
                        "jobTemplate": {"spec": {"template": {"metadata": {"labels": {"a": "c"}}}}}}})",
                                4)},
                           ClusterConfig{}, diag);
  REQUIRE_FALSE(diag.HasErrors());
  REQUIRE(c.pods.size() == 4);
  std::string alpha = "[bcdfghjklmnpqrstvwxz2456789]{5}";
  CHECK(std::regex_match(c.pods[0].name, std::regex("cron-[0-9]{8}-" + alpha)));
  CHECK(c.pods[0].owner->kind == "CronJob");
  CHECK(std::regex_match(c.pods[1].name, std::regex("job-" + alpha)));
  CHECK(std::regex_match(c.pods[2].name, std::regex("job-" + alpha)));
  CHECK(c.pods[1].name != c.pods[2].name);
  CHECK(c.pods[2].owner->kind == "Job");
  CHECK(std::regex_match(c.pods[3].name, std::regex("rs-" + alpha)));
  CHECK(c.pods[3].owner->kind == "ReplicaSet");
  CHECK(c.workloads.size() == 4);
}

TEST_CASE("DaemonSet: one pod per node whose labels match the nodeSelector") {
  Diagnostics diag;
  Cluster c = BuildCluster({Doc(R"({"kind": "Node", "metadata": {"name": "n1", "labels": {"role": "edge"}}})"),
                            Doc(R"({"kind": "Node", "metadata": {"name": "n2"}})", 2),
                            Doc(R"({"kind": "Node", "metadata": {"name": "n3", "labels": {"role": "edge"}}})", 3),
                            Doc(R"({"kind": "DaemonSet", "metadata": {"name": "agent", "namespace": "kube-system"},
               "spec": {"selector": {"matchLabels": {"k": "agent"}},
                        "template": {"metadata": {"labels": {"k": "agent"}},
                                     "spec": {"hostNetwork": true, "nodeSelector": {"role": "edge"}}}}})",
                                4),
                            Doc(R"({"kind": "DaemonSet", "metadata": {"name": "all"},
               "spec": {"template": {"metadata": {"labels": {"k": "all"}}}}})",
                                5)},
                           ClusterConfig{}, diag);
  REQUIRE_FALSE(diag.HasErrors());
  std::vector<std::string> agent_nodes, all_nodes;
  for (const Pod& p : c.pods) {
    (p.owner->name == "agent" ? agent_nodes : all_nodes).push_back(p.node);
    if (p.host_network) {
      CHECK(p.ip == c.FindNode(p.node)->addresses.front());
    }
  }
  std::sort(agent_nodes.begin(), agent_nodes.end());
  std::sort(all_nodes.begin(), all_nodes.end());
  CHECK(agent_nodes == std::vector<std::string>{"n1", "n3"});
  CHECK(all_nodes == std::vector<std::string>{"n1", "n2", "n3"});
}

TEST_CASE("a DaemonSet with no nodes in the input runs on the default node") {
  Diagnostics diag;
  Cluster c = BuildCluster({Doc(R"({"kind": "DaemonSet", "metadata": {"name": "ds"},
                                    "spec": {"template": {"metadata": {"labels": {"k": "v"}}}}})")},
                           ClusterConfig{}, diag);
  REQUIRE(c.pods.size() == 1);
  CHECK(c.pods[0].node == "node-1");
}

TEST_CASE("a live dump (Deployment + ReplicaSet + Pods) is not expanded twice") {
  Diagnostics diag;
  Cluster c = BuildCluster(
      {Doc(kDeployment),
       Doc(R"({"kind": "ReplicaSet", "metadata": {"name": "web-5d4f", "namespace": "shop",
               "ownerReferences": [{"kind": "Deployment", "name": "web", "controller": true}]},
               "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                        "template": {"metadata": {"labels": {"app": "web"}}}}})",
           2),
       Doc(R"({"kind": "Pod", "metadata": {"name": "web-5d4f-aaaaa", "namespace": "shop", "labels": {"app": "web"},
               "ownerReferences": [{"kind": "ReplicaSet", "name": "web-5d4f", "controller": true}]}})",
           3)},
      ClusterConfig{}, diag);
  REQUIRE_FALSE(diag.HasErrors());
  CHECK(PodNames(c) == std::vector<std::string>{"shop/web-5d4f-aaaaa"});
  CHECK(c.workloads.size() == 2);

  // Deployment + its ReplicaSet without pods: only the Deployment expands.
  Diagnostics diag2;
  Cluster c2 = BuildCluster({Doc(kDeployment), Doc(R"({"kind": "ReplicaSet", "metadata": {"name": "web-5d4f",
      "namespace": "shop", "ownerReferences": [{"kind": "Deployment", "name": "web", "controller": true}]},
      "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
               "template": {"metadata": {"labels": {"app": "web"}}}}})",
                                                   2)},
                            ClusterConfig{}, diag2);
  REQUIRE(c2.pods.size() == 3);
  for (const Pod& p : c2.pods) CHECK(p.owner->kind == "Deployment");
}

TEST_CASE("workload errors: negative replicas, missing template, selector mismatch, expansion limit") {
  Diagnostics diag;
  BuildCluster({Doc(R"({"kind": "Deployment", "metadata": {"name": "a"},
                        "spec": {"replicas": -1, "template": {"metadata": {"labels": {"x": "y"}}}}})"),
                Doc(R"({"kind": "Deployment", "metadata": {"name": "b"}, "spec": {}})", 2),
                Doc(R"({"kind": "Deployment", "metadata": {"name": "c"},
                        "spec": {"selector": {"matchLabels": {"app": "c"}},
                                 "template": {"metadata": {"labels": {"app": "other"}}}}})",
                    3),
                Doc(R"({"kind": "StatefulSet", "metadata": {"name": "big"},
                        "spec": {"replicas": 2000000, "template": {"metadata": {"labels": {"x": "y"}}}}})",
                    4)},
               ClusterConfig{}, diag);
  CHECK(ErrorLines(diag) ==
        std::vector<std::string>{
            "error: w.yaml: doc 1 (Deployment default/a): spec.replicas: -1 must be greater than or equal to 0",
            "error: w.yaml: doc 2 (Deployment default/b): spec.template: is required (the pod template the "
            "workload's pods are made from)",
            "error: w.yaml: doc 3 (Deployment default/c): spec.selector: selector app=c does not match the template "
            "labels (spec.template.metadata.labels)",
            "error: w.yaml: doc 4 (StatefulSet default/big): spec.replicas: 2000000 pods would exceed the limit of "
            "1,000,000 pods made from workloads in total (raise it with --limit pods=N)"});
}

}  // namespace
}  // namespace kreach
