#include "sim/model/options.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>

namespace kreach {
namespace {

/// SetOption's error, or "" when it succeeded (so that a check can compare the message).
std::string SetOptionError(PolicyOptions& options, std::string_view key, bool value) {
  std::string error;
  bool ok = SetOption(options, key, value, &error);
  CHECK(ok == error.empty());
  return error;
}

TEST_CASE("Defaults are the canonical model", "[options]") {
  PolicyOptions o;
  CHECK(o.ip_block_matches_pods);
  CHECK_FALSE(o.named_port_matches_external);
  CHECK_FALSE(o.egress_to_own_node_exempt);
  CHECK(o.ingress_from_own_node_exempt);
  CHECK(o.host_network_is_node);
  CHECK(o.icmp_needs_portless_rule);
  CHECK(o.snat_from_own_node_exempt);
  CHECK_FALSE(o.unknown_vip_port_refused);
  CHECK_FALSE(o.implementation_specific_is_exact);
  CHECK(o.ingress_host_first);
  CHECK_FALSE(NetpolAnalyzerCompat().ip_block_matches_pods);
}

TEST_CASE("The option table is sorted and every key sets exactly one switch", "[options]") {
  const std::vector<OptionInfo>& table = OptionTable();
  REQUIRE(table.size() == 10);
  for (std::size_t i = 1; i < table.size(); ++i) CHECK(std::string(table[i - 1].key) < table[i].key);
  std::set<std::string> changed_fields;
  for (const OptionInfo& info : table) {
    INFO(info.key);
    const std::string rule = info.rule;
    CHECK((rule.rfind("NP-", 0) == 0 || rule.rfind("P-", 0) == 0 || rule.rfind("SVC-", 0) == 0 ||
           rule.rfind("ING-", 0) == 0));
    CHECK_FALSE(std::string(info.help).empty());
    PolicyOptions o;
    std::optional<bool> before = GetOption(o, info.key);
    REQUIRE(before);
    CHECK(SetOptionError(o, info.key, !*before).empty());
    CHECK(GetOption(o, info.key) == std::optional<bool>(!*before));
    // Exactly this key changed.
    PolicyOptions defaults;
    for (const OptionInfo& other : table) {
      if (std::string(other.key) == info.key) continue;
      CHECK(GetOption(o, other.key) == GetOption(defaults, other.key));
    }
  }
  PolicyOptions o;
  CHECK(SetOptionError(o, "ipBlockMatchesPods", false).empty());
  CHECK_FALSE(o.ip_block_matches_pods);
  CHECK(SetOptionError(o, "egressToOwnNodeExempt", true).empty());
  CHECK(o.egress_to_own_node_exempt);
}

TEST_CASE("Unknown option keys are refused with a suggestion", "[options]") {
  PolicyOptions o;
  CHECK(SetOptionError(o, "ipBlockMatchPods", false) ==
        "unknown option 'ipBlockMatchPods' (did you mean 'ipBlockMatchesPods'?)");
  CHECK(SetOptionError(o, "hostnetworkisnode", false) ==
        "unknown option 'hostnetworkisnode' (did you mean 'hostNetworkIsNode'?)");
  CHECK(SetOptionError(o, "frobnicate", true) == "unknown option 'frobnicate'");
  CHECK(o.ip_block_matches_pods);  // nothing changed
  CHECK(o.host_network_is_node);
  CHECK_FALSE(GetOption(o, "frobnicate").has_value());
  CHECK_FALSE(GetOption(o, "").has_value());
}

}  // namespace
}  // namespace kreach
