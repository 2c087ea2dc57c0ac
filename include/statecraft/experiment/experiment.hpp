#pragma once
// Ensembles (`run --runs N`) and comparisons of variants (`compare`): a batch of runs with common random
// numbers, summarised as runs finish, checkpointed so that a killed batch resumes where it stopped.
#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "statecraft/experiment/batch.hpp"
#include "statecraft/experiment/multiplicity.hpp"
#include "statecraft/output/columns.hpp"
#include "statecraft/output/table.hpp"

namespace statecraft {

struct ExperimentOptions {
  /// Where the outputs go. Empty: nowhere; the tables are returned in ExperimentReport::tables instead
  /// (the Python module), with no checkpoint, so without resume or keep_runs.
  std::string out_dir;
  bool force = false;
  bool resume = false;
  bool keep_runs = false;
  std::uint64_t runs = 100;
  Parallelism par;
  std::vector<std::string> metrics;  ///< extra trend metrics (their final values become outcomes)
  std::string baseline;              ///< compare: the variant differences are taken against
  std::string rank_by = "tension_final";
  /// compare: which end of rank_by is better (`--better`, `outcomes.better`, Python's better=); Neither: the
  /// outcome's own (outcome_better), which the caller has checked is not Neither too.
  Better better = Better::Neither;
  /// compare: the practical threshold of a difference, per outcome named (`--threshold`, `outcomes.thresholds`);
  /// the others take default_threshold (stats.hpp).
  std::map<std::string, double> thresholds;
  /// Draw the scenario's `uncertain:` values anew in every run (uncertain.hpp).
  bool uncertain = false;
  /// The values the scenarios were loaded with (`--set`, Python's set=): recorded as inputs of every row of
  /// experiments.csv, in the manifest, and in what --resume must find the same.
  std::vector<std::pair<std::string, double>> set_values;
  /// compare: [variant][k], whether set_values[k] applies to the variant (a path only some variants have, an
  /// institution a variant adds, applies to those); its cell of experiments.csv is empty where it does not.
  /// Empty: every value applies to every variant.
  std::vector<std::vector<bool>> set_applies;
  /// compare: what orders the printed table: "mean" (the ranking outcome's mean), "regret" (mean regret),
  /// "max-regret", "p-best" (probability of being best). Empty: regret with `uncertain`, else mean.
  std::string rank_criterion;
  /// compare: sum each run's driver terms and break the differences down by them (compare_drivers.csv).
  bool explain = false;
  /// compare: how the intervals of the differences to the baseline are widened for the many comparisons of one
  /// outcome (multiplicity.hpp).
  Adjust adjust = Adjust::None;
  /// Uncertain batches: variant v loaded with these overrides (its set events of the same paths left out), to
  /// check that drawn values can be written directly into the decoded scenario; where they cannot, every run
  /// loads its scenario this way. Null: they are written directly.
  std::function<Scenario(std::size_t, const std::vector<std::pair<std::string, double>>&)> load_with;
  bool progress = false;             ///< draw a progress bar on stderr
  const std::atomic<bool>* stop = nullptr;
  /// Called by the consumer after each run it summarised, with the runs done and the total (not for runs a
  /// resume replays): the Python module's progress bar, and where it checks for Ctrl-C and sets *stop.
  std::function<void(std::uint64_t done, std::uint64_t total)> on_progress;
};

/// What a batch did, for the command line to report.
struct ExperimentReport {
  std::uint64_t consumed = 0, total = 0, resumed_from = 0;
  /// Runs a resumed batch had recorded but whose rows were not all in its files: they were run again.
  std::uint64_t redone = 0;
  bool interrupted = false;
  std::string summary;  ///< the readable table (compare) or summary line (ensemble, sweep), rank 0 only
  std::string table;    ///< sweep with the Sobol design: the readable table of the indices, rank 0 only
  /// compare: the variants in the order of the readable table (best first by the ranking criterion), rank 0 only.
  std::vector<std::string> ranked;
  /// With an empty out_dir, the tables the output files would hold, each named after its file, the per-run
  /// table (outcomes.csv, compare_runs.csv) included; empty otherwise, and when interrupted.
  std::vector<NamedTable> tables;
};

/// Runs `runs` replicates of one scenario; writes ensemble.csv, outcomes.csv, outcomes_summary.csv,
/// manifest.json (and runs/ with keep_runs) into out_dir. Throws RunError / ScenarioError for bad input.
ExperimentReport run_ensemble(const Scenario& sc, const std::string& scenario_path, const ExperimentOptions& o);

/// Runs every variant `runs` times with common random numbers; writes compare_summary.csv,
/// compare_trends.csv, compare_runs.csv and manifest.json.
ExperimentReport run_compare(const std::vector<Scenario>& variants, const std::string& scenario_path,
                             const ExperimentOptions& o);

}  // namespace statecraft
