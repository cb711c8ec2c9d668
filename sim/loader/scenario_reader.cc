#include "sim/loader/scenario_reader.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <iterator>
#include <system_error>
#include <utility>

#include "sim/loader/document_internal.h"
#include "sim/loader/json_reader.h"
#include "sim/loader/validate_names.h"
#include "sim/model/ipv4.h"
#include "sim/model/options.h"
#include "sim/model/outcome.h"
#include "sim/model/protocol.h"
#include "sim/model/result.h"
#include "sim/model/suggest.h"
#include "sim/model/text.h"

namespace kreach {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kScenarioKeys = {"name",      "description", "cluster",
                                                "include",   "submission",  "submissionScope",
                                                "resources", "expect",      "expectMatrix"};
const std::vector<std::string> kScopeKeys = {"namespaces", "kinds"};
/// The kinds kreach models: a scope's kind that differs from one of them only in case is a typo.
const std::vector<std::string> kModelledKinds = {
    "Pod",        "Service",    "NetworkPolicy", "Namespace", "Node",
    "Deployment", "ReplicaSet", "StatefulSet",   "DaemonSet", "ReplicationController",
    "Job",        "CronJob",    "EndpointSlice", "Ingress",   "IngressClass"};
const std::vector<std::string> kClusterKeys = {"podCIDR",          "serviceCIDR", "domain",        "options",
                                               "dnsService",       "impliedDns",  "externalHosts", "ingressController",
                                               "defaultNamespace", "apiServer"};
const std::vector<std::string> kIngressControllerKeys = {"controller", "podLabels"};
const std::vector<std::string> kApiServerKeys = {"implied", "addresses", "port"};
const std::vector<std::string> kExpectKeys = {"from",   "to",      "port",     "protocol",
                                              "result", "outcome", "mustPass", "weight"};
const std::vector<std::string> kMatrixKeys = {"port", "protocol", "table", "mustPass", "weight"};
const std::vector<std::string> kResults = {"allow", "deny", "partial"};
const std::vector<std::string> kOutcomes = {"delivered", "dropped", "refused", "nxdomain", "http-404", "http-503"};
const std::vector<std::string> kProtocols = {"TCP", "UDP", "SCTP", "ICMP"};

std::string Index(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

std::string ListWords(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

// "(did you mean 'x'?)" when a candidate is close (ignoring case first), else "(expected a, b or c)".
std::string Hint(const std::string& name, const std::vector<std::string>& candidates) {
  for (const std::string& c : candidates) {
    if (Upper(c) == Upper(name)) return "(did you mean '" + c + "'?)";
  }
  std::string close = SuggestClosest(name, candidates);
  if (!close.empty()) return "(did you mean '" + close + "'?)";
  return "(expected " + ListWords(candidates) + ")";
}

// Reports the fields of one scenario mapping; every error carries the scenario file, doc 1 and the path.
class FieldReader {
 public:
  FieldReader(const std::string& source, Diagnostics& diag) : source_(source), diag_(diag) {}

  void Error(const std::string& path, const std::string& message) {
    diag_.Error(DocLocation(source_, 1, path), message);
    ok_ = false;
  }

  /// Unknown keys of `object` (at `path`) are errors with a suggestion. Returns the suggested field names.
  std::vector<std::string> CheckKeys(const nlohmann::json& object, const std::vector<std::string>& known,
                                     const std::string& path) {
    std::vector<std::string> suggested;
    for (auto it = object.begin(); it != object.end(); ++it) {
      if (std::find(known.begin(), known.end(), it.key()) != known.end()) continue;
      std::string close = SuggestClosest(it.key(), known);
      if (!close.empty()) suggested.push_back(close);
      Error(JoinPath(path, it.key()), close.empty() ? "unknown field (known fields: " + ListWords(known) + ")"
                                                    : "unknown field (did you mean '" + close + "'?)");
    }
    return suggested;
  }

  /// The field `key` of `object` when present and of the expected kind; errors name the path.
  const nlohmann::json* Find(const nlohmann::json& object, const std::string& key, const std::string& path,
                             nlohmann::json::value_t type, const char* expected) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return nullptr;
    if (it->type() != type) {
      Error(JoinPath(path, key), std::string("expected ") + expected + ", found " + DescribeType(*it));
      return nullptr;
    }
    return &*it;
  }

  bool String(const nlohmann::json& object, const std::string& key, const std::string& path, std::string& out) {
    const nlohmann::json* v = Find(object, key, path, nlohmann::json::value_t::string, "a string");
    if (v == nullptr) return false;
    out = v->get<std::string>();
    return true;
  }

  bool ok() const { return ok_; }

 private:
  const std::string& source_;
  Diagnostics& diag_;
  bool ok_ = true;
};

void ReadCidr(FieldReader& r, const nlohmann::json& cluster, const std::string& key, Cidr& out) {
  std::string text;
  if (!r.String(cluster, key, "cluster", text)) return;
  std::optional<Cidr> cidr = ParseCidr(text);
  if (!cidr) {
    r.Error("cluster." + key, "'" + text + "' is not an IPv4 CIDR like 10.244.0.0/16");
    return;
  }
  out = *cidr;
}

bool IsDomainName(const std::string& s) {
  if (s.empty() || s.size() > 253 || s.front() == '.' || s.back() == '.' || s.find("..") != std::string::npos) {
    return false;
  }
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'; });
}

/// dnsService, impliedDns, externalHosts and ingressController (docs/scenario-format.md).
void ReadServiceSettings(FieldReader& r, const nlohmann::json& cluster, ClusterConfig& config) {
  std::string dns;
  if (r.String(cluster, "dnsService", "cluster", dns)) {
    std::size_t slash = dns.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == dns.size() ||
        dns.find('/', slash + 1) != std::string::npos) {
      r.Error("cluster.dnsService", "'" + dns + "' is not NAMESPACE/NAME, like kube-system/kube-dns");
    } else {
      config.dns_service = dns;
    }
  }
  if (const nlohmann::json* implied =
          r.Find(cluster, "impliedDns", "cluster", nlohmann::json::value_t::boolean, "true or false")) {
    config.implied_dns = implied->get<bool>();
  }
  if (const nlohmann::json* hosts = r.Find(cluster, "externalHosts", "cluster", nlohmann::json::value_t::object,
                                           "a mapping of host name: IPv4 address")) {
    for (auto it = hosts->begin(); it != hosts->end(); ++it) {
      std::string path = "cluster.externalHosts." + it.key();
      std::optional<Ipv4> ip = it->is_string() ? ParseIpv4(it->get<std::string>()) : std::nullopt;
      if (!ip) {
        r.Error(path, "expected an IPv4 address like 203.0.113.10, found " +
                          (it->is_string() ? "'" + it->get<std::string>() + "'" : DescribeType(*it)));
        continue;
      }
      config.external_hosts[AsciiLower(it.key())] = *ip;
    }
  }
  const nlohmann::json* controller = r.Find(cluster, "ingressController", "cluster", nlohmann::json::value_t::object,
                                            "a mapping with controller and podLabels");
  if (controller == nullptr) return;
  r.CheckKeys(*controller, kIngressControllerKeys, "cluster.ingressController");
  r.String(*controller, "controller", "cluster.ingressController", config.ingress_controller_name);
  if (const nlohmann::json* labels = r.Find(*controller, "podLabels", "cluster.ingressController",
                                            nlohmann::json::value_t::object, "a mapping of label: value")) {
    config.ingress_controller_labels.clear();
    for (auto it = labels->begin(); it != labels->end(); ++it) {
      if (!it->is_string()) {
        r.Error("cluster.ingressController.podLabels." + it.key(), "expected a string, found " + DescribeType(*it));
        continue;
      }
      config.ingress_controller_labels[it.key()] = it->get<std::string>();
    }
  }
}

/// cluster.apiServer: whether kreach implies the API server, its addresses and its port (docs/scenario-format.md).
/// An address must be one a host can have outside the cluster's pod and Service ranges (read before this).
void ReadApiServer(FieldReader& r, const nlohmann::json& cluster, ClusterConfig& config) {
  const nlohmann::json* api = r.Find(cluster, "apiServer", "cluster", nlohmann::json::value_t::object,
                                     "a mapping with implied, addresses and port");
  if (api == nullptr) return;
  const std::string path = "cluster.apiServer";
  r.CheckKeys(*api, kApiServerKeys, path);
  if (const nlohmann::json* implied =
          r.Find(*api, "implied", path, nlohmann::json::value_t::boolean, "true or false")) {
    config.implied_api_server = implied->get<bool>();
  }
  if (const nlohmann::json* addresses =
          r.Find(*api, "addresses", path, nlohmann::json::value_t::array, "a sequence of IPv4 addresses")) {
    for (std::size_t i = 0; i < addresses->size(); ++i) {
      const nlohmann::json& item = (*addresses)[i];
      std::string at = Index(path + ".addresses", i);
      std::optional<Ipv4> ip = item.is_string() ? ParseIpv4(item.get<std::string>()) : std::nullopt;
      if (!ip) {
        r.Error(at, "expected an IPv4 address like 172.18.0.100, found " +
                        (item.is_string() ? "'" + item.get<std::string>() + "'" : DescribeType(item)));
        continue;
      }
      std::string text = FormatIpv4(*ip);
      const Cidr kLoopback{0x7F000000u, 8}, kLinkLocal{0xA9FE0000u, 16}, kMulticast{0xE0000000u, 4};
      if (*ip == 0 || kLoopback.Contains(*ip) || kLinkLocal.Contains(*ip) || kMulticast.Contains(*ip)) {
        r.Error(at, text +
                        " is not an address a host can be reached at (unspecified, loopback, link-local or "
                        "multicast)");
      } else if (config.service_cidr.Contains(*ip)) {
        r.Error(at, text + " is inside the service CIDR " + config.service_cidr.ToString() +
                        ": the API server listens on its hosts' addresses, not on a Service address");
      } else if (config.pod_cidr.Contains(*ip)) {
        r.Error(at, text + " is inside the pod CIDR " + config.pod_cidr.ToString() +
                        ": the API server runs on its hosts' network, not at a pod address");
      } else if (std::find(config.api_server_addresses.begin(), config.api_server_addresses.end(), *ip) ==
                 config.api_server_addresses.end()) {
        config.api_server_addresses.push_back(*ip);
      }
    }
  }
  auto port = api->find("port");
  if (port != api->end() && !port->is_null()) {
    long long number = port->is_number_integer() && !port->is_number_unsigned() ? port->get<long long>() : 0;
    if (!port->is_number_integer()) {
      r.Error(path + ".port", "expected a port number, found " + DescribeType(*port));
    } else if (number < 1 || number > 65535) {
      r.Error(path + ".port", port->dump() + " is not a port number (1-65535)");
    } else {
      config.api_server_port = static_cast<int>(number);
    }
  }
}

void ReadCluster(FieldReader& r, const nlohmann::json& cluster, ClusterConfig& config, PolicyOptions& options) {
  r.CheckKeys(cluster, kClusterKeys, "cluster");
  ReadCidr(r, cluster, "podCIDR", config.pod_cidr);
  ReadCidr(r, cluster, "serviceCIDR", config.service_cidr);
  std::string domain;
  if (r.String(cluster, "domain", "cluster", domain)) {
    if (IsDomainName(domain)) {
      config.domain = domain;
    } else {
      r.Error("cluster.domain", "'" + domain + "' is not a DNS domain like cluster.local");
    }
  }
  std::string default_namespace;
  if (r.String(cluster, "defaultNamespace", "cluster", default_namespace)) {
    std::string why;
    if (CheckDns1123Label(default_namespace, &why)) {
      config.default_namespace = default_namespace;
    } else {
      r.Error("cluster.defaultNamespace", "'" + default_namespace + "' is not a valid namespace name: " + why);
    }
  }
  ReadServiceSettings(r, cluster, config);
  ReadApiServer(r, cluster, config);
  const nlohmann::json* switches =
      r.Find(cluster, "options", "cluster", nlohmann::json::value_t::object, "a mapping of option: true|false");
  if (switches == nullptr) return;
  for (auto it = switches->begin(); it != switches->end(); ++it) {
    if (!it->is_boolean()) {
      r.Error("cluster.options." + it.key(), "expected true or false, found " + DescribeType(*it));
      continue;
    }
    std::string error;
    if (!SetOption(options, it.key(), it->get<bool>(), &error)) r.Error("cluster.options", error);
  }
}

// `port` and `protocol` of an expectation or an expectMatrix item.
void ReadProbe(FieldReader& r, const nlohmann::json& item, const std::string& path, Expectation& e) {
  auto port = item.find("port");
  if (port != item.end() && !port->is_null()) {
    if (port->is_number_integer()) {
      long long number = port->is_number_unsigned() ? 0 : port->get<long long>();  // unsigned: beyond int64
      if (number < 1 || number > 65535) {
        r.Error(JoinPath(path, "port"), port->dump() + " is not a port number (1-65535)");
      } else {
        e.port = std::to_string(number);
      }
    } else if (port->is_string() && !port->get<std::string>().empty()) {
      e.port = port->get<std::string>();
    } else {
      r.Error(JoinPath(path, "port"), "expected a port number or a port name, found " + DescribeType(*port));
    }
  }

  std::string protocol;
  if (r.String(item, "protocol", path, protocol)) {
    std::optional<Protocol> parsed = ParseProtocol(protocol, /*allow_icmp=*/true);
    if (parsed) {
      e.protocol = *parsed;
    } else {
      r.Error(JoinPath(path, "protocol"), "unknown protocol '" + protocol + "' " + Hint(protocol, kProtocols));
    }
  }
}

// `mustPass` and `weight` of an expectation or an expectMatrix item (for all its cells).
void ReadGrading(FieldReader& r, const nlohmann::json& item, const std::string& path, Expectation& e) {
  if (const nlohmann::json* must = r.Find(item, "mustPass", path, nlohmann::json::value_t::boolean, "true or false")) {
    e.must_pass = must->get<bool>();
  }
  auto weight = item.find("weight");
  if (weight == item.end() || weight->is_null()) return;
  if (!weight->is_number()) {
    r.Error(JoinPath(path, "weight"), "expected a positive number, found " + DescribeType(*weight));
    return;
  }
  double value = weight->get<double>();
  if (!(value > 0) || !std::isfinite(value) || value > 1e6) {
    r.Error(JoinPath(path, "weight"), weight->dump() + " is not a positive number (up to 1000000)");
    return;
  }
  e.weight = value;
}

void ReadExpectation(FieldReader& r, const nlohmann::json& item, const std::string& path, Expectation& e) {
  std::vector<std::string> misspelt = r.CheckKeys(item, kExpectKeys, path);
  for (const std::string required : {"from", "to", "result"}) {
    auto it = item.find(required);
    bool reported = std::find(misspelt.begin(), misspelt.end(), required) != misspelt.end();
    if ((it == item.end() || it->is_null()) && !reported) r.Error(path, "missing required field '" + required + "'");
  }
  if (r.String(item, "from", path, e.from) && e.from.empty()) r.Error(JoinPath(path, "from"), "must not be empty");
  if (r.String(item, "to", path, e.to) && e.to.empty()) r.Error(JoinPath(path, "to"), "must not be empty");

  ReadProbe(r, item, path, e);
  ReadGrading(r, item, path, e);
  std::string result;
  if (r.String(item, "result", path, result)) {
    if (std::optional<Result> parsed = ParseResult(result)) {
      e.result = *parsed;
    } else {
      r.Error(JoinPath(path, "result"), "unknown result '" + result + "' " + Hint(result, kResults));
    }
  }
  std::string outcome;
  if (r.String(item, "outcome", path, outcome)) {
    if (std::optional<Outcome> parsed = ParseOutcome(outcome)) {
      e.outcome = *parsed;
    } else {
      r.Error(JoinPath(path, "outcome"), "unknown outcome '" + outcome + "' " + Hint(outcome, kOutcomes));
    }
  }
}

// One path of `include` or `submission` (at `field`), relative to `base_dir` unless absolute or `base_dir` is
// empty, read as inputs are.
void ReadIncludedPath(FieldReader& r, const std::string& field, const std::string& given, const std::string& base_dir,
                      const ReadSettings& settings, std::vector<DecodedBlock>& blocks, Diagnostics& diag) {
  if (given.empty()) {
    r.Error(field, "empty path");
    return;
  }
  fs::path target(given);
  if (target.is_relative() && !base_dir.empty()) target = (fs::path(base_dir) / target).lexically_normal();
  std::error_code ec;
  if (!fs::exists(target, ec)) {
    r.Error(field, "no such file or folder: " + target.string());
    return;
  }
  ReadDecodedInputs({target.string()}, settings, blocks, diag);
}

void ReadIncludes(FieldReader& r, const nlohmann::json& include, const std::string& base_dir,
                  const ReadSettings& settings, std::vector<DecodedBlock>& blocks, Diagnostics& diag) {
  for (std::size_t i = 0; i < include.size(); ++i) {
    const nlohmann::json& entry = include[i];
    std::string path = Index("include", i);
    if (!entry.is_string()) {
      r.Error(path, "expected a file or folder path, found " + DescribeType(entry));
      continue;
    }
    ReadIncludedPath(r, path, entry.get<std::string>(), base_dir, settings, blocks, diag);
  }
}

// Splits `line` at spaces and tabs.
std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

// One `expectMatrix` item: a truth table (the layout `kreach matrix -o truth` prints) whose every cell becomes
// an expectation from the row's endpoint to the column's, numbered after the plain `expect` items.
void ReadExpectMatrix(FieldReader& r, const nlohmann::json& item, const std::string& path, int index,
                      const std::string& source, std::vector<Expectation>& out) {
  if (!item.is_object()) {
    r.Error(path, "expected a mapping {port, protocol, table}, found " + DescribeType(item));
    return;
  }
  r.CheckKeys(item, kMatrixKeys, path);
  Expectation probe;
  ReadProbe(r, item, path, probe);
  ReadGrading(r, item, path, probe);
  std::string table;
  if (!r.String(item, "table", path, table)) {
    if (!item.contains("table")) r.Error(path, "missing required field 'table'");
    return;
  }
  std::vector<std::vector<std::string>> rows;
  std::vector<int> line_of;
  int line_number = 0;
  std::size_t start = 0;
  while (start <= table.size()) {
    std::size_t end = table.find('\n', start);
    if (end == std::string::npos) end = table.size();
    ++line_number;
    std::vector<std::string> words = Words(table.substr(start, end - start));
    if (!words.empty() && words[0][0] != '#') {
      rows.push_back(std::move(words));
      line_of.push_back(line_number);
    }
    start = end + 1;
  }
  std::string table_path = JoinPath(path, "table");
  if (rows.size() < 2) {
    r.Error(table_path,
            "expected a header line (a corner cell, then one destination per column) and at least "
            "one row (a source, then one of . X ~ per column)");
    return;
  }
  const std::vector<std::string>& header = rows[0];
  if (header.size() < 2) {
    r.Error(table_path, "the header line names no destination (the first cell is the corner, e.g. TCP/80)");
    return;
  }
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const std::vector<std::string>& row = rows[i];
    std::string where = table_path + " line " + std::to_string(line_of[i]);
    if (row.size() != header.size()) {
      const std::size_t cells = row.size() - 1;
      r.Error(where, "'" + row[0] + "' has " + std::to_string(cells) + (cells == 1 ? " cell" : " cells") +
                         ", the header " + std::to_string(header.size() - 1) + " destinations");
      continue;
    }
    for (std::size_t c = 1; c < row.size(); ++c) {
      const std::string& cell = row[c];
      std::optional<Result> result;
      if (cell == ".") result = Result::kAllow;
      if (cell == "X" || cell == "x") result = Result::kDeny;
      if (cell == "~") result = Result::kPartial;
      if (!result) {
        r.Error(where, "cell '" + cell + "' under " + header[c] + ": expected . (allowed), X (denied) or ~ (partial)");
        continue;
      }
      Expectation e = probe;
      e.from = row[0];
      e.to = header[c];
      e.result = *result;
      e.matrix = index;
      e.where = DocLocation(source, 1, where + " (" + row[0] + " -> " + header[c] + ")");
      out.push_back(std::move(e));
    }
  }
}

