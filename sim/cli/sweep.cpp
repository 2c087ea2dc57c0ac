#include <iostream>

#include "batch_flags.hpp"
#include "flags.hpp"
#include "set_values.hpp"
#include "statecraft/experiment/held_values.hpp"
#include "statecraft/experiment/sweep.hpp"
#include "statecraft/output/size_estimate.hpp"
#include "statecraft/scenario/paths.hpp"

namespace statecraft::cli {
namespace {

/// A flag as the command line spells it, and what CLI11 made of it.
using NamedFlag = std::pair<std::string, const CLI::Option*>;

/// A design file is the design: --design or --samples beside it asks for another one, so each given is refused
/// (count(), not the value, tells `--design grid` given from the default left alone). False if any was.
bool alone_with_design_file(const std::vector<NamedFlag>& design_flags) {
  bool alone = true;
  for (const auto& [name, flag] : design_flags)
    if (flag->count() > 0) {
      error_line() << name << ": cannot be given with --design-file (expected one or the other: the file is the design)\n";
      alone = false;
    }
  return alone;
}

}  // namespace

Action add_sweep(CLI::App& app) {
  struct Opts {
    std::string file, variant, design = "grid", design_file;
    std::vector<std::string> params;
    std::size_t samples = 64;
    std::uint64_t runs = 10;
    int bootstrap = 200;
    std::optional<std::uint64_t> seed;
    std::optional<int> steps;
    std::vector<std::string> set;
    BatchFlags batch;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("file", o->file, "Scenario file")->required();
  // No comma lists: a value is PATH=LO:HI[:N], and one value per --param reads best.
  add_list(app, "--param", o->params, "PATH=LO:HI[:N], repeatable: actors.CHN.growth, relations.USA-CHN.dialogue_cap, "
                                      "parameters.trust.forgetting, policies.balance_of_power.k", false)
      ->type_name("PATH=LO:HI[:N]");
  add_named(app, "--design-file", o->design_file,
            "CSV of design points instead of --param: a header of paths, one row of values per point",
            "a CSV file of design points; leave --design-file out to sweep --param ranges")
      ->type_name("CSV");
  const CLI::Option* design_flag =
      add_choice(app, "--design", o->design, "grid (N points per parameter), lhs (Latin hypercube) or sobol (Saltelli)",
                 "design", {"grid", "lhs", "sobol"});
  const CLI::Option* samples_flag =
      add_integer(app, "--samples", o->samples,
                  "Points of an lhs design; base rows N of a sobol design (N (k + 2) points)", 2, 1000000);
  add_integer(app, "--runs", o->runs, "Runs per point (default 10)", 1);
  add_integer(app, "--bootstrap", o->bootstrap, "Bootstrap resamples for the Sobol intervals (default 200)", 10, 100000);
  add_variant(app, o->variant, "Sweep around this variant of the scenario");
  add_integer(app, "--seed", o->seed, "Override the scenario's seed", 0);
  add_integer(app, "--steps", o->steps, "Override the number of steps", 1);
  add_set_flag(app, o->set);
  add_batch_flags(app, o->batch, true);
  app.footer("Example: statecraft sweep scenarios/asia_pacific_2012.yaml --param actors.CHN.growth=0.02:0.08 "
             "--param parameters.trust.forgetting=0.05:0.4 --design sobol --samples 64 --runs 4 --out out/sobol");
  return [o, design_flag, samples_flag]() {
    SweepSpec spec;
    spec.file = o->file;
    spec.load.limits = cli_limits().load;
    spec.load.variant = o->variant;
    spec.load.variant_given_by = "--variant";
    spec.load.seed = o->seed;
    spec.load.steps = o->steps;
    if (!add_set_values(o->set, spec.load)) {
      try {  // the --set values that could be read are checked too: every problem at once
        (void)load_scenario(spec.file, spec.load);
      } catch (const ScenarioError& e) {
        print_errors(e);
      }
      std::vector<std::string> held, swept;
      for (const auto& [path, value] : set_values(spec.load)) held.push_back(path);
      for (const auto& text : o->params) swept.push_back(text.substr(0, text.find('=')));
      for (const auto& line : held_and_swept(held, swept, "--param")) error_line() << "--set: " << line << "\n";
      return static_cast<int>(kBadInput);
    }
    spec.design = o->design == "lhs" ? Design::Lhs : o->design == "sobol" ? Design::Sobol : Design::Grid;
    spec.samples = o->samples;
    spec.bootstrap = o->bootstrap;
    if (o->params.empty() == o->design_file.empty()) {
      error_line() << (o->params.empty() ? "no parameters to sweep" : "--param and --design-file both given")
                   << " (expected --param PATH=LO:HI[:N], repeatable, or --design-file FILE)\n";
      return static_cast<int>(kBadInput);
    }
    if (!o->design_file.empty() && !alone_with_design_file({{"--design", design_flag}, {"--samples", samples_flag}}))
      return static_cast<int>(kBadInput);
    if (o->design_file.empty() && spec.design == Design::Grid && samples_flag->count() > 0) {
      // A grid's points are each --param's N: a --samples meant for an lhs or sobol design would be lost.
      error_line() << "--samples: a grid takes no samples (expected --design lhs or sobol with it, or N in each "
                      "--param PATH=LO:HI:N)\n";
      return static_cast<int>(kBadInput);
    }
    if (!o->design_file.empty()) use_design_file(spec, read_design_file(o->design_file, load_scenario(spec.file, spec.load), spec.load.limits));
    for (const auto& text : o->params) {
      std::string error;
      auto p = parse_sweep_param(text, error);
      if (!p) {
        error_line() << "--param: " << error << "\n";
        return static_cast<int>(kBadInput);
      }
      if (spec.design != Design::Grid && text.find(':') != text.rfind(':')) {  // PATH=LO:HI:N
        // Only a grid has points per parameter: an lhs or sobol design would silently drop N.
        error_line() << "--param: " << text << ": N goes with a grid (expected PATH=LO:HI with --design "
                     << o->design << ")\n";
        return static_cast<int>(kBadInput);
      }
      spec.params.push_back(*p);
    }
    std::vector<std::string> paths;
    for (const auto& p : spec.params) paths.push_back(p.path);
    if (const std::string repeated = repeated_value_path(paths); !repeated.empty() && o->design_file.empty()) {
      error_line() << "--param: " << repeated << "\n";
      return static_cast<int>(kBadInput);
    }
    std::vector<std::string> held;
    for (const auto& [path, value] : set_values(spec.load)) held.push_back(path);
    const std::string swept_by = o->design_file.empty() ? "--param" : "--design-file " + o->design_file;
    if (const std::vector<std::string> both = held_and_swept(held, paths, swept_by); !both.empty()) {
      try {  // the --set values' own problems (a path no scenario has, a value out of range) with these
        (void)load_scenario(spec.file, spec.load);
      } catch (const ScenarioError& e) {
        print_errors(e);
      }
      for (const auto& line : both) error_line() << "--set: " << line << "\n";
      return static_cast<int>(kBadInput);
    }
    // The design's size, before it is built: a grid multiplies its points.
    const long double points = design_size(spec);
    if (points > static_cast<long double>(cli_limits().points)) {
      const std::string design = spec.design == Design::File ? "--design-file " + o->design_file : "the " + o->design + " design";
      // Every problem at once: the file's rows that are no points are said too (their ranges are not checked:
      // that would load each of the too many points).
      if (spec.design == Design::File && !spec.file_design.row_problems.empty())
        print_errors(ScenarioError(spec.file_design.row_problems));
      error_line() << design_over_limit(design, points, cli_limits().points, "--max-points") << "\n";
      return static_cast<int>(kBadInput);
    }
    if (!runs_within_limit(o->runs)) return static_cast<int>(kBadInput);
    const Scenario base = load_scenario(spec.file, spec.load);
    const auto checked = batch_metrics(base, o->batch.metrics);
    if (!checked) return static_cast<int>(kBadInput);
    const std::vector<std::string>& metrics = *checked;
    if (!output_within_limit(estimate_sweep_bytes(base, static_cast<std::size_t>(points), paths, o->runs, metrics,
                                                  spec.design == Design::Sobol, o->batch.keep_runs)))
      return static_cast<int>(kBadInput);
    BatchFlags flags = o->batch;
    flags.metrics = metrics;
    ExperimentOptions eo = experiment_options(flags, o->runs, default_out(base, "_sweep"));
    eo.set_values = set_values(spec.load);
    // Every point skips the same events: said once, and only of paths the sweep will take (a path it refuses
    // is refused below, and a warning about it first would read as if it had been taken).
    if (eo.par.rank == 0 && names_every_path(paths, path_names(base))) {
      Scenario held = base;
      hold_set_values(held, spec.load, true);
      for (const auto& e : hold_values(held, paths)) std::cerr << printable(skipped_event_warning(e, "--param")) << "\n";
      for (const auto& p : spec.params)
        if (const std::string last = start_after_run(base, p.path, p.hi); !last.empty())
          warning_line() << swept_by << ": " << p.path << " reaches " << format_number(p.hi) << ", after the run's "
                         << "last year " << last << " (the institution never starts at the points after it)\n";
    }
    ExperimentReport rep = run_sweep(spec, eo);
    const int rc = report(rep, eo, "the same command with");
    if (rc == kOk && eo.par.rank == 0 && !rep.table.empty()) std::cout << rep.table << "\n";
    if (rc == kOk && eo.par.rank == 0)
      std::cout << "statecraft: sweep of " << base.name << ": " << rep.summary << "; wrote " << printable(eo.out_dir) << "/\n";
    return rc;
  };
}

}  // namespace statecraft::cli
