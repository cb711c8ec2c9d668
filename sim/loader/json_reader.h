// A path-tracking, type-checking view over a document's JSON, for decoders. Loader-internal.
#ifndef KREACH_SIM_LOADER_JSON_READER_H_
#define KREACH_SIM_LOADER_JSON_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/loader/json_value.h"
#include "sim/model/diagnostic.h"
#include "sim/model/label_selector.h"

namespace kreach {

/// One step of a field path: the document's own path (the root), a member name, or an array index. A field
/// keeps its step by value and its parent's in its ObjectReporter, so the text is made only when a message needs
/// it. Names are views into the document.
struct FieldPath {
  enum class Step : unsigned char { kRoot, kKey, kIndex };
  const FieldPath* parent = nullptr;
  Step step = Step::kRoot;
  std::string_view key;   ///< kRoot: the document's path ("" or "items[3]"); kKey: the member name
  std::size_t index = 0;  ///< kIndex
  /// The path as Diagnostic paths write it: "items[3].spec.ports[0].name" (JoinPath for each member).
  std::string ToString() const;
};

/// Collects the problems of one object. Every message is placed at the document (file, doc), the object once
/// known ("Kind ns/name") and a field path.
class ObjectReporter {
 public:
  ObjectReporter(const std::string& source, int doc, Diagnostics& diag, bool relaxed = false)
      : source_(source), doc_(doc), diag_(diag), relaxed_(relaxed) {}
  ObjectReporter(const ObjectReporter&) = delete;
  ObjectReporter& operator=(const ObjectReporter&) = delete;

  void Error(const std::string& path, std::string message);
  void Warning(const std::string& path, std::string message);
  void Info(const std::string& path, std::string message);
  /// A violation of an API rule that does not change traffic (ClusterConfig::relaxed_validation): an error,
  /// or a warning in relaxed mode. Returns true when it was an error.
  bool ApiRule(const std::string& path, std::string message);
  int errors() const { return errors_; }
  /// Sets the object text shown from now on.
  void set_object(std::string object) {
    object_ = std::move(object);
    object_views_ = false;
  }
  /// The same as "Kind ns/name" (or "Kind name" when `ns` is empty), made when a message needs it. The three
  /// strings must outlive the reporter's messages.
  void set_object(const std::string& kind, const std::string& ns, const std::string& name) {
    kind_ = &kind;
    ns_ = &ns;
    name_ = &name;
    object_views_ = true;
  }

  /// A copy of `step` that lives as long as the reporter (the parent of a field's children).
  const FieldPath* Keep(const FieldPath& step);

 private:
  Location Where(const std::string& path) const;

  const std::string& source_;
  int doc_;
  Diagnostics& diag_;
  bool relaxed_ = false;
  int errors_ = 0;
  std::string object_;
  bool object_views_ = false;
  const std::string* kind_ = nullptr;
  const std::string* ns_ = nullptr;
  const std::string* name_ = nullptr;
  // Kept steps: a few dozen per object, so the first ones live here and the rest in chunks.
  static constexpr std::size_t kInlineSteps = 64;
  static constexpr std::size_t kChunkSteps = 256;
  alignas(FieldPath) unsigned char inline_steps_[kInlineSteps * sizeof(FieldPath)];  // constructed as used
  std::size_t used_ = 0;  ///< steps used in the last chunk (or inline_steps_ when there is none)
  std::vector<std::unique_ptr<FieldPath[]>> chunks_;
};

/// An int-or-string field (IntOrString in the API): a port number or a port name.
struct IntOrString {
  bool is_int = false;
  std::int64_t number = 0;
  std::string name;
};

template <typename V>
class JsonItems;

/// A field of a document at a path, over a value handle V (NlohmannValue or SimdValue, json_value.h). Missing
/// and null fields are "absent" (the API treats them alike). The typed getters never throw: a value of the
/// wrong type is reported ("must be a string, found a sequence") and the getter returns nullopt / an empty
/// result.
template <typename V>
class JsonField {
 public:
  /// The document `value`, whose own path is `root_path` ("" for a whole document, "items[3]" in a List); the
  /// string must outlive the field.
  JsonField(V value, std::string_view root_path, ObjectReporter* reporter) : value_(value), reporter_(reporter) {
    step_.key = root_path;
  }

  bool present() const { return value_.exists() && value_.type() != JsonType::kNull; }
  std::string path() const { return step_.ToString(); }
  const V& value() const { return value_; }
  ObjectReporter& reporter() const { return *reporter_; }

