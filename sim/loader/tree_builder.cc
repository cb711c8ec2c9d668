#include "sim/loader/tree_builder.h"

#include <utility>

namespace kreach {

int TreeBuilder::MaxDepth() {
  const std::uint64_t depth = CurrentLimits().depth;
  // --limit refuses a value above kMaxDepthLimit (the parsers' own recursion decides beyond it); the bound here
  // only keeps the conversion safe.
  return static_cast<int>(depth > kMaxDepthLimit ? kMaxDepthLimit : depth);
}

std::uint64_t TreeBuilder::ValueBudget(std::size_t bytes) {
  const std::uint64_t per_kib = CurrentLimits().values_per_kib;
  const std::uint64_t kib = bytes / 1024 + 1;
  const std::uint64_t max = ~std::uint64_t{0};
  if (per_kib != 0 && kib > (max - 1000000) / per_kib) return max;
  return 1000000 + kib * per_kib;
}

bool TreeBuilder::Spend(std::size_t values) {
  if (remaining_values_ == nullptr) return true;
  if (*remaining_values_ < values) {
    *remaining_values_ = 0;
    return Fail("more values than a text of this size may hold (1,000,000 and " + LimitValue("values-per-kib") +
                " per KiB): is it binary or generated data? " + LimitHint("values-per-kib"));
  }
  *remaining_values_ -= values;
  return true;
}

bool TreeBuilder::Fail(const std::string& message) {
  if (error_.empty()) {
    error_ = message;
    error_path_ = CurrentPath();
  }
  return false;
}

std::string TreeBuilder::CurrentPath() const {
  // A document nested too deeply would make a path of thousands of steps: the first ones say where it starts.
  constexpr std::size_t kShownSteps = 12;
  std::string path;
  for (std::size_t i = 0; i < stack_.size(); ++i) {
    const Frame& f = stack_[i];
    if (i == kShownSteps && stack_.size() > kShownSteps + 1) {
      path += "... (" + std::to_string(stack_.size() - kShownSteps) + " more levels)";
      break;
    }
    if (f.is_map) {
      if (!f.has_key) break;
      if (!path.empty()) path += ".";
      path += f.key;
    } else {
      path += "[" + std::to_string(f.index) + "]";
    }
  }
  return path;
}

bool TreeBuilder::ExpectingKey() const { return !stack_.empty() && stack_.back().is_map && !stack_.back().has_key; }

bool TreeBuilder::StartMap() {
  if (failed()) return false;
  if (ExpectingKey()) return Fail("a mapping key must be a plain value, not a mapping");
  if (!Spend(1)) return false;
  if (static_cast<int>(stack_.size()) >= max_depth_) {
    return Fail("nested deeper than " + std::to_string(max_depth_) + " levels " + LimitHint("depth"));
  }
  Frame frame;
  frame.value = nlohmann::json::object();
  frame.is_map = true;
  stack_.push_back(std::move(frame));
  return true;
}

bool TreeBuilder::StartSequence() {
  if (failed()) return false;
  if (ExpectingKey()) return Fail("a mapping key must be a plain value, not a sequence");
  if (!Spend(1)) return false;
  if (static_cast<int>(stack_.size()) >= max_depth_) {
    return Fail("nested deeper than " + std::to_string(max_depth_) + " levels " + LimitHint("depth"));
  }
  Frame frame;
  frame.value = nlohmann::json::array();
  stack_.push_back(std::move(frame));
  return true;
}

bool TreeBuilder::Key(const std::string& key, bool merge) {
  if (failed()) return false;
  if (!ExpectingKey()) return Fail("internal error: a key outside a mapping");
  Frame& frame = stack_.back();
  if (!merge && !frame.explicit_keys.insert(key).second) {
    return Fail("duplicate key '" + key + "'");
  }
  frame.key = key;
  frame.bytes += key.size();
  frame.has_key = true;
  frame.merge = merge;
  return true;
}

bool TreeBuilder::AliasCopy(std::size_t nodes, std::uint64_t bytes, int height) {
  if (failed()) return false;
  alias_nodes_ += nodes;
  if (alias_nodes_ > max_alias_nodes_) {
    return Fail("aliases expand to more than " + LimitValue("aliases") + " values " + LimitHint("aliases"));
  }
  alias_bytes_ += bytes;
  if (alias_bytes_ > max_alias_bytes_) {
    return Fail("aliases expand to more than " + LimitValue("alias-bytes") + " of keys and strings " +
                LimitHint("alias-bytes"));
  }
  if (static_cast<int>(stack_.size()) + height > max_depth_) {
    return Fail("an alias makes the document nested deeper than " + std::to_string(max_depth_) + " levels " +
                LimitHint("depth"));
  }
  return true;
}

bool TreeBuilder::Value(nlohmann::json value, std::size_t nodes, int height, std::uint64_t bytes) {
  if (failed()) return false;
  if (ExpectingKey()) return Fail("internal error: a value where a key was expected");
  if (!Spend(nodes)) return false;
  if (bytes == kScalarBytes) bytes = value.is_string() ? value.get_ref<const std::string&>().size() : 0;
  return Attach(std::move(value), nodes, height, bytes);
}

bool TreeBuilder::End(nlohmann::json* copy, std::size_t* nodes, int* height, std::uint64_t* bytes) {
  if (failed()) return false;
  if (stack_.empty()) return Fail("internal error: end without start");
  if (stack_.back().is_map && stack_.back().has_key) return Fail("internal error: a key without a value");
  Frame frame = std::move(stack_.back());
  stack_.pop_back();
  int frame_height = frame.child_height + 1;
  if (copy != nullptr) *copy = frame.value;
  if (nodes != nullptr) *nodes = frame.nodes;
  if (height != nullptr) *height = frame_height;
  if (bytes != nullptr) *bytes = frame.bytes;
  return Attach(std::move(frame.value), frame.nodes, frame_height, frame.bytes);
}

bool TreeBuilder::Attach(nlohmann::json value, std::size_t nodes, int height, std::uint64_t bytes) {
  if (stack_.empty()) {
    if (done_) return Fail("internal error: a second top-level value");
    result_ = std::move(value);
    done_ = true;
    return true;
  }
  Frame& parent = stack_.back();
  parent.nodes += nodes;
  parent.bytes += bytes;
  if (height > parent.child_height) parent.child_height = height;
  if (!parent.is_map) {
    parent.value.push_back(std::move(value));
    ++parent.index;
    return true;
  }
  parent.has_key = false;
  if (parent.merge) {
    parent.merge = false;
    if (value.is_array()) {
      for (const nlohmann::json& item : value) {
        if (!Merge(parent, item)) return false;
      }
      return true;
    }
    return Merge(parent, value);
  }
  parent.value[parent.key] = std::move(value);
  return true;
}

bool TreeBuilder::Merge(Frame& frame, const nlohmann::json& source) {
  if (!source.is_object()) {
    frame.has_key = true;  // report the error at the `<<` key
    return Fail("a merge key (<<) needs a mapping or a sequence of mappings");
  }
  for (auto it = source.begin(); it != source.end(); ++it) {
    // Keys written in this mapping win over merged ones, and earlier merged mappings win over later ones.
    if (!frame.value.contains(it.key())) frame.value[it.key()] = it.value();
  }
  return true;
}

}  // namespace kreach
