// Scenario files: fields, defaults and error texts (ReadScenarioParts, before any cluster is built).
#include "sim/loader/scenario.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/loader/scenario_reader.h"
#include "tests/loader/doc_temp_dir.h"
#include "tests/support/diagnostics_text.h"

namespace kreach {

namespace {

struct Read {
  ScenarioParts parts;
  Diagnostics diag;
  bool ok = false;
};

Read ReadScenario(const std::string& text, const std::string& source = "scenarios/s.yaml",
                  const std::string& base_dir = "scenarios") {
  Read r;
  r.ok = ReadScenarioParts(source, text, base_dir, r.parts, r.diag);
  return r;
}

}  // namespace

TEST_CASE("a scenario with every field", "[scenario]") {
  Read r = ReadScenario(R"(name: default deny in shop
description: web may reach api only
cluster:
  podCIDR: 10.10.0.0/16
  serviceCIDR: 10.20.0.0/16
  domain: corp.local
  options: {ipBlockMatchesPods: false, egressToOwnNodeExempt: true}
resources:
  - apiVersion: v1
    kind: Pod
    metadata: {name: web, namespace: shop}
  - kind: List
    items:
    - {kind: Namespace, metadata: {name: a}}
    - {kind: Namespace, metadata: {name: b}}
expect:
  - {from: shop/web, to: shop/api, port: 8080, protocol: UDP, result: allow, outcome: delivered}
  - {from: deployment/shop/web, to: 203.0.113.9, port: https, result: deny}
  - {from: shop/web, to: shop/api, result: partial, protocol: ICMP}
)");
  INFO(Messages(r.diag));
  CHECK(r.ok);
  CHECK(r.diag.items().empty());
  const Scenario& s = r.parts.scenario;
  CHECK(s.source == "scenarios/s.yaml");
  CHECK(s.name == "default deny in shop");
  CHECK(s.description == "web may reach api only");
  CHECK(r.parts.config.pod_cidr.ToString() == "10.10.0.0/16");
  CHECK(r.parts.config.service_cidr.ToString() == "10.20.0.0/16");
  CHECK(r.parts.config.domain == "corp.local");
  CHECK_FALSE(s.options.ip_block_matches_pods);
  CHECK(s.options.egress_to_own_node_exempt);
  CHECK(s.options.ingress_from_own_node_exempt);  // untouched switches keep their defaults

  REQUIRE(r.parts.documents.size() == 3);
  CHECK(r.parts.documents[0].source == "scenarios/s.yaml");
  CHECK(r.parts.documents[0].index == 1);
  CHECK(r.parts.documents[0].path == "resources[0]");
  CHECK(r.parts.documents[0].body["kind"] == "Pod");
  CHECK(r.parts.documents[2].path == "resources[1].items[1]");
  CHECK(r.parts.documents[2].body["metadata"]["name"] == "b");

  REQUIRE(s.expect.size() == 3);
  const Expectation& e = s.expect[0];
  CHECK(e.from == "shop/web");
  CHECK(e.to == "shop/api");
  CHECK(e.port == "8080");
  CHECK(e.protocol == Protocol::kUDP);
  CHECK(e.result == Result::kAllow);
  CHECK(e.outcome == Outcome::kDelivered);
  CHECK(e.where.source == "scenarios/s.yaml");
  CHECK(e.where.doc == 1);
  CHECK(e.where.path == "expect[0]");
  CHECK(s.expect[1].port == "https");
  CHECK(s.expect[1].protocol == Protocol::kTCP);  // the default
  CHECK(s.expect[1].where.path == "expect[1]");
  CHECK(s.expect[2].port.empty());
  CHECK(s.expect[2].protocol == Protocol::kIcmp);
}

TEST_CASE("scenario defaults: name from the file, default cluster settings", "[scenario]") {
  Read r = ReadScenario("expect:\n  - {from: 10.0.0.1, to: 10.0.0.2, port: \"80\", result: deny}\n",
                        "scenarios/netpol/e01-default-deny.yaml", "scenarios/netpol");
  INFO(Messages(r.diag));
  CHECK(r.ok);
  CHECK(r.parts.scenario.name == "e01-default-deny");
  CHECK(r.parts.scenario.description.empty());
  CHECK(r.parts.config.pod_cidr.ToString() == "10.244.0.0/16");
  CHECK(r.parts.config.service_cidr.ToString() == "10.96.0.0/12");
  CHECK(r.parts.config.domain == "cluster.local");
  CHECK(r.parts.scenario.options.ip_block_matches_pods);
  CHECK(r.parts.documents.empty());
  REQUIRE(r.parts.scenario.expect.size() == 1);
  CHECK(r.parts.scenario.expect[0].port == "80");
}

TEST_CASE("a JSON scenario", "[scenario]") {
  Read r = ReadScenario(R"({"name": "j", "resources": [{"kind": "Namespace", "metadata": {"name": "x"}}],
  "expect": [{"from": "x/a", "to": "x/b", "port": 53, "protocol": "SCTP", "result": "deny"}]})",
                        "s.json", "");
  INFO(Messages(r.diag));
  CHECK(r.ok);
  CHECK(r.parts.scenario.name == "j");
  REQUIRE(r.parts.scenario.expect.size() == 1);
  CHECK(r.parts.scenario.expect[0].protocol == Protocol::kSCTP);
  CHECK(r.parts.documents.size() == 1);
}

