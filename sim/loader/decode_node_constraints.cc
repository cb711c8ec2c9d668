#include "sim/loader/decode_node_constraints.h"

#include <string>
#include <utility>

#include "sim/loader/decode_selector.h"
#include "sim/loader/validate_names.h"

namespace kreach {

namespace {

constexpr const char* kNodeNameField = "metadata.name";  // the only field a node field selector may name

/// One requirement of matchExpressions (`field` false) or matchFields (`field` true); nullopt when invalid.
template <typename V>
std::optional<NodeSelectorRequirement> DecodeRequirement(const JsonField<V>& item, bool field) {
  if (!item.IsObject()) return std::nullopt;
  NodeSelectorRequirement req;
  bool ok = true;
  JsonField<V> key = item["key"], op = item["operator"], values = item["values"];
  if (std::optional<std::string> text = key.String()) {
    std::string why;
    if (field && *text != kNodeNameField) {
      key.Error("\"" + *text + "\" is not a valid field selector key (the only one is metadata.name)");
      ok = false;
    } else if (!field && !CheckQualifiedName(*text, &why)) {
      key.Error("invalid label key \"" + *text + "\": " + why);
      ok = false;
    }
    req.key = *text;
  } else {
    if (!key.present()) key.Error("is required");
    ok = false;
  }
  for (const JsonField<V>& v : values.Items()) {
    if (std::optional<std::string> value = v.String()) req.values.push_back(*value);
  }
  std::optional<NodeSelectorOp> parsed;
  if (std::optional<std::string> text = op.String()) {
    parsed = ParseNodeSelectorOp(*text);
    bool in_or_not_in = parsed == NodeSelectorOp::kIn || parsed == NodeSelectorOp::kNotIn;
    if (!parsed || (field && !in_or_not_in)) {
      op.Error("\"" + *text + "\" is not a valid selector operator (" +
               (field ? "In, NotIn" : "In, NotIn, Exists, DoesNotExist, Gt, Lt") + ")");
      parsed.reset();
    }
  } else if (!op.present()) {
    op.Error("is required");
  }
  if (!parsed) return std::nullopt;
  req.op = *parsed;
  std::size_t n = req.values.size();
  switch (req.op) {
    case NodeSelectorOp::kIn:
    case NodeSelectorOp::kNotIn:
      if (field && n != 1) {
        values.Error("must be only one value when `operator` is 'In' or 'NotIn' for node field selector");
        ok = false;
      } else if (n == 0) {
        values.Error("must be specified when `operator` is 'In' or 'NotIn'");
        ok = false;
      }
      break;
    case NodeSelectorOp::kExists:
    case NodeSelectorOp::kDoesNotExist:
      if (n > 0) {
        values.Error("may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
        ok = false;
      }
      break;
    case NodeSelectorOp::kGt:
    case NodeSelectorOp::kLt:
      if (n != 1) {
        values.Error("must be specified single value when `operator` is 'Lt' or 'Gt'");
        ok = false;
      }
      break;
  }
  if (!ok) return std::nullopt;
  return req;
}

}  // namespace

template <typename V>
std::shared_ptr<const NodeConstraints> DecodeNodeConstraints(const JsonField<V>& spec) {
  JsonField<V> selector = spec["nodeSelector"];
  JsonField<V> required =
      spec["affinity"].Mapping()["nodeAffinity"].Mapping()["requiredDuringSchedulingIgnoredDuringExecution"];
  if (!selector.present() && !required.present()) return nullptr;
  NodeConstraints out;
  out.node_selector = DecodeLabels(selector);
  if (required.IsObject()) {
    JsonField<V> terms = required["nodeSelectorTerms"];
    if (!terms.present() || (terms.value().type() == JsonType::kArray && terms.value().size() == 0)) {
      terms.Error("must have at least one node selector term");
    }
    for (const JsonField<V>& item : terms.Items()) {
      if (!item.IsObject()) continue;
      NodeSelectorTerm term;
      for (const JsonField<V>& e : item["matchExpressions"].Items()) {
        if (std::optional<NodeSelectorRequirement> req = DecodeRequirement(e, false)) {
          term.match_expressions.push_back(std::move(*req));
        }
      }
      for (const JsonField<V>& f : item["matchFields"].Items()) {
        if (std::optional<NodeSelectorRequirement> req = DecodeRequirement(f, true)) {
          term.match_fields.push_back(std::move(*req));
        }
      }
      out.affinity.push_back(std::move(term));
    }
  }
  if (out.Empty()) return nullptr;
  return std::make_shared<const NodeConstraints>(std::move(out));
}

template std::shared_ptr<const NodeConstraints> DecodeNodeConstraints(const JsonField<NlohmannValue>&);
template std::shared_ptr<const NodeConstraints> DecodeNodeConstraints(const JsonField<SimdValue>&);

}  // namespace kreach
