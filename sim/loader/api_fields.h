// The fields the Kubernetes API defines for each kind kreach decodes, and the check that a document has no
// other: kubectl's strict field validation, so that a typo (`form:` for `from:`) is never silently dropped.
// Loader-internal.
#ifndef KREACH_SIM_LOADER_API_FIELDS_H_
#define KREACH_SIM_LOADER_API_FIELDS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/loader/json_reader.h"

namespace kreach {

/// One field of an object type: its JSON name and the index of its type in ApiTable::types.
struct ApiField {
  std::string_view name;
  std::uint16_t type;
};

/// A type of the API. Scalars (strings, numbers, booleans, enums, IntOrString, Quantity, Time) and free-form
/// values (RawExtension, FieldsV1) are not looked into; lists and maps check their elements.
struct ApiType {
  enum class Kind : std::uint8_t { kScalar, kAny, kList, kMap, kObject };
  Kind kind;
  std::uint16_t element;      ///< kList, kMap: the element's type
  std::uint16_t first_field;  ///< kObject: its fields are fields[first_field, first_field + field_count), by name
  std::uint16_t field_count;
  const char* name;  ///< "CoreV1PodSpec", for messages and tests
};

/// A kind kreach decodes, in the one apiVersion it decodes it in.
struct ApiKind {
  const char* api_version;  ///< "networking.k8s.io/v1", or "v1" for the core group
  const char* kind;
  std::uint16_t type;  ///< the whole object's type
};

/// The generated table (api_fields_table.cc, made by gen_api_fields.mjs).
struct ApiTable {
  const ApiType* types;
  std::size_t type_count;
  const ApiField* fields;
  std::size_t field_count;
  const ApiKind* kinds;
  std::size_t kind_count;
  const char* source;  ///< the packages it was generated from
};
ApiTable BuiltinApiTable();

/// The kind `kind` of apiVersion `api_version` in the table; nullptr when kreach does not decode that pair.
const ApiKind* FindApiKind(std::string_view api_version, std::string_view kind);
/// The apiVersion kreach decodes `kind` in; nullptr for a kind it does not decode.
const char* DecodedApiVersion(std::string_view kind);

/// What a removed (or never served) version of a decoded kind was replaced by: "networking.k8s.io/v1 (since
/// Kubernetes 1.22)"; nullptr when `api_version` is not a known old version of `kind`.
const char* ReplacementOf(std::string_view api_version, std::string_view kind);

/// Reports every member of `body` that its kind's type (`kind`) does not define, recursively, with a "did you
/// mean" when a defined name is close: as an error, or a warning when `warn`. Returns the number reported.
template <typename V>
int CheckApiFields(const JsonField<V>& body, const ApiKind& kind, bool warn);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_API_FIELDS_H_
