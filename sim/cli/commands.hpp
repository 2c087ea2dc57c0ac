#pragma once
// Subcommands of the statecraft executable: each registers its flags and returns its action.
#include <functional>
#include <string>

#include <CLI/CLI.hpp>

namespace statecraft::cli {

/// Exit codes: 0 success, 1 a run failed, 2 bad input (scenario or flags).
enum Exit : int { kOk = 0, kRunFailed = 1, kBadInput = 2 };

using Action = std::function<int()>;

Action add_run(CLI::App& app);
Action add_validate(CLI::App& app);
Action add_describe(CLI::App& app);
Action add_explain(CLI::App& app);
Action add_compare(CLI::App& app);
Action add_sweep(CLI::App& app);

/// The bundled default scenario: scenarios/asia_pacific_2012.yaml, found next to the working
/// directory or in the source tree the program was built from.
std::string default_scenario();

/// Prints a ScenarioError's diagnostics to stderr, one per line.
void print_errors(const std::exception& e);

}  // namespace statecraft::cli
