// Comparisons of variants (`compare`): every variant run N times with common random numbers, each outcome
// summarised per variant and as a paired difference to the baseline, and the variants ranked.
#include "statecraft/experiment/experiment.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>
#include <cmath>
#include <iomanip>
#include <optional>
#include <sstream>

#include "statecraft/experiment/driver_sums.hpp"
#include "statecraft/experiment/multiplicity.hpp"
#include "statecraft/experiment/stats.hpp"
#include "statecraft/experiment/uncertain.hpp"
#include "statecraft/output/csv.hpp"
#include "batch_execute.hpp"
#include "compare_drivers.hpp"
#include "compare_sensitivity.hpp"
#include "uncertain_batch.hpp"

namespace statecraft {
namespace {

/// What a comparison accumulates as runs arrive: per variant and outcome the level and the paired
/// difference to the baseline (with the 2 x 2 table of the pairs for a binary outcome); per variant, step and
/// metric the trend.
struct CompareStats {
  std::size_t V, n_out, T, M, base;
  std::vector<OutcomeScale> scales;  ///< [k]
  std::vector<Moments> level, diff;  ///< [v * n_out + k]
  std::vector<PairedCounts> pairs;   ///< [v * n_out + k]: (variant, baseline) of binary outcomes
  std::vector<Summary> trend;        ///< [(v * T + step) * M + m]
  std::vector<std::vector<double>> pending;  ///< run r's outcomes of each variant until the run is complete
  std::size_t rank_k;                        ///< the ranking outcome
  bool lower;                                ///< whether its lower end is better
  RegretTally robust;                        ///< on the ranking outcome, run by run
  std::vector<double> ranked;                ///< run r's ranking outcome of each variant
  std::vector<Moments> between;              ///< [a * V + b], a < b: a's ranking outcome less b's, run by run
  std::vector<double> levels;                ///< [v * n_out + k]: the level of the difference's interval
  std::optional<DriverComparison> drivers;   ///< with --explain
  std::vector<std::vector<double>> pending_drivers;
  std::optional<SensitivityComparison> sensitivity;  ///< with --uncertain

  CompareStats(std::size_t variants, std::vector<OutcomeScale> outcome_scales, std::size_t steps, std::size_t metrics,
               std::size_t baseline, std::size_t rank_outcome, bool lower_is_better)
      : V(variants), n_out(outcome_scales.size()), T(steps), M(metrics), base(baseline),
        scales(std::move(outcome_scales)), level(V * n_out), diff(V * n_out), pairs(V * n_out),
        trend(V * T * M, Summary(summary_cap(V * T * M))),
        pending(V), rank_k(rank_outcome), lower(lower_is_better), robust(variants, baseline, lower_is_better),
        ranked(variants),
        between(V * V), levels(V * n_out, 0.95), pending_drivers(V) {}

  void add(const RunResult& r) {
    const std::size_t v = static_cast<std::size_t>(r.item % V);
    for (std::size_t k = 0; k < n_out; ++k) level[v * n_out + k].add(r.outcomes[k]);
    for (std::size_t k = 0; k < T * M; ++k) trend[v * T * M + k].add(r.trends[k]);
    pending[v] = r.outcomes;
    pending_drivers[v] = r.drivers;
    if (v + 1 == V) {  // run complete for every variant: paired differences to the baseline
      for (std::size_t w = 0; w < V; ++w)
        for (std::size_t k = 0; k < n_out; ++k) {
          diff[w * n_out + k].add(pending[w][k] - pending[base][k]);
          if (scales[k] == OutcomeScale::Binary) pairs[w * n_out + k].add(pending[w][k] != 0, pending[base][k] != 0);
        }
      for (std::size_t w = 0; w < V; ++w) ranked[w] = pending[w][rank_k];
      robust.add(ranked);
      for (std::size_t a = 0; a < V; ++a)
        for (std::size_t b = a + 1; b < V; ++b) between[a * V + b].add(ranked[a] - ranked[b]);
      if (drivers) drivers->add(pending_drivers);
      if (sensitivity) sensitivity->add(r.item / V, pending);
    }
  }

