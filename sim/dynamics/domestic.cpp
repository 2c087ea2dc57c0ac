#include "statecraft/dynamics/domestic.hpp"

#include "kernels.hpp"

namespace statecraft {

void update_hawkishness(const Parameters::Domestic& p, double dt, State& s) {
  const int n = static_cast<int>(s.gdp.size());
  if (n <= 1) return;
  for (int i = 0; i < n; ++i) {
    const double mean = s.tension.row(i).sum() / (n - 1);
    const double target = p.tension_weight * mean;
    s.hawkishness(i) = dynamics::clamp01(s.hawkishness(i) + dt * p.adjustment * (target - s.hawkishness(i)));
  }
}

}  // namespace statecraft
