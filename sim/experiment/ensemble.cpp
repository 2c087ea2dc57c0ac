// Ensembles (`run --runs N`): one scenario run N times, each step's metrics and each outcome summarised as
// runs finish (docs/experiments.md).
#include "statecraft/experiment/experiment.hpp"

#include "statecraft/experiment/stats.hpp"
#include "statecraft/output/csv.hpp"
#include "batch_execute.hpp"

namespace statecraft {
namespace {

/// ensemble.csv: per step and trend metric, the count, mean, standard deviation and percentiles.
void write_ensemble(std::ostream& e, const Scenario& sc, const std::vector<MetricRef>& metrics,
                    const std::vector<Summary>& trends) {
  const std::size_t M = metrics.size();
  e << "step,year,metric,n,mean,sd,p5,p25,p50,p75,p95\n";
  for (int t = 0; t <= sc.steps; ++t)
    for (std::size_t m = 0; m < M; ++m) {
      const Summary& s = trends[static_cast<std::size_t>(t) * M + m];
      e << t << ',' << fmt(sc.year_of(t)) << ',' << metrics[m].name << ',' << s.moments().count() << ','
        << fmt(s.moments().mean()) << ',' << fmt(s.moments().sd());
      for (std::size_t q = 0; q < 5; ++q) e << ',' << fmt(s.quantile(q));
      e << '\n';
    }
}

/// outcomes_summary.csv: per outcome, the mean with its 95% interval (mean_interval: Wilson's for a proportion)
/// and the percentiles.
void write_outcomes_summary(std::ostream& os, const std::vector<std::string>& names,
                            const std::vector<OutcomeScale>& scales, const std::vector<Summary>& outcomes) {
  os << "outcome,n,mean,sd,ci_low,ci_high,p5,p25,p50,p75,p95\n";
  for (std::size_t k = 0; k < names.size(); ++k) {
    const Summary& s = outcomes[k];
    const Interval ci = mean_interval(s.moments(), scales[k]);
    os << names[k] << ',' << s.moments().count() << ',' << fmt(s.moments().mean()) << ','
       << fmt(s.moments().sd()) << ',' << fmt(ci.low) << ',' << fmt(ci.high);
    for (std::size_t q = 0; q < 5; ++q) os << ',' << fmt(s.quantile(q));
    os << '\n';
  }
}

}  // namespace

ExperimentReport run_ensemble(const Scenario& sc, const std::string& scenario_path, const ExperimentOptions& o) {
  Batch b;
  b.plan.variants = {&sc};
  b.plan.variant_names = {sc.variant.empty() ? "base" : sc.variant};
  plan_batch(b, sc, o, "outcomes.csv");

  std::vector<Summary> trends(static_cast<std::size_t>(sc.steps + 1) * b.plan.metrics.size());
  std::vector<Summary> outcomes(b.n_out);
  auto consume = [&](const RunResult& r) {
    for (std::size_t k = 0; k < trends.size(); ++k) trends[k].add(r.trends[k]);
    for (std::size_t k = 0; k < b.n_out; ++k) outcomes[k].add(r.outcomes[k]);
  };
  auto append = [&](const RunResult& r, BatchDir& dir) {
    append_run(dir, r, b.outcome_names, o.keep_runs, "run", std::to_string(r.item));
  };
  std::vector<std::string> files = {"ensemble.csv", "outcomes.csv", "outcomes_summary.csv", "manifest.json"};
  if (o.keep_runs)
    for (const auto& f : runs_files()) files.push_back(f);
  auto finish = [&](BatchDir& dir) {
    write_ensemble(dir.final_file("ensemble.csv"), sc, b.plan.metrics, trends);
    write_outcomes_summary(dir.final_file("outcomes_summary.csv"), b.outcome_names, b.outcome_scales, outcomes);
    write_batch_manifest(dir.final_file("manifest.json"), "run", sc, scenario_path, b.plan.variant_names, o, files,
                         b.outcome_names, b.plan.metrics);
  };
  ExperimentReport rep = execute(b, "run", o, consume, append, finish);
  if (!rep.interrupted && o.par.rank == 0) {
    const Moments& t = outcomes[0].moments();
    const Interval ci = mean_interval(t, b.outcome_scales[0]);
    rep.summary = "mean tension at " + fmt(sc.year_of(sc.steps)) + ": " + fixed(t.mean(), 4) + " (95% CI " +
                  fixed(ci.low, 4) + " to " + fixed(ci.high, 4) + ")";
  }
  return rep;
}

}  // namespace statecraft
