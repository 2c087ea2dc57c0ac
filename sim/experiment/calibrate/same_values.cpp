// Whether two scenarios hold the same values: the calibration's check that setting fitted values directly on a
// loaded scenario gives what the loader gives (model.cpp), and that fitted.yaml loads back (fitted_yaml.cpp).
#include "same_values.hpp"

namespace statecraft::calib {

bool same_values(const Scenario& a, const Scenario& b) {
  if (a.actors.size() != b.actors.size()) return false;
  auto same_policy = [](const Policy& p, const Policy& q) {
    if (p.conditional != q.conditional || p.defect_below != q.defect_below || p.engage_above != q.engage_above)
      return false;
    for (const auto& f : policy_fields())
      if (p.params.*f.member != q.params.*f.member || p.defect.*f.member != q.defect.*f.member) return false;
    return true;
  };
  for (std::size_t i = 0; i < a.actors.size(); ++i) {
    const Actor &x = a.actors[i], &y = b.actors[i];
    if (x.gdp != y.gdp || x.growth != y.growth || x.milex != y.milex || x.capability != y.capability ||
        x.fatigue != y.fatigue || x.baseline_share != y.baseline_share || x.max_share != y.max_share ||
        x.grievance != y.grievance || x.has_grievance != y.has_grievance || x.satisfaction != y.satisfaction ||
        x.hawkishness != y.hawkishness || x.transparency_strategic != y.transparency_strategic ||
        x.transparency_operational != y.transparency_operational || x.values_transparency != y.values_transparency ||
        x.trust_building != y.trust_building ||
        !same_policy(a.policies[static_cast<std::size_t>(x.policy)], b.policies[static_cast<std::size_t>(y.policy)]))
      return false;
  }
  // Policies that events switch actors to.
  if (a.events.size() != b.events.size()) return false;
  for (std::size_t k = 0; k < a.events.size(); ++k)
    if (a.events[k].type == EventType::PolicyChange &&
        !same_policy(a.policies[static_cast<std::size_t>(a.events[k].policy)],
                     b.policies[static_cast<std::size_t>(b.events[k].policy)]))
      return false;
  Parameters pa = a.params, pb = b.params;
  for (const auto& d : parameter_table())
    if (d.ref(pa) != d.ref(pb)) return false;
  if (a.institutions.size() != b.institutions.size()) return false;
  for (std::size_t k = 0; k < a.institutions.size(); ++k) {
    const Institution &x = a.institutions[k], &y = b.institutions[k];
    if (x.strength != y.strength || x.start != y.start || x.end != y.end) return false;
  }
  return a.proximity == b.proximity && a.alliance == b.alliance && a.interdependence == b.interdependence &&
         a.trust == b.trust && a.tension == b.tension && a.dialogue == b.dialogue && a.dialogue_cap == b.dialogue_cap &&
         a.operations == b.operations;
}

}  // namespace statecraft::calib
