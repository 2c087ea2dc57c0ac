#pragma once
// What an experiment measures. Trend metrics are read from the world at every step (region-wide, or of one
// actor or pair); outcomes are one number per run, the quantities variants are compared on.
#include <optional>
#include <string>
#include <vector>

#include "statecraft/engine/engine.hpp"

namespace statecraft {

/// A trend metric: `region.NAME`, `actor.ID.NAME` or `pair.A-B.NAME`.
struct MetricRef {
  enum class Scope { Region, Actor, Pair } scope = Scope::Region;
  int field = 0;
  int a = -1, b = -1;
  std::string name;  ///< as written, e.g. pair.USA-CHN.tension
};

/// Fields a metric may name, per scope.
const std::vector<std::string>& region_metric_fields();
const std::vector<std::string>& actor_metric_fields();
const std::vector<std::string>& pair_metric_fields();

/// Parses a metric; on failure returns nullopt and sets `error` to "what is wrong (what was expected)".
std::optional<MetricRef> parse_metric(const Scenario& sc, const std::string& text, std::string& error);

/// The metric's value in the world. Does not allocate.
double metric_value(const World& w, const MetricRef& m);

/// Outcomes every experiment reports, in this order, then the final value of each named metric.
struct OutcomeInfo {
  const char* name;
  bool lower_is_better;
  const char* meaning;
};
const std::vector<OutcomeInfo>& builtin_outcomes();

/// Metrics summarised at every step of an ensemble: a few region-wide ones, then the named ones.
std::vector<MetricRef> trend_metrics(const Scenario& sc, const std::vector<std::string>& extra);

/// Names of every outcome of a run: the built-in ones, `target_tension.VARIANT` for each variant of `sc` that
/// declares the pairs it targets (their mean tension at the horizon), then `final.METRIC` for each named metric.
std::vector<std::string> outcome_names(const Scenario& sc, const std::vector<MetricRef>& metrics,
                                       std::size_t builtin_trends);

/// Watches one run and fills its trends ((steps + 1) x metrics, row-major) and outcomes.
class OutcomeRecorder : public Recorder {
 public:
  OutcomeRecorder(const Scenario& sc, const std::vector<MetricRef>& metrics, std::size_t builtin_trends);
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
  std::size_t builtin_trends_;
  std::vector<double> trends_, outcomes_;
  double tension_sum_ = 0, milex_spent_ = 0, incidents_ = 0, crises_ = 0, disputes_ = 0;
  double tension_final_ = 0, risk_final_ = 0, sc_final_ = 0;
  std::vector<const std::vector<std::pair<int, int>>*> targets_;  ///< the pairs each targeting variant targets
  std::vector<double> target_final_;
};

}  // namespace statecraft
