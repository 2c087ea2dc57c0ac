// Streaming statistics against cases with known answers.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <boost/math/distributions/binomial.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include "statecraft/experiment/stats.hpp"

namespace statecraft {
namespace {

/// The textbook P-square estimator of one quantile (Jain and Chlamtac 1985), one object per level, as the
/// library kept it before it ran all five as one: the reference PSquareQuantiles must match bit for bit.
class TextbookP2 {
 public:
  explicit TextbookP2(double p) : p_(p), step_{0, p / 2, p, (1 + p) / 2, 1} {}

  void add(double x) {
    if (n_ < 5) {
      q_[n_++] = x;
      if (n_ == 5) {
        std::sort(q_.begin(), q_.end());
        for (int i = 0; i < 5; ++i) pos_[static_cast<std::size_t>(i)] = i + 1;
        want_ = {1, 1 + 2 * p_, 1 + 4 * p_, 3 + 2 * p_, 5};
      }
      return;
    }
    ++n_;
    int k;
    if (x < q_[0]) {
      q_[0] = x;
      k = 0;
    } else if (x >= q_[4]) {
      q_[4] = x;
      k = 3;
    } else {
      // The cell of x among the sorted markers, counted without branches (the data are random).
      k = static_cast<int>(x >= q_[1]) + static_cast<int>(x >= q_[2]) + static_cast<int>(x >= q_[3]);
    }
    for (int i = 1; i < 5; ++i) pos_[static_cast<std::size_t>(i)] += static_cast<double>(i > k);
    for (std::size_t i = 0; i < 5; ++i) want_[i] += step_[i];
    for (std::size_t i = 1; i < 4; ++i) {
      const double d = want_[i] - pos_[i];
      if ((d >= 1 && pos_[i + 1] - pos_[i] > 1) || (d <= -1 && pos_[i - 1] - pos_[i] < -1)) {
        const double s = d >= 0 ? 1.0 : -1.0;
        // Piecewise-parabolic prediction, linear if it would leave the neighbours' range.
        const double qp = q_[i] + s / (pos_[i + 1] - pos_[i - 1]) *
                                      ((pos_[i] - pos_[i - 1] + s) * (q_[i + 1] - q_[i]) / (pos_[i + 1] - pos_[i]) +
                                       (pos_[i + 1] - pos_[i] - s) * (q_[i] - q_[i - 1]) / (pos_[i] - pos_[i - 1]));
        if (q_[i - 1] < qp && qp < q_[i + 1]) {
          q_[i] = qp;
        } else {
          const std::size_t j = s > 0 ? i + 1 : i - 1;
          q_[i] += s * (q_[j] - q_[i]) / (pos_[j] - pos_[i]);
        }
        pos_[i] += s;
      }
    }
  }

  double value() const {
    if (n_ == 0) return 0.0;
    if (n_ <= 5) {
      // Exact: linear interpolation between order statistics (type 7, as R and numpy default).
      std::array<double, 5> v = q_;
      std::sort(v.begin(), v.begin() + static_cast<long>(n_));
      const double h = (static_cast<double>(n_) - 1) * p_;
      const auto lo = static_cast<std::size_t>(std::floor(h));
      const std::size_t hi = std::min<std::size_t>(lo + 1, n_ - 1);
      return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
    }
    return q_[2];
  }

