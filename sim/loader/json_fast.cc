#include "sim/loader/json_fast.h"

#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <limits>
#include <optional>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "sim/loader/json_value.h"
#include "sim/loader/tree_builder.h"

namespace kreach {

namespace {

// Below this many items one thread converts them all (a thread costs more than it saves).
constexpr std::size_t kParallelItems = 2000;
// List items per decoded block (one unit of work for a thread).
constexpr std::size_t kItemsPerBlock = 1024;

/// A key seen in an object, kept without initializing the arrays that hold them.
struct SeenKey {
  const char* data;
  std::size_t size;
};

bool SameKey(const SeenKey& a, std::string_view b) {
  return a.size == b.size() && (a.size == 0 || (a.data[0] == b[0] && std::memcmp(a.data, b.data(), a.size) == 0));
}

/// Remembers the keys of one object and tells when one repeats (the exact reader rejects a repeated key):
/// pairwise for the first few, sorted at the end for big objects.
class KeyChecker {
 public:
  /// False when `key` was seen before (among the first kInline keys; Done() checks the rest).
  bool Add(std::string_view key) {
    if (n_ < kInline) {
      for (std::size_t j = 0; j < n_; ++j) {
        if (SameKey(keys_[j], key)) return false;
      }
      keys_[n_++] = SeenKey{key.data(), key.size()};
      return true;
    }
    if (many_.empty()) {
      for (const SeenKey& k : keys_) many_.emplace_back(k.data, k.size);
    }
    many_.push_back(key);
    ++n_;
    return true;
  }
  /// False when any key repeated.
  bool Done() {
    if (many_.empty()) return true;
    std::sort(many_.begin(), many_.end());
    return std::adjacent_find(many_.begin(), many_.end()) == many_.end();
  }

