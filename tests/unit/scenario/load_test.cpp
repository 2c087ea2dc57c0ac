// Loading valid scenarios: defaults, policies, relations, events, `extends` and variants.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include "statecraft/engine/engine.hpp"
#include "statecraft/scenario/load.hpp"

namespace fs = std::filesystem;
using namespace statecraft;

namespace {

fs::path project_root() { return fs::path(STATECRAFT_TEST_DIR).parent_path(); }

/// Loads text, failing the test with every diagnostic if it does not load.
Scenario load(const std::string& text, const LoadOptions& opts = {}) {
  try {
    return load_scenario_text(text, "test.yaml", opts);
  } catch (const ScenarioError& e) {
    ADD_FAILURE() << "unexpected problems:\n" << e.what();
    throw;
  }
}

const Policy& policy_of(const Scenario& sc, const std::string& actor) {
  return sc.policies.at(static_cast<std::size_t>(sc.actors.at(static_cast<std::size_t>(sc.actor_index(actor))).policy));
}

const PolicyParams& preset(const std::string& name) {
  for (const auto& p : policy_presets())
    if (p.name == name) return p.params;
  throw std::logic_error("no preset " + name);
}

/// A directory of scenario files for `extends` tests, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    static std::atomic<int> counter{0};
    path = fs::temp_directory_path() /
           ("statecraft_load_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    fs::create_directories((path / name).parent_path());
    std::ofstream(path / name, std::ios::binary) << text;
    return (path / name).string();
  }
};

const char* kTwo = R"(
scenario: {name: two, start_year: 2012, steps: 10, seed: 7}
actors:
  USA: {gdp: 16000, milex: 650, policy: balance_of_power}
  CHN: {gdp: 8000, milex: 160, policy: hedging}
)";

TEST(LoadHeader, ReadsScenarioAndKeepsDefaults) {
  Scenario sc = load(kTwo);
  EXPECT_EQ(sc.name, "two");
  EXPECT_EQ(sc.start_year, 2012);
  EXPECT_EQ(sc.steps, 10);
  EXPECT_EQ(sc.seed, 7u);
  EXPECT_EQ(sc.dt, 1.0);
  ASSERT_EQ(sc.n(), 2);
  EXPECT_EQ(sc.actors[0].id, "USA");  // file order
  EXPECT_EQ(sc.actors[1].id, "CHN");
  EXPECT_EQ(sc.actors[0].name, "USA");  // the id when no name is given
  EXPECT_TRUE(sc.variant.empty());
  EXPECT_TRUE(sc.events.empty());
  ASSERT_EQ(sc.sources.size(), 1u);
  EXPECT_EQ(sc.sources[0].path, "test.yaml");
  EXPECT_EQ(sc.sources[0].sha256.size(), 64u);
}

TEST(LoadOverrides, StepsAndSeedOverrideTheFile) {
  LoadOptions o;
  o.steps = 3;
  o.seed = 99;
  Scenario sc = load(kTwo, o);
  EXPECT_EQ(sc.steps, 3);
  EXPECT_EQ(sc.seed, 99u);
}

TEST(LoadOverrides, ShorterStepsLeaveOutLaterEventsInsteadOfFailing) {
  std::string text = std::string(kTwo) + R"(events:
  - {at: 2013, type: tension_shock, pair: USA-CHN, delta: 0.1}
  - {at: 2020, type: tension_shock, pair: USA-CHN, delta: 0.2}
)";
  EXPECT_EQ(load(text).events.size(), 2u);
  LoadOptions o;
  o.steps = 5;
  Scenario sc = load(text, o);
  ASSERT_EQ(sc.events.size(), 1u);
  EXPECT_EQ(sc.events[0].step, 1);
}