TEST_CASE("unknown scenario keys are errors with a suggestion and the field path", "[scenario]") {
  Read r = ReadScenario(R"(name: typos
resource: []
cluster:
  podCidr: 10.0.0.0/16
  whatever: 1
expect:
  - {from: a/web, to: b/db, result: allow}
  - {from: a/web, to: b/db, result: allow}
  - {from: a/web, to: b/db, port: 443, reslt: allow}
)");
  CHECK_FALSE(r.ok);
  CHECK(Messages(r.diag) ==
        "error: scenarios/s.yaml: doc 1: resource: unknown field (did you mean 'resources'?)\n"
        "error: scenarios/s.yaml: doc 1: cluster.podCidr: unknown field (did you mean 'podCIDR'?)\n"
        "error: scenarios/s.yaml: doc 1: cluster.whatever: unknown field (known fields: podCIDR, serviceCIDR, "
        "domain, options, dnsService, impliedDns, externalHosts, ingressController, defaultNamespace or apiServer)\n"
        "error: scenarios/s.yaml: doc 1: expect[2].reslt: unknown field (did you mean 'result'?)\n");
}

TEST_CASE("options: unknown switches and wrong values", "[scenario]") {
  // Keys are checked in sorted order.
  Read r = ReadScenario("cluster:\n  options: {ipBlockMatchPods: false, hostNetworkIsNode: \"no\"}\n");
  CHECK_FALSE(r.ok);
  CHECK(Messages(r.diag) ==
        "error: scenarios/s.yaml: doc 1: cluster.options.hostNetworkIsNode: expected true or false, found a "
        "string\n"
        "error: scenarios/s.yaml: doc 1: cluster.options: unknown option 'ipBlockMatchPods' (did you mean "
        "'ipBlockMatchesPods'?)\n");
  CHECK(Messages(ReadScenario("cluster: {options: [a]}\n").diag) ==
        "error: scenarios/s.yaml: doc 1: cluster.options: expected a mapping of option: true|false, found a "
        "sequence\n");
}

TEST_CASE("cluster settings are validated", "[scenario]") {
  Read r = ReadScenario("cluster: {podCIDR: 10.0.0.0, serviceCIDR: 300.1.0.0/16, domain: Cluster_Local}\n");
  CHECK_FALSE(r.ok);
  CHECK(Messages(r.diag) ==
        "error: scenarios/s.yaml: doc 1: cluster.podCIDR: '10.0.0.0' is not an IPv4 CIDR like 10.244.0.0/16\n"
        "error: scenarios/s.yaml: doc 1: cluster.serviceCIDR: '300.1.0.0/16' is not an IPv4 CIDR like "
        "10.244.0.0/16\n"
        "error: scenarios/s.yaml: doc 1: cluster.domain: 'Cluster_Local' is not a DNS domain like cluster.local\n");
}

