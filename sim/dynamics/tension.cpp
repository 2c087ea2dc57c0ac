#include "statecraft/dynamics/tension.hpp"

#include <algorithm>
#include <type_traits>

#include "kernels.hpp"

namespace statecraft {
namespace {

using dynamics::idx;

/// Row i's pairs (i, j > i) as contiguous arrays the compiler vectorises; (j, i) is mirrored after.
template <class Record>
void tension_row(World& w, int i, double dt, Record) {
  const int n = w.n;
  State& s = w.state;
  auto& ct = w.flows.tension_terms;
  const auto& C = w.params.tension;
  const double c_threat = dt * C.threat * 0.5, c_disputes = dt * C.disputes, c_arms = dt * C.arms_race,
               c_talk = -dt * C.dialogue, c_institutions = -dt * C.institutions, c_trust = -dt * C.trust * 0.5,
               c_base = -dt * C.base_relief, mismatch = w.params.dialogue.style_mismatch;
  const double* const style_of = s.trust_building.data();
  const double* const milex_growth = w.flows.milex_growth.data();
  const double* const gdp_growth = w.flows.gdp_growth.data();
  const double* const threat_all = w.perceived.threat.data();
  const double* const trust_all = s.trust.data();
  double* const T = row(s.tension, i);
  double* const raw_T = row(w.flows.raw_tension, i);
  const double* const threat_ij = row(w.perceived.threat, i);
  const double* const trust_ij = row(s.trust, i);
  const double* const friction = row(w.institutions.uncovered_friction, i);
  const double* const jumps = row(ct[idx(TensionTerm::Incidents)], i);
  const double* const dialogue = row(s.dialogue, i);
  const double* const relief = row(w.institutions.crisis_relief, i);
  const double* const scale = row(s.friction_scale, i);
  const double* const background_of = row(s.background_friction, i);
  const double style_i = style_of[i], race_i = milex_growth[i] - gdp_growth[i];
STATECRAFT_IVDEP
  for (int j = i + 1; j < n; ++j) {
    const double tau = T[j];
    const double q = style_i == style_of[j] ? 1.0 : mismatch;
    // An arms race is spending outgrowing the economy: growth in step with GDP is no signal.
    const double race = 0.5 * (race_i + milex_growth[j] - gdp_growth[j]);
    const double threat = c_threat * scale[j] * (threat_ij[j] + threat_all[j * n + i]) * (1 - tau);
    const double disputes = c_disputes * scale[j] * friction[j] * (1 - tau);
    const double arms = c_arms * std::max(0.0, race) * (1 - tau);
    const double background = dt * background_of[j] * (1 - tau);
    const double incidents = jumps[j];
    const double talk = c_talk * dialogue[j] * q * tau;
    const double institutions = c_institutions * relief[j] * tau;
    const double trust = c_trust * (trust_ij[j] + trust_all[j * n + i]) * tau;
    const double base = c_base * tau;
    const double raw = tau + threat + disputes + arms + background + incidents + talk + institutions + trust + base;
    const double next = std::min(1.0, std::max(0.0, raw));
    raw_T[j] = raw;  // for the guard: an infinite term is clamped away in T, not here
    if constexpr (Record::value) {
      ct[idx(TensionTerm::Threat)](i, j) = threat;
      ct[idx(TensionTerm::Disputes)](i, j) = disputes;
      ct[idx(TensionTerm::ArmsRace)](i, j) = arms;
      ct[idx(TensionTerm::Background)](i, j) = background;
      ct[idx(TensionTerm::Dialogue)](i, j) = talk;
      ct[idx(TensionTerm::Institutions)](i, j) = institutions;
      ct[idx(TensionTerm::Trust)](i, j) = trust;
      ct[idx(TensionTerm::BaseRelief)](i, j) = base;
      ct[idx(TensionTerm::Bounds)](i, j) = next - raw;
    }
    T[j] = next;
  }
}

}  // namespace

void update_tension(World& w, double dt, bool record_drivers) {
  for (int i = 0; i < w.n; ++i) {
    if (record_drivers) tension_row(w, i, dt, std::true_type{});
    else tension_row(w, i, dt, std::false_type{});
  }
  dynamics::mirror_upper(w.state.tension);
  if (record_drivers)
    for (TensionTerm t : {TensionTerm::Threat, TensionTerm::Disputes, TensionTerm::ArmsRace, TensionTerm::Background,
                          TensionTerm::Dialogue,
                          TensionTerm::Institutions, TensionTerm::Trust, TensionTerm::BaseRelief, TensionTerm::Bounds})
      dynamics::mirror_upper(w.flows.tension_terms[idx(t)]);
}

}  // namespace statecraft