// `submission`: a path or a sequence of paths, relative to the scenario's folder.
std::vector<std::string> ReadSubmissionPaths(FieldReader& r, const nlohmann::json& value) {
  std::vector<std::string> paths;
  if (value.is_string()) {
    paths.push_back(value.get<std::string>());
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!value[i].is_string()) {
        r.Error(Index("submission", i), "expected a file or folder path, found " + DescribeType(value[i]));
        continue;
      }
      paths.push_back(value[i].get<std::string>());
    }
  } else if (!value.is_null()) {
    r.Error("submission", "expected a file or folder path, or a sequence of them, found " + DescribeType(value));
  }
  return paths;
}

// `submissionScope`: {namespaces: [...], kinds: [...]}, both optional lists of names.
std::optional<SubmissionScope> ReadScope(FieldReader& r, const nlohmann::json& root) {
  const nlohmann::json* value = r.Find(root, "submissionScope", "", nlohmann::json::value_t::object,
                                       "a mapping {namespaces: [...], kinds: [...]}");
  if (value == nullptr) return std::nullopt;
  r.CheckKeys(*value, kScopeKeys, "submissionScope");
  SubmissionScope scope;
  for (const char* key : {"namespaces", "kinds"}) {
    const std::string path = std::string("submissionScope.") + key;
    const nlohmann::json* list = r.Find(
        *value, key, "submissionScope", nlohmann::json::value_t::array,
        std::string(key) == "kinds" ? "a sequence of kinds like NetworkPolicy" : "a sequence of namespace names");
    if (list == nullptr) continue;
    std::vector<std::string>& out = std::string(key) == "kinds" ? scope.kinds : scope.namespaces;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const nlohmann::json& item = (*list)[i];
      const std::string at = Index(path, i);
      if (!item.is_string() || item.get<std::string>().empty()) {
        r.Error(at,
                "expected a name, found " + (item.is_string() ? std::string("an empty string") : DescribeType(item)));
        continue;
      }
      std::string name = item.get<std::string>();
      std::string why;
      if (&out == &scope.namespaces && !CheckDns1123Label(name, &why)) {
        r.Error(at, "'" + name + "' is not a valid namespace name: " + why);
        continue;
      }
      if (&out == &scope.kinds) {
        if (name.find('/') != std::string::npos || name.find('.') != std::string::npos) {
          r.Error(at, "'" + name + "': a kind is written without its API group or version (NetworkPolicy, not " +
                          "networking.k8s.io/NetworkPolicy); it means the kind of the Kubernetes API");
          continue;
        }
        bool modelled = std::find(kModelledKinds.begin(), kModelledKinds.end(), name) != kModelledKinds.end();
        if (!modelled) {
          for (const std::string& known : kModelledKinds) {
            if (Upper(known) == Upper(name)) {
              r.Error(at, "unknown kind '" + name + "' (did you mean '" + known + "'?)");
              modelled = true;
            }
          }
          if (modelled) continue;
        }
      }
      out.push_back(std::move(name));
    }
  }
  if (scope.namespaces.empty() && scope.kinds.empty() && r.ok()) {
    r.Error("submissionScope",
            "names neither namespaces nor kinds: it would allow everything (list what a "
            "submission may contain, or remove the key)");
  }
  return scope;
}

