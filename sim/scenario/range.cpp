#include "statecraft/scenario/range.hpp"

#include <sstream>

namespace statecraft {

std::string format_number(double x, int precision) {
  std::ostringstream o;
  o.precision(precision);
  o << x;
  return o.str();
}

Range Range::closed(double lo, double hi, std::string unit) { return Range{lo, hi, false, std::move(unit), {}}; }

Range Range::positive(double hi, std::string unit) { return Range{0.0, hi, true, std::move(unit), {}}; }

std::string Range::expect() const {
  if (!text.empty()) return text;
  std::string s;
  constexpr double big = std::numeric_limits<double>::max();
  if (lo == -big && hi == big) s = "a finite number";
  else if (hi == big) s = std::string("a number ") + (lo_open ? "> " : ">= ") + format_number(lo);
  else if (lo_open) s = "a number in (" + format_number(lo) + ", " + format_number(hi) + "]";
  else s = "a number in [" + format_number(lo) + ", " + format_number(hi) + "]";
  if (!unit.empty()) s += ", " + unit;
  return s;
}

}  // namespace statecraft
