// libFuzzer entries: one per kind of hostile text kreach reads. Each takes the raw input, runs it through the
// public API and aborts when a cheap invariant breaks; a C++ exception escaping the API also aborts (a bug).
// The fuzz targets (fuzz_<name>.cc) and tests/fuzz/regressions_test.cc both call these.
#ifndef KREACH_TESTS_FUZZ_TARGETS_ENTRIES_H_
#define KREACH_TESTS_FUZZ_TARGETS_ENTRIES_H_

#include <cstddef>
#include <cstdint>

namespace kreach {
namespace fuzz {

/// The whole load of one text, once as "in.yaml" and once as "in.json". A load without errors must give a
/// cluster that keeps the loader's model invariants.
int FuzzDocuments(const std::uint8_t* data, std::size_t size);
/// ParseScenario("in.yaml", text, ""): includes resolve against the working directory (run from an empty one).
int FuzzScenario(const std::uint8_t* data, std::size_t size);
/// ResolveEndpoint against a small fixed cluster; a resolved endpoint must be self-consistent.
int FuzzEndpoint(const std::uint8_t* data, std::size_t size);
/// The input as the podSelector of a NetworkPolicy (JSON and YAML flow forms), loaded; a decoded selector is
/// printed and matched against a few label sets.
int FuzzSelector(const std::uint8_t* data, std::size_t size);
/// ParseIpv4 and ParseCidr: what parses formats back to the same text (or its network form) and re-parses equal.
int FuzzCidr(const std::uint8_t* data, std::size_t size);
/// The writers fed hostile names (the input split at NUL bytes, and whole): EscapeControls, CSV, Markdown, XML, JSON
/// and DOT quoting, the diagnostics line, matrices (CSV, Markdown, table), the connlist in every format, JUnit XML
/// and the terminal filter. Invariants: no raw control character reaches text output, CSV parses back to the
/// escaped fields one record a line, Markdown has no bare '|', JSON strings decode to the same bytes, XML holds only
/// XML 1.0 characters and entities, a message stays one short line.
int FuzzWriters(const std::uint8_t* data, std::size_t size);

}  // namespace fuzz
}  // namespace kreach

#endif  // KREACH_TESTS_FUZZ_TARGETS_ENTRIES_H_
