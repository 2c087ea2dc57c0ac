#pragma once
// Flag parsing that CLI11 does not do the way we want: integers that neither wrap around nor accept a float
// (CLI11 turns `--seed -1` into 2^64 - 1), numbers and choices refused in our words, options that take one value
// per occurrence (a vector option would otherwise swallow the scenario file after it), and refusing a value given
// twice. Each value is checked in the option's callback, after the checks every option has (usage_errors.hpp).
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <CLI/CLI.hpp>

namespace statecraft::cli {

/// `text` as an integer in [lo, hi]: decimal digits with an optional sign, nothing else. Throws UsageError
/// with "FLAG: VALUE is not an integer|out of range (expected an integer from LO to HI)" otherwise.
std::uint64_t parse_integer(const std::string& flag, const std::string& text, std::uint64_t lo, std::uint64_t hi);

namespace detail {
template <class T>
struct Value {
  using type = T;
};
template <class T>
struct Value<std::optional<T>> {
  using type = T;
};
/// The flag's long name for messages: "--jobs" of "--jobs,-j".
std::string long_name(const std::string& names);
}  // namespace detail

/// Adds an integer option parsed by parse_integer into `target` (an integer or an optional one), which must
/// outlive the parse. `hi` defaults to the largest value the target holds.
template <class T>
CLI::Option* add_integer(CLI::App& app, const std::string& names, T& target, const std::string& help,
                         std::uint64_t lo, std::uint64_t hi = std::numeric_limits<typename detail::Value<T>::type>::max()) {
  using V = typename detail::Value<T>::type;
  static_assert(std::is_integral_v<V>, "add_integer needs an integer target");
  if (hi > static_cast<std::uint64_t>(std::numeric_limits<V>::max())) throw std::logic_error(names + ": range too wide");
  const std::string flag = detail::long_name(names);
  return app
      .add_option_function<std::string>(
          names, [&target, flag, lo, hi](const std::string& text) { target = static_cast<V>(parse_integer(flag, text, lo, hi)); },
          help)
      ->type_name("INT");
}

/// Adds an option whose value is a number (a year, say) into `target`: "FLAG: 'TEXT' is not a number (expected
/// WHAT, e.g. EXAMPLE)" otherwise. CLI11's own conversion would say "Could not convert: --from = abc".
CLI::Option* add_number(CLI::App& app, const std::string& names, std::optional<double>& target, const std::string& help,
                        const std::string& what, const std::string& example);

/// Adds --out, the output directory, into `target`. An empty value ("--out ''", an unset shell variable) is
/// refused: "--out: is empty (expected an output directory, e.g. out/run)"; it would otherwise mean
/// the default directory.
CLI::Option* add_out(CLI::App& app, std::string& target, const std::string& help);

/// Adds the option `flag` (a name, a file, an outcome: text that cannot be empty) into `target`. An empty value
/// ("--baseline ''", an unset shell variable) is refused as "FLAG: is empty (expected EXPECTED)": it would
/// otherwise mean the option's default without a word.
CLI::Option* add_named(CLI::App& app, const std::string& flag, std::string& target, const std::string& help,
                       const std::string& expected);

/// Adds --variant, a variant's name, into `target`. An empty value is refused: "--variant: is empty (expected a
/// variant's name; leave --variant out for the base scenario)"; it would otherwise run the base scenario.
CLI::Option* add_variant(CLI::App& app, std::string& target, const std::string& help);

/// Adds an option whose value is one of `choices` (at least two), into `target`: "FLAG: unknown NOUN 'TEXT'
/// (expected one of: A, B, C)" otherwise. Its type name, "A|B|C", is what --help shows and what messages name.
CLI::Option* add_choice(CLI::App& app, const std::string& names, std::string& target, const std::string& help,
                        const std::string& noun, const std::vector<std::string>& choices);

/// Adds a repeatable option of which each occurrence takes exactly one value, so that a positional argument
/// after it is never taken as a second value; with `comma`, a value is also split at commas.
CLI::Option* add_list(CLI::App& app, const std::string& names, std::vector<std::string>& target, const std::string& help,
                      bool comma);

/// Refuses a value given twice: prints "statecraft: FLAG: VALUE is given twice (expected each WHAT once)"
/// and returns false.
bool all_different(const std::string& flag, const std::vector<std::string>& values, const std::string& what);

}  // namespace statecraft::cli
