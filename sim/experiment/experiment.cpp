#include "statecraft/experiment/experiment.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "statecraft/experiment/stats.hpp"
#include "statecraft/output/columns.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/output/manifest.hpp"
#include "statecraft/scenario/error.hpp"
#include "statecraft/util/sha256.hpp"
#include "batch_dir.hpp"

#ifdef STATECRAFT_HAVE_MPI
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/serialization/string.hpp>
#endif

namespace fs = std::filesystem;

namespace statecraft {
namespace {

// ---- progress -----------------------------------------------------------------------------------------

class Progress {
 public:
  Progress(bool on, std::uint64_t done, std::uint64_t total)
      : on_(on), start_done_(done), total_(total), t0_(std::chrono::steady_clock::now()) {}
  void update(std::uint64_t done) {
    if (!on_) return;
    const auto now = std::chrono::steady_clock::now();
    if (done < total_ && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - t0_).count();
    const double rate = secs > 0 ? static_cast<double>(done - start_done_) / secs : 0.0;
    const double left = rate > 0 ? static_cast<double>(total_ - done) / rate : 0.0;
    const int width = 30;
    const int fill = total_ > 0 ? static_cast<int>(width * static_cast<double>(done) / static_cast<double>(total_)) : width;
    std::fprintf(stderr, "\r[%s%s] %llu/%llu runs, %.0f runs/s, %.0fs left ", std::string(static_cast<std::size_t>(fill), '=').c_str(),
                 std::string(static_cast<std::size_t>(width - fill), ' ').c_str(), static_cast<unsigned long long>(done),
                 static_cast<unsigned long long>(total_), rate, left);
    if (done >= total_) std::fprintf(stderr, "\n");
  }
  void finish() {
    if (on_) std::fprintf(stderr, "\n");
  }

