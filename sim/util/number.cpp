// Numbers written outside a scenario file (statecraft/util/number.hpp).
#include "statecraft/util/number.hpp"

#include <charconv>
#include <cmath>

namespace statecraft {

bool parse_finite(std::string_view text, double& out) {
  const bool plus = !text.empty() && text.front() == '+';
  if (plus) text.remove_prefix(1);  // from_chars takes no '+'
  if (text.empty() || (plus && text.front() == '-')) return false;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), out);
  return r.ec == std::errc() && r.ptr == text.data() + text.size() && std::isfinite(out);
}

}  // namespace statecraft
