// Minimal JSON text output for emitters (the JSON library is the loader's alone).
#ifndef KREACH_SIM_FORMAT_JSON_TEXT_H_
#define KREACH_SIM_FORMAT_JSON_TEXT_H_

#include <string>
#include <string_view>

namespace kreach {

/// `text` as a JSON string literal, quotes included. Control characters (C0, DEL, C1, the bidirectional overrides;
/// text_escape.h IsControl) and U+2028, U+2029 become \u escapes (\u001b, \u2028); other UTF-8 is copied, and a byte
/// that is not UTF-8 becomes \ufffd, as Go's encoding/json writes it: the literal is always valid JSON. With
/// `html_safe`, '<', '>' and
/// '&' are escaped too, as Go's encoding/json writes them (the connlist formats reproduce netpol-analyzer byte for
/// byte).
std::string JsonQuote(std::string_view text, bool html_safe = false);

}  // namespace kreach

#endif  // KREACH_SIM_FORMAT_JSON_TEXT_H_