  /// The member `key` (absent when this is not a mapping or has no such key).
  JsonField operator[](const char* key) const {
    return JsonField(value_.Find(key), Node(), FieldPath::Step::kKey, key, 0, reporter_);
  }
  /// The elements of a sequence; absent → empty; not a sequence → error "must be a list" and empty.
  JsonItems<V> Items() const;
  /// f(key, field) for the members of a mapping in key order; absent → none; not a mapping → error, none.
  template <typename F>
  void ForEachMember(F&& f) const {
    if (!IsObject()) return;
    const FieldPath* parent = Node();
    value_.ForEachMember([&](std::string_view key, V member) {
      f(key, JsonField(member, parent, FieldPath::Step::kKey, key, 0, reporter_));
    });
  }
  /// True for a present sequence with at least one element (no message otherwise).
  bool IsNonEmptyList() const { return value_.exists() && value_.type() == JsonType::kArray && value_.size() > 0; }

  /// True for a present mapping; a present non-mapping is reported ("must be an object").
  bool IsObject() const;
  /// This field, after reporting it when it is present but not a mapping (its members then read as absent): for
  /// the mappings a decoder reads through, as `status` in status.loadBalancer.ingress.
  JsonField Mapping() const {
    if (present()) IsObject();
    return *this;
  }
  std::optional<std::string> String() const;
  /// String() without the copy; the view lives as long as the document.
  std::optional<std::string_view> StringView() const;
  /// An integer (an integral float such as 80.0 is accepted).
  std::optional<std::int64_t> Int() const;
  std::optional<bool> Bool() const;
  std::optional<IntOrString> IntOrStr() const;
  /// A map of string → string (labels, annotations, selectors). Non-string values are errors.
  std::optional<Labels> StringMap() const;
  /// The value as nlohmann::json::dump() writes it; only for a present value.
  std::string Dump() const { return value_.Dump(); }

  std::string StringOr(const std::string& fallback) const;
  std::int64_t IntOr(std::int64_t fallback) const;
  bool BoolOr(bool fallback) const;

  void Error(std::string message) const { reporter_->Error(path(), std::move(message)); }
  void Warning(std::string message) const { reporter_->Warning(path(), std::move(message)); }
  bool ApiRule(std::string message) const { return reporter_->ApiRule(path(), std::move(message)); }

 private:
  friend class JsonItems<V>;
  JsonField(V value, const FieldPath* parent, FieldPath::Step step, std::string_view key, std::size_t index,
            ObjectReporter* reporter)
      : value_(value), reporter_(reporter) {
    step_.parent = parent;
    step_.step = step;
    step_.key = key;
    step_.index = index;
  }
  /// This field's step, kept by the reporter (made the first time a child needs it).
  const FieldPath* Node() const {
    if (node_ == nullptr) node_ = reporter_->Keep(step_);
    return node_;
  }
  void TypeError(const char* expected) const;

  V value_;
  FieldPath step_;
  mutable const FieldPath* node_ = nullptr;
  ObjectReporter* reporter_;
};

/// The elements of a sequence field, as JsonFields with their index in the path.
template <typename V>
class JsonItems {
 public:
  JsonItems() = default;
  JsonItems(V array, const FieldPath* parent, ObjectReporter* reporter)
      : array_(array), size_(array.size()), parent_(parent), reporter_(reporter) {}

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  /// Element i (linear in i for simdjson arrays; decoders ask for the first).
  JsonField<V> operator[](std::size_t i) const {
    std::size_t at = 0;
    V found;
    array_.ForEachItem([&](V item) {
      if (at++ == i) found = item;
    });
    return JsonField<V>(found, parent_, FieldPath::Step::kIndex, std::string_view(), i, reporter_);
  }

  class iterator {
   public:
    iterator(const JsonItems* items, typename V::ItemIterator it, std::size_t index)
        : items_(items), it_(it), index_(index) {}
    JsonField<V> operator*() const {
      return JsonField<V>(V::Deref(it_), items_->parent_, FieldPath::Step::kIndex, std::string_view(), index_,
                          items_->reporter_);
    }
    iterator& operator++() {
      ++it_;
      ++index_;
      return *this;
    }
    bool operator!=(const iterator& other) const { return index_ != other.index_; }

   private:
    const JsonItems* items_;
    typename V::ItemIterator it_;
    std::size_t index_;
  };
  iterator begin() const { return iterator(this, size_ == 0 ? typename V::ItemIterator() : array_.ItemsBegin(), 0); }
  iterator end() const { return iterator(this, typename V::ItemIterator(), size_); }

 private:
  V array_;
  std::size_t size_ = 0;
  const FieldPath* parent_ = nullptr;  ///< the sequence's own step
  ObjectReporter* reporter_ = nullptr;
};

template <typename V>
JsonItems<V> JsonField<V>::Items() const {
  if (!present()) return JsonItems<V>();
  if (value_.type() != JsonType::kArray) {
    TypeError("a list");
    return JsonItems<V>();
  }
  return JsonItems<V>(value_, Node(), reporter_);
}

/// `path` + "." + `key`, or `key` when path is empty.
std::string JoinPath(const std::string& path, std::string_view key);

extern template class JsonField<NlohmannValue>;
extern template class JsonField<SimdValue>;

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_JSON_READER_H_
