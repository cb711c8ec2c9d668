#include "sim/format/json_text.h"

#include <cstdint>
#include <cstdio>

#include "sim/format/text_escape.h"

namespace kreach {

std::string JsonQuote(std::string_view text, bool html_safe) {
  std::string out = "\"";
  auto escape = [&out](unsigned cp) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\u%04x", cp);
    out += buf;
  };
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) {  // UTF-8: copied, but for controls and bytes that are not UTF-8 (as Go's encoding/json)
      std::uint32_t cp = 0;
      int len = DecodeUtf8(text.substr(i), cp);
      if (len <= 0) {
        out += "\\ufffd";
        ++i;
      } else {
        if (IsControl(cp) || cp == 0x2028 || cp == 0x2029) {
          escape(cp);
        } else {
          out.append(text.data() + i, static_cast<std::size_t>(len));
        }
        i += static_cast<std::size_t>(len);
      }
      continue;
    }
    ++i;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20 || u == 0x7f || (html_safe && (c == '<' || c == '>' || c == '&'))) {
          escape(u);
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace kreach
