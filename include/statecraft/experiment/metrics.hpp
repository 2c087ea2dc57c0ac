#pragma once
// What an experiment measures. Trend metrics (named as in statecraft/scenario/metric.hpp) are read from the world
// at every step (region-wide, or of one actor or pair); outcomes are one number per run, the quantities variants
// are compared on.
#include <optional>
#include <string>
#include <vector>

#include "statecraft/engine/engine.hpp"
#include "statecraft/experiment/stats.hpp"
#include "statecraft/scenario/metric.hpp"

namespace statecraft {

/// The metric's value in the world. Does not allocate, except for the region's bloc metrics (blocs,
/// largest_bloc, bipolarity), whose search of the alliance graph does.
double metric_value(const World& w, const MetricRef& m);

/// Metrics summarised at every step of an ensemble: a few region-wide ones, then the named ones.
std::vector<MetricRef> trend_metrics(const Scenario& sc, const std::vector<std::string>& extra);

/// The metrics whose final values are outcomes (`final.METRIC`): each metric `extra` names, once, in the order
/// named, as an index into `metrics` (trend_metrics(sc, extra)). A region metric summarised anyway
/// (region.max_tension) is one of them when named, so that its final value can be ranked by.
std::vector<std::size_t> final_metrics(const Scenario& sc, const std::vector<MetricRef>& metrics,
                                       const std::vector<std::string>& extra);

/// Names of every outcome of a run: the built-in ones, `target_tension.VARIANT` for each variant of `sc` that
/// declares the pairs it targets (their mean tension at the horizon), then `final.METRIC` for each metric of
/// `finals` (final_metrics()).
std::vector<std::string> outcome_names(const Scenario& sc, const std::vector<MetricRef>& metrics,
                                       const std::vector<std::size_t>& finals);

/// The unit of a trend metric: its column's in the column table (statecraft/output/columns.hpp).
std::string_view metric_unit(const MetricRef& m);

/// Whether a trend metric is never negative: its column's mark in the column table.
bool metric_never_negative(const MetricRef& m);

/// The scale of every outcome, in outcome_names' order (scale_of_unit): the built-in outcomes' units and marks,
/// then [0, 1] for each target_tension.VARIANT, then each final.METRIC's column unit and mark.
std::vector<OutcomeScale> outcome_scales(const Scenario& sc, const std::vector<MetricRef>& metrics,
                                         const std::vector<std::size_t>& finals);

/// The outcomes a comparison of `sc`'s variants can be ranked by or given thresholds for, with `metrics` the
/// extra metrics named (as written): the built-in ones, target_tension.VARIANT, final.METRIC.
std::vector<std::string> comparable_outcomes(const Scenario& sc, const std::vector<std::string>& metrics);

/// Why `name` is not one of `outcomes` (comparable_outcomes), for a message after "FLAG: ": "unknown outcome
/// 'X' (did you mean 'Y'?)", or, for target_tension of a variant that declares no targets, which variants do.
/// `metrics_given_by` names where metrics are asked for: the CLI's `--metric`, or Python's `metrics`.
std::string unknown_outcome(const std::string& name, const std::vector<std::string>& outcomes, const Scenario& sc,
                            const std::string& metrics_given_by = "--metric");

/// The unit of every outcome, in outcome_names' order (as outcome_scales reads them).
std::vector<std::string> outcome_units(const Scenario& sc, const std::vector<MetricRef>& metrics,
                                       const std::vector<std::size_t>& finals);

/// Watches one run and fills its trends ((steps + 1) x metrics, row-major) and outcomes.
class OutcomeRecorder : public Recorder {
 public:
  OutcomeRecorder(const Scenario& sc, const std::vector<MetricRef>& metrics, const std::vector<std::size_t>& finals);
  void on_step(const World& w) override;
  void on_log(const World& w, const LogEntry& e) override;
  /// Clears for the next run, keeping the buffers.
  void reset();
  const std::vector<double>& trends() const { return trends_; }
  /// Computes the outcomes; call after the run.
  const std::vector<double>& outcomes();

 private:
  const Scenario& sc_;
  const std::vector<MetricRef>& metrics_;
  const std::vector<std::size_t>& finals_;  ///< the metrics whose final values are outcomes
  bool with_blocs_;  ///< whether a metric is one of the region's bloc metrics
  std::vector<double> trends_, outcomes_;
  double tension_sum_ = 0, milex_spent_ = 0, incidents_ = 0, crises_ = 0, disputes_ = 0;
  double tension_final_ = 0, risk_final_ = 0, sc_final_ = 0;
  std::vector<const std::vector<std::pair<int, int>>*> targets_;  ///< the pairs each targeting variant targets
  std::vector<double> target_final_;
};

}  // namespace statecraft
