// The engine's guard (sim/engine/guard.cpp): a run whose state leaves what the model can hold stops with a
// RunError naming the step, the mechanism that produced the bad value and the actor or pair, and never hands a
// recorder a value that is not finite.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "../test_util.hpp"

namespace statecraft {
namespace {

/// Two hedging states: `a` and `b` are A's and B's extra keys, `parameters` the parameters section.
Scenario two_states(const std::string& a, const std::string& parameters = "{}", int steps = 5) {
  return load_scenario_text("scenario: {name: guard, start_year: 2000, steps: " + std::to_string(steps) +
                                "}\nparameters: " + parameters + "\nactors:\n  A: {gdp: 1000, policy: hedging, " +
                                a + "}\n  B: {gdp: 1000, milex: 20, policy: hedging}\n",
                            "guard.yaml");
}

/// Runs `sc` to the end (drivers kept or not) and returns the guard's message, or "" if it never spoke.
/// Every row the recorder saw must have been finite, whatever the outcome.
std::string guard_message(const Scenario& sc, bool drivers = true) {
  struct Finite : Recorder {
    void on_step(const World& w) override {
      for (int i = 0; i < w.n; ++i) ASSERT_TRUE(std::isfinite(w.state.milex(i) / w.state.gdp(i))) << "step " << w.step;
      ASSERT_TRUE(std::isfinite(w.perceived.threat.sum() + w.flows.raw_logodds.sum())) << "step " << w.step;
    }
  } finite;
  Engine engine(sc);
  engine.set_record_drivers(drivers);
  try {
    engine.run(&finite);
  } catch (const RunError& e) {
    return e.what();
  }
  return "";
}

// The case: at the documented minimum growth both GDPs shrink to nothing. They underflowed to 0,
// a finite number the old guard let through, and 0 / 0 burden shares made trust the first NaN it found.
TEST(EngineGuard, AGdpCollapseIsBlamedOnTheEconomyNotOnTrust) {
  Scenario sc = load_scenario(test::root() + "/scenarios/security_dilemma.yaml");
  sc.steps = 1100;
  for (auto& a : sc.actors) a.growth = -0.5;
  EXPECT_EQ(guard_message(sc),
            "step 1023: economy: gdp of A collapsed to 0 (2.168215793e-308 bn; check its growth and parameters.economy)");
}

// GDP floored at 1% of itself in one step under a ceiling on spending that is a share of last year's GDP:
// spending is then 50 times the economy. Nonsense to write; a failure of the economy. Only the money form of
// arms can get there: in burden shares spending is a share below max_share of this year's GDP.
TEST(EngineGuard, SpendingAboveTheWholeEconomyIsAnEconomyFailure) {
  const Scenario sc = two_states("milex: 400, max_share: 0.5, growth: -0.5",
                                 "{economy: {burden_drag: 10}, arms: {in_money: true}}");
  EXPECT_EQ(guard_message(sc), "step 2: economy: gdp of A fell below its military spending (burden share 50, "
                               "above 1; check its growth and parameters.economy)");
}

// With no capability anywhere, threat K_j / (Kt_i + K_j) is 0 / 0.
TEST(EngineGuard, ThreatWithoutAnyCapabilityIsAPerceptionFailure) {
  const Scenario sc = load_scenario_text(
      "scenario: {name: disarmed, start_year: 2000, steps: 5}\n"
      "parameters: {arms: {depreciation: 1}}\n"
      "actors:\n"
      "  A: {gdp: 1000, milex: 0, baseline_share: 0.02, fatigue: 0, policy: hedging}\n"
      "  B: {gdp: 1000, milex: 0, baseline_share: 0.02, fatigue: 0, policy: hedging}\n",
      "guard.yaml");
  EXPECT_EQ(guard_message(sc),
            "step 1: perception: threat to A from B is not finite (nan: neither has any capability, nor have A's "
            "allies)");
}

// A baseline share at the smallest normal double makes the arms-level signal infinite. The bound keeps trust
// itself finite, so only drivers.csv would have shown it: the guard reads trust before the bound, and names
// the signal when drivers are kept.
TEST(EngineGuard, AnInfiniteTrustSignalStopsTheRunWithOrWithoutDrivers) {
  const Scenario sc = two_states("milex: 600, max_share: 0.6, baseline_share: 2.3e-308", "{trust: {arms_level: 10}}");
  EXPECT_EQ(guard_message(sc, true), "step 1: trust: trust of B in A is not finite (its arms_level signal is -inf)");
  EXPECT_EQ(guard_message(sc, false),
            "step 1: trust: trust of B in A is not finite (its log-odds are -inf before the bound)");
}

// The bundled scenarios stay well inside what the guard allows: none of their runs stops.
TEST(EngineGuard, NoBundledScenarioTripsIt) {
  int seen = 0;
  for (const auto& e : std::filesystem::directory_iterator(test::root() + "/scenarios")) {
    if (e.path().extension() != ".yaml") continue;
    SCOPED_TRACE(e.path().filename().string());
    EXPECT_EQ(guard_message(load_scenario(e.path().string())), "");
    ++seen;
  }
  EXPECT_GE(seen, 9);
}

}  // namespace
}  // namespace statecraft
