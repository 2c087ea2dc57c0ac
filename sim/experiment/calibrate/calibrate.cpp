// calibrate(): what is fitted (the --fit paths, expanded and bounded), the observations and the fitted sample,
// then the stages: the fit (fit.cpp) and the scores of the fitted model (scores.cpp).
#include "statecraft/experiment/calibrate.hpp"

#include <algorithm>
#include <cmath>

#include "statecraft/output/csv.hpp"
#include "common.hpp"
#include "model.hpp"
#include "statecraft/scenario/paths.hpp"
#include "statecraft/util/number.hpp"
#include "stages.hpp"

namespace statecraft {

using calib::parse_number;
using calib::quoted;
using calib::split;
using calib::trim;

std::optional<std::vector<FitParam>> parse_fit_params(const std::string& text, std::string& error) {
  std::vector<FitParam> out;
  for (const std::string& item : split(text, ',')) {
    FitParam p;
    const auto eq = item.find('=');
    p.path = trim(item.substr(0, eq));
    if (p.path.empty()) {
      error = quoted(text) + " has an empty path (expected PATH[=LO:HI], comma-separated, e.g. actors.CHN.fatigue)";
      return std::nullopt;
    }
    if (eq != std::string::npos) {
      const std::vector<std::string> b = split(item.substr(eq + 1), ':');
      double lo = 0, hi = 0;
      if (b.size() == 2)
        for (const auto& bound : b)  // a number no double holds (1e999): said as the file says it
          if (unrepresentable_number(trim(bound))) {
            error = p.path + ": " + quoted(trim(bound)) + " " + number_problem(trim(bound)) +
                    " (expected a finite number)";
            return std::nullopt;
          }
      if (b.size() != 2 || !parse_number(trim(b[0]), lo) || !parse_number(trim(b[1]), hi) || !std::isfinite(lo) ||
          !std::isfinite(hi)) {
        error = p.path + ": " + quoted(item.substr(eq + 1)) + " is not a range (expected LO:HI with finite numbers)";
        return std::nullopt;
      }
      if (!(lo < hi)) {
        error = p.path + ": the range " + trim(b[0]) + ":" + trim(b[1]) + " is empty (expected LO < HI)";
        return std::nullopt;
      }
      p.lo = lo;
      p.hi = hi;
    }
    out.push_back(p);
  }
  std::vector<std::string> paths;
  for (const auto& q : out) paths.push_back(q.path);
  error = repeated_value_path(paths);  // relations.A-B.x and relations.B-A.x too: one value fitted twice
  if (!error.empty()) return std::nullopt;
  return out;
}

namespace {

/// One --fit path parsed against the scenario; `actors.*.FIELD` stands for the field of every actor, in the
/// scenario's order (an actor's own path, given too, is not repeated).
struct Fitted {
  FitParam param;
  std::optional<ValuePath> path;
  std::vector<std::string> errors;  ///< why the path names nothing to fit, in the order given
};

std::vector<Fitted> expand(const std::vector<FitParam>& params, const Scenario& sc) {
  const PathNames names = path_names(sc);
  std::vector<Fitted> expanded;
  for (const auto& p : params) {
    Fitted f{p, std::nullopt, {}};
    f.path = parse_value_path(p.path, names, PathUse::Fit, f.errors);
    if (!f.path) {
      expanded.push_back(std::move(f));
      continue;
    }
    const bool every = f.path->kind == PathKind::Actor && f.path->a == ValuePath::kEveryActor;
    for (const ValuePath& one : expand_every_actor(*f.path, names)) {
      FitParam q = p;
      q.path = one.path;
      auto listed = [&](const FitParam& x) { return x.path == q.path; };
      if (every && (std::any_of(expanded.begin(), expanded.end(), [&](const Fitted& x) { return listed(x.param); }) ||
                    std::any_of(params.begin(), params.end(), listed)))
        continue;
      expanded.push_back(Fitted{q, one, {}});
    }
  }
  return expanded;
}

/// One fitted value: its start, and the range searched (the loader's range with the bounds the scenario's
/// other values imply, narrowed by --fit's bounds). A problem goes to `bad`; a start outside the range is
/// moved to its nearest bound, with a warning.
std::optional<ParamEstimate> resolve(const Scenario& sc, const Fitted& f, std::vector<Diagnostic>& bad,
                                     std::vector<std::string>& warnings) {
  const Mark at{"--fit", 0, 0};
  const FitParam& p = f.param;
  for (const std::string& why : f.errors) bad.push_back(Diagnostic{at, p.path, why});
  if (!f.path) return std::nullopt;
  if (is_switch(*f.path)) {
    bad.push_back(Diagnostic{at, p.path, "is a switch, not a number (expected a coefficient to fit)"});
    return std::nullopt;
  }
  if (const std::string why = conditional_coefficient_problem(sc, *f.path); !why.empty()) {
    bad.push_back(Diagnostic{at, p.path, why});
    return std::nullopt;
  }
  // A number: the other paths without one are refused when parsed (members) or expanded (actors.*).
  const std::optional<double> start = value_of(sc, *f.path);
  ParamEstimate e;
  e.path = p.path;
  e.start = *start;
  const auto [lo, hi] = feasible_range(sc, *f.path);
  e.lo = p.lo ? std::max(*p.lo, lo) : lo;
  e.hi = p.hi ? std::min(*p.hi, hi) : hi;
  if (!(e.lo < e.hi)) {
    bad.push_back(Diagnostic{at, p.path,
                             (p.lo ? "the range " + fmt(*p.lo) + ":" + fmt(*p.hi) + " lies outside the values it can take"
                                   : std::string("no value can be fitted with the scenario's other values")) +
                                 " (expected values from " + fmt(lo) + " to " + fmt(hi) + ")"});
    return std::nullopt;
  }
  if (p.lo && (*p.lo < lo || *p.hi > hi))  // the search keeps to what the path can take: said, not done silently
    warnings.push_back(p.path + ": the range " + fmt(*p.lo) + ":" + fmt(*p.hi) + " reaches past the values it can "
                       "take (" + fmt(lo) + " to " + fmt(hi) + "); the search keeps to " + fmt(e.lo) + ":" + fmt(e.hi));
  if (e.start < e.lo || e.start > e.hi) {
    warnings.push_back(p.path + ": the scenario's value " + fmt(e.start) + " is outside " + fmt(e.lo) + ":" +
                       fmt(e.hi) + "; the search starts from the nearest bound");
    e.start = std::clamp(e.start, e.lo, e.hi);
  }
  return e;
}

/// Every fitted value resolved, with its parsed path, every problem with the paths and bounds thrown at once.
std::vector<ParamEstimate> resolve_params(const CalibrationSpec& spec, const Scenario& sc,
                                          std::vector<ValuePath>& paths, std::vector<std::string>& warnings) {
  std::vector<Diagnostic> bad;
  std::vector<ParamEstimate> out;
  for (const Fitted& f : expand(spec.params, sc))
    if (auto e = resolve(sc, f, bad, warnings)) {
      out.push_back(*e);
      paths.push_back(*f.path);
    }
  if (!bad.empty()) throw ScenarioError(bad);
  return out;
}

/// Which observations are fitted: those within [from, to] with a positive weight. Counts both samples; throws
/// UsageError when nothing is left to fit.
std::vector<char> fitted_sample(const CalibrationSpec& spec, const std::vector<Observation>& obs,
                                CalibrationResult& r) {
  std::vector<char> use(obs.size());
  for (std::size_t k = 0; k < obs.size(); ++k) {
    const double y = obs[k].year;
    use[k] = (!spec.from || y >= *spec.from - 1e-9) && (!spec.to || y <= *spec.to + 1e-9) && obs[k].weight > 0;
    r.n_fit += use[k] ? 1 : 0;
  }
  r.n_holdout = obs.size() - r.n_fit;
  if (r.n_fit == 0)
    throw UsageError("no observation of " + spec.observed + " falls in the fitted years" +
                     (spec.from || spec.to ? " (" + (spec.from ? fmt(*spec.from) : std::string("start")) + " to " +
                                                 (spec.to ? fmt(*spec.to) : std::string("end")) + ")"
                                           : std::string()) +
                     " with a positive weight (expected some to fit)");
  return use;
}

}  // namespace

CalibrationResult calibrate(const CalibrationSpec& spec) {
  CalibrationResult r;
  {
    LoadOptions lo = spec.load;
    lo.overrides.clear();
    r.scenario = load_scenario(spec.file, lo);
  }
  const Scenario& sc = r.scenario;
  if (spec.params.empty()) throw UsageError("--fit: nothing to fit (expected at least one PATH)");
  std::vector<ValuePath> paths;
  r.params = resolve_params(spec, sc, paths, r.warnings);
  const std::vector<Observation> obs = read_observations(spec.observed, sc, spec.log_space, spec.load.limits.file_bytes);
  const std::vector<char> use = fitted_sample(spec, obs, r);
  calib::Model model(spec, paths, obs);
  const std::vector<double> estimates = calib::fit_values(spec, model, obs, use, r);
  calib::score_fit(spec, model, obs, use, estimates, r);
  return r;
}

}  // namespace statecraft
