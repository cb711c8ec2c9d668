#include "sim/model/outcome.h"

namespace kreach {

std::optional<Outcome> ParseOutcome(std::string_view text) {
  if (text == "delivered") return Outcome::kDelivered;
  if (text == "dropped") return Outcome::kDropped;
  if (text == "refused") return Outcome::kRefused;
  if (text == "nxdomain") return Outcome::kNxdomain;
  if (text == "http-404") return Outcome::kHttp404;
  if (text == "http-503") return Outcome::kHttp503;
  return std::nullopt;
}

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kDelivered: return "delivered";
    case Outcome::kDropped: return "dropped";
    case Outcome::kRefused: return "refused";
    case Outcome::kNxdomain: return "nxdomain";
    case Outcome::kHttp404: return "http-404";
    case Outcome::kHttp503: return "http-503";
  }
  return "?";
}

}  // namespace kreach
