#include <algorithm>
#include <charconv>
#include <cmath>
#include <iostream>
#include <map>

#include "batch_flags.hpp"
#include "set_values.hpp"
#include "flags.hpp"
#include "statecraft/experiment/held_values.hpp"
#include "statecraft/output/size_estimate.hpp"
#include "statecraft/scenario/error.hpp"
#include "statecraft/scenario/load.hpp"
#include "statecraft/scenario/metric.hpp"
#include "statecraft/scenario/paths.hpp"

namespace statecraft::cli {
namespace {

/// Whether every name given to --variants is a variant of the file; each that is not is reported as the flag's
/// mistake (the file has none), with the nearest name or the list.
bool known_variants(const Scenario& base, const std::vector<std::string>& names) {
  std::vector<std::string> known;
  for (const auto& v : base.variants) known.push_back(v.name);
  bool ok = true;
  for (const auto& n : names) {
    if (std::find(known.begin(), known.end(), n) != known.end()) continue;
    ok = false;
    StderrLine line = error_line();
    line << "--variants: unknown variant '" << n << "' (";
    if (const std::string near = closest_match(n, known); !near.empty()) {
      line << "did you mean '" << near << "'?)\n";
      continue;
    }
    line << "expected one of:";
    for (std::size_t k = 0; k < known.size(); ++k) line << (k ? ", " : " ") << known[k];
    line << ")\n";
  }
  return ok;
}

/// What the --set values do in each compared variant: each variant's load options (its name and the values it
/// has) and, per variant, which values apply. A path only some variants have applies to those, with a note
/// naming the others; a path none has is refused (a ScenarioError at --set).
struct SetPerVariant {
  std::vector<LoadOptions> load;
  SetAcrossVariants across;  ///< which values apply where; notes said once every check has passed
};

SetPerVariant set_values_per_variant(const std::string& file, const LoadOptions& lo,
                                     const std::vector<std::string>& names) {
  std::vector<std::string> paths;
  for (const auto& [path, value] : set_values(lo)) paths.push_back(path);
  SetPerVariant out;
  if (paths.empty()) {
    for (const auto& n : names) {
      out.load.push_back(lo);
      out.load.back().variant = n;
    }
    return out;
  }
  std::vector<Scenario> plain;  // each variant as the file gives it, to see which paths it has
  for (const auto& n : names) {
    LoadOptions without = lo;
    without.variant = n;
    without.overrides.clear();
    without.override_marks.clear();
    plain.push_back(load_scenario(file, without));
  }
  out.across = set_across_variants(plain, paths, "--set");
  const SetAcrossVariants& across = out.across;
  for (std::size_t v = 0; v < names.size(); ++v) {
    LoadOptions own = lo;
    own.variant = names[v];
    own.overrides.clear();
    own.override_marks.clear();
    for (std::size_t k = 0; k < lo.overrides.size(); ++k) {
      if (!across.applies[v][k]) continue;  // compare's overrides are its --set values, in the order given
      own.overrides.push_back(lo.overrides[k]);
      own.override_marks.push_back(lo.override_marks[k]);
    }
    out.load.push_back(std::move(own));
  }
  return out;
}

}  // namespace

Action add_compare(CLI::App& app) {
  struct Opts {
    std::string file, baseline, rank_by, better, rank_criterion, adjust = "none";
    bool uncertain = false, explain = false;
    std::vector<std::string> variants, thresholds;
    bool all = false;
    std::uint64_t runs = 100;
    std::optional<std::uint64_t> seed;
    std::optional<int> steps;
    std::vector<std::string> set;
    BatchFlags batch;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("file", o->file, "Scenario file (default: the bundled scenarios/asia_pacific_2012.yaml)");
  add_list(app, "--variants", o->variants, "Variants to compare, comma-separated or repeated (default: all of them)", true)
      ->type_name("VARIANT");
  app.add_flag("--all-variants", o->all, "Compare every variant of the file");
  add_named(app, "--baseline", o->baseline,
            "The variant differences are paired with (default: outcomes.baseline, else status_quo, else the first)",
            "a variant's name; leave --baseline out for outcomes.baseline, else status_quo, else the first")
      ->type_name("VARIANT");
  add_integer(app, "--runs", o->runs, "Runs per variant (default 100)", 2);
  add_named(app, "--rank-by", o->rank_by, "Outcome that ranks the variants (default: outcomes.rank_by, else tension_final)",
            "an outcome; leave --rank-by out for outcomes.rank_by, else tension_final")
      ->type_name("OUTCOME");
  add_choice(app, "--better", o->better,
             "Which end of the --rank-by outcome is better: lower or higher (default: the outcome's own, or "
             "outcomes.better; needed for a final.METRIC of a metric that is better neither way)",
             "end", {"lower", "higher"});
  add_list(app, "--threshold", o->thresholds,
           "OUTCOME=T, comma-separated or repeated: a difference of OUTCOME counts only above T (default: "
           "outcomes.thresholds, else 0.001 on outcomes within [0, 1] and 0.1% of the baseline's mean on others)",
           true)
      ->type_name("OUTCOME=T");
  app.add_flag("--uncertain", o->uncertain,
               "Draw the scenario's uncertain: values anew in every run, the same in every variant that has them");
  add_choice(app, "--rank-criterion", o->rank_criterion,
             "What orders the table: mean, regret (mean regret), max-regret or p-best (default: regret with "
             "--uncertain, else mean)",
             "criterion", {"mean", "regret", "max-regret", "p-best"});
  app.add_flag("--explain", o->explain,
               "Break each difference down by driver term, summed over the run: compare_drivers.csv and a 'why' "
               "line per variant");
  add_choice(app, "--adjust", o->adjust,
             "Widen the intervals of the differences to the baseline for the many comparisons: none, bonferroni "
             "(simultaneous) or holm (default none)",
             "correction", {"none", "bonferroni", "holm"});
  add_integer(app, "--seed", o->seed, "Override the scenario's seed", 0);
  add_integer(app, "--steps", o->steps, "Override the number of steps", 1);
  add_set_flag(app, o->set);
  add_batch_flags(app, o->batch, true);
  app.footer("Example: statecraft compare scenarios/asia_pacific_2012.yaml --all-variants --runs 200 --out out/compare");
  return [o]() {
    const std::string file = scenario_or_default(o->file);
    LoadOptions lo;
    lo.limits = cli_limits().load;
    lo.seed = o->seed;
    lo.steps = o->steps;
    if (!runs_within_limit(o->runs)) return static_cast<int>(kBadInput);
    // The --set values that could be read are checked in every variant below too: every problem at once.
    const bool sets_read = add_set_values(o->set, lo);
    // The file's own problems, every variant's included; the --set values are checked in each variant compared
    // below, so that a path one of them lacks is said of that variant (as Python's compare says it).
    LoadOptions file_only = lo;
    file_only.overrides.clear();
    file_only.override_marks.clear();
    const Scenario base = load_scenario(file, file_only);
    std::vector<std::string> names = o->variants;
    if (names.empty()) {
      for (const auto& v : base.variants) names.push_back(v.name);
      if (names.empty()) {
        error_line() << file << ": defines no variants (expected a file with variants: to compare)\n";
        return static_cast<int>(kBadInput);
      }
    } else if (o->all) {
      error_line() << "--variants and --all-variants both given (expected one of them)\n";
      return static_cast<int>(kBadInput);
    } else if (!all_different("--variants", names, "variant") || !known_variants(base, names)) {
      return static_cast<int>(kBadInput);
    }
    std::vector<Scenario> variants;
    lo.check_all_variants = false;  // the base's load checked every variant: each is decoded once more, not V times
    const bool root = detect_parallelism(1).rank == 0;
    const SetPerVariant per_variant = set_values_per_variant(file, lo, names);
    // Every variant's skipped events and late starts are said, each once: the base file's events are every
    // variant's, but a variant's own events, or a path only some variants have, are said by those alone.
    std::vector<std::string> said;
    try {
      variants = load_each_variant(per_variant.across, names.size(),
                                   [&](std::size_t v) { return load_scenario(file, per_variant.load[v]); });
    } catch (const ScenarioError& e) {
      if (!o->uncertain) throw;
      refuse_also_drawn(e, file, lo, per_variant.load);  // a --set value also drawn, with the others' problems
    }
    if (!sets_read) {  // the values that could be read are checked as far as they go: every problem at once
      if (o->uncertain) {
        std::vector<const Scenario*> drawn;
        for (const auto& v : variants) drawn.push_back(&v);
        (void)set_values_not_drawn(lo, drawn);
      }
      return static_cast<int>(kBadInput);
    }
    if (o->uncertain) {  // refused before the warnings of what the values hold
      if (std::all_of(variants.begin(), variants.end(), [](const Scenario& v) { return v.uncertain.empty(); })) {
        error_line() << "--uncertain: " << file
                     << " declares no uncertain values (expected a file or variant with uncertain: entries)\n";
        return static_cast<int>(kBadInput);
      }
      std::vector<const Scenario*> drawn;
      for (const auto& v : variants) drawn.push_back(&v);
      if (!set_values_not_drawn(lo, drawn)) return static_cast<int>(kBadInput);
    }
    for (std::size_t v = 0; v < names.size(); ++v) hold_set_values(variants[v], per_variant.load[v], root, said);
    const auto adjust = parse_adjust(o->adjust);  // add_choice took only the names it knows
    if (o->uncertain) {
      // A drawn value holds for the whole run: set events of the same value are skipped, each said once.
      std::vector<std::string> said;
      for (auto& v : variants) hold_uncertain_values(v, true, said);
    }
    std::string baseline = o->baseline;
    if (baseline.empty()) baseline = base.baseline;
    if (baseline.empty() && std::find(names.begin(), names.end(), "status_quo") != names.end()) baseline = "status_quo";
    if (baseline.empty()) baseline = names.front();
    if (std::find(names.begin(), names.end(), baseline) == names.end()) {
      std::string listed;
      for (const auto& n : names) listed += (listed.empty() ? "" : ", ") + n;
      error_line() << "--baseline: '" << baseline << "' is not among the variants compared (expected one of: "
                   << listed << ")\n";
      return static_cast<int>(kBadInput);
    }
    const auto checked = batch_metrics(base, o->batch.metrics);
    if (!checked) return static_cast<int>(kBadInput);
    const std::vector<std::string>& metrics = *checked;
    // An outcome written as output format 1 did (final.pair.A-B.NAME) is read for one more release, with a warning.
    auto respell = [](const std::string& flag, const std::string& name) {
      const auto renamed = new_metric_spelling(name);
      if (!renamed) return name;
      warning_line() << flag << ": " << old_spelling_warning(name, *renamed) << "\n";
      return *renamed;
    };
    std::string rank_by = o->rank_by.empty() ? (base.rank_by.empty() ? "tension_final" : base.rank_by)
                                             : respell("--rank-by", o->rank_by);
    const std::vector<std::string> outcomes = comparable_outcomes(base, metrics);
    rank_by = outcome_as_listed(base, rank_by, outcomes);  // a relation written the other way round, as listed
    auto refuse_outcome = [&](const std::string& flag, const std::string& name) {
      error_line() << flag << ": " << unknown_outcome(name, outcomes, base) << "\n";
      return static_cast<int>(kBadInput);
    };
    if (std::find(outcomes.begin(), outcomes.end(), rank_by) == outcomes.end()) return refuse_outcome("--rank-by", rank_by);
    // Which end is better: --better's, else the file's outcomes.better when it ranks by the file's outcome; an
    // outcome of neither kind needs one of them (the file's own rank_by was checked when it was loaded).
    Better better = o->better.empty() ? Better::Neither : *parse_better(o->better);  // add_choice took only those
    if (o->better.empty() && rank_by == base.rank_by) better = base.rank_better;
    if (ranking_end(base, rank_by, better) == Better::Neither) {
      error_line() << "--rank-by: " << better_unstated(rank_by, "--better lower or --better higher with it") << "\n";
      return static_cast<int>(kBadInput);
    }
    // Turning an outcome's own end round is allowed (a red team's ranking) but said, once, by rank 0.
    const std::string asked = (o->better.empty() ? "outcomes.better: " : "--better ") + std::string(better_word(better));
    const std::string against = better_against_own(base, rank_by, better, asked);
    if (!against.empty() && root) warning_line() << against << "\n";
    // Thresholds: the file's, then --threshold's over them.
    std::map<std::string, double> thresholds(base.outcome_thresholds.begin(), base.outcome_thresholds.end());
    std::vector<std::string> named;
    for (const auto& text : o->thresholds) {
      const auto eq = text.find('=');
      const std::string name = outcome_as_listed(base, respell("--threshold", text.substr(0, eq)), outcomes);
      double value = -1;
      if (eq != std::string::npos) {
        const char* first = text.data() + eq + 1;
        const char* last = text.data() + text.size();
        const auto r = std::from_chars(first, last, value);
        if (r.ec != std::errc() || r.ptr != last || first == last) value = -1;
      }
      if (eq == std::string::npos || eq == 0 || !std::isfinite(value) || value < 0) {
        error_line() << "--threshold: '" << text
                  << "' is not OUTCOME=T (expected an outcome and a number >= 0, e.g. tension_final=0.005)\n";
        return static_cast<int>(kBadInput);
      }
      if (std::find(outcomes.begin(), outcomes.end(), name) == outcomes.end()) return refuse_outcome("--threshold", name);
      named.push_back(name);
      thresholds[name] = value;
    }
    if (!all_different("--threshold", named, "outcome")) return static_cast<int>(kBadInput);
    std::vector<const Scenario*> compared;
    for (const auto& v : variants) compared.push_back(&v);
    if (!output_within_limit(estimate_batch_bytes(compared, o->runs, metrics, o->batch.keep_runs)))
      return static_cast<int>(kBadInput);
    BatchFlags flags = o->batch;
    flags.metrics = metrics;
    ExperimentOptions eo = experiment_options(flags, o->runs, default_out(base, "_compare"));
    eo.baseline = baseline;
    eo.rank_by = rank_by;
    eo.better = better;
    eo.thresholds = thresholds;
    eo.uncertain = o->uncertain;
    eo.rank_criterion = o->rank_criterion;
    eo.explain = o->explain;
    eo.adjust = *adjust;
    eo.set_values = set_values(lo);
    eo.set_applies = per_variant.across.applies;
    if (o->uncertain) eo.load_with = uncertain_loader(file, per_variant.load);
    if (root)
      for (const auto& note : per_variant.across.notes) warning_line() << "--set: " << note << "\n";
    ExperimentReport rep = run_compare(variants, file, eo);
    const int rc = report(rep, eo, "the same command with");
    if (rc == kOk && eo.par.rank == 0) std::cout << rep.summary << "\nwrote " << printable(eo.out_dir) << "/\n";
    return rc;
  };
}

}  // namespace statecraft::cli