 private:
  bool on_;
  std::uint64_t start_done_, total_;
  std::chrono::steady_clock::time_point t0_, last_{};
};

// ---- the spec of a batch ------------------------------------------------------------------------------

std::string batch_spec(const std::string& command, const std::vector<const Scenario*>& variants,
                       const std::vector<std::string>& names, const ExperimentOptions& o,
                       const std::vector<MetricRef>& metrics) {
  std::ostringstream s;
  s << "statecraft " << STATECRAFT_VERSION << "\ncommand " << command << "\nruns " << o.runs << "\nkeep_runs "
    << o.keep_runs << "\n";
  const Scenario& sc = *variants.front();
  for (const auto& src : sc.sources) s << "source " << src.path << " " << src.sha256 << "\n";
  s << "seed " << sc.seed << "\nsteps " << sc.steps << "\n";
  for (const auto& n : names) s << "variant " << n << "\n";
  for (const auto& m : metrics) s << "metric " << m.name << "\n";
  return s.str();
}

/// The manifest of a batch: the command, the scenario, what was run and summarised, and the files.
void manifest(std::ostream& os, const std::string& command, const Scenario& sc, const std::string& path,
              const std::vector<std::string>& variants, const ExperimentOptions& o,
              const std::vector<std::string>& files, const std::vector<std::string>& outcomes,
              const std::vector<MetricRef>& metrics) {
  std::vector<std::string> metric_names;
  for (const auto& m : metrics) metric_names.push_back(m.name);
  Manifest m = manifest_head(command);
  m["scenario"] = scenario_ref(sc, path);
  m["variants"] = variants;
  m["runs"] = o.runs;
  m["seed"] = sc.seed;
  m["steps"] = sc.steps;
  m["random_streams"] = "run r of every variant uses the streams of (seed, r): common random numbers";
  m["metrics"] = metric_names;
  m["outcomes"] = outcomes;
  m["files"] = files;
  write_manifest(os, m);
}

/// The files of runs/ with --keep-runs: each run's trend rows, as `run` writes them, after its variant and run.
std::vector<std::string> runs_files() {
  std::vector<std::string> files;
  for (TrendFile f : kRunsFiles) files.push_back("runs/" + std::string(trend_table(f).file));
  return files;
}

/// Appends one run's row of outcomes (file 0) and, with keep_runs, its trend rows (files 1-4); the headers
/// come with the first item. `lead` names the leading columns, `key` is this row's values for them.
void append_run(BatchDir& dir, const RunResult& r, const std::vector<std::string>& outcome_names, bool keep_runs,
                const std::string& lead, const std::string& key) {
  std::string row;
  if (r.item == 0) {
    row = lead;
    for (const auto& n : outcome_names) row += ',' + n;
    row += '\n';
    if (keep_runs)
      for (std::size_t f = 0; f < kRunsFiles.size(); ++f)
        dir.append(f + 1, "variant,run," + tidy_header(kRunsFiles[f]) + "\n");
  }
  row += key;
  for (double x : r.outcomes) {
    row += ',';
    row += fmt(x);
  }
  row += '\n';
  dir.append(0, row);
  if (keep_runs) {
    dir.append(1, r.actors);
    dir.append(2, r.pairs);
    dir.append(3, r.region);
    dir.append(4, r.events);
  }
}

/// Everything both commands share: the batch, its directory, checkpointing and resume.
struct Batch {
  BatchPlan plan;
  std::vector<std::string> outcome_names;
  std::vector<std::string> appendable;
  std::size_t n_out = 0, n_tr = 0;
  /// Names an item for a message: "run 3", "run 3 of variant status_quo", "point 4 (...), run 0".
  std::function<std::string(std::uint64_t)> describe = [](std::uint64_t item) {
    return "run " + std::to_string(item);
  };
};


/// Runs the batch; `consume(result)` aggregates, `append(result, dir)` writes its rows to the appendable
/// files. On resume the recorded items are replayed through `consume` first.
ExperimentReport execute(Batch& b, const std::string& command, const ExperimentOptions& o,
                         const std::function<void(const RunResult&)>& consume,
                         const std::function<void(const RunResult&, BatchDir&)>& append,
                         const std::function<void(BatchDir&)>& finish) {
  ExperimentReport rep;
  rep.total = b.plan.items();
  const bool root = o.par.rank == 0;
  std::unique_ptr<BatchDir> dir;
  std::uint64_t first = 0;
  std::string error;
  bool usage = false;
  if (root) {
    try {
      dir = std::make_unique<BatchDir>(o, batch_spec(command, b.plan.variants, b.plan.variant_names, o, b.plan.metrics),
                                       b.appendable, b.n_out + b.n_tr, b.plan.variants.front()->source_paths());
      if (o.resume) {
        const auto records = dir->recover();
        for (std::size_t k = 0; k < records.size(); ++k) {
          RunResult r;
          r.item = k;
          r.outcomes.assign(records[k].begin(), records[k].begin() + static_cast<long>(b.n_out));
          r.trends.assign(records[k].begin() + static_cast<long>(b.n_out), records[k].end());
          consume(r);
        }
        first = records.size();
        rep.redone = dir->redone();
      }
      dir->open_for_append();
    } catch (const UsageError& e) {
      error = e.what();
      usage = true;
    } catch (const RunError& e) {
      error = e.what();
    }
  }
#ifdef STATECRAFT_HAVE_MPI
  if (o.par.size > 1) {
    boost::mpi::communicator world;
    boost::mpi::broadcast(world, error, 0);
    boost::mpi::broadcast(world, usage, 0);
    boost::mpi::broadcast(world, first, 0);
  }
#endif
  if (!error.empty()) {
    if (usage) throw UsageError(error);
    throw RunError(error);
  }
  rep.resumed_from = first;
  Progress progress(root && o.progress, first, rep.total);
  std::vector<double> record;
  // Fault injection for the tests (docs/testing.md): die as a kill -9 would, right after item K-1 was
  // checkpointed and while the next record is half-written.
  const char* kill_env = std::getenv("STATECRAFT_FAULT_KILL_AFTER");
  const std::uint64_t kill_after = kill_env ? std::strtoull(kill_env, nullptr, 10) : 0;
  auto consume_and_keep = [&](RunResult&& r) {
    consume(r);
    append(r, *dir);
    record = r.outcomes;
    if (b.n_tr > 0) record.insert(record.end(), r.trends.begin(), r.trends.end());
    dir->checkpoint(r.item, record);
    progress.update(r.item + 1);
    if (kill_after > 0 && r.item + 1 == kill_after) dir->die_midway();
  };
  try {
    rep.consumed = first + run_batch(b.plan, o.par, first, consume_and_keep, o.stop);
  } catch (const BatchRunFailed& e) {
    // The same command would fail the same way: nothing of the batch is worth keeping.
    progress.finish();
    if (dir) dir->discard();
    const std::string what = b.describe(e.item) + " failed (nothing was written): " + e.what();
    if (e.bad_input) throw UsageError(what);
    throw RunError(what);
  }
  if (!root) return rep;
  if (rep.consumed < rep.total) {
    progress.finish();
    rep.interrupted = true;
    return rep;
  }
  finish(*dir);
  dir->commit();
  return rep;
}

/// The parts of a batch that ensembles and comparisons share: runs, metrics, outcomes, and the appendable
/// files (`runs_file` for the per-run outcomes, then runs/ with keep_runs).
void plan_batch(Batch& b, const Scenario& sc, const ExperimentOptions& o, const std::string& runs_file) {
  b.plan.runs = o.runs;
  b.plan.metrics = trend_metrics(sc, o.metrics);
  b.plan.keep_runs = o.keep_runs;
  b.outcome_names = outcome_names(b.plan.metrics, b.plan.builtin_trends);
  b.n_out = b.outcome_names.size();
  b.n_tr = static_cast<std::size_t>(sc.steps + 1) * b.plan.metrics.size();
  b.appendable = {runs_file};
  if (o.keep_runs)
    for (const auto& f : runs_files()) b.appendable.push_back(f);
}

std::string fixed(double x, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << x;
  return s.str();
}

}  // namespace

// ---- ensemble -----------------------------------------------------------------------------------------

ExperimentReport run_ensemble(const Scenario& sc, const std::string& scenario_path, const ExperimentOptions& o) {
  Batch b;
  b.plan.variants = {&sc};
  b.plan.variant_names = {sc.variant.empty() ? "base" : sc.variant};
  plan_batch(b, sc, o, "outcomes.csv");

  const std::size_t M = b.plan.metrics.size();
  std::vector<Summary> trends(static_cast<std::size_t>(sc.steps + 1) * M);
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
    auto& e = dir.final_file("ensemble.csv");
    e << "step,year,metric,n,mean,sd,p5,p25,p50,p75,p95\n";
    for (int t = 0; t <= sc.steps; ++t)
      for (std::size_t m = 0; m < M; ++m) {
        const Summary& s = trends[static_cast<std::size_t>(t) * M + m];
        e << t << ',' << fmt(sc.year_of(t)) << ',' << b.plan.metrics[m].name << ',' << s.moments().count() << ','
          << fmt(s.moments().mean()) << ',' << fmt(s.moments().sd());
        for (std::size_t q = 0; q < 5; ++q) e << ',' << fmt(s.quantile(q));
        e << '\n';
      }
    auto& os = dir.final_file("outcomes_summary.csv");
    os << "outcome,n,mean,sd,ci_low,ci_high,p5,p25,p50,p75,p95\n";
    for (std::size_t k = 0; k < b.n_out; ++k) {
      const Summary& s = outcomes[k];
      const double h = s.moments().ci_halfwidth();
      os << b.outcome_names[k] << ',' << s.moments().count() << ',' << fmt(s.moments().mean()) << ','
         << fmt(s.moments().sd()) << ',' << fmt(s.moments().mean() - h) << ',' << fmt(s.moments().mean() + h);
      for (std::size_t q = 0; q < 5; ++q) os << ',' << fmt(s.quantile(q));
      os << '\n';
    }
    auto& mf = dir.final_file("manifest.json");
    manifest(mf, "run", sc, scenario_path, b.plan.variant_names, o, files, b.outcome_names, b.plan.metrics);
  };
  ExperimentReport rep = execute(b, "run", o, consume, append, finish);
  if (!rep.interrupted && o.par.rank == 0) {
    const Moments& t = outcomes[0].moments();
    rep.summary = "mean tension at " + fmt(sc.year_of(sc.steps)) + ": " + fixed(t.mean(), 4) + " (95% CI " +
                  fixed(t.mean() - t.ci_halfwidth(), 4) + " to " + fixed(t.mean() + t.ci_halfwidth(), 4) + ")";
  }
  return rep;
}

