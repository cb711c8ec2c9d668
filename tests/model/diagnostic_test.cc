#include "sim/model/diagnostic.h"

#include <catch2/catch.hpp>

namespace kreach {
namespace {

TEST_CASE("Diagnostic text names file, document, object and path", "[diagnostic]") {
  Diagnostic d;
  d.where.source = "shop.yaml";
  d.where.doc = 3;
  d.where.object = "NetworkPolicy shop/allow-web";
  d.where.path = "spec.ingress[0].from[1].ipBlock.except[0]";
  d.message = "10.0.0.0/8 is not inside cidr 10.1.0.0/16";
  CHECK(d.ToString() ==
        "error: shop.yaml: doc 3 (NetworkPolicy shop/allow-web): spec.ingress[0].from[1].ipBlock.except[0]: "
        "10.0.0.0/8 is not inside cidr 10.1.0.0/16");
}

TEST_CASE("Diagnostic text prints only the known parts", "[diagnostic]") {
  auto text = [](Severity s, Location where, const std::string& message) {
    return Diagnostic{s, std::move(where), message}.ToString();
  };
  Location syntax;
  syntax.source = "shop.yaml";
  syntax.line = 12;
  syntax.column = 5;
  CHECK(text(Severity::kError, syntax, "mapping values are not allowed here") ==
        "error: shop.yaml:12:5: mapping values are not allowed here");
  syntax.column = 0;
  CHECK(text(Severity::kError, syntax, "bad") == "error: shop.yaml:12: bad");

  CHECK(text(Severity::kWarning, Location{}, "no pods") == "warning: no pods");
  Location file_only;
  file_only.source = "<stdin>";
  CHECK(text(Severity::kInfo, file_only, "skipped") == "info: <stdin>: skipped");
  Location doc_only;
  doc_only.source = "a.json";
  doc_only.doc = 2;
  CHECK(text(Severity::kInfo, doc_only, "skipping kind ConfigMap") == "info: a.json: doc 2: skipping kind ConfigMap");
  Location object_path;
  object_path.source = "a.yaml";
  object_path.object = "Pod shop/web-0";
  object_path.path = "spec.containers[0].ports[1].containerPort";
  CHECK(text(Severity::kError, object_path, "must be between 1 and 65535") ==
        "error: a.yaml: (Pod shop/web-0): spec.containers[0].ports[1].containerPort: must be between 1 and 65535");
}

TEST_CASE("Diagnostics keep order and count errors", "[diagnostic]") {
  Diagnostics diag;
  CHECK_FALSE(diag.HasErrors());
  diag.Info(Location{}, "one");
  diag.Warning(Location{}, "two");
  CHECK_FALSE(diag.HasErrors());
  diag.Error(Location{}, "three");
  Diagnostics more;
  more.Error(Location{}, "four");
  diag.Append(more);
  CHECK(diag.HasErrors());
  CHECK(diag.ErrorCount() == 2);
  REQUIRE(diag.items().size() == 4);
  CHECK(diag.items()[0].ToString() == "info: one");
  CHECK(diag.items()[1].ToString() == "warning: two");
  CHECK(diag.items()[3].ToString() == "error: four");
}

}  // namespace
}  // namespace kreach
