// Values set on top of a file (LoadOptions::overrides, what sweep --param and calibrate --fit use): written
// where the file would give them, checked like the file's own, in the scenario being loaded.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "statecraft/scenario/load.hpp"
#include "statecraft/scenario/settable.hpp"

namespace statecraft {
namespace {

constexpr const char* kFile = R"(scenario: {name: overrides, steps: 5}
actors:
  A: {gdp: 1000, milex: 20, policy: hedging, transparency: 0.3}
  B: {gdp: 1000, milex: 20, policy: {base: conditional}}
relations:
  pairs:
    A-B: {trust: 0.4}
institutions:
  talks: {kind: dialogue, members: [A, B], strength: 0.3, start: 2013, end: 2030}
variants:
  community:
    institutions:
      club: {kind: community, members: [A, B], strength: 0.5}
)";

Scenario load_with(std::vector<std::pair<std::string, double>> overrides, const std::string& variant = {}) {
  LoadOptions lo(variant);
  lo.overrides = std::move(overrides);
  lo.check_all_variants = false;
  return load_scenario_text(kFile, "o.yaml", lo);
}

std::string problems(std::vector<std::pair<std::string, double>> overrides, const std::string& variant = {}) {
  try {
    load_with(std::move(overrides), variant);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "it loads";
}

TEST(Overrides, SetAnInstitutionsStrengthAndCalendar) {
  const Scenario sc = load_with({{"institutions.talks.strength", 0.9}, {"institutions.talks.start", 2014},
                                 {"institutions.talks.end", 2016}});
  ASSERT_EQ(sc.institutions.size(), 1u);
  EXPECT_EQ(sc.institutions[0].strength, 0.9);
  EXPECT_EQ(sc.institutions[0].start, 2014);
  EXPECT_EQ(sc.institutions[0].end, 2016);
  EXPECT_EQ(load_with({}).institutions[0].strength, 0.3);
}

TEST(Overrides, AnInstitutionsValuesAreCheckedLikeTheFiles) {
  EXPECT_EQ(problems({{"institutions.talks.strength", 1.5}}),
            "--param: institutions.talks.strength: 1.5 is out of range (expected a number in [0, 1])\n");
  EXPECT_EQ(problems({{"institutions.talks.end", 2010}}),
            "--param: institutions.talks.end: year 2010 is not after start 2013 (expected end > start)\n");
  EXPECT_EQ(problems({{"institutions.talks.start", -6000}}),
            "--param: institutions.talks.start: -6000 is out of range (expected a number in [-5000, 10000], a calendar year)\n");
  EXPECT_EQ(problems({{"institutions.talsk.strength", 0.5}}),
            "--param: institutions.talsk.strength: unknown institution 'talsk' (did you mean 'talks'?)\n");
}

TEST(Overrides, ApplyToTheVariantAskedFor) {
  // The base has no institution `club`; the variant that adds it takes the override.
  const Scenario sc = load_with({{"institutions.club.strength", 0.8}}, "community");
  ASSERT_EQ(sc.institutions.size(), 2u);
  EXPECT_EQ(sc.institutions[1].id, "club");
  EXPECT_EQ(sc.institutions[1].strength, 0.8);
  // Without it, the override names the variant that has the institution rather than calling it unknown; a name
  // no variant has is unknown still.
  EXPECT_EQ(problems({{"institutions.club.strength", 0.8}}),
            "--param: institutions.club.strength: only the variant community has it (expected --variant community to "
            "set it there)\n");
  EXPECT_EQ(problems({{"institutions.clubs.strength", 0.8}}),
            "--param: institutions.clubs.strength: unknown institution 'clubs' (expected one of: talks)\n");
  // A problem with an override of the chosen variant is the command line's, not the variant's.
  EXPECT_EQ(problems({{"institutions.club.strength", 2}}, "community"),
            "--param: institutions.club.strength: 2 is out of range (expected a number in [0, 1])\n");
}

TEST(Overrides, TheVariantsObservedWorldTakesTheOverridesItHas) {
  // The base a variant's consistent start is derived from takes every override that names something it has,
  // whether or not the others name what only the variant has (they used to drop them all).
  for (const double growth : {0.01, 0.02, 0.07}) {
    const Scenario sc = load_with({{"institutions.club.strength", 0.8}, {"actors.A.growth", growth}}, "community");
    ASSERT_TRUE(sc.base);
    EXPECT_EQ(sc.actors[0].growth, growth);
    EXPECT_EQ(sc.base->actors[0].growth, growth);
    EXPECT_EQ(sc.base->actors[1].growth, sc.actors[1].growth);
    ASSERT_EQ(sc.base->institutions.size(), 1u);
    EXPECT_EQ(sc.base->institutions[0].id, "talks");
  }
  // Only the variant's own: the base is the file's.
  const Scenario own = load_with({{"institutions.club.strength", 0.8}}, "community");
  EXPECT_EQ(own.base->actors[0].growth, load_with({}).actors[0].growth);
}

TEST(Overrides, OneNumberForSeveralPartsStandsForEach) {
  // transparency: 0.3 is both parts; an override of one keeps the other.
  const Scenario sc = load_with({{"actors.A.transparency.strategic", 0.9}});
  EXPECT_EQ(sc.actors[0].transparency_strategic, 0.9);
  EXPECT_EQ(sc.actors[0].transparency_operational, 0.3);
  // trust: 0.4 is both sides' trust; an override of B's keeps A's.
  const Scenario t = load_with({{"relations.B-A.trust.B", 0.1}});
  EXPECT_EQ(t.trust(1, 0), 0.1);
  EXPECT_EQ(t.trust(0, 1), 0.4);
}

TEST(Overrides, PresetsAndConditionalPolicies) {
  const Scenario sc = load_with({{"policies.hedging.k", 0.25}});
  EXPECT_EQ(sc.policies[static_cast<std::size_t>(sc.actors[0].policy)].params.k, 0.25);
  EXPECT_EQ(problems({{"policies.conditional.k", 0.5}}),
            "--param: policies.conditional.k: a conditional policy takes its coefficients from its cooperate and "
            "defect policies (expected policies.security_community.k or policies.balance_of_power.k, which change "
            "every policy built on them)\n");
  EXPECT_EQ(problems({{"policies.hedging.k", 1.5}}),
            "--param: policies.hedging.k: 1.5 is out of range (expected a number in [0, 1])\n");
}

// A preset's coefficient is checked after the file is decoded, but said where it was given, as every other value.
TEST(Overrides, APresetsProblemIsSaidWhereItWasGiven) {
  for (const Mark& at : {kSetMark, Mark{"points.csv", 3, 7}}) {
    LoadOptions lo;
    lo.overrides = {{"policies.conditional.k", 0.5}, {"policies.hedging.k", 1.5}};
    lo.override_marks = {at, at};
    lo.check_all_variants = false;
    try {
      load_scenario_text(kFile, "o.yaml", lo);
      ADD_FAILURE() << "loaded";
    } catch (const ScenarioError& e) {
      ASSERT_EQ(e.diagnostics().size(), 2u);
      for (const Diagnostic& d : e.diagnostics()) {
        EXPECT_EQ(d.mark.file, at.file) << d.str();
        EXPECT_EQ(d.mark.line, at.line) << d.str();
      }
    }
  }
}

// A named conditional policy's coefficient set from outside the file is refused with what --set can do instead
// (the same coefficient of the policies it switches between, as the spec names them), not with a key of the file
// to write.
TEST(Overrides, ANamedConditionalPolicysCoefficientIsRefusedInTheFlagsWords) {
  const std::string file = R"(scenario: {name: tit, steps: 2}
policies:
  firm: {base: hedging, eta: 0.1}
  tit: {base: conditional, cooperate: firm, defect: balance_of_power}
actors:
  A: {gdp: 1000, milex: 20, policy: tit}
  B: {gdp: 1000, milex: 20, policy: hedging}
)";
  LoadOptions lo;
  lo.overrides = {{"policies.tit.k", 0.5}};
  lo.override_marks = {kSetMark};
  try {
    load_scenario_text(file, "t.yaml", lo);
    ADD_FAILURE() << "loaded";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), "--set: policies.tit.k: a conditional policy takes its coefficients from its "
                                     "cooperate and defect policies (expected policies.firm.k or "
                                     "policies.balance_of_power.k, which change every policy built on them)\n");
  }
}

