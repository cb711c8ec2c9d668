// NetworkPolicy decoding, defaulting (NP-2, NP-18) and API validation (VAL-1..7), messages pinned.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/loader/build_cluster.h"

namespace kreach {
namespace {

using nlohmann::json;

/// Builds a cluster from one NetworkPolicy whose spec is `spec` (JSON text), in namespace shop.
Cluster BuildPolicy(const std::string& spec, Diagnostics& diag) {
  json body = json::parse(R"({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                              "metadata": {"name": "np", "namespace": "shop"}})");
  body["spec"] = json::parse(spec);
  return BuildCluster({Document{"np.yaml", 3, "", body}}, ClusterConfig{}, diag);
}

std::vector<std::string> Lines(const Diagnostics& diag, Severity severity) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diag.items()) {
    if (d.severity == severity) out.push_back(d.ToString());
  }
  return out;
}

/// The only error of building `spec`, as printed.
std::string OnlyError(const std::string& spec) {
  Diagnostics diag;
  Cluster c = BuildPolicy(spec, diag);
  std::vector<std::string> errors = Lines(diag, Severity::kError);
  INFO(spec);
  REQUIRE(errors.size() == 1);
  CHECK(c.network_policies.empty());
  return errors[0];
}

const std::string kPrefix = "error: np.yaml: doc 3 (NetworkPolicy shop/np): ";

TEST_CASE("policyTypes default to Ingress, plus Egress only with egress rules (NP-2, E4)") {
  Diagnostics diag;
  Cluster c = BuildPolicy(R"({"podSelector": {}, "egress": []})", diag);
  REQUIRE_FALSE(diag.HasErrors());
  REQUIRE(c.network_policies.size() == 1);
  CHECK(c.network_policies[0].ingress_type);
  CHECK_FALSE(c.network_policies[0].egress_type);

  Diagnostics diag2;
  c = BuildPolicy(R"({"podSelector": {}, "egress": [{}]})", diag2);
  REQUIRE(c.network_policies.size() == 1);
  CHECK(c.network_policies[0].ingress_type);
  CHECK(c.network_policies[0].egress_type);
  REQUIRE(c.network_policies[0].egress.size() == 1);
  CHECK(c.network_policies[0].egress[0].peers.empty());

  Diagnostics diag3;
  c = BuildPolicy(R"({"podSelector": {}, "policyTypes": [], "egress": [{"to": [{"podSelector": {}}]}]})", diag3);
  REQUIRE(c.network_policies.size() == 1);
  CHECK(c.network_policies[0].ingress_type);
  CHECK(c.network_policies[0].egress_type);
}

TEST_CASE("explicit policyTypes are kept; rules of other directions stay but do not add types (E5)") {
  Diagnostics diag;
  Cluster c = BuildPolicy(
      R"({"podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Egress"],
          "ingress": [{"from": [{"podSelector": {}}]}]})",
      diag);
  REQUIRE_FALSE(diag.HasErrors());
  REQUIRE(c.network_policies.size() == 1);
  const NetworkPolicy& np = c.network_policies[0];
  CHECK_FALSE(np.ingress_type);
  CHECK(np.egress_type);
  CHECK(np.ingress.size() == 1);
  CHECK(np.pod_selector.ToString() == "app=web");
  CHECK(np.ns == "shop");
  CHECK(np.origin.source == "np.yaml");
  CHECK(np.origin.doc == 3);
}

TEST_CASE("ports: protocol defaults to TCP, int-or-string port, endPort, port-less entries (NP-18)") {
  Diagnostics diag;
  Cluster c = BuildPolicy(R"({"ingress": [{"ports": [{"port": 53}, {"protocol": "UDP"}, {"port": "http"},
                                                      {"port": 32000, "endPort": 32768, "protocol": "SCTP"}, {}]}]})",
                          diag);
  REQUIRE_FALSE(diag.HasErrors());
  REQUIRE(c.network_policies.size() == 1);
  const std::vector<PolicyPort>& ports = c.network_policies[0].ingress.at(0).ports;
  REQUIRE(ports.size() == 5);
  CHECK(ports[0].ToString() == "TCP/53");
  CHECK(ports[1].ToString() == "UDP/*");
  CHECK(ports[2].ToString() == "TCP/http");
  CHECK(ports[2].port_name == "http");
  CHECK(ports[3].ToString() == "SCTP/32000-32768");
  CHECK(ports[4].ToString() == "TCP/*");
}

