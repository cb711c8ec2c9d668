#include "sim/loader/json_value.h"

#include <cstdio>
#include <limits>

namespace kreach {

namespace {

constexpr std::uint64_t kInt64Max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

bool HasFloat(simdjson::dom::element element) {
  using simdjson::dom::element_type;
  switch (element.type()) {
    case element_type::DOUBLE: return true;
    case element_type::ARRAY:
      for (simdjson::dom::element child : simdjson::dom::array(element)) {
        if (HasFloat(child)) return true;
      }
      return false;
    case element_type::OBJECT:
      for (simdjson::dom::key_value_pair field : simdjson::dom::object(element)) {
        if (HasFloat(field.value)) return true;
      }
      return false;
    default: return false;
  }
}

// A string as nlohmann's serializer writes it (ensure_ascii off): the seven short escapes, \u00XX for the other
// control characters, every other byte as is. The text is valid UTF-8 (simdjson checked it).
void DumpString(std::string_view text, std::string& out) {
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c > 0x1F && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      default: {
        char escape[8];
        std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
        out += escape;
      }
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

// nlohmann's dump() of a tree without floating-point numbers (their text is nlohmann's own; see Dump()).
void DumpTo(SimdValue value, std::string& out) {
  switch (value.type()) {
    case JsonType::kNull: out += "null"; return;
    case JsonType::kBool: out += value.GetBool() ? "true" : "false"; return;
    case JsonType::kInteger: out += std::to_string(value.GetInt()); return;
    case JsonType::kUnsigned: out += std::to_string(value.GetUnsigned()); return;
    case JsonType::kString: DumpString(value.GetString(), out); return;
    case JsonType::kArray: {
      out += '[';
      bool first = true;
      value.ForEachItem([&](SimdValue item) {
        if (!first) out += ',';
        first = false;
        DumpTo(item, out);
      });
      out += ']';
      return;
    }
    case JsonType::kObject: {
      out += '{';
      bool first = true;
      value.ForEachMember([&](std::string_view key, SimdValue member) {
        if (!first) out += ',';
        first = false;
        DumpString(key, out);
        out += ':';
        DumpTo(member, out);
      });
      out += '}';
      return;
    }
    case JsonType::kFloat:
    case JsonType::kBinary: return;  // not reached: Dump() converts trees with floats
  }
}

}  // namespace

const char* DescribeJsonType(JsonType type) {
  switch (type) {
    case JsonType::kNull: return "null";
    case JsonType::kObject: return "a mapping";
    case JsonType::kArray: return "a sequence";
    case JsonType::kString: return "a string";
    case JsonType::kBool: return "a boolean";
    case JsonType::kInteger:
    case JsonType::kUnsigned: return "an integer";
    case JsonType::kFloat: return "a number";
    case JsonType::kBinary: return "binary data";
  }
  return "binary data";
}

JsonType NlohmannValue::type() const {
  switch (value_->type()) {
    case nlohmann::json::value_t::null: return JsonType::kNull;
    case nlohmann::json::value_t::object: return JsonType::kObject;
    case nlohmann::json::value_t::array: return JsonType::kArray;
    case nlohmann::json::value_t::string: return JsonType::kString;
    case nlohmann::json::value_t::boolean: return JsonType::kBool;
    case nlohmann::json::value_t::number_integer: return JsonType::kInteger;
    case nlohmann::json::value_t::number_unsigned:
      // Trees built by hand may hold small unsigned numbers; the readers store them signed.
      return value_->get<std::uint64_t>() <= kInt64Max ? JsonType::kInteger : JsonType::kUnsigned;
    case nlohmann::json::value_t::number_float: return JsonType::kFloat;
    default: return JsonType::kBinary;
  }
}

NlohmannValue NlohmannValue::Find(std::string_view key) const {
  if (value_ == nullptr || !value_->is_object()) return NlohmannValue();
  auto it = value_->find(key);
  return it == value_->end() ? NlohmannValue() : NlohmannValue(&*it);
}

JsonType SimdValue::type() const {
  using simdjson::dom::element_type;
  switch (element_.type()) {
    case element_type::NULL_VALUE: return JsonType::kNull;
    case element_type::OBJECT: return JsonType::kObject;
    case element_type::ARRAY: return JsonType::kArray;
    case element_type::STRING: return JsonType::kString;
    case element_type::BOOL: return JsonType::kBool;
    case element_type::INT64: return JsonType::kInteger;
    case element_type::UINT64:
      // The exact reader stores every integer that fits int64_t as signed.
      return std::uint64_t(element_) <= kInt64Max ? JsonType::kInteger : JsonType::kUnsigned;
    case element_type::DOUBLE: return JsonType::kFloat;
  }
  return JsonType::kBinary;
}

std::int64_t SimdValue::GetInt() const {
  if (element_.type() == simdjson::dom::element_type::UINT64) {
    return static_cast<std::int64_t>(std::uint64_t(element_));
  }
  return std::int64_t(element_);
}

SimdValue SimdValue::Find(std::string_view key) const {
  if (!exists_ || element_.type() != simdjson::dom::element_type::OBJECT) return SimdValue();
  simdjson::dom::element child;
  if (simdjson::dom::object(element_).at_key(key).get(child) != simdjson::SUCCESS) return SimdValue();
  return SimdValue(child);
}

std::size_t SimdValue::size() const {
  if (element_.type() == simdjson::dom::element_type::ARRAY) return simdjson::dom::array(element_).size();
  return simdjson::dom::object(element_).size();
}

std::string SimdValue::Dump() const {
  if (HasFloat(element_)) return ToNlohmann(element_).dump();  // nlohmann's number format, exactly
  std::string out;
  out.reserve(512);
  DumpTo(*this, out);
  return out;
}

nlohmann::json ToNlohmann(simdjson::dom::element element) {
  using simdjson::dom::element_type;
  switch (element.type()) {
    case element_type::OBJECT: {
      nlohmann::json out = nlohmann::json::object();
      for (simdjson::dom::key_value_pair field : simdjson::dom::object(element)) {
        out.emplace(std::string(field.key), ToNlohmann(field.value));
      }
      return out;
    }
    case element_type::ARRAY: {
      simdjson::dom::array array(element);
      nlohmann::json out = nlohmann::json::array();
      nlohmann::json::array_t& items = out.get_ref<nlohmann::json::array_t&>();
      items.reserve(array.size());
      for (simdjson::dom::element child : array) items.push_back(ToNlohmann(child));
      return out;
    }
    case element_type::INT64: return std::int64_t(element);
    case element_type::UINT64: {
      std::uint64_t value(element);
      if (value <= kInt64Max) return static_cast<std::int64_t>(value);
      return value;
    }
    case element_type::DOUBLE: return double(element);
    case element_type::STRING: return std::string(std::string_view(element));
    case element_type::BOOL: return bool(element);
    case element_type::NULL_VALUE: return nullptr;
  }
  return nullptr;
}

}  // namespace kreach
