#include "sim/format/text_escape.h"

#include <cstdint>
#include <cstdio>

namespace kreach {

int DecodeUtf8(std::string_view s, std::uint32_t& cp) {
  auto byte = [&s](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char b0 = byte(0);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  int len = 0;
  std::uint32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1Fu, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0Fu, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07u, min = 0x10000;
  } else {
    return 0;
  }
  for (int i = 1; i < len; ++i) {
    if (static_cast<std::size_t>(i) >= s.size()) return -1;
    unsigned char b = byte(static_cast<std::size_t>(i));
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

namespace {

bool IsBidiControl(std::uint32_t cp) { return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069); }

void AppendHexByte(std::string& out, unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02x", c);
  out += buf;
}

void AppendCodePoint(std::string& out, std::uint32_t cp) {
  char buf[12];
  std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
  out += buf;
}

/// Appends `text` to `out` with the characters `unsafe(cp)` names escaped; bytes that are not UTF-8 as `\xNN` when
/// `escape_invalid`, else copied. An incomplete sequence at the end counts as not UTF-8.
template <typename Unsafe>
void Escape(std::string_view text, bool escape_invalid, Unsafe&& unsafe, std::string& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::uint32_t cp = 0;
    int len = DecodeUtf8(text.substr(i), cp);
    if (len <= 0) {
      if (escape_invalid) {
        AppendHexByte(out, static_cast<unsigned char>(text[i]));
      } else {
        out += text[i];
      }
      ++i;
      continue;
    }
    if (unsafe(cp)) {
      if (cp < 0x80) {
        AppendHexByte(out, static_cast<unsigned char>(cp));
      } else {
        AppendCodePoint(out, cp);
      }
    } else {
      out.append(text.data() + i, static_cast<std::size_t>(len));
    }
    i += static_cast<std::size_t>(len);
  }
}

}  // namespace

bool IsControl(std::uint32_t cp) { return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || IsBidiControl(cp); }

bool IsPlainText(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {
      ++i;
      continue;
    }
    std::uint32_t cp = 0;
    int len = DecodeUtf8(text.substr(i), cp);
    if (len <= 0 || IsControl(cp)) return false;
    i += static_cast<std::size_t>(len);
  }
  return true;
}

std::string EscapeControls(std::string_view text) {
  if (IsPlainText(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 16);
  Escape(text, /*escape_invalid=*/true, IsControl, out);
  return out;
}

std::string CapText(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return std::string(text.substr(0, cut)) + "... (" + std::to_string(text.size()) + " bytes)";
}

std::string CsvField(std::string_view field) {
  std::string text = EscapeControls(field);
  bool quote = !text.empty() && (text.find_first_of(",\"") != std::string::npos || text[0] == ' ');
  if (!quote) return text;
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

std::string MarkdownCell(std::string_view cell) {
  std::string text = EscapeControls(cell);
  if (text.find('|') == std::string::npos) return text;
  std::string out;
  for (char ch : text) {
    if (ch == '|') out += '\\';
    out += ch;
  }
  return out;
}

std::string XmlText(std::string_view text) {
  std::string valid;
  valid.reserve(text.size());
  Escape(
      text, /*escape_invalid=*/true,
      [](std::uint32_t cp) {
        return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF;
      },
      valid);
  std::string out;
  out.reserve(valid.size());
  for (char c : valid) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

ControlEscapingBuf::ControlEscapingBuf(std::streambuf* target) : target_(target) {}

ControlEscapingBuf::~ControlEscapingBuf() { Finish(); }

bool ControlEscapingBuf::Drain(bool final) {
  out_.clear();
  std::size_t i = 0;
  const std::string_view text = pending_;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {  // the common case: a run of printable ASCII
      std::size_t j = i + 1;
      while (j < text.size() && static_cast<unsigned char>(text[j]) >= 0x20 &&
             static_cast<unsigned char>(text[j]) < 0x7F)
        ++j;
      out_.append(text.data() + i, j - i);
      i = j;
      continue;
    }
    std::uint32_t cp = 0;
    int len = DecodeUtf8(text.substr(i), cp);
    if (len < 0 && !final) break;  // the rest of the character comes with the next write
    if (len <= 0) {                // not UTF-8: copied (binary-safe for what is not text)
      out_ += text[i++];
      continue;
    }
    if (cp == '\n' || cp == '\t' || !IsControl(cp)) {
      out_.append(text.data() + i, static_cast<std::size_t>(len));
    } else if (cp < 0x80) {
      AppendHexByte(out_, static_cast<unsigned char>(cp));
    } else {
      AppendCodePoint(out_, cp);
    }
    i += static_cast<std::size_t>(len);
  }
  pending_.erase(0, i);
  if (!out_.empty() && !failed_) {
    auto n = static_cast<std::streamsize>(out_.size());
    if (target_->sputn(out_.data(), n) != n) failed_ = true;
  }
  return !failed_;
}

ControlEscapingBuf::int_type ControlEscapingBuf::overflow(int_type ch) {
  if (traits_type::eq_int_type(ch, traits_type::eof())) return sync() == 0 ? traits_type::not_eof(ch) : ch;
  pending_ += traits_type::to_char_type(ch);
  if (pending_.size() >= (1u << 16) && !Drain(false)) return traits_type::eof();
  return failed_ ? traits_type::eof() : ch;
}

std::streamsize ControlEscapingBuf::xsputn(const char* s, std::streamsize n) {
  pending_.append(s, static_cast<std::size_t>(n));
  if (pending_.size() >= (1u << 16) && !Drain(false)) return 0;
  return failed_ ? 0 : n;
}

int ControlEscapingBuf::sync() {
  if (!Drain(false)) return -1;
  return target_->pubsync() == 0 ? 0 : (failed_ = true, -1);
}

bool ControlEscapingBuf::Finish() {
  Drain(true);
  if (target_->pubsync() != 0) failed_ = true;
  return !failed_;
}

}  // namespace kreach
