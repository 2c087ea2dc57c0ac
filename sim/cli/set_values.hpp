#pragma once
// `--set PATH=VALUE` (run, run --runs, compare, sweep): a value of the scenario fixed from the command line, in
// the path grammar of docs/paths.md. It is written into the scenario as the file would give it, so its path and
// range are checked by the loader, and it holds for the whole run: set events of the same value are skipped, each
// with a warning (held_values.hpp), as for a swept value.
#include <string>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "statecraft/scenario/load.hpp"

namespace statecraft::cli {

/// Adds the repeatable --set option.
void add_set_flag(CLI::App& app, std::vector<std::string>& texts);

/// Adds the --set values to lo.overrides, each marked `--set`. Prints every text that is not PATH=VALUE with a
/// finite number, and every path given twice, and returns false (exit 2); the paths and the values' ranges
/// are checked when the scenario is loaded.
bool add_set_values(const std::vector<std::string>& texts, LoadOptions& lo);

/// The paths and values of lo's --set overrides, in the order given.
std::vector<std::pair<std::string, double>> set_values(const LoadOptions& lo);

/// Holds the --set values of `lo` in `sc` for the whole run; with `say`, prints the warning of each set event
/// skipped, and of each institution's start set after the run's last year.
void hold_set_values(Scenario& sc, const LoadOptions& lo, bool say);

/// As above for one of several scenarios (the variants of a comparison): a warning already in `said` is not
/// printed again, so the base file's events are said once and a variant's own events and values are said too.
void hold_set_values(Scenario& sc, const LoadOptions& lo, bool say, std::vector<std::string>& said);

}  // namespace statecraft::cli
