#include "sim/loader/decode_meta.h"

#include "sim/loader/decode_selector.h"
#include "sim/loader/validate_names.h"

namespace kreach {

std::string ObjectMeta::Describe() const { return kind + " " + (ns.empty() ? name : ns + "/" + name); }

template <typename V>
bool DecodeObjectMeta(const JsonField<V>& body, const std::string& kind, std::string_view default_namespace,
                      NameRule rule, Origin origin, ObjectMeta& meta) {
  bool namespaced = !default_namespace.empty();
  meta.kind = kind;
  meta.origin = std::move(origin);
  JsonField<V> metadata = body["metadata"];
  if (metadata.present() && !metadata.IsObject()) return false;
  JsonField<V> name_field = metadata["name"];
  std::optional<std::string_view> name = name_field.StringView();
  if (namespaced) {
    std::optional<std::string_view> ns = metadata["namespace"].StringView();
    meta.ns = ns && !ns->empty() ? std::string(*ns) : std::string(default_namespace);
    meta.origin.namespace_defaulted = !ns || ns->empty();
  }
  if (!name || name->empty()) {
    if (!name_field.present() || (name && name->empty())) {
      body.reporter().set_object(kind);
      name_field.Error("is required (every " + kind + " needs a name)");
    }
    return false;
  }
  meta.name = std::string(*name);
  body.reporter().set_object(meta.kind, meta.ns, meta.name);
  std::string why;
  bool valid = true;
  switch (rule) {
    case NameRule::kDns1123Subdomain: valid = CheckDns1123Subdomain(meta.name, &why); break;
    case NameRule::kDns1123Label: valid = CheckDns1123Label(meta.name, &why); break;
    case NameRule::kDns1035Label: valid = CheckDns1035Label(meta.name, &why); break;
  }
  if (!valid) name_field.ApiRule("invalid name \"" + meta.name + "\": " + why);
  if (namespaced && meta.ns != default_namespace && !CheckDns1123Label(meta.ns, &why)) {
    metadata["namespace"].ApiRule("invalid namespace \"" + meta.ns + "\": " + why);
  }
  meta.labels = DecodeLabels(metadata["labels"]);
  if (std::optional<Labels> annotations = metadata["annotations"].StringMap())
    meta.annotations = std::move(*annotations);
  meta.creation_timestamp = metadata["creationTimestamp"].StringOr("");
  meta.deleting = metadata["deletionTimestamp"].present();
  return true;
}

template <typename V>
bool DecodeProtocol(const JsonField<V>& field, Protocol& out) {
  std::optional<std::string_view> text = field.StringView();
  if (!text) return true;
  std::optional<Protocol> parsed = ParseProtocol(*text);
  if (!parsed) {
    field.Error("unsupported value \"" + std::string(*text) + "\": supported values: \"TCP\", \"UDP\", \"SCTP\"");
    return false;
  }
  out = *parsed;
  return true;
}

template bool DecodeObjectMeta(const JsonField<NlohmannValue>&, const std::string&, std::string_view, NameRule, Origin,
                               ObjectMeta&);
template bool DecodeObjectMeta(const JsonField<SimdValue>&, const std::string&, std::string_view, NameRule, Origin,
                               ObjectMeta&);
template bool DecodeProtocol(const JsonField<NlohmannValue>&, Protocol&);
template bool DecodeProtocol(const JsonField<SimdValue>&, Protocol&);

}  // namespace kreach
