// Name and label syntax rules of the API server (apimachinery pkg/util/validation). Loader-internal.
#ifndef KREACH_SIM_LOADER_VALIDATE_NAMES_H_
#define KREACH_SIM_LOADER_VALIDATE_NAMES_H_

#include <string>
#include <string_view>

namespace kreach {

// Each check returns true when `value` is valid; else false with `*why` set to the reason, phrased to follow the
// value in a message: `invalid label key "app@b": name part must consist of alphanumeric characters, '-', '_' or
// '.', ...`.

/// Sets `*why` to `problem` and returns false: the failing return of every check.
bool Invalid(std::string* why, std::string problem);

/// RFC 1123 subdomain: ≤253 chars of [a-z0-9.-], each dot-separated part an RFC 1123 label shape.
bool CheckDns1123Subdomain(std::string_view value, std::string* why);
/// RFC 1123 label: ≤63 chars of [a-z0-9-], starting and ending with an alphanumeric character.
bool CheckDns1123Label(std::string_view value, std::string* why);
/// RFC 1035 label: an RFC 1123 label that starts with a letter.
bool CheckDns1035Label(std::string_view value, std::string* why);
/// A qualified name (label and annotation keys): optional DNS-subdomain prefix and "/", then a name ≤63 chars
/// of [A-Za-z0-9-_.] starting and ending with an alphanumeric character.
bool CheckQualifiedName(std::string_view value, std::string* why);
/// A label value: empty, or ≤63 chars of [A-Za-z0-9-_.] starting and ending with an alphanumeric character.
bool CheckLabelValue(std::string_view value, std::string* why);
/// IANA_SVC_NAME (named ports): 1-15 chars of [a-z0-9-], at least one letter, no leading, trailing or
/// double hyphen.
bool CheckPortName(std::string_view value, std::string* why);

}  // namespace kreach

#endif  // KREACH_SIM_LOADER_VALIDATE_NAMES_H_
