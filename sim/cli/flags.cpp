#include "flags.hpp"
#include "commands.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iostream>
#include <set>

#include "statecraft/scenario/error.hpp"

namespace statecraft::cli {
namespace {

/// The value as typed, cut short if long: a 300-digit number has no place in a one-line message.
std::string shown(const std::string& text) {
  constexpr std::size_t kMax = 24;
  if (text.size() <= kMax) return text;
  return text.substr(0, kMax) + "... (" + std::to_string(text.size()) + " characters)";
}

std::string expected(std::uint64_t lo, std::uint64_t hi) {
  return " (expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi) + ")";
}

}  // namespace

std::uint64_t parse_integer(const std::string& flag, const std::string& text, std::uint64_t lo, std::uint64_t hi) {
  const bool negative = !text.empty() && text[0] == '-';
  const std::size_t first = !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0;
  const bool digits = text.size() > first && text.find_first_not_of("0123456789", first) == std::string::npos;
  if (!digits) throw UsageError(flag + ": '" + shown(text) + "' is not an integer" + expected(lo, hi));
  std::uint64_t value = 0;
  bool overflow = false;
  for (std::size_t i = first; i < text.size() && !overflow; ++i) {
    const auto d = static_cast<std::uint64_t>(text[i] - '0');
    overflow = value > (std::numeric_limits<std::uint64_t>::max() - d) / 10;
    value = value * 10 + d;
  }
  const bool zero = !overflow && value == 0;
  if (overflow || (negative && !zero) || value < lo || value > hi)
    throw UsageError(flag + ": " + shown(text) + " is out of range" + expected(lo, hi));
  return value;
}

namespace detail {
std::string long_name(const std::string& names) {
  std::size_t start = 0;
  while (start < names.size()) {
    const std::size_t end = std::min(names.find(',', start), names.size());
    const std::string name = names.substr(start, end - start);
    if (name.rfind("--", 0) == 0) return name;
    start = end + 1;
  }
  return names;
}
}  // namespace detail

CLI::Option* add_number(CLI::App& app, const std::string& names, std::optional<double>& target, const std::string& help,
                        const std::string& what, const std::string& example) {
  const std::string flag = detail::long_name(names);
  auto parse = [&target, flag, what, example](const std::string& text) {
    double value = 0;
    const char* first = text.data();
    const char* last = first + text.size();
    const auto r = std::from_chars(first, last, value);
    if (text.empty() || r.ec != std::errc() || r.ptr != last || !std::isfinite(value))
      throw UsageError(flag + ": '" + shown(text) + "' is not a number (expected " + what + ", e.g. " + example + ")");
    target = value;
  };
  return app.add_option_function<std::string>(names, parse, help);
}

CLI::Option* add_out(CLI::App& app, std::string& target, const std::string& help) {
  auto take = [&target](const std::string& text) {
    if (text.empty()) throw UsageError("--out: is empty (expected an output directory, e.g. out/run)");
    target = text;
  };
  return app.add_option_function<std::string>("--out", take, help)->type_name("DIR");
}

CLI::Option* add_named(CLI::App& app, const std::string& flag, std::string& target, const std::string& help,
                       const std::string& expected) {
  auto take = [&target, flag, expected](const std::string& text) {
    if (text.empty()) throw UsageError(flag + ": is empty (expected " + expected + ")");
    target = text;
  };
  return app.add_option_function<std::string>(flag, take, help);
}

CLI::Option* add_variant(CLI::App& app, std::string& target, const std::string& help) {
  return add_named(app, "--variant", target, help, "a variant's name; leave --variant out for the base scenario")
      ->type_name("VARIANT");
}

CLI::Option* add_choice(CLI::App& app, const std::string& names, std::string& target, const std::string& help,
                        const std::string& noun, const std::vector<std::string>& choices) {
  const std::string flag = detail::long_name(names);
  std::string type, list;
  for (const auto& c : choices) {
    type += (type.empty() ? "" : "|") + c;
    list += (list.empty() ? "" : ", ") + c;
  }
  auto parse = [&target, flag, noun, choices, list](const std::string& text) {
    if (std::find(choices.begin(), choices.end(), text) == choices.end())
      throw UsageError(flag + ": unknown " + noun + " '" + shown(text) + "' (expected one of: " + list + ")");
    target = text;
  };
  return app.add_option_function<std::string>(names, parse, help)->type_name(type);
}

CLI::Option* add_list(CLI::App& app, const std::string& names, std::vector<std::string>& target, const std::string& help,
                      bool comma) {
  // CLI11 lets a vector option take every following value up to the next flag; one per occurrence keeps
  // `--metric M FILE` from reading FILE as a second metric.
  CLI::Option* opt = app.add_option(names, target, help)->allow_extra_args(false);
  if (comma) opt->delimiter(',');  // CLI11 drops the empty items of 'a,,b'
  return opt;
}

bool all_different(const std::string& flag, const std::vector<std::string>& values, const std::string& what) {
  std::set<std::string> seen;
  for (const auto& v : values)
    if (!seen.insert(v).second) {
      error_line() << flag << ": " << v << " is given twice (expected each " << what << " once)\n";
      return false;
    }
  return true;
}

}  // namespace statecraft::cli
