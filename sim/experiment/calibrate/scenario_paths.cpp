// The calibration's own reading and writing of scenario values by path (actors.ID.FIELD,
// parameters.GROUP.KEY, policies.NAME.COEFFICIENT, relations.A-B.FIELD): the fast path of the fit sets values
// directly on a loaded scenario instead of loading the file again. Kept together, as it was, so that one path
// grammar for the whole program can replace it in one place.
#include "scenario_paths.hpp"

#include <algorithm>
#include <map>

#include "common.hpp"

namespace statecraft::calib {

/// A fitted value's current value in `sc` and the range the loader accepts for it (with the bounds the
/// other values of the scenario imply: baseline_share <= max_share, milex <= max_share gdp). Returns false
/// for a path it cannot read (the loader then says what is wrong with it).
bool value_and_range(const Scenario& sc, const std::string& path, double& value, double& lo, double& hi) {
  const std::vector<std::string> parts = split(path, '.');
  if (parts.size() < 3) return false;
  if (parts[0] == "parameters") {
    if (parts.size() != 3) return false;
    const ParamDesc* d = find_parameter(parts[1], parts[2]);
    if (!d || d->kind != ParamKind::Real) return false;
    Parameters p = sc.params;
    value = d->ref(p);
    lo = d->lo;
    hi = d->hi;
    return true;
  }
  if (parts[0] == "policies") {
    if (parts.size() != 3) return false;
    for (const auto& pol : sc.policies) {
      if (pol.name != parts[1] || pol.conditional) continue;
      for (const auto& f : policy_fields())
        if (parts[2] == f.key) {
          value = pol.params.*f.member;
          lo = 0;
          hi = 1;
          return true;
        }
    }
    return false;
  }
  if (parts[0] == "actors") {
    const int i = sc.actor_index(parts[1]);
    if (i < 0) return false;
    const Actor& a = sc.actors[static_cast<std::size_t>(i)];
    std::string field = parts[2];
    for (std::size_t k = 3; k < parts.size(); ++k) field += "." + parts[k];
    // The ranges of sim/scenario/load.cpp (actor_numeric_fields), with the cross-field bounds.
    const double tiny = 1e-9;
    struct F {
      const char* key;
      double value, lo, hi;
    };
    const F table[] = {
        {"gdp", a.gdp, std::max(tiny, a.max_share > 0 ? a.milex / a.max_share : tiny), 1e6},
        {"growth", a.growth, -0.5, 0.5},
        {"milex", a.milex, 0, std::min(1e5, a.max_share * a.gdp)},
        {"capability", a.capability, tiny, 1e7},
        {"fatigue", a.fatigue, 0, 10},
        {"baseline_share", a.baseline_share, tiny, a.max_share},
        {"max_share", a.max_share, std::max({tiny, a.baseline_share, a.gdp > 0 ? a.milex / a.gdp : 0.0}), 1},
        {"grievance", a.has_grievance ? a.grievance : a.fatigue * a.baseline_share * a.gdp, -1e5, 1e5},
        {"satisfaction", a.satisfaction, -1, 1},
        {"hawkishness", a.hawkishness, 0, 1},
        {"values_transparency", a.values_transparency, 0, 1},
        {"transparency.strategic", a.transparency_strategic, 0, 1},
        {"transparency.operational", a.transparency_operational, 0, 1},
    };
    for (const auto& f : table)
      if (field == f.key) {
        value = f.value;
        lo = f.lo;
        hi = f.hi;
        return true;
      }
    return false;
  }
  if (parts[0] == "relations") {
    const auto dash = parts[1].find('-');
    if (dash == std::string::npos) return false;
    const int a = sc.actor_index(parts[1].substr(0, dash)), b = sc.actor_index(parts[1].substr(dash + 1));
    if (a < 0 || b < 0 || a == b) return false;
    lo = 0;
    hi = 1;
    const std::map<std::string, const Matrix*> sym = {
        {"proximity", &sc.proximity}, {"alliance", &sc.alliance}, {"interdependence", &sc.interdependence},
        {"tension", &sc.tension},     {"dialogue", &sc.dialogue}, {"dialogue_cap", &sc.dialogue_cap}};
    if (parts.size() == 3 && sym.count(parts[2])) {
      value = (*sym.at(parts[2]))(a, b);
      return true;
    }
    if (parts.size() == 4 && (parts[2] == "trust" || parts[2] == "operations")) {
      const int obs = sc.actor_index(parts[3]);
      if (obs != a && obs != b) return false;
      const int other = obs == a ? b : a;
      value = (parts[2] == "trust" ? sc.trust : sc.operations)(obs, other);
      return true;
    }
    return false;
  }
  return false;
}

/// The loader's message for a path it rejects, re-addressed to --fit.
std::vector<Diagnostic> path_errors(const CalibrationSpec& spec, const std::string& path) {
  LoadOptions lo = spec.load;
  lo.check_all_variants = false;
  lo.overrides = {{path, 0.0}};
  std::vector<Diagnostic> out;
  try {
    (void)load_scenario(spec.file, lo);
  } catch (const ScenarioError& e) {
    for (auto d : e.diagnostics())
      if (d.mark.file == "--param") {
        d.mark.file = "--fit";
        out.push_back(d);
      }
  }
  if (out.empty())
    out.push_back(Diagnostic{Mark{"--fit", 0, 0}, path,
                             "is not a number the calibration can fit (expected parameters.GROUP.KEY, actors.ID.FIELD, "
                             "relations.A-B.FIELD or policies.NAME.COEFFICIENT of a policy that does not switch)"});
  return out;
}

/// Whether two scenarios hold the same values wherever a fitted path or a default derived from one can
/// land: every actor field, every policy's coefficients, every parameter, the initial pair matrices.
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
  return a.proximity == b.proximity && a.alliance == b.alliance && a.interdependence == b.interdependence &&
         a.trust == b.trust && a.tension == b.tension && a.dialogue == b.dialogue && a.dialogue_cap == b.dialogue_cap &&
         a.operations == b.operations;
}

