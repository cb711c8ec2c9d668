// A streaming writer of nested objects as JSON or block-style YAML, for emitters that produce large outputs
// (`kreach generate`) without building a document tree.
#ifndef KREACH_SIM_FORMAT_STRUCTURED_WRITER_H_
#define KREACH_SIM_FORMAT_STRUCTURED_WRITER_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace kreach {

enum class TextFormat { kJson, kYaml };

/// Writes one value (normally an object) as a sequence of calls: Begin/End pairs nest, an object alternates Key
/// and a value. Output is buffered and written to the stream in large chunks; Finish() (or the destructor)
/// flushes the rest.
///
/// JSON is compact, except that the elements of arrays at nesting depth 2 (the `items` of a top-level `List`)
/// each start on their own line. YAML is block style as kubectl prints it (`- ` items at the indent of their key);
/// strings are written plain when YAML reads them back as the same string, double-quoted with JSON escapes
/// otherwise. The call sequence must be well formed (a Key before each value in an object); this is not checked.
class StructuredWriter {
 public:
  StructuredWriter(TextFormat format, std::ostream& out);
  StructuredWriter(const StructuredWriter&) = delete;
  StructuredWriter& operator=(const StructuredWriter&) = delete;
  ~StructuredWriter();

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key);
  void String(std::string_view value);
  void Int(std::int64_t value);
  void Bool(bool value);

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

  /// Writes the trailing newline and flushes everything to the stream.
  void Finish();

 private:
  struct Frame {
    bool object = false;
    int count = 0;              ///< values (object: keys) written so far
    int indent = 0;             ///< YAML: column of this container's keys or `- ` marks
    bool inline_first = false;  ///< YAML: an object whose first key follows the `- ` of its array item
  };

  void BeforeValue(bool container);
  void BeginContainer(bool object);
  void EndContainer();
  void WriteYamlString(std::string_view value);
  void Indent(int columns);
  void MaybeFlush();

  TextFormat format_;
  std::ostream& out_;
  std::string buffer_;
  std::vector<Frame> stack_;
  bool finished_ = false;
};

}  // namespace kreach

#endif  // KREACH_SIM_FORMAT_STRUCTURED_WRITER_H_
