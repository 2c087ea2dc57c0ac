#include "statecraft/dynamics/transition.hpp"

#include <algorithm>
#include <cmath>

#include "kernels.hpp"
#include "statecraft/dynamics/incidents.hpp"

namespace statecraft {

void assess_conflict_risk(World& w, double dt) {
  const auto& p = w.params.transition;
  const State& s = w.state;
  Matrix& risk = w.flows.risk;
  for (int i = 0; i < w.n; ++i)
    for (int j = i + 1; j < w.n; ++j) {
      const double lower_trust = std::min(s.trust(i, j), s.trust(j, i));
      const double gate = w.institutions.dispute_friction(i, j) > 0
                              ? 1.0
                              : dynamics::clamp01((p.distrust_gate - lower_trust) / p.distrust_gate);
      double r = 0;
      if (gate > 0) {
        const double disputes = dispute_probability(w, i, j, dt) / dt;
        const double pi = w.perceived.power(i), pj = w.perceived.power(j), hi = std::max(pi, pj);
        // The challenger is the more dissatisfied side, whichever is stronger (docs/model.md, departure 21): the
        // reference's weaker side switched the danger off as a dissatisfied challenger overtook.
        const double u = std::max(0.0, -std::min(s.satisfaction(i), s.satisfaction(j)));
        // A satisfied challenger (u = +0) makes the multiplier 1 + (gain parity^exponent) 0 = 1 exactly, the
        // power being finite: pow only for a dissatisfied one.
        double multiplier = 1.0;
        if (u > 0) {
          const double parity = hi > 0 ? std::min(pi, pj) / hi : 0.0;
          multiplier = 1 + p.parity_gain * dynamics::power(parity, p.exponent) * u;
        }
        r = p.war_per_dispute * gate * disputes * multiplier;
      }
      risk(i, j) = risk(j, i) = std::min(1.0, r);
    }
}

void accumulate_survival(const Flows& flows, double dt, State& s) {
  const int n = static_cast<int>(s.gdp.size());
  // q + x (1 - q), x = risk dt, all in small numbers so that nothing is lost near 0, then one log1p per step.
  // Two accumulators (a row's pairs alternately, an odd one out to the first) halve the chain of dependent
  // operations; each x is capped below 1, as is q, so the log stays finite.
  double qa = 0, qb = 0;
  const double cap = 1.0 - 1e-12;
  for (int i = 0; i < n; ++i) {
    const double* const risk = row(flows.risk, i);
    int j = i + 1;
    for (; j + 2 <= n; j += 2) {
      const double xa = std::min(risk[j] * dt, cap), xb = std::min(risk[j + 1] * dt, cap);
      qa += xa * (1 - qa);
      qb += xb * (1 - qb);
    }
    if (j < n) qa += std::min(risk[j] * dt, cap) * (1 - qa);
  }
  const double q = qa + qb * (1 - qa);
  s.log_survival += std::log1p(-std::min(q, 1.0 - 0x1p-53));
}

}  // namespace statecraft
