#pragma once
// Calibration: fit scenario values (by path, as in sweeps) so that simulated actor series match observed
// ones by weighted least squares, with NLopt's BOBYQA; standard errors from the Jacobian at the optimum;
// forecast errors on held-out years next to naive baselines; and Richardson's mid-year regression.
//
// A model run for calibration is run index 0 of the scenario's seed (Engine(sc, 0)), so the same inputs
// give the same numbers; scenarios meant for calibration switch incidents off (incidents.rate: 0).
#include <atomic>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "statecraft/output/output_dir.hpp"
#include "statecraft/scenario/load.hpp"

namespace statecraft {

/// One observed value of an actor metric (a row of the observed CSV).
struct Observation {
  double year = 0;
  int step = 0;       ///< the scenario step of that year
  int actor = -1;     ///< index into Scenario::actors
  int field = -1;     ///< index into actor_metric_fields()
  double value = 0;
  double weight = 1;
  int line = 0;       ///< line in the CSV, for messages
};

/// Reads a tidy CSV `year,actor,metric,value[,weight]` (any column order, header required) for scenario
/// `sc`. Every problem (missing or unknown columns, unknown actors or metrics, years that are not steps of
/// the scenario, values that are not finite numbers, non-positive values with `log_space`, negative weights,
/// duplicate rows) is collected and thrown as one ScenarioError, each as `file:LINE:COL: column: message`.
/// Only a regular file of at most `max_bytes` is read (--max-file-size, as for scenarios).
std::vector<Observation> read_observations(const std::string& path, const Scenario& sc, bool log_space,
                                           std::size_t max_bytes = Limits{}.file_bytes);
/// Same, from text in memory named `display_path`.
std::vector<Observation> parse_observations(const std::string& text, const std::string& display_path,
                                            const Scenario& sc, bool log_space);

/// A value to fit: a path as in sweeps, with optional bounds (`PATH=LO:HI`).
struct FitParam {
  std::string path;
  std::optional<double> lo, hi;
};

/// Parses `PATH[=LO:HI][,PATH[=LO:HI]...]`; on failure returns nullopt with `error` as
/// "what is wrong (what was expected)".
std::optional<std::vector<FitParam>> parse_fit_params(const std::string& text, std::string& error);

struct CalibrationSpec {
  std::string file;               ///< the scenario
  LoadOptions load;               ///< variant and limits (overrides are set by the calibration)
  std::vector<FitParam> params;
  std::string observed;           ///< the observed CSV
  std::optional<double> from, to; ///< years fitted; other observed years are forecasts (held out)
  bool log_space = false;         ///< fit log(simulated) to log(observed)
  int max_evals = 100000;         ///< model runs the optimizer may spend
  /// Set by a signal: the calibration throws Interrupted at its next model run.
  const std::atomic<bool>* stop = nullptr;
};

struct ParamEstimate {
  std::string path;
  double start = 0, estimate = 0;
  double se = 0;             ///< NaN when not identified
  double lo = 0, hi = 0;     ///< the bounds searched
  bool at_bound = false;
};

/// One observation with the fitted model's value; baselines only on held-out rows.
struct ResidualRow {
  Observation obs;
  bool fitted = true;        ///< inside [from, to]
  double simulated = 0;
  double residual = 0;       ///< observed - simulated, in the fitted space (logs with log_space)
  std::optional<double> random_walk, trend;  ///< naive forecasts of held-out rows, in levels
};

/// Fit of one series (actor and metric) over one sample.
struct SeriesFit {
  int actor = -1, field = -1;
  bool fitted = true;
  std::size_t n = 0;
  double rmse = 0;           ///< in the fitted space
  double r2 = 0;             ///< 1 - SSR / SST around the series' mean (NaN if the series is constant)
};

/// Forecast errors of one series on the held-out years: the model against the baselines.
struct ForecastScore {
  int actor = -1, field = -1;
  std::size_t n = 0;
  double model_mape = 0, model_rmse_log = 0;
  double rw_mape = 0, rw_rmse_log = 0;        ///< random walk with drift from the fitted years
  double trend_mape = 0, trend_rmse_log = 0;  ///< linear trend fitted on the fitted years
};

struct CalibrationResult {
  Scenario scenario;                  ///< as loaded, before fitting
  std::vector<ParamEstimate> params;
  std::vector<ResidualRow> rows;      ///< every observation, in file order
  std::vector<SeriesFit> series;      ///< per series and sample, in order of first appearance
  std::vector<ForecastScore> forecasts;
  std::size_t n_fit = 0, n_holdout = 0;
  double ssr_start = 0, ssr = 0, sigma = 0;
  double r2 = 0;                      ///< pooled: 1 - SSR / sum of the series' SST (fitted sample)
  int evals = 0, failed_evals = 0;
  std::string stop;                   ///< why the optimizer stopped
  bool identified = true;             ///< J has full column rank
  std::vector<std::vector<double>> correlation;  ///< of the estimates (empty when not identified)
  std::vector<std::string> warnings;
};

/// Loads the scenario and the observations, fits, and predicts every observed year. Throws ScenarioError
/// for bad input (the scenario, a path, a bound, the observed file) and UsageError when nothing is left
/// to fit.
CalibrationResult calibrate(const CalibrationSpec& spec);

/// The scenario file that `extends` the input (relative to `dir`) and sets the fitted values (under
/// `variants.V` when a variant was calibrated). Throws RunError if the text does not load back to the
/// fitted model's values.
std::string fitted_yaml(const CalibrationSpec& spec, const CalibrationResult& r, const std::string& dir);

/// Writes calibration.csv, residuals.csv, fit.csv, forecast.csv (when years were held out), fitted.yaml
/// and manifest.json into `dir`, and commits it.
void write_calibration(const CalibrationSpec& spec, const CalibrationResult& r, OutputDir& dir);

/// Writes the manifest.json of a `--midyear` output: the program, the scenario and observed data with their
/// SHA-256, and `files` (which an output directory is recognised by).
void write_midyear_manifest(std::ostream& os, const CalibrationSpec& spec, const Scenario& sc,
                            const std::vector<std::string>& files);

/// The readable report: estimates with standard errors, fit per series, forecast errors.
std::string calibration_report(const CalibrationResult& r);

/// Richardson's regression (Arms and Insecurity, 1960): the yearly increase x[t+1] - x[t] against the
/// mid-year value (x[t] + x[t+1]) / 2, by ordinary least squares, for consecutive yearly values x.
/// The line d x/dt = slope (x - root); the one-year discrete step that follows it exactly has the
/// coefficient e^slope - 1.
struct MidyearFit {
  std::size_t n = 0;  ///< increases used
  double slope = 0, intercept = 0, root = 0;
  double se_slope = 0, se_intercept = 0, r2 = 0;
  double one_year = 0;  ///< e^slope - 1
};
/// Throws std::invalid_argument for fewer than three values or a constant mid-year value.
MidyearFit midyear_regression(const std::vector<double>& x);

/// Richardson's check of a scenario against a yearly table: the observed metric summed over actors each
/// year (one metric, the same actors every year, consecutive years within [from, to]), its mid-year
/// regression, and the scenario's own run (index 0, no values fitted) summed the same way.
struct RichardsonCheck {
  std::string metric;
  std::vector<int> actors;
  std::vector<std::string> actor_ids;
  std::vector<double> years, observed, simulated;
  MidyearFit fit;
};
/// Throws ScenarioError for a bad scenario or observed file, UsageError for a table that cannot be summed.
RichardsonCheck richardson_check(const CalibrationSpec& spec);

}  // namespace statecraft