TEST(LoadDefaults, CapabilityAndBaselineShareFollowMilex) {
  Scenario sc = load(kTwo);
  const Actor& usa = sc.actors[0];
  EXPECT_DOUBLE_EQ(usa.capability, 650 / 0.10);  // milex / arms.depreciation
  EXPECT_DOUBLE_EQ(usa.baseline_share, 650.0 / 16000.0);
  EXPECT_DOUBLE_EQ(usa.max_share, 0.10);
  EXPECT_DOUBLE_EQ(usa.fatigue, 0.1);
  EXPECT_DOUBLE_EQ(usa.transparency_strategic, 0.5);
  EXPECT_DOUBLE_EQ(usa.transparency_operational, 0.5);
  EXPECT_FALSE(usa.has_grievance);
}

TEST(LoadDefaults, CapabilityUsesTheFilesDepreciation) {
  Scenario sc = load(std::string(kTwo) + "parameters: {arms: {depreciation: 0.05}}\n");
  EXPECT_DOUBLE_EQ(sc.params.arms.depreciation, 0.05);
  EXPECT_DOUBLE_EQ(sc.actors[0].capability, 650 / 0.05);
}

TEST(LoadDefaults, GivenValuesWin) {
  Scenario sc = load(R"(
scenario: {name: t}
parameters: {arms: {in_money: true}}
actors:
  USA: {gdp: 16000, milex: 650, capability: 4000, baseline_share: 0.03, max_share: 0.2, grievance: -5,
        transparency: 0.7, trust_building: top_down, policy: hedging}
  CHN: {gdp: 8000, milex: 160, transparency: {strategic: 0.2, operational: 0.9}, policy: hedging}
)");
  const Actor& usa = sc.actors[0];
  EXPECT_DOUBLE_EQ(usa.capability, 4000);
  EXPECT_DOUBLE_EQ(usa.baseline_share, 0.03);
  EXPECT_DOUBLE_EQ(usa.max_share, 0.2);
  EXPECT_TRUE(usa.has_grievance);
  EXPECT_DOUBLE_EQ(usa.grievance, -5);
  EXPECT_DOUBLE_EQ(usa.transparency_strategic, 0.7);
  EXPECT_DOUBLE_EQ(usa.transparency_operational, 0.7);
  EXPECT_EQ(usa.trust_building, TrustStyle::TopDown);
  EXPECT_DOUBLE_EQ(sc.actors[1].transparency_strategic, 0.2);
  EXPECT_DOUBLE_EQ(sc.actors[1].transparency_operational, 0.9);
  EXPECT_EQ(sc.actors[1].trust_building, TrustStyle::BottomUp);
}

TEST(LoadPolicies, PresetsByName) {
  Scenario sc = load(kTwo);
  EXPECT_EQ(policy_of(sc, "USA").name, "balance_of_power");
  EXPECT_DOUBLE_EQ(policy_of(sc, "USA").params.k, 0.30);
  EXPECT_EQ(policy_of(sc, "CHN").name, "hedging");
  EXPECT_DOUBLE_EQ(policy_of(sc, "CHN").params.delta, 0.4);
}

TEST(LoadPolicies, InlineBaseWithOverride) {
  Scenario sc = load(R"(
scenario: {name: t}
actors:
  USA: {gdp: 16000, milex: 650, policy: {base: security_community, delta: 0.6}}
  CHN: {gdp: 8000, milex: 160, policy: hedging}
)");
  const Policy& p = policy_of(sc, "USA");
  const PolicyParams& sc_params = preset("security_community");
  EXPECT_DOUBLE_EQ(p.params.delta, 0.6);
  EXPECT_DOUBLE_EQ(p.params.k, sc_params.k);
  EXPECT_DOUBLE_EQ(p.params.omega, sc_params.omega);
  EXPECT_DOUBLE_EQ(p.params.esc, sc_params.esc);
  EXPECT_DOUBLE_EQ(p.params.eta, sc_params.eta);
  EXPECT_DOUBLE_EQ(p.params.transparency_effort, sc_params.transparency_effort);
  EXPECT_NE(p.name.find("security_community"), std::string::npos) << p.name;
}