/// Sets a fitted path's value directly on a loaded scenario (no defaults re-derived, nothing checked).
bool set_direct(Scenario& sc, const std::string& path, double v) {
  const std::vector<std::string> parts = split(path, '.');
  if (parts.size() < 3) return false;
  if (parts[0] == "parameters") {
    const ParamDesc* d = parts.size() == 3 ? find_parameter(parts[1], parts[2]) : nullptr;
    if (!d) return false;
    d->ref(sc.params) = v;
    return true;
  }
  if (parts[0] == "policies") {
    for (auto& pol : sc.policies)
      if (pol.name == parts[1] && !pol.conditional)
        for (const auto& f : policy_fields())
          if (parts[2] == f.key) {
            pol.params.*f.member = v;
            return true;
          }
    return false;
  }
  if (parts[0] == "actors") {
    const int i = sc.actor_index(parts[1]);
    if (i < 0) return false;
    Actor& a = sc.actors[static_cast<std::size_t>(i)];
    std::string field = parts[2];
    for (std::size_t k = 3; k < parts.size(); ++k) field += "." + parts[k];
    const std::map<std::string, double Actor::*> fields = {
        {"gdp", &Actor::gdp},
        {"growth", &Actor::growth},
        {"milex", &Actor::milex},
        {"capability", &Actor::capability},
        {"fatigue", &Actor::fatigue},
        {"baseline_share", &Actor::baseline_share},
        {"max_share", &Actor::max_share},
        {"grievance", &Actor::grievance},
        {"satisfaction", &Actor::satisfaction},
        {"hawkishness", &Actor::hawkishness},
        {"values_transparency", &Actor::values_transparency},
        {"transparency.strategic", &Actor::transparency_strategic},
        {"transparency.operational", &Actor::transparency_operational}};
    auto it = fields.find(field);
    if (it == fields.end()) return false;
    a.*(it->second) = v;
    if (field == "grievance") a.has_grievance = true;
    return true;
  }
  if (parts[0] == "relations") {
    const auto dash = parts[1].find('-');
    if (dash == std::string::npos) return false;
    const int a = sc.actor_index(parts[1].substr(0, dash)), b = sc.actor_index(parts[1].substr(dash + 1));
    if (a < 0 || b < 0 || a == b) return false;
    const std::map<std::string, Matrix*> sym = {
        {"proximity", &sc.proximity}, {"alliance", &sc.alliance}, {"interdependence", &sc.interdependence},
        {"tension", &sc.tension},     {"dialogue", &sc.dialogue}, {"dialogue_cap", &sc.dialogue_cap}};
    if (parts.size() == 3 && sym.count(parts[2])) {
      (*sym.at(parts[2]))(a, b) = v;
      (*sym.at(parts[2]))(b, a) = v;
      return true;
    }
    if (parts.size() == 4 && (parts[2] == "trust" || parts[2] == "operations")) {
      const int obs = sc.actor_index(parts[3]);
      if (obs != a && obs != b) return false;
      (parts[2] == "trust" ? sc.trust : sc.operations)(obs, obs == a ? b : a) = v;
      return true;
    }
  }
  return false;
}

}  // namespace statecraft::calib
