// Engine behaviour beyond the analytic properties: drivers, events, determinism, no allocation.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>

#include "../test_util.hpp"

// Counts heap allocations while `g_counting` is set, to show the step loop allocates nothing.
namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
}  // namespace

// Every form is replaced, not only the one the standard requires: under AddressSanitizer the forms left out
// come from its runtime and would not pair with these (e.g. std::stable_sort's nothrow new, freed here).
void* operator new(std::size_t n) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return ::operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return ::operator new(n, t); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace statecraft {
namespace {

/// Three actors with noise, disputes and every foundation event kind.
const char* kBusyWorld = R"(
scenario: {name: busy, start_year: 2000, steps: 30, seed: 7}
parameters: {economy: {growth_noise: 0.02}, trust: {arms_noise: 0.1}}
actors:
  A: {gdp: 1000, growth: 0.03, milex: 30, policy: balance_of_power, trust_building: top_down}
  B: {gdp: 800, growth: 0.05, milex: 20, policy: hedging}
  C: {gdp: 300, growth: 0.02, milex: 6, policy: security_community}
relations:
  default: {proximity: 0.6, tension: 0.3, trust: 0.5, dialogue: 0.2}
  pairs:
    A-B: {proximity: 0.9, trust: {A: 0.3, B: 0.4}, tension: 0.6, dialogue_cap: 0.3}
    B-C: {alliance: 0.5, interdependence: 0.4}
disputes:
  strait: {parties: {A: 0.8, B: 0.9, C: {salience: 0.3, side: B}}}
events:
  - {at: 2005, type: set, path: actors.B.growth, value: 0.01}
  - {at: 2006, type: policy_change, actor: A, policy: security_community}
  - {at: 2007, type: trust_shock, from: A, to: B, delta: -1.5, label: a sinking}
  - {at: 2008, type: tension_shock, pair: A-C, delta: 0.25}
  - {at: 2009, type: set, path: relations.A-B.tension, value: 0.9}
  - {at: 2010, type: set, path: relations.B-C.trust.C, value: 0.95}
  - {at: 2011, type: set, path: parameters.trust.forgetting, value: 0.5}
)";

TEST(EngineDrivers, TermsAddUpToTheChangeInTensionAndTrust) {
  Scenario sc = load_scenario_text(kBusyWorld, "busy.yaml");
  Engine engine(sc);
  const World& w = engine.world();
  for (int t = 0; t < sc.steps; ++t) {
    const Matrix tension = w.state.tension, logodds = w.state.logodds;
    engine.step();
    for (int i = 0; i < w.n; ++i)
      for (int j = 0; j < w.n; ++j) {
        if (i == j) continue;
        double st = 0, sl = 0;
        for (const auto& m : w.flows.tension_terms) st += m(i, j);
        for (const auto& m : w.flows.trust_terms) sl += m(i, j);
        EXPECT_NEAR(st, w.state.tension(i, j) - tension(i, j), 1e-12) << "step " << t << " pair " << i << j;
        EXPECT_NEAR(sl, w.state.logodds(i, j) - logodds(i, j), 1e-12) << "step " << t << " pair " << i << j;
      }
  }
}

TEST(EngineEvents, EachFoundationEventChangesWhatItSays) {
  Scenario sc = load_scenario_text(kBusyWorld, "busy.yaml");
  Engine engine(sc);
  const World& w = engine.world();
  auto step_to = [&](int year) {
    while (sc.year_of(w.step) < year) engine.step();
  };
  step_to(2005);
  EXPECT_DOUBLE_EQ(w.state.growth(1), 0.05);
  engine.step();  // the step leaving 2005 applies the event
  EXPECT_DOUBLE_EQ(w.state.growth(1), 0.01);
  engine.step();
  EXPECT_EQ(sc.policies[static_cast<std::size_t>(w.state.policy[0])].name, "security_community");
  const double before = w.state.logodds(0, 1);
  engine.step();
  const double shock = w.flows.trust_terms[static_cast<int>(TrustTerm::Events)](0, 1);
  EXPECT_DOUBLE_EQ(shock, -1.5);
  EXPECT_LT(w.state.logodds(0, 1), before);
  engine.step();
  EXPECT_DOUBLE_EQ(w.flows.tension_terms[static_cast<int>(TensionTerm::Events)](0, 2), 0.25);
  const double ab = w.state.tension(0, 1);
  engine.step();
  EXPECT_DOUBLE_EQ(w.flows.tension_terms[static_cast<int>(TensionTerm::Events)](0, 1), 0.9 - ab);
  const double cb = w.state.logodds(2, 1);
  engine.step();  // C's trust in B is set to 0.95 at the start of this step
  EXPECT_NEAR(w.flows.trust_terms[static_cast<int>(TrustTerm::Events)](2, 1), std::log(0.95 / 0.05) - cb, 1e-12);
  engine.step();
  EXPECT_DOUBLE_EQ(w.params.trust.forgetting, 0.5);
}

TEST(EngineDeterminism, SameSeedSameBytesOtherSeedOtherBytes) {
  Scenario sc = load_scenario_text(kBusyWorld, "busy.yaml");
  const auto a = test::run_to_strings(sc);
  const auto b = test::run_to_strings(sc);
  EXPECT_EQ(a.actors, b.actors);
  EXPECT_EQ(a.pairs, b.pairs);
  EXPECT_EQ(a.region, b.region);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.drivers, b.drivers);
  LoadOptions other;
  other.seed = 8;
  Scenario sc2 = load_scenario_text(kBusyWorld, "busy.yaml", other);
  EXPECT_NE(test::run_to_strings(sc2).actors, a.actors);
  EXPECT_NE(test::run_to_strings(sc, Format::Tidy, 1).actors, a.actors) << "run index must change the streams";
}