TEST(LoadPolicies, InlineMixBlendsTheTwoPresets) {
  Scenario sc = load(R"(
scenario: {name: t}
actors:
  USA: {gdp: 16000, milex: 650, policy: {mix: 0.5}}
  CHN: {gdp: 8000, milex: 160, policy: {mix: 0.25}}
)");
  const PolicyParams& scp = preset("security_community");
  const PolicyParams& bop = preset("balance_of_power");
  for (const auto& f : policy_fields()) {
    SCOPED_TRACE(f.key);
    EXPECT_DOUBLE_EQ(policy_of(sc, "USA").params.*f.member, 0.5 * (scp.*f.member) + 0.5 * (bop.*f.member));
    EXPECT_DOUBLE_EQ(policy_of(sc, "CHN").params.*f.member, 0.25 * (scp.*f.member) + 0.75 * (bop.*f.member));
  }
}

TEST(LoadPolicies, NamedCustomPoliciesAndBasesOnThem) {
  Scenario sc = load(R"(
scenario: {name: t}
policies:
  cautious: {base: balance_of_power, delta: 0.3}
  very_cautious: {base: cautious, esc: 0.1}
  halfway: {mix: 0.5, eta: 0.05}
actors:
  USA: {gdp: 16000, milex: 650, policy: very_cautious}
  CHN: {gdp: 8000, milex: 160, policy: cautious}
  JPN: {gdp: 6000, milex: 60, policy: halfway}
)");
  const Policy& usa = policy_of(sc, "USA");
  EXPECT_EQ(usa.name, "very_cautious");
  EXPECT_DOUBLE_EQ(usa.params.delta, 0.3);  // from cautious
  EXPECT_DOUBLE_EQ(usa.params.esc, 0.1);
  EXPECT_DOUBLE_EQ(usa.params.k, preset("balance_of_power").k);
  const Policy& chn = policy_of(sc, "CHN");
  EXPECT_EQ(chn.name, "cautious");
  EXPECT_DOUBLE_EQ(chn.params.esc, preset("balance_of_power").esc);
  const Policy& jpn = policy_of(sc, "JPN");
  EXPECT_EQ(jpn.name, "halfway");
  EXPECT_DOUBLE_EQ(jpn.params.eta, 0.05);
  EXPECT_DOUBLE_EQ(jpn.params.delta, 0.5 * 0.8 + 0.5 * 0.1);
  // Presets come first, then the named ones.
  EXPECT_EQ(sc.policies[0].name, policy_presets()[0].name);
}

const char* kThree = R"(
scenario: {name: three, start_year: 2012, steps: 10}
actors:
  USA: {gdp: 16000, milex: 650, policy: balance_of_power}
  CHN: {gdp: 8000, milex: 160, policy: hedging}
  JPN: {gdp: 6000, milex: 60, policy: security_community}
)";

TEST(LoadRelations, DefaultsAndPairsAreSymmetric) {
  Scenario sc = load(std::string(kThree) + R"(relations:
  default: {proximity: 0.2, tension: 0.05}
  pairs:
    CHN-USA: {proximity: 0.9, tension: 0.3, alliance: 0.1, interdependence: 0.4, dialogue: 0.2, dialogue_cap: 0.5}
)");
  const int usa = sc.actor_index("USA"), chn = sc.actor_index("CHN"), jpn = sc.actor_index("JPN");
  EXPECT_DOUBLE_EQ(sc.proximity(usa, chn), 0.9);
  EXPECT_DOUBLE_EQ(sc.proximity(chn, usa), 0.9);
  EXPECT_DOUBLE_EQ(sc.tension(usa, chn), 0.3);
  EXPECT_DOUBLE_EQ(sc.alliance(chn, usa), 0.1);
  EXPECT_DOUBLE_EQ(sc.interdependence(usa, chn), 0.4);
  EXPECT_DOUBLE_EQ(sc.dialogue(usa, chn), 0.2);
  EXPECT_DOUBLE_EQ(sc.dialogue_cap(chn, usa), 0.5);
  // Pairs not listed take relations.default, then the built-in defaults.
  EXPECT_DOUBLE_EQ(sc.proximity(usa, jpn), 0.2);
  EXPECT_DOUBLE_EQ(sc.tension(jpn, chn), 0.05);
  EXPECT_DOUBLE_EQ(sc.trust(usa, jpn), 0.5);
  EXPECT_DOUBLE_EQ(sc.dialogue_cap(usa, jpn), 1.0);
  // Diagonals are zero.
  EXPECT_DOUBLE_EQ(sc.proximity(usa, usa), 0.0);
  EXPECT_DOUBLE_EQ(sc.trust(chn, chn), 0.0);
}