  /// The differences' interval at `level`.
  Interval diff_ci_at(std::size_t v, std::size_t k, double level) const {
    return difference_interval(diff[v * n_out + k], pairs[v * n_out + k], scales[k], level);
  }

  /// Once every run is in: the level of each difference's interval, per outcome the V - 1 comparisons with the
  /// baseline taken as one family (multiplicity.hpp).
  void adjust_levels(Adjust a) {
    for (std::size_t k = 0; k < n_out; ++k) {
      std::vector<double> p, distance;  // distance: from 0, in half-widths of the 95% interval (Holm's tie-break)
      for (std::size_t v = 0; v < V; ++v) {
        if (v == base) continue;
        p.push_back(implied_p_value([&](double level) { return diff_ci_at(v, k, level); }));
        const Interval ci = diff_ci_at(v, k, 0.95);
        const double d = diff[v * n_out + k].mean(), half = d > 0 ? d - ci.low : ci.high - d;
        distance.push_back(half > 0 ? std::fabs(d) / half : std::fabs(d) > 0 ? HUGE_VAL : 0);
      }
      const std::vector<double> l = comparison_levels(p, a, 0.05, distance);
      for (std::size_t v = 0, i = 0; v < V; ++v)
        if (v != base) levels[v * n_out + k] = l[i++];
    }
  }

  /// The paired differences of the ranking outcome between variants a and b, run by run: min(a, b)'s less
  /// max(a, b)'s.
  const Moments& neighbours(std::size_t a, std::size_t b) const { return between[std::min(a, b) * V + std::max(a, b)]; }