TEST_CASE("cluster.apiServer: the switch, the addresses and the port", "[scenario][api_server]") {
  Read defaults = ReadScenario("cluster: {}\n");
  CHECK(defaults.parts.config.implied_api_server);
  CHECK(defaults.parts.config.api_server_addresses.empty());
  CHECK(defaults.parts.config.api_server_port == 6443);
  Read r =
      ReadScenario("cluster:\n  apiServer: {implied: false, addresses: [172.18.0.100, 203.0.113.5], port: 8443}\n");
  INFO(Messages(r.diag));
  CHECK(r.ok);
  CHECK_FALSE(r.parts.config.implied_api_server);
  REQUIRE(r.parts.config.api_server_addresses.size() == 2);
  CHECK(FormatIpv4(r.parts.config.api_server_addresses[0]) == "172.18.0.100");
  CHECK(r.parts.config.api_server_port == 8443);
  Read bad = ReadScenario(R"(cluster:
  serviceCIDR: 10.100.0.0/16
  apiServer:
    implicit: true
    addresses: [nope, 10.100.0.1, 10.244.3.4, 127.0.0.1, 7]
    port: 70000
)");
  CHECK_FALSE(bad.ok);
  CHECK(Messages(bad.diag) ==
        "error: scenarios/s.yaml: doc 1: cluster.apiServer.implicit: unknown field (did you mean 'implied'?)\n"
        "error: scenarios/s.yaml: doc 1: cluster.apiServer.addresses[0]: expected an IPv4 address like 172.18.0.100, "
        "found 'nope'\n"
        "error: scenarios/s.yaml: doc 1: cluster.apiServer.addresses[1]: 10.100.0.1 is inside the service CIDR "
        "10.100.0.0/16: the API server listens on its hosts' addresses, not on a Service address\n"
        "error: scenarios/s.yaml: doc 1: cluster.apiServer.addresses[2]: 10.244.3.4 is inside the pod CIDR "
        "10.244.0.0/16: the API server runs on its hosts' network, not at a pod address\n"
        "error: scenarios/s.yaml: doc 1: cluster.apiServer.addresses[3]: 127.0.0.1 is not an address a host can be "
        "reached at (unspecified, loopback, link-local or multicast)\n"
        "error: scenarios/s.yaml: doc 1: cluster.apiServer.addresses[4]: expected an IPv4 address like 172.18.0.100, "
        "found an integer\n"
        "error: scenarios/s.yaml: doc 1: cluster.apiServer.port: 70000 is not a port number (1-65535)\n");
  Read not_a_mapping = ReadScenario("cluster:\n  apiServer: false\n");
  CHECK(Messages(not_a_mapping.diag) ==
        "error: scenarios/s.yaml: doc 1: cluster.apiServer: expected a mapping with "
        "implied, addresses and port, found a boolean\n");
}

TEST_CASE("expectations: missing fields, wrong types and values", "[scenario]") {
  Read r = ReadScenario(R"(expect:
  - {to: b/db}
  - {from: 5, to: b/db, port: 70000, result: allow}
  - {from: a/x, to: b/db, port: [80], protocol: tcp, result: alow}
  - {from: a/x, to: b/db, protocol: QUIC, result: deny, outcome: lost}
  - just a string
)");
  CHECK_FALSE(r.ok);
  CHECK(Messages(r.diag) ==
        "error: scenarios/s.yaml: doc 1: expect[0]: missing required field 'from'\n"
        "error: scenarios/s.yaml: doc 1: expect[0]: missing required field 'result'\n"
        "error: scenarios/s.yaml: doc 1: expect[1].from: expected a string, found an integer\n"
        "error: scenarios/s.yaml: doc 1: expect[1].port: 70000 is not a port number (1-65535)\n"
        "error: scenarios/s.yaml: doc 1: expect[2].port: expected a port number or a port name, found a sequence\n"
        "error: scenarios/s.yaml: doc 1: expect[2].protocol: unknown protocol 'tcp' (did you mean 'TCP'?)\n"
        "error: scenarios/s.yaml: doc 1: expect[2].result: unknown result 'alow' (did you mean 'allow'?)\n"
        "error: scenarios/s.yaml: doc 1: expect[3].protocol: unknown protocol 'QUIC' (expected TCP, UDP, SCTP or "
        "ICMP)\n"
        "error: scenarios/s.yaml: doc 1: expect[3].outcome: unknown outcome 'lost' (expected delivered, dropped, "
        "refused, nxdomain, http-404 or http-503)\n"
        "error: scenarios/s.yaml: doc 1: expect[4]: expected a mapping {from, to, port, protocol, result}, found a "
        "string\n");
}

TEST_CASE("wrong types at the top of a scenario name their field", "[scenario]") {
  Read r = ReadScenario("name: [a]\ninclude: shop/\nresources:\n  - 42\nexpect: {from: a}\n");
  CHECK(Messages(r.diag) ==
        "error: scenarios/s.yaml: doc 1: name: expected a string, found a sequence\n"
        "error: scenarios/s.yaml: doc 1: include: expected a sequence of files or folders, found a string\n"
        "error: scenarios/s.yaml: doc 1: resources[0]: expected a mapping (a Kubernetes object), found an integer\n"
        "error: scenarios/s.yaml: doc 1: expect: expected a sequence of expectations, found a mapping\n");
  CHECK_FALSE(r.ok);
}

