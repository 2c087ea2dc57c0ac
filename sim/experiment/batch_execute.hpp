#pragma once
// What ensembles, comparisons and sweeps share: a batch executed into its directory (BatchDir) with resume,
// checkpoints, a progress bar and the failure rules of docs/experiments.md; the per-run rows they append;
// and their manifest. Each command supplies how a run is summarised and what is written at the end.
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "statecraft/experiment/experiment.hpp"
#include "statecraft/experiment/stats.hpp"
#include "batch_dir.hpp"

namespace statecraft {

/// A batch as a command plans it.
struct Batch {
  BatchPlan plan;
  std::vector<std::string> outcome_names;
  std::vector<OutcomeScale> outcome_scales;  ///< of each outcome: which intervals its statistics take
  /// The files that grow run by run: the per-run outcomes first, then runs/ with keep_runs.
  std::vector<std::string> appendable;
  std::size_t n_out = 0, n_tr = 0;  ///< outcomes and trend values a run checkpoints
  std::size_t n_dr = 0;             ///< driver sums a run checkpoints after them (compare --explain)
  /// The leading columns of the per-run table (ensemble: run; compare: variant, run) and their cells for an
  /// item; none for a sweep, which keeps no per-run table.
  std::vector<std::string> run_key_names;
  std::function<std::vector<Cell>(std::uint64_t)> run_key;
  /// Names an item for a message: "run 3", "run 3 of variant status_quo", "point 4 (...), run 0".
  std::function<std::string(std::uint64_t)> describe = [](std::uint64_t item) {
    return "run " + std::to_string(item);
  };
};

/// The parts of a batch that ensembles and comparisons share: runs, metrics, outcomes, and the appendable
/// files (`runs_file` for the per-run outcomes, then runs/ with keep_runs).
void plan_batch(Batch& b, const Scenario& sc, const ExperimentOptions& o, const std::string& runs_file);

/// Runs the batch; `consume(result)` aggregates, and each result's row (run_key, then its outcomes) goes to
/// the per-run file (appendable[0]), its trend rows to runs/ with keep_runs. When every item was consumed,
/// `tables()` gives the final tables: written as CSV files with the manifest (`manifest`), and the directory
/// committed; or, with an empty out_dir, returned in the report with the per-run table. On resume the
/// recorded items are replayed through `consume` first.
ExperimentReport execute(Batch& b, const std::string& command, const ExperimentOptions& o,
                         const std::function<void(const RunResult&)>& consume,
                         const std::function<std::vector<NamedTable>()>& tables,
                         const std::function<void(std::ostream&)>& manifest);

/// The files of runs/ with keep_runs: each run's trend rows, as `run` writes them, after its variant and run.
std::vector<std::string> runs_files();


/// Writes the manifest of a batch: the command, the scenario, what was run and summarised, and the files.
/// `variants` are the variants compared, or a sweep's parameters and design.
void write_batch_manifest(std::ostream& os, const std::string& command, const Scenario& sc, const std::string& path,
                          const std::vector<std::string>& variants, const ExperimentOptions& o,
                          const std::vector<std::string>& files, const std::vector<std::string>& outcomes,
                          const std::vector<MetricRef>& metrics, const std::vector<UncertainInput>& uncertain = {});

/// `x` with `digits` decimals, for the summaries printed on the terminal.
std::string fixed(double x, int digits);


}  // namespace statecraft
