// The engine's random streams: SplitMix64 as specified, skips that equal draws, uniform and normal draws
// (the normal bit for bit against Boost's, its ziggurat table on its own), and the fast Beta quantile
// against Boost.Math's.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <boost/math/special_functions/beta.hpp>
#include <boost/random/normal_distribution.hpp>

#include "statecraft/engine/rng.hpp"

namespace {

using namespace statecraft;

TEST(Random, SplitMix64GivesTheReferenceSequence) {
  // The first outputs of SplitMix64 from state 0 (Vigna's splitmix64.c).
  SplitMix64 g(0);
  EXPECT_EQ(g(), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(g(), 0x6E789E6AA1B965F4ULL);
  EXPECT_EQ(g(), 0x06C45D188009454FULL);
}

TEST(Random, DiscardSkipsExactlyThatManyDraws) {
  SplitMix64 a(stream_seed(7, 3, Purpose::Incidents)), b = a;
  for (int k = 0; k < 4; ++k) a();
  b.discard(4);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a(), b());
  b.discard(0);
  EXPECT_EQ(a(), b());
}

TEST(Random, StreamsDifferByRunAndPurpose) {
  SplitMix64 a(stream_seed(7, 3, Purpose::Incidents)), b(stream_seed(7, 4, Purpose::Incidents)),
      c(stream_seed(7, 3, Purpose::TrustNoise)), d(stream_seed(8, 3, Purpose::Incidents));
  const auto x = a();
  EXPECT_NE(x, b());
  EXPECT_NE(x, c());
  EXPECT_NE(x, d());
}

TEST(Random, UnitValueRoundsAsTheCastDoes) {
  const std::uint64_t top = std::numeric_limits<std::uint64_t>::max();
  // Values around every rounding boundary: of 2^53, of the top bit, and of 1.
  const std::vector<std::uint64_t> edges = {0, 1, (1ULL << 53) - 1, 1ULL << 53, (1ULL << 53) + 1, (1ULL << 53) + 3,
                                            (1ULL << 63) - 1, 1ULL << 63, (1ULL << 63) + 1, (1ULL << 63) + 1024,
                                            (1ULL << 63) + 1025, (1ULL << 63) + 3072, top - 1024, top - 1023, top,
                                            0x123456789ABCDEF0ULL, 0xFEDCBA9876543210ULL};
  for (std::uint64_t x : edges) {
    EXPECT_EQ(unit_value(x), static_cast<double>(x) * 0x1p-64) << x;
    EXPECT_GE(unit_value(x), 0.0);
    EXPECT_LE(unit_value(x), 1.0);
  }
  EXPECT_EQ(unit_value(top), 1.0);
  EXPECT_LT(unit_value(top - 1024), 1.0);
}

TEST(Random, DrawsAreUniformAndNormalsStandard) {
  // Moments of 200,000 draws within four standard errors, and the 10 deciles of the uniforms within 4 s.e.
  SplitMix64 g(stream_seed(1, 0, Purpose::TrustNoise));
  const int n = 200000;
  double sum = 0;
  std::array<int, 10> deciles{};
  for (int k = 0; k < n; ++k) {
    const double u = unit_value(g());
    sum += u;
    ++deciles[static_cast<std::size_t>(std::min(9, static_cast<int>(u * 10)))];
  }
  EXPECT_NEAR(sum / n, 0.5, 4 * std::sqrt(1.0 / 12 / n));
  for (int c : deciles) EXPECT_NEAR(c, n / 10.0, 4 * std::sqrt(n * 0.1 * 0.9));
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  double s1 = 0, s2 = 0;
  for (int k = 0; k < n; ++k) {
    const double z = normal(g);
    s1 += z;
    s2 += z * z;
  }
  EXPECT_NEAR(s1 / n, 0.0, 4 / std::sqrt(n));
  EXPECT_NEAR(s2 / n, 1.0, 4 * std::sqrt(2.0 / n));
}

TEST(Random, StandardNormalIsBoostsNormalDistribution) {
  // A million draws cover the inlined common case and every other branch of the ziggurat (about 1% of
  // draws, the tail among them): the same numbers and the same stream position as Boost's.
  SplitMix64 a(stream_seed(9, 2, Purpose::TrustNoise)), b = a;
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  int tails = 0;
  for (int k = 0; k < 1000000; ++k) {
    const double x = standard_normal(a), y = normal(b);
    ASSERT_EQ(std::signbit(x), std::signbit(y)) << "draw " << k;
    ASSERT_EQ(x, y) << "draw " << k;
    ASSERT_EQ(a, b) << "draw " << k;
    tails += std::abs(x) > 3.442619855899;  // beyond the ziggurat's last layer: Boost's tail algorithm
  }
  EXPECT_GT(tails, 100);
}

TEST(Random, ZigguratLayersHaveEqualAreas) {
  // Under f(x) = exp(-x^2 / 2): each layer i >= 1 is a rectangle x[i] wide between f(x[i]) and f(x[i + 1]);
  // the base layer is the rectangle under f(x[1]) up to x[1] plus the tail beyond it, x[0] f(x[1]) in all.
  const double* const x = kNormalZigguratX;
  auto f = [](double t) { return std::exp(-t * t / 2); };
  const double area = x[0] * f(x[1]);
  const double tail = std::sqrt(std::acos(-1.0) / 2) * std::erfc(x[1] / std::sqrt(2.0));
  EXPECT_NEAR(x[1] * f(x[1]) + tail, area, 1e-13 * area);
  for (int i = 1; i < 128; ++i) {
    ASSERT_GT(x[i], x[i + 1]) << i;
    EXPECT_NEAR(x[i] * (f(x[i + 1]) - f(x[i])), area, 1e-13 * area) << "layer " << i;
  }
  EXPECT_EQ(x[128], 0.0);
}

TEST(Random, IncidentProbabilityNeverExceedsItsRate) {
  // resolve() skips the exponential when a draw is at or above lambda dt, which is exact only if the
  // computed 1 - exp(-y) never exceeds y.
  for (double y = 1e-300; y < 50; y *= 1.01) ASSERT_LE(-std::expm1(-y), y) << y;
  RandomEngine g(5);
  for (int k = 0; k < 100000; ++k) {
    const double y = std::ldexp(unit_value(g()) + 0.5, static_cast<int>(k % 80) - 70);
    ASSERT_LE(-std::expm1(-y), y) << y;
  }
}

TEST(Random, BetaQuantileMatchesBoostsInverse) {
  // The promise is on the probability scale: the CDF at the quantile is within 1e-14 of u. Where the
  // density is not tiny that pins the quantile itself to about 1e-12 of Boost's general inverse.
  for (auto [a, b] : {std::pair{2.0, 5.0}, {1.0, 1.0}, {3.0, 3.0}, {1.0, 7.0}, {2.5, 4.0}})
    for (double u : {1e-9, 0.001, 0.05, 0.25, 0.5, 0.75, 0.95, 0.999, 1 - 1e-9}) {
      const double x = beta_quantile(a, b, u), want = boost::math::ibeta_inv(a, b, u);
      EXPECT_NEAR(boost::math::ibeta(a, b, x), u, 2e-14) << a << " " << b << " " << u;
      if (u >= 0.001 && u <= 0.999) {
        EXPECT_NEAR(x, want, 1e-12) << a << " " << b << " " << u;
      }
    }
  EXPECT_EQ(beta_quantile(2, 5, 0), 0.0);
  EXPECT_EQ(beta_quantile(2, 5, 1), 1.0);
}

}  // namespace
