#pragma once
// How many bytes a command's outputs will take, estimated from the scenario before anything runs, so that a
// command that would fill the disk (1000 actors for 10 steps wrote 7 GB) can be refused up front. Rows are
// counted exactly from actors, pairs, steps, variants, runs and points; the width of a written number is an
// average, so an estimate is within a factor 2 of what is written, not exact.
#include <cstdint>
#include <string>
#include <vector>

#include "statecraft/output/recorder.hpp"
#include "statecraft/scenario/scenario.hpp"

namespace statecraft {

/// The most bytes a command's outputs may take unless raised (`--max-output-size`; in Python
/// statecraft.limits['output_size'], for the tables run() returns).
inline constexpr std::uint64_t kDefaultMaxOutputBytes = 2'000'000'000;

/// One run (`statecraft run`): actors.csv, pairs.csv, region.csv, events.csv and drivers.csv in `format`,
/// and manifest.json.
double estimate_run_bytes(const Scenario& sc, Format format);

/// A batch of `runs` runs of each of `variants` (`run --runs`: one scenario; `compare`: every variant), with
/// the extra trend metrics `metrics`: the summaries, the per-run outcomes, runs/ with `keep_runs`, and the
/// checkpoint the batch holds until it completes.
double estimate_batch_bytes(const std::vector<const Scenario*>& variants, std::uint64_t runs,
                            const std::vector<std::string>& metrics, bool keep_runs);

/// A sweep of `points` points over the parameters `params`, `runs` runs each: sweep.csv, sobol.csv with
/// `sobol`, experiments.csv, runs/ with `keep_runs`, manifest.json and the checkpoint.
double estimate_sweep_bytes(const Scenario& base, std::size_t points, const std::vector<std::string>& params,
                            std::uint64_t runs, const std::vector<std::string>& metrics, bool sobol,
                            bool keep_runs = false);

/// A size for messages, in decimal units with three significant digits: "950 bytes", "7.1 GB", "2 GB".
std::string human_bytes(double bytes);

/// The refusal of outputs estimated at `bytes`, above `limit`: "WHAT would take about 7.1 GB, above the limit of
/// 2 GB (expected at most that; raise it with RAISE_WITH)", the CLI's and Python's alike.
std::string size_over_limit(const std::string& what, double bytes, std::uint64_t limit, const std::string& raise_with);

}  // namespace statecraft
