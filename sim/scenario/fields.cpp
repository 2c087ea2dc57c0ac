// The tables of fields.hpp: every key of an actor, a pair and an institution, and the policy coefficients.
#include "statecraft/scenario/fields.hpp"

#include <stdexcept>

#include "statecraft/scenario/parameters.hpp"
#include "statecraft/scenario/scenario.hpp"

namespace statecraft {
namespace {

FieldDesc number(std::string name, std::string unit, Range range, std::string default_value, std::string doc) {
  return FieldDesc{std::move(name), ValueType::Number, std::move(unit), std::move(range), std::move(default_value),
                   std::move(doc), true, {}};
}

FieldDesc other(std::string name, ValueType type, std::string default_value, std::string doc,
                std::vector<std::string> choices = {}) {
  return FieldDesc{std::move(name), type, {}, {}, std::move(default_value), std::move(doc), false, std::move(choices)};
}

std::vector<std::string> institution_kind_names() {
  std::vector<std::string> kinds;
  for (int k = 0; k < kInstitutionKinds; ++k) kinds.emplace_back(institution_kind_name(static_cast<InstitutionKind>(k)));
  return kinds;
}

#define STATECRAFT_ACTOR_REF(MEMBER) [](Actor& a) -> double& { return a.MEMBER; }

const std::vector<ActorFieldDesc>& actor_table() {
  // Built on first use, not at static initialisation: other files' statics may read it.
  static const std::vector<ActorFieldDesc> table = {
      {other("name", ValueType::Text, "the id", "display name"), {}},
      {number("gdp", "bn constant US$", Range::positive(1e6, "billions of constant US$"), "required",
              "economic output Y"),
       ActorField::Gdp, STATECRAFT_ACTOR_REF(gdp)},
      {number("growth", "per year", Range::closed(-0.5, 0.5, "per year"), "0", "trend growth g"), ActorField::Growth,
       STATECRAFT_ACTOR_REF(growth)},
      {number("milex", "bn constant US$ per year", Range::closed(0, 1e5, "billions of constant US$ per year"),
              "required", "military expenditure M"),
       ActorField::Milex, STATECRAFT_ACTOR_REF(milex)},
      {number("capability", "bn constant US$", Range::positive(1e7, "billions of constant US$"),
              "milex / parameters.arms.depreciation (required if depreciation is 0)", "military capital stock K"),
       ActorField::Capability, STATECRAFT_ACTOR_REF(capability)},
      {number("fatigue", "per year", Range::closed(0, 10, "per year"), "0.1",
              "Richardson fatigue (expense) coefficient a"),
       ActorField::Fatigue, STATECRAFT_ACTOR_REF(fatigue)},
      {number("baseline_share", "fraction of GDP", Range::positive(1), "milex / gdp",
              "burden share b it keeps with no threat"),
       ActorField::BaselineShare, STATECRAFT_ACTOR_REF(baseline_share)},
      {number("max_share", "fraction of GDP", Range::positive(1), "0.1", "ceiling on milex / gdp"),
       ActorField::MaxShare, STATECRAFT_ACTOR_REF(max_share)},
      {number("grievance", "bn per year", Range::closed(-1e5, 1e5, "billions per year"),
              "none: fatigue * baseline_share * gdp, recomputed each step",
              "direct Richardson grievance G (fixed in billions when given)"),
       ActorField::Grievance, STATECRAFT_ACTOR_REF(grievance)},
      {number("transparency.strategic", "", Range::unit_interval(), "0.5", "how readable its intentions are"),
       ActorField::TransparencyStrategic, STATECRAFT_ACTOR_REF(transparency_strategic)},
      {number("transparency.operational", "", Range::unit_interval(), "0.5", "how readable its capabilities are"),
       ActorField::TransparencyOperational, STATECRAFT_ACTOR_REF(transparency_operational)},
      {number("values_transparency", "", Range::unit_interval(), "0.5",
              "weight it gives to others' strategic (vs operational) transparency"),
       ActorField::ValuesTransparency, STATECRAFT_ACTOR_REF(values_transparency)},
      {other("trust_building", ValueType::Choice, "bottom_up", "how it builds trust: top_down or bottom_up",
             {"top_down", "bottom_up"}),
       {}},
      {number("satisfaction", "", Range::closed(-1, 1), "0", "satisfaction with the status quo (power-transition risk)"),
       ActorField::Satisfaction, STATECRAFT_ACTOR_REF(satisfaction)},
      {number("hawkishness", "", Range::unit_interval(), "0", "initial domestic pressure for firmness"),
       ActorField::Hawkishness, STATECRAFT_ACTOR_REF(hawkishness)},
      {other("policy", ValueType::PolicySpec, "required", "the policy it follows"), {}},
  };
  return table;
}

#undef STATECRAFT_ACTOR_REF

PairFieldDesc pair(std::string name, PairField field, bool directed, double builtin_default, Matrix Scenario::*m,
                   std::string doc) {
  return PairFieldDesc{number(std::move(name), "", Range::unit_interval(), format_number(builtin_default),
                              std::move(doc)),
                       field, directed, builtin_default, m};
}

const std::vector<PairFieldDesc>& pair_table() {
  static const std::vector<PairFieldDesc> table = {
      pair("proximity", PairField::Proximity, false, 0.5, &Scenario::proximity,
           "geographic or operational closeness; scales rivalry, threat and the incident rate"),
      pair("alliance", PairField::Alliance, false, 0.0, &Scenario::alliance,
           "alliance strength; removes rivalry and adds allied capability"),
      pair("interdependence", PairField::Interdependence, false, 0.1, &Scenario::interdependence,
           "economic interdependence; a trust signal, and the weight of the pair's tension in the tension drag"),
      pair("tension", PairField::Tension, false, 0.1, &Scenario::tension, "initial tension"),
      pair("dialogue", PairField::Dialogue, false, 0.1, &Scenario::dialogue, "initial intensity of security dialogue"),
      pair("dialogue_cap", PairField::DialogueCap, false, 1.0, &Scenario::dialogue_cap,
           "legal or political ceiling on dialogue"),
      pair("affinity", PairField::Affinity, false, 0.0, &Scenario::affinity,
           "political compatibility: alliances form in proportion to it, and not at all without it"),
      pair("trust", PairField::Trust, true, 0.5, &Scenario::trust,
           "i's belief that j is a security seeker; also the prior forgetting pulls back to"),
      pair("operations", PairField::Operations, true, 0.1, &Scenario::operations,
           "i's routine military activity near j"),
  };
  return table;
}

const std::vector<InstitutionFieldDesc>& institution_table() {
  const Range years = Range::closed(-5000, 10000, "a calendar year");
  static const std::vector<InstitutionFieldDesc> table = {
      {other("kind", ValueType::Choice, "required",
             "what it does: dialogue, cbm, code_of_conduct, community or alliance", institution_kind_names()),
       {}, {}},
      {other("name", ValueType::Text, "the id", "display name"), {}, {}},
      {FieldDesc{"members", ValueType::ActorIds, "", {}, "required", "the states it binds: at least 2, each once", true,
                 {}},
       InstitutionField::Members, {}},
      {number("strength", "", Range::unit_interval(), "required", "how much it does"), InstitutionField::Strength, {},
       [](Institution& i) -> double& { return i.strength; }},
      {number("start", "calendar year", years, "always active", "the first year it is active"),
       InstitutionField::Start, {}, [](Institution& i) -> double& { return i.start; }},
      {number("end", "calendar year", years, "never ends", "the year it stops: active while start <= year < end"),
       InstitutionField::End, {}, [](Institution& i) -> double& { return i.end; }},
      {other("dispute", ValueType::DisputeId, "required for code_of_conduct", "the dispute the code covers"), {},
       InstitutionKind::CodeOfConduct},
      {other("binding", ValueType::Switch, "false", "binding or not"), {}, InstitutionKind::CodeOfConduct},
      {other("decision_rule", ValueType::Choice, "majority",
             "consensus or majority: consensus divides its effect by sqrt(members)", {"consensus", "majority"}),
       {}, InstitutionKind::Community},
  };
  return table;
}

template <class Table, class Field>
const auto& find_field(const Table& table, Field f) {
  for (const auto& d : table)
    if (d.field == f) return d;
  throw std::logic_error("a field missing from its table");
}

}  // namespace

const std::vector<ActorFieldDesc>& actor_fields() { return actor_table(); }
const ActorFieldDesc& describe(ActorField f) { return find_field(actor_table(), f); }

const std::vector<PairFieldDesc>& pair_fields() { return pair_table(); }
const PairFieldDesc& describe(PairField f) { return find_field(pair_table(), f); }

const std::vector<InstitutionFieldDesc>& institution_fields() { return institution_table(); }
const InstitutionFieldDesc& describe(InstitutionField f) { return find_field(institution_table(), f); }

const char* institution_kind_name(InstitutionKind k) {
  switch (k) {
    case InstitutionKind::Dialogue: return "dialogue";
    case InstitutionKind::Cbm: return "cbm";
    case InstitutionKind::CodeOfConduct: return "code_of_conduct";
    case InstitutionKind::Community: return "community";
    case InstitutionKind::Alliance: return "alliance";
  }
  return "?";
}

const std::vector<PolicyField>& policy_fields() {
  static const std::vector<PolicyField> f = {
      {"k", &PolicyParams::k, "Richardson reaction to rivals' spending"},
      {"omega", &PolicyParams::omega, "assertiveness of operations near threats and in disputes"},
      {"delta", &PolicyParams::delta, "dialogue offered to each partner"},
      {"esc", &PolicyParams::esc, "propensity to escalate an incident"},
      {"eta", &PolicyParams::eta, "external balancing (alliance seeking)"},
      {"transparency_effort", &PolicyParams::transparency_effort, "yearly rise of its own transparency toward 1"},
      {"receptivity", &PolicyParams::receptivity,
       "weight it gives to others' reassuring signals: dialogue, cooperation, ties, restraint (Jervis)"},
  };
  return f;
}

std::vector<FieldDesc> describe_fields(PathKind kind) {
  std::vector<FieldDesc> out;
  switch (kind) {
    case PathKind::Parameter: {
      Parameters defaults;
      for (const ParamDesc& d : parameter_table()) {
        const double v = d.ref(defaults);
        const bool flag = d.kind == ParamKind::Bool;
        out.push_back(FieldDesc{std::string(d.group) + "." + std::string(d.key),
                                flag ? ValueType::Switch : ValueType::Number, "", Range::closed(d.lo, d.hi),
                                flag ? (v != 0 ? "true" : "false") : format_number(v), std::string(d.meaning), true,
                                {}});
      }
      break;
    }
    case PathKind::Actor:
      for (const auto& d : actor_table()) out.push_back(d.desc);
      break;
    case PathKind::Pair:
      for (const auto& d : pair_table()) out.push_back(d.desc);
      break;
    case PathKind::Policy:
      for (const auto& f : policy_fields())
        out.push_back(number(f.key, "", Range::unit_interval(), "from its base or mix", f.meaning));
      break;
    case PathKind::Institution:
      for (const auto& d : institution_table()) out.push_back(d.desc);
      break;
  }
  return out;
}

std::vector<std::string> settable_names(PathKind kind) {
  std::vector<std::string> names;
  switch (kind) {
    case PathKind::Parameter:
    case PathKind::Policy:
      for (const auto& d : describe_fields(kind)) names.push_back(d.name);
      break;
    case PathKind::Actor:
      for (int f = 0; f < kActorFields; ++f) names.push_back(describe(static_cast<ActorField>(f)).desc.name);
      break;
    case PathKind::Pair:
      for (int f = 0; f < kPairFields; ++f) names.push_back(describe(static_cast<PairField>(f)).desc.name);
      break;
    case PathKind::Institution:
      for (int f = 0; f < kInstitutionFields; ++f)
        names.push_back(describe(static_cast<InstitutionField>(f)).desc.name);
      break;
  }
  return names;
}

}  // namespace statecraft
