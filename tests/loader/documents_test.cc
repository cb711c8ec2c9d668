#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/loader/document.h"
#include "tests/support/diagnostics_text.h"

namespace kreach {

namespace {

struct Parsed {
  std::vector<Document> docs;
  Diagnostics diag;
};

Parsed Parse(const std::string& text, const std::string& source = "test.yaml") {
  Parsed p;
  p.docs = ParseDocuments(source, text, p.diag);
  return p;
}

// All diagnostics as their printed text, one per line.
}  // namespace

TEST_CASE("multi-document YAML gives one Document per object with its number", "[documents]") {
  Parsed p = Parse(R"(# leading comment
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
)");
  INFO(Messages(p.diag));
  CHECK(p.diag.items().empty());
  REQUIRE(p.docs.size() == 2);
  CHECK(p.docs[0].source == "test.yaml");
  CHECK(p.docs[0].index == 1);
  CHECK(p.docs[0].path.empty());
  CHECK(p.docs[0].body["kind"] == "Namespace");
  CHECK(p.docs[0].body["metadata"]["name"] == "shop");
  CHECK(p.docs[1].index == 2);
  CHECK(p.docs[1].body["metadata"]["namespace"] == "shop");
}

TEST_CASE("empty and null YAML documents are skipped but still counted", "[documents]") {
  Parsed p = Parse("---\n---\n# only a comment\n---\n~\n---\nkind: Pod\n---\n");
  INFO(Messages(p.diag));
  CHECK(p.diag.items().empty());
  REQUIRE(p.docs.size() == 1);
  CHECK(p.docs[0].index == 4);
  CHECK(Parse("").docs.empty());
  CHECK(Parse("\n\n# nothing\n").docs.empty());
}

TEST_CASE("plain scalars are typed by the YAML 1.2 core schema, quoted ones stay strings", "[documents]") {
  Parsed p = Parse(R"(kind: T
int: 80
negative: -5
plus: +7
octal: 0o17
hex: 0x1F
leading_zero: "0777"
small_octal: 07
no_octal: 089
float: 1.5
exp: 1e3
big: 18446744073709551615
quoted: "80"
single: '80'
yes_word: "yes"
on_word: 'on'
t: true
f: False
nul: null
tilde: ~
empty:
literal: |
  80
str_tag: !!str 443
version: 1.20
text: hello world
)");
  INFO(Messages(p.diag));
  REQUIRE(p.docs.size() == 1);
  const nlohmann::json& b = p.docs[0].body;
  CHECK(b["int"].is_number_integer());
  CHECK(b["int"] == 80);
  CHECK(b["negative"] == -5);
  CHECK(b["plus"] == 7);
  CHECK(b["octal"] == 15);
  CHECK(b["hex"] == 31);
  CHECK(b["leading_zero"] == "0777");
  CHECK(b["small_octal"] == 7);  // 7 for kubectl too
  CHECK(b["no_octal"] == 89);    // not octal: kubectl reads the number 89 as well
  CHECK(b["float"].is_number_float());
  CHECK(b["float"] == 1.5);
  CHECK(b["exp"] == 1000.0);
  CHECK(b["big"].is_number_unsigned());
  CHECK(b["quoted"] == "80");
  CHECK(b["single"] == "80");
  CHECK(b["yes_word"] == "yes");
  CHECK(b["on_word"] == "on");
  CHECK(b["t"] == true);
  CHECK(b["f"] == false);
  CHECK(b["nul"].is_null());
  CHECK(b["tilde"].is_null());
  CHECK(b["empty"].is_null());
  CHECK(b["literal"] == "80\n");
  CHECK(b["str_tag"] == "443");
  CHECK(b["version"] == 1.2);
  CHECK(b["text"] == "hello world");
}

TEST_CASE("plain scalars kubectl reads otherwise (YAML 1.1) are refused, saying how kubectl reads them",
          "[documents]") {
  struct Case {
    std::string yaml;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"port: 0120",
       "`0120` is the number 80 for kubectl (a leading 0 makes it octal in YAML 1.1), 120 for kreach: "
       "write 80, or quote it (\"0120\") for the text"},
      {"port: -0120",
       "`-0120` is the number -80 for kubectl (a leading 0 makes it octal in YAML 1.1), -120 for "
       "kreach: write -80, or quote it (\"-0120\") for the text"},
      {"port: 8_0",
       "`8_0` is the number 80 for kubectl (YAML 1.1 ignores `_` in numbers), a string for kreach: write "
       "80, or quote it (\"8_0\") for the text"},
      {"port: 0b1010000",
       "`0b1010000` is the number 80 for kubectl (0b: a binary number in YAML 1.1), a string for "
       "kreach: write 80, or quote it (\"0b1010000\") for the text"},
      {"port: 0X50",
       "`0X50` is the number 80 for kubectl (YAML 1.1), a string for kreach: write 80, or quote it "
       "(\"0X50\") for the text"},
      {"port: -0x50",
       "`-0x50` is the number -80 for kubectl (YAML 1.1), a string for kreach: write -80, or quote it "
       "(\"-0x50\") for the text"},
      {"ratio: 1_000.5",
       "`1_000.5` is the number 1000.5 for kubectl (YAML 1.1 ignores `_` in numbers), a string for "
       "kreach: write 1000.5, or quote it (\"1_000.5\") for the text"},
      {"hostNetwork: yes",
       "`yes` is the boolean true for kubectl (YAML 1.1), a string for kreach: write true, or "
       "quote it (\"yes\") for the text"},
      {"hostNetwork: Off",
       "`Off` is the boolean false for kubectl (YAML 1.1), a string for kreach: write false, or "
       "quote it (\"Off\") for the text"},
      {"label: y",
       "`y` is the boolean true for kubectl (YAML 1.1), a string for kreach: write true, or quote it "
       "(\"y\") for the text"},
      {"N: x",
       "key `N` is the boolean false for kubectl (YAML 1.1), a string for kreach: write false, or quote it "
       "(\"N\") for the text"},
      {"date: 2024-01-02",
       "`2024-01-02` is a timestamp for kubectl (YAML 1.1), which rewrites it (e.g. 2024-01-02 as "
       "2024-01-02T00:00:00Z): quote it (\"2024-01-02\") to keep the text"},
  };
  for (const Case& c : cases) {
    Parsed p = Parse("kind: T\n" + c.yaml + "\n", "k.yaml");
    INFO(c.yaml);
    REQUIRE(p.diag.items().size() == 1);
    std::string key = c.yaml.substr(0, c.yaml.find(':'));
    std::string where = c.yaml[0] == 'N' ? "k.yaml:2:1: doc 1: "
                                         : "k.yaml:2:" + std::to_string(key.size() + 3) + ": doc 1: " + key + ": ";
    CHECK(p.diag.items()[0].ToString() == "error: " + where + c.message);
  }
  // The same texts quoted, and scalars both read alike (sexagesimal 1:20 is a string for go-yaml v2 too).
  Parsed same = Parse("kind: T\na: \"0120\"\nb: '8_0'\nc: 1:20\nd: 0x50\ne: 0o120\nf: +80\ng: 08\n", "k.yaml");
  CHECK(same.diag.items().empty());
}