TEST(EngineDrivers, TurningThemOffChangesNothingElse) {
  Scenario sc = load_scenario_text(kBusyWorld, "busy.yaml");
  auto run = [&](bool drivers) {
    std::ostringstream a, p, r, e;
    TrendRecorder rec(sc, TrendStreams{&a, &p, &r, &e, nullptr}, Format::Tidy);
    Engine engine(sc, 3);
    engine.set_record_drivers(drivers);
    engine.run(&rec);
    return a.str() + p.str() + r.str() + e.str();
  };
  EXPECT_EQ(run(true), run(false));
}

TEST(EngineAllocation, StepLoopAllocatesNothing) {
  Scenario sc = load_scenario_text(kBusyWorld, "busy.yaml");
  Engine engine(sc);
  engine.step();  // warm-up
  g_allocations = 0;
  g_counting = true;
  for (int t = 1; t < sc.steps; ++t) engine.step();
  g_counting = false;
  EXPECT_EQ(g_allocations.load(), 0);
}

TEST(EngineRestart, ARestartedEngineRunsAsANewOneAndAllocatesNothing) {
  // Batch workers reuse one engine run after run: a restart must give the state and streams of a new engine.
  Scenario sc = load_scenario(test::root() + "/scenarios/asia_pacific_2012.yaml");
  const Engine initial(sc, 0);
  Engine reused(sc, 11);
  reused.run();  // leave it mid-life: stepped, exercises under way, streams advanced
  g_allocations = 0;
  g_counting = true;
  reused.restart(initial, 5);
  g_counting = false;
  EXPECT_EQ(g_allocations.load(), 0);
  Engine fresh(sc, 5);
  double incidents = 0;
  for (int t = 0; t < sc.steps; ++t) {
    fresh.step();
    incidents += fresh.world().flows.incidents.sum();
    reused.step();
    const World &a = fresh.world(), &b = reused.world();
    ASSERT_TRUE(a.state.tension == b.state.tension && a.state.logodds == b.state.logodds && a.state.milex == b.state.milex && a.state.gdp == b.state.gdp &&
                a.state.alliance == b.state.alliance && a.flows.incidents == b.flows.incidents && a.decisions.operations == b.decisions.operations &&
                a.state.log_survival == b.state.log_survival)
        << "step " << t + 1;
  }
  EXPECT_GT(incidents, 0.0);  // the streams were exercised, not only the deterministic part
}

