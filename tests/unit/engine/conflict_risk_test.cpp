// docs/model.md, "Conflict risk" and departure 21: the power-transition multiplier of a pair's risk, whose
// challenger is the more dissatisfied side whichever is stronger. The pairs come from the states of bundled
// scenarios at several steps and runs; the powers and satisfactions are drawn, so that every combination of
// who is stronger and who is dissatisfied is tried on pairs whose dispute probability is not zero.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "../test_util.hpp"
#include "statecraft/dynamics/transition.hpp"

namespace statecraft {
namespace {

/// The states the pairs are taken from: three scenarios, runs 0 to 2, steps 0, 8 and 20.
std::vector<World> sample_worlds() {
  const std::string root = test::root() + "/scenarios/";
  const std::vector<Scenario> scenarios = {load_scenario(root + "asia_pacific_2012.yaml"),
                                           load_scenario(root + "south_china_sea.yaml"),
                                           load_scenario(root + "security_dilemma.yaml")};
  std::vector<World> worlds;
  for (const Scenario& sc : scenarios)
    for (std::uint64_t r = 0; r < 3; ++r) {
      Engine engine(sc, r);
      for (int t = 0; t <= 20; ++t) {
        if (t == 0 || t == 8 || t == 20) worlds.push_back(engine.world());
        engine.step();
      }
    }
  return worlds;
}

/// One pair of one world, whose two sides' perceived powers and satisfactions a test sets before asking for
/// the pair's risk.
struct PairProbe {
  World* w;
  int i, j;
  double dt;
  double risk(double power_i, double power_j, double satisfaction_i, double satisfaction_j) const {
    w->perceived.power(i) = power_i;
    w->perceived.power(j) = power_j;
    w->state.satisfaction(i) = satisfaction_i;
    w->state.satisfaction(j) = satisfaction_j;
    assess_conflict_risk(*w, dt);
    return w->flows.risk(i, j);
  }
};

/// Calls `check(probe, rng)` for every pair of every sample world whose risk with both sides satisfied is
/// positive and far below the cap of 1 (a capped risk hides its multiplier); returns how many were checked.
template <class Check>
int for_each_risky_pair(Check check) {
  std::vector<World> worlds = sample_worlds();
  std::mt19937_64 rng(2026);
  int checked = 0;
  for (World& w : worlds)
    for (int i = 0; i < w.n; ++i)
      for (int j = i + 1; j < w.n; ++j) {
        const PairProbe probe{&w, i, j, 0.5};
        const double base = probe.risk(0.5, 0.5, 0.2, 0.3);
        if (base <= 0 || base > 0.1) continue;
        check(probe, base, rng);
        ++checked;
      }
  return checked;
}

double uniform(std::mt19937_64& rng, double lo, double hi) {
  return std::uniform_real_distribution<double>(lo, hi)(rng);
}

TEST(ConflictRisk, WhoIsStrongerDoesNotChooseTheChallenger) {
  // A dissatisfied side stronger than a satisfied one carries the multiplier as it would if it were the
  // weaker: swapping the two powers leaves the risk unchanged, bit for bit. The reference's rule (the weaker
  // side is the challenger) gave a stronger dissatisfied side no multiplier at all.
  const int checked = for_each_risky_pair([](const PairProbe& p, double base, std::mt19937_64& rng) {
    const double a = uniform(rng, 0.01, 1), b = uniform(rng, 0.01, 1), u = uniform(rng, 0.05, 1),
                 s = uniform(rng, 0, 1);
    const double stronger_first = p.risk(std::max(a, b), std::min(a, b), -u, s);
    const double weaker_first = p.risk(std::min(a, b), std::max(a, b), -u, s);
    ASSERT_EQ(std::memcmp(&stronger_first, &weaker_first, sizeof(double)), 0)
        << "pair " << p.i << "-" << p.j << ": " << stronger_first << " against " << weaker_first;
    EXPECT_GT(stronger_first, base) << "a dissatisfied side near parity raises the risk";
  });
  EXPECT_GT(checked, 100);
}

TEST(ConflictRisk, TheMultiplierIsOnePlusGainTimesParityToTheExponentTimesTheGreaterDissatisfaction) {
  const int checked = for_each_risky_pair([](const PairProbe& p, double base, std::mt19937_64& rng) {
    const auto& t = p.w->params.transition;
    const double a = uniform(rng, 0.01, 1), b = uniform(rng, 0.01, 1), u1 = uniform(rng, 0, 1),
                 u2 = uniform(rng, 0, 1);
    const double parity = std::min(a, b) / std::max(a, b);
    const double expected = base * (1 + t.parity_gain * std::pow(parity, t.exponent) * std::max(u1, u2));
    EXPECT_NEAR(p.risk(a, b, -u1, -u2), expected, 1e-12 * expected) << "both dissatisfied: the more so counts";
    EXPECT_NEAR(p.risk(a, b, -u1, 0.4), base * (1 + t.parity_gain * std::pow(parity, t.exponent) * u1),
                1e-12 * expected);
    // Two satisfied sides: the multiplier is exactly 1, whatever their powers.
    EXPECT_EQ(p.risk(a, b, 0.0, uniform(rng, 0, 1)), base);
  });
  EXPECT_GT(checked, 100);
}

TEST(ConflictRisk, TheRiskIsContinuousThroughTheOvertakingAndHighestThere) {
  // A dissatisfied side rising through a satisfied one: just below, at and just above parity the risk is the
  // peak base (1 + gain u), to the size of the step in power (the reference's rule dropped it to base at the
  // overtaking).
  const int checked = for_each_risky_pair([](const PairProbe& p, double base, std::mt19937_64& rng) {
    const auto& t = p.w->params.transition;
    const double leader = uniform(rng, 0.1, 1), u = uniform(rng, 0.05, 1), s = uniform(rng, 0, 1);
    const double peak = base * (1 + t.parity_gain * u);
    for (const double rise : {1 - 1e-9, 1.0, 1 + 1e-9})
      EXPECT_NEAR(p.risk(leader * rise, leader, -u, s), peak, 1e-8 * peak) << "challenger at " << rise;
    for (const double rise : {0.5, 0.9, 1.1, 2.0}) EXPECT_LT(p.risk(leader * rise, leader, -u, s), peak);
  });
  EXPECT_GT(checked, 100);
}

}  // namespace
}  // namespace statecraft
