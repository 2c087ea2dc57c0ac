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
  /// The files that grow run by run: experiments.csv first, then the older per-run table (outcomes.csv,
  /// compare_runs.csv; none for a sweep), then runs/ with keep_runs.
  std::vector<std::string> appendable;
  std::size_t n_out = 0, n_tr = 0;  ///< outcomes and trend values a run checkpoints
  std::size_t n_dr = 0;             ///< driver sums a run checkpoints after them (compare --explain)
  /// The variant named in experiments.csv for every point of a sweep (its items name points, not variants).
  std::string sweep_variant;
  /// experiments.csv: the inputs of an item, after variant,point,run and before its outcomes (--set values,
  /// drawn uncertain values, a sweep's parameter values), and their column names.
  std::vector<std::string> input_names;
  std::vector<std::pair<std::string, double>> set_values;  ///< the inputs before those, the same in every row
  std::vector<std::vector<bool>> set_applies;  ///< ExperimentOptions::set_applies: empty cells where it is false
  std::function<std::vector<Cell>(std::uint64_t)> inputs = [](std::uint64_t) { return std::vector<Cell>{}; };
  /// The leading columns of the older per-run table (ensemble: run; compare: variant, run) and their cells for
  /// an item; none for a sweep. Written for one more release beside experiments.csv (docs/outputs.md).
  std::vector<std::string> run_key_names;
  std::function<std::vector<Cell>(std::uint64_t)> run_key;
  /// Names an item for a message: "run 3", "run 3 of variant status_quo", "point 4 (...), run 0".
  std::function<std::string(std::uint64_t)> describe = [](std::uint64_t item) {
    return "run " + std::to_string(item);
  };
};

/// The parts of a batch that ensembles and comparisons share: runs, metrics, outcomes, and the appendable
/// files (experiments.csv, `runs_file` for the older per-run outcomes, then runs/ with keep_runs).
void plan_batch(Batch& b, const Scenario& sc, const ExperimentOptions& o, const std::string& runs_file);

/// The appendable files of a batch: experiments.csv, `runs_file` unless empty, runs/ with keep_runs.
std::vector<std::string> appendable_files(const std::string& runs_file, bool keep_runs);

/// Runs the batch; `consume(result)` aggregates, and each result's row goes to experiments.csv (variant, point,
/// run, inputs, outcomes) and to the older per-run file (run_key, then its outcomes), its trend rows to runs/
/// with keep_runs. When every item was consumed,
/// `tables()` gives the final tables: written as CSV files with the manifest (`manifest`), and the directory
/// committed; or, with an empty out_dir, returned in the report with the per-run table. On resume the
/// recorded items are replayed through `consume` first.
ExperimentReport execute(Batch& b, const std::string& command, const ExperimentOptions& o,
                         const std::function<void(const RunResult&)>& consume,
                         const std::function<std::vector<NamedTable>()>& tables,
                         const std::function<void(std::ostream&)>& manifest);

/// A run refused for its input (a drawn value that breaks a check between values), as bad input: one line per
/// problem of `problems` (a ScenarioError's text), each after `failed`, which names the run ("run 6 of variant
/// v1 failed (nothing was written)").
ScenarioError failed_run_input(const std::string& failed, const std::string& problems);

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