bool Listed(const std::vector<std::string>& list, const std::string& name) {
  return list.empty() || std::find(list.begin(), list.end(), name) != list.end();
}

// Reports every document of `blocks` outside `scope` as an error at its file, document and field; returns how
// many. A namespaced object must be in a listed namespace; a Namespace object must be one of them; any other
// cluster-scoped object (Node, IngressClass) is outside a scope that lists namespaces unless its kind is listed.
int CheckScope(const SubmissionScope& scope, const std::vector<DecodedBlock>& blocks, std::size_t first,
               const std::string& default_namespace, Diagnostics& diag, std::string& first_message) {
  int violations = 0;
  const std::string allowed = ": the exercise's submissionScope allows " + scope.ToString();
  for (std::size_t b = first; b < blocks.size(); ++b) {
    const DecodedBlock& block = blocks[b];
    for (const DecodedDocument& doc : block.docs) {
      std::string kind;
      std::string ns;
      std::string name;
      bool cluster_scoped = false;
      bool other_group = false;
      if (doc.skipped) {
        kind = doc.skipped->kind;
        const std::string& object = doc.skipped->object;
        std::size_t slash = object.find('/');
        ns = slash == std::string::npos ? default_namespace : object.substr(0, slash);
        name = slash == std::string::npos ? object : object.substr(slash + 1);
        other_group = std::find(kModelledKinds.begin(), kModelledKinds.end(), kind) != kModelledKinds.end();
      } else if (doc.kind != ObjectKind::kNone) {
        kind = doc.kind_name;
        auto [key_ns, key_name] = block.Key(doc);
        if (key_name == nullptr) continue;
        name = *key_name;
        cluster_scoped = kind == "Namespace" || kind == "Node" || kind == "IngressClass";
        if (!cluster_scoped && key_ns != nullptr) ns = *key_ns;
      } else {
        continue;  // no kind: already an error
      }
      std::string object = kind + " " + (cluster_scoped || ns.empty() ? name : ns + "/" + name);
      std::string field;
      std::string problem;
      if (other_group && !scope.kinds.empty()) {
        field = "apiVersion";
        problem = kind + " of " + doc.skipped->api_version + " is not the Kubernetes " + kind +
                  ", and not one this submission may contain";
      } else if (!Listed(scope.kinds, kind)) {
        field = "kind";
        problem = kind + " is not a kind this submission may contain";
      } else if (kind == "Namespace") {
        if (!Listed(scope.namespaces, name)) {
          field = "metadata.name";
          problem = "namespace " + name + " is not one this submission may create";
        }
      } else if (cluster_scoped) {
        if (!scope.namespaces.empty() && scope.kinds.empty()) {
          field = "kind";
          problem = "a " + kind + " belongs to no namespace, and this submission may touch only the namespaces listed";
        }
      } else if (!Listed(scope.namespaces, ns)) {
        field = "metadata.namespace";
        problem = "namespace " + ns + " is not one this submission may touch";
      }
      if (problem.empty()) continue;
      Location where = DocLocation(block.source, doc.index, doc.path.empty() ? field : doc.path + "." + field);
      where.object = object;
      std::string message = "outside the exercise's scope: " + problem + allowed;
      if (violations == 0) first_message = Diagnostic{Severity::kError, where, message}.ToString();
      diag.Error(std::move(where), std::move(message));
      ++violations;
    }
  }
  return violations;
}

