#include "sim/loader/json_reader.h"

#include <cmath>
#include <sstream>
#include <vector>

namespace kreach {

std::string JoinPath(const std::string& path, std::string_view key) {
  if (path.empty()) return std::string(key);
  std::string out;
  out.reserve(path.size() + 1 + key.size());
  out += path;
  out += '.';
  out += key;
  return out;
}

std::string FieldPath::ToString() const {
  std::vector<const FieldPath*> steps;
  for (const FieldPath* p = this; p != nullptr; p = p->parent) steps.push_back(p);
  std::string out;
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    const FieldPath& node = **it;
    switch (node.step) {
      case Step::kRoot: out = std::string(node.key); break;
      case Step::kKey: out = JoinPath(out, node.key); break;
      case Step::kIndex: out += "[" + std::to_string(node.index) + "]"; break;
    }
  }
  return out;
}

const FieldPath* ObjectReporter::Keep(const FieldPath& step) {
  if (chunks_.empty() && used_ < kInlineSteps) {
    return new (inline_steps_ + sizeof(FieldPath) * used_++) FieldPath(step);
  }
  if (chunks_.empty() || used_ == kChunkSteps) {
    chunks_.push_back(std::make_unique<FieldPath[]>(kChunkSteps));
    used_ = 0;
  }
  FieldPath* storage = &chunks_.back()[used_++];
  *storage = step;
  return storage;
}

Location ObjectReporter::Where(const std::string& path) const {
  Location where;
  where.source = source_;
  where.doc = doc_;
  if (object_views_) {
    where.object = *kind_ + " " + (ns_->empty() ? *name_ : *ns_ + "/" + *name_);
  } else {
    where.object = object_;
  }
  where.path = path;
  return where;
}

void ObjectReporter::Error(const std::string& path, std::string message) {
  diag_.Error(Where(path), std::move(message));
  ++errors_;
}

void ObjectReporter::Warning(const std::string& path, std::string message) {
  diag_.Warning(Where(path), std::move(message));
}

void ObjectReporter::Info(const std::string& path, std::string message) { diag_.Info(Where(path), std::move(message)); }

bool ObjectReporter::ApiRule(const std::string& path, std::string message) {
  if (relaxed_) {
    Warning(path, std::move(message));
    return false;
  }
  Error(path, std::move(message));
  return true;
}

template <typename V>
void JsonField<V>::TypeError(const char* expected) const {
  Error(std::string("must be ") + expected + ", found " + DescribeJsonType(value_.type()));
}

template <typename V>
bool JsonField<V>::IsObject() const {
  if (!present()) return false;
  if (value_.type() != JsonType::kObject) {
    TypeError("an object");
    return false;
  }
  return true;
}

template <typename V>
std::optional<std::string_view> JsonField<V>::StringView() const {
  if (!present()) return std::nullopt;
  if (value_.type() != JsonType::kString) {
    TypeError("a string");
    return std::nullopt;
  }
  return value_.GetString();
}

template <typename V>
std::optional<std::string> JsonField<V>::String() const {
  std::optional<std::string_view> view = StringView();
  if (!view) return std::nullopt;
  return std::string(*view);
}

template <typename V>
std::optional<std::int64_t> JsonField<V>::Int() const {
  if (!present()) return std::nullopt;
  switch (value_.type()) {
    case JsonType::kInteger: return value_.GetInt();
    case JsonType::kUnsigned: Error("must be an integer, found a number out of range"); return std::nullopt;
    case JsonType::kFloat: {
      double d = value_.GetFloat();
      if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15) return static_cast<std::int64_t>(d);
      if (!std::isfinite(d) || std::floor(d) == d) {  // 1e400, 99999999999999999999
        Error("must be an integer, found a number out of range");
      } else {
        std::ostringstream text;
        text << d;
        Error("must be an integer, found " + text.str());
      }
      return std::nullopt;
    }
    default: break;
  }
  TypeError("an integer");
  return std::nullopt;
}

template <typename V>
std::optional<bool> JsonField<V>::Bool() const {
  if (!present()) return std::nullopt;
  if (value_.type() != JsonType::kBool) {
    TypeError("a boolean");
    return std::nullopt;
  }
  return value_.GetBool();
}

template <typename V>
std::optional<IntOrString> JsonField<V>::IntOrStr() const {
  if (!present()) return std::nullopt;
  IntOrString out;
  JsonType type = value_.type();
  if (type == JsonType::kString) {
    out.name = std::string(value_.GetString());
    return out;
  }
  if (type == JsonType::kInteger || type == JsonType::kUnsigned || type == JsonType::kFloat) {
    std::optional<std::int64_t> n = Int();
    if (!n) return std::nullopt;
    out.is_int = true;
    out.number = *n;
    return out;
  }
  TypeError("an integer or a string");
  return std::nullopt;
}

template <typename V>
std::optional<Labels> JsonField<V>::StringMap() const {
  if (!present()) return std::nullopt;
  if (!IsObject()) return std::nullopt;
  Labels out;
  bool ok = true;
  ForEachMember([&](std::string_view key, const JsonField& field) {
    std::optional<std::string_view> v = field.StringView();
    if (!v) {
      if (!field.present()) field.Error("must be a string, found null");
      ok = false;
      return;
    }
    out.emplace_hint(out.end(), std::string(key), std::string(*v));  // members come in key order
  });
  if (!ok) return std::nullopt;
  return out;
}

template <typename V>
std::string JsonField<V>::StringOr(const std::string& fallback) const {
  std::optional<std::string_view> v = StringView();
  return v ? std::string(*v) : fallback;
}

template <typename V>
std::int64_t JsonField<V>::IntOr(std::int64_t fallback) const {
  std::optional<std::int64_t> v = Int();
  return v ? *v : fallback;
}

template <typename V>
bool JsonField<V>::BoolOr(bool fallback) const {
  std::optional<bool> v = Bool();
  return v ? *v : fallback;
}

template class JsonField<NlohmannValue>;
template class JsonField<SimdValue>;

}  // namespace kreach