  /// The interval of variant v's mean of outcome k, and of its difference to the baseline.
  Interval level_ci(std::size_t v, std::size_t k) const { return mean_interval(level[v * n_out + k], scales[k]); }
  /// The baseline's difference to itself is 0 by construction, not an estimate: [0, 0].
  Interval diff_ci(std::size_t v, std::size_t k) const {
    return v == base ? Interval{} : diff_ci_at(v, k, levels[v * n_out + k]);
  }
  /// The practical threshold of outcome k's differences: as given, else default_threshold.
  double threshold(std::size_t k, const std::string& name, const ExperimentOptions& o) const {
    const auto given = o.thresholds.find(name);
    return given != o.thresholds.end() ? given->second : default_threshold(scales[k], level[base * n_out + k].mean());
  }
};

/// compare_summary.csv: per variant and outcome, the mean and the paired difference, each with its interval, the
/// baseline, the difference's practical threshold, and whether it differs (its interval excludes 0 and its size
/// is above the threshold: 1, else 0).
Table summary_table(const CompareStats& c, const std::vector<std::string>& variants,
                    const std::vector<std::string>& outcomes, const ExperimentOptions& o) {
  Table t({"variant", "outcome", "n", "mean", "ci_low", "ci_high", "diff", "diff_ci_low", "diff_ci_high", "baseline",
           "threshold", "differs"});
  for (std::size_t v = 0; v < c.V; ++v)
    for (std::size_t k = 0; k < c.n_out; ++k) {
      const Moments& l = c.level[v * c.n_out + k];
      const Moments& d = c.diff[v * c.n_out + k];
      const Interval lc = c.level_ci(v, k), dc = c.diff_ci(v, k);
      const double threshold = c.threshold(k, outcomes[k], o);
      const bool differ = v != c.base && differs(d.mean(), dc, threshold);
      t.add_row(std::vector<Cell>{Cell::str(variants[v]), Cell::str(outcomes[k]),
                                  Cell::whole(static_cast<std::int64_t>(l.count())), Cell::num(l.mean()),
                                  Cell::num(lc.low), Cell::num(lc.high), Cell::num(d.mean()), Cell::num(dc.low),
                                  Cell::num(dc.high), Cell::str(variants[c.base]), Cell::num(threshold),
                                  Cell::whole(differ ? 1 : 0)});
    }
  return t;
}

/// compare_robust.csv: per variant, on the ranking outcome, the paired difference to the baseline with its
/// interval, the probability of being best (ties share a run) and of beating the baseline (with Wilson's
/// interval), and the mean and maximum regret against the best variant of the same run.
Table robust_table(const CompareStats& c, const std::vector<std::string>& variants,
                   const std::vector<std::string>& outcomes) {
  Table t({"variant", "outcome", "runs", "mean", "diff", "diff_ci_low", "diff_ci_high", "p_best", "p_beats_baseline",
           "p_beats_low", "p_beats_high", "mean_regret", "max_regret"});
  const std::size_t k = c.rank_k;
  for (std::size_t v = 0; v < c.V; ++v) {
    const Moments& d = c.diff[v * c.n_out + k];
    const Interval dc = c.diff_ci(v, k);
    // The baseline cannot beat itself: its share is 0 by construction, not an estimate with an interval.
    const Interval pb = v == c.base ? Interval{0, 0} : wilson_interval(c.robust.beats_count(v), c.robust.runs());
    t.add_row(std::vector<Cell>{Cell::str(variants[v]), Cell::str(outcomes[k]),
                                Cell::whole(static_cast<std::int64_t>(c.robust.runs())),
                                Cell::num(c.level[v * c.n_out + k].mean()), Cell::num(d.mean()), Cell::num(dc.low),
                                Cell::num(dc.high), Cell::num(c.robust.p_best(v)),
                                Cell::num(c.robust.p_beats_baseline(v)), Cell::num(pb.low), Cell::num(pb.high),
                                Cell::num(c.robust.mean_regret(v)), Cell::num(c.robust.max_regret(v))});
  }
  return t;
}

/// compare_trends.csv: per variant, step and trend metric, the mean and the percentiles.
Table trends_table(const CompareStats& c, const Scenario& sc, const std::vector<std::string>& variants,
                   const std::vector<MetricRef>& metrics) {
  Table t({"variant", "step", "year", "metric", "mean", "p5", "p25", "p50", "p75", "p95"});
  std::vector<Cell> row;
  for (std::size_t v = 0; v < c.V; ++v)
    for (std::size_t step = 0; step < c.T; ++step)
      for (std::size_t m = 0; m < c.M; ++m) {
        const Summary& x = c.trend[(v * c.T + step) * c.M + m];
        row = {Cell::str(variants[v]), Cell::whole(static_cast<std::int64_t>(step)),
               Cell::num(sc.year_of(static_cast<int>(step))), Cell::str(metrics[m].name),
               Cell::num(x.moments().mean())};
        for (double q : x.quantiles()) row.push_back(Cell::num(q));
        t.add_row(row);
      }
  return t;
}

/// The criterion that orders the printed table: as given, else regret for an uncertain comparison, else mean.
std::string rank_criterion(const ExperimentOptions& o) {
  if (!o.rank_criterion.empty()) return o.rank_criterion;
  return o.uncertain ? "regret" : "mean";
}

std::string criterion_text(const std::string& c) {
  if (c == "regret") return "mean regret";
  if (c == "max-regret") return "maximum regret";
  if (c == "p-best") return "probability of being best";
  return c;
}

/// What the table is ranked by and which way: `Variants ranked by tension_final (lower is better)` for the mean,
/// whose order is the outcome's; for the others, which end of the criterion ranks first, then which way the outcome
/// is better (`Variants ranked by probability of being best on tension_final (highest P(best) first; lower
/// tension_final is better)`): a regret is lowest first and P(best) highest first whichever way that is.
std::string ranking_title(const std::string& criterion, const std::string& outcome, bool lower_is_better) {
  const std::string better = lower_is_better ? "lower" : "higher";
  if (criterion == "mean") return "Variants ranked by " + outcome + " (" + better + " is better)";
  const std::string first = criterion == "p-best" ? "highest P(best) first"
                            : criterion == "max-regret" ? "lowest maximum regret first"
                                                        : "lowest mean regret first";
  return "Variants ranked by " + criterion_text(criterion) + " on " + outcome + " (" + first + "; " + better + " " +
         outcome + " is better)";
}

/// Four significant digits, for regrets.
std::string sig(double x) {
  std::ostringstream s;
  s << std::setprecision(4) << x;
  return s.str();
}

/// A note for each pair of neighbours in the ranking whose paired difference on the ranking outcome has an
/// interval holding 0 (at 95%, or at Bonferroni's level for the V - 1 comparisons with --adjust), with the runs
/// that would separate them (runs_to_separate, 80% power), or, when their difference is within the practical
/// `threshold` (its whole interval), that more runs would not make it count; a mean difference within the threshold
/// whose interval reaches past it gets the runs and a word that a difference that size would not count. Empty
/// when every neighbour is separated.
std::string neighbour_notes(const CompareStats& c, const std::vector<std::string>& variants,
                            const std::vector<std::size_t>& order, const ExperimentOptions& o, double threshold) {
  const double level = o.adjust == Adjust::None || c.V < 3 ? 0.95 : 1 - 0.05 / static_cast<double>(c.V - 1);
  std::ostringstream out;
  for (std::size_t i = 0; i + 1 < c.V; ++i) {
    const std::size_t a = order[i], b = order[i + 1];
    const Moments& m = c.neighbours(a, b);
    const double sign = a < b ? 1 : -1, h = m.ci_halfwidth(level);
    // A mean below a ten-millionth of the spread is the rounding of summing the runs (differences of +x and -x
    // leave 3e-19), not a difference: it is 0, which no number of runs separates.
    const double d = std::fabs(m.mean()) <= 1e-7 * m.sd() ? 0.0 : sign * m.mean();
    if (m.sd() == 0 || std::fabs(d) > h) continue;  // identical in every run, or separated
    if (out.tellp() == 0)
      out << "\nNeighbours not separated (" << fixed(100 * level, 1) << "% interval of their paired difference on "
          << o.rank_by << " holds 0):\n";
    out << "  ranks " << i + 1 << " and " << i + 2 << " (" << variants[a] << " less " << variants[b]
        << "): " << difference_text(d, Interval{d - h, d + h});
    // Runs that would only make sure of a difference too small to count would be spent for nothing.
    if (d != 0 && std::fabs(d) + h <= threshold)  // the whole interval within the threshold, not only the mean
      out << "; within the threshold " << fmt(threshold) << ", so more runs would not make it count";
    else if (const auto n = runs_to_separate(m.sd(), d, level, m.count())) {
      out << "; about " << *n << " runs would separate them";
      // The count assumes the difference is as estimated; a separated difference that size would not count.
      if (std::fabs(d) <= threshold) out << ", but a difference this size is within the threshold " << fmt(threshold);
    } else {
      out << "; no number of runs would: their mean difference is 0";
    }
    out << "\n";
  }
  return out.str();
}

/// The readable table: variants ranked on the chosen outcome, best first, with the paired differences; a note on
/// each that does not differ: "not distinguishable" (its interval holds 0), "identical in every run" (0 in every
/// run), or "within the threshold T" (its size is at most the practical threshold).
std::vector<std::size_t> rank_order(const CompareStats& c, const ExperimentOptions& o) {
  const std::size_t k = c.rank_k;
  const bool lower = c.lower;
  const std::string criterion = rank_criterion(o);
  std::vector<std::size_t> order(c.V);
  for (std::size_t v = 0; v < c.V; ++v) order[v] = v;
  // Best first; ties on the criterion (P(best) 0 for most variants) are broken by mean regret, then by the
  // mean, so that the order never contradicts the other columns; full ties keep the order of the variants.
  // Every key is compared as the files write it (ten significant digits): regrets that are equal but for the
  // rounding of their sums (32/66 reached by different subtractions) tie, and tools/plot.py, which reads the
  // files, orders the variants as this table does.
  auto written = [](double x) { return std::stod(fmt(x)); };
  auto mean_key = [&](std::size_t v) {
    const double mean = written(c.level[v * c.n_out + k].mean());
    return lower ? mean : -mean;
  };
  auto key = [&](std::size_t v) {
    if (criterion == "regret") return written(c.robust.mean_regret(v));
    if (criterion == "max-regret") return written(c.robust.max_regret(v));
    if (criterion == "p-best") return -written(c.robust.p_best(v));
    return mean_key(v);
  };
  auto keys = [&](std::size_t v) { return std::make_tuple(key(v), written(c.robust.mean_regret(v)), mean_key(v)); };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return keys(a) < keys(b); });
  return order;
}

