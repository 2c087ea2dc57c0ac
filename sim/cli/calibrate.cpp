#include <cmath>
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "flags.hpp"
#include "signals.hpp"
#include "statecraft/experiment/calibrate.hpp"
#include "statecraft/experiment/held_values.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/output/output_dir.hpp"

namespace statecraft::cli {

namespace {

std::string g(double x, const char* f = "%.4g") {
  char buf[48];
  std::snprintf(buf, sizeof buf, f, x);
  return buf;
}

int midyear(const CalibrationSpec& spec, const Scenario& sc, OutputDir& dir) {
  const RichardsonCheck c = richardson_check(spec);
  std::string who;
  for (const auto& id : c.actor_ids) who += (who.empty() ? "" : " + ") + id;
  const MidyearFit& f = c.fit;
  std::cout << "Richardson's regression: the yearly increase of " << c.metric << " (" << who
            << ") against its mid-year value, " << fmt(c.years.front()) << "-" << fmt(c.years.back()) << ", "
            << f.n << " increases:\n\n"
            << "  d(x)/dt = " << g(f.slope, "%.3f") << " (x - " << g(f.root, "%.1f") << ")\n"
            << "  slope " << g(f.slope, "%.4f") << " (SE " << g(f.se_slope) << "), intercept " << g(f.intercept, "%.2f")
            << " (SE " << g(f.se_intercept) << "), root " << g(f.root, "%.2f") << ", R^2 " << g(f.r2, "%.4f") << "\n"
            << "  one-year discrete form: x' = x + " << g(f.one_year, "%.4f") << " (x - " << g(f.root, "%.1f")
            << "), the coefficient e^" << g(f.slope, "%.3f") << " - 1\n\n"
            << "The scenario's own run from " << fmt(c.years.front()) << " (run 0, nothing fitted):\n\n"
            << "  year    observed   simulated   difference\n";
  for (std::size_t i = 0; i < c.years.size(); ++i) {
    char line[128];
    std::snprintf(line, sizeof line, "  %-6s %9.2f   %9.2f   %+9.2f (%+.1f%%)\n", fmt(c.years[i]).c_str(), c.observed[i],
                  c.simulated[i], c.simulated[i] - c.observed[i],
                  100 * (c.simulated[i] - c.observed[i]) / c.observed[i]);
    std::cout << line;
  }
  {
    auto& os = dir.file("midyear.csv");
    os << "metric,actors,years,n,slope,se_slope,intercept,se_intercept,root,r2,one_year\n";
    os << c.metric << "," << csv_field(who) << "," << fmt(c.years.front()) << "-" << fmt(c.years.back()) << "," << f.n
       << "," << fmt(f.slope) << "," << fmt(f.se_slope) << "," << fmt(f.intercept) << "," << fmt(f.se_intercept) << ","
       << fmt(f.root) << "," << fmt(f.r2) << "," << fmt(f.one_year) << "\n";
  }
  {
    auto& os = dir.file("series.csv");
    os << "year,observed,simulated\n";
    for (std::size_t i = 0; i < c.years.size(); ++i)
      os << fmt(c.years[i]) << "," << fmt(c.observed[i]) << "," << fmt(c.simulated[i]) << "\n";
  }
  write_midyear_manifest(dir.file("manifest.json"), spec, sc, {"midyear.csv", "series.csv", "manifest.json"});
  dir.commit();
  std::cout << "\nwrote " << printable(dir.path()) << "/\n";
  return kOk;
}

/// The files a calibration reads: the scenario with its extends chain, and the observed data.
std::vector<std::string> inputs(const Scenario& sc, const CalibrationSpec& spec) {
  std::vector<std::string> files = sc.source_paths();
  files.push_back(spec.observed);
  return files;
}

}  // namespace

Action add_calibrate(CLI::App& app) {
  struct Opts {
    std::string file, observed, variant, out;
    std::vector<std::string> fit;
    std::optional<double> from, to;
    bool log = false, force = false, midyear = false;
    int max_evals = 100000;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("file", o->file, "Scenario file")->required();
  add_named(app, "--observed", o->observed, "Observed data: a CSV with columns year,actor,metric,value[,weight]",
            "a CSV file of observations, e.g. data/backtest_1990.csv")
      ->type_name("CSV")
      ->required();
  add_list(app, "--fit", o->fit,
           "Values to fit, PATH[=LO:HI] comma-separated or repeated: actors.CHN.fatigue, "
           "policies.NAME.k, parameters.trust.forgetting, relations.USA-CHN.proximity",
           true)
      ->type_name("PATH[=LO:HI]");
  add_number(app, "--from", o->from, "First year fitted (default: the first observed)", "a year", "1990")
      ->type_name("YEAR");
  add_number(app, "--to", o->to, "Last year fitted; later observed years are forecast and scored against baselines",
             "a year", "2010")
      ->type_name("YEAR");
  add_variant(app, o->variant, "Calibrate this variant of the scenario");
  app.add_flag("--log", o->log, "Fit logarithms (relative errors): every observed value must be positive");
  add_integer(app, "--max-evals", o->max_evals, "Model runs the optimizer may spend (default 100000)", 10, 100000000);
  app.add_flag("--midyear", o->midyear,
               "Instead of fitting: Richardson's regression of the yearly increase of the observed metric, summed "
               "over actors, on its mid-year value, next to the scenario's own run");
  add_out(app, o->out, "Output directory (default: out/NAME_calibration, out/NAME_midyear)");
  app.add_flag("--force", o->force, "Replace an output directory that already holds files");
  app.footer(
      "Example: statecraft calibrate scenarios/backtest_1990.yaml --observed data/backtest_1990.csv --log --to 2010 "
      "--fit actors.USA.fatigue,actors.USA.baseline_share --out out/backtest\n"
      "Richardson: statecraft calibrate scenarios/richardson_1909.yaml --observed data/richardson_1909_1913.csv "
      "--midyear --out out/richardson");
  return [o]() {
    CalibrationSpec spec;
    spec.file = o->file;
    spec.load.limits = cli_limits().load;
    spec.load.variant = o->variant;
    spec.load.variant_given_by = "--variant";
    spec.load.check_all_variants = false;
    spec.observed = o->observed;
    spec.from = o->from;
    spec.to = o->to;
    spec.log_space = o->log;
    spec.max_evals = o->max_evals;
    if (o->from && o->to && *o->from > *o->to) {
      error_line() << "--from " << fmt(*o->from) << " is after --to " << fmt(*o->to)
                << " (expected --from <= --to)\n";
      return static_cast<int>(kBadInput);
    }
    spec.stop = &stop_on_signals();
    if (o->midyear) {
      if (!o->fit.empty() || o->log) {
        error_line() << "--midyear fits Richardson's line itself (expected no --fit or --log with it)\n";
        return static_cast<int>(kBadInput);
      }
      const Scenario sc = load_scenario(spec.file, spec.load);
      OutputDir dir(o->out.empty() ? default_out(sc, "_midyear") : o->out, o->force, inputs(sc, spec));
      return midyear(spec, sc, dir);
    }
    if (o->fit.empty()) {
      error_line() << "--fit is required (expected the values to fit, e.g. --fit actors.CHN.fatigue), "
                   "or --midyear\n";
      return static_cast<int>(kBadInput);
    }
    std::string joined;
    for (const auto& f : o->fit) joined += (joined.empty() ? "" : ",") + f;
    std::string error;
    auto params = parse_fit_params(joined, error);
    if (!params) {
      error_line() << "--fit: " << error << "\n";
      return static_cast<int>(kBadInput);
    }
    spec.params = *params;
    const Scenario sc = load_scenario(spec.file, spec.load);
    {
      Scenario held = sc;
      std::vector<std::string> paths;
      for (const auto& p : spec.params) paths.push_back(p.path);
      for (const auto& e : hold_values(held, paths)) std::cerr << printable(skipped_event_warning(e, "--fit")) << "\n";
    }
    // Claimed before the fit, which may take long: a command that cannot write its outputs says so at once.
    OutputDir dir(o->out.empty() ? default_out(sc, "_calibration") : o->out, o->force, inputs(sc, spec));
    const CalibrationResult r = calibrate(spec);
    write_calibration(spec, r, dir);
    std::cout << calibration_report(r) << "\nwrote " << printable(dir.path()) << "/\n";
    std::cout.flush();
    for (const std::string& w : r.warnings) warning_line() << w << "\n";
    return static_cast<int>(kOk);
  };
}

}  // namespace statecraft::cli
