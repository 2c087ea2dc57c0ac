// Streaming statistics against cases with known answers.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include "statecraft/experiment/stats.hpp"

namespace statecraft {
namespace {

/// The textbook P-square estimator of one quantile (Jain and Chlamtac 1985), one object per level, as the
/// library kept it before a Summary ran all five as one: the reference the Summary must match bit for bit.
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
  Summary s;
  for (int k = 0; k < 100000; ++k) s.add(normal(rng));
  const double z[] = {-1.6448536, -0.6744898, 0.0, 0.6744898, 1.6448536};
  for (std::size_t q = 0; q < 5; ++q) EXPECT_NEAR(s.quantile(q), 10.0 + 2.0 * z[q], 0.03) << Summary::kLevels[q];
  EXPECT_NEAR(s.moments().mean(), 10.0, 0.02);
  EXPECT_NEAR(s.moments().sd(), 2.0, 0.02);
}

TEST(StatsQuantiles, SummaryGivesTheBitsOfFiveSeparateEstimators) {
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
    Summary summary;
    std::vector<TextbookP2> separate;
    for (double p : Summary::kLevels) separate.emplace_back(p);
    for (double x : streams[s]) {
      summary.add(x);
      for (auto& q : separate) q.add(x);
      for (std::size_t k = 0; k < 5; ++k) {
        const double a = summary.quantile(k), b = separate[k].value();
        ASSERT_EQ(std::memcmp(&a, &b, sizeof a), 0) << "stream " << s << ", level " << Summary::kLevels[k];
      }
    }
  }
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
