#include "statecraft/dynamics/arms.hpp"

#include <algorithm>

namespace statecraft {

void propose_arms(const State& s, const Perception& seen, const Decisions& d, double dt, Flows& flows) {
  const int n = static_cast<int>(s.gdp.size());
  for (int i = 0; i < n; ++i) {
    double pressure = 0;
    for (int j = 0; j < n; ++j) pressure += d.reaction(i, j) * seen.rivalry(i, j) * s.milex(j);
    const double G = s.has_grievance(i) > 0 ? s.grievance(i) : s.fatigue(i) * s.baseline_share(i) * s.gdp(i);
    const double m = s.milex(i) + dt * (pressure - s.fatigue(i) * s.milex(i) + G);
    flows.next_milex(i) = std::clamp(m, 0.0, s.max_share(i) * s.gdp(i));
  }
}

void commit_arms(const Flows& flows, const Parameters::Arms& p, double dt, State& s) {
  s.capability = (1 - p.depreciation * dt) * s.capability + dt * flows.next_milex;
  s.milex = flows.next_milex;
}

}  // namespace statecraft
