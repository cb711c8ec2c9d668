// Minimal JSON text output for emitters (the JSON library is the loader's alone).
#ifndef KREACH_SIM_FORMAT_JSON_TEXT_H_
#define KREACH_SIM_FORMAT_JSON_TEXT_H_

#include <string>
#include <string_view>

namespace kreach {

/// `text` as a JSON string literal, quotes included. Control characters become \uXXXX; bytes >= 0x80 are copied
/// (inputs are UTF-8). With `html_safe`, '<', '>' and '&' are escaped too, as Go's encoding/json writes them
/// (the connlist formats reproduce netpol-analyzer byte for byte).
std::string JsonQuote(std::string_view text, bool html_safe = false);

}  // namespace kreach

#endif  // KREACH_SIM_FORMAT_JSON_TEXT_H_
