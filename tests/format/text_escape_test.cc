#include "sim/format/text_escape.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "sim/cli/common.h"

namespace kreach {

TEST_CASE("EscapeControls shows every terminal control and line break as an escape", "[escape]") {
  CHECK(EscapeControls("web-1.shop") == "web-1.shop");
  CHECK(EscapeControls("caf\xc3\xa9 \xe2\x9c\x93") == "caf\xc3\xa9 \xe2\x9c\x93");  // UTF-8 text is copied
  CHECK(EscapeControls("a\x1b[2Jb\x07") == "a\\x1b[2Jb\\x07");
  CHECK(EscapeControls("x\nerror: forged") == "x\\x0aerror: forged");
  CHECK(EscapeControls("t\tr\r\x7f") == "t\\x09r\\x0d\\x7f");
  CHECK(EscapeControls(std::string("nul\0", 4)) == "nul\\x00");
  CHECK(EscapeControls("\xc2\x9b"
                       "31m") == "\\u009b31m");  // C1 CSI
  CHECK(EscapeControls("abc\xe2\x80\xae"
                       "fdp.exe") == "abc\\u202efdp.exe");  // right-to-left override
  CHECK(EscapeControls("\xff\xc3") == "\\xff\\xc3");        // not UTF-8
  CHECK(IsPlainText("web"));
  CHECK_FALSE(IsPlainText("a\x1b"));
}

TEST_CASE("CsvField quotes as RFC 4180 (Go's encoding/csv) and leaves plain names alone", "[escape]") {
  CHECK(CsvField("default/web[Deployment]") == "default/web[Deployment]");
  CHECK(CsvField("TCP 80,UDP 53") == "\"TCP 80,UDP 53\"");
  CHECK(CsvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(CsvField(" lead") == "\" lead\"");
  CHECK(CsvField("a\nb,c") == "\"a\\x0ab,c\"");  // one record a line: the newline is escaped, then quoted
  CHECK(CsvField("") == "");
}

TEST_CASE("MarkdownCell escapes the cell separator and controls", "[escape]") {
  CHECK(MarkdownCell("default/web") == "default/web");
  CHECK(MarkdownCell("a|b") == "a\\|b");
  CHECK(MarkdownCell("a\n| x |") == "a\\x0a\\| x \\|");
}

TEST_CASE("XmlText keeps only XML 1.0 characters, showing the others", "[escape]") {
  CHECK(XmlText("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&apos;");
  CHECK(XmlText("pod-\xef\xbf\xbe") == "pod-\\ufffe");  // U+FFFE
  CHECK(XmlText("\xef\xbf\xbf") == "\\uffff");
  CHECK(XmlText("bell\x07 esc\x1b") == "bell\\x07 esc\\x1b");
  CHECK(XmlText("tab\tnl\ncr\r") == "tab\tnl\ncr\r");          // allowed by XML 1.0
  CHECK(XmlText("latin1 \xe9t\xe9") == "latin1 \\xe9t\\xe9");  // a non-UTF-8 path
  CHECK(XmlText("\xed\xa0\x80") == "\\xed\\xa0\\x80");         // a surrogate, as bytes
  CHECK(XmlText("caf\xc3\xa9") == "caf\xc3\xa9");
}

TEST_CASE("CapText cuts at a character boundary and says how long the text was", "[escape]") {
  CHECK(CapText("short", 10) == "short");
  CHECK(CapText("abcdefghij", 4) == "abcd... (10 bytes)");
  CHECK(CapText("\xc3\xa9\xc3\xa9", 3) == "\xc3\xa9... (4 bytes)");
}

TEST_CASE("ControlEscapingBuf lets no control character through, across writes", "[escape]") {
  std::ostringstream sink;
  {
    ControlEscapingBuf buf(sink.rdbuf());
    std::ostream out(&buf);
    out << "line 1\tok\n"
        << "esc\x1b[2J"
        << "c1 \xc2";  // a C1 control split across two writes
    out << "\x9b"
        << "json \"\xc3\xa9\"\n";
    out.flush();
    CHECK(buf.Finish());
  }
  CHECK(sink.str() == "line 1\tok\nesc\\x1b[2Jc1 \\u009bjson \"\xc3\xa9\"\n");
}

TEST_CASE("PrintableMessage caps a long quoted value and keeps a message on one line", "[escape]") {
  std::string huge(1500000, 'a');
  std::string line = PrintableMessage("warning: f.yaml: selector '" + huge + "' matches no pod");
  CHECK(line == "warning: f.yaml: selector '" + std::string(200, 'a') + "... (1500000 bytes)' matches no pod");
  CHECK(PrintableMessage("error: name \"x\nerror: forged\"") == "error: name \"x\\x0aerror: forged\"");
  CHECK(PrintableMessage("the pod's port 'http'") == "the pod's port 'http'");
  CHECK(PrintableMessage(std::string(10000, 'b')).size() < 4200);
}

}  // namespace kreach
