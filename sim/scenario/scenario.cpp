#include "statecraft/scenario/scenario.hpp"

namespace statecraft {

const std::vector<PolicyField>& policy_fields() {
  static const std::vector<PolicyField> f = {
      {"k", &PolicyParams::k, "Richardson reaction to rivals' spending"},
      {"omega", &PolicyParams::omega, "assertiveness of operations near threats and in disputes"},
      {"delta", &PolicyParams::delta, "dialogue offered to each partner"},
      {"esc", &PolicyParams::esc, "propensity to escalate an incident"},
      {"eta", &PolicyParams::eta, "external balancing (alliance seeking)"},
      {"transparency_effort", &PolicyParams::transparency_effort,
       "yearly rise of its own transparency toward 1"},
  };
  return f;
}

const std::vector<Policy>& policy_presets() {
  // MODEL.md section 3.
  static const std::vector<Policy> p = {
      {"balance_of_power", {0.30, 0.6, 0.1, 0.6, 0.3, 0.0}},
      {"security_community", {0.05, 0.1, 0.8, 0.15, 0.0, 0.05}},
      {"hedging", {0.15, 0.3, 0.4, 0.35, 0.1, 0.02}},
  };
  return p;
}

const std::vector<std::string>& actor_set_fields() {
  static const std::vector<std::string> f = {
      "gdp",       "growth",       "milex",        "capability",
      "fatigue",   "baseline_share", "max_share",  "grievance",
      "satisfaction", "hawkishness", "values_transparency", "transparency.strategic",
      "transparency.operational"};
  return f;
}

const std::vector<std::string>& pair_set_fields() {
  // The last two are directed and take the observer's id: relations.USA-CHN.trust.USA
  static const std::vector<std::string> f = {"proximity", "alliance", "interdependence", "tension",
                                             "dialogue",  "dialogue_cap", "trust", "operations"};
  return f;
}

const char* event_type_name(EventType t) {
  switch (t) {
    case EventType::Set: return "set";
    case EventType::PolicyChange: return "policy_change";
    case EventType::TrustShock: return "trust_shock";
    case EventType::TensionShock: return "tension_shock";
  }
  return "?";
}

int Scenario::actor_index(const std::string& id) const {
  for (int i = 0; i < n(); ++i)
    if (actors[static_cast<std::size_t>(i)].id == id) return i;
  return -1;
}

}  // namespace statecraft
