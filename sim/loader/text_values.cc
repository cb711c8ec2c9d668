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

}  // namespace

bool LooksLikeJson(const std::string& text) {
  std::size_t i = StartsWithUtf8Bom(text) ? 3 : 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
  return i < text.size() && (text[i] == '{' || text[i] == '[');
}

bool CheckUtf8(const std::string& source, const std::string& text, Diagnostics& diag) {
  int line = 1;
  int column = 1;
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
