#include "sim/loader/json_reader.h"

#include <cmath>

#include "sim/loader/document_internal.h"

namespace kreach {

std::string JoinPath(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

void ObjectReporter::Error(const std::string& path, std::string message) {
  Location where = base_;
  where.path = path;
  diag_.Error(std::move(where), std::move(message));
  ++errors_;
}

void ObjectReporter::Warning(const std::string& path, std::string message) {
  Location where = base_;
  where.path = path;
  diag_.Warning(std::move(where), std::move(message));
}

void ObjectReporter::Info(const std::string& path, std::string message) {
  Location where = base_;
  where.path = path;
  diag_.Info(std::move(where), std::move(message));
}

bool ObjectReporter::ApiRule(const std::string& path, std::string message) {
  if (relaxed_) {
    Warning(path, std::move(message));
    return false;
  }
  Error(path, std::move(message));
  return true;
}

JsonField JsonField::operator[](const char* key) const {
  const nlohmann::json* child = nullptr;
  if (value_ != nullptr && value_->is_object()) {
    auto it = value_->find(key);
    if (it != value_->end()) child = &*it;
  }
  return JsonField(child, JoinPath(path_, key), reporter_);
}

void JsonField::TypeError(const char* expected) const {
  Error(std::string("must be ") + expected + ", found " + DescribeType(*value_));
}

std::vector<JsonField> JsonField::Items() const {
  std::vector<JsonField> out;
  if (!present()) return out;
  if (!value_->is_array()) {
    TypeError("a list");
    return out;
  }
  for (std::size_t i = 0; i < value_->size(); ++i) {
    out.emplace_back(&(*value_)[i], path_ + "[" + std::to_string(i) + "]", reporter_);
  }
  return out;
}

std::vector<std::pair<std::string, JsonField>> JsonField::Members() const {
  std::vector<std::pair<std::string, JsonField>> out;
  if (!IsObject()) return out;
  for (auto it = value_->begin(); it != value_->end(); ++it) {
    out.emplace_back(it.key(), JsonField(&it.value(), JoinPath(path_, it.key()), reporter_));
  }
  return out;
}

bool JsonField::IsObject() const {
  if (!present()) return false;
  if (!value_->is_object()) {
    TypeError("an object");
    return false;
  }
  return true;
}

std::optional<std::string> JsonField::String() const {
  if (!present()) return std::nullopt;
  if (!value_->is_string()) {
    TypeError("a string");
    return std::nullopt;
  }
  return value_->get_ref<const std::string&>();
}

std::optional<std::int64_t> JsonField::Int() const {
  if (!present()) return std::nullopt;
  if (value_->is_number_integer()) {
    if (value_->is_number_unsigned() && value_->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
      Error("must be an integer, found a number out of range");
      return std::nullopt;
    }
    return value_->get<std::int64_t>();
  }
  if (value_->is_number_float()) {
    double d = value_->get<double>();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15) return static_cast<std::int64_t>(d);
  }
  TypeError("an integer");
  return std::nullopt;
}

std::optional<bool> JsonField::Bool() const {
  if (!present()) return std::nullopt;
  if (!value_->is_boolean()) {
    TypeError("a boolean");
    return std::nullopt;
  }
  return value_->get<bool>();
}

std::optional<IntOrString> JsonField::IntOrStr() const {
  if (!present()) return std::nullopt;
  IntOrString out;
  if (value_->is_string()) {
    out.name = value_->get_ref<const std::string&>();
    return out;
  }
  if (value_->is_number()) {
    std::optional<std::int64_t> n = Int();
    if (!n) return std::nullopt;
    out.is_int = true;
    out.number = *n;
    return out;
  }
  TypeError("an integer or a string");
  return std::nullopt;
}

std::optional<Labels> JsonField::StringMap() const {
  if (!present()) return std::nullopt;
  if (!IsObject()) return std::nullopt;
  Labels out;
  bool ok = true;
  for (auto& [key, field] : Members()) {
    std::optional<std::string> v = field.String();
    if (!v) {
      if (!field.present()) {
        field.Error("must be a string, found null");
      }
      ok = false;
      continue;
    }
    out[key] = *v;
  }
  if (!ok) return std::nullopt;
  return out;
}

std::string JsonField::StringOr(const std::string& fallback) const {
  std::optional<std::string> v = String();
  return v ? *v : fallback;
}

std::int64_t JsonField::IntOr(std::int64_t fallback) const {
  std::optional<std::int64_t> v = Int();
  return v ? *v : fallback;
}

bool JsonField::BoolOr(bool fallback) const {
  std::optional<bool> v = Bool();
  return v ? *v : fallback;
}

}  // namespace kreach