TEST(LoadRelations, DirectedTrustAndOperations) {
  Scenario sc = load(std::string(kThree) + R"(relations:
  pairs:
    USA-CHN: {trust: {USA: 0.3, CHN: 0.6}, operations: {CHN: 0.4}}
    USA-JPN: {trust: 0.8}
)");
  const int usa = sc.actor_index("USA"), chn = sc.actor_index("CHN"), jpn = sc.actor_index("JPN");
  EXPECT_DOUBLE_EQ(sc.trust(usa, chn), 0.3);  // USA's trust in CHN
  EXPECT_DOUBLE_EQ(sc.trust(chn, usa), 0.6);
  EXPECT_DOUBLE_EQ(sc.operations(chn, usa), 0.4);  // CHN's operations near USA
  EXPECT_DOUBLE_EQ(sc.operations(usa, chn), 0.1);  // default
  EXPECT_DOUBLE_EQ(sc.trust(usa, jpn), 0.8);        // one number: both ways
  EXPECT_DOUBLE_EQ(sc.trust(jpn, usa), 0.8);
}

TEST(LoadDisputes, PartiesSalienceAndSides) {
  Scenario sc = load(std::string(kThree) + R"(disputes:
  senkaku:
    name: Senkaku / Diaoyu islands
    parties:
      CHN: 0.8
      JPN: 0.7
      USA: {salience: 0.3, side: JPN}
)");
  ASSERT_EQ(sc.disputes.size(), 1u);
  const Dispute& d = sc.disputes[0];
  EXPECT_EQ(d.id, "senkaku");
  EXPECT_EQ(d.name, "Senkaku / Diaoyu islands");
  ASSERT_EQ(d.parties.size(), 3u);
  EXPECT_EQ(d.parties[0].actor, sc.actor_index("CHN"));
  EXPECT_EQ(d.parties[0].side, sc.actor_index("CHN"));
  EXPECT_DOUBLE_EQ(d.parties[0].salience, 0.8);
  EXPECT_EQ(d.parties[2].actor, sc.actor_index("USA"));
  EXPECT_EQ(d.parties[2].side, sc.actor_index("JPN"));
  EXPECT_DOUBLE_EQ(d.parties[2].salience, 0.3);
}

TEST(LoadEvents, AtMapsYearsToSteps) {
  Scenario sc = load(R"(
scenario: {name: t, start_year: 2000, steps: 10, dt: 0.5}
actors:
  A: {gdp: 1000, milex: 20, policy: hedging}
  B: {gdp: 1000, milex: 20, policy: hedging}
events:
  - {at: 2003.5, type: tension_shock, pair: A-B, delta: 0.1}
  - {at: 2000, type: trust_shock, from: A, to: B, delta: -1, label: first}
  - {step: 4, type: set, path: actors.B.growth, value: 0.03}
  - {at: 2001, type: policy_change, actor: A, policy: {base: balance_of_power, delta: 0.3}}
)");
  ASSERT_EQ(sc.events.size(), 4u);
  // Sorted by step, stable in file order.
  EXPECT_EQ(sc.events[0].type, EventType::TrustShock);
  EXPECT_EQ(sc.events[0].step, 0);
  EXPECT_EQ(sc.events[0].label, "first");
  EXPECT_EQ(sc.events[0].actor, 0);
  EXPECT_EQ(sc.events[0].partner, 1);
  EXPECT_DOUBLE_EQ(sc.events[0].value, -1);
  EXPECT_EQ(sc.events[1].type, EventType::PolicyChange);
  EXPECT_EQ(sc.events[1].step, 2);  // (2001 - 2000) / 0.5
  EXPECT_DOUBLE_EQ(sc.policies.at(static_cast<std::size_t>(sc.events[1].policy)).params.delta, 0.3);
  EXPECT_EQ(sc.events[2].type, EventType::Set);
  EXPECT_EQ(sc.events[2].step, 4);
  EXPECT_EQ(sc.events[2].target.kind, SetTarget::Kind::Actor);
  EXPECT_EQ(sc.events[2].target.a, 1);
  EXPECT_EQ(describe(sc.events[2].target.actor_field).desc.name, "growth");
  EXPECT_EQ(sc.events[3].type, EventType::TensionShock);
  EXPECT_EQ(sc.events[3].step, 7);  // (2003.5 - 2000) / 0.5
}

