// Diagnostics: the one error type of kreach. Libraries return them; only main prints them.
#ifndef KREACH_SIM_MODEL_DIAGNOSTIC_H_
#define KREACH_SIM_MODEL_DIAGNOSTIC_H_

#include <string>
#include <vector>

namespace kreach {

enum class Severity { kInfo, kWarning, kError };

/// Where in the input a problem sits. Every field is optional; ToString() prints only the known ones.
struct Location {
  std::string source;  ///< file name as the user gave it, or "<stdin>"
  int doc = 0;         ///< 1-based document number inside the file; 0 = unknown / whole file
  std::string object;  ///< "NetworkPolicy shop/allow-web"; empty when unknown
  std::string path;    ///< field path inside the object: "spec.ingress[0].from[1].ipBlock.cidr"
  int line = 0;        ///< 1-based; 0 = unknown (only syntax errors carry positions)
  int column = 0;      ///< 1-based; 0 = unknown
};

/// One message for the user. ToString() is the exact text printed, e.g.
/// `error: shop.yaml: doc 3 (NetworkPolicy shop/allow-web): spec.ingress[0].from[1].ipBlock.except[0]: ...`
/// or, for syntax errors, `error: shop.yaml:12:5: ...`.
struct Diagnostic {
  Severity severity = Severity::kError;
  Location where;
  std::string message;

  std::string ToString() const;
};

/// An append-only list of diagnostics, in the order they were found.
class Diagnostics {
 public:
  void Add(Severity severity, Location where, std::string message);
  void Error(Location where, std::string message) { Add(Severity::kError, std::move(where), std::move(message)); }
  void Warning(Location where, std::string message) { Add(Severity::kWarning, std::move(where), std::move(message)); }
  void Info(Location where, std::string message) { Add(Severity::kInfo, std::move(where), std::move(message)); }
  void Append(const Diagnostics& other);

  bool HasErrors() const;
  int ErrorCount() const;
  const std::vector<Diagnostic>& items() const { return items_; }

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace kreach

#endif  // KREACH_SIM_MODEL_DIAGNOSTIC_H_
