// statecraft._statecraft: the library's loader, engine and batches for Python (docs/python.md). Thin on
// purpose: it loads with load_scenario, runs with Engine and TableRecorder, and runs batches with
// run_ensemble, run_compare and run_sweep in memory (an empty out_dir), handing their tables to the Python
// package (python/statecraft/__init__.py), which makes the DataFrames. Batches run without the GIL, on the
// library's threads; between runs the consumer checks for Ctrl-C (PyErr_CheckSignals) and stops the batch.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "statecraft/engine/engine.hpp"
#include "statecraft/experiment/design_file.hpp"
#include "statecraft/experiment/experiment.hpp"
#include "statecraft/experiment/held_values.hpp"
#include "statecraft/experiment/metrics.hpp"
#include "statecraft/experiment/sweep.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/output/recorder.hpp"
#include "statecraft/output/size_estimate.hpp"
#include "statecraft/scenario/error.hpp"
#include "statecraft/scenario/load.hpp"
#include "statecraft/scenario/metric.hpp"
#include "statecraft/scenario/parameters.hpp"
#include "statecraft/scenario/paths.hpp"
#include "statecraft/scenario/range.hpp"
#include "statecraft/scenario/settable.hpp"
#include "statecraft/util/printable.hpp"
#include "statecraft/util/counted.hpp"
#include "statecraft/util/number.hpp"

namespace py = pybind11;
using namespace statecraft;

namespace {

/// A column of text as a list of str in which equal texts are one object, as the table holds them (Table::Column):
/// a pair's id or a driver term repeats in every row, and a long run's tables would otherwise hold millions of
/// copies (and take as long to make).
py::list shared_strings(const Table::Column& c) {
  std::vector<py::str> words;
  words.reserve(c.words.size());
  for (const auto& w : c.words) words.emplace_back(w);
  py::list out(c.text_codes.size());
  for (std::size_t i = 0; i < c.text_codes.size(); ++i) out[i] = words[c.text_codes[i]];
  return out;
}

/// A table as an ordered dict of column name -> numpy array (numbers, whole numbers) or list of str.
py::dict columns(const Table& t) {
  py::dict d;
  for (const auto& c : t.columns()) {
    switch (c.kind) {
      case Cell::Kind::Number: {
        py::array_t<double> a(static_cast<py::ssize_t>(c.numbers.size()), c.numbers.data());
        // -0.0 as 0.0: the CSV writes 0, and a table written by pandas would say -0.0 where the CLI's says 0.
        double* x = a.mutable_data();
        for (py::ssize_t i = 0; i < a.size(); ++i) x[i] += 0.0;
        d[py::str(c.name)] = std::move(a);
        break;
      }
      case Cell::Kind::Integer:
        d[py::str(c.name)] =
            py::array_t<std::int64_t>(static_cast<py::ssize_t>(c.integers.size()), c.integers.data());
        break;
      case Cell::Kind::Text: d[py::str(c.name)] = shared_strings(c); break;
    }
  }
  return d;
}

py::dict named_tables(const std::vector<NamedTable>& tables) {
  py::dict d;
  for (const auto& [name, t] : tables) d[py::str(name)] = columns(t);
  return d;
}

/// The limits as Python names them (statecraft.limits): the command line's --max-NAME flags, with underscores;
/// the loader's, then a sweep's points and the size of a run's tables.
std::map<std::string, long long> limits_by_name(const Limits& l) {
  return {{"file_size", static_cast<long long>(l.file_bytes)},
          {"nesting", l.nesting},
          {"nodes", static_cast<long long>(l.nodes)},
          {"actors", l.actors},
          {"steps", l.steps},
          {"extends", l.extends},
          {"points", static_cast<long long>(kDefaultMaxPoints)},
          {"output_size", static_cast<long long>(kDefaultMaxOutputBytes)}};
}

/// Limits from statecraft.limits (names and ranges checked in Python); a name it lacks keeps its default.
Limits python_limits(const std::map<std::string, long long>& given) {
  Limits l;
  l.raised_by = LimitsRaisedBy::Python;
  for (const auto& [name, value] : given) {
    if (name == "file_size") l.file_bytes = static_cast<std::size_t>(value);
    else if (name == "nesting") l.nesting = static_cast<int>(value);
    else if (name == "nodes") l.nodes = static_cast<std::size_t>(value);
    else if (name == "actors") l.actors = static_cast<int>(value);
    else if (name == "steps") l.steps = static_cast<int>(value);
    else if (name == "extends") l.extends = static_cast<int>(value);
  }
  return l;
}

/// What the Python side gives for every load: the file, a variant, seed, steps and values set by path.
struct LoadArgs {
  std::string path;
  std::string variant;
  std::optional<std::uint64_t> seed;
  std::optional<int> steps;
  std::vector<std::pair<std::string, double>> set;
  std::map<std::string, long long> limits;  ///< statecraft.limits, checked on the Python side

