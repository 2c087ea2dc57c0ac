#pragma once
// The grammar of what experiments measure: trend metrics (`region.NAME`, `actor.ID.NAME`, `pair.A-B.NAME`) and
// the names of the outcomes every experiment reports. Below both the loader (which checks a file's `outcomes:`)
// and the experiments (which read the metrics from the world: statecraft/experiment/metrics.hpp).
#include <optional>
#include <string>
#include <vector>

namespace statecraft {

struct Scenario;

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

/// Outcomes every experiment reports, in this order, then the final value of each named metric.
struct OutcomeInfo {
  const char* name;
  bool lower_is_better;
  const char* meaning;
  /// What values one run gives, as the column table writes units: `0 or 1` (an event happened or not: the mean
  /// is a probability, with Wilson intervals), `[0, 1]` (a share or level within the unit interval), or a unit
  /// such as `bn` or `count`. Experiments choose intervals and the default threshold of a difference from it.
  const char* unit;
};
const std::vector<OutcomeInfo>& builtin_outcomes();

}  // namespace statecraft
