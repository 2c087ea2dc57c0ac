#include "statecraft/engine/start.hpp"

#include <algorithm>

#include "statecraft/dynamics/arms.hpp"
#include "statecraft/dynamics/incidents.hpp"
#include "statecraft/engine/engine.hpp"

namespace statecraft {
namespace {

/// The scenario as the trial steps see it: no derivation of its own, no noise, no incident drawn (their
/// expectation is added where it counts).
Scenario trial_of(const Scenario& observed) {
  Scenario trial = observed;
  trial.params.start.consistent = 0;
  trial.params.trust.arms_noise = 0;
  trial.params.economy.growth_noise = 0;
  trial.params.incidents.rate = 0;
  trial.events.clear();  // what is scheduled for the first year moves the start, and shows as its own term
  return trial;
}

/// The start values as the scenario gives them.
StartValues as_given(const World& w) {
  const int n = w.n;
  return StartValues{w.state.baseline_share, Vector::Ones(n), w.state.base_prior, Matrix::Ones(n, n),
                     Matrix::Zero(n, n)};
}

/// Spending at rest: R (1 - s/cap) = a (s - b) at the start, solved for the baseline b.
void settle_spending(const Scenario& sc, const World& w, StartValues& v) {
  if (w.params.arms.in_money > 0) return;
  for (int i = 0; i < w.n; ++i) {
    const State& s = w.state;
    const double a = s.fatigue(i), cap = s.max_share(i), share = w.perceived.share(i);
    if (sc.actors[static_cast<std::size_t>(i)].baseline_given || a <= 0 || share <= 0) continue;
    const double R = share_reaction(s, w.perceived, w.decisions, w.params.arms, i) * (1 - share / cap);
    const double floor = w.params.start.baseline_floor * share;
    const double baseline = share - R / a;
    v.baseline_share(i) = std::max(baseline, floor);
    if (baseline < floor && R > 0) v.reaction_scale(i) = a * (share - floor) / R;
  }
}

/// Trust at rest: every signal of a trial step but forgetting (and its expected incident losses) is balanced
/// by forgetting toward the prior, dt forgetting (L0 - L) + signals = 0.
void settle_trust(const Scenario& trial, const Scenario& observed, StartValues& v) {
  Engine e(trial, 0, &v);
  const World start = e.world();
  World with_incidents = start;
  with_incidents.params.incidents.rate = observed.params.incidents.rate;
  e.set_record_drivers(true);
  e.step();
  const World& w = e.world();
  const double pull = trial.dt * w.params.trust.forgetting, bound = w.params.trust.bound;
  if (pull <= 0 || w.params.trust.learning <= 0) return;
  for (int i = 0; i < w.n; ++i)
    for (int j = 0; j < w.n; ++j) {
      if (i == j) continue;
      double signals = 0;
      for (int k = 0; k < kTrustTerms; ++k)
        if (k != static_cast<int>(TrustTerm::Forgetting) && k != static_cast<int>(TrustTerm::Bounds) &&
            k != static_cast<int>(TrustTerm::Events))
          signals += w.flows.trust_terms[static_cast<std::size_t>(k)](i, j);
      const IncidentOutlook o = incident_outlook(with_incidents, std::min(i, j), std::max(i, j), trial.dt);
      signals -= i < j ? o.trust_loss_ij : o.trust_loss_ji;
      // The prior at rest includes what the communities active at the start add to it.
      const double prior = std::clamp(start.state.logodds(i, j) - signals / pull, -bound, bound);
      v.base_prior(i, j) = prior - (start.institutions.prior(i, j) - start.state.base_prior(i, j));
    }
}

/// Tension at rest: threat and dispute friction (scaled) and a background friction balance the relief and
/// the expected incident jumps of a trial step. Too much friction is scaled down; too little is topped up.
void settle_tension(const Scenario& trial, const Scenario& observed, StartValues& v) {
  Engine e(trial, 0, &v);
  World with_incidents = e.world();
  with_incidents.params.incidents.rate = observed.params.incidents.rate;
  const Matrix tension = e.world().state.tension;
  e.set_record_drivers(true);
  e.step();
  const auto& terms = e.world().flows.tension_terms;
  auto term = [&](TensionTerm t, int i, int j) { return terms[static_cast<std::size_t>(t)](i, j); };
  for (int i = 0; i < e.world().n; ++i)
    for (int j = i + 1; j < e.world().n; ++j) {
      const double friction = term(TensionTerm::Threat, i, j) + term(TensionTerm::Disputes, i, j);
      const double rest = term(TensionTerm::ArmsRace, i, j) + term(TensionTerm::Dialogue, i, j) +
                          term(TensionTerm::Institutions, i, j) + term(TensionTerm::Trust, i, j) +
                          term(TensionTerm::BaseRelief, i, j) +
                          incident_outlook(with_incidents, i, j, trial.dt).tension_jump;
      const double needed = -rest, room = trial.dt * (1 - tension(i, j));
      double scale = 1, background = 0;
      if (needed >= friction) background = room > 0 ? (needed - friction) / room : 0.0;
      else scale = needed > 0 ? needed / friction : 0.0;
      v.friction_scale(i, j) = v.friction_scale(j, i) = scale;
      v.background_friction(i, j) = v.background_friction(j, i) = background;
    }
}

}  // namespace

StartValues derive_start(const Scenario& observed) {
  const Scenario trial = trial_of(observed);
  StartValues v;
  {
    Engine e(trial, 0);
    v = as_given(e.world());
    settle_spending(trial, e.world(), v);
  }
  settle_trust(trial, observed, v);
  settle_tension(trial, observed, v);
  return v;
}

}  // namespace statecraft
