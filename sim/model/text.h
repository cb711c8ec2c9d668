// Small text helpers shared by the libraries.
#ifndef KREACH_SIM_MODEL_TEXT_H_
#define KREACH_SIM_MODEL_TEXT_H_

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace kreach {

/// `text` with ASCII letters lowercased (DNS names, kinds, hosts: comparisons that ignore case).
inline std::string AsciiLower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

/// True when `text` begins with `prefix` (every text begins with "").
inline bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && text.substr(0, prefix.size()) == prefix;
}

/// True when `text` ends with `suffix` (every text ends with "").
inline bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

/// True when `text` begins with the UTF-8 byte order mark (EF BB BF).
inline bool StartsWithUtf8Bom(std::string_view text) { return StartsWith(text, "\xEF\xBB\xBF"); }

/// `text` without its leading and trailing spaces (' ' only: tabs and newlines stay); "" when it is all spaces.
inline std::string Trim(std::string_view text) {
  const std::size_t begin = text.find_first_not_of(' ');
  if (begin == std::string_view::npos) return "";
  return std::string(text.substr(begin, text.find_last_not_of(' ') - begin + 1));
}

/// The strings of `items` (any range of strings: vector, set, ...) in order, `separator` between each two:
/// Join({"a", "b", "c"}, ", ") is "a, b, c"; no items give "".
template <typename Strings>
std::string Join(const Strings& items, std::string_view separator) {
  std::string out;
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += separator;
    out += item;
    first = false;
  }
  return out;
}

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_TEXT_H_
