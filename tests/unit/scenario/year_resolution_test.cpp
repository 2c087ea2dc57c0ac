// The smallest dt the loader accepts keeps every year of a run apart as the outputs write them (fmt, with
// kYearDigits significant digits), and is not cautious by more than a factor 2.5.
#include <gtest/gtest.h>

#include <set>

#include "statecraft/output/csv.hpp"
#include "statecraft/scenario/load.hpp"

namespace statecraft {
namespace {

/// Whether every year of the run is written differently.
bool years_apart(double start, int steps, double dt) {
  std::set<std::string> seen;
  for (int i = 0; i <= steps; ++i)
    if (!seen.insert(fmt(start + i * dt)).second) return false;
  return true;
}

struct Span {
  double start;
  int steps;
};

TEST(YearResolution, TheSmallestDtKeepsEveryYearApartAndAThirdOfItDoesNot) {
  for (const Span r : {Span{2012, 10}, Span{2012, 100000}, Span{1909, 40}, Span{-500, 1000}, Span{9999.99, 10000},
                       Span{0.5, 100}}) {
    SCOPED_TRACE(std::to_string(r.start) + ", " + std::to_string(r.steps) + " steps");
    const double least = min_dt(r.start, r.steps);
    EXPECT_TRUE(dt_separates_years(r.start, r.steps, least));
    EXPECT_TRUE(years_apart(r.start, r.steps, least));
    EXPECT_FALSE(dt_separates_years(r.start, r.steps, least * 0.4));
    EXPECT_FALSE(years_apart(r.start, r.steps, least * 0.4));
  }
  EXPECT_EQ(min_dt(2012, 10), 1e-6);
  EXPECT_EQ(min_dt(9999.99, 1000), 1e-6);
  EXPECT_EQ(min_dt(9999.99, 10000), 1e-5);  // the run ends past 10000, where a digit moves left of the point
}

TEST(YearResolution, TheLoaderChecksDtAgainstTheRunAsOverriddenByDashDashSteps) {
  const std::string text = "scenario: {name: t, start_year: 9999.99, steps: 1000, dt: 0.000002}\n"
                           "actors:\n  A: {gdp: 1000, milex: 20, policy: hedging}\n  B: {gdp: 1000, milex: 20, policy: hedging}\n";
  EXPECT_NO_THROW(load_scenario_text(text, "t.yaml"));
  LoadOptions longer;
  longer.steps = 10000;
  try {
    load_scenario_text(text, "t.yaml", longer);
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()),
              "t.yaml:1:59: scenario.dt: 2e-06 is too small to tell the run's years apart in 10 significant digits "
              "(expected at least 1e-05 for 10000 steps from 9999.99)\n");
  }
}

}  // namespace
}  // namespace statecraft
