#include <iostream>

#include "commands.hpp"
#include "flags.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/output/explain.hpp"
#include "statecraft/scenario/load.hpp"
#include "statecraft/scenario/paths.hpp"
#include "statecraft/util/printable.hpp"

namespace statecraft::cli {
namespace {

/// A --from or --to outside the run would be clamped to it without a word: refuse it, naming the run's years.
bool year_in_run(const Scenario& sc, const char* flag, const std::optional<double>& year) {
  const double first = sc.start_year, last = sc.year_of(sc.steps), slack = 1e-9 * sc.dt;
  if (year && (*year < first - slack || *year > last + slack)) {
    error_line() << flag << " " << fmt(*year) << " is outside the run (expected a year from " << fmt(first)
                 << " to " << fmt(last) << ")\n";
    return false;
  }
  if (year && between_run_years(sc, *year)) {  // it would be taken as the next step's year, without a word
    error_line() << flag << " " << fmt(*year) << " falls between the years the run steps on (expected one of them: "
                 << run_years_text(sc) << ")\n";
    return false;
  }
  return true;
}

}  // namespace

Action add_explain(CLI::App& app) {
  struct Opts {
    std::string file, variant, pair;
    std::optional<double> from, to;
    std::optional<std::uint64_t> seed;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("file", o->file, "Scenario file")->required();
  add_variant(app, o->variant, "Explain the run of this variant");
  app.add_option("--pair", o->pair, "The pair to explain, as A-B (actor ids)")->type_name("A-B")->required();
  add_number(app, "--from", o->from, "First year of the period (default: the start)", "a year", "2012")->type_name("YEAR");
  add_number(app, "--to", o->to, "Last year of the period (default: the end)", "a year", "2030")->type_name("YEAR");
  add_integer(app, "--seed", o->seed, "Override the scenario's seed", 0);
  app.footer("Example: statecraft explain scenarios/asia_pacific_2012.yaml --pair USA-CHN --from 2012 --to 2030");
  return [o]() {
    LoadOptions lo;
    lo.limits = cli_limits().load;
    lo.variant = o->variant;
    lo.variant_given_by = "--variant";
    lo.seed = o->seed;
    Scenario sc = load_scenario(o->file, lo);
    const auto dash = o->pair.find('-');
    const int a = dash == std::string::npos ? -1 : sc.actor_index(o->pair.substr(0, dash));
    const int b = dash == std::string::npos ? -1 : sc.actor_index(o->pair.substr(dash + 1));
    if (a < 0 || b < 0 || a == b) {
      std::vector<std::string> ids;
      for (const auto& x : sc.actors) ids.push_back(x.id);
      error_line() << "--pair: '" << o->pair << "' is not a pair of this scenario (expected two different ids of: ";
      for (std::size_t i = 0; i < ids.size(); ++i) std::cerr << (i ? ", " : "") << ids[i];
      std::cerr << ", joined by '-')\n";
      return static_cast<int>(kBadInput);
    }
    for (const auto& [flag, year] : {std::pair{"--from", o->from}, std::pair{"--to", o->to}})
      if (!year_in_run(sc, flag, year)) return static_cast<int>(kBadInput);
    ExplainOptions eo;
    eo.a = a;
    eo.b = b;
    if (o->from) eo.from = *o->from;
    if (o->to) eo.to = *o->to;
    if (eo.from > eo.to) {
      error_line() << "--from " << eo.from << " is after --to " << eo.to << " (expected from <= to)\n";
      return static_cast<int>(kBadInput);
    }
    std::cout << printable_lines(explain_pair(sc, eo));  // event labels are the file's text
    return static_cast<int>(kOk);
  };
}

}  // namespace statecraft::cli
