#include "sim/model/result.h"

namespace kreach {

std::optional<Result> ParseResult(std::string_view text) {
  if (text == "allow") return Result::kAllow;
  if (text == "deny") return Result::kDeny;
  if (text == "partial") return Result::kPartial;
  return std::nullopt;
}

const char* ResultName(Result r) {
  switch (r) {
    case Result::kAllow: return "allow";
    case Result::kDeny: return "deny";
    case Result::kPartial: return "partial";
  }
  return "?";
}

}  // namespace kreach
