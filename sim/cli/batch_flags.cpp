#include "batch_flags.hpp"
#include "flags.hpp"

#include <algorithm>
#include <iostream>
#include <thread>
#include <unistd.h>

#include "set_values.hpp"
#include "signals.hpp"
#include "statecraft/experiment/held_values.hpp"
#include "statecraft/scenario/paths.hpp"
#include "statecraft/util/counted.hpp"

namespace statecraft::cli {

void add_batch_flags(CLI::App& app, BatchFlags& f, bool with_out, bool with_keep_runs) {
  add_integer(app, "--jobs,-j", f.jobs, "Threads (default: all cores)", 1, 1024);
  if (with_keep_runs)
    app.add_flag("--keep-runs", f.keep_runs, "Also write every run's trends to runs/ in the output directory");
  app.add_flag("--resume", f.resume, "Complete an interrupted batch with the same command");
  add_list(app, "--metric", f.metrics,
           "A trend metric to summarise and compare, comma-separated or repeated: region.NAME, actors.ID.NAME, "
           "relations.A-B.NAME",
           true)
      ->type_name("METRIC");
  if (with_out) {
    add_out(app, f.out, "Output directory");
    app.add_flag("--force", f.force, "Replace an output directory that already holds files, or an unfinished batch");
  }
}

std::optional<std::vector<std::string>> batch_metrics(const Scenario& sc, const std::vector<std::string>& flags) {
  for (const auto& w : sc.warnings) std::cerr << printable(w) << "\n";
  std::vector<std::string> errors;
  std::vector<std::string> metrics = metrics_named(sc, sc.outcome_metrics, flags, errors);
  for (const auto& e : errors) error_line() << "--metric: " << e << "\n";
  if (!errors.empty()) return std::nullopt;
  for (const auto& text : flags)
    if (const auto renamed = new_metric_spelling(text))
      warning_line() << "--metric: " << old_spelling_warning(text, *renamed) << "\n";
  return metrics;
}

ExperimentOptions experiment_options(const BatchFlags& f, std::uint64_t runs, const std::string& default_out) {
  ExperimentOptions o;
  o.out_dir = f.out.empty() ? default_out : f.out;
  o.force = f.force;
  o.resume = f.resume;
  o.keep_runs = f.keep_runs;
  o.runs = runs;
  const unsigned cores = std::thread::hardware_concurrency();
  o.par = detect_parallelism(f.jobs > 0 ? f.jobs : static_cast<int>(cores > 0 ? cores : 1));
  o.metrics = f.metrics;
  o.progress = o.par.rank == 0 && ::isatty(2);
  o.stop = &stop_on_signals();
  return o;
}

void hold_uncertain_values(Scenario& sc, bool say, std::vector<std::string>& said) {
  std::vector<std::string> paths;
  for (const auto& in : sc.uncertain) paths.push_back(in.path);
  for (const auto& e : hold_values(sc, paths)) {
    const std::string w = skipped_event_warning(e, "--uncertain");
    if (std::find(said.begin(), said.end(), w) != said.end()) continue;
    if (say) std::cerr << printable(w) << "\n";
    said.push_back(w);
  }
}

namespace {

/// The paths of the --set values of `lo`.
std::vector<std::string> held_paths(const LoadOptions& lo) {
  std::vector<std::string> held;
  for (const auto& [path, value] : set_values(lo)) held.push_back(path);
  return held;
}

}  // namespace

bool set_values_not_drawn(const LoadOptions& lo, const std::vector<const Scenario*>& variants) {
  const std::vector<std::string> both = held_and_drawn(held_paths(lo), variants, "--uncertain");
  for (const auto& line : both) error_line() << "--set: " << line << "\n";
  return both.empty();
}

void refuse_also_drawn(const ScenarioError& refused, const std::string& file, const LoadOptions& lo,
                       const std::vector<LoadOptions>& each) {
  statecraft::refuse_also_drawn(refused, held_paths(lo), each.size(), [&](std::size_t v) {
    LoadOptions plain = each[v];
    plain.overrides.clear();
    plain.override_marks.clear();
    return load_scenario(file, plain);
  }, "--uncertain");
}

std::function<Scenario(std::size_t, const std::vector<std::pair<std::string, double>>&)> uncertain_loader(
    const std::string& file, const std::vector<LoadOptions>& each) {
  return [file, each](std::size_t v, const std::vector<std::pair<std::string, double>>& drawn) {
    LoadOptions l = each[v];
    l.check_all_variants = false;
    add_drawn_values(l, drawn);
    Scenario sc = load_scenario(file, l);
    hold_set_values(sc, each[v], false);
    std::vector<std::string> quiet;
    hold_uncertain_values(sc, false, quiet);
    return sc;
  };
}

int report(const ExperimentReport& rep, const ExperimentOptions& o, const std::string& resume_hint) {
  // Rank 0 speaks for the batch. Another rank exits as stopped only if a signal reached it: one that ran what
  // it was handed out until rank 0 stopped the batch exits 0, and mpirun reports rank 0's code.
  if (o.par.rank != 0) return o.stop && o.stop->load() ? stopped_exit_code() : kOk;
  if (rep.redone > 0)
    std::cerr << "statecraft: " << rep.redone << " of the runs recorded in the unfinished batch did not have all "
              << "their rows in its files; they were run again\n";
  if (rep.interrupted) {
    std::cerr << "statecraft: interrupted after " << rep.consumed << " of " << counted(rep.total, "run")
              << "; the finished runs are kept: " << printable(resume_hint) << " --resume completes the batch\n";
    return stopped_exit_code();
  }
  return kOk;
}

}  // namespace statecraft::cli
