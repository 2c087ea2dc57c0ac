#include "statecraft/dynamics/institutions.hpp"

#include <algorithm>
#include <cmath>

namespace statecraft {
namespace {

/// Updates which institutions are active at `step`; returns whether any changed.
bool update_active(const Scenario& sc, int step, const State& s, InstitutionEffects& out) {
  const double year = sc.year_of(step);
  bool changed = false;
  for (std::size_t k = 0; k < sc.institutions.size(); ++k) {
    const auto i = static_cast<Eigen::Index>(k);
    const signed char o = s.institution_override[k];
    const char active = o >= 0 ? o : (year >= s.institution_start(i) - 1e-9 && year < s.institution_end(i) - 1e-9);
    if (active != out.active[k]) {
      out.active[k] = active;
      changed = true;
    }
  }
  return changed;
}

/// Each active institution's effect on its member pairs.
void apply_members(const Scenario& sc, const Parameters& P, const State& s, InstitutionEffects& out) {
  out.dialogue_floor.setZero();
  out.alliance_floor.setZero();
  out.mitigation.setZero();
  out.cooperation.setZero();
  out.crisis_relief.setZero();
  out.prior = s.base_prior;
  for (std::size_t k = 0; k < sc.institutions.size(); ++k) {
    if (!out.active[k]) continue;
    const Institution& inst = sc.institutions[k];
    const double v = s.institution_strength(static_cast<Eigen::Index>(k));
    const double community = inst.consensus ? v / std::sqrt(static_cast<double>(inst.members.size())) : v;
    for (int i : inst.members)
      for (int j : inst.members) {
        if (i == j) continue;
        switch (inst.kind) {
          case InstitutionKind::Dialogue:  // a forum: talks, and the crisis management and trust they carry
            out.dialogue_floor(i, j) = std::max(out.dialogue_floor(i, j), v);
            out.crisis_relief(i, j) += P.institutions.forum_relief * v;
            out.prior(i, j) = std::clamp(out.prior(i, j) + P.institutions.forum_prior * v, -P.trust.bound, P.trust.bound);
            break;
          case InstitutionKind::Alliance: out.alliance_floor(i, j) = std::max(out.alliance_floor(i, j), v); break;
          case InstitutionKind::Cbm:
            out.mitigation(i, j) = std::max(out.mitigation(i, j), v);
            out.cooperation(i, j) += v;
            break;
          case InstitutionKind::Community:
            out.crisis_relief(i, j) += community;
            out.prior(i, j) = std::clamp(out.prior(i, j) + P.institutions.community_prior * community,
                                         -P.trust.bound, P.trust.bound);
            break;
          case InstitutionKind::CodeOfConduct: break;
        }
      }
  }
}

/// Codes of conduct: each dispute's friction between two of its parties on different sides is covered by the
/// strongest active code on it that both belong to.
void cover_disputes(const Scenario& sc, const Parameters& P, const State& s, InstitutionEffects& out) {
  out.uncovered_friction.setZero();
  for (std::size_t d = 0; d < sc.disputes.size(); ++d) {
    const Dispute& dis = sc.disputes[d];
    for (const auto& p : dis.parties)
      for (const auto& q : dis.parties) {
        if (p.actor == q.actor || p.side == q.side) continue;
        double cover = 0;
        for (std::size_t k = 0; k < sc.institutions.size(); ++k) {
          const Institution& inst = sc.institutions[k];
          if (!out.active[k] || inst.kind != InstitutionKind::CodeOfConduct || inst.dispute != static_cast<int>(d))
            continue;
          const auto& m = inst.members;
          if (std::find(m.begin(), m.end(), p.actor) == m.end() || std::find(m.begin(), m.end(), q.actor) == m.end())
            continue;
          cover = std::max(cover, s.institution_strength(static_cast<Eigen::Index>(k)) * (inst.binding ? P.operations.binding_coverage
                                                                 : P.operations.nonbinding_coverage));
        }
        out.uncovered_friction(p.actor, q.actor) += std::min(p.salience, q.salience) * (1 - cover);
      }
  }
  const int n = static_cast<int>(out.coverage.rows());
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      out.coverage(i, j) =
          out.dispute_friction(i, j) > 0 ? 1 - out.uncovered_friction(i, j) / out.dispute_friction(i, j) : 0.0;
}

}  // namespace

bool refresh_institutions(const Scenario& sc, const Parameters& p, int step, const State& s, InstitutionEffects& out,
                          bool force) {
  const bool changed = update_active(sc, step, s, out) || force || out.stale;
  if (!changed) return false;
  out.stale = false;
  apply_members(sc, p, s, out);
  cover_disputes(sc, p, s, out);
  return true;
}

}  // namespace statecraft
