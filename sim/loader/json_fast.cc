#include "sim/loader/json_fast.h"

#include <simdjson.h>

#include <cstdint>
#include <exception>
#include <limits>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace kreach {

namespace {

// Below this many items one thread converts them all (a thread costs more than it saves).
constexpr std::size_t kParallelItems = 2000;

class Converter {
 public:
  explicit Converter(int max_depth) : max_depth_(max_depth) {}

  /// Converts `element` at nesting `depth` (the top-level value is depth 1). `in_metadata` is true for the
  /// value of a `metadata` key. False on a duplicate key or too deep a nesting.
  bool Convert(simdjson::dom::element element, int depth, bool in_metadata, nlohmann::json& out) const {
    using simdjson::dom::element_type;
    switch (element.type()) {
      case element_type::OBJECT: {
        if (depth > max_depth_) return false;
        out = nlohmann::json::object();
        for (simdjson::dom::key_value_pair field : simdjson::dom::object(element)) {
          if (in_metadata && field.key == "managedFields") continue;
          bool annotations = in_metadata && field.key == "annotations";
          auto [it, inserted] = out.emplace(std::string(field.key), nullptr);
          if (!inserted) return false;
          if (annotations && field.value.type() == element_type::OBJECT) {
            if (!ConvertAnnotations(field.value, depth + 1, it.value())) return false;
            continue;
          }
          if (!Convert(field.value, depth + 1, field.key == "metadata", it.value())) return false;
        }
        return true;
      }
      case element_type::ARRAY: {
        if (depth > max_depth_) return false;
        simdjson::dom::array array(element);
        out = nlohmann::json::array();
        out.get_ref<nlohmann::json::array_t&>().resize(array.size());
        std::size_t i = 0;
        for (simdjson::dom::element child : array) {
          if (!Convert(child, depth + 1, false, out[i++])) return false;
        }
        return true;
      }
      case element_type::INT64:
        out = std::int64_t(element);
        return true;
      case element_type::UINT64: {
        std::uint64_t value(element);
        if (value <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
          out = static_cast<std::int64_t>(value);
        } else {
          out = value;
        }
        return true;
      }
      case element_type::DOUBLE:
        out = double(element);
        return true;
      case element_type::STRING:
        out = std::string(std::string_view(element));
        return true;
      case element_type::BOOL:
        out = bool(element);
        return true;
      case element_type::NULL_VALUE:
        out = nullptr;
        return true;
    }
    return false;
  }

 private:
  bool ConvertAnnotations(simdjson::dom::element element, int depth, nlohmann::json& out) const {
    if (depth > max_depth_) return false;
    out = nlohmann::json::object();
    for (simdjson::dom::key_value_pair field : simdjson::dom::object(element)) {
      if (field.key == "kubectl.kubernetes.io/last-applied-configuration") continue;
      auto [it, inserted] = out.emplace(std::string(field.key), nullptr);
      if (!inserted || !Convert(field.value, depth + 1, false, it.value())) return false;
    }
    return true;
  }

  int max_depth_;
};

// Converts a top-level object whose `items` array is large: the items on two threads, the rest here.
bool ConvertList(const Converter& converter, simdjson::dom::object top, simdjson::dom::array items,
                 nlohmann::json& out) {
  std::vector<simdjson::dom::element> elements;
  elements.reserve(items.size());
  for (simdjson::dom::element item : items) elements.push_back(item);
  nlohmann::json::array_t converted(elements.size());
  std::size_t half = elements.size() / 2;
  bool ok_second = true;
  auto convert_range = [&](std::size_t begin, std::size_t end, bool& ok) {
    try {
      for (std::size_t i = begin; i < end && ok; ++i) ok = converter.Convert(elements[i], 3, false, converted[i]);
    } catch (const std::exception&) {
      ok = false;
    }
  };
  std::thread worker(convert_range, half, elements.size(), std::ref(ok_second));
  bool ok_first = true;
  convert_range(0, half, ok_first);
  worker.join();
  if (!ok_first || !ok_second) return false;
  out = nlohmann::json::object();
  for (simdjson::dom::key_value_pair field : top) {
    auto [it, inserted] = out.emplace(std::string(field.key), nullptr);
    if (!inserted) return false;
    if (field.key == "items") {
      it.value() = nlohmann::json(std::move(converted));
    } else if (!converter.Convert(field.value, 2, field.key == "metadata", it.value())) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool ReadJsonValueFast(const std::string& text, int max_depth, nlohmann::json& out) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS) return false;
  Converter converter(max_depth);
  try {
    simdjson::dom::object top;
    simdjson::dom::array items;
    if (root.get(top) == simdjson::SUCCESS && top["items"].get(items) == simdjson::SUCCESS &&
        items.size() >= kParallelItems && max_depth >= 2) {
      return ConvertList(converter, top, items, out);
    }
    return converter.Convert(root, 1, false, out);
  } catch (const std::exception&) {
    return false;  // out of memory, or a simdjson accessor on an unexpected type: let the exact reader decide
  }
}

bool JsonTopLevelIsScenario(const std::string& text, const std::vector<const char*>& keys, bool& is_scenario) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS) return false;
  is_scenario = false;
  simdjson::dom::object top;
  if (root.get(top) != simdjson::SUCCESS) return true;
  bool has_kind = false;
  bool has_key = false;
  for (simdjson::dom::key_value_pair field : top) {
    has_kind = has_kind || field.key == "kind";
    for (const char* key : keys) has_key = has_key || field.key == key;
  }
  is_scenario = has_key && !has_kind;
  return true;
}

}  // namespace kreach