  LoadOptions options() const {
    LoadOptions lo;
    lo.variant = variant;
    lo.variant_given_by = "variant";
    lo.seed = seed;
    lo.steps = steps;
    lo.steps_given_by = "steps";
    lo.limits = python_limits(limits);
    lo.overrides = set;
    lo.override_marks.assign(set.size(), kSetMark);  // a problem reads as the CLI's --set's
    return lo;
  }

  /// The paths of `set`, which hold for the whole run (held_values.hpp).
  std::vector<std::string> held_paths() const {
    std::vector<std::string> paths;
    for (const auto& [path, value] : set) paths.push_back(path);
    return paths;
  }
};

/// The warnings of the set events skipped because `set=` holds their value: the CLI's for --set.
std::vector<std::string> skipped_warnings(const std::vector<SkippedEvent>& skipped) {
  std::vector<std::string> w;
  for (const auto& e : skipped) w.push_back(skipped_event_warning(e, "--set"));
  return w;
}

/// Holds the set= values of `a` in `sc` for the whole run, and returns what the CLI's --set warns of: each set
/// event skipped, and an institution's start set after the run's last year.
std::vector<std::string> hold_set_values(Scenario& sc, const LoadArgs& a) {
  std::vector<std::string> w = skipped_warnings(hold_values(sc, a.held_paths()));
  for (const auto& [path, value] : a.set)
    if (const std::string last = start_after_run(sc, path, value); !last.empty())
      w.push_back("set: " + path + "=" + format_number(value) + " is after the run's last year " + last +
                  " (the institution never starts in the run)");
  return w;
}

Scenario load(const LoadArgs& a) {
  py::gil_scoped_release nogil;
  return load_scenario(a.path, a.options());
}

/// Every settable path of a scenario (docs/paths.md) with its value there and the range a file may give.
Table params_table(const Scenario& sc) {
  const PathNames names = path_names(sc);
  Table t({{"path", Cell::Kind::Text}, {"kind", Cell::Kind::Text}, {"value", Cell::Kind::Number},
           {"low", Cell::Kind::Number}, {"high", Cell::Kind::Number}, {"expected", Cell::Kind::Text}});
  auto add = [&](const std::string& path, const char* kind) {
    std::vector<std::string> errors;
    const auto p = parse_value_path(path, names, PathUse::Override, errors);
    if (!p) return;
    const auto v = value_of(sc, *p);
    if (!v) return;
    const Range r = value_range(*p);
    t.add_row(std::vector<Cell>{Cell::str(path), Cell::str(kind), Cell::num(*v), Cell::num(r.lo), Cell::num(r.hi),
                                Cell::str(r.expect())});
  };
  for (const auto& f : settable_names(PathKind::Parameter)) add("parameters." + f, "parameter");
  for (const auto& a : sc.actors)
    for (const auto& f : settable_names(PathKind::Actor)) add("actors." + a.id + "." + f, "actor");
  std::vector<bool> directed;
  for (const auto& f : pair_fields()) directed.push_back(f.directed);
  const auto pair_names = settable_names(PathKind::Pair);
  for (int a = 0; a < sc.n(); ++a)
    for (int b = a + 1; b < sc.n(); ++b) {
      const std::string& ia = sc.actors[static_cast<std::size_t>(a)].id;
      const std::string& ib = sc.actors[static_cast<std::size_t>(b)].id;
      for (std::size_t f = 0; f < pair_names.size(); ++f) {
        const std::string base = "relations." + ia + "-" + ib + "." + pair_names[f];
        if (f < directed.size() && directed[f]) {
          add(base + "." + ia, "pair");
          add(base + "." + ib, "pair");
        } else {
          add(base, "pair");
        }
      }
    }
  for (int p = 0; p < sc.named_policies; ++p)
    for (const auto& f : settable_names(PathKind::Policy))
      add("policies." + sc.policies[static_cast<std::size_t>(p)].name + "." + f, "policy");
  for (const auto& inst : sc.institutions)
    for (const auto& f : settable_names(PathKind::Institution)) add("institutions." + inst.id + "." + f, "institution");
  return t;
}

/// The actors of a scenario: id, name, initial policy, then every number of the actor table.
Table actors_table(const Scenario& sc) {
  std::vector<std::string> names = {"id", "name", "policy"};
  for (const auto& f : actor_fields())
    if (f.ref) names.push_back(f.desc.name);
  Table t(std::move(names));
  for (const auto& a : sc.actors) {
    Actor copy = a;
    std::vector<Cell> row = {Cell::str(a.id), Cell::str(a.name),
                             Cell::str(sc.policies[static_cast<std::size_t>(a.policy)].name)};
    for (const auto& f : actor_fields())
      if (f.ref) row.push_back(Cell::num(f.ref(copy)));
    t.add_row(row);
  }
  return t;
}

/// The consumer's hook: at most every 50 ms (and at the end) takes the GIL, checks for Ctrl-C and calls the
/// progress callback; a Python error from either stops the batch and is raised once it has stopped.
class Watch {
 public:
  explicit Watch(py::object progress) : progress_(std::move(progress)) {}
  std::atomic<bool> stop{false};

