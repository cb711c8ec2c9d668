#include "sim/format/structured_writer.h"

#include <cmath>
#include <cstdio>

#include "sim/format/json_text.h"

namespace kreach {

namespace {

constexpr std::size_t kFlushBytes = 1 << 16;

bool EqualsIgnoringCase(std::string_view a, const char* b) {
  std::size_t i = 0;
  for (; i < a.size() && b[i] != '\0'; ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return i == a.size() && b[i] == '\0';
}

/// True when `s` can be written as a plain YAML scalar and reads back as this string (not a number, boolean or
/// null, no indicator characters): a letter first, then letters, digits and `.`, `_`, `/`, `-`.
bool IsPlainSafe(std::string_view s) {
  if (s.empty()) return false;
  char first = s[0];
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '/' || c == '-';
    if (!ok) return false;
  }
  for (const char* word : {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf"}) {
    if (EqualsIgnoringCase(s, word)) return false;
  }
  return true;
}

}  // namespace

StructuredWriter::StructuredWriter(TextFormat format, std::ostream& out, JsonEscape escape)
    : format_(format), escape_(escape), out_(out) {
  buffer_.reserve(kFlushBytes * 2);
}

StructuredWriter::~StructuredWriter() { Finish(); }

void StructuredWriter::MaybeFlush() {
  if (buffer_.size() < kFlushBytes) return;
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

void StructuredWriter::Finish() {
  if (finished_) return;
  finished_ = true;
  buffer_ += '\n';
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
  out_.flush();
}

void StructuredWriter::Indent(int columns) { buffer_.append(static_cast<std::size_t>(columns), ' '); }

void StructuredWriter::JsonSeparator(Frame& top) {
  if (top.count > 0) buffer_ += ',';
  switch (top.layout) {
    case JsonLayout::kCompact:
      if (!top.object && stack_.size() == 2) buffer_ += '\n';
      break;
    case JsonLayout::kInline:
      if (top.count > 0) buffer_ += ' ';
      break;
    case JsonLayout::kLines:
      buffer_ += '\n';
      Indent(top.json_indent);
      break;
  }
  ++top.count;
}

void StructuredWriter::BeforeValue(bool container) {
  if (stack_.empty()) return;
  Frame& top = stack_.back();
  if (format_ == TextFormat::kJson) {
    if (!top.object) JsonSeparator(top);  // in an object, Key() wrote the separator
    return;
  }
  if (top.object) {
    if (!container) buffer_ += ' ';
    return;
  }
  buffer_ += '\n';
  Indent(top.indent);
  buffer_ += "- ";
  ++top.count;
}

void StructuredWriter::BeginContainer(bool object, JsonLayout layout) {
  BeforeValue(true);
  Frame frame;
  frame.object = object;
  frame.layout = layout;
  frame.json_indent = layout == JsonLayout::kLines ? 2 : 0;
  if (!stack_.empty()) {
    const Frame& parent = stack_.back();
    frame.indent = parent.object && !object ? parent.indent : parent.indent + 2;
    frame.inline_first = !parent.object && object;
    frame.json_indent += parent.json_indent;
  }
  stack_.push_back(frame);
  if (format_ == TextFormat::kJson) buffer_ += object ? '{' : '[';
}

void StructuredWriter::EndContainer() {
  Frame frame = stack_.back();
  stack_.pop_back();
  if (format_ == TextFormat::kJson) {
    if (frame.count > 0 && frame.layout == JsonLayout::kLines) {
      buffer_ += '\n';
      Indent(frame.json_indent - 2);
    } else if (frame.count > 0 && frame.layout == JsonLayout::kCompact && !frame.object && stack_.size() == 1) {
      buffer_ += '\n';
    }
    buffer_ += frame.object ? '}' : ']';
  } else if (frame.count == 0) {
    if (!stack_.empty() && stack_.back().object) buffer_ += ' ';
    buffer_ += frame.object ? "{}" : "[]";
  }
  MaybeFlush();
}

void StructuredWriter::BeginObject(JsonLayout layout) { BeginContainer(true, layout); }
void StructuredWriter::EndObject() { EndContainer(); }
void StructuredWriter::BeginArray(JsonLayout layout) { BeginContainer(false, layout); }
void StructuredWriter::EndArray() { EndContainer(); }

void StructuredWriter::Key(std::string_view key) {
  Frame& top = stack_.back();
  if (format_ == TextFormat::kJson) {
    JsonSeparator(top);
    WriteJsonString(key);
    buffer_ += top.layout == JsonLayout::kCompact ? ":" : ": ";
    return;
  }
  bool first_line = buffer_.empty() && stack_.size() == 1 && top.count == 0;
  if (!(top.count == 0 && top.inline_first) && !first_line) {
    buffer_ += '\n';
    Indent(top.indent);
  }
  WriteYamlString(key);
  buffer_ += ':';
  ++top.count;
}

void StructuredWriter::WriteJsonString(std::string_view value) {
  buffer_ += JsonQuote(value, escape_ == JsonEscape::kHtmlSafe);
}

void StructuredWriter::WriteYamlString(std::string_view value) {
  if (IsPlainSafe(value)) {
    buffer_.append(value.data(), value.size());
  } else {
    buffer_ += JsonQuote(value);  // JSON escapes are valid in YAML double-quoted scalars
  }
}

void StructuredWriter::String(std::string_view value) {
  BeforeValue(false);
  if (format_ == TextFormat::kJson) {
    WriteJsonString(value);
  } else {
    WriteYamlString(value);
  }
}

void StructuredWriter::Int(std::int64_t value) {
  BeforeValue(false);
  buffer_ += std::to_string(value);
}

void StructuredWriter::Number(double value) {
  BeforeValue(false);
  if (!std::isfinite(value)) {  // JSON has no NaN or infinity
    buffer_ += "null";
    return;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", value);  // an integral value prints without a fraction: 3, not 3.0
  buffer_ += text;
}

void StructuredWriter::Bool(bool value) {
  BeforeValue(false);
  buffer_ += value ? "true" : "false";
}

void StructuredWriter::Null() {
  BeforeValue(false);
  buffer_ += "null";
}

}  // namespace kreach
