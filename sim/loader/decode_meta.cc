#include "sim/loader/decode_meta.h"

#include "sim/loader/decode_selector.h"
#include "sim/loader/validate_names.h"

namespace kreach {

std::string ObjectMeta::Describe() const { return kind + " " + (ns.empty() ? name : ns + "/" + name); }

std::optional<ObjectMeta> DecodeObjectMeta(const JsonField& body, const std::string& kind, bool namespaced,
                                           NameRule rule, const Origin& origin) {
  ObjectMeta meta;
  meta.kind = kind;
  meta.origin = origin;
  JsonField metadata = body["metadata"];
  if (metadata.present() && !metadata.IsObject()) return std::nullopt;
  JsonField name_field = metadata["name"];
  std::optional<std::string> name = name_field.String();
  if (namespaced) {
    std::optional<std::string> ns = metadata["namespace"].String();
    meta.ns = ns && !ns->empty() ? *ns : "default";
  }
  if (!name || name->empty()) {
    if (!name_field.present() || (name && name->empty())) {
      body.reporter().set_object(kind);
      name_field.Error("is required (every " + kind + " needs a name)");
    }
    return std::nullopt;
  }
  meta.name = *name;
  body.reporter().set_object(meta.Describe());
  std::string why;
  switch (rule) {
    case NameRule::kDns1123Subdomain: why = CheckDns1123Subdomain(meta.name); break;
    case NameRule::kDns1123Label: why = CheckDns1123Label(meta.name); break;
    case NameRule::kDns1035Label: why = CheckDns1035Label(meta.name); break;
  }
  if (!why.empty()) name_field.ApiRule("invalid name \"" + meta.name + "\": " + why);
  if (namespaced && meta.ns != "default") {
    why = CheckDns1123Label(meta.ns);
    if (!why.empty()) metadata["namespace"].ApiRule("invalid namespace \"" + meta.ns + "\": " + why);
  }
  meta.labels = DecodeLabels(metadata["labels"]);
  if (std::optional<Labels> annotations = metadata["annotations"].StringMap()) meta.annotations = *annotations;
  meta.creation_timestamp = metadata["creationTimestamp"].StringOr("");
  meta.deleting = metadata["deletionTimestamp"].present();
  return meta;
}

bool DecodeProtocol(const JsonField& field, Protocol& out) {
  std::optional<std::string> text = field.String();
  if (!text) return true;
  std::optional<Protocol> parsed = ParseProtocol(*text);
  if (!parsed) {
    field.Error("unsupported value \"" + *text + "\": supported values: \"TCP\", \"UDP\", \"SCTP\"");
    return false;
  }
  out = *parsed;
  return true;
}

}  // namespace kreach