TEST(LoadEvents, SetTargets) {
  Scenario sc = load(std::string(kThree) + R"(events:
  - {at: 2013, type: set, path: parameters.trust.learning, value: false}
  - {at: 2013, type: set, path: relations.USA-CHN.trust.CHN, value: 0.2}
  - {at: 2013, type: set, path: relations.CHN-JPN.tension, value: 0.4}
)");
  ASSERT_EQ(sc.events.size(), 3u);
  const SetTarget& p = sc.events[0].target;
  EXPECT_EQ(p.kind, SetTarget::Kind::Parameter);
  EXPECT_EQ(parameter_table()[static_cast<std::size_t>(p.param)].key, "learning");
  EXPECT_DOUBLE_EQ(sc.events[0].value, 0.0);
  const SetTarget& t = sc.events[1].target;
  EXPECT_EQ(t.kind, SetTarget::Kind::Pair);
  EXPECT_EQ(t.a, sc.actor_index("CHN"));  // the observer first: CHN's trust in USA
  EXPECT_EQ(t.b, sc.actor_index("USA"));
  EXPECT_EQ(t.path, "relations.USA-CHN.trust.CHN");
  const SetTarget& s = sc.events[2].target;
  EXPECT_EQ(s.kind, SetTarget::Kind::Pair);
  EXPECT_EQ(describe(s.pair_field).desc.name, "tension");
}

TEST(LoadParameters, GroupsAndSwitches) {
  Scenario sc = load(std::string(kTwo) + "parameters:\n  trust: {learning: false, forgetting: 0}\n  tension: {threat: 2}\n");
  EXPECT_DOUBLE_EQ(sc.params.trust.learning, 0.0);
  EXPECT_DOUBLE_EQ(sc.params.trust.forgetting, 0.0);
  EXPECT_DOUBLE_EQ(sc.params.tension.threat, 2.0);
  EXPECT_DOUBLE_EQ(sc.params.tension.dialogue, Parameters{}.tension.dialogue);
}

const char* kVariants = R"(
scenario: {name: v, start_year: 2000, steps: 10}
actors:
  A: {gdp: 1000, milex: 20, policy: security_community}
  B: {gdp: 1000, milex: 20, growth: 0.02, policy: security_community}
relations:
  pairs:
    A-B: {tension: 0.2, proximity: 1}
events:
  - {at: 2001, type: tension_shock, pair: A-B, delta: 0.1}
variants:
  status_quo:
  both_bop:
    description: Both balance
    all_actors: {policy: balance_of_power}
  mixed:
    actors:
      A: {policy: balance_of_power, milex: 30}
    relations:
      pairs:
        A-B: {tension: 0.5}
    scenario: {steps: 20}
    events:
      - {at: 2005, type: tension_shock, pair: A-B, delta: 0.2}
)";

