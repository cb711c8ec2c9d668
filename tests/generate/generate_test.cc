#include "sim/generate/generate.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/cli/cli.h"
#include "sim/loader/loader.h"
#include "tests/support/cli_run.h"

namespace kreach {

namespace {

std::string Generate(const GeneratorParams& params, TextFormat format = TextFormat::kJson) {
  std::string why;
  REQUIRE(CheckGeneratorParams(params, &why));
  std::ostringstream out;
  WriteSyntheticCluster(params, format, out);
  return out.str();
}

/// Loads `text`, requires no errors and no warnings, and returns the cluster.
Cluster Load(const std::string& text, const char* source = "gen.json") {
  LoadResult result = LoadClusterFromTexts({{source, text}});
  std::string messages;
  for (const Diagnostic& d : result.diagnostics.items()) {
    if (d.severity != Severity::kInfo) messages += d.ToString() + "\n";
  }
  INFO(messages);
  REQUIRE(messages.empty());
  return std::move(result.cluster);
}

GeneratorParams Params(std::int64_t pods, std::int64_t namespaces, std::int64_t policies, std::int64_t services) {
  GeneratorParams p;
  p.pods = pods;
  p.namespaces = namespaces;
  p.policies = policies;
  p.services = services;
  return p;
}

void CheckCounts(const Cluster& c, const GeneratorParams& p) {
  CHECK(static_cast<std::int64_t>(c.pods.size()) == p.pods);
  CHECK(static_cast<std::int64_t>(c.namespaces.size()) == p.namespaces);
  CHECK(static_cast<std::int64_t>(c.network_policies.size()) == p.policies);
  CHECK(static_cast<std::int64_t>(c.services.size()) == p.services);
  for (const Pod& pod : c.pods) {
    CHECK_FALSE(pod.ip_assigned);  // every pod came with its podIP
    CHECK(pod.owner.has_value());
  }
  for (const Namespace& ns : c.namespaces) CHECK(ns.declared);
}

/// A canonical text of what the loader made, to compare two inputs.
std::string Summary(const Cluster& c) {
  std::ostringstream s;
  for (const Namespace& ns : c.namespaces) {
    s << "ns " << ns.name;
    for (const auto& [k, v] : ns.labels) s << " " << k << "=" << v;
    s << "\n";
  }
  for (const Node& n : c.nodes) s << "node " << n.name << " " << n.pod_cidr->ToString() << "\n";
  for (const Workload& w : c.workloads)
    s << "workload " << w.ns << "/" << w.ref.kind << "/" << w.ref.name << " " << w.replicas << "\n";
  for (const Pod& p : c.pods) {
    s << "pod " << p.Key() << " " << FormatIpv4(p.ip) << " " << p.node << " " << p.Workload().kind << "/"
      << p.Workload().name << " " << p.hostname << "." << p.subdomain;
    for (const auto& [k, v] : p.labels) s << " " << k << "=" << v;
    for (const ContainerPort& port : p.ports) s << " " << port.name << ":" << port.port;
    s << "\n";
  }
  for (const Service& svc : c.services) {
    s << "svc " << svc.ns << "/" << svc.name << " " << ServiceTypeName(svc.type) << " " << svc.cluster_ip;
    for (const ServicePort& port : svc.ports) {
      s << " " << port.name << ":" << port.port << "->" << port.target_port << port.target_port_name << ":"
        << port.node_port;
    }
    s << "\n";
  }
  for (const NetworkPolicy& np : c.network_policies) {
    s << "netpol " << np.Key() << " " << np.pod_selector.ToString() << " " << np.ingress_type << np.egress_type;
    for (const auto* rules : {&np.ingress, &np.egress}) {
      for (const PolicyRule& r : *rules) {
        s << " [";
        for (const PolicyPeer& peer : r.peers) s << peer.ToString() << ";";
        for (const PolicyPort& port : r.ports) s << port.ToString() << ";";
        s << "]";
      }
    }
    s << "\n";
  }
  return s.str();
}

using test_cli::Cli;
using test_cli::Run;

}  // namespace

TEST_CASE("generate: the same seed gives the same bytes, another seed others", "[generate]") {
  GeneratorParams p = FindGeneratorPreset("L0")->params;
  std::string first = Generate(p);
  CHECK(first == Generate(p));
  CHECK(Generate(p, TextFormat::kYaml) == Generate(p, TextFormat::kYaml));
  p.seed = 2;
  CHECK(first != Generate(p));
}

TEST_CASE("generate: L0 loads cleanly with the preset's exact counts", "[generate]") {
  GeneratorParams p = FindGeneratorPreset("L0")->params;
  CHECK(p.pods == 100);
  CHECK(p.namespaces == 5);
  CHECK(p.policies == 20);
  CHECK(p.services == 20);
  Cluster c = Load(Generate(p));
  CheckCounts(c, p);
  CHECK(c.FindService("kube-system", "kube-dns") != nullptr);
  CHECK(c.nodes.size() == 1);
}

TEST_CASE("generate: custom counts load with exactly those counts", "[generate]") {
  std::vector<GeneratorParams> cases = {Params(12, 3, 5, 4), Params(2, 2, 0, 1), Params(250, 9, 31, 40),
                                        Params(37, 6, 17, 2), Params(500, 4, 3, 100)};
  GeneratorParams no_dns = Params(40, 3, 7, 0);
  no_dns.dns = false;
  cases.push_back(no_dns);
  GeneratorParams random = Params(120, 1, 60, 0);
  random.dns = false;
  random.style = PolicyStyle::kRandom;
  cases.push_back(random);
  GeneratorParams adversarial = Params(300, 30, 90, 30);
  adversarial.style = PolicyStyle::kAdversarial;
  cases.push_back(adversarial);
  GeneratorParams dense = Params(400, 3, 10, 5);
  dense.pods_per_node = 7;  // many nodes
  dense.replicas = 1;
  cases.push_back(dense);
  for (const GeneratorParams& p : cases) {
    INFO("pods " << p.pods << " namespaces " << p.namespaces << " policies " << p.policies << " services " << p.services
                 << " style " << PolicyStyleName(p.style));
    CheckCounts(Load(Generate(p)), p);
  }
}

TEST_CASE("generate: the YAML form loads to the same cluster as the JSON form", "[generate]") {
  GeneratorParams p = Params(150, 6, 30, 12);
  p.nodeport_percent = 50;
  p.statefulset_percent = 50;
  std::string yaml = Generate(p, TextFormat::kYaml);
  CHECK(yaml.rfind("apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: \"\"\nitems:\n- apiVersion: v1\n  kind: "
                   "Namespace\n",
                   0) == 0);
  CHECK(Summary(Load(Generate(p), "gen.json")) == Summary(Load(yaml, "gen.yaml")));
  GeneratorParams random = Params(80, 1, 20, 0);
  random.dns = false;
  random.style = PolicyStyle::kRandom;
  CHECK(Summary(Load(Generate(random))) == Summary(Load(Generate(random, TextFormat::kYaml), "gen.yaml")));
}

TEST_CASE("generate: L0's policies and Services use every listed feature", "[generate]") {
  Cluster c = Load(Generate(FindGeneratorPreset("L0")->params));
  bool named_port = false, end_port = false, except = false, ns_selector = false, ns_by_name = false,
       expressions = false, dns_egress = false, deny_ingress = false, ip_block = false;
  for (const NetworkPolicy& np : c.network_policies) {
    if (np.name == "default-deny-ingress") deny_ingress = np.ingress.empty() && np.pod_selector.Empty();
    for (const auto* rules : {&np.ingress, &np.egress}) {
      for (const PolicyRule& r : *rules) {
        for (const PolicyPort& port : r.ports) {
          named_port = named_port || !port.port_name.empty();
          end_port = end_port || port.end_port > port.port;
          dns_egress = dns_egress || (rules == &np.egress && port.port == 53 && port.protocol == Protocol::kUDP);
        }
        for (const PolicyPeer& peer : r.peers) {
          if (peer.ip_block) {
            ip_block = true;
            except = except || !peer.ip_block->except.empty();
          }
          if (peer.namespace_selector) {
            ns_selector = true;
            ns_by_name = ns_by_name || peer.namespace_selector->match_labels.count("kubernetes.io/metadata.name");
            expressions = expressions || !peer.namespace_selector->match_expressions.empty();
          }
          if (peer.pod_selector) expressions = expressions || !peer.pod_selector->match_expressions.empty();
        }
      }
    }
  }
  CHECK(deny_ingress);
  CHECK(named_port);
  CHECK(end_port);
  CHECK(ip_block);
  CHECK(except);
  CHECK(ns_selector);
  CHECK(ns_by_name);
  CHECK(expressions);
  CHECK(dns_egress);

  bool named_target = false, numeric_target = false, headless = false, node_port = false;
  for (const Service& s : c.services) {
    for (const ServicePort& port : s.ports) {
      named_target = named_target || !port.target_port_name.empty();
      numeric_target = numeric_target || port.target_port != 0;
      node_port = node_port || port.node_port != 0;
    }
    headless = headless || s.Headless();
  }
  CHECK(named_target);
  CHECK(numeric_target);
  CHECK(headless);
  CHECK(node_port);
  bool stateful_pod = false, template_hash = false;
  for (const Pod& p : c.pods) {
    stateful_pod = stateful_pod || (!p.hostname.empty() && !p.subdomain.empty());
    template_hash = template_hash || p.labels.count("pod-template-hash");
  }
  CHECK(stateful_pod);
  CHECK(template_hash);
}

TEST_CASE("generate: the adversarial style uses exactly the asked number of ranges and ipBlocks", "[generate]") {
  GeneratorParams p = Params(200, 20, 120, 20);
  p.style = PolicyStyle::kAdversarial;
  p.port_ranges = 9;
  p.ip_blocks = 13;
  Cluster c = Load(Generate(p));
  std::set<std::string> ranges, blocks;
  std::size_t cross_namespace = 0;
  for (const NetworkPolicy& np : c.network_policies) {
    for (const auto* rules : {&np.ingress, &np.egress}) {
      for (const PolicyRule& r : *rules) {
        for (const PolicyPort& port : r.ports) {
          if (port.end_port != 0) ranges.insert(std::to_string(port.port) + "-" + std::to_string(port.end_port));
        }
        for (const PolicyPeer& peer : r.peers) {
          if (peer.ip_block) blocks.insert(peer.ToString());
          if (peer.namespace_selector) ++cross_namespace;
        }
      }
    }
  }
  CHECK(ranges.size() == 9);
  CHECK(blocks.size() == 13);
  CHECK(cross_namespace > c.network_policies.size() / 3);
}

TEST_CASE("generate: the presets are the issue's ladder", "[generate]") {
  const std::vector<GeneratorPreset>& presets = GeneratorPresets();
  REQUIRE(presets.size() == 8);
  std::int64_t expected[8][4] = {{100, 5, 20, 20},       {1000, 20, 100, 100},         {10000, 100, 1000, 700},
                                 {30000, 10, 320, 1600}, {150000, 50, 1600, 8000},     {100000, 25000, 75000, 25000},
                                 {100000, 1, 50000, 0},  {150000, 10000, 50000, 10000}};
  for (std::size_t i = 0; i < presets.size(); ++i) {
    const GeneratorParams& p = presets[i].params;
    INFO(presets[i].name);
    CHECK(presets[i].name == "L" + std::to_string(i));
    CHECK(p.pods == expected[i][0]);
    CHECK(p.namespaces == expected[i][1]);
    CHECK(p.policies == expected[i][2]);
    CHECK(p.services == expected[i][3]);
    std::string why;
    CHECK(CheckGeneratorParams(p, &why));
  }
}

TEST_CASE("generate: the CLI streams to stdout and writes -o files whole", "[generate][cli]") {
  Run out =
      Cli({"generate", "--preset", "L0", "--pods", "12", "--namespaces", "3", "--policies", "4", "--services", "3"});
  REQUIRE(out.code == 0);
  CHECK(out.err.empty());
  GeneratorParams p = Params(12, 3, 4, 3);
  CHECK(out.out == Generate(p));

  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("kreach-generate-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string file = (dir / "small.yaml").string();
  Run written =
      Cli({"generate", "--pods", "12", "--namespaces", "3", "--policies", "4", "--services", "3", "-o", file});
  CHECK(written.code == 0);
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str() == Generate(p, TextFormat::kYaml));  // .yaml picks the YAML format
  std::filesystem::remove_all(dir);

  Run presets = Cli({"generate", "--list-presets"});
  CHECK(presets.code == 0);
  CHECK(presets.out.find("L7      150000       10000     50000     10000  adversarial") != std::string::npos);
}

TEST_CASE("generate: bad flags are usage errors with exit 2", "[generate][cli]") {
  Run r = Cli({"generate", "--preset", "L9"});
  CHECK(r.code == 2);
  CHECK(r.err ==
        "error: kreach generate: --preset L9: unknown preset (did you mean 'L0'?); the presets are L0 to L7 (see "
        "`kreach generate --help`)\n");
  r = Cli({"generate", "--pods=-5"});
  CHECK(r.code == 2);
  CHECK(r.err == "error: kreach generate: --pods -5: must be from 0 to 1000000 (see `kreach generate --help`)\n");
  r = Cli({"generate", "--policies=-1"});
  CHECK(r.code == 2);
  CHECK(r.err.find("--policies -1: must be from 0 to") != std::string::npos);
  r = Cli({"generate", "--namespaces", "1"});
  CHECK(r.code == 2);
  CHECK(r.err ==
        "error: kreach generate: --namespaces must be at least 2: kube-system is one of them, or add --no-dns to "
        "leave kube-system out (see `kreach generate --help`)\n");
  r = Cli({"generate", "--format", "xml"});
  CHECK(r.code == 2);
  CHECK(r.err == "error: kreach generate: --format xml: must be json or yaml (see `kreach generate --help`)\n");
  r = Cli({"generate", "--style", "chaos"});
  CHECK(r.code == 2);
  r = Cli({"generate", "--seed", "-3"});
  CHECK(r.code == 2);
  r = Cli({"generate", "--pods", "many"});
  CHECK(r.code == 2);
  CHECK(r.err.find("error: kreach generate: ") == 0);
  r = Cli({"generate", "--pods", "1000000", "--pods-per-node", "1"});
  CHECK(r.code == 2);
  CHECK(r.err.find("raise --pods-per-node") != std::string::npos);
}

}  // namespace kreach
