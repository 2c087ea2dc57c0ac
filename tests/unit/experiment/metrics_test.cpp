// Trend metrics read the same numbers that the CSVs of a single run report.
#include <gtest/gtest.h>

#include "../test_util.hpp"
#include "statecraft/experiment/metrics.hpp"
#include "statecraft/output/recorder.hpp"

namespace statecraft {
namespace {

TEST(Metrics, RegionMetricsAreTheRegionCsvIndicators) {
  const Scenario sc = load_scenario(test::root() + "/scenarios/asia_pacific_2012.yaml");
  std::vector<MetricRef> metrics;
  std::string error;
  for (const auto& f : region_metric_fields()) metrics.push_back(*parse_metric(sc, "region." + f, error));
  metrics.push_back(*parse_metric(sc, "relations.USA-CHN.tension", error));
  OutcomeRecorder rec(sc, metrics, 0);
  Engine engine(sc, 3);
  engine.run(&rec);
  // Replay the run and compare every step's recorded row with region_stats and metric_value.
  Engine replay(sc, 3);
  int incidents_seen = 0;
  for (int t = 0; t <= sc.steps; ++t) {
    if (t > 0) replay.step();
    const World& w = replay.world();
    const RegionStats r = region_stats(w);
    const double want[] = {r.mean_tension, r.max_tension,     r.total_milex, r.arms_growth, r.sc_index,
                           r.mean_trust,   r.cumulative_risk, r.incidents,   r.crises,      r.militarized_disputes,
                           w.state.tension(0, 1)};
    const double* row = rec.trends().data() + static_cast<std::size_t>(t) * metrics.size();
    for (std::size_t k = 0; k < metrics.size(); ++k) {
      EXPECT_EQ(row[k], want[k]) << metrics[k].name << " at step " << t;
      EXPECT_EQ(metric_value(w, metrics[k]), want[k]) << metrics[k].name << " at step " << t;
    }
    incidents_seen += r.incidents > 0;
  }
  EXPECT_GT(incidents_seen, 0);  // the comparison covered steps with incidents
}

}  // namespace
}  // namespace statecraft
