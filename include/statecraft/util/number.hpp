// A number written outside a scenario file (--set, --param, a design file's cell), read as the scenario file
// reads one, so that a value copied from one to the other means the same.
#pragma once

#include <string>
#include <string_view>

namespace statecraft {

/// Whether `text` is a finite number in decimal or exponent form, with an optional leading '+' (as YAML, Excel
/// and hand-typed tables write a positive value); the number goes into `out`. Nothing else is taken: no spaces,
/// no nan or inf, no hexadecimal.
bool parse_finite(std::string_view text, double& out);

/// Why `text` is not what parse_finite takes, in the words of a scenario file's problems: "is too large to
/// represent", "is too close to 0 to represent", "is not finite" (nan, inf, YAML's .inf) or "is not a number";
/// empty when it is a finite number.
std::string number_problem(std::string_view text);

/// Whether `text` is written as a number that is refused for its value (1e999, 1e-999, .inf), which
/// number_problem says, rather than text that is no number at all ("abc", "0x10").
bool unrepresentable_number(std::string_view text);

}  // namespace statecraft
