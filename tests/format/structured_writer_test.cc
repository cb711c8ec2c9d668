#include "sim/format/structured_writer.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

namespace kreach {

namespace {

/// What `write` makes a JSON writer print (the trailing newline included).
template <typename Write>
std::string Json(Write write, JsonEscape escape = JsonEscape::kPlain) {
  std::ostringstream out;
  {
    StructuredWriter w(TextFormat::kJson, out, escape);
    write(w);
  }
  return out.str();
}

}  // namespace

TEST_CASE("StructuredWriter kCompact JSON has no spaces, an array at depth 2 one item a line", "[format]") {
  CHECK(Json([](StructuredWriter& w) {
          w.BeginObject();
          w.IntField("a", 1);
          w.Key("b");
          w.BeginArray();
          w.String("x");
          w.BeginObject();
          w.Field("c", "d");
          w.EndObject();
          w.EndArray();
          w.EndObject();
        }) == "{\"a\":1,\"b\":[\n\"x\",\n{\"c\":\"d\"}\n]}\n");
  CHECK(Json([](StructuredWriter& w) {
          w.BeginArray();
          w.BeginArray();
          w.Int(1);
          w.Int(2);
          w.EndArray();
          w.EndArray();
        }) == "[[\n1,\n2\n]]\n");
}

TEST_CASE("StructuredWriter kInline JSON is one line with \", \" and \": \"", "[format]") {
  CHECK(Json([](StructuredWriter& w) {
          w.BeginObject(JsonLayout::kInline);
          w.Field("src", "a");
          w.IntField("port", 80);
          w.BoolField("ok", true);
          w.BoolField("bad", false);
          w.Key("dst");
          w.Null();
          w.Key("names");
          w.BeginArray(JsonLayout::kInline);
          w.String("x");
          w.String("y");
          w.EndArray();
          w.Key("none");
          w.BeginArray(JsonLayout::kInline);
          w.EndArray();
          w.Key("empty");
          w.BeginObject(JsonLayout::kInline);
          w.EndObject();
          w.EndObject();
        }) ==
        "{\"src\": \"a\", \"port\": 80, \"ok\": true, \"bad\": false, \"dst\": null, \"names\": [\"x\", \"y\"], "
        "\"none\": [], \"empty\": {}}\n");
}

TEST_CASE("StructuredWriter kLines JSON puts one member a line, two spaces a level", "[format]") {
  CHECK(Json([](StructuredWriter& w) {
          w.BeginObject(JsonLayout::kLines);
          w.Field("level", "pod");
          w.Key("cells");
          w.BeginArray(JsonLayout::kLines);
          w.BeginObject(JsonLayout::kInline);
          w.Field("src", "a");
          w.IntField("port", -1);
          w.EndObject();
          w.BeginObject(JsonLayout::kLines);
          w.Field("src", "b");
          w.EndObject();
          w.EndArray();
          w.Key("none");
          w.BeginArray(JsonLayout::kLines);
          w.EndArray();
          w.Key("nothing");
          w.BeginObject(JsonLayout::kLines);
          w.EndObject();
          w.EndObject();
        }) ==
        "{\n"
        "  \"level\": \"pod\",\n"
        "  \"cells\": [\n"
        "    {\"src\": \"a\", \"port\": -1},\n"
        "    {\n"
        "      \"src\": \"b\"\n"
        "    }\n"
        "  ],\n"
        "  \"none\": [],\n"
        "  \"nothing\": {}\n"
        "}\n");
  CHECK(Json([](StructuredWriter& w) {
          w.BeginArray(JsonLayout::kLines);
          w.EndArray();
        }) == "[]\n");
}

TEST_CASE("StructuredWriter kLines inside kInline is indented by the enclosing kLines containers only", "[format]") {
  CHECK(Json([](StructuredWriter& w) {
          w.BeginObject(JsonLayout::kLines);
          w.Key("path");
          w.BeginObject(JsonLayout::kInline);
          w.Field("src", "a");
          w.Key("hops");
          w.BeginArray(JsonLayout::kLines);
          w.Int(1);
          w.Int(2);
          w.EndArray();
          w.EndObject();
          w.EndObject();
        }) ==
        "{\n"
        "  \"path\": {\"src\": \"a\", \"hops\": [\n"
        "    1,\n"
        "    2\n"
        "  ]}\n"
        "}\n");
}

TEST_CASE("StructuredWriter escapes JSON strings, HTML-safe when asked", "[format]") {
  auto strings = [](StructuredWriter& w) {
    w.BeginArray(JsonLayout::kInline);
    w.String("say \"hi\"\\");
    w.String("tab\there\nnul" + std::string(1, '\0') + "\x1f");
    w.String("<a&b>");
    w.EndArray();
  };
  CHECK(Json(strings) == "[\"say \\\"hi\\\"\\\\\", \"tab\\there\\nnul\\u0000\\u001f\", \"<a&b>\"]\n");
  CHECK(Json(strings, JsonEscape::kHtmlSafe) ==
        "[\"say \\\"hi\\\"\\\\\", \"tab\\there\\nnul\\u0000\\u001f\", \"\\u003ca\\u0026b\\u003e\"]\n");
  CHECK(Json(
            [](StructuredWriter& w) {
              w.BeginObject(JsonLayout::kInline);
              w.Field("<k>", "v");
              w.EndObject();
            },
            JsonEscape::kHtmlSafe) == "{\"\\u003ck\\u003e\": \"v\"}\n");
}

TEST_CASE("StructuredWriter YAML ignores the JSON layout", "[format]") {
  auto write = [](StructuredWriter& w, JsonLayout layout) {
    w.BeginObject(layout);
    w.Field("name", "a");
    w.Key("dst");
    w.Null();
    w.Key("items");
    w.BeginArray(layout);
    w.BeginObject(layout);
    w.IntField("port", 80);
    w.BoolField("ok", true);
    w.EndObject();
    w.EndArray();
    w.Key("none");
    w.BeginArray(layout);
    w.EndArray();
    w.EndObject();
  };
  const std::string expected = "name: a\ndst: null\nitems:\n- port: 80\n  ok: true\nnone: []\n";
  for (JsonLayout layout : {JsonLayout::kCompact, JsonLayout::kInline, JsonLayout::kLines}) {
    std::ostringstream out;
    {
      StructuredWriter w(TextFormat::kYaml, out);
      write(w, layout);
    }
    CHECK(out.str() == expected);
  }
}

}  // namespace kreach