TEST_CASE("a quoted number is a port name by API rules (IntOrString)") {
  CHECK(OnlyError(R"({"ingress": [{"ports": [{"port": "80"}]}]})") ==
        kPrefix + "spec.ingress[0].ports[0].port: invalid port name \"80\": must contain at least one letter (a-z)");
}

TEST_CASE("peers: selectors, namespace+pod AND, ipBlock with except") {
  Diagnostics diag;
  Cluster c = BuildPolicy(
      R"({"ingress": [{"from": [
            {"podSelector": {"matchLabels": {"app": "fe"}}},
            {"namespaceSelector": {"matchExpressions": [{"key": "team", "operator": "In", "values": ["a", "b"]}]},
             "podSelector": {"matchExpressions": [{"key": "legacy", "operator": "DoesNotExist"}]}},
            {"ipBlock": {"cidr": "10.0.0.0/16", "except": ["10.0.1.0/24"]}}]}]})",
      diag);
  REQUIRE_FALSE(diag.HasErrors());
  REQUIRE(c.network_policies.size() == 1);
  const std::vector<PolicyPeer>& peers = c.network_policies[0].ingress.at(0).peers;
  REQUIRE(peers.size() == 3);
  CHECK(peers[0].ToString() == "podSelector app=fe");
  CHECK(peers[1].ToString() == "namespaceSelector team in (a,b) + podSelector !legacy");
  CHECK(peers[2].ToString() == "ipBlock 10.0.0.0/16 except 10.0.1.0/24");
}

TEST_CASE("VAL-4: endPort needs a numeric port no greater than it (E19)") {
  CHECK(OnlyError(R"({"ingress": [{"ports": [{"endPort": 90}]}]})") ==
        kPrefix + "spec.ingress[0].ports[0].port: must be specified when endPort is specified");
  CHECK(OnlyError(R"({"ingress": [{"ports": [{"port": 100, "endPort": 90}]}]})") ==
        kPrefix + "spec.ingress[0].ports[0].endPort: 90 must be greater than or equal to port 100");
  CHECK(OnlyError(R"({"egress": [{"ports": [{"port": "http", "endPort": 90}]}]})") ==
        kPrefix +
            "spec.egress[0].ports[0].endPort: may not be used with the named port \"http\" (endPort requires "
            "a numeric port)");
  CHECK(OnlyError(R"({"ingress": [{"ports": [{"port": 80, "endPort": 70000}]}]})") ==
        kPrefix + "spec.ingress[0].ports[0].endPort: 70000 must be between 1 and 65535, inclusive");
}

TEST_CASE("VAL-3: protocol, port range and port names") {
  CHECK(OnlyError(R"({"ingress": [{"ports": [{"port": 80, "protocol": "ICMP"}]}]})") ==
        kPrefix +
            "spec.ingress[0].ports[0].protocol: unsupported value \"ICMP\": supported values: \"TCP\", "
            "\"UDP\", \"SCTP\"");
  CHECK(OnlyError(R"({"ingress": [{"ports": [{"port": 0}]}]})") ==
        kPrefix + "spec.ingress[0].ports[0].port: 0 must be between 1 and 65535, inclusive");
  CHECK(OnlyError(R"({"ingress": [{"ports": [{"port": "my--port"}]}]})") ==
        kPrefix +
            "spec.ingress[0].ports[0].port: invalid port name \"my--port\": must not contain consecutive "
            "hyphens");
  CHECK(OnlyError(R"({"ingress": [{"ports": [{"port": "averyveryverylongname"}]}]})") ==
        kPrefix +
            "spec.ingress[0].ports[0].port: invalid port name \"averyveryverylongname\": must be no more "
            "than 15 characters");
  CHECK(OnlyError(R"({"ingress": [{"ports": [{"port": ["80"]}]}]})") ==
        kPrefix + "spec.ingress[0].ports[0].port: must be an integer or a string, found a sequence");
}

