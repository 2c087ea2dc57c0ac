#include "statecraft/dynamics/perception.hpp"

#include "kernels.hpp"

namespace statecraft {

void perceive(const State& s, const Parameters::Power& power, Perception& out) {
  const int n = static_cast<int>(s.gdp.size());
  // Allied capability Kt_i = K_i + sum_k A_ik K_k.
  out.allied_capability.noalias() = s.alliance * s.capability;
  out.allied_capability += s.capability;
  const double sy = s.gdp.sum(), sk = s.capability.sum();
  const double we = power.econ_weight;
  for (int i = 0; i < n; ++i) {
    out.power(i) = we * (sy > 0 ? s.gdp(i) / sy : 0.0) + (1 - we) * (sk > 0 ? s.capability(i) / sk : 0.0);
    out.share(i) = s.milex(i) / s.gdp(i);
  }
  // Balance of threat and rivalry weights: w_ij = rho (1 - A)(1 - T), theta_ij = w_ij K_j / (Kt_i + K_j).
  const double* const K = s.capability.data();
  for (int i = 0; i < n; ++i) {
    const double* const rho = row(s.proximity, i);
    const double* const A = row(s.alliance, i);
    const double* const T = row(s.trust, i);
    double* const rivalry = row(out.rivalry, i);
    double* const threat = row(out.threat, i);
    const double Kt = out.allied_capability(i);
STATECRAFT_IVDEP
    for (int j = 0; j < n; ++j) {
      rivalry[j] = rho[j] * (1 - A[j]) * (1 - T[j]);
      threat[j] = (rivalry[j] * K[j]) / (Kt + K[j]);
    }
    rivalry[i] = threat[i] = 0;
  }
}

}  // namespace statecraft
