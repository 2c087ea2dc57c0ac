#include "statecraft/dynamics/alliances.hpp"

#include <algorithm>
#include <cmath>

namespace statecraft {

bool propose_alliances(const State& s, const Perception& seen, const Decisions& d, const InstitutionEffects& inst,
                       const Parameters::Alliances& p, double dt, Flows& flows) {
  const int n = static_cast<int>(s.gdp.size());
  // Formation is in proportion to the pair's affinity (0 unless declared: common threat alone aligns no
  // one). The common threat is sum_j min(theta_ij, theta_kj) over third states j. Only pairs that both seek
  // alliances pay the O(N) sum. The terms j = i and j = k are min(0, theta) = +0, so the sum runs over every j
  // without a test.
  bool moved = false;
  for (int i = 0; i < n; ++i)
    for (int k = i + 1; k < n; ++k) {
      double gain = 0;
      const double seek = d.seeking(i, k) * d.seeking(k, i), affinity = s.affinity(i, k);
      if (seek > 0 && affinity > 0 && std::max(seen.rivalry(i, k), seen.rivalry(k, i)) < p.rival_threshold) {
        const double* ti = &seen.threat(i, 0);
        const double* tk = &seen.threat(k, 0);
        double common = 0;
        for (int j = 0; j < n; ++j) common += std::min(ti[j], tk[j]);
        gain = affinity * std::sqrt(seek) * common;
      }
      const double A = s.alliance(i, k), floor = inst.alliance_floor(i, k);
      const double next = std::clamp(A + dt * (gain - p.decay * (A - floor)), floor, 1.0);
      flows.next_alliance(i, k) = flows.next_alliance(k, i) = next;
      const double up = std::max(0.0, next - A);
      flows.alliance_gain(i, k) = flows.alliance_gain(k, i) = up;
      moved = moved || up > 0;
    }
  return moved;
}

void commit_alliances(const Flows& flows, State& s) { s.alliance = flows.next_alliance; }

}  // namespace statecraft
