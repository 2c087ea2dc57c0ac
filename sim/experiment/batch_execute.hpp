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
  /// Names an item for a message: "run 3", "run 3 of variant status_quo", "point 4 (...), run 0".
  std::function<std::string(std::uint64_t)> describe = [](std::uint64_t item) {
    return "run " + std::to_string(item);
  };
};

/// The parts of a batch that ensembles and comparisons share: runs, metrics, outcomes, and the appendable
/// files (`runs_file` for the per-run outcomes, then runs/ with keep_runs).
void plan_batch(Batch& b, const Scenario& sc, const ExperimentOptions& o, const std::string& runs_file);

/// Runs the batch; `consume(result)` aggregates, `append(result, dir)` writes its rows to the appendable
/// files, `finish(dir)` writes the final files. On resume the recorded items are replayed through `consume`
/// first. The directory is committed when every item was consumed.
ExperimentReport execute(Batch& b, const std::string& command, const ExperimentOptions& o,
                         const std::function<void(const RunResult&)>& consume,
                         const std::function<void(const RunResult&, BatchDir&)>& append,
                         const std::function<void(BatchDir&)>& finish);

/// The files of runs/ with keep_runs: each run's trend rows, as `run` writes them, after its variant and run.
std::vector<std::string> runs_files();

/// Appends one run's row of outcomes (file 0) and, with keep_runs, its trend rows (files 1-4); the headers
/// come with the first item. `lead` names the leading columns, `key` is this row's values for them.
void append_run(BatchDir& dir, const RunResult& r, const std::vector<std::string>& outcome_names, bool keep_runs,
                const std::string& lead, const std::string& key);

/// Writes the manifest of a batch: the command, the scenario, what was run and summarised, and the files.
/// `variants` are the variants compared, or a sweep's parameters and design.
void write_batch_manifest(std::ostream& os, const std::string& command, const Scenario& sc, const std::string& path,
                          const std::vector<std::string>& variants, const ExperimentOptions& o,
                          const std::vector<std::string>& files, const std::vector<std::string>& outcomes,
                          const std::vector<MetricRef>& metrics);

/// `x` with `digits` decimals, for the summaries printed on the terminal.
std::string fixed(double x, int digits);


}  // namespace statecraft
