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

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_TEXT_H_
