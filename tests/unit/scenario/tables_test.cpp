// The descriptor tables (fields.hpp, events.hpp) agree with themselves and with what the code does: every enum
// value has its entry, the defaults the tables state are the defaults the loader gives, the log kinds are the
// event types'.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <string>

#include "statecraft/scenario/load.hpp"
#include "statecraft/world/world.hpp"

namespace statecraft {
namespace {

const Scenario& two_actors() {
  static const Scenario sc = load_scenario_text(R"(scenario: {name: t}
actors:
  A: {gdp: 1000, milex: 20, policy: hedging}
  B: {gdp: 1000, milex: 20, policy: hedging}
)", "t.yaml");
  return sc;
}

TEST(FieldTables, EveryEnumValueHasOneEntry) {
  std::multiset<int> actor, pair, institution;
  for (const auto& f : actor_fields())
    if (f.field) actor.insert(static_cast<int>(*f.field));
  for (const auto& f : pair_fields()) pair.insert(static_cast<int>(f.field));
  for (const auto& f : institution_fields())
    if (f.field) institution.insert(static_cast<int>(*f.field));
  for (int i = 0; i < kActorFields; ++i) EXPECT_EQ(actor.count(i), 1u) << i;
  for (int i = 0; i < kPairFields; ++i) EXPECT_EQ(pair.count(i), 1u) << i;
  for (int i = 0; i < kInstitutionFields; ++i) EXPECT_EQ(institution.count(i), 1u) << i;
  EXPECT_EQ(actor.size(), static_cast<std::size_t>(kActorFields));
  EXPECT_EQ(pair.size(), static_cast<std::size_t>(kPairFields));
  // Settable numbers can be reached; nothing else claims to be settable.
  for (const auto& f : actor_fields()) EXPECT_EQ(f.desc.settable, f.field.has_value()) << f.desc.name;
  for (const auto& f : actor_fields()) EXPECT_EQ(f.ref != nullptr, f.field.has_value()) << f.desc.name;
  for (const auto& f : institution_fields())
    EXPECT_EQ(f.ref != nullptr, f.field && *f.field != InstitutionField::Members) << f.desc.name;
}

TEST(FieldTables, TheOrderMessagesListIsTheSettableOrder) {
  const std::vector<std::string> actor = {"gdp", "growth", "milex", "capability", "fatigue", "baseline_share",
                                          "max_share", "grievance", "satisfaction", "hawkishness",
                                          "values_transparency", "transparency.strategic", "transparency.operational"};
  EXPECT_EQ(settable_names(PathKind::Actor), actor);
  const std::vector<std::string> pair = {"proximity", "alliance", "interdependence", "tension",
                                         "dialogue",  "dialogue_cap", "affinity", "trust", "operations"};
  EXPECT_EQ(settable_names(PathKind::Pair), pair);
  EXPECT_EQ(settable_names(PathKind::Institution), (std::vector<std::string>{"members", "strength", "start", "end"}));
  EXPECT_EQ(settable_names(PathKind::Policy).front(), "k");
  EXPECT_EQ(settable_names(PathKind::Parameter).size(), parameter_table().size());
  EXPECT_EQ(settable_names(PathKind::Parameter).front(), "arms.depreciation");
}

TEST(FieldTables, StatedDefaultsAreTheLoadersDefaults) {
  // An actor given only gdp, milex and policy: every numeric default the table states as a number.
  Actor given = two_actors().actors[0];
  for (const auto& f : actor_fields()) {
    if (!f.ref) continue;
    char* end = nullptr;
    const double stated = std::strtod(f.desc.default_value.c_str(), &end);
    if (f.desc.default_value.empty() || *end != '\0') continue;  // required, or derived
    EXPECT_EQ(f.ref(given), stated) << f.desc.name;
  }
  // A pair with no relations given: the built-in defaults, in every direction.
  for (const auto& f : pair_fields()) {
    EXPECT_EQ((two_actors().*f.matrix)(0, 1), f.builtin_default) << f.desc.name;
    EXPECT_EQ((two_actors().*f.matrix)(1, 0), f.builtin_default) << f.desc.name;
    EXPECT_EQ(f.desc.default_value, format_number(f.builtin_default));
  }
  // Parameters: the table of every kind shows the defaults of Parameters.
  const auto params = describe_fields(PathKind::Parameter);
  ASSERT_EQ(params.size(), parameter_table().size());
  EXPECT_EQ(params[0].name, "arms.depreciation");
  EXPECT_EQ(params[0].default_value, "0.1");
  const auto learning = std::find_if(params.begin(), params.end(), [](const FieldDesc& d) { return d.name == "trust.learning"; });
  ASSERT_NE(learning, params.end());
  EXPECT_EQ(learning->type, ValueType::Switch);
  EXPECT_EQ(learning->default_value, "true");
}

TEST(EventTable, OneEntryPerTypeInOrderWithItsLogKind) {
  ASSERT_EQ(event_types().size(), static_cast<std::size_t>(kEventTypes));
  std::set<std::string> names;
  for (int i = 0; i < kEventTypes; ++i) {
    const auto t = static_cast<EventType>(i);
    EXPECT_EQ(describe(t).type, t);
    EXPECT_TRUE(names.insert(event_type_name(t)).second) << event_type_name(t);
    EXPECT_STREQ(log_kind_name(log_kind(t)), event_type_name(t));
  }
  EXPECT_STREQ(log_kind_name(LogKind::StanceChange), "stance_change");
  EXPECT_EQ(static_cast<int>(LogKind::StanceChange), kEventTypes);
  EXPECT_EQ(log_kind(EventType::Incident), LogKind::Incident);
}

TEST(EventTable, EveryKeySaysWhereItGoes) {
  for (const auto& t : event_types()) {
    std::set<std::string> keys;
    for (const auto& k : t.keys) {
      EXPECT_TRUE(keys.insert(k.name).second) << t.name << "." << k.name;
      EXPECT_NE(std::string(k.doc), "") << t.name << "." << k.name;
      if (k.required) {
        EXPECT_NE(std::string(k.expected), "") << t.name << "." << k.name;
      }
      if (k.type == EventKeyType::Actor) {
        EXPECT_NE(k.actor, nullptr) << t.name << "." << k.name;
      }
      if (k.type == EventKeyType::Number) {
        EXPECT_NE(k.number, nullptr) << t.name << "." << k.name;
        if (!k.required) {
          EXPECT_TRUE(k.range.contains(k.fallback)) << t.name << "." << k.name;
        }
      }
      if (*k.or_instead) {
        const bool later = std::any_of(t.keys.begin(), t.keys.end(), [&](const EventKey& o) {
          return &o > &k && std::string(o.name) == k.or_instead;
        });
        EXPECT_TRUE(later) << t.name << "." << k.name;
      }
    }
  }
}

TEST(EventTable, SummariesSayWhatAnEventDoes) {
  Scenario sc = two_actors();
  Event e;
  e.type = EventType::ArmsSale;
  e.actor = 0;
  e.partner = 1;
  e.others = {1};
  e.value = 0.5;
  e.duration = 2;
  EXPECT_EQ(event_summary(sc, e), "A sells arms to B (size 0.5); B objects and suspends dialogue for 2 steps");
  e.type = EventType::TensionShock;
  e.value = -0.25;
  EXPECT_EQ(event_summary(sc, e), "A-B tension -0.25");
}

}  // namespace
}  // namespace statecraft