 private:
  static constexpr std::size_t kInline = 16;
  SeenKey keys_[kInline];  // not initialized: written before read
  std::size_t n_ = 0;
  std::vector<std::string_view> many_;
};

/// True when the keys of `object` are distinct.
bool UniqueKeys(simdjson::dom::object object) {
  KeyChecker keys;
  for (simdjson::dom::key_value_pair field : object) {
    if (!keys.Add(field.key)) return false;
  }
  return keys.Done();
}

/// True when `element`, at nesting `depth` (the top-level value is depth 1), is what the exact reader accepts:
/// containers nested at most `max_depth` deep and no repeated key in any object.
bool Acceptable(simdjson::dom::element element, int depth, int max_depth) {
  using simdjson::dom::element_type;
  switch (element.type()) {
    case element_type::OBJECT: {
      if (depth > max_depth) return false;
      KeyChecker keys;
      for (simdjson::dom::key_value_pair field : simdjson::dom::object(element)) {
        if (!keys.Add(field.key) || !Acceptable(field.value, depth + 1, max_depth)) return false;
      }
      return keys.Done();
    }
    case element_type::ARRAY:
      if (depth > max_depth) return false;
      for (simdjson::dom::element child : simdjson::dom::array(element)) {
        if (!Acceptable(child, depth + 1, max_depth)) return false;
      }
      return true;
    default:
      return true;
  }
}

// Converts a top-level object whose `items` array is large: the items on two threads, the rest here.
bool ConvertList(simdjson::dom::object top, simdjson::dom::array items, int max_depth, nlohmann::json& out) {
  std::vector<simdjson::dom::element> elements;
  elements.reserve(items.size());
  for (simdjson::dom::element item : items) elements.push_back(item);
  nlohmann::json::array_t converted(elements.size());
  std::size_t half = elements.size() / 2;
  bool ok_second = true;
  auto convert_range = [&](std::size_t begin, std::size_t end, bool& ok) {
    try {
      for (std::size_t i = begin; i < end && ok; ++i) {
        ok = Acceptable(elements[i], 3, max_depth);
        if (ok) converted[i] = ToNlohmann(elements[i]);
      }
    } catch (const std::exception&) {
      ok = false;
    }
  };
  std::thread worker(convert_range, half, elements.size(), std::ref(ok_second));
  bool ok_first = true;
  convert_range(0, half, ok_first);
  worker.join();
  if (!ok_first || !ok_second || !UniqueKeys(top)) return false;
  out = nlohmann::json::object();
  for (simdjson::dom::key_value_pair field : top) {
    if (field.key == "items") {
      out.emplace(std::string(field.key), nlohmann::json(std::move(converted)));
    } else {
      if (!Acceptable(field.value, 2, max_depth)) return false;
      out.emplace(std::string(field.key), ToNlohmann(field.value));
    }
  }
  return true;
}

bool StartsWithBom(std::string_view text) { return text.compare(0, 3, "\xEF\xBB\xBF") == 0; }

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// A top-level member of a List, other than `items`: its key and its value, read whole by the DOM parser.
struct TopMember {
  std::string key;
  std::string text;  ///< the value's JSON text
};

/// The parts of a List text that the item decoders need, found with simdjson's On-Demand parser (which
/// indexes the text once and skips over each item).
struct ListParts {
  std::vector<std::string_view> items;  ///< each item's text (an object), in order
  std::vector<TopMember> others;        ///< the other top-level members, in order
  bool has_items = false;
};

/// Splits `text` (padded) into its items and other members; false when it is not one JSON object, or simdjson
/// finds a problem.
bool SplitList(simdjson::padded_string_view text, ListParts& parts) {
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  if (parser.iterate(text).get(doc) != simdjson::SUCCESS) return false;
  simdjson::ondemand::object top;
  if (doc.get_object().get(top) != simdjson::SUCCESS) return false;
  for (auto field_result : top) {
    simdjson::ondemand::field field;
    if (std::move(field_result).get(field) != simdjson::SUCCESS) return false;
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) return false;
    simdjson::ondemand::value value = field.value();
    if (key == "items") {
      if (parts.has_items) return false;  // a repeated key: the exact reader explains it
      parts.has_items = true;
      simdjson::ondemand::array array;
      if (value.get_array().get(array) != simdjson::SUCCESS) return false;
      for (auto item_result : array) {
        simdjson::ondemand::value item;
        simdjson::ondemand::object object;
        std::string_view raw;
        if (std::move(item_result).get(item) != simdjson::SUCCESS || item.get_object().get(object) != simdjson::SUCCESS ||
            object.raw_json().get(raw) != simdjson::SUCCESS) {
          return false;
        }
        parts.items.push_back(raw);
      }
      continue;
    }
    simdjson::ondemand::json_type type;
    if (value.type().get(type) != simdjson::SUCCESS) return false;
    std::string_view raw;
    if (type == simdjson::ondemand::json_type::object) {
      simdjson::ondemand::object object;
      if (value.get_object().get(object) != simdjson::SUCCESS || object.raw_json().get(raw) != simdjson::SUCCESS) {
        return false;
      }
    } else if (type == simdjson::ondemand::json_type::array) {
      simdjson::ondemand::array array;
      if (value.get_array().get(array) != simdjson::SUCCESS || array.raw_json().get(raw) != simdjson::SUCCESS) {
        return false;
      }
    } else {
      raw = value.raw_json_token();
    }
    parts.others.push_back(TopMember{std::string(key), std::string(raw)});
  }
  // Nothing may follow the object (a second value is for the exact reader, which reads streams).
  const char* after = nullptr;
  return doc.current_location().get(after) == simdjson::OUT_OF_BOUNDS;
}

/// The kind an item of a List has or gets from the List (AddDocument): its own `kind` when present, else
/// `item_kind` (a typed list's).
std::string_view EffectiveKind(SimdValue item, std::string_view item_kind, bool& has_kind) {
  SimdValue kind = item.Find("kind");
  has_kind = kind.exists();
  if (!has_kind) return item_kind;
  return kind.type() == JsonType::kString ? kind.GetString() : std::string_view();
}

bool EndsWithList(std::string_view kind) {
  return kind.size() >= 4 && kind.compare(kind.size() - 4, 4, "List") == 0;
}

/// Decodes items [begin, end) of `parts` into `block`. False when an item is not what the exact reader and
/// AddDocument would turn into one document.
bool DecodeItems(const ListParts& parts, std::size_t begin, std::size_t end, std::string_view item_kind,
                 const std::optional<nlohmann::json>& api_version, bool relaxed, simdjson::dom::parser& parser,
                 DecodedBlock& block) {
  for (std::size_t i = begin; i < end; ++i) {
    std::string_view text = parts.items[i];
    simdjson::dom::element element;
    // The item is a slice of the padded text: the bytes after it are readable.
    if (parser.parse(text.data(), text.size(), false).get(element) != simdjson::SUCCESS) return false;
    if (!Acceptable(element, 3, TreeBuilder::kMaxDepth)) return false;
    SimdValue item(element);
    bool has_kind = false;
    std::string_view kind = EffectiveKind(item, item_kind, has_kind);
    if (EndsWithList(kind) && item.Find("items").exists()) return false;  // a nested List is flattened
    std::string_view implied = has_kind ? std::string_view() : item_kind;
    std::string path = "items[" + std::to_string(i) + "]";
    DecodeDocumentInto(item, 1, path, implied, relaxed, block);
    if (block.docs.back().diag.items().empty()) continue;
    // Something to say: say it exactly as the reader of nlohmann trees does.
    block.PopBack();
    nlohmann::json body = ToNlohmann(element);
    if (!implied.empty()) {
      body["kind"] = std::string(item_kind);
      if (!body.contains("apiVersion") && api_version) body["apiVersion"] = *api_version;
    }
    DecodeDocumentInto(NlohmannValue(&body), 1, std::move(path), "", relaxed, block);
  }
  return true;
}

}  // namespace

bool ReadJsonValueFast(const std::string& text, int max_depth, nlohmann::json& out) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS) return false;
  try {
    simdjson::dom::object top;
    simdjson::dom::array items;
    if (root.get(top) == simdjson::SUCCESS && top["items"].get(items) == simdjson::SUCCESS &&
        items.size() >= kParallelItems && max_depth >= 2) {
      return ConvertList(top, items, max_depth, out);
    }
    if (!Acceptable(root, 1, max_depth)) return false;
    out = ToNlohmann(root);
    return true;
  } catch (const std::exception&) {
    return false;  // out of memory, or a simdjson accessor on an unexpected type: let the exact reader decide
  }
}