 private:
  double p_;
  std::uint64_t n_ = 0;
  std::array<double, 5> q_{};     ///< marker heights
  std::array<double, 5> pos_{};   ///< marker positions
  std::array<double, 5> want_{};  ///< desired positions
  std::array<double, 5> step_;    ///< what each desired position gains per value
};


TEST(StatsMoments, MeanVarianceAndStudentInterval) {
  Moments m;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) m.add(x);
  EXPECT_DOUBLE_EQ(m.mean(), 5.0);
  EXPECT_NEAR(m.variance(), 32.0 / 7.0, 1e-12);
  // t(0.975, 7) = 2.364624252
  EXPECT_NEAR(m.ci_halfwidth(), 2.364624252 * std::sqrt(32.0 / 7.0) / std::sqrt(8.0), 1e-8);
}

// The textbook Welford sum, bit for bit, while its squares fit in a double.
TEST(StatsMoments, TheBitsOfWelfordsMethod) {
  boost::random::mt19937_64 rng(7);
  boost::random::normal_distribution<double> normal(1e150, 3e149);
  Moments m;
  double mean = 0, m2 = 0;
  for (int k = 1; k <= 1000; ++k) {
    const double x = normal(rng), d = x - mean;
    mean += d / k;
    m2 += d * (x - mean);
    m.add(x);
  }
  EXPECT_EQ(m.mean(), mean);
  EXPECT_EQ(m.variance(), m2 / 999);
  EXPECT_EQ(m.sd(), std::sqrt(m2 / 999));
}

// A run of the Asia-Pacific for 10,000 years at the highest growth spends 1.8e156 bn a year: the squares
// of such values pass the largest double, their sd does not. It is then the sd of the values scaled by a
// power of two, scaled back: exact.
TEST(StatsMoments, ValuesWhoseSquaresOverflowKeepTheirSd) {
  Moments big, small;
  for (double x : {1.782956842e156, 1.800095395e156, 1.791526119e156, 9e307, 1e300}) {
    big.add(x);
    small.add(std::ldexp(x, -128));
  }
  EXPECT_TRUE(std::isfinite(big.sd()));
  EXPECT_EQ(big.sd(), std::ldexp(small.sd(), 128));
  EXPECT_EQ(big.mean(), std::ldexp(small.mean(), 128));
  EXPECT_EQ(big.ci_halfwidth(), std::ldexp(small.ci_halfwidth(), 128));
  EXPECT_EQ(big.variance(), std::numeric_limits<double>::infinity());  // 1.6e615 is no double
}

TEST(StatsQuantiles, ExactForFewValues) {
  Summary s;
  for (double x : {3.0, 1.0, 2.0}) s.add(x);
  EXPECT_DOUBLE_EQ(s.quantile(2), 2.0);   // median
  EXPECT_DOUBLE_EQ(s.quantile(1), 1.5);   // 25%: type 7
  EXPECT_DOUBLE_EQ(s.quantile(0), 1.1);   // 5%: 1 + 0.1 (2 - 1)
}

TEST(StatsQuantiles, PSquareRecoversTheNormalQuantiles) {
  boost::random::mt19937_64 rng(42);
  boost::random::normal_distribution<double> normal(10.0, 2.0);
  PSquareQuantiles s;
  for (int k = 0; k < 100000; ++k) s.add(normal(rng));
  const double z[] = {-1.6448536, -0.6744898, 0.0, 0.6744898, 1.6448536};
  for (std::size_t q = 0; q < 5; ++q) {
    EXPECT_NEAR(s.quantile(q), 10.0 + 2.0 * z[q], 0.03) << PSquareQuantiles::kLevels[q];
  }
}

TEST(StatsQuantiles, PSquareGivesTheBitsOfFiveSeparateEstimators) {
  // Streams of every short length, long ones, ties, a drift (new extremes all the time) and a heavy tail.
  boost::random::mt19937_64 rng(3);
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  std::vector<std::vector<double>> streams;
  for (int len : {1, 2, 3, 4, 5, 6, 7, 8, 50, 20000}) {
    std::vector<double> v;
    for (int k = 0; k < len; ++k) v.push_back(normal(rng));
    streams.push_back(v);
  }
  std::vector<double> ties, drift, tail;
  for (int k = 0; k < 5000; ++k) {
    ties.push_back(std::round(normal(rng)));
    drift.push_back(k * 0.01 + normal(rng));
    tail.push_back(std::exp(3 * normal(rng)));
  }
  streams.push_back(ties);
  streams.push_back(drift);
  streams.push_back(tail);
  for (std::size_t s = 0; s < streams.size(); ++s) {
    PSquareQuantiles summary;
    std::vector<TextbookP2> separate;
    for (double p : PSquareQuantiles::kLevels) separate.emplace_back(p);
    for (double x : streams[s]) {
      summary.add(x);
      for (auto& q : separate) q.add(x);
      for (std::size_t k = 0; k < 5; ++k) {
        const double a = summary.quantile(k), b = separate[k].value();
        ASSERT_EQ(std::memcmp(&a, &b, sizeof a), 0) << "stream " << s << ", level " << PSquareQuantiles::kLevels[k];
      }
    }
  }
}

/// numpy's default percentile (numpy.percentile, method "linear", R's type 7) of a copy of the values, written
/// from its definition: h = (n - 1) p on the sorted values, interpolated from x[floor h] towards x[floor h + 1]
/// as numpy's _lerp does (from the upper end when the fraction is at least a half).
double numpy_percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double h = static_cast<double>(v.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  const double t = h - static_cast<double>(lo), diff = v[hi] - v[lo];
  return t >= 0.5 ? v[hi] - diff * (1 - t) : v[lo] + diff * t;
}

/// Whether a Summary fed `values` gives numpy's percentiles to the bit.
void expect_numpy_percentiles(const std::vector<double>& values, std::size_t cap, const std::string& what) {
  Summary s(cap);
  for (double x : values) s.add(x);
  EXPECT_TRUE(s.exact()) << what;
  const std::array<double, 5> q = s.quantiles();
  for (std::size_t k = 0; k < 5; ++k) {
    const double want = numpy_percentile(values, Summary::kLevels[k]);
    EXPECT_EQ(q[k], want)  // to the bit but for the sign of a zero (a Summary's are never -0)
        << what << ", level " << Summary::kLevels[k] << ": " << q[k] << " where numpy gives " << want;
  }
}

TEST(StatsSummary, GivesNumpysPercentilesOnRandomData) {
  boost::random::mt19937_64 rng(11);
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  for (int len : {1, 2, 3, 4, 5, 6, 7, 10, 33, 100, 1000, 20000})
    for (int trial = 0; trial < 5; ++trial) {
      std::vector<double> continuous, ties, constant, tail;
      for (int k = 0; k < len; ++k) {
        continuous.push_back(normal(rng));
        ties.push_back(std::round(2 * normal(rng)));
        constant.push_back(0.3);
        tail.push_back(std::exp(3 * normal(rng)));
      }
      const std::string at = "n = " + std::to_string(len) + ", trial " + std::to_string(trial);
      expect_numpy_percentiles(continuous, summary_cap(1), "continuous, " + at);
      expect_numpy_percentiles(ties, summary_cap(1), "ties, " + at);
      expect_numpy_percentiles(constant, summary_cap(1), "constant, " + at);
      expect_numpy_percentiles(tail, summary_cap(1), "heavy tail, " + at);
      // Few distinct values (here up to about 20) stay exact in a small memory, whatever the count: merged into
      // (value, count) pairs, two doubles each, exact while they fill at most half the cap.
      expect_numpy_percentiles(ties, 128, "ties in a cap of 128, " + at);
    }
}

TEST(StatsSummary, CountsStayExactFarBeyondTheCap) {
  boost::random::mt19937_64 rng(5);
  boost::random::normal_distribution<double> normal(0.0, 3.0);
  std::vector<double> counts;  // about a dozen distinct whole numbers, 200000 of them in 64 doubles' room
  for (int k = 0; k < 200000; ++k) counts.push_back(std::fabs(std::round(normal(rng))));
  expect_numpy_percentiles(counts, kMinSummaryCap, "counts");
}

// `statecraft run docs/examples/islands.yaml --runs 300 --keep-runs --metric 'relations.*.incidents'`: the
// incidents of NOR-SOU in 2037, in run order. 173 runs have none, 127 one: the median is 0, where P-square said
// 0.5247 and put the 75th percentile (0.9975) below 1.
TEST(StatsSummary, IslandsIncidentsHaveMedianZero) {
  const std::string runs =
      "1011010101010100010011000011101100010100011011000010000101001101111010100100001100100000100100100100"
      "0000110000101011001000010010110111001011101010111010010111100110011000010111110001011101000100001110"
      "1000000010101000001111101100001111110010001110001011000100000000100001100011011000111010010100000000";
  ASSERT_EQ(runs.size(), 300u);
  Summary s(summary_cap(338));
  PSquareQuantiles estimate;
  for (char c : runs) {
    s.add(c - '0');
    estimate.add(c - '0');
  }
  ASSERT_EQ(std::count(runs.begin(), runs.end(), '0'), 173);
  EXPECT_NEAR(estimate.quantile(2), 0.5247, 1e-4);  // what ensemble.csv said before
  const std::array<double, 5> want = {0, 0, 0, 1, 1};
  EXPECT_EQ(s.quantiles(), want);
}

TEST(StatsSummary, FallsBackOnMonotoneEstimatesWhenTheValuesDoNotFit) {
  boost::random::mt19937_64 rng(9);
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  std::vector<std::vector<double>> streams(6);
  for (int k = 0; k < 20000; ++k) {
    streams[0].push_back(normal(rng));                      // continuous
    streams[1].push_back(std::round(100 * normal(rng)));    // hundreds of distinct whole numbers
    streams[2].push_back(k * 0.01 + normal(rng));           // a drift: new extremes all the time
    streams[3].push_back(std::exp(3 * normal(rng)));        // a heavy tail
    streams[4].push_back(static_cast<double>(k));           // sorted
    streams[5].push_back(k % 3 == 0 ? normal(rng) : 0.0);   // a spike of ties in a continuous spread
  }
  for (std::size_t i = 0; i < streams.size(); ++i) {
    Summary s(256);
    for (double x : streams[i]) s.add(x);
    EXPECT_FALSE(s.exact()) << "stream " << i;
    const std::array<double, 5> q = s.quantiles();
    const auto [lo, hi] = std::minmax_element(streams[i].begin(), streams[i].end());
    for (std::size_t k = 0; k < 5; ++k) {
      EXPECT_GE(q[k], *lo) << "stream " << i << ", level " << k;
      EXPECT_LE(q[k], *hi) << "stream " << i << ", level " << k;
      if (k > 0) {
        EXPECT_LE(q[k - 1], q[k]) << "stream " << i << ", level " << k;
      }
    }
  }
  // On the continuous stream, near the truth: within 0.05 of numpy's percentile (sd 1).
  Summary s(256);
  for (double x : streams[0]) s.add(x);
  for (std::size_t k = 0; k < 5; ++k) {
    EXPECT_NEAR(s.quantile(k), numpy_percentile(streams[0], Summary::kLevels[k]), 0.05) << k;
  }
}

TEST(StatsSummary, ExactUpToTheCapThenAnEstimate) {
  Summary s(100);
  for (int k = 0; k < 100; ++k) s.add(k * 0.5);
  EXPECT_TRUE(s.exact());
  EXPECT_DOUBLE_EQ(s.quantile(2), 24.75);
  s.add(50);  // the 101st distinct value: 101 pairs take more than half the cap
  EXPECT_FALSE(s.exact());
  // The estimate starts from the order statistic at the rank of the median, 1 + 100 / 2: the 51st value.
  EXPECT_DOUBLE_EQ(s.quantile(2), 25.0);
  Summary copy = s;
  copy.add(1000);
  EXPECT_EQ(s.moments().count(), 101u);  // a copy owns its estimate
  EXPECT_EQ(copy.moments().count(), 102u);
}

TEST(StatsSummary, ANanMakesEveryPercentileNan) {
  Summary s(kMinSummaryCap);
  for (int k = 0; k < 1000; ++k) s.add(k == 500 ? std::numeric_limits<double>::quiet_NaN() : k % 7);
  for (double q : s.quantiles()) EXPECT_TRUE(std::isnan(q));  // numpy.percentile says nan too
}

TEST(StatsSummary, CapSharesTheBudgetOverTheCells) {
  EXPECT_GE(summary_cap(246 + 40), 20000u);  // `run --runs 20000` of the Asia-Pacific stays exact
  EXPECT_EQ(summary_cap(kSummaryBudgetDoubles), kMinSummaryCap);
  EXPECT_EQ(summary_cap(4), kSummaryBudgetDoubles / 4);
}

TEST(StatsIntervals, OneValueHasNoTInterval) {
  Moments one;
  one.add(0.25);
  for (OutcomeScale scale : {OutcomeScale::Unit, OutcomeScale::NonNegative, OutcomeScale::Other}) {
    const Interval ci = mean_interval(one, scale);
    EXPECT_TRUE(std::isnan(ci.low) && std::isnan(ci.high)) << static_cast<int>(scale);
  }
  // Wilson's interval exists from one trial on: 0 successes of 1 give [0, z^2 / (1 + z^2)] = [0, 0.79345].
  Moments miss;
  miss.add(0);
  const Interval w = mean_interval(miss, OutcomeScale::Binary);
  EXPECT_EQ(w.low, 0.0);
  EXPECT_NEAR(w.high, 0.79345, 1e-5);
}

TEST(StatsQuantiles, IntervalCoversTheTrueMeanAtItsLevel) {
  // 2000 samples of 20 normals: the 95% interval should cover the mean about 95% of the time.
  boost::random::mt19937_64 rng(7);
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  int covered = 0;
  for (int k = 0; k < 2000; ++k) {
    Moments m;
    for (int i = 0; i < 20; ++i) m.add(normal(rng));
    covered += std::abs(m.mean()) <= m.ci_halfwidth();
  }
  EXPECT_NEAR(covered / 2000.0, 0.95, 0.015);  // binomial s.e. 0.005
}

}  // namespace
}  // namespace statecraft