TEST_CASE("VAL-5: a peer needs a selector, and ipBlock stands alone (E24)") {
  CHECK(OnlyError(R"({"ingress": [{"from": [{"podSelector": {}}, {}]}]})") ==
        kPrefix + "spec.ingress[0].from[1]: must specify a peer (podSelector, namespaceSelector or ipBlock)");
  CHECK(OnlyError(R"({"egress": [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}, "podSelector": {}}]}]})") ==
        kPrefix +
            "spec.egress[0].to[0]: may not specify both ipBlock and another peer (podSelector or "
            "namespaceSelector)");
}

TEST_CASE("VAL-6: ipBlock cidr required and valid; except a strict subset (E21)") {
  CHECK(OnlyError(R"({"ingress": [{"from": [{"ipBlock": {"cidr": "10.0.0.0/24", "except": ["10.0.0.0/24"]}}]}]})") ==
        kPrefix +
            "spec.ingress[0].from[0].ipBlock.except[0]: 10.0.0.0/24 is not a strict subset of cidr "
            "10.0.0.0/24");
  CHECK(OnlyError(R"({"ingress": [{"from": [{"podSelector": {}},
                      {"ipBlock": {"cidr": "10.1.0.0/16", "except": ["10.0.0.0/8"]}}]}]})") ==
        kPrefix + "spec.ingress[0].from[1].ipBlock.except[0]: 10.0.0.0/8 is not a strict subset of cidr 10.1.0.0/16");
  CHECK(OnlyError(R"({"ingress": [{"from": [{"ipBlock": {"cidr": "A"}}]}]})") ==
        kPrefix + "spec.ingress[0].from[0].ipBlock.cidr: \"A\" is not a valid CIDR (expected a.b.c.d/n)");
  CHECK(OnlyError(R"({"ingress": [{"from": [{"ipBlock": {"except": ["10.0.0.0/8"]}}]}]})") ==
        kPrefix + "spec.ingress[0].from[0].ipBlock.cidr: is required");
  CHECK(OnlyError(R"({"ingress": [{"from": [{"ipBlock": {"cidr": "10.0.0.0"}}]}]})") ==
        kPrefix + "spec.ingress[0].from[0].ipBlock.cidr: \"10.0.0.0\" is not a valid CIDR (expected a.b.c.d/n)");
}

TEST_CASE("VAL-7: policyTypes values and count") {
  CHECK(OnlyError(R"({"policyTypes": ["Ingress", "egress"]})") ==
        kPrefix + "spec.policyTypes[1]: unsupported value \"egress\": supported values: \"Ingress\", \"Egress\"");
  CHECK(OnlyError(R"({"policyTypes": ["Ingress", "Egress", "Ingress"]})") ==
        kPrefix + "spec.policyTypes: may not have more than 2 elements, found 3");
}

