#include "statecraft/dynamics/dialogue.hpp"

#include "kernels.hpp"

namespace statecraft {

void update_dialogue(const Decisions& d, const InstitutionEffects& inst, const Parameters::Dialogue& p, int step,
                     double dt, State& s) {
  const int n = static_cast<int>(s.gdp.size());
  const double build = p.build, decay = p.decay, now = step, unreturned = p.unreturned;
  const double* const offer_all = d.offer.data();
  for (int i = 0; i < n; ++i) {
    double* const dialogue = row(s.dialogue, i);
    const double* const offer = row(d.offer, i);
    const double* const suspended = row(s.suspended_until, i);
    const double* const floors = row(inst.dialogue_floor, i);
    const double* const cap = row(s.dialogue_cap, i);
STATECRAFT_IVDEP
    for (int j = i + 1; j < n; ++j) {
      const double D = dialogue[j];
      // Dialogue takes both sides; an offer the other does not return still counts a little.
      const double lo = std::min(offer[j], offer_all[j * n + i]), hi = std::max(offer[j], offer_all[j * n + i]);
      const double mutual = lo + unreturned * (hi - lo);
      double next = D + dt * (build * mutual * (1 - D) - decay * D);
      // A suspension stops the talks themselves: institutions' floors do not hold while it lasts.
      const double institution_floor = floors[j];  // loaded whatever the test, so the loop vectorises
      const double floor = suspended[j] > now ? 0.0 : institution_floor;
      next = std::min(std::max(next, floor), cap[j]);
      dialogue[j] = std::max(next, 0.0);
    }
  }
  dynamics::mirror_upper(s.dialogue);
}

}  // namespace statecraft
