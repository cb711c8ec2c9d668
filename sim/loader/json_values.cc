// JSON → values through nlohmann's SAX parser, so that depth, duplicate keys and concatenated values are ours
// to handle.
#include <exception>
#include <limits>
#include <new>
#include <sstream>
#include <utility>

#include "sim/loader/document_internal.h"
#include "sim/loader/json_fast.h"
#include "sim/loader/text_values.h"
#include "sim/loader/tree_builder.h"
#include "sim/model/text.h"

namespace kreach {

namespace {

class BuilderSax : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return builder_.Value(nullptr); }
  bool boolean(bool val) override { return builder_.Value(val); }
  bool number_integer(number_integer_t val) override { return builder_.Value(val); }
  // Non-negative integers are stored as signed when they fit, as the YAML reader does.
  bool number_unsigned(number_unsigned_t val) override {
    if (val <= static_cast<number_unsigned_t>(std::numeric_limits<number_integer_t>::max())) {
      return builder_.Value(static_cast<number_integer_t>(val));
    }
    return builder_.Value(val);
  }
  bool number_float(number_float_t val, const string_t&) override { return builder_.Value(val); }
  bool string(string_t& val) override { return builder_.Value(val); }
  bool binary(binary_t&) override { return builder_.Fail("binary values are not JSON"); }
  bool start_object(std::size_t) override { return builder_.StartMap(); }
  bool key(string_t& val) override { return builder_.Key(val); }
  bool end_object() override { return builder_.End(); }
  bool start_array(std::size_t) override { return builder_.StartSequence(); }
  bool end_array() override { return builder_.End(); }
  bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& ex) override {
    position_ = position;
    if (ex.id == 406) {
      // A number too large for a double (1e400) is no syntax error: the field that holds it is named.
      builder_.Fail("found a number out of range (" + token + "): no field holds it");
      return false;
    }
    syntax_error_ = true;
    position_ = position;
    message_ = ex.what();
    return false;
  }

  TreeBuilder& builder() { return builder_; }
  bool syntax_error() const { return syntax_error_; }
  std::size_t position() const { return position_; }
  const std::string& message() const { return message_; }

 private:
  TreeBuilder builder_;
  bool syntax_error_ = false;
  std::size_t position_ = 0;
  std::string message_;
};

// nlohmann's text is "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while
// parsing value - invalid literal; last read: 'tru,'". Positions are reported separately (and relative to the
// whole text), so keep only the explanation.
std::string SyntaxMessage(const std::string& what) {
  std::string text = what;
  std::size_t column = text.find("column ");
  if (column != std::string::npos) {
    std::size_t colon = text.find(": ", column);
    if (colon != std::string::npos) text = text.substr(colon + 2);
  }
  const std::string prefix = "syntax error ";
  if (StartsWith(text, prefix)) text = text.substr(prefix.size());
  std::size_t last_read = text.find("; last read: '");
  if (last_read != std::string::npos) {
    std::size_t close = text.find('\'', last_read + 14);
    // The token is quoted raw; find the closing quote that ends the segment ("'" then ";" or end of text).
    while (close != std::string::npos && close + 1 < text.size() && text[close + 1] != ';') {
      close = text.find('\'', close + 1);
    }
    text.erase(last_read, close == std::string::npos ? std::string::npos : close + 1 - last_read);
  }
  return text;
}

// 1-based line and column of byte `offset` of `text` (columns count characters, not bytes).
void LineColumn(const std::string& text, std::size_t offset, int& line, int& column) {
  line = 1;
  column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column;
    }
  }
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

bool ReadJsonValuesExact(const std::string& source, const std::string& text, std::size_t max_values,
                         std::vector<TextValue>& out, Diagnostics& diag) {
  std::size_t offset = StartsWithUtf8Bom(text) ? 3 : 0;
  std::istringstream in(text);
  std::uint64_t remaining_values = TreeBuilder::ValueBudget(text.size());
  int index = 0;
  try {
    while (max_values == 0 || out.size() < max_values) {
      while (offset < text.size() && IsSpace(text[offset])) ++offset;
      if (offset >= text.size()) break;
      in.clear();
      in.seekg(static_cast<std::streamoff>(offset));
      ++index;
      BuilderSax sax;
      sax.builder().SetValueBudget(&remaining_values);
      bool ok = nlohmann::json::sax_parse(in, &sax, nlohmann::json::input_format_t::json, /*strict=*/false);
      if (!ok || !sax.builder().done()) {
        Location where;
        where.source = source;
        if (sax.syntax_error()) {
          std::size_t at = offset + (sax.position() > 0 ? sax.position() - 1 : 0);
          LineColumn(text, at, where.line, where.column);
          diag.Error(where, "JSON syntax error: " + SyntaxMessage(sax.message()));
        } else {
          if (sax.position() > 0) LineColumn(text, offset + sax.position() - 1, where.line, where.column);
          where.doc = index;
          where.path = sax.builder().error_path();
          diag.Error(where, sax.builder().failed() ? sax.builder().error() : "incomplete JSON value");
        }
        return false;
      }
      in.clear();
      std::streamoff end = in.tellg();
      TextValue v;
      v.index = index;
      int column = 0;
      LineColumn(text, offset, v.line, column);
      v.value = std::move(sax.builder().result());
      out.push_back(std::move(v));
      if (end <= static_cast<std::streamoff>(offset)) break;  // no progress: cannot happen, but never loop
      offset = static_cast<std::size_t>(end);
    }
    return true;
  } catch (const std::bad_alloc&) {
    diag.Error(FileLocation(source), "out of memory while reading JSON");
  } catch (const std::exception& e) {
    diag.Error(FileLocation(source), std::string("cannot read JSON: ") + e.what());
  }
  return false;
}

bool ReadJsonValues(const std::string& source, const std::string& text, std::size_t max_values,
                    std::vector<TextValue>& out, Diagnostics& diag) {
  // The common case, one well-formed value without a byte-order mark, goes through simdjson; anything else
  // (and every error) is read exactly.
  TextValue fast;
  if (!StartsWithUtf8Bom(text) &&
      ReadJsonValueFast(text, TreeBuilder::MaxDepth(), fast.value, TreeBuilder::ValueBudget(text.size()))) {
    std::size_t start = 0;
    while (start < text.size() && IsSpace(text[start])) ++start;
    int column = 0;
    fast.index = 1;
    LineColumn(text, start, fast.line, column);
    out.push_back(std::move(fast));
    return true;
  }
  return ReadJsonValuesExact(source, text, max_values, out, diag);
}

}  // namespace kreach