  void operator()(std::uint64_t done, std::uint64_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (done < total && now - last_ < std::chrono::milliseconds(50)) return;
    last_ = now;
    py::gil_scoped_acquire gil;
    if (error_) return;
    try {
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
      if (!progress_.is_none()) progress_(done, total);
    } catch (py::error_already_set& e) {
      error_.emplace(std::move(e));
      stop.store(true);
    }
  }

  /// Raises the error that stopped the batch, if one did.
  void raise_if_stopped() {
    if (error_) {
      py::error_already_set e = std::move(*error_);
      error_.reset();
      throw e;
    }
  }

 private:
  py::object progress_;
  std::optional<py::error_already_set> error_;
  std::chrono::steady_clock::time_point last_{};
};

/// A warning the CLI prints as a `statecraft: warning: ...` line, raised as a statecraft.StatecraftWarning (a
/// UserWarning: shown by default, and filtered by its class); an old spelling as a FutureWarning, Python's class
/// for what a later release will refuse.
void warn(const std::string& msg, bool deprecated = false) {
  const py::object category =
      deprecated ? py::reinterpret_borrow<py::object>(PyExc_FutureWarning)
                 : py::module_::import("statecraft._errors").attr("StatecraftWarning");
  if (PyErr_WarnEx(category.ptr(), msg.c_str(), 1) < 0) throw py::error_already_set();
}

/// An outcome in the spelling of output format 1 (final.pair.A-B.NAME), with a warning, as `statecraft compare`.
std::string respell(const std::string& what, const std::string& name) {
  const auto renamed = new_metric_spelling(name);
  if (!renamed) return name;
  warn(what + ": " + old_spelling_warning(name, *renamed), true);
  return *renamed;
}

/// Forwards a run's steps to the recorder of its tables and shows them to `watch` (at most every 50 ms it checks
/// for Ctrl-C), so that a long run from Python stops on Ctrl-C as a batch does.
class WatchedRun : public Recorder {
 public:
  WatchedRun(Recorder& tables, Watch& watch, int steps) : tables_(tables), watch_(watch), steps_(steps) {}
  void on_step(const World& w) override {
    tables_.on_step(w);
    watch_(static_cast<std::uint64_t>(w.step), static_cast<std::uint64_t>(steps_));
  }
  void on_log(const World& w, const LogEntry& e) override { tables_.on_log(w, e); }