TEST_CASE("scenario text problems", "[scenario]") {
  CHECK(Messages(ReadScenario("").diag) == "error: scenarios/s.yaml: empty scenario file\n");
  CHECK(Messages(ReadScenario("- a\n").diag) ==
        "error: scenarios/s.yaml: doc 1: expected a scenario (a mapping with expect, resources, include or "
        "cluster), found a sequence\n");
  CHECK(Messages(ReadScenario("kind: Pod\nmetadata: {name: a}\n").diag) ==
        "error: scenarios/s.yaml: doc 1: a Kubernetes object (it has `kind`), not a scenario\n");
  CHECK(Messages(ReadScenario("expect: []\n---\nkind: Pod\n").diag) ==
        "error: scenarios/s.yaml: doc 2: a scenario file holds one document; put further objects under "
        "`resources:` or in an included file\n");
  CHECK(Messages(ReadScenario("expect: [\n").diag) ==
        "error: scenarios/s.yaml:2:1: YAML syntax error: end of sequence flow not found\n");
}

TEST_CASE("includes are read relative to the scenario's folder", "[scenario]") {
  TempDir dir;
  dir.Write("manifests/shop/a.yaml", "kind: Namespace\nmetadata: {name: shop}\n");
  dir.Write("manifests/shop/b.json", R"({"kind": "PodList", "items": [{"kind": "Pod"}]})");
  dir.Write("manifests/extra.yaml", "kind: Service\n");
  std::string text = "include: [../manifests/shop/, ../manifests/extra.yaml]\nresources: [{kind: NetworkPolicy}]\n";
  std::string scenario = dir.Write("scenarios/s.yaml", text);
  ScenarioParts parts;
  Diagnostics diag;
  bool ok = ReadScenarioParts(scenario, text, dir.Path("scenarios"), parts, diag);
  INFO(Messages(diag));
  CHECK(ok);
  // The included files are read as inputs are: decoded blocks, a folder's files in order.
  REQUIRE(parts.included.size() == 3);
  CHECK(parts.included[0].source == dir.Path("manifests/shop/a.yaml"));
  CHECK(parts.included[1].source == dir.Path("manifests/shop/b.json"));
  REQUIRE(parts.included[1].docs.size() == 1);
  CHECK(parts.included[1].docs[0].path == "items[0]");
  CHECK(parts.included[2].source == dir.Path("manifests/extra.yaml"));
  REQUIRE(parts.documents.size() == 1);
  CHECK(parts.documents[0].source == scenario);
  CHECK(parts.documents[0].path == "resources[0]");

  CHECK(IsScenarioFile(scenario));
  CHECK_FALSE(IsScenarioFile(dir.Path("manifests/extra.yaml")));
  CHECK_FALSE(IsScenarioFile(dir.Path("manifests")));
  CHECK_FALSE(IsScenarioFile(dir.Path("nope.yaml")));
}

TEST_CASE("a missing include is an error at its entry", "[scenario]") {
  TempDir dir;
  dir.Write("bad.yaml", "kind: Pod\n  x: 1\n");
  ScenarioParts parts;
  Diagnostics diag;
  bool ok = ReadScenarioParts(dir.Path("s.yaml"), "include: [missing/, bad.yaml, '']\n", dir.Path(), parts, diag);
  CHECK_FALSE(ok);
  CHECK(Messages(diag) == "error: " + dir.Path("s.yaml") + ": doc 1: include[0]: no such file or folder: " +
                              dir.Path("missing/") + "\nerror: " + dir.Path("bad.yaml") +
                              ":2:4: YAML syntax error: illegal map value\nerror: " + dir.Path("s.yaml") +
                              ": doc 1: include[2]: empty path\n");
}

TEST_CASE("IsScenarioFile looks at the first document only", "[scenario]") {
  TempDir dir;
  CHECK(IsScenarioFile(dir.Write("a.yaml", "---\n# comment\n---\ncluster: {}\n")));
  CHECK(IsScenarioFile(dir.Write("b.json", R"({"expect": []})")));
  CHECK_FALSE(IsScenarioFile(dir.Write("c.yaml", "name: only a name\n")));
  CHECK_FALSE(IsScenarioFile(dir.Write("d.yaml", "kind: Pod\nexpect: []\n")));
  CHECK_FALSE(IsScenarioFile(dir.Write("e.yaml", "expect: [\n")));
  CHECK_FALSE(IsScenarioFile("-"));
}

}  // namespace kreach