// ---- compare ------------------------------------------------------------------------------------------

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

  const std::size_t V = variants.size(), M = b.plan.metrics.size(), T = static_cast<std::size_t>(sc.steps + 1);
  std::size_t base = 0;
  for (std::size_t v = 0; v < V; ++v)
    if (b.plan.variant_names[v] == o.baseline) base = v;
  std::vector<Moments> level(V * b.n_out), diff(V * b.n_out);
  std::vector<Summary> trend(V * T * M);
  std::vector<double> base_outcomes(b.n_out);
  std::vector<std::vector<double>> pending(V);  // run r's outcomes of each variant until the baseline's arrive
  auto consume = [&](const RunResult& r) {
    const std::size_t v = static_cast<std::size_t>(r.item % V);
    for (std::size_t k = 0; k < b.n_out; ++k) level[v * b.n_out + k].add(r.outcomes[k]);
    for (std::size_t k = 0; k < T * M; ++k) trend[v * T * M + k].add(r.trends[k]);
    pending[v] = r.outcomes;
    if (v + 1 == V) {  // run complete for every variant: paired differences to the baseline
      for (std::size_t w = 0; w < V; ++w)
        for (std::size_t k = 0; k < b.n_out; ++k) diff[w * b.n_out + k].add(pending[w][k] - pending[base][k]);
    }
  };
  auto append = [&](const RunResult& r, BatchDir& dir) {
    append_run(dir, r, b.outcome_names, o.keep_runs, "variant,run",
               b.plan.variant_names[static_cast<std::size_t>(r.item % V)] + "," + std::to_string(r.item / V));
  };
  std::vector<std::string> files = {"compare_summary.csv", "compare_trends.csv", "compare_runs.csv", "manifest.json"};
  if (o.keep_runs)
    for (const auto& f : runs_files()) files.push_back(f);
  auto finish = [&](BatchDir& dir) {
    auto& s = dir.final_file("compare_summary.csv");
    s << "variant,outcome,n,mean,ci_low,ci_high,diff,diff_ci_low,diff_ci_high,baseline\n";
    for (std::size_t v = 0; v < V; ++v)
      for (std::size_t k = 0; k < b.n_out; ++k) {
        const Moments& l = level[v * b.n_out + k];
        const Moments& d = diff[v * b.n_out + k];
        const double hl = l.ci_halfwidth(), hd = d.ci_halfwidth();
        s << b.plan.variant_names[v] << ',' << b.outcome_names[k] << ',' << l.count() << ',' << fmt(l.mean()) << ','
          << fmt(l.mean() - hl) << ',' << fmt(l.mean() + hl) << ',' << fmt(d.mean()) << ',' << fmt(d.mean() - hd) << ','
          << fmt(d.mean() + hd) << ',' << b.plan.variant_names[base] << '\n';
      }
    auto& t = dir.final_file("compare_trends.csv");
    t << "variant,step,year,metric,mean,p5,p25,p50,p75,p95\n";
    for (std::size_t v = 0; v < V; ++v)
      for (std::size_t step = 0; step < T; ++step)
        for (std::size_t m = 0; m < M; ++m) {
          const Summary& x = trend[(v * T + step) * M + m];
          t << b.plan.variant_names[v] << ',' << step << ',' << fmt(sc.year_of(static_cast<int>(step))) << ','
            << b.plan.metrics[m].name << ',' << fmt(x.moments().mean());
          for (std::size_t q = 0; q < 5; ++q) t << ',' << fmt(x.quantile(q));
          t << '\n';
        }
    auto& mf = dir.final_file("manifest.json");
    manifest(mf, "compare", sc, scenario_path, b.plan.variant_names, o, files, b.outcome_names, b.plan.metrics);
  };
  ExperimentReport rep = execute(b, "compare", o, consume, append, finish);
  if (rep.interrupted || o.par.rank != 0) return rep;

  // The readable table: variants ranked on the chosen outcome, best first.
  std::size_t k = 0;
  while (k < b.n_out && b.outcome_names[k] != o.rank_by) ++k;
  const bool lower = k < builtin_outcomes().size() ? builtin_outcomes()[k].lower_is_better : true;
  std::vector<std::size_t> order(V);
  for (std::size_t v = 0; v < V; ++v) order[v] = v;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t c) {
    const double x = level[a * b.n_out + k].mean(), y = level[c * b.n_out + k].mean();
    return lower ? x < y : x > y;
  });
  std::ostringstream out;
  std::size_t width = 8;
  for (const auto& n : b.plan.variant_names) width = std::max(width, n.size());
  out << "Variants ranked by " << o.rank_by << " (" << (lower ? "lower" : "higher") << " is better), " << o.runs
      << " runs each, paired with " << b.plan.variant_names[base] << ":\n\n";
  out << "  rank  " << std::left << std::setw(static_cast<int>(width)) << "variant"
      << "  mean     95% CI               vs " << b.plan.variant_names[base] << " (95% CI)\n";
  for (std::size_t i = 0; i < V; ++i) {
    const std::size_t v = order[i];
    const Moments& l = level[v * b.n_out + k];
    const Moments& d = diff[v * b.n_out + k];
    const double hl = l.ci_halfwidth(), hd = d.ci_halfwidth();
    out << "  " << std::right << std::setw(4) << i + 1 << "  " << std::left << std::setw(static_cast<int>(width))
        << b.plan.variant_names[v] << "  " << fixed(l.mean(), 4) << "  [" << fixed(l.mean() - hl, 4) << ", "
        << fixed(l.mean() + hl, 4) << "]  ";
    if (v == base) {
      out << "baseline";
    } else {
      const bool sure = d.mean() - hd > 0 || d.mean() + hd < 0;
      out << (d.mean() >= 0 ? "+" : "") << fixed(d.mean(), 4) << " [" << fixed(d.mean() - hd, 4) << ", "
          << fixed(d.mean() + hd, 4) << "]" << (sure ? "" : "  (not distinguishable)");
    }
    out << "\n";
  }
  rep.summary = out.str();
  return rep;
}

}  // namespace statecraft