 private:
  Recorder& tables_;
  Watch& watch_;
  int steps_;
};

/// A limit of statecraft.limits that the loader does not hold (points, output_size): its value, else `otherwise`.
std::uint64_t limit_of(const LoadArgs& a, const std::string& name, std::uint64_t otherwise) {
  const auto at = a.limits.find(name);
  return at == a.limits.end() ? otherwise : static_cast<std::uint64_t>(at->second);
}

/// Runs the scenario once (run 0, as `statecraft run` does) and keeps its tables in memory: refused, as the CLI
/// refuses outputs, when they would pass statecraft.limits['output_size'] (as the CSVs they would be).
py::dict run(const LoadArgs& a) {
  TrendTables tables;
  std::vector<std::string> warnings;
  Watch watch{py::none()};
  bool finished = false;
  {
    py::gil_scoped_release nogil;
    Scenario sc = load_scenario(a.path, a.options());
    const double bytes = estimate_run_bytes(sc, Format::Tidy);
    const auto limit = limit_of(a, "output_size", kDefaultMaxOutputBytes);
    if (bytes > static_cast<double>(limit))
      throw UsageError(size_over_limit("the tables, as CSV files,", bytes, limit,
                                       a.options().limits.how_to_raise("output-size")));
    warnings = hold_set_values(sc, a);
    TableRecorder rec(sc);
    WatchedRun watched(rec, watch, sc.steps);
    Engine engine(sc, 0);
    finished = engine.run(&watched, &watch.stop);
    tables = std::move(rec.tables());
  }
  watch.raise_if_stopped();
  if (!finished) throw std::runtime_error("the run stopped before its end");  // only the watch stops it
  for (const auto& w : warnings) warn(w);
  // Each table goes once Python holds its columns: a long run's tables are not held twice over.
  py::dict d;
  for (auto [name, table] : {std::pair{"actors", &tables.actors}, {"pairs", &tables.pairs}, {"region", &tables.region},
                             {"events", &tables.events}, {"drivers", &tables.drivers}}) {
    d[name] = columns(*table);
    *table = Table();
  }
  return d;
}

ExperimentOptions batch_options(const Scenario& sc, std::uint64_t runs, const std::vector<std::string>& metrics,
                                int jobs, Watch& watch) {
  ExperimentOptions o;
  o.runs = runs;
  o.par.jobs = std::max(1, jobs);
  // The metrics the scenario names in its outcomes: section, then these, checked as the CLI's --metric.
  for (const auto& w : sc.warnings) warn(w, is_old_spelling_warning(w));
  std::vector<std::string> errors;
  o.metrics = metrics_named(sc, sc.outcome_metrics, metrics, errors);
  if (!errors.empty()) throw py::value_error("metrics: " + errors.front());
  for (const auto& text : metrics)
    if (const auto renamed = new_metric_spelling(text))
      warn("metrics: " + old_spelling_warning(text, *renamed), true);
  o.stop = &watch.stop;
  o.on_progress = [&watch](std::uint64_t done, std::uint64_t total) { watch(done, total); };
  return o;
}

py::dict batch_result(const ExperimentReport& rep, Watch& watch) {
  watch.raise_if_stopped();
  if (rep.interrupted) throw std::runtime_error("the batch stopped before its end");  // only the watch stops it
  py::dict d;
  d["tables"] = named_tables(rep.tables);
  d["summary"] = rep.summary;
  return d;
}

/// The uncertain values of `variants` drawn in every run, as `statecraft compare --uncertain`: the set events of
/// the same paths skipped (each warned once), and each run's scenario loaded with its draws where they cannot be
/// written directly.
void draw_uncertain_values(const LoadArgs& a, const std::vector<LoadArgs>& each, std::vector<Scenario>& variants,
                           ExperimentOptions& o) {
  if (std::all_of(variants.begin(), variants.end(), [](const Scenario& v) { return v.uncertain.empty(); }))
    throw py::value_error("uncertain: " + a.path +
                          " declares no uncertain values (expected a file or variant with uncertain: entries)");
  // A value is either set or drawn, as the CLI's --set with --uncertain: every one, a line each.
  std::vector<const Scenario*> drawing;
  for (const auto& v : variants) drawing.push_back(&v);
  if (const auto both = held_and_drawn(a.held_paths(), drawing, "uncertain"); !both.empty()) {
    std::string message;
    for (const auto& line : both) message += (message.empty() ? "set: " : "\nset: ") + line;
    throw py::value_error(message);
  }
  std::set<std::string> said;
  for (auto& v : variants) {
    std::vector<std::string> paths;
    for (const auto& in : v.uncertain) paths.push_back(in.path);
    for (const auto& e : hold_values(v, paths))
      if (const std::string w = skipped_event_warning(e, "uncertain"); said.insert(w).second) warn(w);
  }
  o.uncertain = true;
  o.load_with = [each](std::size_t v, const std::vector<std::pair<std::string, double>>& overrides) {
    const LoadArgs& one = each[v];  // the variant's name and the set= values it has
    LoadOptions lo = one.options();
    lo.check_all_variants = false;
    add_drawn_values(lo, overrides);  // a draw that breaks a check between values is said as the CLI says it
    Scenario sc = load_scenario(one.path, lo);
    std::vector<std::string> paths = one.held_paths();  // set= values hold, as the CLI's --set
    for (const auto& in : sc.uncertain) paths.push_back(in.path);
    hold_values(sc, paths);
    return sc;
  };
}

/// `refused`, a load with set= values, thrown again with each set= value that one of `each` declares uncertain
/// said after its problems, as the CLI's --uncertain --set (refuse_also_drawn).
[[noreturn]] void refuse_also_drawn(const ScenarioError& refused, const LoadArgs& a, const std::vector<LoadArgs>& each) {
  statecraft::refuse_also_drawn(refused, a.held_paths(), each.size(), [&](std::size_t v) {
    LoadArgs plain = each[v];
    plain.set.clear();
    return load(plain);
  }, "uncertain");
}

py::dict ensemble(const LoadArgs& a, std::uint64_t runs, const std::vector<std::string>& metrics, int jobs,
                  py::object progress, bool uncertain) {
  Scenario sc;
  try {
    sc = load(a);
  } catch (const ScenarioError& e) {
    if (uncertain && !a.set.empty()) refuse_also_drawn(e, a, {a});
    throw;
  }
  for (const auto& w : hold_set_values(sc, a)) warn(w);
  Watch watch(std::move(progress));
  ExperimentOptions o = batch_options(sc, runs, metrics, jobs, watch);
  o.set_values = a.set;
  if (uncertain) {  // as `statecraft run --runs --uncertain`: run r draws what variant V's run r draws in compare
    std::vector<Scenario> one;
    one.push_back(std::move(sc));
    draw_uncertain_values(a, {a}, one, o);
    sc = std::move(one.front());
  }
  ExperimentReport rep;
  {
    py::gil_scoped_release nogil;
    rep = run_ensemble(sc, a.path, o);
  }
  return batch_result(rep, watch);
}

py::dict compare(const LoadArgs& a, std::vector<std::string> names, std::string baseline, std::string rank_by,
                 const std::map<std::string, double>& thresholds, std::uint64_t runs,
                 const std::vector<std::string>& metrics, int jobs, py::object progress, bool uncertain,
                 const std::string& rank_criterion, bool explain, const std::string& adjust,
                 const std::string& better) {
  LoadArgs base_args = a;
  base_args.variant.clear();
  base_args.set.clear();
  const Scenario base = load(base_args);
  // As `statecraft compare`: every variant by default, the baseline and the outcome to rank by as there.
  if (names.empty()) {
    for (const auto& v : base.variants) names.push_back(v.name);
    if (names.empty())
      throw py::value_error(a.path + ": defines no variants (expected a file with variants: to compare)");
  }
  std::set<std::string> seen;
  for (const auto& n : names)
    if (!seen.insert(n).second) throw py::value_error("variants: " + n + " is given twice (expected each variant once)");
  // As `statecraft compare --set`: a path only some variants have (an institution a variant adds) is set in
  // those, with a warning naming the others; a path none has is refused.
  std::vector<LoadArgs> each;
  for (const auto& n : names) {
    each.push_back(a);
    each.back().variant = n;
  }
  SetAcrossVariants across;
  if (!a.set.empty()) {
    std::vector<Scenario> plain;
    for (LoadArgs v : each) {
      v.set.clear();
      plain.push_back(load(v));
    }
    across = set_across_variants(plain, a.held_paths(), "--set");
    for (std::size_t v = 0; v < each.size(); ++v) {
      each[v].set.clear();
      for (std::size_t k = 0; k < a.set.size(); ++k)
        if (across.applies[v][k]) each[v].set.push_back(a.set[k]);
    }
  }
  // Every variant's warnings are given, each once: the base file's events are every variant's, but a variant's
  // own events, or a path only some variants have, are said by those alone.
  std::vector<Scenario> variants;
  try {
    variants = load_each_variant(across, each.size(), [&](std::size_t v) { return load(each[v]); });
  } catch (const ScenarioError& e) {
    if (uncertain && !a.set.empty()) refuse_also_drawn(e, a, each);
    throw;
  }
  std::set<std::string> said;
  for (std::size_t v = 0; v < each.size(); ++v) {
    for (const auto& w : hold_set_values(variants[v], each[v]))
      if (said.insert(w).second) warn(w);
  }
  if (baseline.empty()) baseline = base.baseline;
  if (baseline.empty() && seen.count("status_quo")) baseline = "status_quo";
  if (baseline.empty()) baseline = names.front();
  if (!seen.count(baseline)) {
    std::string listed;
    for (const auto& n : names) listed += (listed.empty() ? "" : ", ") + n;
    throw py::value_error("baseline: '" + baseline + "' is not among the variants compared (expected one of: " + listed +
                          ")");
  }
  Watch watch(std::move(progress));
  ExperimentOptions o = batch_options(base, runs, metrics, jobs, watch);
  if (rank_by.empty()) rank_by = base.rank_by.empty() ? "tension_final" : base.rank_by;
  else rank_by = respell("rank_by", rank_by);
  const std::vector<std::string> outcomes = comparable_outcomes(base, o.metrics);
  rank_by = outcome_as_listed(base, rank_by, outcomes);  // a relation written the other way round, as listed
  if (std::find(outcomes.begin(), outcomes.end(), rank_by) == outcomes.end())
    throw py::value_error("rank_by: " + unknown_outcome(rank_by, outcomes, base, "metrics"));
  // Thresholds as `statecraft compare`: the file's outcomes.thresholds, then those given over them.
  o.thresholds = std::map<std::string, double>(base.outcome_thresholds.begin(), base.outcome_thresholds.end());
  for (const auto& [given, value] : thresholds) {
    const std::string name = outcome_as_listed(base, respell("thresholds", given), outcomes);
    if (std::find(outcomes.begin(), outcomes.end(), name) == outcomes.end())
      throw py::value_error("thresholds: " + unknown_outcome(name, outcomes, base, "metrics"));
    if (!std::isfinite(value) || value < 0)
      throw py::value_error("thresholds: " + name + ": " + fmt(value) + " is not a threshold (expected a number >= 0)");
    o.thresholds[name] = value;
  }
  o.baseline = baseline;
  o.rank_by = rank_by;
  // Which end is better, as `statecraft compare --better`: better=, else the file's outcomes.better when it ranks
  // by the file's outcome, else the outcome's own; an outcome of neither kind needs one of the first two.
  if (!better.empty()) {
    const auto given = parse_better(better);
    if (!given)
      throw py::value_error("better: unknown end '" + better + "' (expected one of: lower, higher)");
    o.better = *given;
  } else if (rank_by == base.rank_by) {
    o.better = base.rank_better;
  }
  if (ranking_end(base, rank_by, o.better) == Better::Neither)
    throw py::value_error("rank_by: " + better_unstated(rank_by, "better='lower' or better='higher' with it"));
  if (const std::string against =
          better_against_own(base, rank_by, o.better,
                             better.empty() ? "outcomes.better: " + std::string(better_word(o.better))
                                            : "better='" + better + "'");
      !against.empty())
    warn(against);
  const std::vector<std::string> criteria{"mean", "regret", "max-regret", "p-best"};
  if (!rank_criterion.empty() && std::find(criteria.begin(), criteria.end(), rank_criterion) == criteria.end())
    throw py::value_error("rank_criterion: unknown criterion '" + rank_criterion +
                          "' (expected one of: mean, regret, max-regret, p-best)");
  o.rank_criterion = rank_criterion;
  const auto correction = parse_adjust(adjust);
  if (!correction)
    throw py::value_error("adjust: unknown correction '" + adjust + "' (expected one of: none, bonferroni, holm)");
  o.adjust = *correction;
  o.explain = explain;
  if (uncertain) draw_uncertain_values(a, each, variants, o);
  o.set_values = a.set;
  o.set_applies = across.applies;
  for (const auto& note : across.notes) warn("set: " + note);
  ExperimentReport rep;
  {
    py::gil_scoped_release nogil;
    rep = run_compare(variants, a.path, o);
  }
  py::dict d = batch_result(rep, watch);
  d["baseline"] = baseline;
  d["rank_by"] = rank_by;
  d["better"] = std::string(better_word(ranking_end(base, rank_by, o.better)));
  py::dict ends;  // every outcome's own better end, for ranked()
  for (const auto& name : outcomes) ends[py::str(name)] = std::string(better_word(outcome_better(base, name)));
  d["outcome_better"] = ends;
  d["ranked"] = rep.ranked;
  return d;
}

py::dict sweep(const LoadArgs& a, const std::vector<std::string>& params, const std::string& design,
               std::size_t samples, std::uint64_t runs, int bootstrap, const std::vector<std::string>& metrics,
               int jobs, py::object progress, const std::string& design_text, const std::string& design_name) {
  SweepSpec spec;
  spec.file = a.path;
  spec.load = a.options();
  const bool from_file = !design_name.empty();
  if (!from_file && design != "grid" && design != "lhs" && design != "sobol")
    throw py::value_error("design: '" + design + "' is not a design (expected grid, lhs or sobol)");
  spec.design = design == "lhs" ? Design::Lhs : design == "sobol" ? Design::Sobol : Design::Grid;
  spec.samples = samples;
  spec.bootstrap = bootstrap;
  std::vector<std::string> paths;
  for (const auto& text : params) {
    std::string error;
    auto p = parse_sweep_param(text, error);
    if (!p) {  // in Python's words: a value that holds is set=
      if (const auto at = error.find("--set PATH=VALUE"); at != std::string::npos)
        error.replace(at, 16, "set={PATH: VALUE}");
      throw py::value_error("params: " + error);
    }
    spec.params.push_back(*p);
    paths.push_back(p->path);
  }
  if (const std::string repeated = repeated_value_path(paths); !repeated.empty())
    throw py::value_error("params: " + repeated);
  const Scenario base = load(a);
  if (from_file) {
    if (!params.empty()) throw py::value_error("params and a design of points both given (expected one of them)");
    use_design_file(spec, parse_design_file(design_text, design_name, base));
    paths = {};
    for (const auto& p : spec.params) paths.push_back(p.path);
  }
  if (paths.empty()) throw py::value_error("params: none given (expected {path: (low, high)} or a design of points)");
  const std::string swept_by = from_file ? "design" : "params";
  // Refused before the design is built: a grid of three parameters of 1000 points each is a billion points.
  const long double points = design_size(spec);
  if (const auto limit = limit_of(a, "points", kDefaultMaxPoints); points > static_cast<long double>(limit))
    throw py::value_error(swept_by + ": " +
                          design_over_limit(from_file ? "the design of points" : "the " + design + " design", points,
                                            limit, a.options().limits.how_to_raise("points")));
  if (const std::vector<std::string> both = held_and_swept(a.held_paths(), paths, swept_by); !both.empty()) {
    std::string message;  // every one, a line each, as the CLI says them
    for (const auto& line : both) message += (message.empty() ? "set: " : "\nset: ") + line;
    throw py::value_error(message);
  }
  // As `statecraft sweep`: every point skips the same events, said once, and a start swept past the run is said.
  Scenario held = base;
  for (const auto& w : hold_set_values(held, a)) warn(w);
  for (const auto& e : hold_values(held, paths)) warn(skipped_event_warning(e, swept_by));
  for (const auto& p : spec.params)
    if (const std::string last = start_after_run(base, p.path, p.hi); !last.empty())
      warn(swept_by + ": " + p.path + " reaches " + format_number(p.hi) + ", after the run's last year " + last +
           " (the institution never starts at the points after it)");
  Watch watch(std::move(progress));
  ExperimentOptions o = batch_options(base, runs, metrics, jobs, watch);
  o.set_values = a.set;
  ExperimentReport rep;
  try {
    py::gil_scoped_release nogil;
    rep = run_sweep(spec, o);
  } catch (const Interrupted&) {  // Ctrl-C while the points were checked, before any run
    watch.raise_if_stopped();
    throw;
  }
  return batch_result(rep, watch);
}

}  // namespace

