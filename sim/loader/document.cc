#include "sim/loader/document.h"

#include <cstdint>
#include <string>
#include <utility>

#include "sim/loader/document_internal.h"
#include "sim/loader/json_reader.h"
#include "sim/model/limits.h"
#include "sim/model/text.h"

namespace kreach {

namespace {

bool IsListKind(const nlohmann::json& body) {
  auto kind = body.find("kind");
  if (kind == body.end() || !kind->is_string()) return false;
  const std::string& k = kind->get_ref<const std::string&>();
  return EndsWith(k, "List") && body.contains("items");
}

}  // namespace

std::string DescribeType(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::object: return "a mapping";
    case nlohmann::json::value_t::array: return "a sequence";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return "an integer";
    case nlohmann::json::value_t::number_float: return "a number";
    default: return "binary data";
  }
}

std::vector<TextValue> ReadTextValues(const std::string& source, const std::string& text, std::size_t max_values,
                                      Diagnostics& diag, ReaderMode mode) {
  std::vector<TextValue> values;
  if (!CheckUtf8(source, text, diag)) return values;
  // One value more than the limit allows tells that the text has too many.
  const std::uint64_t limit = CurrentLimits().documents;
  const bool limited = max_values == 0 || max_values > limit;
  if (limited) max_values = static_cast<std::size_t>(limit) + 1;
  if (LooksLikeJson(text)) {
    if (mode == ReaderMode::kExact) {
      ReadJsonValuesExact(source, text, max_values, values, diag);
    } else {
      ReadJsonValues(source, text, max_values, values, diag);
    }
  } else {
    ReadYamlValues(source, text, max_values, values, diag);
  }
  if (limited && values.size() > limit) {
    values.resize(static_cast<std::size_t>(limit));
    diag.Error(FileLocation(source),
               "more than " + LimitValue("documents") + " documents in one file " + LimitHint("documents"));
  }
  return values;
}

void AddDocument(const std::string& source, int index, const std::string& path, nlohmann::json body,
                 std::vector<Document>& out, Diagnostics& diag) {
  if (!body.is_object()) {
    diag.Error(DocLocation(source, index, path),
               "expected a mapping (a Kubernetes object), found " + DescribeType(body));
    return;
  }
  if (!IsListKind(body)) {
    out.push_back(Document{source, index, path, std::move(body)});
    return;
  }
  nlohmann::json& items = body["items"];
  if (items.is_null()) return;  // an empty list as some clients write it
  if (!items.is_array()) {
    diag.Error(DocLocation(source, index, JoinPath(path, "items")),
               "expected a sequence, found " + DescribeType(items));
    return;
  }
  if (items.size() > CurrentLimits().documents) {
    diag.Error(DocLocation(source, index, JoinPath(path, "items")),
               std::to_string(items.size()) + " items, more than the limit of " + LimitValue("documents") +
                   " documents in one file " + LimitHint("documents"));
    return;
  }
  // A typed list (PodList, NamespaceList, ...) as the API server returns it leaves `kind` and `apiVersion` out
  // of its items: they are the list's own, minus "List". kubectl decodes them so; so does kreach.
  std::string item_kind;
  const nlohmann::json& list_kind = body["kind"];
  if (list_kind.is_string()) {
    const std::string& k = list_kind.get_ref<const std::string&>();
    if (k.size() > 4 && k.compare(k.size() - 4, 4, "List") == 0) item_kind = k.substr(0, k.size() - 4);
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    nlohmann::json& item = items[i];
    if (!item_kind.empty() && item.is_object() && !item.contains("kind")) {
      item["kind"] = item_kind;
      if (!item.contains("apiVersion") && body.contains("apiVersion")) item["apiVersion"] = body["apiVersion"];
    }
    AddDocument(source, index, JoinPath(path, "items[" + std::to_string(i) + "]"), std::move(item), out, diag);
  }
}

std::vector<Document> ParseDocuments(const std::string& source, const std::string& text, Diagnostics& diag) {
  std::vector<Document> docs;
  for (TextValue& v : ReadTextValues(source, text, 0, diag)) {
    if (v.value.is_null()) continue;  // empty document
    AddDocument(source, v.index, "", std::move(v.value), docs, diag);
  }
  return docs;
}

}  // namespace kreach