// A whole-folder hand-in: `dir` (or its one subfolder) is a copy of the exercise folder when it holds the scenario
// file's name or a folder the scenario's `submission:` names. Returns the folder that is the copy, or "".
std::string ExerciseCopy(const fs::path& dir, const std::string& scenario_file, const std::vector<std::string>& paths) {
  std::error_code ec;
  auto is_copy = [&](const fs::path& d) {
    if (fs::is_regular_file(d / scenario_file, ec)) return true;
    for (const std::string& p : paths) {
      fs::path rel = fs::path(p).lexically_normal();
      if (rel.empty() || rel.is_absolute() || *rel.begin() == "..") continue;
      if (!rel.has_filename()) rel = rel.parent_path();
      if (fs::is_directory(d / rel, ec)) return true;
    }
    return false;
  };
  if (!fs::is_directory(dir, ec)) return "";
  if (is_copy(dir)) return dir.string();
  // A zip unpacked into its own folder: alice/02-allow-one-app/... and nothing else beside it.
  fs::path only;
  int entries = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.' || name == "__MACOSX") continue;
    ++entries;
    only = entry.path();
  }
  if (entries == 1 && fs::is_directory(only, ec) && !fs::is_symlink(only, ec) && is_copy(only)) {
    return only.string();
  }
  return "";
}

}  // namespace

