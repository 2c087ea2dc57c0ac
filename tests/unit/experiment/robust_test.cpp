// The estimators behind robust rankings (docs/experiments.md, "Many variants" and "Which uncertain values
// matter"): Holm's and Bonferroni's levels on a case computed by hand, the p-value an interval implies against
// Student's t test, the runs that would separate two variants, and the sensitivity screening on functions whose
// indices are known.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "statecraft/experiment/multiplicity.hpp"
#include "statecraft/experiment/sensitivity.hpp"

namespace statecraft {
namespace {

TEST(Multiplicity, LevelsOfEachCorrectionByHand) {
  // p = 0.01, 0.04, 0.03 tested at alpha 0.05. Bonferroni: each at 1 - 0.05/3. Holm: 0.01 <= 0.05/3 is rejected;
  // 0.03 > 0.05/2 stops, so 0.03 and 0.04 both take the level of that step, 1 - 0.05/2.
  const std::vector<double> p{0.01, 0.04, 0.03};
  const auto none = comparison_levels(p, Adjust::None);
  const auto bonferroni = comparison_levels(p, Adjust::Bonferroni);
  const auto holm = comparison_levels(p, Adjust::Holm);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_DOUBLE_EQ(none[i], 0.95);
    EXPECT_DOUBLE_EQ(bonferroni[i], 1 - 0.05 / 3);
  }
  EXPECT_DOUBLE_EQ(holm[0], 1 - 0.05 / 3);
  EXPECT_DOUBLE_EQ(holm[1], 1 - 0.05 / 2);
  EXPECT_DOUBLE_EQ(holm[2], 1 - 0.05 / 2);
  // All rejected: each at its own step's level, the largest p at 0.05.
  const auto all = comparison_levels({0.001, 0.02, 0.012}, Adjust::Holm);
  EXPECT_DOUBLE_EQ(all[0], 1 - 0.05 / 3);
  EXPECT_DOUBLE_EQ(all[2], 1 - 0.05 / 2);
  EXPECT_DOUBLE_EQ(all[1], 1 - 0.05);
  // p-values below 1e-15 are all 0: Holm orders them by the tie-break, larger first.
  const auto tied = comparison_levels({0, 0, 0}, Adjust::Holm, 0.05, {20, 25, 18});
  EXPECT_DOUBLE_EQ(tied[1], 1 - 0.05 / 3);
  EXPECT_DOUBLE_EQ(tied[0], 1 - 0.05 / 2);
  EXPECT_DOUBLE_EQ(tied[2], 1 - 0.05);
  EXPECT_EQ(parse_adjust("holm"), Adjust::Holm);
  EXPECT_EQ(parse_adjust("Holm"), std::nullopt);
}

// The values' t intervals at the levels scipy gives (stats.t.ppf): 95%, and Bonferroni's for 3 comparisons.
TEST(Multiplicity, IntervalsAtAdjustedLevelsAndTheirPValue) {
  Moments m;
  for (double x : {0.3, -0.1, 0.4, 0.2, 0.5, 0.1, 0.25, 0.35}) m.add(x);
  const PairedCounts none;
  const Interval plain = difference_interval(m, none, OutcomeScale::Other);
  EXPECT_NEAR(plain.low, 0.0935948071928594, 1e-10);
  EXPECT_NEAR(plain.high, 0.4064051928071406, 1e-10);
  const Interval bonf = difference_interval(m, none, OutcomeScale::Other, 1 - 0.05 / 3);
  EXPECT_NEAR(bonf.low, 0.04313186174974057, 1e-10);
  EXPECT_NEAR(bonf.high, 0.4568681382502594, 1e-10);
  // The p-value of the paired t test (scipy: 2 * t.sf(|t|, 7)).
  const double p = implied_p_value([&](double level) { return difference_interval(m, none, OutcomeScale::Other, level); });
  EXPECT_NEAR(p, 0.006895475263657883, 1e-6 * 0.0069);
  // No spread: 0 when the mean is not 0, 1 when it is.
  Moments flat, zero;
  for (int i = 0; i < 5; ++i) flat.add(0.2), zero.add(0);
  EXPECT_EQ(implied_p_value([&](double l) { return difference_interval(flat, none, OutcomeScale::Other, l); }), 0);
  EXPECT_EQ(implied_p_value([&](double l) { return difference_interval(zero, none, OutcomeScale::Other, l); }), 1);
}

TEST(Multiplicity, RunsToSeparateByHand) {
  // The smallest n with n >= ((t_{0.975, n-1} + t_{0.8, n-1}) sd / |diff|)^2, by hand (scipy.stats.t.ppf):
  // sd 1, diff 0.1: at n = 787, ((1.962991 + 0.842055) / 0.1)^2 = 786.84, at 786 above 786. The normal z said 785.
  EXPECT_EQ(runs_to_separate(1, 0.1, 0.95, 0), 787u);
  EXPECT_EQ(runs_to_separate(1, -0.1, 0.95, 0), 787u);
  // Few runs, where t and z part most: diff 0.5 needs 34 (33.34 at 34; z said 32), diff 1 needs 10 (9.89 at 10;
  // z said 8), diff 2 needs 5 (3.45 at 5, but 4.30 at 4 with 3 degrees of freedom; z said 2).
  EXPECT_EQ(runs_to_separate(1, 0.5, 0.95, 0), 34u);
  EXPECT_EQ(runs_to_separate(1, 1, 0.95, 0), 10u);
  EXPECT_EQ(runs_to_separate(1, 2, 0.95, 0), 5u);
  EXPECT_EQ(runs_to_separate(0.3, 0.05, 0.95, 10), 285u);
  // A difference that would take more runs than a count holds (the rounding of summed runs, 3e-19 against an sd
  // of 0.01, needs about 7e33): none, not the wrapped count of a conversion ("about 0 runs").
  EXPECT_EQ(runs_to_separate(0.01, 3e-19, 0.95, 30), std::nullopt);
  EXPECT_EQ(runs_to_separate(1, 1e-10, 0.95, 30), std::nullopt);
  EXPECT_GT(runs_to_separate(1, 1e-8, 0.95, 30).value_or(0), 7'000'000'000'000'000u);
  EXPECT_EQ(runs_to_separate(1, 0, 0.95, 0), std::nullopt);
  // A stricter level asks for more runs: 1,431 at 1 - 0.05 / 15.
  EXPECT_EQ(runs_to_separate(1, 0.1, 1 - 0.05 / 15, 0), 1431u);
  // Never the runs already done or fewer: 100 runs that did not separate a difference 10 would call for more.
  EXPECT_EQ(runs_to_separate(1, 1, 0.95, 100), 101u);
  EXPECT_EQ(runs_to_separate(1, 1, 0.95, 9), 10u);
  EXPECT_EQ(runs_to_separate(1, 1, 0.95, 10), 11u);
}

/// Bins of equal probability of U(0, 1), as compare gives a uniform input.
std::vector<double> uniform_edges(int bins) {
  std::vector<double> e;
  for (int j = 1; j < bins; ++j) e.push_back(static_cast<double>(j) / bins);
  return e;
}

// y = 2 x1 + x2 + 0 x3 with independent U(0, 1) inputs: the first-order indices are 4/5, 1/5 and 0 (less the
// bins' share of x's variance, 1/B^2 of it), the SRCs 2/sqrt(5), 1/sqrt(5) and 0 (within the sampling error of
// the inputs' own variances), and R^2 is 1.
TEST(Sensitivity, LinearFunctionMatchesTheAnalyticIndices) {
  const int bins = 20;
  SensitivityTally t({uniform_edges(bins), uniform_edges(bins), uniform_edges(bins)});
  std::mt19937_64 g(11);
  std::uniform_real_distribution<double> u(0, 1);
  for (int r = 0; r < 20000; ++r) {
    const double x[3] = {u(g), u(g), u(g)};
    t.add(x, 2 * x[0] + x[1]);
  }
  const double binned = 1 - 1.0 / (bins * bins);
  EXPECT_NEAR(t.first_order(0), 0.8 * binned, 0.01);
  EXPECT_NEAR(t.first_order(1), 0.2 * binned, 0.01);
  EXPECT_NEAR(t.first_order(2), 0, 0.005);
  EXPECT_NEAR(t.src(0), 2 / std::sqrt(5.0), 0.01);
  EXPECT_NEAR(t.src(1), 1 / std::sqrt(5.0), 0.01);
  EXPECT_NEAR(t.src(2), 0, 1e-9);  // its slope is 0 exactly: y is an exact linear function of the others
  EXPECT_NEAR(t.r_squared(), 1, 1e-9);
}

// An input with no effect scores about 0 whatever the noise, over many seeds: its estimate is centred on 0
// (the epsilon-squared correction) and never ranks above an input that has an effect.
TEST(Sensitivity, AnInputWithNoEffectScoresNearZeroAndRanksLast) {
  double sum = 0;
  const int seeds = 200;
  for (int s = 0; s < seeds; ++s) {
    SensitivityTally t({uniform_edges(10), uniform_edges(10)});
    std::mt19937_64 g(static_cast<std::uint64_t>(s));
    std::uniform_real_distribution<double> u(0, 1);
    std::normal_distribution<double> noise(0, 0.3);
    for (int r = 0; r < 100; ++r) {
      const double x[2] = {u(g), u(g)};
      t.add(x, x[0] + noise(g));
    }
    sum += t.first_order(1);
    EXPECT_GT(t.first_order(0), t.first_order(1)) << "seed " << s;
    EXPECT_LT(std::fabs(t.first_order(1)), 0.25) << "seed " << s;
  }
  EXPECT_NEAR(sum / seeds, 0, 0.01);  // uncorrected, (B - 1)/(n - 1) = 0.09 would show
}

// y = (x1 - 1/2)^2 with x2 noise: no linear trace (SRC about 0), yet binning sees x1 explain nearly all of y.
TEST(Sensitivity, BinningSeesWhatTheLinearFitMisses) {
  SensitivityTally t({uniform_edges(20), uniform_edges(20)});
  std::mt19937_64 g(3);
  std::uniform_real_distribution<double> u(0, 1);
  for (int r = 0; r < 10000; ++r) {
    const double x[2] = {u(g), u(g)};
    t.add(x, (x[0] - 0.5) * (x[0] - 0.5) + 0.001 * x[1]);
  }
  EXPECT_GT(t.first_order(0), 0.95);
  EXPECT_LT(std::fabs(t.src(0)), 0.05);
  EXPECT_LT(t.r_squared(), 0.05);
}

// Three runs of two inputs: binning would score a no-effect input near -1 and the fit would explain all of y
// (R^2 = 1); too few runs leave every measure undefined. Enough runs define them.
TEST(Sensitivity, TooFewRunsLeaveTheMeasuresUndefined) {
  SensitivityTally t({uniform_edges(2), uniform_edges(2)});
  std::mt19937_64 g(5);
  std::uniform_real_distribution<double> u(0, 1);
  auto add = [&] {
    const double x[2] = {u(g), u(g)};
    t.add(x, x[0] + u(g));
  };
  for (int r = 0; r < 3; ++r) add();
  ASSERT_TRUE(t.varies());
  EXPECT_TRUE(std::isnan(t.first_order(0)));
  EXPECT_TRUE(std::isnan(t.src(0)));
  EXPECT_TRUE(std::isnan(t.r_squared()));
  while (t.count() < 2 * SensitivityTally::kRunsPerBin - 1) add();
  EXPECT_TRUE(std::isnan(t.first_order(0)));  // 9 runs, 2 bins: one short
  add();
  EXPECT_FALSE(std::isnan(t.first_order(0)));
  while (t.count() < 2 * SensitivityTally::kRunsPerInput - 1) add();
  EXPECT_TRUE(std::isnan(t.src(1)));
  add();
  EXPECT_FALSE(std::isnan(t.src(1)));
  EXPECT_FALSE(std::isnan(t.r_squared()));
}

TEST(Sensitivity, AnOutputThatNeverVariesHasNoMeasure) {
  SensitivityTally t({uniform_edges(4)});
  for (int r = 0; r < 10; ++r) {
    const double x = r / 10.0;
    t.add(&x, 3.0);
  }
  EXPECT_FALSE(t.varies());
  EXPECT_TRUE(std::isnan(t.first_order(0)));
  EXPECT_TRUE(std::isnan(t.src(0)));
  EXPECT_TRUE(std::isnan(t.r_squared()));
}

}  // namespace
}  // namespace statecraft