TEST(LoadVariants, ListedWithDescriptions) {
  Scenario sc = load(kVariants);
  ASSERT_EQ(sc.variants.size(), 3u);
  EXPECT_EQ(sc.variants[0].name, "status_quo");
  EXPECT_EQ(sc.variants[1].name, "both_bop");
  EXPECT_EQ(sc.variants[1].description, "Both balance");
  EXPECT_EQ(sc.variants[2].name, "mixed");
  // The base is unchanged by its variants.
  EXPECT_EQ(policy_of(sc, "A").name, "security_community");
  EXPECT_EQ(sc.steps, 10);
  EXPECT_TRUE(sc.variant.empty());
}

TEST(LoadVariants, EmptyOverlayIsTheBase) {
  LoadOptions o;
  o.variant = "status_quo";
  Scenario sc = load(kVariants, o);
  EXPECT_EQ(sc.variant, "status_quo");
  EXPECT_EQ(policy_of(sc, "A").name, "security_community");
  EXPECT_EQ(sc.variants.size(), 3u);
}

TEST(LoadVariants, AllActorsMergesIntoEveryActor) {
  LoadOptions o;
  o.variant = "both_bop";
  Scenario sc = load(kVariants, o);
  EXPECT_EQ(sc.variant, "both_bop");
  EXPECT_EQ(policy_of(sc, "A").name, "balance_of_power");
  EXPECT_EQ(policy_of(sc, "B").name, "balance_of_power");
  // Other keys of each actor stay.
  EXPECT_DOUBLE_EQ(sc.actors[1].growth, 0.02);
  EXPECT_DOUBLE_EQ(sc.actors[1].gdp, 1000);
}

TEST(LoadVariants, OverlayMergesMapsAndAppendsEvents) {
  LoadOptions o;
  o.variant = "mixed";
  Scenario sc = load(kVariants, o);
  EXPECT_EQ(policy_of(sc, "A").name, "balance_of_power");
  EXPECT_EQ(policy_of(sc, "B").name, "security_community");
  EXPECT_DOUBLE_EQ(sc.actors[0].milex, 30);
  EXPECT_DOUBLE_EQ(sc.actors[0].gdp, 1000);  // merged, not replaced
  EXPECT_DOUBLE_EQ(sc.tension(0, 1), 0.5);
  EXPECT_DOUBLE_EQ(sc.proximity(0, 1), 1.0);  // kept from the base pair
  EXPECT_EQ(sc.steps, 20);
  EXPECT_EQ(sc.start_year, 2000);
  ASSERT_EQ(sc.events.size(), 2u);  // the variant's events come after the base's
  EXPECT_EQ(sc.events[0].step, 1);
  EXPECT_EQ(sc.events[1].step, 5);
}

TEST(LoadVariants, OptionsStillOverrideAVariant) {
  LoadOptions o;
  o.variant = "mixed";
  o.steps = 4;
  Scenario sc = load(kVariants, o);
  EXPECT_EQ(sc.steps, 4);
  EXPECT_EQ(sc.events.size(), 1u);  // the step-5 event is past the end of a 4-step run
}

TEST(LoadVariants, UnknownVariantIsAnError) {
  LoadOptions o;
  o.variant = "both_bp";
  try {
    load_scenario_text(kVariants, "v.yaml", o);
    FAIL() << "loaded an unknown variant";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), "v.yaml:11:1: variants: unknown variant 'both_bp' (did you mean 'both_bop'?)\n");
  }
}

