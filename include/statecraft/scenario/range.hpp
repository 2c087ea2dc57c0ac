#pragma once
// A numeric range a scenario value must lie in, and how a message says it. One type for the decoder, the
// tables of fields and event keys (fields.hpp, events.hpp) and the path grammar (paths.hpp), so that a value
// is checked, documented and reported the same way wherever it is written.
#include <limits>
#include <string>

namespace statecraft {

/// A number as the loader's messages write it: up to `precision` significant digits.
std::string format_number(double x, int precision = 12);

/// An expected numeric range, and how to say it.
struct Range {
  double lo = -std::numeric_limits<double>::max();
  double hi = std::numeric_limits<double>::max();
  bool lo_open = false;
  std::string unit;  ///< appended to the expectation, e.g. "billions of constant US$"
  std::string text;  ///< when set, the whole expectation (e.g. "a year from 2012 to 2051")

  /// [lo, hi]
  static Range closed(double lo, double hi, std::string unit = {});
  /// (0, hi]
  static Range positive(double hi, std::string unit = {});
  /// [0, 1]
  static Range unit_interval() { return closed(0, 1); }

  bool contains(double x) const { return (lo_open ? x > lo : x >= lo) && x <= hi; }
  /// What a message says was expected: "a number in [0, 1]", "a number in (0, 1000000], billions of ...".
  std::string expect() const;
};

}  // namespace statecraft
