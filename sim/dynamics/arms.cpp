#include "statecraft/dynamics/arms.hpp"

#include <algorithm>
#include <cmath>

namespace statecraft {
namespace {

/// The reference's form: M' = clamp(M + dt (sum_j k_ij w_ij M_j - a M + G), 0, cap Y).
void propose_in_money(const State& s, const Perception& seen, const Decisions& d, double dt, Flows& flows) {
  const int n = static_cast<int>(s.gdp.size());
  for (int i = 0; i < n; ++i) {
    double pressure = 0;
    for (int j = 0; j < n; ++j) pressure += d.reaction(i, j) * seen.rivalry(i, j) * s.milex(j);
    pressure *= s.reaction_scale(i);
    const double G = s.has_grievance(i) > 0 ? s.grievance(i) : s.fatigue(i) * s.baseline_share(i) * s.gdp(i);
    const double m = s.milex(i) + dt * (pressure - s.fatigue(i) * s.milex(i) + G);
    flows.next_milex(i) = std::clamp(m, 0.0, s.max_share(i) * s.gdp(i));
  }
}

/// ds/dt = R (1 - s/cap) - a (s - b) is linear in s: ds/dt = alpha (s* - s), alpha = R/cap + a,
/// s* = (R + a b) / alpha < cap (as b < cap). Its exact step s' = s* + (s - s*) e^(-alpha dt) never passes
/// s*, so a share below its ceiling stays below it whatever dt and the reaction.
void propose_in_shares(const State& s, const Perception& seen, const Decisions& d, const Parameters::Arms& p,
                       double dt, Flows& flows) {
  const int n = static_cast<int>(s.gdp.size());
  for (int i = 0; i < n; ++i) {
    const double R = share_reaction(s, seen, d, p, i);
    const double share = seen.share(i), cap = s.max_share(i), a = s.fatigue(i), b = s.baseline_share(i);
    const double alpha = R / cap + a;
    if (alpha <= 0) {
      flows.next_share(i) = share;
      continue;
    }
    const double settles_at = (R + a * b) / alpha;
    flows.next_share(i) = settles_at + (share - settles_at) * std::exp(-alpha * dt);
  }
}

}  // namespace

double share_reaction(const State& s, const Perception& seen, const Decisions& d, const Parameters::Arms& p, int i) {
  double pressure = 0;
  for (int j = 0; j < static_cast<int>(s.gdp.size()); ++j) pressure += d.reaction(i, j) * seen.threat(i, j) * seen.share(j);
  return 2 * p.share_reaction * s.reaction_scale(i) * pressure;
}

void propose_arms(const State& s, const Perception& seen, const Decisions& d, const Parameters::Arms& p, double dt,
                  Flows& flows) {
  if (p.in_money > 0) propose_in_money(s, seen, d, dt, flows);
  else propose_in_shares(s, seen, d, p, dt, flows);
}

void settle_spending(const Parameters::Arms& p, Flows& flows) {
  if (p.in_money > 0) return;
  flows.next_milex = flows.next_share.cwiseProduct(flows.next_gdp);
}

void commit_arms(const Flows& flows, const Parameters::Arms& p, double dt, State& s) {
  s.capability = (1 - p.depreciation * dt) * s.capability + dt * flows.next_milex;
  s.milex = flows.next_milex;
}

}  // namespace statecraft
