#include "sim/format/json_text.h"

#include <catch2/catch.hpp>

namespace kreach {

TEST_CASE("JsonQuote escapes what JSON requires", "[json]") {
  CHECK(JsonQuote("plain") == "\"plain\"");
  CHECK(JsonQuote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(JsonQuote("line\nnext\ttab\r") == "\"line\\nnext\\ttab\\r\"");
  CHECK(JsonQuote(std::string("nul\0x", 5)) == "\"nul\\u0000x\"");
  CHECK(JsonQuote("\x1f") == "\"\\u001f\"");
  CHECK(JsonQuote("caf\xc3\xa9") == "\"caf\xc3\xa9\"");  // UTF-8 is copied
}

TEST_CASE("JsonQuote html_safe escapes <, > and & as Go does", "[json]") {
  CHECK(JsonQuote("<a&b>") == "\"<a&b>\"");
  CHECK(JsonQuote("<a&b>", true) == "\"\\u003ca\\u0026b\\u003e\"");
}

TEST_CASE("JsonQuote escapes C1 controls, bidirectional overrides and line separators; not-UTF-8 bytes as U+FFFD",
          "[json]") {
  CHECK(JsonQuote("\xc2\x9b"
                  "31m") == "\"\\u009b31m\"");
  CHECK(JsonQuote("a\xe2\x80\xae"
                  "b") == "\"a\\u202eb\"");
  CHECK(JsonQuote("\xe2\x80\xa8") == "\"\\u2028\"");
  CHECK(JsonQuote("\x7f") == "\"\\u007f\"");
  CHECK(JsonQuote("caf\xe9") == "\"caf\\ufffd\"");  // Latin-1, as Go's encoding/json writes it
}

}  // namespace kreach
