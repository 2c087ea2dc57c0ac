#pragma once
// Subcommands of the statecraft executable: each registers its flags and returns its action.
#include <functional>
#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

#include "statecraft/experiment/sweep.hpp"
#include "statecraft/output/size_estimate.hpp"
#include "statecraft/scenario/load.hpp"
#include "stderr_line.hpp"

namespace statecraft::cli {

/// Exit codes: 0 success, 1 a run failed, 2 bad input (scenario or flags).
enum Exit : int { kOk = 0, kRunFailed = 1, kBadInput = 2 };

using Action = std::function<int()>;

Action add_run(CLI::App& app);
Action add_validate(CLI::App& app);
Action add_describe(CLI::App& app);
Action add_params(CLI::App& app);
Action add_schema(CLI::App& app);
Action add_explain(CLI::App& app);
Action add_compare(CLI::App& app);
Action add_sweep(CLI::App& app);
Action add_calibrate(CLI::App& app);

/// The bundled default scenario: scenarios/asia_pacific_2012.yaml, found next to the working
/// directory, or beside the program (share/statecraft/scenarios of the build tree or an installed prefix);
/// UsageError if neither has it.
std::string default_scenario();

/// The default output directory of a command on `sc`: out/NAME + suffix, with _VARIANT before the suffix
/// for a variant. Scenario and variant names are plain names, so it stays under out/.
std::string default_out(const Scenario& sc, const std::string& suffix);

/// `file`, or when it is empty the bundled default, saying so on stderr: a scenario the user did not name
/// must not run unannounced (stdout stays as it is).
std::string scenario_or_default(const std::string& file);

/// The limits set by the global flags (--max-file-size, --max-actors, ...), shared by every command.
struct CliLimits {
  Limits load;
  std::uint64_t runs = 10'000'000;   ///< --max-runs: runs of one batch (per variant)
  std::uint64_t points = kDefaultMaxPoints;  ///< --max-points: points of a sweep design
  std::uint64_t output_bytes = kDefaultMaxOutputBytes;  ///< --max-output-size: estimated bytes of a command's outputs
};
CliLimits& cli_limits();
void add_limit_flags(CLI::App& app);

/// Checks a run count against --max-runs; prints the refusal and returns false when over.
bool runs_within_limit(std::uint64_t runs);

/// Checks the estimated bytes of a command's outputs (statecraft/output/size_estimate.hpp) against
/// --max-output-size; prints the refusal and returns false when over.
bool output_within_limit(double bytes);

/// Prints a ScenarioError's diagnostics to stderr, one per line: those at a line of a file as
/// `file:line:col: ...`, the others (a file that cannot be read, a --param) after "statecraft: error: ".
void print_errors(const ScenarioError& e);

}  // namespace statecraft::cli