PYBIND11_MODULE(_statecraft, m) {
  m.doc() = "Statecraft's library for Python: use the statecraft package (docs/python.md)";
  m.attr("version") = STATECRAFT_VERSION;

  // ScenarioError carries every diagnostic; the Python package defines the class (statecraft/_errors.py).
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ScenarioError& e) {
      // The text as the CLI prints it: each line printable (a NUL in a value neither cuts the message short,
      // as e.what() would, nor reaches the terminal raw, nor does an escape sequence). The diagnostics keep
      // the raw path and message for programs; their line is the printable one.
      py::list diags;
      std::string what;
      for (const auto& d : e.diagnostics()) {
        const std::string line = printable(d.str());
        diags.append(py::make_tuple(d.mark.file, d.mark.line, d.mark.col, d.path, d.message, line));
        what += (what.empty() ? "" : "\n") + line;
      }
      if (e.dropped() > 0) what += "\n... and " + counted(e.dropped(), "more problem");
      const py::object cls = py::module_::import("statecraft._errors").attr("ScenarioError");
      PyErr_SetObject(cls.ptr(), cls(what, diags).ptr());
    } catch (const UsageError& e) {
      PyErr_SetString(PyExc_ValueError, printable(e.what()).c_str());
    } catch (const RunError& e) {
      const py::object cls = py::module_::import("statecraft._errors").attr("RunError");
      PyErr_SetObject(cls.ptr(), cls(printable(e.what())).ptr());
    }
  });

  py::class_<LoadArgs>(m, "LoadArgs")
      .def(py::init<>())
      .def_readwrite("path", &LoadArgs::path)
      .def_readwrite("variant", &LoadArgs::variant)
      .def_readwrite("seed", &LoadArgs::seed)
      .def_readwrite("steps", &LoadArgs::steps)
      .def_readwrite("set", &LoadArgs::set)
      .def_readwrite("limits", &LoadArgs::limits);
  m.def("number_problem", [](const std::string& text) { return number_problem(text); },
        "Why a text is no finite number, as a scenario file's value says it; empty if it is one.");
  m.def("unrepresentable_number", [](const std::string& text) { return unrepresentable_number(text); },
        "Whether a text is written as a number refused for its value (1e999, 1e-999, .inf).");
  m.def("switch_paths", [] {
    std::vector<std::string> paths;
    for (const SettablePath& p : settable_paths())
      if (p.desc.type == ValueType::Switch) paths.push_back(p.path);
    return paths;
  }, "The settable paths that take True or False (docs/paths.md), which set= takes as 1 or 0.");
  m.def("default_limits", [] { return limits_by_name(Limits{}); },
        "The loader's limits by default, as statecraft.limits names them.");

  py::class_<Scenario>(m, "Scenario")
      .def_readonly("name", &Scenario::name)
      .def_readonly("description", &Scenario::description)
      .def_readonly("start_year", &Scenario::start_year)
      .def_readonly("steps", &Scenario::steps)
      .def_readonly("dt", &Scenario::dt)
      .def_readonly("seed", &Scenario::seed)
      .def_readonly("variant", &Scenario::variant)
      .def_property_readonly("variants",
                             [](const Scenario& sc) {
                               std::vector<std::pair<std::string, std::string>> v;
                               for (const auto& x : sc.variants) v.emplace_back(x.name, x.description);
                               return v;
                             })
      .def_property_readonly("actors", [](const Scenario& sc) { return columns(actors_table(sc)); })
      .def("params", [](const Scenario& sc) { return columns(params_table(sc)); })
      .def_property_readonly("outcome_metrics", [](const Scenario& sc) { return sc.outcome_metrics; })
      .def_property_readonly("warnings", [](const Scenario& sc) { return sc.warnings; });

  m.def("load", &load, py::arg("args"));
  m.def("respell", &respell, py::arg("what"), py::arg("name"),
        "An outcome in the spelling of output format 1 (final.pair.A-B.NAME) as today's, with a FutureWarning.");
  m.def("run", &run, py::arg("args"));
  m.def("ensemble", &ensemble, py::arg("args"), py::arg("runs"), py::arg("metrics"), py::arg("jobs"),
        py::arg("progress"), py::arg("uncertain") = false);
  m.def("compare", &compare, py::arg("args"), py::arg("variants"), py::arg("baseline"), py::arg("rank_by"),
        py::arg("thresholds"),
        py::arg("runs"), py::arg("metrics"), py::arg("jobs"), py::arg("progress"), py::arg("uncertain"),
        py::arg("rank_criterion"), py::arg("explain"), py::arg("adjust"), py::arg("better") = "");
  m.def("sweep", &sweep, py::arg("args"), py::arg("params"), py::arg("design"), py::arg("samples"), py::arg("runs"),
        py::arg("bootstrap"), py::arg("metrics"), py::arg("jobs"), py::arg("progress"), py::arg("design_text") = "",
        py::arg("design_name") = "");
  m.def("read_design_text", [](const std::string& path, const LoadArgs& a) { return read_design_text(path, a.options().limits); },
        py::arg("path"), py::arg("args"),
        "The text of a design file as `sweep --design-file` reads it: a regular file within limits['file_size'].");
  m.def("outcomes", [] {
    std::vector<std::pair<std::string, bool>> v;
    for (const auto& o : builtin_outcomes()) v.emplace_back(std::string(o.name), o.lower_is_better);
    return v;
  });
}
