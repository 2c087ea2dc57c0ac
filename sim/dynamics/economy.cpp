#include "statecraft/dynamics/economy.hpp"

#include <algorithm>
#include <cmath>

namespace statecraft {

void Economy::propose(const State& s, const Perception& seen, const Parameters::Economy& p, double dt,
                      Flows& flows) {
  const int n = static_cast<int>(s.gdp.size());
  for (int i = 0; i < n; ++i) {
    double exposure = 0, weights = 0;
    for (int j = 0; j < n; ++j) {
      exposure += s.interdependence(i, j) * s.tension(i, j);
      weights += s.interdependence(i, j);
    }
    const double tbar = weights > 0 ? exposure / weights : 0.0;
    const double burden = std::max(0.0, seen.share(i) - s.baseline_share(i));
    const double rate = s.growth(i) - p.burden_drag * burden - p.tension_drag * tbar;
    const double noise = p.growth_noise > 0 ? p.growth_noise * std::sqrt(dt) * standard_normal(rng_) : 0.0;
    // An economy cannot vanish in one step: a collapse is floored at 1% of its output.
    flows.next_gdp(i) = s.gdp(i) * std::max(1 + dt * rate + noise, 0.01);
  }
}

void measure_growth(const State& s, double dt, Flows& flows) {
  const int n = static_cast<int>(s.gdp.size());
  for (int i = 0; i < n; ++i) {
    flows.milex_growth(i) = s.milex(i) > 0 ? (flows.next_milex(i) - s.milex(i)) / (s.milex(i) * dt) : 0.0;
    flows.gdp_growth(i) = (flows.next_gdp(i) - s.gdp(i)) / (s.gdp(i) * dt);
  }
}

void commit_economy(const Flows& flows, State& s) { s.gdp = flows.next_gdp; }

}  // namespace statecraft