bool DecodeJsonList(const std::string& source, std::string_view text, std::size_t readable, bool relaxed,
                    std::vector<DecodedBlock>& out) {
  if (StartsWithBom(text)) return false;
  std::size_t start = 0;
  while (start < text.size() && IsJsonSpace(text[start])) ++start;
  if (start >= text.size() || text[start] != '{') return false;
  std::optional<simdjson::padded_string> copy;
  simdjson::padded_string_view view(text.data(), text.size(), readable);
  if (readable < text.size() + simdjson::SIMDJSON_PADDING) {
    copy.emplace(text.data(), text.size());
    view = simdjson::padded_string_view(copy->data(), copy->size(), copy->size() + simdjson::SIMDJSON_PADDING);
  }
  ListParts parts;
  try {
    if (!SplitList(view, parts) || !parts.has_items) return false;
  } catch (const std::exception&) {
    return false;
  }
  // The other members: read whole (the exact reader would), keys distinct; `kind` must make this a List.
  std::optional<std::string> list_kind;
  std::optional<nlohmann::json> api_version;
  {
    simdjson::dom::parser parser;
    std::vector<std::string_view> keys = {"items"};
    for (const TopMember& member : parts.others) {
      keys.push_back(member.key);
      simdjson::dom::element value;
      if (parser.parse(member.text).get(value) != simdjson::SUCCESS) return false;
      if (!Acceptable(value, 2, TreeBuilder::kMaxDepth)) return false;
      if (member.key == "kind" && value.type() == simdjson::dom::element_type::STRING) {
        list_kind = std::string(std::string_view(value));
      }
      if (member.key == "apiVersion") api_version = ToNlohmann(value);
    }
    std::sort(keys.begin(), keys.end());
    if (std::adjacent_find(keys.begin(), keys.end()) != keys.end()) return false;
  }
  if (!list_kind || !EndsWithList(*list_kind)) return false;
  // A typed list (PodList, ...) gives its items without `kind` the kind it names (AddDocument).
  std::string item_kind = list_kind->size() > 4 ? list_kind->substr(0, list_kind->size() - 4) : "";

  std::size_t block_count = (parts.items.size() + kItemsPerBlock - 1) / kItemsPerBlock;
  std::vector<DecodedBlock> blocks(block_count);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  auto work = [&] {
    simdjson::dom::parser parser;
    try {
      for (std::size_t b = next++; b < block_count && !failed; b = next++) {
        DecodedBlock& block = blocks[b];
        block.source = source;
        std::size_t begin = b * kItemsPerBlock, end = std::min(parts.items.size(), begin + kItemsPerBlock);
        block.planned = end - begin;
        block.docs.reserve(block.planned);
        if (!DecodeItems(parts, begin, end, item_kind, api_version, relaxed, parser, block)) failed = true;
      }
    } catch (...) {
      failed = true;  // out of memory: the ordinary reader reports it, or succeeds with less at once
    }
  };
  if (block_count >= 2) {
    std::thread worker(work);
    work();
    worker.join();
  } else {
    work();
  }
  if (failed) return false;
  for (DecodedBlock& block : blocks) out.push_back(std::move(block));
  return true;
}

ScenarioHint JsonScenarioHint(std::string_view text) {
  std::size_t i = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  while (i < text.size() && IsJsonSpace(text[i])) ++i;
  if (i >= text.size()) return ScenarioHint::kUnknown;
  if (text[i] == '[') return ScenarioHint::kNotScenario;
  if (text[i] != '{') return ScenarioHint::kUnknown;
  int depth = 0;
  bool expect_key = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      // The closing quote is the first one after an even run of backslashes.
      std::size_t close = i + 1;
      while (true) {
        const void* found = std::memchr(text.data() + close, '"', text.size() - close);
        if (found == nullptr) return ScenarioHint::kUnknown;  // cut inside a string
        close = static_cast<std::size_t>(static_cast<const char*>(found) - text.data());
        std::size_t backslashes = 0;
        while (close - backslashes > i + 1 && text[close - backslashes - 1] == '\\') ++backslashes;
        if (backslashes % 2 == 0) break;
        ++close;
      }
      if (depth == 1 && expect_key) {
        std::string_view key = text.substr(i + 1, close - i - 1);
        if (key.find('\\') != std::string_view::npos) return ScenarioHint::kUnknown;  // escapes: let a parser read it
        if (key == "kind") return ScenarioHint::kNotScenario;
        expect_key = false;
      }
      i = close;
    } else if (c == '{' || c == '[') {
      ++depth;
      if (depth == 1) expect_key = true;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return ScenarioHint::kUnknown;  // the first value ends without a top-level `kind`
    } else if (c == ',' && depth == 1) {
      expect_key = true;
    }
  }
  return ScenarioHint::kUnknown;
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
