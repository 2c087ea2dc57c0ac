#include "statecraft/world/world.hpp"

#include <cmath>

namespace statecraft {

const char* term_name(TensionTerm t) {
  static const char* names[] = {"threat",       "disputes", "arms_race",   "incidents", "dialogue",
                                "institutions", "trust",    "base_relief", "events",    "bounds"};
  return names[static_cast<int>(t)];
}

const char* term_name(TrustTerm t) {
  static const char* names[] = {"forgetting", "arms_change", "arms_level", "dialogue",
                                "cooperation", "interdependence", "alliance", "incident",
                                "balancing", "events", "bounds"};
  return names[static_cast<int>(t)];
}

const char* log_kind_name(LogKind k) {
  return k == LogKind::StanceChange ? "stance_change" : event_type_name(static_cast<EventType>(k));
}

World::World(const Scenario& sc) : n(sc.n()), params(sc.params) {
  auto vec = [&](auto get) {
    Vector v(n);
    for (int i = 0; i < n; ++i) v(i) = get(sc.actors[static_cast<std::size_t>(i)]);
    return v;
  };
  gdp = vec([](const Actor& a) { return a.gdp; });
  growth = vec([](const Actor& a) { return a.growth; });
  milex = vec([](const Actor& a) { return a.milex; });
  capability = vec([](const Actor& a) { return a.capability; });
  fatigue = vec([](const Actor& a) { return a.fatigue; });
  baseline_share = vec([](const Actor& a) { return a.baseline_share; });
  max_share = vec([](const Actor& a) { return a.max_share; });
  grievance = vec([](const Actor& a) { return a.grievance; });
  has_grievance = vec([](const Actor& a) { return a.has_grievance ? 1.0 : 0.0; });
  transparency_strategic = vec([](const Actor& a) { return a.transparency_strategic; });
  transparency_operational = vec([](const Actor& a) { return a.transparency_operational; });
  values_transparency = vec([](const Actor& a) { return a.values_transparency; });
  satisfaction = vec([](const Actor& a) { return a.satisfaction; });
  hawkishness = vec([](const Actor& a) { return a.hawkishness; });
  trust_building = vec([](const Actor& a) { return static_cast<double>(a.trust_building); });
  for (const auto& a : sc.actors) policy.push_back(a.policy);

  proximity = sc.proximity;
  alliance = sc.alliance;
  interdependence = sc.interdependence;
  tension = sc.tension;
  dialogue = sc.dialogue;
  dialogue_cap = sc.dialogue_cap;
  base_operations = sc.operations;
  trust = sc.trust;

  const double bound = params.trust.bound;
  logodds = Matrix::Zero(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      if (i != j) {
        double t = trust(i, j);
        double l = std::log(t) - std::log1p(-t);
        logodds(i, j) = std::clamp(l, -bound, bound);
      }
  base_prior = logodds;
  prior = logodds;

  // Dispute friction F_ij: sum over disputes with i and j on different sides of min salience.
  dispute_friction = Matrix::Zero(n, n);
  for (const auto& d : sc.disputes)
    for (const auto& p : d.parties)
      for (const auto& q : d.parties)
        if (p.actor != q.actor && p.side != q.side)
          dispute_friction(p.actor, q.actor) += std::min(p.salience, q.salience);
  uncovered_friction = dispute_friction;

  institution_active.assign(sc.institutions.size(), 0);
  institution_override.assign(sc.institutions.size(), -1);
  for (Matrix* m : {&exercise_operations, &suspended_until, &stance, &dialogue_floor, &alliance_floor,
                    &mitigation, &cooperation, &crisis_relief, &coverage, &threat, &rivalry, &reaction,
                    &offer, &escalation, &seeking, &operations, &risk, &incident_rate, &incidents,
                    &next_alliance, &alliance_gain, &reading, &misreading, &style, &raw_logodds})
    *m = Matrix::Zero(n, n);
  incident_level = Matrix::Constant(n, n, -1.0);
  allied_capability = Vector::Zero(n);
  power = Vector::Zero(n);
  share = Vector::Zero(n);
  effort = Vector::Zero(n);
  milex_growth = Vector::Zero(n);
  gdp_growth = Vector::Zero(n);
  next_milex = Vector::Zero(n);
  next_gdp = Vector::Zero(n);
  next_share = Vector::Zero(n);
  share_change = Vector::Zero(n);
  excess_share = Vector::Zero(n);
  for (auto& m : tension_terms) m = Matrix::Zero(n, n);
  for (auto& m : trust_terms) m = Matrix::Zero(n, n);
}

}  // namespace statecraft
