// A streaming writer of nested objects as JSON or block-style YAML: every JSON kreach prints goes through it
// (`kreach generate` without building a document tree, the reports with a layout per container).
#ifndef KREACH_SIM_FORMAT_STRUCTURED_WRITER_H_
#define KREACH_SIM_FORMAT_STRUCTURED_WRITER_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace kreach {

enum class TextFormat { kJson, kYaml };

/// How one JSON container is laid out; YAML ignores it.
enum class JsonLayout {
  kCompact,  ///< no spaces: `{"a":1,"b":[2,3]}` (but see the depth-2 array rule below)
  kInline,   ///< one line, ", " between members and ": " after keys: `{"a": 1, "b": [2, 3]}`
  /// One member per line, indented two spaces per enclosing kLines container (this one included), ": " after
  /// keys; the closing bracket on its own line at the indentation of the container's own line. Empty: `{}`, `[]`.
  kLines,
};

/// Which characters JSON strings escape beyond those JSON requires.
enum class JsonEscape {
  kPlain,
  kHtmlSafe,  ///< also '<', '>' and '&' as \u003c, \u003e, \u0026, as Go's encoding/json writes them
};

/// Writes one value (normally an object) as a sequence of calls: Begin/End pairs nest, an object alternates Key
/// and a value. Output is buffered and written to the stream in large chunks; Finish() (or the destructor)
/// flushes the rest.
///
/// JSON containers are laid out as their Begin call asks (`JsonLayout`). A kCompact array at nesting depth 2
/// (the `items` of a top-level `List`) puts each element on its own line and its closing bracket on the next
/// (what `kreach generate` prints). YAML is block style as kubectl prints it (`- ` items at the indent of their key);
/// strings are written plain when YAML reads them back as the same string, double-quoted with JSON escapes
/// otherwise. The call sequence must be well formed (a Key before each value in an object); this is not checked.
class StructuredWriter {
 public:
  StructuredWriter(TextFormat format, std::ostream& out, JsonEscape escape = JsonEscape::kPlain);
  StructuredWriter(const StructuredWriter&) = delete;
  StructuredWriter& operator=(const StructuredWriter&) = delete;
  ~StructuredWriter();

  void BeginObject(JsonLayout layout = JsonLayout::kCompact);
  void EndObject();
  void BeginArray(JsonLayout layout = JsonLayout::kCompact);
  void EndArray();
  void Key(std::string_view key);
  void String(std::string_view value);
  void Int(std::int64_t value);
  void Number(double value);  ///< shortest of %.15g; null for NaN or infinity
  void Bool(bool value);
  void Null();

  /// Key then value, for the common case.
  void Field(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }
  void Field(std::string_view key, const char* value) { Field(key, std::string_view(value)); }
  void Field(std::string_view key, const std::string& value) { Field(key, std::string_view(value)); }
  void IntField(std::string_view key, std::int64_t value) {
    Key(key);
    Int(value);
  }
  void NumberField(std::string_view key, double value) {
    Key(key);
    Number(value);
  }
  void BoolField(std::string_view key, bool value) {
    Key(key);
    Bool(value);
  }

  /// Writes the trailing newline and flushes everything to the stream.
  void Finish();

 private:
  struct Frame {
    bool object = false;
    JsonLayout layout = JsonLayout::kCompact;
    int count = 0;              ///< values (object: keys) written so far
    int json_indent = 0;        ///< JSON: column of this container's members when they start a line
    int indent = 0;             ///< YAML: column of this container's keys or `- ` marks
    bool inline_first = false;  ///< YAML: an object whose first key follows the `- ` of its array item
  };

  void BeforeValue(bool container);
  void BeginContainer(bool object, JsonLayout layout);
  void EndContainer();
  void JsonSeparator(Frame& top);
  void WriteJsonString(std::string_view value);
  void WriteYamlString(std::string_view value);
  void Indent(int columns);
  void MaybeFlush();

  TextFormat format_;
  JsonEscape escape_;
  std::ostream& out_;
  std::string buffer_;
  std::vector<Frame> stack_;
  bool finished_ = false;
};

}  // namespace kreach

#endif  // KREACH_SIM_FORMAT_STRUCTURED_WRITER_H_