TEST(EngineRestart, AnEngineRestartedFromAnotherVariantRunsAsThatVariantsNewEngine) {
  // A comparison's worker runs the variants in turn with one engine, restarting it from each variant's
  // initial engine: the run must be that variant's own, events, institutions and policies included, and
  // going back to the first variant must not keep anything of the second.
  const std::string path = test::root() + "/scenarios/asia_pacific_2012.yaml";
  const Scenario first = load_scenario(path, LoadOptions("status_quo"));
  const Scenario second = load_scenario(path, LoadOptions("patchwork"));
  ASSERT_NE(first.institutions.size(), second.institutions.size());  // the variants differ in shape, not only values
  const Engine initial_first(first, 0), initial_second(second, 0);
  Engine reused(first, 11);
  reused.run();
  for (const auto& [initial, sc] : {std::pair{&initial_second, &second}, std::pair{&initial_first, &first}}) {
    reused.restart(*initial, 7);
    EXPECT_EQ(&reused.scenario(), sc);
    Engine fresh(*sc, 7);
    for (int t = 0; t < sc->steps; ++t) {
      fresh.step();
      reused.step();
      const World &a = fresh.world(), &b = reused.world();
      ASSERT_TRUE(a.state.tension == b.state.tension && a.state.logodds == b.state.logodds &&
                  a.state.milex == b.state.milex && a.state.alliance == b.state.alliance &&
                  a.institutions.prior == b.institutions.prior && a.decisions.operations == b.decisions.operations &&
                  a.decisions.effort == b.decisions.effort && a.state.log_survival == b.state.log_survival)
          << sc->variant << ", step " << t + 1;
    }
  }
}

TEST(EngineRisk, CumulativeRiskIsOneMinusTheProductOfSurvivalOverPairsAndSteps) {
  // The engine accumulates each step's risk as q + x (1 - q) and one log1p; here the definition,
  // 1 - prod over steps and pairs of (1 - risk dt), in long double from the recorded risks.
  Scenario sc = load_scenario(test::root() + "/scenarios/asia_pacific_2012.yaml");
  Engine engine(sc, 3);
  long double survival = 1;
  for (int t = 0; t < sc.steps; ++t) {
    engine.step();
    const World& w = engine.world();
    for (int i = 0; i < w.n; ++i)
      for (int j = i + 1; j < w.n; ++j) survival *= 1.0L - static_cast<long double>(w.flows.risk(i, j) * sc.dt);
    const double expected = static_cast<double>(1.0L - survival);
    const double cumulative = -std::expm1(w.state.log_survival);
    ASSERT_GT(expected, 0.0);
    ASSERT_NEAR(cumulative, expected, 1e-13 * expected) << "step " << t + 1;
  }
}

}  // namespace
}  // namespace statecraft

namespace statecraft {
namespace {

TEST(EngineNumbers, ANonFiniteStateStopsTheRunNamingStepMechanismAndActor) {
  // No scenario file can ask for this (ranges forbid it); a world pushed past the range of doubles must still
  // stop with a message instead of writing infinities.
  Scenario sc = load_scenario(test::root() + "/scenarios/security_dilemma.yaml");
  sc.actors[1].gdp = 1.7e308;
  sc.actors[1].growth = 0.5;
  Engine engine(sc);
  try {
    engine.step();
    FAIL() << "the step should have stopped";
  } catch (const RunError& e) {
    EXPECT_STREQ(e.what(), "step 1: economy: gdp of B is not finite (inf; check its growth and parameters.economy)");
  }
}

}  // namespace
}  // namespace statecraft
