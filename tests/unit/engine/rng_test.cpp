// The engine's fast random helpers give exactly what the Boost.Random and Boost.Math forms they replace give.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <boost/math/special_functions/beta.hpp>
#include <boost/random/uniform_01.hpp>

#include "statecraft/engine/rng.hpp"

namespace {

using namespace statecraft;

/// An engine that replays fixed 64-bit values, so uniform_01 can be fed the edge cases.
struct Scripted {
  using result_type = std::uint64_t;
  std::vector<std::uint64_t> values;
  std::size_t next = 0;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<std::uint64_t>::max(); }
  result_type operator()() { return values[next++ % values.size()]; }
};

TEST(Random, UnitValueIsBoostsUniform01OnEdgeBits) {
  const std::uint64_t top = std::numeric_limits<std::uint64_t>::max();
  // Values around every rounding boundary of the top bit, of 2^53 and of the largest accepted draw.
  const std::vector<std::uint64_t> edges = {0,
                                            1,
                                            2,
                                            (1ULL << 53) - 1,
                                            1ULL << 53,
                                            (1ULL << 53) + 1,
                                            (1ULL << 53) + 3,
                                            (1ULL << 63) - 1,
                                            1ULL << 63,
                                            (1ULL << 63) + 1,
                                            (1ULL << 63) + 1024,
                                            (1ULL << 63) + 1025,
                                            (1ULL << 63) + 3072,
                                            kUnitLimit - 2049,
                                            kUnitLimit - 1,
                                            0x123456789ABCDEF0ULL,
                                            0xFEDCBA9876543210ULL};
  for (std::uint64_t x : edges) {
    Scripted eng{{x}};
    boost::random::uniform_01<double> u;
    const double want = u(eng);
    EXPECT_EQ(unit_value(x), want) << x;
    EXPECT_LT(unit_value(x), 1.0) << x;
  }
  // At and above the limit the value would round to 1, so uniform_01 skips the draw: unit_bits does too.
  for (std::uint64_t x : {kUnitLimit, kUnitLimit + 1, top - 1, top}) {
    Scripted eng{{x, x, 42}};
    boost::random::uniform_01<double> u;
    EXPECT_EQ(u(eng), unit_value(42));
    EXPECT_EQ(eng.next, 3u);
  }
}

TEST(Random, UnitBitsFollowTheStreamAsUniform01Does) {
  RandomEngine a(stream_seed(7, 3, Purpose::Incidents)), b(stream_seed(7, 3, Purpose::Incidents));
  boost::random::uniform_01<double> u;
  for (int k = 0; k < 200000; ++k) ASSERT_EQ(unit_value(unit_bits(a)), u(b)) << "draw " << k;
  EXPECT_EQ(a, b);
}

TEST(Random, IncidentProbabilityNeverExceedsItsRate) {
  // resolve() skips the exponential when a draw is at or above lambda dt, which is exact only if the
  // computed 1 - exp(-y) never exceeds y.
  for (double y = 1e-300; y < 50; y *= 1.01) ASSERT_LE(-std::expm1(-y), y) << y;
  RandomEngine g(5);
  for (int k = 0; k < 100000; ++k) {
    const double y = std::ldexp(unit_value(unit_bits(g)) + 0.5, static_cast<int>(k % 80) - 70);
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
