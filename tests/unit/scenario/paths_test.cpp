// The path grammar (statecraft/scenario/paths.hpp): every form parsed, every problem worded exactly, for each
// place a path is written; and reading and writing a path's value in a decoded scenario.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "statecraft/scenario/load.hpp"

namespace statecraft {
namespace {

constexpr const char* kScenario = R"(scenario: {name: paths, steps: 5}
policies:
  firm: {base: hedging, k: 0.4}
  reciprocal: {base: conditional}
actors:
  USA: {gdp: 16000, milex: 600, max_share: 0.05, policy: firm}
  CHN: {gdp: 8000, milex: 160, policy: hedging, transparency: {strategic: 0.6, operational: 0.2}}
  JPN: {gdp: 6000, milex: 60, baseline_share: 0.008, policy: reciprocal}
relations:
  pairs:
    USA-CHN: {tension: 0.4, trust: {USA: 0.35, CHN: 0.3}}
institutions:
  talks: {kind: dialogue, members: [USA, CHN], strength: 0.2, start: 2013, end: 2030}
)";

const Scenario& scenario() {
  static const Scenario sc = load_scenario_text(kScenario, "paths.yaml");
  return sc;
}

/// Parses for `use`, expecting success.
ValuePath parse(const std::string& text, PathUse use = PathUse::Override) {
  std::vector<std::string> errors;
  auto p = parse_value_path(text, path_names(scenario()), use, errors);
  EXPECT_TRUE(p) << text << ": " << (errors.empty() ? "" : errors[0]);
  EXPECT_TRUE(errors.empty());
  return p.value_or(ValuePath{});
}

/// Parses for `use`, expecting failure; returns every problem, one per line.
std::string problems(const std::string& text, PathUse use = PathUse::Override) {
  std::vector<std::string> errors;
  auto p = parse_value_path(text, path_names(scenario()), use, errors);
  EXPECT_FALSE(p) << text;
  std::string s;
  for (const auto& e : errors) s += e + "\n";
  return s;
}

int actor(const std::string& id) { return scenario().actor_index(id); }

TEST(PathGrammar, ParsesEveryForm) {
  const ValuePath param = parse("parameters.trust.forgetting");
  EXPECT_EQ(param.kind, PathKind::Parameter);
  EXPECT_EQ(parameter_table()[static_cast<std::size_t>(param.param)].key, "forgetting");
  EXPECT_EQ(param.path, "parameters.trust.forgetting");

  const ValuePath growth = parse("actors.CHN.growth");
  EXPECT_EQ(growth.kind, PathKind::Actor);
  EXPECT_EQ(growth.a, actor("CHN"));
  EXPECT_EQ(growth.actor_field, ActorField::Growth);
  EXPECT_EQ(parse("actors.CHN.transparency.strategic").actor_field, ActorField::TransparencyStrategic);

  const ValuePath tension = parse("relations.CHN-USA.tension");
  EXPECT_EQ(tension.kind, PathKind::Pair);
  EXPECT_EQ(tension.pair_field, PairField::Tension);
  EXPECT_EQ(tension.a, actor("CHN"));  // as written
  EXPECT_EQ(tension.b, actor("USA"));

  const ValuePath trust = parse("relations.USA-CHN.trust.CHN");
  EXPECT_EQ(trust.pair_field, PairField::Trust);
  EXPECT_EQ(trust.a, actor("CHN"));  // the observer first: CHN's trust in USA
  EXPECT_EQ(trust.b, actor("USA"));

  const ValuePath k = parse("policies.firm.k");
  EXPECT_EQ(k.kind, PathKind::Policy);
  EXPECT_EQ(path_names(scenario()).policies.at(static_cast<std::size_t>(k.policy)), "firm");
  EXPECT_EQ(policy_fields().at(static_cast<std::size_t>(k.policy_field)).key, std::string("k"));
  EXPECT_EQ(parse("policies.hedging.delta").policy, 2);  // the presets come first

  const ValuePath strength = parse("institutions.talks.strength");
  EXPECT_EQ(strength.kind, PathKind::Institution);
  EXPECT_EQ(strength.institution, 0);
  EXPECT_EQ(strength.institution_field, InstitutionField::Strength);
  EXPECT_EQ(parse("institutions.talks.start").institution_field, InstitutionField::Start);
  EXPECT_EQ(parse("institutions.talks.end").institution_field, InstitutionField::End);
}

TEST(PathGrammar, EveryActorOnlyInFit) {
  const ValuePath every = parse("actors.*.fatigue", PathUse::Fit);
  EXPECT_EQ(every.a, ValuePath::kEveryActor);
  const std::vector<ValuePath> each = expand_every_actor(every, path_names(scenario()));
  ASSERT_EQ(each.size(), 3u);
  EXPECT_EQ(each[0].path, "actors.USA.fatigue");
  EXPECT_EQ(each[2].path, "actors.JPN.fatigue");
  EXPECT_EQ(each[2].a, actor("JPN"));
  EXPECT_EQ(expand_every_actor(parse("actors.CHN.growth"), path_names(scenario())).size(), 1u);
  EXPECT_EQ(problems("actors.*.fatigue"),
            "'*' (every actor) is taken by calibrate --fit only (expected one actor's id, one path for each: USA, "
            "CHN, JPN)\n");
}

TEST(PathGrammar, ProblemsOfAnOverrideAreAddressedToThePath) {
  EXPECT_EQ(problems("growth"),
            "is not a settable path (expected parameters.GROUP.KEY, actors.ID.FIELD, relations.A-B.FIELD, "
            "policies.NAME.COEFFICIENT or institutions.ID.FIELD)\n");
  EXPECT_EQ(problems("actor.CHN.growth"), "is not a settable path (did you mean 'actors.CHN.growth'?)\n");
  EXPECT_EQ(problems("institution.talks.end"), "is not a settable path (did you mean 'institutions.talks.end'?)\n");
  EXPECT_EQ(problems("parameters.trust.forgeting"),
            "unknown parameter (did you mean 'parameters.trust.forgetting'?)\n");
  EXPECT_EQ(problems("parameters.nothing.like.this"),
            "unknown parameter (expected parameters.GROUP.KEY as listed in docs/scenario-format.md)\n");
  EXPECT_EQ(problems("actors.CNH.growth"), "unknown actor 'CNH' (did you mean 'CHN'?)\n");
  EXPECT_EQ(problems("actors.CHN.grwth"), "unknown actor field 'grwth' (did you mean 'growth'?)\n");
  // A key of an actor that no path sets gets the list, not a guess.
  const std::string actor_fields_list =
      "gdp, growth, milex, capability, fatigue, baseline_share, max_share, grievance, satisfaction, hawkishness, "
      "values_transparency, transparency.strategic, transparency.operational";
  EXPECT_EQ(problems("actors.CHN.name"), "unknown actor field 'name' (expected one of: " + actor_fields_list + ")\n");
  EXPECT_EQ(problems("relations.USACHN.tension"),
            "'USACHN' is not a pair (expected two actor ids joined by '-', e.g. USA-CHN)\n");
  EXPECT_EQ(problems("relations.USA-XX.tension"), "unknown actor 'XX' (expected one of: USA, CHN, JPN)\n");
  EXPECT_EQ(problems("relations.UAS-XX.tension"),
            "unknown actor 'UAS' (did you mean 'USA'?)\nunknown actor 'XX' (expected one of: USA, CHN, JPN)\n");
  EXPECT_EQ(problems("relations.USA-USA.tension"), "'USA-USA' pairs an actor with itself (expected two different actors)\n");
  EXPECT_EQ(problems("relations.USA-CHN.tenson"), "unknown relation field 'tenson' (did you mean 'tension'?)\n");
  EXPECT_EQ(problems("relations.USA-CHN.tension.USA"), "is not a settable path (expected relations.USA-CHN.tension)\n");
  EXPECT_EQ(problems("relations.USA-CHN.trust"),
            "needs the observer (expected relations.USA-CHN.trust.USA or relations.USA-CHN.trust.CHN: whose trust it is)\n");
  EXPECT_EQ(problems("relations.USA-CHN.operations.JPN"),
            "'JPN' is not in the pair USA-CHN (expected relations.USA-CHN.operations.USA or "
            "relations.USA-CHN.operations.CHN: whose operations it is)\n");
  EXPECT_EQ(problems("policies.hedgin.k"), "unknown policy 'hedgin' (did you mean 'hedging'?)\n");
  EXPECT_EQ(problems("policies.nothing.k"),
            "unknown policy 'nothing' (expected one of: balance_of_power, security_community, hedging, conditional, "
            "firm, reciprocal)\n");
  EXPECT_EQ(problems("policies.firm.dleta"), "unknown policy coefficient 'dleta' (did you mean 'delta'?)\n");
  EXPECT_EQ(problems("policies.firm.kk"),
            "unknown policy coefficient 'kk' (expected one of: k, omega, delta, esc, eta, transparency_effort, "
            "receptivity)\n");
  // A policy spec's other keys are the file's: said so, not "unknown", with what may be set instead.
  for (const char* key : {"defect_below", "engage_above", "cooperate", "defect", "base", "mix"})
    EXPECT_EQ(problems("policies.firm." + std::string(key)),
              "'" + std::string(key) + "' is set only where the policy is defined (expected a coefficient of a policy "
              "that does not switch: one of k, omega, delta, esc, eta, transparency_effort, receptivity)\n");
  EXPECT_EQ(problems("institutions.talk.strength"), "unknown institution 'talk' (did you mean 'talks'?)\n");
  EXPECT_EQ(problems("institutions.arf.strength"), "unknown institution 'arf' (expected one of: talks)\n");
  EXPECT_EQ(problems("institutions.talks.strenght"), "unknown institution field 'strenght' (did you mean 'strength'?)\n");
  EXPECT_EQ(problems("institutions.talks.kind"),
            "unknown institution field 'kind' (expected one of: members, strength, start, end)\n");
  EXPECT_EQ(problems("institutions.talks.members"),
            "is a list of actor ids, which only a scenario file or a variant gives (expected a number: strength, "
            "start or end)\n");
  std::vector<std::string> errors;
  EXPECT_FALSE(parse_value_path("institutions.x.strength", PathNames{{"A", "B"}, {}, {}}, PathUse::Override, errors));
  EXPECT_EQ(errors, std::vector<std::string>{"unknown institution 'x' (the scenario defines no institutions)"});
}

TEST(PathGrammar, ProblemsOfASetEventQuoteThePath) {
  const PathUse event = PathUse::Event;
  EXPECT_EQ(problems("growth", event),
            "'growth' is not a settable path (expected parameters.GROUP.KEY, actors.ID.FIELD, relations.A-B.FIELD or "
            "institutions.ID.FIELD)\n");
  EXPECT_EQ(problems("actor.CHN.growth", event),
            "'actor.CHN.growth' is not a settable path (did you mean 'actors.CHN.growth'?)\n");
  EXPECT_EQ(problems("parameters.trust.forgeting", event),
            "unknown parameter 'parameters.trust.forgeting' (did you mean 'parameters.trust.forgetting'?)\n");
  EXPECT_EQ(problems("relations.USA-CHN.trust", event),
            "'relations.USA-CHN.trust' needs the observer (expected relations.USA-CHN.trust.USA or "
            "relations.USA-CHN.trust.CHN: whose trust it is)\n");
  EXPECT_EQ(problems("relations.USA-CHN.tension.USA", event),
            "'relations.USA-CHN.tension.USA' is not a settable path (expected relations.USA-CHN.tension)\n");
  EXPECT_EQ(problems("actors.*.growth", event),
            "'*' (every actor) is taken by calibrate --fit only (expected one actor's id, one path for each: USA, "
            "CHN, JPN)\n");
  // Policies parse, then are refused: a policy_change event gives an actor another policy. An institution's
  // numbers are set from the event's step on.
  EXPECT_EQ(problems("policies.firm.k", event),
            "'policies.firm.k' cannot be set by an event (expected parameters.GROUP.KEY, actors.ID.FIELD, "
            "relations.A-B.FIELD or institutions.ID.FIELD; a policy_change event gives an actor another policy)\n");
  EXPECT_EQ(parse("institutions.talks.strength", event).institution_field, InstitutionField::Strength);
  EXPECT_EQ(parse("institutions.talks.end", event).institution_field, InstitutionField::End);
  EXPECT_EQ(problems("institutions.talk.strength", event), "unknown institution 'talk' (did you mean 'talks'?)\n");
}

TEST(PathGrammar, RangesAreTheDecodersWithTheirWords) {
  EXPECT_EQ(value_range(parse("actors.CHN.growth")).expect(), "a number in [-0.5, 0.5], per year");
  EXPECT_EQ(value_range(parse("actors.CHN.gdp")).expect(), "a number in (0, 1000000], billions of constant US$");
  EXPECT_EQ(value_range(parse("relations.USA-CHN.trust.USA")).expect(), "a number in [0, 1]");
  EXPECT_EQ(value_range(parse("parameters.trust.bound")).expect(), "a number in [1, 30]");
  EXPECT_EQ(value_range(parse("policies.firm.eta")).expect(), "a number in [0, 1]");
  EXPECT_EQ(value_range(parse("institutions.talks.strength")).expect(), "a number in [0, 1]");
  EXPECT_EQ(value_range(parse("institutions.talks.start")).expect(), "a number in [-5000, 10000], a calendar year");
  EXPECT_TRUE(is_switch(parse("parameters.trust.learning")));
  EXPECT_FALSE(is_switch(parse("parameters.trust.forgetting")));
  EXPECT_EQ(field_name(parse("actors.CHN.transparency.operational")), "transparency.operational");
  EXPECT_EQ(field_name(parse("relations.USA-CHN.trust.USA")), "trust");
  EXPECT_EQ(field_name(parse("institutions.talks.end")), "end");
}

TEST(PathValues, ReadAndWrittenInADecodedScenario) {
  Scenario sc = scenario();
  const auto value = [&](const std::string& path) { return value_of(sc, parse(path)).value(); };
  EXPECT_EQ(value("actors.CHN.transparency.operational"), 0.2);
  EXPECT_EQ(value("relations.USA-CHN.trust.CHN"), 0.3);
  EXPECT_EQ(value("relations.CHN-USA.trust.USA"), 0.35);
  EXPECT_EQ(value("policies.firm.k"), 0.4);
  EXPECT_EQ(value("institutions.talks.end"), 2030);
  // A grievance left to its default reads as the default at the start.
  const Actor& chn = sc.actors[static_cast<std::size_t>(actor("CHN"))];
  EXPECT_EQ(value("actors.CHN.grievance"), chn.fatigue * chn.baseline_share * chn.gdp);

  EXPECT_TRUE(set_value(sc, parse("actors.CHN.grievance"), 5));
  EXPECT_EQ(value("actors.CHN.grievance"), 5);
  EXPECT_TRUE(sc.actors[static_cast<std::size_t>(actor("CHN"))].has_grievance);
  EXPECT_TRUE(set_value(sc, parse("relations.CHN-USA.tension"), 0.7));
  EXPECT_EQ(sc.tension(actor("USA"), actor("CHN")), 0.7);  // both directions
  EXPECT_EQ(sc.tension(actor("CHN"), actor("USA")), 0.7);
  EXPECT_TRUE(set_value(sc, parse("relations.CHN-USA.trust.USA"), 0.9));
  EXPECT_EQ(sc.trust(actor("USA"), actor("CHN")), 0.9);  // one direction only
  EXPECT_EQ(sc.trust(actor("CHN"), actor("USA")), 0.3);
  EXPECT_TRUE(set_value(sc, parse("parameters.trust.forgetting"), 0.05));
  EXPECT_EQ(sc.params.trust.forgetting, 0.05);
  EXPECT_TRUE(set_value(sc, parse("institutions.talks.strength"), 0.8));
  EXPECT_EQ(sc.institutions[0].strength, 0.8);
  EXPECT_TRUE(set_value(sc, parse("actors.*.fatigue", PathUse::Fit), 0.3));
  for (const Actor& a : sc.actors) EXPECT_EQ(a.fatigue, 0.3);
  // A conditional policy's coefficients are its cooperate and defect policies': none to read or write.
  EXPECT_FALSE(value_of(sc, parse("policies.reciprocal.k")));
  EXPECT_FALSE(set_value(sc, parse("policies.reciprocal.k"), 0.1));
}

TEST(PathValues, FeasibleRangesFollowTheLoadersCrossChecks) {
  const Scenario& sc = scenario();
  using Bounds = std::pair<double, double>;
  // USA: gdp 16000, milex 600, max_share 0.05 (baseline_share milex / gdp = 0.0375).
  EXPECT_EQ(feasible_range(sc, parse("actors.USA.gdp")), Bounds(600 / 0.05, 1e6));
  EXPECT_EQ(feasible_range(sc, parse("actors.USA.milex")), Bounds(0, 0.05 * 16000));
  EXPECT_EQ(feasible_range(sc, parse("actors.USA.max_share")), Bounds(600.0 / 16000, 1));
  EXPECT_EQ(feasible_range(sc, parse("actors.USA.baseline_share")), Bounds(1e-9, 0.05));
  EXPECT_EQ(feasible_range(sc, parse("actors.USA.capability")), Bounds(1e-9, 1e7));
  EXPECT_EQ(feasible_range(sc, parse("actors.USA.growth")), Bounds(-0.5, 0.5));
  EXPECT_EQ(feasible_range(sc, parse("parameters.trust.bound")), Bounds(1, 30));
  // An institution ends after it starts.
  EXPECT_EQ(feasible_range(sc, parse("institutions.talks.start")), Bounds(-5000, std::nextafter(2030.0, 0.0)));
  EXPECT_EQ(feasible_range(sc, parse("institutions.talks.end")), Bounds(std::nextafter(2013.0, 3000.0), 10000));
}

TEST(PathValues, RepeatedPathsNameOneValueEitherWay) {
  EXPECT_EQ(canonical_value_path("relations.USA-CHN.trust.USA"), "relations.CHN-USA.trust.USA");
  EXPECT_EQ(canonical_value_path("institutions.talks.strength"), "institutions.talks.strength");
  EXPECT_EQ(repeated_value_path({"relations.A-B.tension", "actors.A.gdp", "relations.B-A.tension"}),
            "relations.B-A.tension is the same value as relations.A-B.tension (expected each value once)");
  EXPECT_EQ(repeated_value_path({"institutions.x.end", "institutions.x.end"}),
            "institutions.x.end is given twice (expected each path once)");
  EXPECT_EQ(repeated_value_path({"institutions.x.end", "institutions.x.start"}), "");
}

}  // namespace
}  // namespace statecraft
