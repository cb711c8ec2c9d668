// YAML → JSON values through yaml-cpp's event parser (no yaml-cpp Node tree: we type scalars ourselves, see
// every document even after an empty one, and detect duplicate keys with their position).
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <cerrno>
#include <cstdlib>
#include <exception>
#include <limits>
#include <map>
#include <new>
#include <sstream>
#include <utility>

#include "sim/loader/document_internal.h"
#include "sim/loader/text_values.h"
#include "sim/loader/tree_builder.h"

namespace kreach {

namespace {

const char kStrTag[] = "tag:yaml.org,2002:str";

bool AllOf(const std::string& s, std::size_t from, bool (*pred)(char)) {
  if (from >= s.size()) return false;
  for (std::size_t i = from; i < s.size(); ++i) {
    if (!pred(s[i])) return false;
  }
  return true;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsOctal(char c) { return c >= '0' && c <= '7'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool IsCoreFloat(const std::string& s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t int_digits = 0;
  while (i < s.size() && IsDigit(s[i])) ++i, ++int_digits;
  std::size_t frac_digits = 0;
  bool dot = false;
  if (i < s.size() && s[i] == '.') {
    dot = true;
    ++i;
    while (i < s.size() && IsDigit(s[i])) ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (int_digits == 0 && !dot) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (!AllOf(s, i, IsDigit)) return false;
    return true;
  }
  return i == s.size();
}

nlohmann::json IntegerValue(const std::string& digits, bool negative, int base, const std::string& text) {
  errno = 0;
  char* end = nullptr;
  unsigned long long magnitude = std::strtoull(digits.c_str(), &end, base);
  if (errno == 0) {
    if (!negative && magnitude <= static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max())) {
      return static_cast<std::int64_t>(magnitude);
    }
    if (!negative) return static_cast<std::uint64_t>(magnitude);
    if (magnitude <= static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max()) + 1ULL) {
      return static_cast<std::int64_t>(0 - magnitude);
    }
  }
  return std::strtod(text.c_str(), nullptr);  // too big for 64 bits: keep the magnitude as a float
}

// Types a plain scalar by the YAML 1.2 core schema (`yes` and `on` stay strings; `0777` is decimal 777).
nlohmann::json PlainScalarValue(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  bool negative = !s.empty() && s[0] == '-';
  std::size_t sign = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (AllOf(s, sign, IsDigit)) return IntegerValue(s.substr(sign), negative, 10, s);
  if (s.size() > 2 && s[0] == '0' && s[1] == 'o' && AllOf(s, 2, IsOctal)) {
    return IntegerValue(s.substr(2), false, 8, s);
  }
  if (s.size() > 2 && s[0] == '0' && s[1] == 'x' && AllOf(s, 2, IsHex)) return IntegerValue(s.substr(2), false, 16, s);
  if (IsCoreFloat(s)) return std::strtod(s.c_str(), nullptr);
  std::string rest = s.substr(sign);
  if (rest == ".inf" || rest == ".Inf" || rest == ".INF") {
    return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return std::numeric_limits<double>::quiet_NaN();
  return s;
}

// Go's strconv.ParseInt(s, 0, 64) as go-yaml v2 calls it on a plain scalar with its underscores removed: an
// optional sign, then 0x/0X, 0o/0O, 0b/0B or a leading 0 (octal) prefix, or decimal digits. Sets `value` (as text,
// in decimal) and returns true when it parses.
bool GoParseInt(const std::string& plain, std::string& value) {
  std::size_t i = 0;
  bool negative = false;
  if (i < plain.size() && (plain[i] == '+' || plain[i] == '-')) negative = plain[i++] == '-';
  int base = 10;
  std::string digits = plain.substr(i);
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    base = 16;
  } else if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'o' || digits[1] == 'O')) {
    base = 8;
  } else if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'b' || digits[1] == 'B')) {
    base = 2;
  } else if (digits.size() > 1 && digits[0] == '0') {
    base = 8;
    digits = "00" + digits;  // keep the prefix arithmetic below uniform
  }
  if (base != 10) digits = digits.substr(2);
  if (digits.empty()) return false;
  for (char c : digits) {
    int d = IsDigit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : 99;
    if (d >= base) return false;
  }
  errno = 0;
  unsigned long long magnitude = std::strtoull(digits.c_str(), nullptr, base);
  if (errno != 0) return false;
  value = (negative && magnitude != 0 ? "-" : "") + std::to_string(magnitude);
  return true;
}

