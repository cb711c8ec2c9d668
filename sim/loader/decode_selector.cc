#include "sim/loader/decode_selector.h"

#include <string>

#include "sim/loader/validate_names.h"

namespace kreach {

namespace {

/// Validates one key/value pair; reports under `path` and returns false when invalid.
template <typename V>
bool CheckLabel(const JsonField<V>& at, std::string_view key, std::string_view value) {
  std::string why;
  if (!CheckQualifiedName(key, &why)) {
    at.Error("invalid label key \"" + std::string(key) + "\": " + why);
    return false;
  }
  if (!CheckLabelValue(value, &why)) {
    at.Error("invalid label value \"" + std::string(value) + "\" for key \"" + std::string(key) + "\": " + why);
    return false;
  }
  return true;
}

std::optional<LabelRequirement::Op> ParseOperator(std::string_view op) {
  if (op == "In") return LabelRequirement::Op::kIn;
  if (op == "NotIn") return LabelRequirement::Op::kNotIn;
  if (op == "Exists") return LabelRequirement::Op::kExists;
  if (op == "DoesNotExist") return LabelRequirement::Op::kDoesNotExist;
  return std::nullopt;
}

}  // namespace

template <typename V>
Labels DecodeLabels(const JsonField<V>& field) {
  Labels out;
  field.ForEachMember([&](std::string_view key, const JsonField<V>& value_field) {
    std::optional<std::string_view> value = value_field.StringView();
    if (!value) {
      if (!value_field.present()) value_field.Error("must be a string, found null");
      return;
    }
    // Members come in key order, so each label goes at the end.
    if (CheckLabel(value_field, key, *value)) out.emplace_hint(out.end(), std::string(key), std::string(*value));
  });
  return out;
}

template <typename V>
std::optional<LabelSelector> DecodeLabelSelector(const JsonField<V>& field) {
  if (!field.present()) return std::nullopt;
  if (!field.IsObject()) return std::nullopt;
  int errors_before = field.reporter().errors();
  LabelSelector selector;
  selector.match_labels = DecodeLabels(field["matchLabels"]);
  for (const JsonField<V>& expr : field["matchExpressions"].Items()) {
    if (!expr.IsObject()) continue;
    LabelRequirement req;
    std::optional<std::string> key = expr["key"].String();
    std::optional<std::string> op = expr["operator"].String();
    if (!key) {
      if (!expr["key"].present()) expr["key"].Error("is required");
    } else {
      std::string why;
      if (!CheckQualifiedName(*key, &why)) expr["key"].Error("invalid label key \"" + *key + "\": " + why);
      req.key = *key;
    }
    std::optional<LabelRequirement::Op> parsed;
    if (!op) {
      if (!expr["operator"].present()) expr["operator"].Error("is required");
    } else {
      parsed = ParseOperator(*op);
      if (!parsed) {
        expr["operator"].Error("\"" + *op + "\" is not a valid selector operator (In, NotIn, Exists, DoesNotExist)");
      }
    }
    for (const JsonField<V>& v : expr["values"].Items()) {
      std::optional<std::string> value = v.String();
      if (!value) continue;
      std::string why;
      if (!CheckLabelValue(*value, &why)) v.Error("invalid label value \"" + *value + "\": " + why);
      req.values.push_back(*value);
    }
    if (parsed) {
      req.op = *parsed;
      bool needs_values = *parsed == LabelRequirement::Op::kIn || *parsed == LabelRequirement::Op::kNotIn;
      if (needs_values && req.values.empty()) {
        expr["values"].Error("must be specified when `operator` is 'In' or 'NotIn'");
      } else if (!needs_values && !req.values.empty()) {
        expr["values"].Error("may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
      }
    }
    selector.match_expressions.push_back(std::move(req));
  }
  if (field.reporter().errors() != errors_before) return std::nullopt;
  return selector;
}

template Labels DecodeLabels(const JsonField<NlohmannValue>&);
template Labels DecodeLabels(const JsonField<SimdValue>&);
template std::optional<LabelSelector> DecodeLabelSelector(const JsonField<NlohmannValue>&);
template std::optional<LabelSelector> DecodeLabelSelector(const JsonField<SimdValue>&);

}  // namespace kreach
