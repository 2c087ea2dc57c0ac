#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "flags.hpp"
#include "statecraft/output/size_estimate.hpp"
#include "statecraft/scenario/error.hpp"
#include "statecraft/util/counted.hpp"

namespace statecraft::cli {

std::string default_scenario() {
  namespace fs = std::filesystem;
  const std::string rel = "scenarios/asia_pacific_2012.yaml";
  std::error_code ec;
  if (fs::is_regular_file(rel, ec)) return rel;
  // Beside the program: the build tree's share/statecraft/ (CMake copies the scenarios there), or an
  // installed prefix's, bin/../share/statecraft/.
  const fs::path program = fs::read_symlink("/proc/self/exe", ec).parent_path();
  for (const fs::path& share : {program / "share" / "statecraft", program.parent_path() / "share" / "statecraft"})
    if (fs::is_regular_file(share / rel, ec)) return (share / rel).string();
  throw UsageError("no scenario file given, and the bundled " + rel +
                   " is neither in the working directory nor installed beside the program (expected a scenario "
                   "FILE)");
}

std::string default_out(const Scenario& sc, const std::string& suffix) {
  return "out/" + sc.name + (sc.variant.empty() ? "" : "_" + sc.variant) + suffix;
}

std::string scenario_or_default(const std::string& file) {
  if (!file.empty()) return file;
  const std::string bundled = default_scenario();
  std::cerr << "statecraft: no scenario file given: running the bundled " << printable(bundled) << "\n";
  return bundled;
}

CliLimits& cli_limits() {
  static CliLimits limits;
  return limits;
}

void add_limit_flags(CLI::App& app) {
  CliLimits& l = cli_limits();
  const char* group = "Limits (checked before memory or time is spent)";
  add_integer(app, "--max-file-size", l.load.file_bytes, "Bytes of one scenario or observed data file (default 16777216)", 1)
      ->group(group);
  add_integer(app, "--max-nesting", l.load.nesting, "Nesting depth of a scenario file (default 64)", 1)->group(group);
  add_integer(app, "--max-nodes", l.load.nodes, "Nodes of a scenario file, aliases expanded (default 1048576)", 1)
      ->group(group);
  add_integer(app, "--max-actors", l.load.actors, "Actors of a scenario (default 1000)", 1)->group(group);
  add_integer(app, "--max-steps", l.load.steps, "Steps of a run (default 100000)", 1)->group(group);
  add_integer(app, "--max-extends", l.load.extends, "Files in an extends chain (default 16)", 0)->group(group);
  add_integer(app, "--max-runs", l.runs, "Runs of a batch, per variant (default 10000000)", 1)->group(group);
  add_integer(app, "--max-points", l.points, "Points of a sweep design (default 1000000)", 1)->group(group);
  add_integer(app, "--max-output-size", l.output_bytes,
              "Bytes a command's outputs may take, estimated before it runs (default 2000000000)", 1)
      ->group(group);
}

bool runs_within_limit(std::uint64_t runs) {
  if (runs <= cli_limits().runs) return true;
  error_line() << "--runs: " << runs << " is above the limit of " << counted(cli_limits().runs, "run")
               << " (expected at most that; raise it with --max-runs)\n";
  return false;
}

bool output_within_limit(double bytes) {
  const auto limit = static_cast<double>(cli_limits().output_bytes);
  if (bytes <= limit) return true;
  error_line() << size_over_limit("the outputs", bytes, cli_limits().output_bytes, "--max-output-size") << "\n";
  return false;
}

void print_errors(const ScenarioError& e) {
  for (const Diagnostic& d : e.diagnostics()) {
    if (d.mark.line > 0) std::cerr << printable(d.str()) << "\n";
    else error_line() << d.str() << "\n";
  }
  const std::size_t dropped = e.dropped();
  if (dropped > 0) std::cerr << "... and " << counted(dropped, "more problem") << "\n";
}

}  // namespace statecraft::cli