// True when `s` looks like a YAML 1.1 timestamp that go-yaml v2 resolves (YYYY-M-D, optionally followed by a time
// after `T`, `t` or a space): kubectl turns it into an RFC 3339 text.
bool LooksLikeGoYamlTimestamp(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size() && IsDigit(s[i])) ++i;
  if (i != 4 || i >= s.size() || s[i] != '-') return false;
  ++i;
  auto number = [&](std::size_t max_digits) {
    std::size_t start = i;
    while (i < s.size() && IsDigit(s[i]) && i - start < max_digits) ++i;
    return i > start;
  };
  if (!number(2) || i >= s.size() || s[i] != '-') return false;
  ++i;
  if (!number(2)) return false;
  if (i == s.size()) return true;
  return (s[i] == 'T' || s[i] == 't' || s[i] == ' ') && i + 1 < s.size() && IsDigit(s[i + 1]) &&
         s.find(':', i) != std::string::npos;
}

}  // namespace

std::string KubectlReadsDifferently(const std::string& s) {
  static const char* const kTrue[] = {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON"};
  static const char* const kFalse[] = {"n", "N", "no", "No", "NO", "off", "Off", "OFF"};
  for (const char* word : kTrue) {
    if (s == word)
      return "`" + s + "` is the boolean true for kubectl (YAML 1.1), a string for kreach: write true, " +
             "or quote it (\"" + s + "\") for the text";
  }
  for (const char* word : kFalse) {
    if (s == word)
      return "`" + s + "` is the boolean false for kubectl (YAML 1.1), a string for kreach: write " +
             "false, or quote it (\"" + s + "\") for the text";
  }
  if (s.empty() || !(IsDigit(s[0]) || s[0] == '+' || s[0] == '-')) return "";
  if (LooksLikeGoYamlTimestamp(s)) {
    return "`" + s + "` is a timestamp for kubectl (YAML 1.1), which rewrites it (e.g. 2024-01-02 as " +
           "2024-01-02T00:00:00Z): quote it (\"" + s + "\") to keep the text";
  }
  std::string plain;
  for (char c : s) {
    if (c != '_') plain += c;
  }
  std::string kubectl;
  if (!GoParseInt(plain, kubectl)) {
    // A float with underscores (1_000.5): go-yaml v2 removes them and reads a number.
    if (plain != s && IsCoreFloat(plain)) {
      return "`" + s + "` is the number " + plain + " for kubectl (YAML 1.1 ignores `_` in numbers), a string for " +
             "kreach: write " + plain + ", or quote it (\"" + s + "\") for the text";
    }
    return "";
  }
  nlohmann::json ours = PlainScalarValue(s);
  if (ours.is_number_integer() && ours.dump() == kubectl) return "";
  std::string how = plain != s                                         ? " (YAML 1.1 ignores `_` in numbers)"
                    : plain.find_first_of("bB") != std::string::npos   ? " (0b: a binary number in YAML 1.1)"
                    : plain.find_first_of("xXoO") != std::string::npos ? ""
                                                                       : " (a leading 0 makes it octal in YAML 1.1)";
  std::string for_us = ours.is_string() ? "a string" : ours.dump();
  return "`" + s + "` is the number " + kubectl + " for kubectl" + (how.empty() ? " (YAML 1.1)" : how) + ", " + for_us +
         " for kreach: write " + kubectl + ", or quote it (\"" + s + "\") for the text";
}

namespace {

// Thrown from the event handler to stop yaml-cpp's parser when the builder reports an error; caught in
// ReadYamlValues.
struct StopParsing {};

struct Anchored {
  nlohmann::json value;
  std::size_t nodes = 1;
  int height = 0;
  std::uint64_t bytes = 0;  ///< text of its keys and string values (the `alias-bytes` limit)
};

Anchored AnchoredScalar(nlohmann::json value) {
  std::uint64_t bytes = value.is_string() ? value.get_ref<const std::string&>().size() : 0;
  return Anchored{std::move(value), 1, 0, bytes};
}

class JsonEventHandler : public YAML::EventHandler {
 public:
  JsonEventHandler(std::vector<TextValue>& out, std::size_t text_bytes)
      : out_(out), remaining_values_(TreeBuilder::ValueBudget(text_bytes)) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    Remember(mark);
    builder_ = TreeBuilder();
    builder_.SetValueBudget(&remaining_values_);
    anchors_.clear();
    open_anchors_.clear();
    ++index_;
    start_line_ = mark.line + 1;
  }

  void OnDocumentEnd() override {
    TextValue v;
    v.index = index_;
    v.line = start_line_;
    if (builder_.done()) v.value = std::move(builder_.result());
    out_.push_back(std::move(v));
  }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Remember(mark);
    if (builder_.ExpectingKey()) {
      Check(builder_.Key("null"));
      return;
    }
    Check(builder_.Value(nullptr));
    if (anchor != 0) anchors_[anchor] = AnchoredScalar(nullptr);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Remember(mark);
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) Check(builder_.Fail("an alias refers to a node that contains it (a cycle)"));
    const Anchored& a = it->second;
    // Counted before the copy is made: one big value aliased many times is refused before it fills memory.
    Check(builder_.AliasCopy(a.nodes, a.bytes, a.height));
    if (builder_.ExpectingKey()) {
      if (a.value.is_string()) {
        Check(builder_.Key(a.value.get<std::string>()));
      } else if (a.value.is_primitive()) {
        Check(builder_.Key(a.value.dump()));
      } else {
        Check(builder_.Fail("a mapping key must be a plain value"));
      }
      return;
    }
    Check(builder_.Value(a.value, a.nodes, a.height, a.bytes));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Remember(mark);
    if (tag == "?") {
      // A plain scalar that kubectl (go-yaml v2, YAML 1.1) reads as another value than YAML 1.2 does is refused:
      // reading it either way would disagree with kubectl or with the YAML the file says it is.
      std::string differs = KubectlReadsDifferently(value);
      if (!differs.empty()) {
        if (builder_.ExpectingKey()) differs = "key " + differs;
        Check(builder_.Fail(differs));
      }
    }
    if (builder_.ExpectingKey()) {
      Check(builder_.Key(value, /*merge=*/tag == "?" && value == "<<"));
      if (anchor != 0) anchors_[anchor] = AnchoredScalar(value);
      return;
    }
    nlohmann::json typed = (tag == "!" || tag == kStrTag) ? nlohmann::json(value) : PlainScalarValue(value);
    if (anchor != 0) anchors_[anchor] = AnchoredScalar(typed);
    Check(builder_.Value(std::move(typed)));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Remember(mark);
    Check(builder_.StartSequence());
    open_anchors_.push_back(anchor);
  }

  void OnSequenceEnd() override { EndContainer(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Remember(mark);
    Check(builder_.StartMap());
    open_anchors_.push_back(anchor);
  }

  void OnMapEnd() override { EndContainer(); }

  const TreeBuilder& builder() const { return builder_; }
  int index() const { return index_; }
  const YAML::Mark& last_mark() const { return last_mark_; }

 private:
  void Remember(const YAML::Mark& mark) { last_mark_ = mark; }

  void Check(bool ok) {
    if (!ok) throw StopParsing{};
  }

  void EndContainer() {
    YAML::anchor_t anchor = open_anchors_.empty() ? 0 : open_anchors_.back();
    if (!open_anchors_.empty()) open_anchors_.pop_back();
    if (anchor == 0) {
      Check(builder_.End());
      return;
    }
    Anchored a;
    Check(builder_.End(&a.value, &a.nodes, &a.height, &a.bytes));
    anchors_[anchor] = std::move(a);
  }

  std::vector<TextValue>& out_;
  std::uint64_t remaining_values_;  ///< the text's value budget (TreeBuilder::ValueBudget), over all documents
  TreeBuilder builder_;
  std::map<YAML::anchor_t, Anchored> anchors_;  ///< finished anchored nodes of the current document
  std::vector<YAML::anchor_t> open_anchors_;    ///< one per open container, 0 when it has none
  int index_ = 0;
  int start_line_ = 0;
  YAML::Mark last_mark_;
};