TEST_CASE("JSON is detected from content and keeps its types", "[documents]") {
  Parsed p = Parse(R"(  {"kind": "Pod", "port": 80, "name": "80", "ok": true, "none": null, "ratio": 0.5})", "pod.txt");
  INFO(Messages(p.diag));
  CHECK(p.diag.items().empty());
  REQUIRE(p.docs.size() == 1);
  CHECK(p.docs[0].index == 1);
  CHECK(p.docs[0].body["port"] == 80);
  CHECK(p.docs[0].body["name"] == "80");
  CHECK(p.docs[0].body["ok"] == true);
  CHECK(p.docs[0].body["none"].is_null());
}

TEST_CASE("a stream of concatenated JSON values gives one document each", "[documents]") {
  Parsed p = Parse("{\"kind\": \"Namespace\"}\n{\"kind\": \"Pod\"}{\"kind\": \"Service\"}\n\n", "dump.json");
  INFO(Messages(p.diag));
  CHECK(p.diag.items().empty());
  REQUIRE(p.docs.size() == 3);
  CHECK(p.docs[0].body["kind"] == "Namespace");
  CHECK(p.docs[1].index == 2);
  CHECK(p.docs[2].index == 3);
  CHECK(p.docs[2].body["kind"] == "Service");
}

TEST_CASE("List and *List objects are flattened into their items", "[documents]") {
  Parsed p = Parse(R"(kind: Namespace
metadata: {name: a}
---
apiVersion: v1
kind: List
items:
- kind: Pod
  metadata: {name: p0}
- kind: PodList
  items:
  - kind: Pod
    metadata: {name: nested}
---
kind: NetworkPolicyList
items: []
---
kind: ServiceList
items: null
)");
  INFO(Messages(p.diag));
  CHECK(p.diag.items().empty());
  REQUIRE(p.docs.size() == 3);
  CHECK(p.docs[1].index == 2);
  CHECK(p.docs[1].path == "items[0]");
  CHECK(p.docs[1].body["metadata"]["name"] == "p0");
  CHECK(p.docs[2].index == 2);
  CHECK(p.docs[2].path == "items[1].items[0]");
  CHECK(p.docs[2].body["metadata"]["name"] == "nested");
}

