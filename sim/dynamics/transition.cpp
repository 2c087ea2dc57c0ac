#include "statecraft/dynamics/transition.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "kernels.hpp"

namespace statecraft {

void assess_transition_risk(const State& s, const Perception& seen, const Parameters::Transition& p, Flows& flows) {
  const int n = static_cast<int>(s.gdp.size());
  const double scale = p.scale, base = p.base, exponent = p.exponent;
  const double* const power_of = seen.power.data();
  const double* const satisfaction = s.satisfaction.data();
  // Row i's pairs (i, j > i) as contiguous arrays; the common exponent 4 without pow, so they vectorise.
  auto risk_row = [&](int i, auto quartic) {
    const double* const T = row(s.tension, i);
    double* const risk = row(flows.risk, i);
    const double pi = power_of[i], si = satisfaction[i];
STATECRAFT_IVDEP
    for (int j = i + 1; j < n; ++j) {
      const double pj = power_of[j];
      const double hi = std::max(pi, pj);
      // Divided whatever the test (by 1 where there is no power at all), so the loop vectorises.
      const double ratio = std::min(pi, pj) / (hi > 0 ? hi : 1.0);
      const double parity = hi > 0 ? ratio : 0.0;
      const double sj = satisfaction[j];
      const double u = std::max(0.0, -(pi < pj ? si : sj));  // the challenger's dissatisfaction
      double pw;
      if constexpr (decltype(quartic)::value) pw = dynamics::power(parity, 4);
      else pw = dynamics::power(parity, exponent);
      const double r = scale * pw * (base + (1 - base) * u) * T[j];
      risk[j] = std::min(1.0, r);
    }
  };
  for (int i = 0; i < n; ++i) {
    if (exponent == 4) risk_row(i, std::true_type{});
    else risk_row(i, std::false_type{});
  }
  dynamics::mirror_upper(flows.risk);
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