Location At(const std::string& source, const YAML::Mark& mark) {
  Location where;
  where.source = source;
  if (!mark.is_null()) {
    where.line = mark.line + 1;
    where.column = mark.column + 1;
  }
  return where;
}

}  // namespace

bool ReadYamlValues(const std::string& source, const std::string& text, std::size_t max_values,
                    std::vector<TextValue>& out, Diagnostics& diag) {
  // A carriage return without a line feed (classic Mac OS line ends): YAML takes it as a line break, yaml-cpp does
  // not, and kubectl's document splitter only cuts at line feeds. Refused where it is, rather than misread.
  for (std::size_t cr = text.find('\r'); cr != std::string::npos; cr = text.find('\r', cr + 1)) {
    if (cr + 1 < text.size() && text[cr + 1] == '\n') continue;
    Location where;
    where.source = source;
    where.line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < cr; ++i) {
      if (text[i] == '\n') {
        ++where.line;
        line_start = i + 1;
      }
    }
    where.column = 1;
    for (std::size_t i = line_start; i < cr; ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++where.column;
    }
    diag.Error(where,
               "a carriage return without a line feed (CR-only line ends): kubectl cuts documents at line "
               "feeds only and YAML readers disagree on a lone CR; save the file with LF or CRLF line ends");
    return false;
  }
  std::istringstream in(text);
  JsonEventHandler handler(out, text.size());
  try {
    YAML::Parser parser(in);
    std::size_t read = 0;
    while ((max_values == 0 || read < max_values) && parser.HandleNextDocument(handler)) ++read;
    return true;
  } catch (const StopParsing&) {
    Location where = At(source, handler.last_mark());
    where.doc = handler.index();
    where.path = handler.builder().error_path();
    diag.Error(where, handler.builder().error());
  } catch (const YAML::DeepRecursion& e) {
    diag.Error(At(source, e.mark), "YAML nested too deeply");
  } catch (const YAML::Exception& e) {
    std::string message = "YAML syntax error: " + e.msg;
    // yaml-cpp does not say which character it stumbled on; template placeholders (`{{ printf "%s" }}`) are
    // the usual culprit.
    if (e.msg == "unknown token" && !e.mark.is_null() && e.mark.pos >= 0 &&
        static_cast<std::size_t>(e.mark.pos) < text.size()) {
      char c = text[static_cast<std::size_t>(e.mark.pos)];
      if (c > ' ' && c < 0x7F) message += std::string(" '") + c + "'";
    }
    diag.Error(At(source, e.mark), message);
  } catch (const std::bad_alloc&) {
    diag.Error(FileLocation(source), "out of memory while reading YAML");
  } catch (const std::exception& e) {
    diag.Error(FileLocation(source), std::string("cannot read YAML: ") + e.what());
  }
  return false;
}

}  // namespace kreach
