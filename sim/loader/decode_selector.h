// Labels and label selectors from JSON, validated as the API server does (VAL-2). Loader-internal.
#ifndef KREACH_SIM_LOADER_DECODE_SELECTOR_H_
#define KREACH_SIM_LOADER_DECODE_SELECTOR_H_

#include <optional>

#include "sim/loader/json_reader.h"
#include "sim/model/label_selector.h"

namespace kreach {

/// A label map (metadata.labels, a template's labels, Service selectors): keys are qualified names, values
/// label values. Absent → empty. Invalid entries are reported and left out.
template <typename V>
Labels DecodeLabels(const JsonField<V>& field);

/// A metav1.LabelSelector: matchLabels (validated as labels) and matchExpressions (key a qualified name;
/// operator In/NotIn with ≥1 value, Exists/DoesNotExist with none; values label values). Absent → nullopt;
/// an invalid selector is reported and returns nullopt (the document is then in error).
template <typename V>
std::optional<LabelSelector> DecodeLabelSelector(const JsonField<V>& field);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_DECODE_SELECTOR_H_
