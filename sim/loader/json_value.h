// Read-only handles on one JSON value of either parser: an nlohmann::json (the exact reader, YAML, scenarios) or
// an element of a simdjson DOM (the fast reader). Decoders are written once over JsonField<V> (json_reader.h) and
// compiled for both; the two handles answer every question alike for equal values. Loader-internal.
#ifndef KREACH_SIM_LOADER_JSON_VALUE_H_
#define KREACH_SIM_LOADER_JSON_VALUE_H_

#include <simdjson.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>

namespace kreach {

/// The type of a JSON value as the exact reader stores it. Integers are kInteger when they fit int64_t, else
/// kUnsigned (up to uint64_t); numbers with a fraction or an exponent are kFloat.
enum class JsonType { kNull, kObject, kArray, kString, kBool, kInteger, kUnsigned, kFloat, kBinary };

/// "a mapping", "a sequence", "a string", "an integer", ... as messages name a value's type.
const char* DescribeJsonType(JsonType type);

/// A value of an nlohmann tree, or nothing (a missing field). Object members are visited in key order (the
/// tree's own order).
class NlohmannValue {
 public:
  NlohmannValue() = default;
  explicit NlohmannValue(const nlohmann::json* value) : value_(value) {}

  bool exists() const { return value_ != nullptr; }
  JsonType type() const;
  /// The member `key`; nothing when this is not an object or has no such member.
  NlohmannValue Find(std::string_view key) const;
  /// Accessors for a value of the matching type().
  std::string_view GetString() const { return value_->get_ref<const std::string&>(); }
  bool GetBool() const { return value_->get<bool>(); }
  std::int64_t GetInt() const { return value_->get<std::int64_t>(); }
  std::uint64_t GetUnsigned() const { return value_->get<std::uint64_t>(); }
  double GetFloat() const { return value_->get<double>(); }
  /// Elements of an array / members of an object.
  std::size_t size() const { return value_->size(); }
  template <typename F>
  void ForEachItem(F&& f) const {
    for (const nlohmann::json& item : *value_) f(NlohmannValue(&item));
  }
  using ItemIterator = nlohmann::json::const_iterator;
  ItemIterator ItemsBegin() const { return value_->cbegin(); }
  static NlohmannValue Deref(const ItemIterator& it) { return NlohmannValue(&*it); }
  /// f(key, value) for every member, in key order (byte-wise).
  template <typename F>
  void ForEachMember(F&& f) const {
    for (auto it = value_->begin(); it != value_->end(); ++it) {
      f(std::string_view(it.key()), NlohmannValue(&it.value()));
    }
  }
  /// ForEachMember; the order is the tree's (key order) too.
  template <typename F>
  void ForEachMemberUnordered(F&& f) const {
    ForEachMember(std::forward<F>(f));
  }
  /// The value as nlohmann::json::dump() writes it (compact, keys sorted).
  std::string Dump() const { return value_->dump(); }
  const nlohmann::json* raw() const { return value_; }

 private:
  const nlohmann::json* value_ = nullptr;
};

/// An element of a simdjson DOM, or nothing. The DOM must outlive the handle (strings are views into it). Its
/// objects have unique keys (the fast reader checks); members are visited sorted by key, as an nlohmann tree
/// holds them.
class SimdValue {
 public:
  SimdValue() = default;
  explicit SimdValue(simdjson::dom::element element) : element_(element), exists_(true) {}

  bool exists() const { return exists_; }
  JsonType type() const;
  SimdValue Find(std::string_view key) const;
  std::string_view GetString() const { return std::string_view(element_); }
  bool GetBool() const { return bool(element_); }
  std::int64_t GetInt() const;
  std::uint64_t GetUnsigned() const { return std::uint64_t(element_); }
  double GetFloat() const { return double(element_); }
  std::size_t size() const;
  template <typename F>
  void ForEachItem(F&& f) const {
    for (simdjson::dom::element item : simdjson::dom::array(element_)) f(SimdValue(item));
  }
  using ItemIterator = simdjson::dom::array::iterator;
  ItemIterator ItemsBegin() const { return simdjson::dom::array(element_).begin(); }
  static SimdValue Deref(const ItemIterator& it) { return SimdValue(*it); }
  template <typename F>
  void ForEachMember(F&& f) const {
    simdjson::dom::object object(element_);
    struct Member {
      std::string_view key;
      simdjson::dom::element value;
    };
    constexpr std::size_t kInline = 16;
    alignas(Member) unsigned char inline_storage[kInline * sizeof(Member)];  // constructed as used
    std::unique_ptr<Member[]> heap;
    std::size_t n = object.size();
    Member* members = reinterpret_cast<Member*>(inline_storage);
    if (n > kInline) {
      heap.reset(new Member[n]);
      members = heap.get();
    }
    std::size_t count = 0;
    bool sorted = true;
    for (simdjson::dom::key_value_pair field : object) {
      if (count > 0 && !(members[count - 1].key < field.key)) sorted = false;
      new (&members[count++]) Member{field.key, field.value};
    }
    if (!sorted) {
      std::sort(members, members + count, [](const Member& a, const Member& b) { return a.key < b.key; });
    }
    for (std::size_t i = 0; i < count; ++i) f(members[i].key, SimdValue(members[i].value));
  }
  /// f(key, value) for every member in the text's order, without sorting: for visits whose result does not
  /// depend on the order.
  template <typename F>
  void ForEachMemberUnordered(F&& f) const {
    for (simdjson::dom::key_value_pair field : simdjson::dom::object(element_)) f(field.key, SimdValue(field.value));
  }
  /// The value as nlohmann::json::dump() writes the equal tree.
  std::string Dump() const;
  simdjson::dom::element element() const { return element_; }

 private:
  simdjson::dom::element element_;
  bool exists_ = false;
};

/// The nlohmann tree equal to `element` (as the exact reader would have built it from the same text).
nlohmann::json ToNlohmann(simdjson::dom::element element);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_JSON_VALUE_H_