// ---- sweep --------------------------------------------------------------------------------------------

#include "statecraft/experiment/sweep.hpp"

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

}  // namespace

ExperimentReport run_sweep(const SweepSpec& spec, const ExperimentOptions& o) {
  const Scenario base = load_scenario(spec.file, spec.load);
  const auto points = design_points(spec.params, spec.design, spec.samples, base.seed);
  // Every point must be a valid scenario: check the corners of the ranges before anything runs.
  {
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
  check_every_point(spec, points, o.par.jobs);
  Batch b;
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
  b.describe = [&b, &spec, &points](std::uint64_t item) {
    const auto [p, run] = b.plan.locate(item);
    return "point " + std::to_string(p) + " (" + point_text(spec, points[p]) + "), run " + std::to_string(run);
  };
  b.plan.runs = o.runs;
  b.plan.metrics = trend_metrics(base, o.metrics);
  b.outcome_names = outcome_names(b.plan.metrics, b.plan.builtin_trends);
  b.n_out = b.outcome_names.size();
  b.n_tr = 0;
  b.appendable = {};
  std::vector<Moments> stats(points.size() * b.n_out);
  auto consume = [&](const RunResult& r) {
    const std::size_t p = b.plan.locate(r.item).first;
    for (std::size_t k = 0; k < b.n_out; ++k) stats[p * b.n_out + k].add(r.outcomes[k]);
  };
  auto append = [](const RunResult&, BatchDir&) {};
  const char* design_name = spec.design == Design::Grid ? "grid" : spec.design == Design::Lhs ? "lhs" : "sobol";
  std::vector<std::string> files = {"sweep.csv", "manifest.json"};
  if (spec.design == Design::Sobol) files.insert(files.begin() + 1, "sobol.csv");
  auto finish = [&](BatchDir& dir) {
    auto& s = dir.final_file("sweep.csv");
    s << "point";
    for (const auto& p : spec.params) s << ',' << p.path;
    s << ",runs";
    for (const auto& n : b.outcome_names) s << ',' << n << "_mean," << n << "_ci_low," << n << "_ci_high";
    s << '\n';
    for (std::size_t p = 0; p < points.size(); ++p) {
      s << p;
      for (double x : points[p]) s << ',' << fmt(x);
      s << ',' << o.runs;
      for (std::size_t k = 0; k < b.n_out; ++k) {
        const Moments& m = stats[p * b.n_out + k];
        const double h = m.ci_halfwidth();
        s << ',' << fmt(m.mean()) << ',' << fmt(m.mean() - h) << ',' << fmt(m.mean() + h);
      }
      s << '\n';
    }
    if (spec.design == Design::Sobol) {
      auto& so = dir.final_file("sobol.csv");
      so << "outcome,param,first_order,first_low,first_high,total,total_low,total_high\n";
      for (std::size_t k = 0; k < b.n_out; ++k) {
        std::vector<double> f(points.size());
        for (std::size_t p = 0; p < points.size(); ++p) f[p] = stats[p * b.n_out + k].mean();
        const auto idx = sobol_indices(f, spec.samples, spec.params.size(), spec.bootstrap, base.seed);
        for (std::size_t i = 0; i < spec.params.size(); ++i)
          so << b.outcome_names[k] << ',' << spec.params[i].path << ',' << fmt(idx[i].first) << ','
             << fmt(idx[i].first_low) << ',' << fmt(idx[i].first_high) << ',' << fmt(idx[i].total) << ','
             << fmt(idx[i].total_low) << ',' << fmt(idx[i].total_high) << '\n';
      }
    }
    auto& mf = dir.final_file("manifest.json");
    std::vector<std::string> names;
    for (const auto& p : spec.params)
      names.push_back(p.path + "=" + fmt(p.lo) + ":" + fmt(p.hi) + (spec.design == Design::Grid ? ":" + std::to_string(p.n) : ""));
    names.push_back(std::string("design=") + design_name);
    manifest(mf, "sweep", base, spec.file, names, o, files, b.outcome_names, b.plan.metrics);
  };
  // The spec of a sweep also names its parameters and design (as "variants" of the batch spec).
  std::vector<std::string> spec_names;
  for (const auto& p : spec.params) spec_names.push_back(p.path + "=" + fmt(p.lo) + ":" + fmt(p.hi) + ":" + std::to_string(p.n));
  spec_names.push_back(std::string(design_name) + " " + std::to_string(spec.samples));
  b.plan.variant_names = spec_names;
  b.plan.variants = {&base};  // for the batch spec only (sources, seed, steps)
  ExperimentReport rep = execute(b, "sweep", o, consume, append, finish);
  b.plan.variants.clear();
  if (!rep.interrupted && o.par.rank == 0)
    rep.summary = std::to_string(points.size()) + " points x " + std::to_string(o.runs) + " runs (" + design_name + ")";
  return rep;
}

}  // namespace statecraft
