// The sweep command (`sweep`): every point of a design checked, then run R times as a batch with common
// random numbers, summarised per point; Sobol indices for the Sobol design. The designs and the indices
// themselves are in sweep.cpp.
#include "statecraft/experiment/sweep.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <iomanip>
#include <sstream>
#include <mutex>
#include <thread>

#include "statecraft/experiment/held_values.hpp"
#include "statecraft/experiment/stats.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/scenario/error.hpp"
#include "statecraft/scenario/paths.hpp"
#include "batch_execute.hpp"
#include "statecraft/util/counted.hpp"

namespace statecraft {
namespace {

/// `path=value, ...` of design point `p`.
std::string point_text(const SweepSpec& spec, const std::vector<double>& point) {
  std::string where;
  for (std::size_t i = 0; i < spec.params.size(); ++i)
    where += (where.empty() ? "" : ", ") + spec.params[i].path + "=" + fmt(point[i]);
  return where;
}

/// How point `p` (at `point`) loads: the sweep's options with the --set values, then the point's, each marked
/// where it was given (a design file's row and column, else --param).
LoadOptions point_options(const SweepSpec& spec, const std::vector<double>& point, std::size_t p) {
  LoadOptions lo = spec.load;
  lo.check_all_variants = false;
  lo.override_marks.resize(lo.overrides.size(), Mark{"--param", 0, 0});
  for (std::size_t i = 0; i < spec.params.size(); ++i) {
    lo.overrides.emplace_back(spec.params[i].path, point[i]);
    lo.override_marks.push_back(spec.design == Design::File ? spec.file_design.marks[p][i] : Mark{"--param", 0, 0});
  }
  return lo;
}

/// Every design point must be a valid scenario before any runs: loads them all, on `jobs` threads, and
/// throws the problems of the first invalid point. A large design takes a while: the caller's thread reports
/// progress (none done) between its points, where the Python module checks for Ctrl-C, and a stop (a signal)
/// ends the checks with Interrupted.
void check_every_point(const SweepSpec& spec, const std::vector<std::vector<double>>& points,
                       const ExperimentOptions& o) {
  const int jobs = o.par.jobs;
  // A design file's values are each marked where they are written: every bad point is reported, at its row.
  const bool every = spec.design == Design::File;
  std::mutex mu;
  std::size_t first_bad = points.size();
  std::vector<Diagnostic> problems;
  std::vector<std::vector<Diagnostic>> of_point(every ? points.size() : 0);
  std::atomic<std::size_t> next{0};
  // Under MPI a signal may reach one rank and not another: the ranks check alike and stop together in the batch
  // itself, whose protocol ends every rank; a rank leaving here alone would leave the others waiting for it.
  const bool may_stop = o.par.size <= 1;
  const auto stopped = [&] { return may_stop && o.stop && o.stop->load(); };
  auto work = [&](bool caller) {
    for (std::size_t p = next++; p < points.size() && !stopped(); p = next++) {
      if (caller && o.on_progress) o.on_progress(0, points.size() * o.runs);
      {
        std::lock_guard lock(mu);
        if (p > first_bad && !every) return;
      }
      try {
        load_scenario(spec.file, point_options(spec, points[p], p));
      } catch (const ScenarioError& e) {
        std::lock_guard lock(mu);
        if (every) of_point[p] = e.diagnostics();
        if (p < first_bad) {
          first_bad = p;
          problems = e.diagnostics();
        }
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < std::max(1, jobs); ++t) threads.emplace_back(work, false);
  work(true);
  for (auto& t : threads) t.join();
  if (stopped()) throw Interrupted("interrupted while checking the design's points (nothing was run)");
  if (every) {  // the rows that were no points too, every problem in the order of the file's lines
    std::vector<Diagnostic> found = spec.file_design.row_problems;
    for (const auto& diags : of_point) found.insert(found.end(), diags.begin(), diags.end());
    std::stable_sort(found.begin(), found.end(), [&](const Diagnostic& a, const Diagnostic& b) {
      const bool a_here = a.mark.file == spec.file_design.name, b_here = b.mark.file == spec.file_design.name;
      if (a_here != b_here) return b_here;  // the scenario's own problems, if any, first
      return a_here && a.mark.line < b.mark.line;
    });
    Diagnostics all;
    for (const auto& d : found) all.add(d.mark, d.path, d.message);
    all.throw_if_any();
  }
  if (first_bad == points.size()) return;
  problems.push_back(Diagnostic{Mark{"--param", 0, 0}, "",
                                "the scenario is invalid at design point " + std::to_string(first_bad) + " (" +
                                    point_text(spec, points[first_bad]) +
                                    "), as above (expected ranges that keep every point valid)"});
  throw ScenarioError(problems);
}

/// Whether every swept path names a value the scenario has. When one does not, its own message says all there
/// is to say, whatever the range.
bool every_swept_path_is_known(const SweepSpec& spec) {
  LoadOptions lo = spec.load;
  lo.overrides.clear();
  lo.override_marks.clear();
  lo.check_all_variants = false;
  try {
    std::vector<std::string> paths;
    for (const SweepParam& p : spec.params) paths.push_back(p.path);
    return names_every_path(paths, path_names(load_scenario(spec.file, lo)));
  } catch (const ScenarioError&) {
    return true;  // the scenario's own problems: the corner's load reported them
  }
}

/// `PATH=LO:HI` as the command line gives it, with `:N` on a grid; a grid's N left to its default is said as
/// such, since the points it makes are what the message is about.
std::string param_text(const SweepParam& p, Design design) {
  const std::string range = p.path + "=" + fmt(p.lo) + ":" + fmt(p.hi);
  if (design != Design::Grid) return range;
  return p.n_given ? range + ":" + std::to_string(p.n)
                   : range + " (a grid of " + std::to_string(p.n) + " points by default)";
}

const char* design_name(Design d);

/// "an lhs design", "a sobol design".
std::string a_design(Design d) { return std::string(d == Design::Lhs ? "an " : "a ") + design_name(d) + " design"; }

/// A switch takes 0 and 1 only: a grid of them is PATH=0:1:2, and an lhs or sobol design, which draws between
/// them, cannot sweep one. Empty when `p` is such a grid.
std::string switch_problem(const SweepParam& p, Design design) {
  const std::string grid = p.path + "=0:1:2";
  const std::string only = param_text(p, design) + ": a switch takes 0 and 1 only";
  if (design == Design::Grid) return p.lo == 0 && p.hi == 1 && p.n == 2 ? "" : only + " (expected " + grid + ")";
  return only + ", and " + a_design(design) + " draws between them (expected " + grid +
         " with --design grid, or the switch held with --set)";
}

/// A calendar year set from outside must be one the run steps on (check_override_years in the loader): a grid's
/// points must fall on them, and an lhs or sobol design, which draws between them, cannot sweep one.
std::string year_problem(const Scenario& sc, const SweepParam& p, Design design) {
  const double first = sc.year_of(0), last = sc.year_of(sc.steps);
  if (design != Design::Grid) {
    if (p.hi <= first || p.lo >= last) return "";  // outside the run: every draw acts alike
    return param_text(p, design) + ": " + a_design(design) + " draws years between those the run steps on " +
           "(expected a grid, " + p.path + "=LO:HI:N, whose points are years of the run: " + run_years_text(sc) +
           ")";
  }
  std::vector<std::string> off;
  for (int i = 0; i < p.n; ++i) {
    const double x = p.lo + (p.hi - p.lo) * static_cast<double>(i) / static_cast<double>(p.n - 1);
    if (between_run_years(sc, x)) off.push_back(fmt(x));
  }
  if (off.empty()) return "";
  const std::string listed =  // the first and the last, "..." between them when there are more
      off.size() == 1 ? off.front() : off.front() + (off.size() > 2 ? ", ... and " : " and ") + off.back();
  // When LO and HI are years of the run, the N that steps through each of them.
  std::string example;
  const double span = (p.hi - p.lo) / sc.dt;
  if (!between_run_years(sc, p.lo) && !between_run_years(sc, p.hi) && std::fabs(span - std::round(span)) < 1e-9 &&
      span >= 1 && span < 10000)
    example = "; e.g. " + p.path + "=" + fmt(p.lo) + ":" + fmt(p.hi) + ":" +
              std::to_string(static_cast<int>(std::round(span)) + 1);
  return param_text(p, design) + ": the grid's point" + (off.size() > 1 ? "s " : " ") + listed + " fall" +
         (off.size() > 1 ? "" : "s") + " between the years the run steps on (expected points on them: " +
         run_years_text(sc) + example + ")";
}

/// What the kind of value each --param names rules out, all at once: a switch anywhere but on 0 and 1 and a
/// year between the run's steps (thrown here), and any value at all for a conditional policy's coefficient
/// (returned, for check_corners to say with the other paths' problems, and not as a range that is invalid at
/// its low end). A path the scenario does not have is left to the corners' load, which names it.
std::vector<Diagnostic> check_swept_kinds(const SweepSpec& spec, const Scenario& base) {
  const PathNames names = path_names(base);
  std::vector<Diagnostic> problems, no_value;
  for (const auto& p : spec.params) {
    std::vector<std::string> unused;
    const auto path = parse_value_path(p.path, names, PathUse::Override, unused);
    if (!path) continue;
    if (const std::string why = conditional_coefficient_problem(base, *path); !why.empty()) {
      no_value.push_back(Diagnostic{Mark{"--param", 0, 0}, p.path, why});
      continue;
    }
    const std::string problem = is_switch(*path)           ? switch_problem(p, spec.design)
                                : is_calendar_year(*path) ? year_problem(base, p, spec.design)
                                                          : "";
    if (!problem.empty()) problems.push_back(Diagnostic{Mark{"--param", 0, 0}, "", problem});
  }
  if (!problems.empty()) {
    problems.insert(problems.begin(), no_value.begin(), no_value.end());
    throw ScenarioError(problems);
  }
  return no_value;
}

/// The scenario at the low and at the high end of every range must be valid: checked before the design's
/// points, so that a range that is wrong as a whole is named as such. The paths `refused` names (a conditional
/// policy's coefficient) are left out of the corners and said with their problems.
void check_corners(const SweepSpec& spec, const std::vector<Diagnostic>& refused) {
  const auto is_refused = [&](const std::string& path) {
    return std::any_of(refused.begin(), refused.end(), [&](const Diagnostic& d) { return d.path == path; });
  };
  LoadOptions lo = spec.load;
  lo.check_all_variants = false;
  for (int corner = 0; corner < 2; ++corner) {
    lo.overrides = spec.load.overrides;  // --set values, then the corner's
    std::string where;
    for (const auto& p : spec.params) {
      if (is_refused(p.path)) continue;
      lo.overrides.emplace_back(p.path, corner ? p.hi : p.lo);
      where += (where.empty() ? "" : ", ") + p.path + "=" + fmt(corner ? p.hi : p.lo);
    }
    try {
      load_scenario(spec.file, lo);
    } catch (const ScenarioError& e) {
      std::vector<Diagnostic> diags = refused;
      diags.insert(diags.end(), e.diagnostics().begin(), e.diagnostics().end());
      if (every_swept_path_is_known(spec))
        diags.push_back(Diagnostic{Mark{"--param", 0, 0}, "",
                                   std::string("the scenario is invalid at the ") + (corner ? "high" : "low") +
                                       " end of the ranges (" + where +
                                       "), as above (expected ranges that keep it valid)"});
      throw ScenarioError(diags);
    }
  }
  if (!refused.empty()) throw ScenarioError(refused);
}

const char* design_name(Design d) {
  return d == Design::Grid ? "grid" : d == Design::Lhs ? "lhs" : d == Design::Sobol ? "sobol" : "file";
}

/// sweep.csv: per point, its values, the runs, and each outcome's mean with its 95% interval (mean_interval).
Table sweep_table(const SweepSpec& spec, const std::vector<std::vector<double>>& points,
                  const std::vector<std::string>& outcomes, const std::vector<OutcomeScale>& scales,
                  const std::vector<Moments>& stats, std::uint64_t runs) {
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
      const Interval ci = mean_interval(m, scales[k]);
      for (double x : {m.mean(), ci.low, ci.high}) row.push_back(Cell::num(x));
    }
    t.add_row(row);
  }
  return t;
}

/// The Sobol indices of every outcome, from the points' means: [outcome][parameter].
std::vector<std::vector<SobolIndex>> sobol_of_outcomes(const SweepSpec& spec, std::size_t n_points, std::size_t n_out,
                                                       const std::vector<Moments>& stats, std::uint64_t seed) {
  std::vector<std::vector<SobolIndex>> out;
  for (std::size_t k = 0; k < n_out; ++k) {
    std::vector<double> f(n_points);
    for (std::size_t p = 0; p < n_points; ++p) f[p] = stats[p * n_out + k].mean();
    out.push_back(sobol_indices(f, spec.samples, spec.params.size(), spec.bootstrap, seed));
  }
  return out;
}

/// A number of sobol.csv: empty where there is none (no_variance, or no bootstrap resample that varied).
Cell cell(double x) { return std::isfinite(x) ? Cell::num(x) : Cell::no_number(); }

/// sobol.csv: per outcome and parameter, the first-order and total indices of the points' means, and `status`:
/// `ok`, or `no variance` (the outcome is the same at every point: no index, the cells are empty).
Table sobol_csv_table(const SweepSpec& spec, const std::vector<std::string>& outcomes,
                      const std::vector<std::vector<SobolIndex>>& idx) {
  Table t({{"outcome", Cell::Kind::Text}, {"param", Cell::Kind::Text}, {"first_order", Cell::Kind::Number},
           {"first_low", Cell::Kind::Number}, {"first_high", Cell::Kind::Number}, {"total", Cell::Kind::Number},
           {"total_low", Cell::Kind::Number}, {"total_high", Cell::Kind::Number}, {"status", Cell::Kind::Text}});
  for (std::size_t k = 0; k < outcomes.size(); ++k)
    for (std::size_t i = 0; i < spec.params.size(); ++i) {
      const SobolIndex& x = idx[k][i];
      const bool none = x.no_variance;
      auto number = [&](double v) { return none ? Cell::no_number() : cell(v); };
      t.add_row(std::vector<Cell>{Cell::str(outcomes[k]), Cell::str(spec.params[i].path), number(x.first),
                                  number(x.first_low), number(x.first_high), number(x.total), number(x.total_low),
                                  number(x.total_high), Cell::str(none ? "no variance" : "ok")});
    }
  return t;
}

/// The readable table of the indices, printed by the command: per outcome and parameter, each index with its
/// interval, or `no variance`.
std::string sobol_table(const SweepSpec& spec, const std::vector<std::string>& outcomes,
                        const std::vector<std::vector<SobolIndex>>& idx) {
  auto with_ci = [](double v, double lo, double hi) {
    return fixed(v, 3) + " [" + (std::isfinite(lo) ? fixed(lo, 3) : "-") + ", " +
           (std::isfinite(hi) ? fixed(hi, 3) : "-") + "]";
  };
  std::size_t wo = 7, wp = 9;
  for (const auto& o : outcomes) wo = std::max(wo, o.size());
  for (const auto& p : spec.params) wp = std::max(wp, p.path.size());
  std::ostringstream t;
  t << "Sobol indices over " << spec.samples << " base rows (95% bootstrap intervals, " << spec.bootstrap
    << " resamples):\n\n";
  t << "  " << std::left << std::setw(static_cast<int>(wo)) << "outcome" << "  " << std::setw(static_cast<int>(wp))
    << "parameter" << "  " << std::setw(22) << "first order" << "  total\n";
  for (std::size_t k = 0; k < outcomes.size(); ++k)
    for (std::size_t i = 0; i < spec.params.size(); ++i) {
      const SobolIndex& x = idx[k][i];
      t << "  " << std::setw(static_cast<int>(wo)) << outcomes[k] << "  " << std::setw(static_cast<int>(wp))
        << spec.params[i].path << "  ";
      if (x.no_variance) {
        t << "no variance\n";
        continue;
      }
      t << std::setw(22) << with_ci(x.first, x.first_low, x.first_high) << "  "
        << with_ci(x.total, x.total_low, x.total_high) << "\n";
    }
  return t.str();
}

/// The manifest's "variants" of a sweep: each parameter's range (with its points on a grid), then the design.
std::vector<std::string> manifest_names(const SweepSpec& spec) {
  std::vector<std::string> names;
  for (const auto& p : spec.params)
    names.push_back(p.path + "=" + fmt(p.lo) + ":" + fmt(p.hi) +
                    (spec.design == Design::Grid ? ":" + std::to_string(p.n) : ""));
  names.push_back(std::string("design=") + design_name(spec.design) +
                  (spec.design == Design::File ? ":" + spec.file_design.name : ""));
  return names;
}

/// The batch spec's "variants" of a sweep: what --resume must find the same (parameters, design, samples).
std::vector<std::string> spec_names(const SweepSpec& spec) {
  std::vector<std::string> names;
  for (const auto& p : spec.params)
    names.push_back(p.path + "=" + fmt(p.lo) + ":" + fmt(p.hi) + ":" + std::to_string(p.n));
  names.push_back(std::string(design_name(spec.design)) + " " + std::to_string(spec.samples));
  if (spec.design == Design::File)  // --resume must find the same points, not only the same ranges
    for (const auto& point : spec.file_design.points) {
      std::string row = "point";
      for (double x : point) row += " " + fmt(x);
      names.push_back(row);
    }
  return names;
}

/// The batch of a sweep: point-major items, each point's scenario loaded by the worker that runs it.
void plan_sweep(Batch& b, const SweepSpec& spec, const std::vector<std::vector<double>>& points,
                const Scenario& base, const ExperimentOptions& o) {
  const std::string file = spec.file;
  b.plan.make_point = [file, spec, points](std::size_t p) {
    const LoadOptions lo = point_options(spec, points[p], p);
    std::vector<std::string> held;  // the --set values and the point's
    for (const auto& [path, value] : lo.overrides) held.push_back(path);
    Scenario sc = load_scenario(file, lo);
    hold_values(sc, held);  // the swept values hold for the whole run (the command warned once)
    return sc;
  };
  b.plan.points = points.size();
  b.plan.runs = o.runs;
  b.plan.metrics = trend_metrics(base, o.metrics);
  b.plan.finals = final_metrics(base, b.plan.metrics, o.metrics);
  b.outcome_names = outcome_names(base, b.plan.metrics, b.plan.finals);
  b.outcome_scales = outcome_scales(base, b.plan.metrics, b.plan.finals);
  b.n_out = b.outcome_names.size();
  b.n_tr = 0;
  b.plan.keep_runs = o.keep_runs;
  b.appendable = appendable_files("", o.keep_runs);  // experiments.csv is the sweep's per-run table
  b.set_values = o.set_values;
  b.sweep_variant = base.variant.empty() ? "base" : base.variant;
  for (const auto& p : spec.params) b.input_names.push_back(p.path);
  b.inputs = [&b, points](std::uint64_t item) {
    std::vector<Cell> values;
    for (double x : points[b.plan.locate(item).first]) values.push_back(Cell::num(x));
    return values;
  };
  b.plan.variant_names = spec_names(spec);
  b.plan.variants = {&base};  // for the batch spec only (sources, seed, steps)
}

}  // namespace

long double design_size(const SweepSpec& spec) {
  switch (spec.design) {
    case Design::File:  // its rows, the unreadable ones too: each would be a point once mended
      return static_cast<long double>(std::max(spec.file_design.rows, spec.file_design.points.size()));
    case Design::Sobol:
      return static_cast<long double>(spec.samples) * static_cast<long double>(spec.params.size() + 2);
    case Design::Lhs: return static_cast<long double>(spec.samples);
    case Design::Grid: break;
  }
  long double points = 1.0L;
  for (const auto& p : spec.params) points *= p.n;
  return points;
}

std::string design_over_limit(const std::string& design, long double points, std::uint64_t limit,
                              const std::string& raise_with) {
  return design + " has " + format_number(static_cast<double>(points)) + " points, above the limit of " +
         std::to_string(limit) + " (expected at most that; raise it with " + raise_with + ")";
}

void use_design_file(SweepSpec& spec, DesignFile design) {
  spec.design = Design::File;
  spec.params.clear();
  for (std::size_t i = 0; i < design.paths.size(); ++i) {
    SweepParam p;
    p.path = design.paths[i];
    p.lo = p.hi = design.points.front()[i];
    for (const auto& point : design.points) p.lo = std::min(p.lo, point[i]), p.hi = std::max(p.hi, point[i]);
    p.n = static_cast<int>(design.points.size());
    spec.params.push_back(p);
  }
  spec.file_design = std::move(design);
}

ExperimentReport run_sweep(const SweepSpec& spec, const ExperimentOptions& o) {
  const Scenario base = load_scenario(spec.file, spec.load);
  const auto points = spec.design == Design::File ? spec.file_design.points
                                                  : design_points(spec.params, spec.design, spec.samples, base.seed);
  // Every point must be a valid scenario: the corners of the ranges, then every point, before anything runs.
  if (spec.design != Design::File) {
    check_corners(spec, check_swept_kinds(spec, base));
  }
  check_every_point(spec, points, o);
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
  std::vector<std::string> files = {"sweep.csv", "experiments.csv", "manifest.json"};
  if (spec.design == Design::Sobol) files.insert(files.begin() + 1, "sobol.csv");
  if (o.keep_runs)
    for (const auto& f : runs_files()) files.push_back(f);
  std::vector<std::vector<SobolIndex>> sobol;
  auto tables = [&] {
    std::vector<NamedTable> t;
    t.emplace_back("sweep.csv", sweep_table(spec, points, b.outcome_names, b.outcome_scales, stats, o.runs));
    if (spec.design == Design::Sobol) {
      sobol = sobol_of_outcomes(spec, points.size(), b.n_out, stats, base.seed);
      t.emplace_back("sobol.csv", sobol_csv_table(spec, b.outcome_names, sobol));
    }
    return t;
  };
  auto manifest = [&](std::ostream& os) {
    write_batch_manifest(os, "sweep", base, spec.file, manifest_names(spec), o, files, b.outcome_names,
                         b.plan.metrics);
  };
  ExperimentReport rep = execute(b, "sweep", o, consume, tables, manifest);
  b.plan.variants.clear();
  if (!rep.interrupted && o.par.rank == 0) {
    rep.summary = counted(points.size(), "point") + " x " + counted(static_cast<std::size_t>(o.runs), "run") +
                  " (" + design_name(spec.design) + ")";
    if (!sobol.empty()) rep.table = sobol_table(spec, b.outcome_names, sobol);
  }
  return rep;
}

}  // namespace statecraft