TEST_CASE("a JSON PodList is flattened too", "[documents]") {
  Parsed p = Parse(R"({"apiVersion": "v1", "kind": "PodList", "items": [
  {"kind": "Pod", "metadata": {"name": "a"}},
  {"kind": "Pod", "metadata": {"name": "b"}}]})",
                   "pods.json");
  REQUIRE(p.docs.size() == 2);
  CHECK(p.docs[1].source == "pods.json");
  CHECK(p.docs[1].path == "items[1]");
  CHECK(p.docs[1].body["metadata"]["name"] == "b");
}

TEST_CASE("a kind ending in List without items is an ordinary document", "[documents]") {
  Parsed p = Parse("kind: PodList\nmetadata: {}\n");
  REQUIRE(p.docs.size() == 1);
  CHECK(p.docs[0].path.empty());
}

TEST_CASE("bad List items are errors with their path", "[documents]") {
  Parsed p = Parse("kind: List\nitems:\n- kind: Pod\n- just a string\n---\nkind: List\nitems: {a: 1}\n");
  CHECK(Messages(p.diag) ==
        "error: test.yaml: doc 1: items[1]: expected a mapping (a Kubernetes object), found a string\n"
        "error: test.yaml: doc 2: items: expected a sequence, found a mapping\n");
  REQUIRE(p.docs.size() == 1);
  CHECK(p.docs[0].path == "items[0]");
}

TEST_CASE("a top-level document that is not a mapping is an error naming it", "[documents]") {
  Parsed p = Parse("kind: Pod\n---\njust text\n---\n- a\n- b\n---\n42\n");
  CHECK(Messages(p.diag) ==
        "error: test.yaml: doc 2: expected a mapping (a Kubernetes object), found a string\n"
        "error: test.yaml: doc 3: expected a mapping (a Kubernetes object), found a sequence\n"
        "error: test.yaml: doc 4: expected a mapping (a Kubernetes object), found an integer\n");
  CHECK(p.docs.size() == 1);
  CHECK(Messages(Parse("[1, 2]", "a.json").diag) ==
        "error: a.json: doc 1: expected a mapping (a Kubernetes object), found a sequence\n");
}

TEST_CASE("YAML syntax errors give line and column and keep earlier documents", "[documents]") {
  Parsed p = Parse("kind: A\n---\nkind: B\nmetadata:\n  name: x\n   bad: y\n");
  CHECK(Messages(p.diag) == "error: test.yaml:6:7: YAML syntax error: illegal map value\n");
  REQUIRE(p.docs.size() == 1);
  CHECK(p.docs[0].body["kind"] == "A");

  CHECK(Messages(Parse("a: [1, 2\n").diag) ==
        "error: test.yaml:2:1: YAML syntax error: end of sequence flow not found\n");
  CHECK(Messages(Parse("a: *nope\n").diag) ==
        "error: test.yaml:1:4: YAML syntax error: the referenced anchor is not defined\n");
  // A template placeholder, as in netpol-analyzer's "dirty" inputs: the position of the `%`.
  CHECK(Messages(Parse("spec:\n  image: \"{{ printf \"%s\" .x }}\"\n").diag) ==
        "error: test.yaml:2:22: YAML syntax error: unknown token '%'\n");
}

TEST_CASE("JSON syntax errors give line and column relative to the whole text", "[documents]") {
  CHECK(Messages(Parse("{\n  \"kind\": \"Pod\",\n  \"x\": tru\n}\n", "p.json").diag) ==
        "error: p.json:3:11: JSON syntax error: while parsing value - invalid literal\n");
  // The second value of a stream: the position counts from the start of the text.
  CHECK(Messages(Parse("{\"kind\": \"A\"}\n{\"kind\": \"B\",}\n", "s.json").diag) ==
        "error: s.json:2:14: JSON syntax error: while parsing object key - unexpected '}'; expected string "
        "literal\n");
  CHECK(Messages(Parse("{\"kind\": \"A\"", "cut.json").diag) ==
        "error: cut.json:1:13: JSON syntax error: while parsing object - unexpected end of input; expected '}'\n");
}

