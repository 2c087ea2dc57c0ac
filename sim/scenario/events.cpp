// The table of event types (events.hpp): keys, documentation and summaries.
#include "statecraft/scenario/events.hpp"

#include <stdexcept>

#include "statecraft/scenario/scenario.hpp"
#include "statecraft/util/counted.hpp"

namespace statecraft {
namespace {

// ---- pieces of a summary -------------------------------------------------------------------------

std::string id(const Scenario& sc, int i) { return i >= 0 ? sc.actors[static_cast<std::size_t>(i)].id : "?"; }

/// A value with its trailing zeros removed: 0.5, not 0.500000.
std::string num(double x) {
  std::string s = std::to_string(x);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string ids(const Scenario& sc, const std::vector<int>& v) {
  std::string s;
  for (int x : v) s += (s.empty() ? "" : ", ") + id(sc, x);
  return s;
}

std::string steps(int n) { return counted(static_cast<std::size_t>(n), "step"); }

std::string pair_of(const Scenario& sc, const Event& e) { return id(sc, e.actor) + "-" + id(sc, e.partner); }

const std::string& institution_id(const Scenario& sc, const Event& e) {
  return sc.institutions[static_cast<std::size_t>(e.institution)].id;
}

// ---- the summaries -------------------------------------------------------------------------------

std::string set_summary(const Scenario&, const Event& e) { return e.target.path + " = " + num(e.value); }

std::string policy_change_summary(const Scenario& sc, const Event& e) {
  return id(sc, e.actor) + " adopts " + sc.policies[static_cast<std::size_t>(e.policy)].name;
}

std::string trust_shock_summary(const Scenario& sc, const Event& e) {
  return id(sc, e.actor) + "'s trust in " + id(sc, e.partner) + " " + num(e.value) + " log-odds";
}

std::string tension_shock_summary(const Scenario& sc, const Event& e) {
  return pair_of(sc, e) + " tension " + num(e.value);
}

std::string arms_sale_summary(const Scenario& sc, const Event& e) {
  const bool one = e.others.size() == 1;
  return id(sc, e.actor) + " sells arms to " + id(sc, e.partner) + " (size " + num(e.value) + "); " +
         ids(sc, e.others) + (one ? " objects" : " object") +
         (e.duration > 0 ? std::string(one ? " and suspends" : " and suspend") + " dialogue for " + steps(e.duration)
                         : "");
}

std::string provocation_summary(const Scenario& sc, const Event& e) {
  return id(sc, e.actor) + " provokes " + ids(sc, e.others) + " (size " + num(e.value) + ")";
}

std::string unannounced_test_summary(const Scenario& sc, const Event& e) {
  return id(sc, e.actor) + " tests a weapon unannounced (size " + num(e.value) + "), seen by " + ids(sc, e.others);
}

std::string exercise_summary(const Scenario& sc, const Event& e) {
  return id(sc, e.actor) + " exercises near " + ids(sc, e.others) + " (size " + num(e.value) + ", " +
         steps(e.duration) + ")";
}

std::string incident_summary(const Scenario& sc, const Event& e) {
  return "incident caused by " + id(sc, e.actor) + " with " + id(sc, e.partner) + " (severity " + num(e.value) +
         ", level " + std::to_string(e.level) + ")";
}

std::string suspend_dialogue_summary(const Scenario& sc, const Event& e) {
  return pair_of(sc, e) + " dialogue suspended" + (e.duration > 0 ? " for " + steps(e.duration) : "");
}

std::string resume_dialogue_summary(const Scenario& sc, const Event& e) { return pair_of(sc, e) + " dialogue resumed"; }

std::string institution_start_summary(const Scenario& sc, const Event& e) { return institution_id(sc, e) + " starts"; }

std::string institution_end_summary(const Scenario& sc, const Event& e) { return institution_id(sc, e) + " ends"; }

// ---- keys that several types share ---------------------------------------------------------------

using K = EventKeyType;

EventKey actor_key(const char* name, const char* expected, const char* doc) {
  return {.name = name, .type = K::Actor, .required = true, .expected = expected, .default_text = "required",
          .doc = doc, .actor = &Event::actor};
}

EventKey partner_key(const char* name, const char* expected, const char* doc, const char* not_the_actor) {
  return {.name = name, .type = K::Actor, .required = true, .expected = expected, .default_text = "required",
          .doc = doc, .actor = &Event::partner, .not_the_actor = not_the_actor};
}

EventKey size_key(double fallback, const char* default_text, const char* doc) {
  return {.name = "size", .type = K::Number, .range = Range::unit_interval(), .fallback = fallback,
          .default_text = default_text, .doc = doc, .number = &Event::value};
}

EventKey pair_key(const char* doc) {
  return {.name = "pair", .type = K::Pair, .required = true, .expected = "a pair such as USA-CHN",
          .default_text = "required", .doc = doc};
}

EventKey duration_key(double fallback, const char* default_text, const char* doc) {
  return {.name = "duration", .type = K::Years, .fallback = fallback, .default_text = default_text, .doc = doc};
}

constexpr const char* kNotItself = "includes the actor itself (expected other states)";

std::vector<EventTypeDesc> make_table() {
  return {
      {EventType::Set, "set", "sets one value from then on",
       {{.name = "path", .type = K::Path, .required = true, .expected = "a path such as actors.CHN.growth",
         .default_text = "required", .doc = "the value it sets (docs/paths.md)"},
        {.name = "value", .type = K::Value, .required = true, .expected = "a number", .default_text = "required",
         .doc = "the new value, in the range of the path"}},
       set_summary},
      {EventType::PolicyChange, "policy_change", "the actor follows another policy",
       {actor_key("actor", "an actor id", "the actor"),
        {.name = "policy", .type = K::Policy, .required = true, .expected = "a policy name or mapping",
         .default_text = "required", .doc = "a policy spec"}},
       policy_change_summary},
      {EventType::TrustShock, "trust_shock", "from's trust in to moves by delta in log-odds",
       {actor_key("from", "the actor whose trust changes", "the actor whose trust changes"),
        partner_key("to", "the actor it trusts more or less", "the actor it trusts more or less",
                    "'{id}' is also the actor in from (expected two different actors)"),
        {.name = "delta", .type = K::Number, .required = true, .expected = "a change of log-odds in [-16, 16]",
         .range = Range::closed(-16, 16, "log-odds"), .default_text = "required",
         .doc = "the change of log-odds (kept within the trust bound)", .number = &Event::value}},
       trust_shock_summary},
      {EventType::TensionShock, "tension_shock", "the pair's tension moves by delta, kept in [0, 1]",
       {pair_key("the pair"),
        {.name = "delta", .type = K::Number, .required = true, .expected = "a change of tension in [-1, 1]",
         .range = Range::closed(-1, 1), .default_text = "required", .doc = "the change of tension",
         .number = &Event::value}},
       tension_shock_summary},
      {EventType::ArmsSale, "arms_sale", "a sale one or more states object to",
       {actor_key("seller", "the selling actor's id", "the selling state"),
        partner_key("buyer", "the buying actor's id", "the buying state",
                    "is the seller too (expected two different actors)"),
        {.name = "objectors", .type = K::Actors, .required = true,
         .expected = "the id (or list of ids) of the states that object", .default_text = "required",
         .doc = "the states that object", .not_the_actor = "includes the seller (expected states that object to the sale)"},
        size_key(0.5, "0.5", "how much it offends each objector"),
        {.name = "value", .type = K::Number, .range = Range::closed(0, 1e5, "billions of constant US$"),
         .default_text = "0", .doc = "added to the buyer's capability at once", .number = &Event::amount},
        {.name = "suspend_dialogue", .type = K::Years, .default_text = "no suspension",
         .doc = "each objector suspends dialogue with the seller for this long"}},
       arms_sale_summary},
      {EventType::Provocation, "provocation", "a sinking, a shelling, a nuclear or missile test",
       {actor_key("actor", "the acting state's id", "the provoking state"),
        {.name = "targets", .type = K::Actors, .required = true,
         .expected = "the id (or list of ids) of the states provoked", .default_text = "required",
         .doc = "the states provoked", .not_the_actor = kNotItself},
        size_key(0.5, "0.5", "how much tension and trust it costs with each target")},
       provocation_summary},
      {EventType::UnannouncedTest, "unannounced_test", "a weapons test sprung on others",
       {actor_key("actor", "the acting state's id", "the testing state"),
        {.name = "observers", .type = K::Actors, .default_text = "every other actor",
         .doc = "the states whose trust in the actor falls", .not_the_actor = kNotItself,
         .others_by_default = true},
        size_key(0.5, "0.5", "how much trust and strategic transparency it costs")},
       unannounced_test_summary},
      {EventType::Exercise, "exercise", "operations raised for a time",
       {actor_key("actor", "the acting state's id", "the exercising state"),
        {.name = "near", .type = K::Actors,
         .expected = "near: the ids of the states it is held near, or dispute: the id of a dispute it is party to",
         .default_text = "one of near, dispute required", .doc = "the states it is held near",
         .not_the_actor = kNotItself, .or_instead = "dispute"},
        {.name = "dispute", .type = K::Dispute, .doc = "held in the disputed area: near every party on the other side"},
        size_key(0.3, "0.3", "added to the actor's operations near each of them"),
        duration_key(1, "1 year", "how long it lasts")},
       exercise_summary},
      {EventType::Incident, "incident", "a forced incident",
       {actor_key("initiator", "the id of the state whose operations caused it", "the state whose operations caused it"),
        partner_key("target", "the id of the other state", "the other side",
                    "is the initiator too (expected two different actors)"),
        {.name = "severity", .type = K::Number, .range = Range::unit_interval(), .fallback = 0.3,
         .default_text = "0.3", .doc = "its severity", .number = &Event::value},
        {.name = "level", .type = K::Level, .default_text = "0",
         .doc = "0 contained, 1 a crisis, 2 a militarized dispute"}},
       incident_summary},
      {EventType::SuspendDialogue, "suspend_dialogue", "both sides' dialogue offers are 0 for a time",
       {pair_key("the pair"), duration_key(0, "until a resume_dialogue", "how long both sides offer no dialogue")},
       suspend_dialogue_summary},
      {EventType::ResumeDialogue, "resume_dialogue", "ends a suspension", {pair_key("the pair")},
       resume_dialogue_summary},
      {EventType::InstitutionStart, "institution_start", "switches an institution on from this step",
       {{.name = "institution", .type = K::Institution, .required = true, .expected = "an institution id",
         .default_text = "required", .doc = "the institution switched on"}},
       institution_start_summary},
      {EventType::InstitutionEnd, "institution_end", "switches an institution off from this step",
       {{.name = "institution", .type = K::Institution, .required = true, .expected = "an institution id",
         .default_text = "required", .doc = "the institution switched off"}},
       institution_end_summary},
  };
}

/// The table, checked once: indexed by EventType, so every type must be there, in order.
const std::vector<EventTypeDesc>& checked_table() {
  // Built on first use, not at static initialisation: other files' statics may read it.
  static const std::vector<EventTypeDesc> types = [] {
    std::vector<EventTypeDesc> t = make_table();
    for (std::size_t i = 0; i < t.size(); ++i)
      if (static_cast<std::size_t>(t[i].type) != i) throw std::logic_error("event_types: out of EventType order");
    if (t.size() != static_cast<std::size_t>(kEventTypes)) throw std::logic_error("event_types: a type is missing");
    return t;
  }();
  return types;
}

}  // namespace

const std::vector<EventTypeDesc>& event_types() { return checked_table(); }

const EventTypeDesc& describe(EventType t) { return event_types()[static_cast<std::size_t>(t)]; }

const char* event_type_name(EventType t) { return describe(t).name; }

std::string event_summary(const Scenario& sc, const Event& e) { return describe(e.type).summary(sc, e); }

}  // namespace statecraft
