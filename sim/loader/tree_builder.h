// Builds one JSON value from parser events (YAML or JSON), with the limits every input gets. Loader-internal.
#ifndef KREACH_SIM_LOADER_TREE_BUILDER_H_
#define KREACH_SIM_LOADER_TREE_BUILDER_H_

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "sim/model/limits.h"

namespace kreach {

/// Receives the structure of one document as events (start/end of mappings and sequences, keys, leaf values)
/// and assembles the nlohmann::json value. Enforces: nesting at most MaxDepth() levels (counting the height of
/// aliased subtrees), at most the `aliases` limit of nodes and the `alias-bytes` limit of text (keys and string
/// values) copied by aliases (no "billion laughs", nor one big value aliased many times; see sim/model/limits.h,
/// read when the builder is made), and unique keys in every mapping. YAML merge keys (`<<`) are
/// supported through Key(.., /*merge=*/true).
///
/// Every method returns false once an error happened; error() and error_path() then describe the first one,
/// and the builder ignores further events. The path is in the form of Diagnostic paths: `spec.ports[2]`.
class TreeBuilder {
 public:
  /// The `depth` limit in force (sim/model/limits.h), as an int.
  static int MaxDepth();
  /// How many values (mappings, sequences, scalars, alias copies) the documents of a text of `bytes` bytes may hold:
  /// 1,000,000 plus the `values-per-kib` limit per KiB. A text of tiny values (33 million `{}` in 99 MB) would
  /// otherwise take 37 times its size in tree nodes.
  static std::uint64_t ValueBudget(std::size_t bytes);
  /// Counts the values built against `*remaining` (shared by the documents of one text); an error names the
  /// `values-per-kib` limit when it runs out. Without it, values are not counted.
  void SetValueBudget(std::uint64_t* remaining) { remaining_values_ = remaining; }

  bool StartMap();
  bool StartSequence();
  /// A mapping key; only valid when ExpectingKey(). `merge` marks a YAML merge key (`<<`): the next value
  /// (a mapping or a sequence of mappings) contributes the keys this mapping does not set itself.
  bool Key(const std::string& key, bool merge = false);
  /// A complete value: a scalar (nodes = 1, height = 0, its text counted from the value) or a copy of an aliased
  /// subtree (its node count, height and bytes, as returned by End(); AliasCopy first).
  bool Value(nlohmann::json value, std::size_t nodes = 1, int height = 0, std::uint64_t bytes = kScalarBytes);
  /// Counts a copy an alias is about to make (`nodes` values, `bytes` of keys and strings, `height` levels)
  /// against the `aliases`, `alias-bytes` and `depth` limits, before the copy is made: false (an error naming
  /// the limit) when it would cross one.
  bool AliasCopy(std::size_t nodes, std::uint64_t bytes, int height);
  /// Ends the innermost mapping or sequence. When `copy` is not null it receives a copy of the finished
  /// container (for YAML anchors), with its node count, height and bytes of text.
  bool End(nlohmann::json* copy = nullptr, std::size_t* nodes = nullptr, int* height = nullptr,
           std::uint64_t* bytes = nullptr);
  /// Value()'s default for `bytes`: count the scalar's own text.
  static constexpr std::uint64_t kScalarBytes = ~std::uint64_t{0};

  /// True when the innermost open container is a mapping that waits for a key.
  bool ExpectingKey() const;
  /// True when a whole top-level value has been built.
  bool done() const { return done_; }
  bool failed() const { return !error_.empty(); }
  nlohmann::json& result() { return result_; }
  const std::string& error() const { return error_; }
  const std::string& error_path() const { return error_path_; }
  /// Records an error found by the caller (e.g. a complex mapping key) at the current path.
  bool Fail(const std::string& message);

 private:
  struct Frame {
    nlohmann::json value;
    bool is_map = false;
    bool has_key = false;
    bool merge = false;
    std::string key;
    int index = 0;                        ///< next sequence index
    int child_height = 0;                 ///< greatest height of a finished child
    std::size_t nodes = 1;                ///< nodes in this container so far, itself included
    std::uint64_t bytes = 0;              ///< text of its keys and string values so far
    std::set<std::string> explicit_keys;  ///< keys written in this mapping (merged keys may be overridden)
  };

  bool Attach(nlohmann::json value, std::size_t nodes, int height, std::uint64_t bytes);
  bool Spend(std::size_t values);
  bool Merge(Frame& frame, const nlohmann::json& source);
  std::string CurrentPath() const;

  std::vector<Frame> stack_;
  nlohmann::json result_;
  bool done_ = false;
  std::size_t alias_nodes_ = 0;
  std::uint64_t alias_bytes_ = 0;
  std::uint64_t* remaining_values_ = nullptr;
  int max_depth_ = MaxDepth();
  std::uint64_t max_alias_nodes_ = CurrentLimits().alias_nodes;
  std::uint64_t max_alias_bytes_ = CurrentLimits().alias_bytes;
  std::string error_;
  std::string error_path_;
};

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_TREE_BUILDER_H_