TEST_CASE("VAL-2: selector keys, values and operators, the same in every selector") {
  CHECK(OnlyError(R"({"podSelector": {"matchLabels": {"app@b": "x"}}})") ==
        kPrefix +
            "spec.podSelector.matchLabels.app@b: invalid label key \"app@b\": name part must consist of "
            "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
  CHECK(OnlyError(R"({"egress": [{"to": [{"podSelector": {"matchLabels": {"app": "$backend"}}}]}]})") ==
        kPrefix +
            "spec.egress[0].to[0].podSelector.matchLabels.app: invalid label value \"$backend\" for key "
            "\"app\": a valid label must consist of alphanumeric characters, '-', '_' or '.', and must start "
            "and end with an alphanumeric character");
  CHECK(OnlyError(R"({"ingress": [{"from": [{"namespaceSelector": {"matchExpressions":
                      [{"key": "team", "operator": "Equals", "values": ["a"]}]}}]}]})") ==
        kPrefix +
            "spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].operator: \"Equals\" is not a valid "
            "selector operator (In, NotIn, Exists, DoesNotExist)");
  CHECK(OnlyError(R"({"podSelector": {"matchExpressions": [{"key": "team", "operator": "In"}]}})") ==
        kPrefix +
            "spec.podSelector.matchExpressions[0].values: must be specified when `operator` is 'In' or "
            "'NotIn'");
  CHECK(OnlyError(R"({"podSelector": {"matchExpressions": [{"key": "team", "operator": "Exists",
                      "values": ["a"]}]}})") ==
        kPrefix +
            "spec.podSelector.matchExpressions[0].values: may not be specified when `operator` is 'Exists' "
            "or 'DoesNotExist'");
  CHECK(OnlyError(R"({"podSelector": {"matchLabels": {"example.com/": "x"}}})") ==
        kPrefix +
            "spec.podSelector.matchLabels.example.com/: invalid label key \"example.com/\": name part must "
            "not be empty");
  CHECK(OnlyError(R"({"podSelector": {"matchLabels": {"Example.com/app": "x"}}})") ==
        kPrefix +
            "spec.podSelector.matchLabels.Example.com/app: invalid label key \"Example.com/app\": prefix part "
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
            "and must start and end with an alphanumeric character");
}

TEST_CASE("qualified keys with a prefix and empty values are valid") {
  Diagnostics diag;
  Cluster c =
      BuildPolicy(R"({"podSelector": {"matchLabels": {"app.kubernetes.io/name": "", "a_b.c-d": "X_1"}}})", diag);
  CHECK_FALSE(diag.HasErrors());
  CHECK(c.network_policies.size() == 1);
}

TEST_CASE("VAL-1: policy names are DNS-1123 subdomains") {
  Diagnostics diag;
  json body = json::parse(R"({"kind": "NetworkPolicy", "metadata": {"name": "Allow_Web"}, "spec": {}})");
  Cluster c = BuildCluster({Document{"np.yaml", 1, "", body}}, ClusterConfig{}, diag);
  std::vector<std::string> errors = Lines(diag, Severity::kError);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "error: np.yaml: doc 1 (NetworkPolicy default/Allow_Web): metadata.name: invalid name \"Allow_Web\": a "
        "lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
        "start and end with an alphanumeric character");
  CHECK(c.network_policies.empty());
}

TEST_CASE("several errors in one policy are all reported") {
  Diagnostics diag;
  BuildPolicy(R"({"ingress": [{"from": [{}], "ports": [{"port": 0}]}], "policyTypes": ["Sideways"]})", diag);
  CHECK(diag.ErrorCount() == 3);
}

TEST_CASE("a named port towards ipBlock-only egress peers is a warning, not an error") {
  Diagnostics diag;
  Cluster c =
      BuildPolicy(R"({"egress": [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}], "ports": [{"port": "abc"}]}]})", diag);
  CHECK_FALSE(diag.HasErrors());
  CHECK(c.network_policies.size() == 1);
  std::vector<std::string> warnings = Lines(diag, Severity::kWarning);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] ==
        "warning: np.yaml: doc 3 (NetworkPolicy shop/np): spec.egress[0].ports[0].port: named port \"abc\" in a rule "
        "whose peers are all ipBlocks: it never matches an external address, only pods in the blocks that define "
        "it");
}

TEST_CASE("an IPv6 ipBlock is dropped with a warning; a rule left with no peers is dropped") {
  Diagnostics diag;
  Cluster c = BuildPolicy(R"({"egress": [{"to": [{"ipBlock": {"cidr": "::/0"}}]},
                                        {"to": [{"ipBlock": {"cidr": "fd00::/8"}}, {"podSelector": {}}]}]})",
                          diag);
  CHECK_FALSE(diag.HasErrors());
  REQUIRE(c.network_policies.size() == 1);
  CHECK(c.network_policies[0].egress_type);
  REQUIRE(c.network_policies[0].egress.size() == 1);
  CHECK(c.network_policies[0].egress[0].peers.size() == 1);
  CHECK(Lines(diag, Severity::kWarning).size() == 2);
}

}  // namespace
}  // namespace kreach