// A relation's value is written where the file gives it (relations.pairs.A-B), but its problem is said at the
// path as it was given, either way round, for values set and a design's cells alike.
TEST(Overrides, ARelationsProblemIsSaidAtThePathAsGiven) {
  LoadOptions lo;
  lo.overrides = {{"relations.B-A.dialogue", 7}, {"relations.A-B.trust.B", 3}, {"relations.B-A.proximity", 2},
                  {"relations.B-A.trust.A", 4}};  // the last without a mark, as a sweep's --param
  lo.override_marks = {kSetMark, kSetMark, Mark{"points.csv", 2, 5}};
  lo.check_all_variants = false;
  try {
    load_scenario_text(kFile, "o.yaml", lo);
    ADD_FAILURE() << "loaded";
  } catch (const ScenarioError& e) {
    std::vector<std::string> paths;
    for (const Diagnostic& d : e.diagnostics()) paths.push_back(d.path);
    EXPECT_EQ(paths, (std::vector<std::string>{"relations.B-A.dialogue", "relations.B-A.trust.A",
                                               "relations.A-B.trust.B", "relations.B-A.proximity"}))
        << e.what();
  }
}

// What `statecraft params FILE` (and Python's Scenario.params()) lists can be set: in every bundled scenario,
// each policy coefficient and institution value listed loads when set to its own value, and no conditional
// policy is listed (its coefficients are its cooperate and defect policies').
TEST(Overrides, EveryListedPolicyAndInstitutionValueCanBeSet) {
  std::size_t tried = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(STATECRAFT_TEST_DIR) + "/../scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    const Scenario sc = load_scenario(entry.path().string());
    for (const SettablePath& p : settable_paths(sc)) {
      if ((p.kind != PathKind::Policy && p.kind != PathKind::Institution) || !p.param || !p.value) continue;
      if (p.kind == PathKind::Institution && std::fabs(*p.value) >= 1e17) continue;  // an open start or end
      LoadOptions lo;
      lo.overrides = {{p.path, *p.value}};
      lo.override_marks = {kSetMark};
      lo.check_all_variants = false;
      EXPECT_NO_THROW(load_scenario(entry.path().string(), lo)) << entry.path() << ": " << p.path;
      ++tried;
    }
  }
  EXPECT_GT(tried, 100u);
}

TEST(Overrides, ListsAndSwitchesAreNotNumbers) {
  EXPECT_EQ(problems({{"institutions.talks.members", 1}}),
            "--param: institutions.talks.members: is a list of actor ids, which only a scenario file or a variant "
            "gives (expected a number: strength, start or end)\n");
  EXPECT_EQ(problems({{"growth", 1}}),
            "--param: growth: is not a settable path (expected parameters.GROUP.KEY, actors.ID.FIELD, "
            "relations.A-B.FIELD, policies.NAME.COEFFICIENT or institutions.ID.FIELD)\n");
}

}  // namespace
}  // namespace statecraft
