#include "sim/loader/json_fast.h"

#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/loader/json_value.h"
#include "sim/loader/tree_builder.h"
#include "sim/model/limits.h"
#include "sim/model/parallel.h"
#include "sim/model/text.h"

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
    default: return true;
  }
}

/// True when `element` holds at most `budget` values (itself included), counted before any tree is built: the
/// exact reader then reports one over the budget where it crosses it.
bool WithinValues(simdjson::dom::element element, std::uint64_t& budget) {
  if (budget == 0) return false;
  --budget;
  using simdjson::dom::element_type;
  if (element.type() == element_type::OBJECT) {
    for (simdjson::dom::key_value_pair field : simdjson::dom::object(element)) {
      if (!WithinValues(field.value, budget)) return false;
    }
  } else if (element.type() == element_type::ARRAY) {
    for (simdjson::dom::element child : simdjson::dom::array(element)) {
      if (!WithinValues(child, budget)) return false;
    }
  }
  return true;
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
  Beside worker([&] { convert_range(half, elements.size(), ok_second); });
  bool ok_first = true;
  convert_range(0, half, ok_first);
  worker.Join();
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
        if (std::move(item_result).get(item) != simdjson::SUCCESS ||
            item.get_object().get(object) != simdjson::SUCCESS || object.raw_json().get(raw) != simdjson::SUCCESS) {
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

/// What the item decoders need from the List itself.
struct ListInfo {
  std::string item_kind;                      ///< a typed list's item kind ("Pod" for PodList), else ""
  std::optional<nlohmann::json> api_version;  ///< the List's apiVersion, for items that get its kind
  bool operator==(const ListInfo& o) const {
    return item_kind == o.item_kind && (item_kind.empty() || api_version == o.api_version);
  }
};

/// Finds the items of a List text as a JSON parser would, without checking them, so that a second thread can
/// start decoding while simdjson splits the text (which takes a tenth of a second for 150 MB). Its items are
/// taken only where they are exactly simdjson's (DecodeJsonList compares them).
class ItemScanner {
 public:
  explicit ItemScanner(std::string_view text) : text_(text) {}

  /// Reads the top level up to the first item. True when the List's `kind` (and, for a typed list, its
  /// `apiVersion`) came before `items`, into `info`; false for anything else, which the scanner does not try.
  bool Begin(ListInfo& info) {
    SkipSpace();
    if (!Take('{')) return false;
    bool has_kind = false, has_api_version = false;
    while (true) {
      SkipSpace();
      std::size_t key_start = pos_ + 1;
      if (At() != '"' || !SkipString()) return false;
      std::string_view key = text_.substr(key_start, pos_ - 1 - key_start);
      if (key.find('\\') != std::string_view::npos) return false;
      SkipSpace();
      if (!Take(':')) return false;
      SkipSpace();
      if (key == "items") {
        if (!has_kind || !Take('[')) return false;
        return info.item_kind.empty() || has_api_version;
      }
      std::size_t value_start = pos_;
      if (!SkipValue()) return false;
      std::string_view value = text_.substr(value_start, pos_ - value_start);
      if (key == "kind") {
        if (value.size() < 2 || value.front() != '"' || value.find('\\') != std::string_view::npos) return false;
        std::string_view kind = value.substr(1, value.size() - 2);
        if (kind.size() < 4 || kind.compare(kind.size() - 4, 4, "List") != 0) return false;
        info.item_kind = std::string(kind.substr(0, kind.size() > 4 ? kind.size() - 4 : 0));
        has_kind = true;
      } else if (key == "apiVersion") {
        simdjson::dom::parser parser;
        simdjson::dom::element element;
        if (parser.parse(std::string(value)).get(element) != simdjson::SUCCESS) return false;
        info.api_version = ToNlohmann(element);
        has_api_version = true;
      }
      SkipSpace();
      if (!Take(',')) return false;
    }
  }

  /// The next item (an object); false at the end of the array or at anything unexpected.
  bool Next(std::string_view& item) {
    SkipSpace();
    if (At() == ']') return false;
    if (!first_) {
      if (!Take(',')) return false;
      SkipSpace();
    }
    first_ = false;
    std::size_t start = pos_;
    if (At() != '{' || !SkipValue()) return false;
    item = text_.substr(start, pos_ - start);
    return true;
  }

 private:
  char At() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  bool Take(char c) {
    if (At() != c) return false;
    ++pos_;
    return true;
  }
  void SkipSpace() {
    while (pos_ < text_.size() && IsJsonSpace(text_[pos_])) ++pos_;
  }
  // At a '"': past its closing quote.
  bool SkipString() {
    for (++pos_; pos_ < text_.size(); ++pos_) {
      if (text_[pos_] == '\\') {
        ++pos_;
      } else if (text_[pos_] == '"') {
        ++pos_;
        return true;
      }
    }
    return false;
  }
  // Any value: a string, a container (to its matching end), or a scalar (to the next delimiter).
  bool SkipValue() {
    char c = At();
    if (c == '"') return SkipString();
    if (c != '{' && c != '[') {
      std::size_t start = pos_;
      while (pos_ < text_.size() && !IsJsonSpace(text_[pos_]) && text_[pos_] != ',' && text_[pos_] != '}' &&
             text_[pos_] != ']') {
        ++pos_;
      }
      return pos_ > start;
    }
    int depth = 0;
    while (pos_ < text_.size()) {
      c = text_[pos_];
      if (c == '"') {
        if (!SkipString()) return false;
        continue;
      }
      if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) {
          ++pos_;
          return true;
        }
      }
      ++pos_;
    }
    return false;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  bool first_ = true;
};

/// Decodes `items` (the first being item `first` of the List) into `block`. False when an item is not what the
/// exact reader and AddDocument would turn into one document.
bool DecodeItems(const std::string_view* items, std::size_t count, std::size_t first, const ListInfo& info,
                 const ClusterConfig& config, simdjson::dom::parser& parser, DecodedBlock& block) {
  const std::string& item_kind = info.item_kind;
  for (std::size_t k = 0; k < count; ++k) {
    std::size_t i = first + k;
    std::string_view text = items[k];
    simdjson::dom::element element;
    // The item is a slice of the padded text: the bytes after it are readable.
    if (parser.parse(text.data(), text.size(), false).get(element) != simdjson::SUCCESS) return false;
    if (!Acceptable(element, 3, TreeBuilder::MaxDepth())) return false;
    SimdValue item(element);
    bool has_kind = false;
    std::string_view kind = EffectiveKind(item, item_kind, has_kind);
    if (EndsWith(kind, "List") && item.Find("items").exists()) return false;  // a nested List is flattened
    std::string_view implied = has_kind ? std::string_view() : item_kind;
    std::string_view implied_version;
    if (!implied.empty() && info.api_version) {
      if (!info.api_version->is_string()) return false;  // the exact reader reports it
      implied_version = info.api_version->get_ref<const std::string&>();
    }
    std::string path = "items[" + std::to_string(i) + "]";
    DecodeDocumentInto(item, 1, path, implied, implied_version, config, block);
    if (block.docs.back().diag.items().empty()) continue;
    // Something to say: say it exactly as the reader of nlohmann trees does.
    block.PopBack();
    nlohmann::json body = ToNlohmann(element);
    if (!implied.empty()) {
      body["kind"] = std::string(item_kind);
      if (!body.contains("apiVersion") && info.api_version) body["apiVersion"] = *info.api_version;
    }
    DecodeDocumentInto(NlohmannValue(&body), 1, std::move(path), "", "", config, block);
  }
  return true;
}

/// True when the scanner's item `scanned` is simdjson's `split` (which may take the whitespace after it too).
bool SameItem(std::string_view scanned, std::string_view split) {
  if (scanned.data() != split.data() || scanned.size() > split.size()) return false;
  for (std::size_t i = scanned.size(); i < split.size(); ++i) {
    if (!IsJsonSpace(split[i])) return false;
  }
  return true;
}

/// Reads the List's other members whole (the exact reader would), checks that keys are distinct and that `kind`
/// makes it a List, and fills `info`; false otherwise.
bool ReadListInfo(const ListParts& parts, ListInfo& info) {
  std::optional<std::string> list_kind;
  simdjson::dom::parser parser;
  std::vector<std::string_view> keys = {"items"};
  for (const TopMember& member : parts.others) {
    keys.push_back(member.key);
    simdjson::dom::element value;
    if (parser.parse(member.text).get(value) != simdjson::SUCCESS) return false;
    if (!Acceptable(value, 2, TreeBuilder::MaxDepth())) return false;
    if (member.key == "kind" && value.type() == simdjson::dom::element_type::STRING) {
      list_kind = std::string(std::string_view(value));
    }
    if (member.key == "apiVersion") info.api_version = ToNlohmann(value);
  }
  std::sort(keys.begin(), keys.end());
  if (std::adjacent_find(keys.begin(), keys.end()) != keys.end()) return false;
  if (!list_kind || !EndsWith(*list_kind, "List")) return false;
  // A typed list (PodList, ...) gives its items without `kind` the kind it names (AddDocument).
  info.item_kind = list_kind->size() > 4 ? list_kind->substr(0, list_kind->size() - 4) : "";
  return true;
}

}  // namespace