TEST(LoadExtends, ChildOverridesBaseMapsMergeEventsAppend) {
  TempDir dir;
  dir.write("base/world.yaml", R"(
scenario: {name: base, description: the base world, start_year: 2000, steps: 10, seed: 3}
parameters:
  trust: {forgetting: 0.3, arms_noise: 0.01}
actors:
  A: {gdp: 1000, milex: 20, growth: 0.02, policy: hedging}
  B: {gdp: 1000, milex: 20, policy: hedging}
relations:
  pairs:
    A-B: {tension: 0.2, proximity: 0.8}
events:
  - {at: 2002, type: tension_shock, pair: A-B, delta: 0.1}
variants:
  hawks: {all_actors: {policy: balance_of_power}}
)");
  std::string child = dir.write("child.yaml", R"(
extends: base/world.yaml
scenario: {name: child, steps: 12}
parameters:
  trust: {forgetting: 0.1}
actors:
  A: {policy: security_community}
  C: {gdp: 500, milex: 5, policy: hedging}
relations:
  pairs:
    A-B: {tension: 0.4}
events:
  - {at: 2001, type: trust_shock, from: A, to: B, delta: -1}
)");
  Scenario sc = load_scenario(child);
  EXPECT_EQ(sc.name, "child");
  EXPECT_EQ(sc.description, "the base world");  // kept from the base
  EXPECT_EQ(sc.steps, 12);
  EXPECT_EQ(sc.seed, 3u);
  EXPECT_DOUBLE_EQ(sc.params.trust.forgetting, 0.1);
  EXPECT_DOUBLE_EQ(sc.params.trust.arms_noise, 0.01);
  ASSERT_EQ(sc.n(), 3);
  EXPECT_EQ(policy_of(sc, "A").name, "security_community");
  EXPECT_DOUBLE_EQ(sc.actors[0].growth, 0.02);  // the base's A, merged
  EXPECT_EQ(sc.actors[2].id, "C");
  EXPECT_DOUBLE_EQ(sc.tension(0, 1), 0.4);
  EXPECT_DOUBLE_EQ(sc.proximity(0, 1), 0.8);
  ASSERT_EQ(sc.events.size(), 2u);  // appended, then sorted by step
  EXPECT_EQ(sc.events[0].type, EventType::TrustShock);
  EXPECT_EQ(sc.events[1].type, EventType::TensionShock);
  ASSERT_EQ(sc.variants.size(), 1u);  // variants come with the base
  EXPECT_EQ(sc.variants[0].name, "hawks");
  ASSERT_EQ(sc.sources.size(), 2u);  // the file, then what it extends
  EXPECT_EQ(sc.sources[0].path, child);
  EXPECT_EQ(fs::path(sc.sources[1].path).filename(), "world.yaml");

  LoadOptions o;
  o.variant = "hawks";
  Scenario hv = load_scenario(child, o);
  for (const auto& a : hv.actors) EXPECT_EQ(hv.policies[static_cast<std::size_t>(a.policy)].name, "balance_of_power");
}

TEST(LoadExtends, ChainsOfSeveralFiles) {
  TempDir dir;
  dir.write("a.yaml", std::string(kTwo));
  dir.write("b.yaml", "extends: a.yaml\nscenario: {steps: 20}\n");
  std::string c = dir.write("c.yaml", "extends: b.yaml\nscenario: {name: c}\n");
  Scenario sc = load_scenario(c);
  EXPECT_EQ(sc.name, "c");
  EXPECT_EQ(sc.steps, 20);
  EXPECT_EQ(sc.seed, 7u);
  EXPECT_EQ(sc.sources.size(), 3u);
}

TEST(LoadBundled, EveryScenarioAndVariantValidatesAndRuns) {
  int count = 0;
  for (const auto& e : fs::directory_iterator(project_root() / "scenarios")) {
    if (e.path().extension() != ".yaml") continue;
    ++count;
    SCOPED_TRACE(e.path().string());
    try {
      Scenario sc = load_scenario(e.path().string());
      EXPECT_GE(sc.n(), 2);
      // And every variant it defines loads on its own.
      for (const auto& v : sc.variants) {
        LoadOptions o;
        o.variant = v.name;
        const Scenario vs = load_scenario(e.path().string(), o);
        EXPECT_EQ(vs.variant, v.name);
        // ... and runs to its horizon with every mechanism on (a non-finite state would throw).
        Engine engine(vs);
        EXPECT_NO_THROW(engine.run()) << v.name;
        EXPECT_EQ(engine.world().step, vs.steps) << v.name;
      }
    } catch (const ScenarioError& err) {
      ADD_FAILURE() << err.what();
    }
  }
  EXPECT_GE(count, 1);
}

}  // namespace
