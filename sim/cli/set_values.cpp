#include "set_values.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iostream>

#include "flags.hpp"
#include "statecraft/experiment/held_values.hpp"
#include "statecraft/scenario/paths.hpp"
#include "statecraft/scenario/range.hpp"
#include "statecraft/util/number.hpp"

namespace statecraft::cli {
namespace {

/// Whether `path` is a switch. Switches are parameters (parameters.GROUP.KEY), which need no scenario's names
/// to parse.
bool names_a_switch(const std::string& path) {
  std::vector<std::string> errors;
  const auto parsed = parse_value_path(path, PathNames{}, PathUse::Override, errors);
  return parsed && is_switch(*parsed);
}

}  // namespace

void add_set_flag(CLI::App& app, std::vector<std::string>& texts) {
  add_list(app, "--set", texts,
           "PATH=VALUE, repeatable: hold a value for the whole run (actors.CHN.growth=0.05, "
           "parameters.trust.forgetting=0.2)",
           false)
      ->type_name("PATH=VALUE");
}

bool add_set_values(const std::vector<std::string>& texts, LoadOptions& lo) {
  bool ok = true;
  std::vector<std::string> paths;
  for (const auto& text : texts) {
    const auto eq = text.find('=');
    double value = 0;
    const char* first = eq == std::string::npos ? nullptr : text.data() + eq + 1;
    const char* last = text.data() + text.size();
    bool number = first && parse_finite(std::string_view(first, static_cast<std::size_t>(last - first)), value);
    if (!number && eq != std::string::npos && eq > 0 && names_a_switch(text.substr(0, eq))) {
      // A switch's value as a scenario file, pandas or R writes it (true, True, TRUE), or 1 and 0.
      const auto word = switch_word(text.substr(eq + 1));
      if (!word) {
        error_line() << "--set: " << text.substr(0, eq) << ": '" << text.substr(eq + 1)
                     << "' is not a switch's value (expected true or false, or 1 or 0)\n";
        ok = false;
        continue;
      }
      value = *word;
      number = true;
    }
    if (!number && eq != std::string::npos && eq > 0 && unrepresentable_number(text.substr(eq + 1))) {
      // A number, but none a double holds (1e999, 1e-999) or not finite (.inf): said as the file says it.
      error_line() << "--set: " << text.substr(0, eq) << ": '" << text.substr(eq + 1) << "' "
                   << number_problem(text.substr(eq + 1)) << " (expected a finite number)\n";
      ok = false;
      continue;
    }
    if (eq == std::string::npos || eq == 0 || !number) {
      error_line() << "--set: '" << text << "' is not PATH=VALUE (expected a path and a finite number, or true or "
                   << "false for a switch, e.g. actors.CHN.growth=0.05)\n";
      ok = false;
      continue;
    }
    paths.push_back(text.substr(0, eq));
    lo.overrides.emplace_back(paths.back(), value);
    lo.override_marks.resize(lo.overrides.size() - 1, Mark{"--param", 0, 0});
    lo.override_marks.push_back(kSetMark);
  }
  if (const std::string twice = repeated_value_path(paths); !twice.empty()) {
    error_line() << "--set: " << twice << "\n";
    ok = false;
  }
  return ok;
}

std::vector<std::pair<std::string, double>> set_values(const LoadOptions& lo) {
  std::vector<std::pair<std::string, double>> values;
  for (std::size_t i = 0; i < lo.overrides.size() && i < lo.override_marks.size(); ++i)
    if (is_set_mark(lo.override_marks[i])) values.push_back(lo.overrides[i]);
  return values;
}

void hold_set_values(Scenario& sc, const LoadOptions& lo, bool say, std::vector<std::string>& said) {
  std::vector<std::string> warnings;
  std::vector<std::string> paths;
  for (const auto& [path, value] : set_values(lo)) paths.push_back(path);
  for (const auto& e : hold_values(sc, paths)) warnings.push_back(skipped_event_warning(e, "--set"));
  for (const auto& [path, value] : set_values(lo))
    if (const std::string last = start_after_run(sc, path, value); !last.empty())
      warnings.push_back("statecraft: warning: --set: " + path + "=" + format_number(value) +
                         " is after the run's last year " + last + " (the institution never starts in the run)");
  for (const auto& w : warnings) {
    if (std::find(said.begin(), said.end(), w) != said.end()) continue;
    if (say) std::cerr << printable(w) << "\n";
    said.push_back(w);
  }
}

void hold_set_values(Scenario& sc, const LoadOptions& lo, bool say) {
  std::vector<std::string> said;
  hold_set_values(sc, lo, say, said);
}

}  // namespace statecraft::cli
