#include "batch_execute.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <memory>
#include <optional>
#include <sstream>

#include "statecraft/output/columns.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/output/manifest.hpp"
#include "statecraft/scenario/error.hpp"

#ifdef STATECRAFT_HAVE_MPI
#include <boost/mpi/communicator.hpp>
#include <boost/serialization/string.hpp>

#include "batch_mpi.hpp"
#endif

namespace statecraft {
namespace {

/// On a terminal: runs done, the rate and the time left, redrawn at most ten times a second.
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

/// The command a batch directory was started by: `--resume` continues only the same one.
std::string batch_spec(const std::string& command, const std::vector<const Scenario*>& variants,
                       const std::vector<std::string>& names, const ExperimentOptions& o,
                       const std::vector<MetricRef>& metrics, const std::vector<std::size_t>& finals) {
  std::ostringstream s;
  // The model's version too: a batch begun under another model would mix its runs' answers with this one's.
  s << "statecraft " << STATECRAFT_VERSION << "\nmodel " << kModelVersion << "\ncommand " << command << "\nruns "
    << o.runs << "\nkeep_runs " << o.keep_runs << "\n";
  if (o.uncertain) s << "uncertain 1\n";
  if (o.explain) s << "explain 1\n";
  for (const auto& [path, value] : o.set_values) s << "set " << path << " " << fmt(value) << "\n";
  const Scenario& sc = *variants.front();
  for (const auto& src : sc.sources) s << "source " << src.path << " " << src.sha256 << "\n";
  s << "seed " << sc.seed << "\nsteps " << sc.steps << "\n";
  for (const auto& n : names) s << "variant " << n << "\n";
  for (const auto& m : metrics) s << "metric " << m.name << "\n";
  // The final. outcomes follow the order metrics were named in, which the trend metrics above do not record for
  // the region's defaults: a resume that named them in another order would put each under the other's column.
  for (const std::size_t k : finals) s << "outcome final." << metrics[k].name << "\n";
  return s.str();
}

/// What rank 0 found when it claimed the batch directory: where to start, or why it cannot.
struct Opened {
  std::unique_ptr<BatchDir> dir;
  std::uint64_t first = 0, redone = 0;
  std::string error;
  bool usage = false;  ///< the error is the command's fault (exit 2)
};

/// Claims the batch directory and, with --resume, replays the recorded runs through `consume`. Errors are
/// kept, not thrown, so that every rank can learn of them first.
Opened open_batch(const Batch& b, const std::string& command, const ExperimentOptions& o,
                  const std::function<void(const RunResult&)>& consume) {
  Opened d;
  try {
    const std::string spec =
        batch_spec(command, b.plan.variants, b.plan.variant_names, o, b.plan.metrics, b.plan.finals);
    d.dir = std::make_unique<BatchDir>(o, spec, b.appendable, b.n_out + b.n_tr + b.n_dr,
                                       b.plan.variants.front()->source_paths());
    if (o.resume) {
      const auto records = d.dir->recover();
      for (std::size_t k = 0; k < records.size(); ++k) {
        RunResult r;
        r.item = k;
        r.outcomes.assign(records[k].begin(), records[k].begin() + static_cast<long>(b.n_out));
        r.trends.assign(records[k].begin() + static_cast<long>(b.n_out),
                        records[k].begin() + static_cast<long>(b.n_out + b.n_tr));
        r.drivers.assign(records[k].begin() + static_cast<long>(b.n_out + b.n_tr), records[k].end());
        consume(r);
      }
      d.first = records.size();
      d.redone = d.dir->redone();
    }
    d.dir->open_for_append();
  } catch (const UsageError& e) {
    d.error = e.what();
    d.usage = true;
  } catch (const RunError& e) {
    d.error = e.what();
  }
  return d;
}

/// What share_opened sends.
struct OpenedMessage {
  std::string error;
  bool usage = false;
  std::uint64_t first = 0;
  template <class Archive>
  void serialize(Archive& ar, unsigned) {
    ar & error & usage & first;
  }
};

/// Every rank learns what rank 0 found, then all throw the same error or start at the same item. The other
/// ranks wait by probing (batch_mpi.hpp): a broadcast would spin while rank 0 replays a long checkpoint.
void share_opened(const ExperimentOptions& o, Opened& d) {
#ifdef STATECRAFT_HAVE_MPI
  if (o.par.size > 1) {
    constexpr int kOpenedTag = 4;
    boost::mpi::communicator world;
    OpenedMessage found{d.error, d.usage, d.first};
    if (o.par.rank == 0) {
      for (int q = 1; q < o.par.size; ++q) world.send(q, kOpenedTag, found);
    } else {
      await_message(0, kOpenedTag);
      world.recv(0, kOpenedTag, found);
      d.error = found.error;
      d.usage = found.usage;
      d.first = found.first;
    }
  }
#else
  (void)o;
#endif
  if (d.error.empty()) return;
  if (d.usage) throw UsageError(d.error);
  throw RunError(d.error);
}

}  // namespace

namespace {

/// The key of an item in experiments.csv: its variant, its design point (a sweep's; empty otherwise) and its run.
std::vector<Cell> experiment_key(const Batch& b, std::uint64_t item) {
  const auto [v, run] = b.plan.locate(item);
  if (b.plan.make_point)
    return {Cell::str(b.sweep_variant), Cell::whole(static_cast<std::int64_t>(v)),
            Cell::whole(static_cast<std::int64_t>(run))};
  return {Cell::str(b.plan.variant_names[v]), Cell::no_number(), Cell::whole(static_cast<std::int64_t>(run))};
}

/// experiments.csv's columns: the key, the inputs, the outcomes.
std::vector<std::string> experiment_columns(const Batch& b) {
  std::vector<std::string> names = {"variant", "point", "run"};
  for (const auto& [path, value] : b.set_values) names.push_back(path);
  names.insert(names.end(), b.input_names.begin(), b.input_names.end());
  names.insert(names.end(), b.outcome_names.begin(), b.outcome_names.end());
  return names;
}

/// An item's row of experiments.csv: the key, the inputs, the outcomes.
std::vector<Cell> experiment_row(const Batch& b, const RunResult& r) {
  std::vector<Cell> row = experiment_key(b, r.item);
  const std::size_t v = b.plan.locate(r.item).first;
  for (std::size_t k = 0; k < b.set_values.size(); ++k) {
    const bool applies = b.set_applies.empty() || b.set_applies[v][k];  // a variant without the path: no value
    row.push_back(applies ? Cell::num(b.set_values[k].second) : Cell::no_number());
  }
  for (Cell& c : b.inputs(r.item)) row.push_back(std::move(c));
  for (double x : r.outcomes) row.push_back(Cell::num(x));
  return row;
}

/// The older per-run table's row of an item: run_key, then the outcomes.
std::vector<Cell> legacy_row(const Batch& b, const RunResult& r) {
  std::vector<Cell> row = b.run_key(r.item);
  for (double x : r.outcomes) row.push_back(Cell::num(x));
  return row;
}

/// A CSV line of names or cells.
std::string csv_line(const std::vector<std::string>& names) {
  std::string line;
  for (const auto& n : names) line += (line.empty() ? "" : ",") + n;
  return line + '\n';
}
std::string csv_line(const std::vector<Cell>& cells) {
  std::string line;
  for (std::size_t k = 0; k < cells.size(); ++k) line += (k ? "," : "") + csv_text(cells[k]);
  return line + '\n';
}

/// One run's row of experiments.csv (file 0), of the older per-run table (file 1, if the command keeps one)
/// and, with keep_runs, its trend rows (the last four files); the headers come with the first item.
void append_run(BatchDir& dir, const RunResult& r, const Batch& b, bool keep_runs) {
  const std::size_t runs_at = b.run_key ? 2 : 1;
  if (r.item == 0) {
    dir.append(0, csv_line(experiment_columns(b)));
    if (b.run_key) {
      std::vector<std::string> names = b.run_key_names;
      names.insert(names.end(), b.outcome_names.begin(), b.outcome_names.end());
      dir.append(1, csv_line(names));
    }
    // runs/ rows lead with what names the run in experiments.csv: variant and run, or a sweep's point and run.
    const std::string key = b.plan.make_point ? "point,run," : "variant,run,";
    if (keep_runs)
      for (std::size_t f = 0; f < kRunsFiles.size(); ++f) dir.append(runs_at + f, key + tidy_header(kRunsFiles[f]) + "\n");
  }
  dir.append(0, csv_line(experiment_row(b, r)));
  if (b.run_key) dir.append(1, csv_line(legacy_row(b, r)));
  if (keep_runs) {
    dir.append(runs_at, r.actors);
    dir.append(runs_at + 1, r.pairs);
    dir.append(runs_at + 2, r.region);
    dir.append(runs_at + 3, r.events);
  }
}

/// The older per-run table of a batch held in memory: the run's key, then its outcomes.
Table runs_table(const Batch& b) {
  std::vector<std::string> names = b.run_key_names;
  names.insert(names.end(), b.outcome_names.begin(), b.outcome_names.end());
  return Table(std::move(names));
}

}  // namespace

ExperimentReport execute(Batch& b, const std::string& command, const ExperimentOptions& o,
                         const std::function<void(const RunResult&)>& consume,
                         const std::function<std::vector<NamedTable>()>& tables,
                         const std::function<void(std::ostream&)>& manifest) {
  ExperimentReport rep;
  rep.total = b.plan.items();
  const bool root = o.par.rank == 0;
  const bool in_memory = o.out_dir.empty();
  if (in_memory && (o.resume || o.keep_runs))
    throw UsageError("resume and keep_runs need an output directory (expected out_dir)");
  Opened opened = root && !in_memory ? open_batch(b, command, o, consume) : Opened{};
  share_opened(o, opened);
  const std::unique_ptr<BatchDir>& dir = opened.dir;
  const std::uint64_t first = opened.first;
  rep.redone = opened.redone;
  rep.resumed_from = first;
  Progress progress(root && o.progress, first, rep.total);
  std::optional<Table> experiments, runs;
  if (in_memory) experiments.emplace(experiment_columns(b));
  if (in_memory && b.run_key) runs = runs_table(b);
  std::vector<double> record;
  // Fault injection for the tests (docs/testing.md): die as a kill -9 would, right after item K-1 was
  // checkpointed and while the next record is half-written.
  const char* kill_env = std::getenv("STATECRAFT_FAULT_KILL_AFTER");
  const std::uint64_t kill_after = kill_env ? std::strtoull(kill_env, nullptr, 10) : 0;
  auto consume_and_keep = [&](RunResult&& r) {
    consume(r);
    if (dir) {
      append_run(*dir, r, b, o.keep_runs);
      record = r.outcomes;
      if (b.n_tr > 0) record.insert(record.end(), r.trends.begin(), r.trends.end());
      record.insert(record.end(), r.drivers.begin(), r.drivers.end());
      dir->checkpoint(r.item, record);
    } else if (experiments) {
      experiments->add_row(experiment_row(b, r));
      if (runs) runs->add_row(legacy_row(b, r));
    }
    progress.update(r.item + 1);
    if (o.on_progress) o.on_progress(r.item + 1, rep.total);
    if (dir && kill_after > 0 && r.item + 1 == kill_after) dir->die_midway();
  };
  try {
    rep.consumed = first + run_batch(b.plan, o.par, first, consume_and_keep, o.stop);
  } catch (const BatchRunFailed& e) {
    // The same command would fail the same way: nothing of the batch is worth keeping.
    progress.finish();
    if (dir) dir->discard();
    // "nothing was written" only where something could have been: Python's batches have no output directory.
    const std::string failed = b.describe(e.item) + " failed" + (dir ? " (nothing was written)" : "");
    if (e.bad_input) throw failed_run_input(failed, e.what());
    throw RunError(failed + ": " + e.what());
  }
  if (!root) return rep;
  // Every run consumed is in the batch's files before anything else is written: a batch stopped by a signal,
  // or whose final files find the disk full, is resumed from all of them.
  if (dir) dir->flush();
  if (rep.consumed < rep.total) {
    progress.finish();
    rep.interrupted = true;
    return rep;
  }
  std::vector<NamedTable> final_tables = tables();
  if (in_memory) {
    rep.tables = std::move(final_tables);
    rep.tables.emplace_back("experiments.csv", std::move(*experiments));
    if (runs) rep.tables.emplace_back(b.appendable[1], std::move(*runs));
    return rep;
  }
  for (const auto& [name, table] : final_tables) write_csv(dir->final_file(name), table);
  manifest(dir->final_file("manifest.json"));
  dir->commit();
  return rep;
}

void plan_batch(Batch& b, const Scenario& sc, const ExperimentOptions& o, const std::string& runs_file) {
  b.plan.runs = o.runs;
  b.plan.metrics = trend_metrics(sc, o.metrics);
  b.plan.finals = final_metrics(sc, b.plan.metrics, o.metrics);
  b.plan.keep_runs = o.keep_runs;
  b.outcome_names = outcome_names(sc, b.plan.metrics, b.plan.finals);
  b.outcome_scales = outcome_scales(sc, b.plan.metrics, b.plan.finals);
  b.n_out = b.outcome_names.size();
  b.n_tr = static_cast<std::size_t>(sc.steps + 1) * b.plan.metrics.size();
  b.appendable = appendable_files(runs_file, o.keep_runs);
  b.set_values = o.set_values;
  b.set_applies = o.set_applies;
}

std::vector<std::string> appendable_files(const std::string& runs_file, bool keep_runs) {
  std::vector<std::string> files = {"experiments.csv"};
  if (!runs_file.empty()) files.push_back(runs_file);
  if (keep_runs)
    for (const auto& f : runs_files()) files.push_back(f);
  return files;
}

ScenarioError failed_run_input(const std::string& failed, const std::string& problems) {
  std::vector<Diagnostic> each;
  std::size_t start = 0;
  for (std::size_t end; start < problems.size(); start = end + 1) {
    end = problems.find('\n', start);
    if (end == std::string::npos) end = problems.size();
    if (end > start) each.push_back(Diagnostic{Mark{}, "", failed + ": " + problems.substr(start, end - start)});
  }
  return ScenarioError(each);
}

std::vector<std::string> runs_files() {
  std::vector<std::string> files;
  for (TrendFile f : kRunsFiles) files.push_back("runs/" + std::string(trend_table(f).file));
  return files;
}

void write_batch_manifest(std::ostream& os, const std::string& command, const Scenario& sc, const std::string& path,
                          const std::vector<std::string>& variants, const ExperimentOptions& o,
                          const std::vector<std::string>& files, const std::vector<std::string>& outcomes,
                          const std::vector<MetricRef>& metrics, const std::vector<UncertainInput>& uncertain) {
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
  Manifest better;  // which end of each outcome is better, as a ranking reads it (tools/plot.py, report.py)
  for (const auto& name : outcomes) better[name] = std::string(better_word(outcome_better(sc, name)));
  m["better"] = better;
  if (!o.set_values.empty()) {
    Manifest set;
    for (const auto& [path, value] : o.set_values) set[path] = value;
    m["set"] = set;
  }
  if (o.uncertain) {
    static const char* kDist[] = {"uniform", "triangular", "normal", "choice"};
    Manifest u = Manifest::array();
    for (const auto& in : uncertain) {
      Manifest e;
      e["path"] = in.path;
      e["distribution"] = kDist[static_cast<int>(in.dist)];
      e["args"] = in.dist == UncertainInput::Dist::Normal ? std::vector<double>(in.args.begin(), in.args.begin() + 2)
                                                          : in.args;
      e["source"] = in.source;
      u.push_back(e);
    }
    m["uncertain"] = u;
    m["uncertain_streams"] = "the value of PATH in run r comes from the stream of (seed, r, FNV-1a hash of PATH): "
                             "the same in every variant that has PATH";
  }
  if (command == "compare") {  // what shaped the comparison's tables beyond its runs
    static const char* kAdjust[] = {"none", "bonferroni", "holm"};
    m["explain"] = o.explain;
    m["adjust"] = kAdjust[static_cast<int>(o.adjust)];
    m["rank_criterion"] = o.rank_criterion.empty() ? (o.uncertain ? "regret" : "mean") : o.rank_criterion;
    m["rank_by"] = o.rank_by;
    m["rank_better"] = std::string(better_word(ranking_end(sc, o.rank_by, o.better)));
  }
  m["files"] = files;
  write_manifest(os, m);
}

std::string fixed(double x, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << x;
  return s.str();
}


}  // namespace statecraft
