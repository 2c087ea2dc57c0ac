// Richardson's check (Arms and Insecurity, 1960): the yearly increase of a metric summed over actors against
// its mid-year value, by least squares, next to the scenario's own run (`calibrate --midyear`).
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

#include "statecraft/experiment/calibrate.hpp"
#include "statecraft/output/csv.hpp"
#include "common.hpp"
#include "model.hpp"

namespace statecraft {

using calib::metric_name;

MidyearFit midyear_regression(const std::vector<double>& x) {
  if (x.size() < 3) throw std::invalid_argument("the mid-year regression needs at least three yearly values");
  std::vector<double> mid, inc;
  for (std::size_t t = 0; t + 1 < x.size(); ++t) {
    mid.push_back(0.5 * (x[t] + x[t + 1]));
    inc.push_back(x[t + 1] - x[t]);
  }
  const calib::Line l = calib::ols(mid, inc);
  if (l.b == 0) throw std::invalid_argument("the mid-year values do not vary: no line can be fitted");
  MidyearFit f;
  f.n = mid.size();
  f.slope = l.b;
  f.intercept = l.a;
  f.root = -l.a / l.b;
  f.se_slope = l.se_b;
  f.se_intercept = l.se_a;
  f.r2 = l.r2;
  f.one_year = std::expm1(l.b);
  return f;
}

namespace {

/// The observations within [from, to], all of one metric.
std::vector<Observation> observations_asked_for(const CalibrationSpec& spec, const Scenario& sc) {
  std::vector<Observation> obs;
  for (const auto& o : read_observations(spec.observed, sc, false, spec.load.limits.file_bytes))
    if ((!spec.from || o.year >= *spec.from - 1e-9) && (!spec.to || o.year <= *spec.to + 1e-9)) obs.push_back(o);
  if (obs.empty()) throw UsageError("--midyear: no observation of " + spec.observed + " in the years asked for");
  const int field = obs.front().field;
  for (const auto& o : obs)
    if (o.field != field)
      throw UsageError("--midyear: " + spec.observed + " has both " + metric_name(field) + " and " +
                       metric_name(o.field) + " (expected one metric, summed over actors)");
  return obs;
}

/// The observed sum over actors for each year into `c` (years, observed, actors): the same actors every year,
/// consecutive years, at least three of them.
void sum_by_year(const std::vector<Observation>& obs, RichardsonCheck& c) {
  std::map<double, std::set<int>> actors_of;
  std::map<double, double> sum;
  for (const auto& o : obs) {
    actors_of[o.year].insert(o.actor);
    sum[o.year] += o.value;
  }
  const std::set<int>& first = actors_of.begin()->second;
  for (const auto& [year, set] : actors_of)
    if (set != first)
      throw UsageError("--midyear: the year " + fmt(year) + " has other actors than " + fmt(actors_of.begin()->first) +
                       " (expected the same actors every year, to sum them)");
  double prev = 0;
  bool any = false;
  for (const auto& [year, v] : sum) {
    if (any && std::abs(year - prev - 1) > 1e-9)
      throw UsageError("--midyear: the years " + fmt(prev) + " and " + fmt(year) +
                       " are not consecutive (expected one value a year)");
    c.years.push_back(year);
    c.observed.push_back(v);
    prev = year;
    any = true;
  }
  if (c.years.size() < 3)
    throw UsageError("--midyear: fewer than three years (expected at least three, for two increases and a line)");
  c.actors.assign(first.begin(), first.end());
}

}  // namespace

RichardsonCheck richardson_check(const CalibrationSpec& spec) {
  RichardsonCheck c;
  LoadOptions lo = spec.load;
  lo.overrides.clear();
  const Scenario sc = load_scenario(spec.file, lo);
  const std::vector<Observation> obs = observations_asked_for(spec, sc);
  sum_by_year(obs, c);
  c.metric = metric_name(obs.front().field);
  for (int a : c.actors) c.actor_ids.push_back(sc.actors[static_cast<std::size_t>(a)].id);
  c.fit = midyear_regression(c.observed);
  // The scenario's own run, summed the same way.
  calib::Model model(spec, {}, obs);
  auto sim = model.run(sc, std::vector<char>(obs.size(), 1));
  if (!sim) throw RunError("the scenario cannot be run to the last observed year");
  std::map<double, double> ssum;
  for (std::size_t k = 0; k < obs.size(); ++k) ssum[obs[k].year] += (*sim)[k];
  for (double y : c.years) c.simulated.push_back(ssum[y]);
  return c;
}

}  // namespace statecraft
