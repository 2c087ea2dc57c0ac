#pragma once
// Parameter sweeps and global sensitivity: points of a design (full grid, Latin hypercube, or Saltelli's
// Sobol design), each run R times with common random numbers, summarised per point; for the Sobol design,
// first-order and total indices per outcome with bootstrap confidence intervals.
#include <cstdint>
#include <string>
#include <vector>

#include "statecraft/experiment/design_file.hpp"
#include "statecraft/experiment/experiment.hpp"
#include "statecraft/experiment/stats.hpp"
#include "statecraft/scenario/load.hpp"

namespace statecraft {

/// `--param PATH=LO:HI[:N]`
struct SweepParam {
  std::string path;
  double lo = 0, hi = 1;
  int n = 5;  ///< grid points (grid design only)
  bool n_given = false;  ///< whether PATH=LO:HI:N gave n, or the grid takes the default (said so in messages)
};

/// Parses `PATH=LO:HI[:N]`; on failure returns nullopt with `error` as "what is wrong (what was expected)".
std::optional<SweepParam> parse_sweep_param(const std::string& text, std::string& error);

/// File: the points of a design file (design_file.hpp), as given.
enum class Design { Grid, Lhs, Sobol, File };

/// The points of a design in [lo, hi] per parameter, one row per point. Sobol: Saltelli's scheme with
/// `samples` base rows, in the order A (N rows), B (N rows), then AB_i for each parameter i (N rows each):
/// N (k + 2) points, from a scrambled-free Sobol sequence of dimension 2k.
std::vector<std::vector<double>> design_points(const std::vector<SweepParam>& params, Design design,
                                               std::size_t samples, std::uint64_t seed);

struct SobolIndex {
  double first = 0, first_low = 0, first_high = 0;
  double total = 0, total_low = 0, total_high = 0;
  /// The outputs do not vary over the design (no_variance): there is nothing to apportion, and no index.
  bool no_variance = false;
};

/// Whether values summarised in `m` do not vary: their sd is 0, or at most a relative 1e-12 of their mean (the
/// rounding of doubles, not an effect of the inputs).
bool no_variance(const Moments& m);

/// Sobol indices from model values `f` in design_points' Sobol order (first-order: Saltelli 2010;
/// total: Jansen 1999), with 95% percentile bootstrap intervals over the N base rows. The values are centred
/// on their mean first (as SALib does), so the indices and their intervals do not depend on an offset of the
/// output. Values that do not vary give no_variance for every parameter.
std::vector<SobolIndex> sobol_indices(const std::vector<double>& f, std::size_t samples, std::size_t k,
                                      int bootstrap, std::uint64_t seed);

struct SweepSpec {
  std::string file;
  LoadOptions load;  ///< variant, steps, seed of the base scenario
  std::vector<SweepParam> params;  ///< for Design::File, the file's paths, each ranging over its column
  Design design = Design::Grid;
  DesignFile file_design;          ///< Design::File: the points and where each value is written
  std::size_t samples = 64;
  int bootstrap = 200;
};

/// The most points a sweep's design may have unless raised (`--max-points`, statecraft.limits['points']).
inline constexpr std::uint64_t kDefaultMaxPoints = 1'000'000;

/// How many points the design of `spec` has, before it is built (a grid multiplies its parameters' points):
/// to refuse a design too large to hold before memory is spent on it.
long double design_size(const SweepSpec& spec);

/// The refusal of a design (`design`: "the grid design", "--design-file pts.csv") of `points` points, above
/// `limit`, the CLI's and Python's alike.
std::string design_over_limit(const std::string& design, long double points, std::uint64_t limit,
                              const std::string& raise_with);

/// The spec of a sweep over the points of `design` (Design::File): its paths as parameters, each from the
/// lowest to the highest value of its column.
void use_design_file(SweepSpec& spec, DesignFile design);

/// Runs the sweep; writes sweep.csv (and sobol.csv for the Sobol design), experiments.csv (and runs/ with
/// keep_runs) and manifest.json.
ExperimentReport run_sweep(const SweepSpec& spec, const ExperimentOptions& o);

}  // namespace statecraft