std::string ranking(const CompareStats& c, const std::vector<std::string>& variants,
                    const std::vector<std::string>& outcomes, const ExperimentOptions& o,
                    const std::vector<std::size_t>& order) {
  const std::size_t k = c.rank_k;
  const bool lower = c.lower;
  const double threshold = c.threshold(k, outcomes[k], o);
  const std::string criterion = rank_criterion(o);
  std::ostringstream out;
  std::size_t width = 8;
  for (const auto& n : variants) width = std::max(width, n.size());
  const std::string& base = variants[c.base];
  const bool robust = o.uncertain || criterion != "mean";
  out << ranking_title(criterion, o.rank_by, lower) << ", " << o.runs << " runs each"
      << (o.uncertain ? " with uncertain values drawn" : "") << ", paired with " << base
      << "; a difference counts above " << fmt(threshold) << ":\n\n";
  out << "  rank  " << std::left << std::setw(static_cast<int>(width)) << "variant"
      << "  mean     95% CI             "
      << (robust ? "  P(best)  P(beats)  regret mean    max     " : "") << "  vs " << base << " ("
      << (o.adjust == Adjust::None ? "95%" : o.adjust == Adjust::Holm ? "Holm" : "Bonferroni") << " CI)\n";
  for (std::size_t i = 0; i < c.V; ++i) {
    const std::size_t v = order[i];
    const Moments& l = c.level[v * c.n_out + k];
    const Moments& d = c.diff[v * c.n_out + k];
    const Interval lc = c.level_ci(v, k), dc = c.diff_ci(v, k);
    out << "  " << std::right << std::setw(4) << i + 1 << "  " << std::left << std::setw(static_cast<int>(width))
        << variants[v] << "  " << fixed(l.mean(), 4) << "  [" << fixed(lc.low, 4) << ", " << fixed(lc.high, 4) << "]  ";
    if (robust)
      out << std::right << std::setw(7) << fixed(c.robust.p_best(v), 3) << "  " << std::setw(8)
          << fixed(c.robust.p_beats_baseline(v), 3) << "  " << std::setw(11) << sig(c.robust.mean_regret(v)) << "  "
          << std::setw(9) << sig(c.robust.max_regret(v)) << "  " << std::left;
    if (v == c.base) {
      out << "baseline";
    } else {
      out << difference_text(d.mean(), dc);
      if (!differs(d.mean(), dc, threshold)) {
        if (d.mean() == 0 && d.sd() == 0) out << "  (identical in every run)";
        else if (dc.holds(0)) out << "  (not distinguishable)";
        else out << "  (within the threshold " << fmt(threshold) << ")";
      }
    }
    out << "\n";
  }
  out << neighbour_notes(c, variants, order, o, threshold);
  return out.str();
}

}  // namespace

