// Streaming statistics against cases with known answers.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include "statecraft/experiment/stats.hpp"

namespace statecraft {
namespace {

TEST(StatsMoments, MeanVarianceAndStudentInterval) {
  Moments m;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) m.add(x);
  EXPECT_DOUBLE_EQ(m.mean(), 5.0);
  EXPECT_NEAR(m.variance(), 32.0 / 7.0, 1e-12);
  // t(0.975, 7) = 2.364624252
  EXPECT_NEAR(m.ci_halfwidth(), 2.364624252 * std::sqrt(32.0 / 7.0) / std::sqrt(8.0), 1e-8);
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
    std::vector<P2Quantile> separate;
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
