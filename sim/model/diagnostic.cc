#include "sim/model/diagnostic.h"

#include <algorithm>

namespace kreach {

std::string Diagnostic::ToString() const {
  std::string out;
  switch (severity) {
    case Severity::kInfo: out = "info: "; break;
    case Severity::kWarning: out = "warning: "; break;
    case Severity::kError: out = "error: "; break;
  }
  if (!where.source.empty()) {
    out += where.source;
    if (where.line > 0) {
      out += ":" + std::to_string(where.line);
      if (where.column > 0) out += ":" + std::to_string(where.column);
    }
    out += ": ";
  }
  if (where.doc > 0 || !where.object.empty()) {
    if (where.doc > 0) out += "doc " + std::to_string(where.doc);
    if (!where.object.empty()) out += (where.doc > 0 ? " (" : "(") + where.object + ")";
    out += ": ";
  }
  if (!where.path.empty()) out += where.path + ": ";
  out += message;
  return out;
}

void Diagnostics::Add(Severity severity, Location where, std::string message) {
  items_.push_back(Diagnostic{severity, std::move(where), std::move(message)});
}

void Diagnostics::Append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::HasErrors() const { return ErrorCount() > 0; }

int Diagnostics::ErrorCount() const {
  return static_cast<int>(
      std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::kError; }));
}

}  // namespace kreach