ExperimentReport run_compare(const std::vector<Scenario>& variants, const std::string& scenario_path,
                             const ExperimentOptions& o) {
  Batch b;
  for (const auto& v : variants) {
    b.plan.variants.push_back(&v);
    b.plan.variant_names.push_back(v.variant.empty() ? "base" : v.variant);
  }
  const Scenario& sc = variants.front();
  plan_batch(b, sc, o, "compare_runs.csv");
  b.describe = [&b](std::uint64_t item) {
    const auto [v, run] = b.plan.locate(item);
    return "run " + std::to_string(run) + " of variant " + b.plan.variant_names[v];
  };

  const std::size_t V = variants.size();
  std::size_t base = 0;
  for (std::size_t v = 0; v < V; ++v)
    if (b.plan.variant_names[v] == o.baseline) base = v;
  std::size_t rank_k = 0;
  while (rank_k < b.outcome_names.size() && b.outcome_names[rank_k] != o.rank_by) ++rank_k;
  // rank_by was checked against the outcomes the batch can rank by: one it does not make is a bug here.
  if (rank_k == b.outcome_names.size()) throw std::logic_error("compare: no outcome " + o.rank_by + " to rank by");
  // Which end is better: as asked (--better, outcomes.better, Python's better=), else the outcome's own; the
  // callers refused an outcome of neither kind without one.
  const Better better = ranking_end(sc, o.rank_by, o.better);
  if (better == Better::Neither) throw std::logic_error("compare: which end of " + o.rank_by + " is better");
  const bool lower = better == Better::Lower;
  CompareStats stats(V, b.outcome_scales, static_cast<std::size_t>(sc.steps + 1), b.plan.metrics.size(), base,
                     rank_k, lower);
  b.plan.drivers = o.explain;
  if (o.explain) {
    stats.drivers.emplace(sc, V, base);
    b.n_dr = driver_value_count(sc);
  }
  auto consume = [&](const RunResult& r) { stats.add(r); };
  // Uncertain values: drawn per run, each an input of experiments.csv and a column of compare_runs.csv.
  std::vector<std::string> columns;
  if (o.uncertain) {
    columns = plan_uncertain(b, variants, o);
    stats.sensitivity.emplace(b.plan.variants, columns, b.outcome_names.size(), base, o.runs);
  }
  auto drawn = b.inputs;
  b.run_key_names = {"variant", "run"};
  b.run_key_names.insert(b.run_key_names.end(), columns.begin(), columns.end());
  b.run_key = [&b, drawn, V](std::uint64_t item) {
    std::vector<Cell> key{Cell::str(b.plan.variant_names[item % V]), Cell::whole(static_cast<std::int64_t>(item / V))};
    for (Cell& c : drawn(item)) key.push_back(std::move(c));
    return key;
  };
  std::vector<std::string> files = {"compare_summary.csv", "compare_robust.csv", "compare_trends.csv",
                                    "compare_runs.csv",    "experiments.csv",    "manifest.json"};
  if (o.explain) files.insert(files.begin() + 3, "compare_drivers.csv");
  if (o.uncertain) files.insert(files.end() - 3, "compare_sensitivity.csv");
  if (o.keep_runs)
    for (const auto& f : runs_files()) files.push_back(f);
  auto tables = [&] {
    std::vector<NamedTable> t;
    stats.adjust_levels(o.adjust);
    t.emplace_back("compare_summary.csv", summary_table(stats, b.plan.variant_names, b.outcome_names, o));
    t.emplace_back("compare_robust.csv", robust_table(stats, b.plan.variant_names, b.outcome_names));
    t.emplace_back("compare_trends.csv", trends_table(stats, sc, b.plan.variant_names, b.plan.metrics));
    if (stats.drivers) t.emplace_back("compare_drivers.csv", stats.drivers->table(b.plan.variant_names));
    if (stats.sensitivity)
      t.emplace_back("compare_sensitivity.csv", stats.sensitivity->table(b.plan.variant_names, b.outcome_names));
    return t;
  };
  auto manifest = [&](std::ostream& os) {
    write_batch_manifest(os, "compare", sc, scenario_path, b.plan.variant_names, o, files, b.outcome_names,
                         b.plan.metrics, declared_inputs(columns, variants));
  };
  ExperimentReport rep = execute(b, "compare", o, consume, tables, manifest);
  if (rep.interrupted || o.par.rank != 0) return rep;
  const std::vector<std::size_t> order = rank_order(stats, o);
  rep.summary = ranking(stats, b.plan.variant_names, b.outcome_names, o, order);
  for (const std::size_t v : order) rep.ranked.push_back(b.plan.variant_names[v]);
  if (stats.drivers) {
    const std::string q = stats.drivers->quantity_of(o.rank_by);
    rep.summary += "\n" + stats.drivers->why(q.empty() ? "tension" : q, q.empty() ? "tension_final" : o.rank_by,
                                              b.plan.variant_names, order);
  }
  if (stats.sensitivity)
    if (V > 1)  // a difference to screen needs a variant besides the baseline
      rep.summary += "\n" + stats.sensitivity->summary(rank_k, b.plan.variant_names, b.outcome_names, order);
  return rep;
}

}  // namespace statecraft
