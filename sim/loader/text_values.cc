#include "sim/loader/text_values.h"

#include <cstdio>

#include "sim/model/text.h"

namespace kreach {

namespace {

// Length of the valid UTF-8 sequence at text[i], or 0 when it is invalid (overlong forms, surrogates and
// code points above U+10FFFF included).
std::size_t Utf8SequenceLength(const std::string& text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) low = 0xA0;
    if (c == 0xED) high = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) low = 0x90;
    if (c == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    unsigned char b = byte(i + k);
    unsigned char lo = k == 1 ? low : 0x80;
    unsigned char hi = k == 1 ? high : 0xBF;
    if (b < lo || b > hi) return 0;
  }
  return length;
}

bool IsControlByte(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r'; }

// Line and column (1-based, in code points as CheckUtf8 counts) of byte `pos`.
void LineAndColumn(const std::string& text, std::size_t pos, int& line, int& column) {
  line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < pos; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  column = 1;
  for (std::size_t i = line_start; i < pos; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
}

}  // namespace

std::size_t FindControlByte(const std::string& text, std::size_t from) {
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = from;
  // Blocks of 64 bytes without a branch per byte (the compiler vectorizes this), then the exact byte.
  constexpr std::size_t kBlock = 64;
  for (; i + kBlock <= size; i += kBlock) {
    unsigned found = 0;
    for (std::size_t k = 0; k < kBlock; ++k) {
      unsigned char c = data[i + k];
      found |= static_cast<unsigned>(c < 0x20) & static_cast<unsigned>(c != '\t') & static_cast<unsigned>(c != '\n') &
               static_cast<unsigned>(c != '\r');
    }
    if (found != 0) break;
  }
  for (; i < size; ++i) {
    if (IsControlByte(data[i])) return i;
  }
  return std::string::npos;
}

void ReportControlByte(const std::string& source, const std::string& text, std::size_t pos, Diagnostics& diag) {
  int line = 0;
  int column = 0;
  LineAndColumn(text, pos, line, column);
  const unsigned char c = static_cast<unsigned char>(text[pos]);
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", c);
  std::string what = c == 0 ? std::string("a NUL byte (0x00)") : std::string("a control character (byte ") + hex + ")";
  Location where{source, 0, "", "", line, column};
  diag.Error(where, what + ": YAML and JSON texts cannot hold it raw; is this a binary file?");
}

bool LooksLikeJson(const std::string& text) {
  std::size_t i = StartsWithUtf8Bom(text) ? 3 : 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
  return i < text.size() && (text[i] == '{' || text[i] == '[');
}

bool CheckUtf8(const std::string& source, const std::string& text, Diagnostics& diag) {
  int line = 1;
  int column = 1;
  std::size_t control = FindControlByte(text, 0);
  if (control != std::string::npos) {
    // Reported before an invalid UTF-8 byte after it, but not before one ahead of it.
    bool utf8_before = false;
    for (std::size_t i = 0; i < control && !utf8_before;) {
      std::size_t length = Utf8SequenceLength(text, i);
      if (length == 0) utf8_before = true;
      i += length;
    }
    if (!utf8_before) {
      ReportControlByte(source, text, control, diag);
      return false;
    }
  }
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = Utf8SequenceLength(text, i);
    if (length == 0) {
      Location where{source, 0, "", "", line, column};
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[i]));
      std::string message = std::string("invalid UTF-8 (byte ") + hex + ")";
      bool utf16 = StartsWith(text, "\xFF\xFE") || StartsWith(text, "\xFE\xFF");
      if (utf16) message += "; the file looks like UTF-16, save it as UTF-8";
      diag.Error(where, message);
      return false;
    }
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += length;
  }
  return true;
}

}  // namespace kreach