TEST_CASE("duplicate keys are errors naming the key and its mapping", "[documents]") {
  CHECK(Messages(Parse("kind: Pod\nmetadata:\n  name: a\n  name: b\n").diag) ==
        "error: test.yaml:4:3: doc 1: metadata: duplicate key 'name'\n");
  CHECK(Messages(Parse("kind: Pod\nkind: Service\n").diag) == "error: test.yaml:2:1: doc 1: duplicate key 'kind'\n");
  CHECK(Messages(Parse(R"({"kind": "Pod", "spec": {"ports": [{"port": 1, "port": 2}]}})", "d.json").diag) ==
        "error: d.json: doc 1: spec.ports[0]: duplicate key 'port'\n");
}

TEST_CASE("CRLF line endings read like LF", "[documents]") {
  Parsed p = Parse("kind: Pod\r\nmetadata:\r\n  name: web\r\n  labels:\r\n    app: \"w\"\r\n---\r\nkind: B\r\n");
  INFO(Messages(p.diag));
  CHECK(p.diag.items().empty());
  REQUIRE(p.docs.size() == 2);
  CHECK(p.docs[0].body["metadata"]["name"] == "web");
  CHECK(p.docs[0].body["metadata"]["labels"]["app"] == "w");
  Parsed bad = Parse("a: 1\r\nb: 2\r\n c: 3\r\n");
  CHECK(Messages(bad.diag) == "error: test.yaml:3:3: YAML syntax error: illegal map value\n");
}

TEST_CASE("a UTF-8 byte-order mark is ignored", "[documents]") {
  CHECK(Parse("\xEF\xBB\xBFkind: Pod\n").docs.size() == 1);
  CHECK(Parse("\xEF\xBB\xBF {\"kind\": \"Pod\"}", "bom.json").docs.size() == 1);
}

TEST_CASE("invalid UTF-8 is an error with its position, never a crash", "[documents]") {
  CHECK(Messages(Parse("kind: Pod\nmetadata:\n  name: \xC3\x28\n").diag) ==
        "error: test.yaml:3:9: invalid UTF-8 (byte 0xC3)\n");
  CHECK(Messages(Parse("\xFF\xFEk\0i\0", "w.yaml").diag) ==
        "error: w.yaml:1:1: invalid UTF-8 (byte 0xFF); the file looks like UTF-16, save it as UTF-8\n");
}

TEST_CASE("anchors, aliases and merge keys", "[documents]") {
  Parsed p = Parse(R"(kind: Pod
base: &labels {app: web, tier: front}
metadata:
  labels: *labels
  other:
    <<: *labels
    tier: back
    extra: "1"
)");
  INFO(Messages(p.diag));
  REQUIRE(p.docs.size() == 1);
  const nlohmann::json& m = p.docs[0].body["metadata"];
  CHECK(m["labels"]["app"] == "web");
  CHECK(m["other"]["app"] == "web");
  CHECK(m["other"]["tier"] == "back");
  CHECK(m["other"]["extra"] == "1");
  CHECK_FALSE(m["other"].contains("<<"));
}

TEST_CASE("alias explosions and deep nesting are errors, not hangs", "[documents]") {
  std::string laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'k'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    laughs += std::string(1, c) + ": &" + std::string(1, c) + " [*" + prev + ", *" + prev + ", *" + prev + ", *" +
              prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n";
  }
  Parsed p = Parse(laughs);
  REQUIRE(p.diag.ErrorCount() == 1);
  CHECK(p.diag.items()[0].message == "aliases expand to more than 1,000,000 values (raise it with --limit aliases=N)");

  std::string deep = "kind: X\nv: " + std::string(300, '[') + std::string(300, ']') + "\n";
  Parsed d = Parse(deep);
  REQUIRE(d.diag.ErrorCount() == 1);
  CHECK(d.diag.items()[0].message == "nested deeper than 200 levels (raise it with --limit depth=N)");

  std::string deep_json = "{\"a\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  Parsed j = Parse(deep_json, "deep.json");
  REQUIRE(j.diag.ErrorCount() == 1);
  CHECK(j.diag.items()[0].message == "nested deeper than 200 levels (raise it with --limit depth=N)");

  CHECK(Messages(Parse("a: &x [*x]\n").diag) ==
        "error: test.yaml:1:8: doc 1: a[0]: an alias refers to a node that contains it (a cycle)\n");
}

TEST_CASE("mapping keys that are containers are errors", "[documents]") {
  CHECK(Messages(Parse("? [a, b]\n: 1\n").diag) ==
        "error: test.yaml:1:3: doc 1: a mapping key must be a plain value, not a sequence\n");
}

}  // namespace kreach
