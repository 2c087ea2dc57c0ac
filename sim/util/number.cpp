// Numbers written outside a scenario file (statecraft/util/number.hpp).
#include "statecraft/util/number.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace statecraft {

bool parse_finite(std::string_view text, double& out) {
  const bool plus = !text.empty() && text.front() == '+';
  if (plus) text.remove_prefix(1);  // from_chars takes no '+'
  if (text.empty() || (plus && text.front() == '-')) return false;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), out);
  return r.ec == std::errc() && r.ptr == text.data() + text.size() && std::isfinite(out);
}

namespace {

enum class NumberText { Finite, NotFinite, TooLarge, TooCloseToZero, NotANumber };

NumberText classify(std::string_view text) {
  double v = 0;
  if (parse_finite(text, v)) return NumberText::Finite;
  static constexpr std::array<std::string_view, 21> kNotFinite = {
      ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf",
      "-.INF", "nan", "NaN", "inf", "-inf", "+inf", "infinity", "-infinity", "Infinity", "-Infinity"};
  if (std::find(kNotFinite.begin(), kNotFinite.end(), text) != kNotFinite.end()) return NumberText::NotFinite;
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (r.ec == std::errc::result_out_of_range && r.ptr == digits.data() + digits.size()) {
    // Too large, or so close to 0 that it underflows (1e-400): strtod tells which.
    const bool tiny = std::abs(std::strtod(std::string(digits).c_str(), nullptr)) < 1.0;
    return tiny ? NumberText::TooCloseToZero : NumberText::TooLarge;
  }
  return NumberText::NotANumber;
}

}  // namespace

std::string number_problem(std::string_view text) {
  switch (classify(text)) {
    case NumberText::Finite: return "";
    case NumberText::NotFinite: return "is not finite";
    case NumberText::TooLarge: return "is too large to represent";
    case NumberText::TooCloseToZero: return "is too close to 0 to represent";
    case NumberText::NotANumber: break;
  }
  return "is not a number";
}

bool unrepresentable_number(std::string_view text) {
  const NumberText kind = classify(text);
  return kind != NumberText::Finite && kind != NumberText::NotANumber;
}

}  // namespace statecraft