std::string SubmissionScope::ToString() const {
  std::string out;
  if (!namespaces.empty()) out += "namespaces: " + Join(namespaces, ", ");
  if (!kinds.empty()) out += std::string(out.empty() ? "" : "; ") + "kinds: " + Join(kinds, ", ");
  return out;
}

const std::vector<const char*>& ScenarioKeys() {
  static const std::vector<const char*> keys = {"expect",  "resources",  "include",
                                                "cluster", "submission", "expectMatrix"};
  return keys;
}

bool IsScenarioBody(const nlohmann::json& value) {
  if (!value.is_object() || value.contains("kind")) return false;
  for (const char* key : ScenarioKeys()) {
    if (value.contains(key)) return true;
  }
  return false;
}

bool ReadScenarioParts(const std::string& source, const std::string& text, const std::string& base_dir,
                       ScenarioParts& parts, Diagnostics& diag, const ReadSettings& settings,
                       const ScenarioOverrides& overrides) {
  int errors_before = diag.ErrorCount();
  Scenario& scenario = parts.scenario;
  scenario.source = source;
  scenario.name = fs::path(source).stem().string();

  std::vector<TextValue> values = ReadTextValues(source, text, 0, diag);
  if (diag.ErrorCount() > errors_before) return false;
  const TextValue* body = nullptr;
  for (const TextValue& v : values) {
    if (v.value.is_null()) continue;
    if (body == nullptr) {
      body = &v;
    } else {
      diag.Error(DocLocation(source, v.index),
                 "a scenario file holds one document; put further objects under `resources:` or in an "
                 "included file");
      return false;
    }
  }
  if (body == nullptr) {
    diag.Error(FileLocation(source), "empty scenario file");
    return false;
  }
  const nlohmann::json& root = body->value;
  if (!root.is_object()) {
    diag.Error(DocLocation(source, 1),
               "expected a scenario (a mapping with expect, resources, include or cluster), "
               "found " +
                   DescribeType(root));
    return false;
  }
  if (root.contains("kind")) {
    diag.Error(DocLocation(source, 1), "a Kubernetes object (it has `kind`), not a scenario");
    return false;
  }

  FieldReader r(source, diag);
  r.CheckKeys(root, kScenarioKeys, "");
  r.String(root, "name", "", scenario.name);
  r.String(root, "description", "", scenario.description);
  parts.config.default_namespace = settings.config.default_namespace;  // unless `cluster.defaultNamespace` says
  if (const nlohmann::json* cluster = r.Find(root, "cluster", "", nlohmann::json::value_t::object, "a mapping")) {
    ReadCluster(r, *cluster, parts.config, scenario.options);
  }
  ReadSettings own = settings;  // the included files take the scenario's default namespace
  own.config.default_namespace = parts.config.default_namespace;
  if (const nlohmann::json* include =
          r.Find(root, "include", "", nlohmann::json::value_t::array, "a sequence of files or folders")) {
    ReadIncludes(r, *include, base_dir, own, parts.included, diag);
  }
  scenario.scope = ReadScope(r, root);
  auto submission = root.find("submission");
  bool has_submission = submission != root.end() && !submission->is_null();
  if (scenario.scope && !has_submission) {
    r.Error("submissionScope",
            "says what a submission may contain, and this scenario has no `submission:` (add "
            "`submission: manifests/` naming the files a student edits)");
  }
  const std::size_t submission_first = parts.included.size();
  if (overrides.submission) {
    if (!has_submission) {
      r.Error("",
              "--submission replaces the scenario's `submission:` folder, and this scenario has none (add "
              "`submission: manifests/` naming the files a student edits)");
    }
    std::vector<std::string> own_paths;
    if (has_submission) own_paths = ReadSubmissionPaths(r, *submission);  // still checked
    const std::string scenario_file = fs::path(source).filename().string();
    for (const std::string& path : has_submission ? *overrides.submission : std::vector<std::string>{}) {
      scenario.submission.push_back(path);
      std::string copy = path.empty() ? "" : ExerciseCopy(path, scenario_file, own_paths);
      if (copy.empty()) {
        scenario.submission_read.push_back(path);
        ReadIncludedPath(r, "submission (--submission " + path + ")", path, "", own, parts.included, diag);
        continue;
      }
      std::vector<std::string> graded;
      for (const std::string& p : own_paths) graded.push_back((fs::path(copy) / p).string());
      scenario.submission_read.insert(scenario.submission_read.end(), graded.begin(), graded.end());
      diag.Info(FileLocation(path), "a copy of the exercise folder (whole-folder hand-in): grading " +
                                        Join(graded, " and ") + ", as the scenario's `submission:` says");
      for (std::size_t i = 0; i < own_paths.size(); ++i) {
        ReadIncludedPath(r, "submission (--submission " + path + ": " + own_paths[i] + ")", own_paths[i], copy, own,
                         parts.included, diag);
      }
    }
  } else if (has_submission) {
    std::vector<std::string> paths = ReadSubmissionPaths(r, *submission);
    for (std::size_t i = 0; i < paths.size(); ++i) {
      std::string field = submission->is_array() ? Index("submission", i) : "submission";
      scenario.submission.push_back(paths[i]);
      fs::path read(paths[i]);
      if (read.is_relative() && !base_dir.empty()) read = (fs::path(base_dir) / read).lexically_normal();
      scenario.submission_read.push_back(read.string());
      ReadIncludedPath(r, field, paths[i], base_dir, own, parts.included, diag);
    }
  }
  for (std::size_t b = submission_first; b < parts.included.size(); ++b) {
    const std::string& file = parts.included[b].source;
    if (std::find(scenario.submission_files.begin(), scenario.submission_files.end(), file) ==
        scenario.submission_files.end()) {
      scenario.submission_files.push_back(file);
    }
  }
  if (scenario.scope) {
    parts.scope_violations = CheckScope(*scenario.scope, parts.included, submission_first, own.config.default_namespace,
                                        diag, parts.first_scope_violation);
  }
  if (const nlohmann::json* resources =
          r.Find(root, "resources", "", nlohmann::json::value_t::array, "a sequence of Kubernetes objects")) {
    for (std::size_t i = 0; i < resources->size(); ++i) {
      AddDocument(source, 1, Index("resources", i), (*resources)[i], parts.documents, diag);
    }
  }
  if (const nlohmann::json* expect =
          r.Find(root, "expect", "", nlohmann::json::value_t::array, "a sequence of expectations")) {
    for (std::size_t i = 0; i < expect->size(); ++i) {
      std::string path = Index("expect", i);
      const nlohmann::json& item = (*expect)[i];
      if (!item.is_object()) {
        r.Error(path, "expected a mapping {from, to, port, protocol, result}, found " + DescribeType(item));
        continue;
      }
      Expectation e;
      e.where = DocLocation(source, 1, path);
      ReadExpectation(r, item, path, e);
      scenario.expect.push_back(std::move(e));
    }
  }
  auto expect_key = root.find("expect");
  auto matrices = root.find("expectMatrix");
  scenario.declares_expectations =
      (expect_key != root.end() && !expect_key->is_null()) || (matrices != root.end() && !matrices->is_null());
  if (matrices != root.end() && !matrices->is_null()) {
    if (matrices->is_object()) {
      ReadExpectMatrix(r, *matrices, "expectMatrix", 0, source, scenario.expect);
    } else if (matrices->is_array()) {
      for (std::size_t i = 0; i < matrices->size(); ++i) {
        ReadExpectMatrix(r, (*matrices)[i], Index("expectMatrix", i), static_cast<int>(i), source, scenario.expect);
      }
    } else {
      r.Error("expectMatrix",
              "expected a mapping {port, protocol, table} or a sequence of them, found " + DescribeType(*matrices));
    }
  }
  return r.ok() && diag.ErrorCount() == errors_before;
}

}  // namespace kreach
