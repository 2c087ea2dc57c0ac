// A count with its noun, as every message and summary writes one.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace statecraft {

/// "1 step", "0 steps", "40 steps": the noun in the singular for exactly one, else with an "s" ("1 more
/// problem", "3 more problems").
inline std::string counted(std::size_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

}  // namespace statecraft
