#include <iostream>
#include <optional>

#include "batch_flags.hpp"
#include "set_values.hpp"
#include "commands.hpp"
#include "flags.hpp"
#include "signals.hpp"
#include "statecraft/engine/engine.hpp"
#include "statecraft/output/output_dir.hpp"
#include "statecraft/output/manifest.hpp"
#include "statecraft/output/recorder.hpp"
#include "statecraft/output/size_estimate.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/scenario/load.hpp"
#include "statecraft/util/counted.hpp"

namespace statecraft::cli {

Action add_run(CLI::App& app) {
  struct Opts {
    std::string file, variant, out, format = "tidy";
    std::optional<int> steps;
    std::optional<std::uint64_t> seed;
    std::uint64_t runs = 0;
    std::vector<std::string> set;
    bool uncertain = false;
    BatchFlags batch;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("file", o->file, "Scenario file (default: the bundled scenarios/asia_pacific_2012.yaml)");
  add_variant(app, o->variant, "Apply this variant of the scenario");
  add_integer(app, "--steps", o->steps, "Override the number of steps", 1);
  add_integer(app, "--seed", o->seed, "Override the scenario's seed", 0);
  add_out(app, o->batch.out,
          "Output directory (default: out/NAME, out/NAME_VARIANT with --variant, out/NAME_ensemble with --runs)");
  const CLI::Option* format_flag = add_choice(
      app, "--format", o->format, "tidy (one row per step and entity) or wide (one row per step)", "format",
      {"tidy", "wide"});
  app.add_flag("--force", o->batch.force, "Replace an output directory that already holds files");
  add_integer(app, "--runs", o->runs, "Monte Carlo replicates: summarise N runs in ensemble.csv", 1);
  add_set_flag(app, o->set);
  app.add_flag("--uncertain", o->uncertain,
               "With --runs: draw the scenario's uncertain: values anew in every run, as compare --uncertain does");
  add_batch_flags(app, o->batch, false);
  app.footer("Example: statecraft run scenarios/security_dilemma.yaml --variant both_bop --out out/bop\n"
             "Ensemble: statecraft run scenarios/asia_pacific_2012.yaml --runs 1000 --metric relations.USA-CHN.tension --out out/ens");
  return [o, format_flag]() {
    const std::string file = scenario_or_default(o->file);
    if (o->runs > 0 && format_flag->count() > 0) {  // a batch's files, kept runs included, have one layout
      error_line() << "--format: goes with a single run (expected no --format with --runs: a batch's kept runs are "
                      "tidy, one row per run, step and entity)\n";
      return static_cast<int>(kBadInput);
    }
    LoadOptions lo;
    lo.limits = cli_limits().load;
    lo.variant = o->variant;
    lo.variant_given_by = "--variant";
    lo.steps = o->steps;
    lo.seed = o->seed;
    const bool sets_read = add_set_values(o->set, lo);
    Scenario sc;
    try {
      sc = load_scenario(file, lo);  // the --set values that could be read are checked too: every problem
    } catch (const ScenarioError& e) {
      if (o->uncertain) refuse_also_drawn(e, file, lo, {lo});
      throw;
    }
    if (!sets_read) {  // the values that could be read are checked as far as they go: every problem at once
      if (o->uncertain) (void)set_values_not_drawn(lo, {&sc});
      return static_cast<int>(kBadInput);
    }
    if (o->runs == 0 && (o->batch.keep_runs || o->batch.resume || !o->batch.metrics.empty() || o->batch.jobs > 0 ||
                         o->uncertain)) {
      error_line() << "--jobs, --keep-runs, --resume, --metric and --uncertain go with --runs (expected --runs N)\n";
      return static_cast<int>(kBadInput);
    }
    const bool root = detect_parallelism(1).rank == 0;
    if (o->uncertain && sc.uncertain.empty()) {
      error_line() << "--uncertain: " << file
                   << " declares no uncertain values (expected a file or variant with uncertain: entries)\n";
      return static_cast<int>(kBadInput);
    }
    if (o->uncertain && !set_values_not_drawn(lo, {&sc})) return static_cast<int>(kBadInput);  // before warnings
    hold_set_values(sc, lo, root);  // said once, by rank 0
    if (o->runs > 0) {
      if (!runs_within_limit(o->runs)) return static_cast<int>(kBadInput);
      const auto metrics = batch_metrics(sc, o->batch.metrics);
      if (!metrics) return static_cast<int>(kBadInput);
      if (!output_within_limit(estimate_batch_bytes({&sc}, o->runs, *metrics, o->batch.keep_runs)))
        return static_cast<int>(kBadInput);
      BatchFlags flags = o->batch;
      flags.metrics = *metrics;
      ExperimentOptions eo = experiment_options(flags, o->runs, default_out(sc, "_ensemble"));
      eo.set_values = set_values(lo);
      if (o->uncertain) {
        eo.uncertain = true;
        std::vector<std::string> said;
        hold_uncertain_values(sc, root, said);
        LoadOptions each = lo;
        each.variant = sc.variant;
        eo.load_with = uncertain_loader(file, {each});
      }
      ExperimentReport rep = run_ensemble(sc, file, eo);
      const int rc = report(rep, eo, "the same command with");
      if (rc == kOk && eo.par.rank == 0)
        std::cout << "statecraft: " << sc.name << (sc.variant.empty() ? "" : " [" + sc.variant + "]") << ", "
                  << counted(o->runs, "run") << ": " << rep.summary << "; wrote " << printable(eo.out_dir) << "/\n";
      return rc;
    }
    if (!root) return static_cast<int>(kOk);  // one run: rank 0 does it alone
    const std::string out = o->batch.out.empty() ? default_out(sc, "") : o->batch.out;
    const Format fmt_kind = o->format == "wide" ? Format::Wide : Format::Tidy;
    if (!output_within_limit(estimate_run_bytes(sc, fmt_kind))) return static_cast<int>(kBadInput);
    const std::atomic<bool>& stop = stop_on_signals();
    OutputDir dir(out, o->batch.force, sc.source_paths());
    const std::vector<std::string> files = {"actors.csv", "pairs.csv", "region.csv", "events.csv",
                                            "drivers.csv", "manifest.json"};
    TrendStreams streams{&dir.file("actors.csv"), &dir.file("pairs.csv"), &dir.file("region.csv"),
                         &dir.file("events.csv"), &dir.file("drivers.csv")};
    TrendRecorder rec(sc, streams, fmt_kind);
    Engine engine(sc, 0);
    if (!engine.run(&rec, &stop)) throw Interrupted("interrupted at step " + std::to_string(engine.world().step) +
                                                    " of " + std::to_string(sc.steps) + "; nothing was written");
    Manifest manifest = run_manifest(sc, file, fmt_kind, files);
    for (const auto& [path, value] : set_values(lo)) manifest["set"][path] = value;
    write_manifest(dir.file("manifest.json"), manifest);
    dir.commit();
    RegionStats r = region_stats(engine.world());
    std::cout << "statecraft: " << sc.name << (sc.variant.empty() ? "" : " [" + sc.variant + "]") << ", "
              << counted(static_cast<std::size_t>(sc.steps), "step") << " to " << fmt(sc.year_of(sc.steps)) << ": mean tension "
              << fmt(r.mean_tension) << ", military spending in " << fmt(sc.year_of(sc.steps)) << " "
              << fmt(r.total_milex) << " bn a year; wrote " << printable(out) << "/\n";
    return static_cast<int>(kOk);
  };
}

}  // namespace statecraft::cli
