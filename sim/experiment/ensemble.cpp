// Ensembles (`run --runs N`): one scenario run N times, each step's metrics and each outcome summarised as
// runs finish (docs/experiments.md).
#include "statecraft/experiment/experiment.hpp"

#include "statecraft/experiment/stats.hpp"
#include "statecraft/output/csv.hpp"
#include "batch_execute.hpp"
#include "uncertain_batch.hpp"

namespace statecraft {
namespace {

/// The sd cell: empty for one value, whose spread is undefined (Moments::sd says 0).
Cell sd_cell(const Moments& m) { return m.count() < 2 ? Cell::no_number() : Cell::num(m.sd()); }

/// ensemble.csv: per step and trend metric, the count, mean, standard deviation and percentiles.
Table ensemble_table(const Scenario& sc, const std::vector<MetricRef>& metrics, const std::vector<Summary>& trends) {
  const std::size_t M = metrics.size();
  Table t({"step", "year", "metric", "n", "mean", "sd", "p5", "p25", "p50", "p75", "p95"});
  std::vector<Cell> row;
  for (int step = 0; step <= sc.steps; ++step)
    for (std::size_t m = 0; m < M; ++m) {
      const Summary& s = trends[static_cast<std::size_t>(step) * M + m];
      row = {Cell::whole(step), Cell::num(sc.year_of(step)), Cell::str(metrics[m].name),
             Cell::whole(static_cast<std::int64_t>(s.moments().count())), Cell::num(s.moments().mean()),
             sd_cell(s.moments())};
      for (double q : s.quantiles()) row.push_back(Cell::num(q));
      t.add_row(row);
    }
  return t;
}

/// outcomes_summary.csv: per outcome, the mean with its 95% interval (mean_interval: Wilson's for a proportion)
/// and the percentiles.
Table outcomes_summary_table(const std::vector<std::string>& names, const std::vector<OutcomeScale>& scales,
                             const std::vector<Summary>& outcomes) {
  Table t({"outcome", "n", "mean", "sd", "ci_low", "ci_high", "p5", "p25", "p50", "p75", "p95"});
  std::vector<Cell> row;
  for (std::size_t k = 0; k < names.size(); ++k) {
    const Summary& s = outcomes[k];
    const Interval ci = mean_interval(s.moments(), scales[k]);
    row = {Cell::str(names[k]), Cell::whole(static_cast<std::int64_t>(s.moments().count())),
           Cell::num(s.moments().mean()), sd_cell(s.moments()), Cell::num(ci.low), Cell::num(ci.high)};
    for (double q : s.quantiles()) row.push_back(Cell::num(q));
    t.add_row(row);
  }
  return t;
}

}  // namespace

ExperimentReport run_ensemble(const Scenario& sc, const std::string& scenario_path, const ExperimentOptions& o) {
  Batch b;
  b.plan.variants = {&sc};
  b.plan.variant_names = {sc.variant.empty() ? "base" : sc.variant};
  plan_batch(b, sc, o, "outcomes.csv");

  // The exact percentiles' memory shared by every step's metrics and the outcomes (summary_cap).
  const std::size_t n_trends = static_cast<std::size_t>(sc.steps + 1) * b.plan.metrics.size();
  const Summary empty(summary_cap(n_trends + b.n_out));
  std::vector<Summary> trends(n_trends, empty);
  std::vector<Summary> outcomes(b.n_out, empty);
  auto consume = [&](const RunResult& r) {
    for (std::size_t k = 0; k < trends.size(); ++k) trends[k].add(r.trends[k]);
    for (std::size_t k = 0; k < b.n_out; ++k) outcomes[k].add(r.outcomes[k]);
  };
  // Uncertain values: drawn per run from the same streams as compare's (run r gets what run r of a variant
  // compared gets), each an input of experiments.csv.
  const std::vector<Scenario> one = o.uncertain ? std::vector<Scenario>{sc} : std::vector<Scenario>{};
  std::vector<std::string> columns;
  if (o.uncertain) {
    b.plan.variants = {&one.front()};
    columns = plan_uncertain(b, one, o);
  }
  b.run_key_names = {"run"};
  b.run_key = [](std::uint64_t item) { return std::vector<Cell>{Cell::whole(static_cast<std::int64_t>(item))}; };
  std::vector<std::string> files = {"ensemble.csv", "experiments.csv", "outcomes.csv", "outcomes_summary.csv",
                                    "manifest.json"};
  if (o.keep_runs)
    for (const auto& f : runs_files()) files.push_back(f);
  auto tables = [&] {
    std::vector<NamedTable> t;
    t.emplace_back("ensemble.csv", ensemble_table(sc, b.plan.metrics, trends));
    t.emplace_back("outcomes_summary.csv", outcomes_summary_table(b.outcome_names, b.outcome_scales, outcomes));
    return t;
  };
  auto manifest = [&](std::ostream& os) {
    write_batch_manifest(os, "run", sc, scenario_path, b.plan.variant_names, o, files, b.outcome_names,
                         b.plan.metrics, declared_inputs(columns, one));
  };
  ExperimentReport rep = execute(b, "run", o, consume, tables, manifest);
  if (!rep.interrupted && o.par.rank == 0) {
    const Moments& t = outcomes[0].moments();
    const Interval ci = mean_interval(t, b.outcome_scales[0]);
    const std::string interval = t.count() < 2 ? "one run: no interval"
                                               : "95% CI " + fixed(ci.low, 4) + " to " + fixed(ci.high, 4);
    rep.summary = "mean tension at " + fmt(sc.year_of(sc.steps)) + ": " + fixed(t.mean(), 4) + " (" + interval + ")";
  }
  return rep;
}

}  // namespace statecraft
