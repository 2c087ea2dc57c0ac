#include "statecraft/scenario/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace statecraft {

const std::vector<Policy>& policy_presets() {
  // MODEL.md section 3.
  static const std::vector<Policy> p = [] {
    auto preset = [](const char* name, PolicyParams p) {
      Policy pol;
      pol.name = name;
      pol.params = p;
      return pol;
    };
    Policy bop = preset("balance_of_power", {0.30, 0.6, 0.1, 0.6, 0.3, 0.0});
    Policy sc = preset("security_community", {0.05, 0.1, 0.8, 0.15, 0.0, 0.05});
    Policy hedging = preset("hedging", {0.15, 0.3, 0.4, 0.35, 0.1, 0.02});
    // Reciprocity after generous tit-for-tat: security_community toward partners it trusts.
    Policy conditional = preset("conditional", sc.params);
    conditional.conditional = true;
    conditional.defect = bop.params;
    conditional.cooperate_name = sc.name;
    conditional.defect_name = bop.name;
    return std::vector<Policy>{bop, sc, hedging, conditional};
  }();
  return p;
}

const char* event_type_name(EventType t) {
  switch (t) {
    case EventType::Set: return "set";
    case EventType::PolicyChange: return "policy_change";
    case EventType::TrustShock: return "trust_shock";
    case EventType::TensionShock: return "tension_shock";
    case EventType::ArmsSale: return "arms_sale";
    case EventType::Provocation: return "provocation";
    case EventType::UnannouncedTest: return "unannounced_test";
    case EventType::Exercise: return "exercise";
    case EventType::Incident: return "incident";
    case EventType::SuspendDialogue: return "suspend_dialogue";
    case EventType::ResumeDialogue: return "resume_dialogue";
    case EventType::InstitutionStart: return "institution_start";
    case EventType::InstitutionEnd: return "institution_end";
  }
  return "?";
}

std::string event_summary(const Scenario& sc, const Event& e) {
  auto id = [&](int i) { return i >= 0 ? sc.actors[static_cast<std::size_t>(i)].id : std::string("?"); };
  auto num = [](double x) {
    std::string s = std::to_string(x);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  };
  auto list = [&](const std::vector<int>& v) {
    std::string s;
    for (int x : v) s += (s.empty() ? "" : ", ") + id(x);
    return s;
  };
  switch (e.type) {
    case EventType::Set: return e.target.path + " = " + num(e.value);
    case EventType::PolicyChange:
      return id(e.actor) + " adopts " + sc.policies[static_cast<std::size_t>(e.policy)].name;
    case EventType::TrustShock: return id(e.actor) + "'s trust in " + id(e.partner) + " " + num(e.value) + " log-odds";
    case EventType::TensionShock: return id(e.actor) + "-" + id(e.partner) + " tension " + num(e.value);
    case EventType::ArmsSale:
    {
      const bool one = e.others.size() == 1;
      return id(e.actor) + " sells arms to " + id(e.partner) + " (size " + num(e.value) + "); " + list(e.others) +
             (one ? " objects" : " object") +
             (e.duration > 0 ? std::string(one ? " and suspends" : " and suspend") + " dialogue for " +
                                   std::to_string(e.duration) + (e.duration == 1 ? " step" : " steps")
                             : "");
    }
    case EventType::Provocation: return id(e.actor) + " provokes " + list(e.others) + " (size " + num(e.value) + ")";
    case EventType::UnannouncedTest:
      return id(e.actor) + " tests a weapon unannounced (size " + num(e.value) + "), seen by " + list(e.others);
    case EventType::Exercise:
      return id(e.actor) + " exercises near " + list(e.others) + " (size " + num(e.value) + ", " +
             std::to_string(e.duration) + (e.duration == 1 ? " step)" : " steps)");
    case EventType::Incident:
      return "incident caused by " + id(e.actor) + " with " + id(e.partner) + " (severity " + num(e.value) +
             ", level " + std::to_string(e.level) + ")";
    case EventType::SuspendDialogue:
      return id(e.actor) + "-" + id(e.partner) + " dialogue suspended" +
             (e.duration > 0 ? " for " + std::to_string(e.duration) + (e.duration == 1 ? " step" : " steps") : "");
    case EventType::ResumeDialogue: return id(e.actor) + "-" + id(e.partner) + " dialogue resumed";
    case EventType::InstitutionStart: return sc.institutions[static_cast<std::size_t>(e.institution)].id + " starts";
    case EventType::InstitutionEnd: return sc.institutions[static_cast<std::size_t>(e.institution)].id + " ends";
  }
  return "";
}

double year_resolution(double year) {
  const double y = std::fabs(year);
  if (y == 0) return std::numeric_limits<double>::denorm_min();
  return std::pow(10.0, std::floor(std::log10(y)) - (kYearDigits - 1));
}

namespace {
/// The resolution of the largest |year| of the run: years move monotonically, so it is at an end.
double run_resolution(double start_year, int steps, double dt) {
  const double end = start_year + steps * dt;
  return year_resolution(std::max(std::fabs(start_year), std::fabs(end)));
}
}  // namespace

bool dt_separates_years(double start_year, int steps, double dt) {
  // Two years dt apart, both rounded to a grid no coarser than r <= dt, cannot round to the same value.
  return dt >= run_resolution(start_year, steps, dt);
}

double min_dt(double start_year, int steps) {
  // A larger dt can carry the last year into a coarser decade: grow until the bound holds for itself.
  double dt = year_resolution(start_year);
  for (int i = 0; i < 64 && !dt_separates_years(start_year, steps, dt); ++i) dt = run_resolution(start_year, steps, dt);
  return dt;
}

int Scenario::actor_index(const std::string& id) const {
  for (int i = 0; i < n(); ++i)
    if (actors[static_cast<std::size_t>(i)].id == id) return i;
  return -1;
}

}  // namespace statecraft
