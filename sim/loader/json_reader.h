// A path-tracking, type-checking view over a document's JSON, for decoders. Loader-internal.
#ifndef KREACH_SIM_LOADER_JSON_READER_H_
#define KREACH_SIM_LOADER_JSON_READER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/model/diagnostic.h"
#include "sim/model/label_selector.h"

namespace kreach {

/// Collects the problems of one object. Every message is placed at `base` (file, doc, object) plus a field path.
class ObjectReporter {
 public:
  ObjectReporter(Location base, Diagnostics& diag, bool relaxed = false)
      : base_(std::move(base)), diag_(diag), relaxed_(relaxed) {}

  void Error(const std::string& path, std::string message);
  void Warning(const std::string& path, std::string message);
  void Info(const std::string& path, std::string message);
  /// A violation of an API rule that does not change traffic (ClusterConfig::relaxed_validation): an error,
  /// or a warning in relaxed mode. Returns true when it was an error.
  bool ApiRule(const std::string& path, std::string message);
  int errors() const { return errors_; }
  /// Sets the "Kind ns/name" shown once the object's name is known.
  void set_object(std::string object) { base_.object = std::move(object); }
  const Location& base() const { return base_; }

 private:
  Location base_;
  Diagnostics& diag_;
  bool relaxed_ = false;
  int errors_ = 0;
};

/// An int-or-string field (IntOrString in the API): a port number or a port name.
struct IntOrString {
  bool is_int = false;
  std::int64_t number = 0;
  std::string name;
};

/// A field of a document at a path. Missing and null fields are "absent" (the API treats them alike). The
/// typed getters never throw: a value of the wrong type is reported ("must be a string, found a sequence")
/// and the getter returns nullopt / an empty result.
class JsonField {
 public:
  JsonField(const nlohmann::json* value, std::string path, ObjectReporter* reporter)
      : value_(value), path_(std::move(path)), reporter_(reporter) {}

  bool present() const { return value_ != nullptr && !value_->is_null(); }
  const std::string& path() const { return path_; }
  const nlohmann::json* raw() const { return value_; }
  ObjectReporter& reporter() const { return *reporter_; }

  /// The member `key` (absent when this is not a mapping or has no such key).
  JsonField operator[](const char* key) const;
  /// The elements of a sequence; absent → empty; not a sequence → error "must be a list" and empty.
  std::vector<JsonField> Items() const;
  /// The members of a mapping in key order; absent → empty; not a mapping → error and empty.
  std::vector<std::pair<std::string, JsonField>> Members() const;

  /// True for a present mapping; a present non-mapping is reported ("must be an object").
  bool IsObject() const;
  std::optional<std::string> String() const;
  /// An integer (an integral float such as 80.0 is accepted).
  std::optional<std::int64_t> Int() const;
  std::optional<bool> Bool() const;
  std::optional<IntOrString> IntOrStr() const;
  /// A map of string → string (labels, annotations, selectors). Non-string values are errors.
  std::optional<Labels> StringMap() const;

  std::string StringOr(const std::string& fallback) const;
  std::int64_t IntOr(std::int64_t fallback) const;
  bool BoolOr(bool fallback) const;

  void Error(std::string message) const { reporter_->Error(path_, std::move(message)); }
  void Warning(std::string message) const { reporter_->Warning(path_, std::move(message)); }
  bool ApiRule(std::string message) const { return reporter_->ApiRule(path_, std::move(message)); }

 private:
  void TypeError(const char* expected) const;

  const nlohmann::json* value_;
  std::string path_;
  ObjectReporter* reporter_;
};

/// `path` + "." + `key`, or `key` when path is empty.
std::string JoinPath(const std::string& path, const std::string& key);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_JSON_READER_H_