namespace statecraft {
namespace {

// Newcombe (1998), Statistics in Medicine 17:857, table II: Wilson's score intervals to four decimals.
TEST(Wilson, MatchesPublishedIntervals) {
  struct Case { std::uint64_t x, n; double low, high; };
  for (const Case& c : {Case{81, 263, 0.2553, 0.3662}, Case{15, 148, 0.0624, 0.1605}, Case{0, 20, 0.0, 0.1611},
                        Case{1, 29, 0.0061, 0.1718}}) {
    const Interval w = wilson_interval(c.x, c.n);
    EXPECT_NEAR(w.low, c.low, 5e-5) << c.x << "/" << c.n;
    EXPECT_NEAR(w.high, c.high, 5e-5) << c.x << "/" << c.n;
  }
  EXPECT_EQ(wilson_interval(0, 20).low, 0.0);  // exactly, not a rounding below it
  EXPECT_EQ(wilson_interval(20, 20).high, 1.0);
}

// Every interval lies within [0, 1] and holds the observed proportion.
TEST(Wilson, StaysWithinTheUnitIntervalAndHoldsTheEstimate) {
  for (std::uint64_t n = 1; n <= 60; ++n)
    for (std::uint64_t x = 0; x <= n; ++x) {
      const Interval w = wilson_interval(x, n);
      EXPECT_GE(w.low, 0.0);
      EXPECT_LE(w.high, 1.0);
      EXPECT_TRUE(w.holds(static_cast<double>(x) / static_cast<double>(n))) << x << "/" << n;
    }
}

// Exact coverage under the binomial distribution: at least 92% for the nominal 95%, near the edges too.
TEST(Wilson, CoversTheTrueProportion) {
  for (std::uint64_t n : {20u, 100u})
    for (double p : {0.01, 0.05, 0.2, 0.5, 0.9, 0.99}) {
      const boost::math::binomial b(static_cast<double>(n), p);
      double cover = 0;
      for (std::uint64_t x = 0; x <= n; ++x)
        if (wilson_interval(x, n).holds(p)) cover += boost::math::pdf(b, static_cast<double>(x));
      EXPECT_GE(cover, 0.92) << "n " << n << ", p " << p;
    }
}

// The case: 99 runs of 100 with the event. Student's t gave [0.976, 1.004]; Wilson's stays within [0, 1].
TEST(Intervals, AProportionNearOneStaysWithinTheUnitInterval) {
  Moments m;
  for (int r = 0; r < 100; ++r) m.add(r == 0 ? 0.0 : 1.0);
  EXPECT_GT(m.mean() + m.ci_halfwidth(), 1.0);  // what the t interval did
  const Interval ci = mean_interval(m, OutcomeScale::Binary);
  EXPECT_NEAR(ci.low, 0.9455, 5e-5);
  EXPECT_NEAR(ci.high, 0.9982, 5e-5);
  // A level within [0, 1] keeps its t interval, cut to [0, 1]; other outcomes keep theirs whole.
  const Interval unit = mean_interval(m, OutcomeScale::Unit), other = mean_interval(m, OutcomeScale::Other);
  EXPECT_EQ(unit.high, 1.0);
  EXPECT_DOUBLE_EQ(unit.low, m.mean() - m.ci_halfwidth());
  EXPECT_DOUBLE_EQ(other.high, m.mean() + m.ci_halfwidth());
  EXPECT_EQ(scale_of_unit("0 or 1"), OutcomeScale::Binary);
  EXPECT_EQ(scale_of_unit("[0, 1]"), OutcomeScale::Unit);
  EXPECT_EQ(scale_of_unit("[0, 1)"), OutcomeScale::Unit);
  EXPECT_EQ(scale_of_unit("fraction"), OutcomeScale::Unit);
  EXPECT_EQ(scale_of_unit("0 or 1", true), OutcomeScale::Binary);
  EXPECT_EQ(scale_of_unit("[0, 1]", true), OutcomeScale::Unit);
  // Beyond these, the mark decides: a `per year` rate of incidents is never negative, a `per year` growth can be.
  EXPECT_EQ(scale_of_unit("bn", true), OutcomeScale::NonNegative);
  EXPECT_EQ(scale_of_unit("per year", true), OutcomeScale::NonNegative);
  EXPECT_EQ(scale_of_unit("count", true), OutcomeScale::NonNegative);
  EXPECT_EQ(scale_of_unit("per year"), OutcomeScale::Other);
  EXPECT_EQ(scale_of_unit("count", false), OutcomeScale::Other);
}

// A yearly rate of rare events over four runs: 0.25 a year in one run, none in three. The t interval reaches below
// 0 (the case found: disputes_per_year 0.0625 [-0.1364, 0.2614]); a mean of values never below 0 is not.
TEST(Intervals, ANonNegativeMeanStaysAtOrAboveZero) {
  Moments m;
  for (double x : {0.25, 0.0, 0.0, 0.0}) m.add(x);
  EXPECT_LT(m.mean() - m.ci_halfwidth(), 0.0);  // what the t interval did
  const Interval ci = mean_interval(m, OutcomeScale::NonNegative);
  EXPECT_EQ(ci.low, 0.0);
  EXPECT_DOUBLE_EQ(ci.high, m.mean() + m.ci_halfwidth());
  const Interval other = mean_interval(m, OutcomeScale::Other);
  EXPECT_LT(other.low, 0.0);
  // Well away from 0 the interval is the t interval whole.
  Moments far;
  for (double x : {5.0, 6.0, 7.0, 6.5}) far.add(x);
  const Interval f = mean_interval(far, OutcomeScale::NonNegative);
  EXPECT_DOUBLE_EQ(f.low, far.mean() - far.ci_halfwidth());
  EXPECT_DOUBLE_EQ(default_threshold(OutcomeScale::NonNegative, 2.0), 0.002);
}

PairedCounts table(std::uint64_t both, std::uint64_t first_only, std::uint64_t second_only, std::uint64_t neither) {
  PairedCounts c;
  c.both = both;
  c.first_only = first_only;
  c.second_only = second_only;
  c.neither = neither;
  return c;
}

// Fagerland, Lydersen and Laake, Statistical Analysis of Contingency Tables (2017), chapter 8: complete response
// before and after consolidation therapy (Cavo et al. 2012), Newcombe's square-and-add interval -0.0621 (-0.1186 to
// -0.0046).
TEST(NewcombePaired, MatchesThePublishedInterval) {
  const Interval ci = newcombe_paired_interval(table(59, 6, 16, 80));
  EXPECT_NEAR(ci.low, -0.1186, 5e-5);
  EXPECT_NEAR(ci.high, -0.0046, 5e-5);
}

// Every table of 12 pairs: within [-1, 1], holding the observed difference; swapping the two sides mirrors it.
TEST(NewcombePaired, StaysWithinMinusOneAndOneAndIsSymmetric) {
  const std::uint64_t n = 12;
  for (std::uint64_t a = 0; a <= n; ++a)
    for (std::uint64_t b = 0; a + b <= n; ++b)
      for (std::uint64_t c = 0; a + b + c <= n; ++c) {
        const std::uint64_t d = n - a - b - c;
        const Interval ci = newcombe_paired_interval(table(a, b, c, d));
        const double diff = (static_cast<double>(b) - static_cast<double>(c)) / static_cast<double>(n);
        EXPECT_GE(ci.low, -1.0);
        EXPECT_LE(ci.high, 1.0);
        EXPECT_TRUE(ci.holds(diff)) << a << " " << b << " " << c << " " << d;
        const Interval swapped = newcombe_paired_interval(table(a, c, b, d));
        EXPECT_NEAR(swapped.low, -ci.high, 1e-12);
        EXPECT_NEAR(swapped.high, -ci.low, 1e-12);
      }
}

// Exact coverage over every table of 30 pairs under the multinomial distribution of the four cells: at least 93%.
TEST(NewcombePaired, CoversTheTrueDifference) {
  const int n = 30;
  for (const std::array<double, 4>& p : {std::array<double, 4>{0.4, 0.1, 0.1, 0.4}, {0.7, 0.2, 0.05, 0.05},
                                         {0.1, 0.05, 0.15, 0.7}, {0.25, 0.25, 0.25, 0.25}, {0.85, 0.05, 0.05, 0.05}}) {
    const double theta = p[1] - p[2];
    double cover = 0;
    for (int a = 0; a <= n; ++a)
      for (int b = 0; a + b <= n; ++b)
        for (int c = 0; a + b + c <= n; ++c) {
          const int d = n - a - b - c;
          const int k[4] = {a, b, c, d};
          double logp = std::lgamma(n + 1.0);
          for (int i = 0; i < 4; ++i) logp += k[i] * std::log(p[static_cast<std::size_t>(i)]) - std::lgamma(k[i] + 1.0);
          if (newcombe_paired_interval(table(static_cast<std::uint64_t>(a), static_cast<std::uint64_t>(b),
                                             static_cast<std::uint64_t>(c), static_cast<std::uint64_t>(d)))
                  .holds(theta))
            cover += std::exp(logp);
        }
    EXPECT_GE(cover, 0.93) << p[0] << " " << p[1] << " " << p[2] << " " << p[3];
  }
}

TEST(Differences, CountOnlyWhenTheIntervalExcludesZeroAndTheSizeIsAboveTheThreshold) {
  EXPECT_TRUE(differs(-0.029, {-0.0293, -0.0286}, 0.001));
  EXPECT_FALSE(differs(4e-9, {3.2e-9, 4.8e-9}, 0.001));  // sure, but negligible
  EXPECT_TRUE(differs(4e-9, {3.2e-9, 4.8e-9}, 0));       // with no threshold, sure is enough
  EXPECT_FALSE(differs(0.01, {-0.001, 0.021}, 0.001));    // large, but the interval holds 0
  EXPECT_FALSE(differs(0.001, {0.0005, 0.0015}, 0.001));  // at the threshold is not above it
  EXPECT_EQ(default_threshold(OutcomeScale::Unit, 0.5), 0.001);
  EXPECT_EQ(default_threshold(OutcomeScale::Binary, 0.0), 0.001);
  EXPECT_DOUBLE_EQ(default_threshold(OutcomeScale::Other, -2500.0), 2.5);  // 0.1% of the baseline's mean
  EXPECT_EQ(default_threshold(OutcomeScale::Other, 0.0), 0.0);
}

// Three significant digits of the difference itself, however small; the interval with the same decimals.
TEST(Differences, PrintTheSignificantDigitsOfTheDifference) {
  EXPECT_EQ(difference_text(4e-9, {3.2e-9, 4.8e-9}), "+4.00e-09 [3.20e-09, 4.80e-09]");
  EXPECT_EQ(difference_text(-0.029, {-0.0293, -0.0286}), "-0.0290 [-0.0293, -0.0286]");
  EXPECT_EQ(difference_text(-0.00971, {-0.01017, -0.00925}), "-0.00971 [-0.01017, -0.00925]");
  EXPECT_EQ(difference_text(-7.91e-5, {-9.49e-5, -6.32e-5}), "-0.0000791 [-0.0000949, -0.0000632]");
  EXPECT_EQ(difference_text(12.5, {10.25, 14.75}), "+12.5000 [10.2500, 14.7500]");
  EXPECT_EQ(difference_text(0, {0, 0}), "0 [0, 0]");
  EXPECT_EQ(difference_text(0, {-0.037, 0.037}), "0 [-0.0370, 0.0370]");
  EXPECT_EQ(difference_text(-0.0, {-0.037, 0.037}), "0 [-0.0370, 0.0370]") << "a -0 has no sign to show";
}

}  // namespace
}  // namespace statecraft
