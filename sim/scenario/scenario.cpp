#include "statecraft/scenario/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace statecraft {

const std::vector<Policy>& policy_presets() {
  // MODEL.md section 3.
  static const std::vector<Policy> p = [] {
    auto preset = [](const char* name, PolicyParams p) {
      Policy pol;
      pol.name = name;
      pol.params = p;
      return pol;
    };
    Policy bop = preset("balance_of_power", {0.30, 0.6, 0.1, 0.6, 0.3, 0.0, 0.5});
    Policy sc = preset("security_community", {0.05, 0.1, 0.8, 0.15, 0.0, 0.05, 1.0});
    Policy hedging = preset("hedging", {0.15, 0.3, 0.4, 0.35, 0.1, 0.02, 0.75});
    // Reciprocity after generous tit-for-tat: security_community toward partners it trusts.
    Policy conditional = preset("conditional", sc.params);
    conditional.conditional = true;
    conditional.defect = bop.params;
    conditional.cooperate_name = sc.name;
    conditional.defect_name = bop.name;
    return std::vector<Policy>{bop, sc, hedging, conditional};
  }();
  return p;
}

double year_resolution(double year) {
  const double y = std::fabs(year);
  if (y == 0) return std::numeric_limits<double>::denorm_min();
  return std::pow(10.0, std::floor(std::log10(y)) - (kYearDigits - 1));
}

namespace {
/// The resolution of the largest |year| of the run: years move monotonically, so it is at an end.
double run_resolution(double start_year, int steps, double dt) {
  const double end = start_year + steps * dt;
  return year_resolution(std::max(std::fabs(start_year), std::fabs(end)));
}
}  // namespace

bool dt_separates_years(double start_year, int steps, double dt) {
  // Two years dt apart, both rounded to a grid no coarser than r <= dt, cannot round to the same value.
  return dt >= run_resolution(start_year, steps, dt);
}

double min_dt(double start_year, int steps) {
  // A larger dt can carry the last year into a coarser decade: grow until the bound holds for itself.
  double dt = year_resolution(start_year);
  for (int i = 0; i < 64 && !dt_separates_years(start_year, steps, dt); ++i) dt = run_resolution(start_year, steps, dt);
  return dt;
}

int Scenario::actor_index(const std::string& id) const {
  for (int i = 0; i < n(); ++i)
    if (actors[static_cast<std::size_t>(i)].id == id) return i;
  return -1;
}

}  // namespace statecraft