bool ReadJsonValueFast(const std::string& text, int max_depth, nlohmann::json& out, std::uint64_t max_values) {
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
    if (!Acceptable(root, 1, max_depth) || !WithinValues(root, max_values)) return false;
    out = ToNlohmann(root);
    return true;
  } catch (const std::exception&) {
    return false;  // out of memory, or a simdjson accessor on an unexpected type: let the exact reader decide
  }
}

bool DecodeJsonList(const std::string& source, std::string_view text, std::size_t readable, const ClusterConfig& config,
                    std::vector<DecodedBlock>& out, bool scan_everything) {
  if (StartsWithUtf8Bom(text)) return false;
  std::size_t start = 0;
  while (start < text.size() && IsJsonSpace(text[start])) ++start;
  if (start >= text.size() || text[start] != '{') return false;
  std::optional<simdjson::padded_string> copy;
  simdjson::padded_string_view view(text.data(), text.size(), readable);
  if (readable < text.size() + simdjson::SIMDJSON_PADDING) {
    copy.emplace(text.data(), text.size());
    view = simdjson::padded_string_view(copy->data(), copy->size(), copy->size() + simdjson::SIMDJSON_PADDING);
    text = std::string_view(copy->data(), copy->size());
  }
  // Blocks are decoded by two threads. While this thread splits the text with simdjson, the other one finds the
  // first blocks' items with an ItemScanner and decodes them; once the split is done, both decode the rest from
  // simdjson's items, and the scanned blocks are kept only where their items and List data are simdjson's.
  struct Decoded {
    std::unique_ptr<DecodedBlock> block;
    std::vector<std::string_view> scanned;  ///< the items a scanned block was decoded from
    ListInfo info;                          ///< and the List data it was decoded with
    bool from_scan = false;
  };
  std::mutex mutex;
  std::condition_variable split_ended;
  bool split_done = false, split_ok = false;
  ListParts parts;
  ListInfo info;
  std::size_t next_block = 0, block_count = 0;
  std::vector<Decoded> decoded;
  std::atomic<bool> failed{false};
  auto decode_rest = [&](simdjson::dom::parser& parser) {
    while (!failed) {
      std::size_t b;
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (next_block >= block_count) return;
        b = next_block++;
      }
      auto block = std::make_unique<DecodedBlock>();
      block->source = source;
      std::size_t begin = b * kItemsPerBlock, end = std::min(parts.items.size(), begin + kItemsPerBlock);
      block->planned = end - begin;
      block->docs.reserve(block->planned);
      if (!DecodeItems(parts.items.data() + begin, end - begin, begin, info, config, parser, *block)) {
        failed = true;
        return;
      }
      std::lock_guard<std::mutex> lock(mutex);
      decoded[b].block = std::move(block);
    }
  };
  auto second_thread = [&] {
    simdjson::dom::parser parser;
    try {
      ItemScanner scanner(text);
      ListInfo guess;
      bool scanning = scanner.Begin(guess);
      std::vector<Decoded> early;  // blocks 0, 1, ... decoded from scanned items before the split ended
      while (scanning) {
        {
          std::lock_guard<std::mutex> lock(mutex);
          if (split_done && !scan_everything) break;
          next_block = early.size() + 1;  // claimed
        }
        Decoded d;
        std::string_view item;
        while (d.scanned.size() < kItemsPerBlock && scanner.Next(item)) d.scanned.push_back(item);
        scanning = d.scanned.size() == kItemsPerBlock;  // a short block may be the last, or a scanner miss
        d.block = std::make_unique<DecodedBlock>();
        d.block->source = source;
        d.block->planned = d.scanned.size();
        d.block->docs.reserve(d.block->planned);
        d.info = guess;
        d.from_scan = true;
        if (!DecodeItems(d.scanned.data(), d.scanned.size(), early.size() * kItemsPerBlock, guess, config, parser,
                         *d.block)) {
          d.block.reset();  // decoded again below, from simdjson's items, which say what is wrong
        }
        early.push_back(std::move(d));
      }
      {
        std::unique_lock<std::mutex> lock(mutex);
        if (next_block < early.size()) next_block = early.size();
        split_ended.wait(lock, [&] { return split_done; });
        if (!split_ok) return;
        for (std::size_t b = 0; b < early.size() && b < decoded.size(); ++b) decoded[b] = std::move(early[b]);
      }
      decode_rest(parser);
    } catch (...) {
      failed = true;  // out of memory: the ordinary reader reports it, or succeeds with less at once
    }
  };
  Beside second(second_thread);
  bool ok = false;
  try {
    // A List longer than the documents limit is the exact reader's to report.
    ok = SplitList(view, parts) && parts.has_items && parts.items.size() <= CurrentLimits().documents &&
         ReadListInfo(parts, info);
  } catch (const std::exception&) {
    ok = false;
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    split_done = true;
    split_ok = ok;
    block_count = (parts.items.size() + kItemsPerBlock - 1) / kItemsPerBlock;
    decoded.resize(block_count);
    if (next_block > block_count) next_block = block_count;
  }
  split_ended.notify_all();
  simdjson::dom::parser parser;
  try {
    if (ok && !scan_everything) decode_rest(parser);
  } catch (...) {
    failed = true;
  }
  second.Join();
  if (!ok || failed) return false;
  // A scanned block counts only when it holds exactly simdjson's items and was decoded with the List's data;
  // any other (and any block the second thread left) is decoded here.
  for (std::size_t b = 0; b < block_count; ++b) {
    Decoded& d = decoded[b];
    std::size_t begin = b * kItemsPerBlock, end = std::min(parts.items.size(), begin + kItemsPerBlock);
    bool same =
        d.block && (!d.from_scan || (d.info == info && d.scanned.size() == end - begin &&
                                     std::equal(d.scanned.begin(), d.scanned.end(),
                                                parts.items.begin() + static_cast<std::ptrdiff_t>(begin), SameItem)));
    if (same) continue;
    d.block = std::make_unique<DecodedBlock>();
    d.block->source = source;
    d.block->planned = end - begin;
    d.block->docs.reserve(d.block->planned);
    if (!DecodeItems(parts.items.data() + begin, end - begin, begin, info, config, parser, *d.block)) return false;
  }
  for (Decoded& d : decoded) out.push_back(std::move(*d.block));
  return true;
}

ScenarioHint JsonScenarioHint(std::string_view text) {
  std::size_t i = StartsWithUtf8Bom(text) ? 3 : 0;
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
