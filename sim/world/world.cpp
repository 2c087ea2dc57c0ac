#include "statecraft/world/world.hpp"

#include <algorithm>
#include <cmath>

namespace statecraft {

const char* term_name(TensionTerm t) {
  static const char* names[] = {"threat",   "disputes",     "arms_race", "background",  "incidents", "dialogue",
                                "institutions", "trust", "base_relief", "events",    "bounds"};
  return names[static_cast<int>(t)];
}

const char* term_name(TrustTerm t) {
  static const char* names[] = {"forgetting",  "arms_change",     "arms_level", "restraint", "operations",
                                "dialogue",    "cooperation",     "interdependence", "alliance",
                                "incident",    "balancing",       "events",     "bounds"};
  return names[static_cast<int>(t)];
}

const char* log_kind_name(LogKind k) {
  return k == LogKind::StanceChange ? "stance_change" : event_type_name(static_cast<EventType>(k));
}

namespace {

State initial_state(const Scenario& sc) {
  const int n = sc.n();
  State s;
  auto vec = [&](auto get) {
    Vector v(n);
    for (int i = 0; i < n; ++i) v(i) = get(sc.actors[static_cast<std::size_t>(i)]);
    return v;
  };
  s.gdp = vec([](const Actor& a) { return a.gdp; });
  s.growth = vec([](const Actor& a) { return a.growth; });
  s.milex = vec([](const Actor& a) { return a.milex; });
  s.capability = vec([](const Actor& a) { return a.capability; });
  s.fatigue = vec([](const Actor& a) { return a.fatigue; });
  s.baseline_share = vec([](const Actor& a) { return a.baseline_share; });
  s.max_share = vec([](const Actor& a) { return a.max_share; });
  s.grievance = vec([](const Actor& a) { return a.grievance; });
  s.has_grievance = vec([](const Actor& a) { return a.has_grievance ? 1.0 : 0.0; });
  s.transparency_strategic = vec([](const Actor& a) { return a.transparency_strategic; });
  s.transparency_operational = vec([](const Actor& a) { return a.transparency_operational; });
  s.values_transparency = vec([](const Actor& a) { return a.values_transparency; });
  s.satisfaction = vec([](const Actor& a) { return a.satisfaction; });
  s.hawkishness = vec([](const Actor& a) { return a.hawkishness; });
  s.trust_building = vec([](const Actor& a) { return static_cast<double>(a.trust_building); });
  for (const auto& a : sc.actors) s.policy.push_back(a.policy);

  s.proximity = sc.proximity;
  s.alliance = sc.alliance;
  s.interdependence = sc.interdependence;
  s.tension = sc.tension;
  s.dialogue = sc.dialogue;
  s.dialogue_cap = sc.dialogue_cap;
  s.affinity = sc.affinity;
  s.base_operations = sc.operations;
  s.trust = sc.trust;

  const double bound = sc.params.trust.bound;
  s.logodds = Matrix::Zero(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      if (i != j) {
        double t = s.trust(i, j);
        double l = std::log(t) - std::log1p(-t);
        s.logodds(i, j) = std::clamp(l, -bound, bound);
      }
  s.base_prior = s.logodds;
  s.institution_override.assign(sc.institutions.size(), -1);
  const auto institutions = static_cast<Eigen::Index>(sc.institutions.size());
  s.institution_strength.resize(institutions);
  s.institution_start.resize(institutions);
  s.institution_end.resize(institutions);
  for (Eigen::Index k = 0; k < institutions; ++k) {
    const Institution& inst = sc.institutions[static_cast<std::size_t>(k)];
    s.institution_strength(k) = inst.strength;
    s.institution_start(k) = inst.start;
    s.institution_end(k) = inst.end;
  }
  for (Matrix* m : {&s.exercise_operations, &s.suspended_until, &s.stance, &s.background_friction})
    *m = Matrix::Zero(n, n);
  s.reaction_scale = Vector::Ones(n);
  s.friction_scale = Matrix::Ones(n, n);
  return s;
}

void apply_start(const StartValues& v, State& s) {
  s.baseline_share = v.baseline_share;
  s.reaction_scale = v.reaction_scale;
  s.base_prior = v.base_prior;
  s.friction_scale = v.friction_scale;
  s.background_friction = v.background_friction;
}

InstitutionEffects initial_institutions(const Scenario& sc, const State& s) {
  const int n = sc.n();
  InstitutionEffects e;
  e.prior = s.base_prior;
  // Dispute friction F_ij: sum over disputes with i and j on different sides of min salience.
  e.dispute_friction = Matrix::Zero(n, n);
  for (const auto& d : sc.disputes)
    for (const auto& p : d.parties)
      for (const auto& q : d.parties)
        if (p.actor != q.actor && p.side != q.side)
          e.dispute_friction(p.actor, q.actor) += std::min(p.salience, q.salience);
  e.uncovered_friction = e.dispute_friction;
  e.active.assign(sc.institutions.size(), 0);
  for (Matrix* m : {&e.dialogue_floor, &e.alliance_floor, &e.mitigation, &e.cooperation, &e.crisis_relief,
                    &e.coverage})
    *m = Matrix::Zero(n, n);
  return e;
}

}  // namespace

World::World(const Scenario& sc, const StartValues* start)
    : n(sc.n()), params(sc.params), state(initial_state(sc)), institutions(initial_institutions(sc, state)) {
  if (start) {
    apply_start(*start, state);
    institutions.prior = state.base_prior;
  }
  for (Matrix* m : {&perceived.threat, &perceived.rivalry, &decisions.reaction, &decisions.offer,
                    &decisions.escalation, &decisions.seeking, &decisions.operations, &decisions.receptivity,
                    &flows.risk,
                    &flows.incident_rate, &flows.incidents, &flows.next_alliance, &flows.alliance_gain,
                    &flows.raw_logodds, &flows.raw_tension})
    *m = Matrix::Zero(n, n);
  flows.incident_level = Matrix::Constant(n, n, -1.0);
  for (Vector* v : {&perceived.allied_capability, &perceived.power, &perceived.share, &decisions.effort,
                    &flows.milex_growth, &flows.gdp_growth, &flows.next_share, &flows.next_milex, &flows.next_gdp})
    *v = Vector::Zero(n);
  for (auto& m : flows.tension_terms) m = Matrix::Zero(n, n);
  for (auto& m : flows.trust_terms) m = Matrix::Zero(n, n);
}

ArmsTotals arms_totals(const World& w) {
  ArmsTotals t;
  for (int i = 0; i < w.n; ++i) {
    t.milex += w.state.milex(i);
    t.weighted_growth += w.flows.milex_growth(i) * w.state.milex(i);
  }
  return t;
}

}  // namespace statecraft
