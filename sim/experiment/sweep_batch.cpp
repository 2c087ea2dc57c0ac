// The sweep command (`sweep`): every point of a design checked, then run R times as a batch with common
// random numbers, summarised per point; Sobol indices for the Sobol design. The designs and the indices
// themselves are in sweep.cpp.
#include "statecraft/experiment/sweep.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "statecraft/experiment/stats.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/scenario/error.hpp"
#include "batch_execute.hpp"

namespace statecraft {
namespace {

/// `path=value, ...` of design point `p`.
std::string point_text(const SweepSpec& spec, const std::vector<double>& point) {
  std::string where;
  for (std::size_t i = 0; i < spec.params.size(); ++i)
    where += (where.empty() ? "" : ", ") + spec.params[i].path + "=" + fmt(point[i]);
  return where;
}

/// Every design point must be a valid scenario before any runs: loads them all, on `jobs` threads, and
/// throws the problems of the first invalid point.
void check_every_point(const SweepSpec& spec, const std::vector<std::vector<double>>& points, int jobs) {
  std::mutex mu;
  std::size_t first_bad = points.size();
  std::vector<Diagnostic> problems;
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    LoadOptions lo = spec.load;
    lo.check_all_variants = false;
    for (std::size_t p = next++; p < points.size(); p = next++) {
      {
        std::lock_guard lock(mu);
        if (p > first_bad) return;
      }
      lo.overrides.clear();
      for (std::size_t i = 0; i < spec.params.size(); ++i) lo.overrides.emplace_back(spec.params[i].path, points[p][i]);
      try {
        load_scenario(spec.file, lo);
      } catch (const ScenarioError& e) {
        std::lock_guard lock(mu);
        if (p < first_bad) {
          first_bad = p;
          problems = e.diagnostics();
        }
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < std::max(1, jobs); ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  if (first_bad == points.size()) return;
  problems.push_back(Diagnostic{Mark{"--param", 0, 0}, "",
                                "the scenario is invalid at design point " + std::to_string(first_bad) + " (" +
                                    point_text(spec, points[first_bad]) +
                                    "), as above (expected ranges that keep every point valid)"});
  throw ScenarioError(problems);
}

/// The scenario at the low and at the high end of every range must be valid: checked before the design's
/// points, so that a range that is wrong as a whole is named as such.
void check_corners(const SweepSpec& spec) {
  LoadOptions lo = spec.load;
  lo.check_all_variants = false;
  for (int corner = 0; corner < 2; ++corner) {
    lo.overrides.clear();
    std::string where;
    for (const auto& p : spec.params) {
      lo.overrides.emplace_back(p.path, corner ? p.hi : p.lo);
      where += (where.empty() ? "" : ", ") + p.path + "=" + fmt(corner ? p.hi : p.lo);
    }
    try {
      load_scenario(spec.file, lo);
    } catch (const ScenarioError& e) {
      auto diags = e.diagnostics();
      diags.push_back(Diagnostic{Mark{"--param", 0, 0}, "",
                                 std::string("the scenario is invalid at the ") + (corner ? "high" : "low") +
                                     " end of the ranges (" + where + "), as above (expected ranges that keep it valid)"});
      throw ScenarioError(diags);
    }
  }
}

const char* design_name(Design d) { return d == Design::Grid ? "grid" : d == Design::Lhs ? "lhs" : "sobol"; }

/// sweep.csv: per point, its values, the runs, and each outcome's mean with its 95% interval.
Table sweep_table(const SweepSpec& spec, const std::vector<std::vector<double>>& points,
                  const std::vector<std::string>& outcomes, const std::vector<Moments>& stats, std::uint64_t runs) {
  const std::size_t n_out = outcomes.size();
  std::vector<std::string> names = {"point"};
  for (const auto& p : spec.params) names.push_back(p.path);
  names.push_back("runs");
  for (const auto& n : outcomes)
    for (const char* part : {"_mean", "_ci_low", "_ci_high"}) names.push_back(n + part);
  Table t(std::move(names));
  std::vector<Cell> row;
  for (std::size_t p = 0; p < points.size(); ++p) {
    row = {Cell::whole(static_cast<std::int64_t>(p))};
    for (double x : points[p]) row.push_back(Cell::num(x));
    row.push_back(Cell::whole(static_cast<std::int64_t>(runs)));
    for (std::size_t k = 0; k < n_out; ++k) {
      const Moments& m = stats[p * n_out + k];
      const double h = m.ci_halfwidth();
      for (double x : {m.mean(), m.mean() - h, m.mean() + h}) row.push_back(Cell::num(x));
    }
    t.add_row(row);
  }
  return t;
}

/// sobol.csv: per outcome and parameter, the first-order and total indices of the points' means.
Table sobol_table(const SweepSpec& spec, std::size_t n_points, const std::vector<std::string>& outcomes,
                  const std::vector<Moments>& stats, std::uint64_t seed) {
  const std::size_t n_out = outcomes.size();
  Table t({"outcome", "param", "first_order", "first_low", "first_high", "total", "total_low", "total_high"});
  for (std::size_t k = 0; k < n_out; ++k) {
    std::vector<double> f(n_points);
    for (std::size_t p = 0; p < n_points; ++p) f[p] = stats[p * n_out + k].mean();
    const auto idx = sobol_indices(f, spec.samples, spec.params.size(), spec.bootstrap, seed);
    for (std::size_t i = 0; i < spec.params.size(); ++i)
      t.add_row(std::vector<Cell>{Cell::str(outcomes[k]), Cell::str(spec.params[i].path), Cell::num(idx[i].first),
                                  Cell::num(idx[i].first_low), Cell::num(idx[i].first_high), Cell::num(idx[i].total),
                                  Cell::num(idx[i].total_low), Cell::num(idx[i].total_high)});
  }
  return t;
}

/// The manifest's "variants" of a sweep: each parameter's range (with its points on a grid), then the design.
std::vector<std::string> manifest_names(const SweepSpec& spec) {
  std::vector<std::string> names;
  for (const auto& p : spec.params)
    names.push_back(p.path + "=" + fmt(p.lo) + ":" + fmt(p.hi) +
                    (spec.design == Design::Grid ? ":" + std::to_string(p.n) : ""));
  names.push_back(std::string("design=") + design_name(spec.design));
  return names;
}

/// The batch spec's "variants" of a sweep: what --resume must find the same (parameters, design, samples).
std::vector<std::string> spec_names(const SweepSpec& spec) {
  std::vector<std::string> names;
  for (const auto& p : spec.params)
    names.push_back(p.path + "=" + fmt(p.lo) + ":" + fmt(p.hi) + ":" + std::to_string(p.n));
  names.push_back(std::string(design_name(spec.design)) + " " + std::to_string(spec.samples));
  return names;
}

/// The batch of a sweep: point-major items, each point's scenario loaded by the worker that runs it.
void plan_sweep(Batch& b, const SweepSpec& spec, const std::vector<std::vector<double>>& points,
                const Scenario& base, const ExperimentOptions& o) {
  const std::string file = spec.file;
  const LoadOptions load = spec.load;
  const auto params = spec.params;
  b.plan.make_point = [file, load, params, points](std::size_t p) {
    LoadOptions lo = load;
    lo.check_all_variants = false;
    for (std::size_t i = 0; i < params.size(); ++i) lo.overrides.emplace_back(params[i].path, points[p][i]);
    return load_scenario(file, lo);
  };
  b.plan.points = points.size();
  b.plan.runs = o.runs;
  b.plan.metrics = trend_metrics(base, o.metrics);
  b.outcome_names = outcome_names(b.plan.metrics, b.plan.builtin_trends);
  b.n_out = b.outcome_names.size();
  b.n_tr = 0;
  b.appendable = {};
  b.plan.variant_names = spec_names(spec);
  b.plan.variants = {&base};  // for the batch spec only (sources, seed, steps)
}

}  // namespace

ExperimentReport run_sweep(const SweepSpec& spec, const ExperimentOptions& o) {
  const Scenario base = load_scenario(spec.file, spec.load);
  const auto points = design_points(spec.params, spec.design, spec.samples, base.seed);
  // Every point must be a valid scenario: the corners of the ranges, then every point, before anything runs.
  check_corners(spec);
  check_every_point(spec, points, o.par.jobs);
  Batch b;
  plan_sweep(b, spec, points, base, o);
  b.describe = [&b, &spec, &points](std::uint64_t item) {
    const auto [p, run] = b.plan.locate(item);
    return "point " + std::to_string(p) + " (" + point_text(spec, points[p]) + "), run " + std::to_string(run);
  };
  std::vector<Moments> stats(points.size() * b.n_out);
  auto consume = [&](const RunResult& r) {
    const std::size_t p = b.plan.locate(r.item).first;
    for (std::size_t k = 0; k < b.n_out; ++k) stats[p * b.n_out + k].add(r.outcomes[k]);
  };
  std::vector<std::string> files = {"sweep.csv", "manifest.json"};
  if (spec.design == Design::Sobol) files.insert(files.begin() + 1, "sobol.csv");
  auto tables = [&] {
    std::vector<NamedTable> t;
    t.emplace_back("sweep.csv", sweep_table(spec, points, b.outcome_names, stats, o.runs));
    if (spec.design == Design::Sobol)
      t.emplace_back("sobol.csv", sobol_table(spec, points.size(), b.outcome_names, stats, base.seed));
    return t;
  };
  auto manifest = [&](std::ostream& os) {
    write_batch_manifest(os, "sweep", base, spec.file, manifest_names(spec), o, files, b.outcome_names,
                         b.plan.metrics);
  };
  ExperimentReport rep = execute(b, "sweep", o, consume, tables, manifest);
  b.plan.variants.clear();
  if (!rep.interrupted && o.par.rank == 0)
    rep.summary = std::to_string(points.size()) + " points x " + std::to_string(o.runs) + " runs (" +
                  design_name(spec.design) + ")";
  return rep;
}

}  // namespace statecraft
