// Text from the input, made safe for where it is written: a terminal (no control characters), a CSV field
// (RFC 4180 quoting), a Markdown table cell, XML 1.0 text. Every writer of these formats quotes through here.
#ifndef KREACH_SIM_FORMAT_TEXT_ESCAPE_H_
#define KREACH_SIM_FORMAT_TEXT_ESCAPE_H_

#include <cstddef>
#include <cstdint>
#include <streambuf>
#include <string>
#include <string_view>

namespace kreach {

/// The length of the UTF-8 sequence at the start of `s` (1..4) with its code point in `cp`; 0 when the bytes are
/// not UTF-8 (overlong, a surrogate, beyond U+10FFFF, a stray continuation byte); -1 when a valid start is cut off
/// by the end of `s`. `s` must not be empty.
int DecodeUtf8(std::string_view s, std::uint32_t& cp);

/// Whether a character acts on a terminal or on the order text is shown in: C0 controls, DEL, the C1 controls
/// U+0080..U+009F, the bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069).
bool IsControl(std::uint32_t cp);

/// True when `text` holds nothing EscapeControls would change.
bool IsPlainText(std::string_view text);

/// `text` with every character that could act on a terminal or start a new line shown as an escape: C0 controls
/// (newline and tab included) and DEL as `\xNN`, the C1 controls U+0080..U+009F and the bidirectional overrides
/// (U+202A..U+202E, U+2066..U+2069) as `\uNNNN`, a byte that is not UTF-8 as `\xNN`. Other text is copied.
std::string EscapeControls(std::string_view text);

/// At most `max_bytes` of `text` (cut at a UTF-8 character boundary), followed by "... (N bytes)" when cut.
std::string CapText(std::string_view text, std::size_t max_bytes);

/// One CSV field (RFC 4180, as Go's encoding/csv writes it): EscapeControls, then quoted when it holds a comma or
/// a quote or starts with a space or tab, inner quotes doubled. Plain names are copied unchanged.
std::string CsvField(std::string_view field);

/// One Markdown table cell: EscapeControls, then '|' as `\|` so that it cannot end the cell.
std::string MarkdownCell(std::string_view cell);

/// XML 1.0 text or attribute value: & < > " ' as entities, and every character XML 1.0 forbids (C0 controls but
/// tab, newline and carriage return; U+FFFE, U+FFFF; surrogates; bytes that are not UTF-8) shown visibly as
/// `\xNN` or `\uNNNN`. The result is always well-formed UTF-8 of XML 1.0 characters.
std::string XmlText(std::string_view text);

/// A stream buffer in front of another that lets no control character reach a terminal: every byte written is
/// copied except the C0 controls other than newline and tab, DEL (as `\xNN`), the C1 controls and bidirectional
/// overrides (as `\uNNNN`, which is also a valid escape inside a JSON or YAML string). Failures of the buffer behind
/// it are passed on (the stream sees badbit). Finish() writes a character held back at the end of the text.
class ControlEscapingBuf : public std::streambuf {
 public:
  explicit ControlEscapingBuf(std::streambuf* target);
  ~ControlEscapingBuf() override;
  ControlEscapingBuf(const ControlEscapingBuf&) = delete;
  ControlEscapingBuf& operator=(const ControlEscapingBuf&) = delete;

  /// Writes what is held back and flushes the target; false when the target failed at any time.
  bool Finish();

 protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  bool Drain(bool final);
  std::streambuf* target_;
  std::string pending_;  ///< bytes not yet filtered (a UTF-8 sequence may continue in the next write)
  std::string out_;
  bool failed_ = false;
};

}  // namespace kreach

#endif  // KREACH_SIM_FORMAT_TEXT_ESCAPE_H_
