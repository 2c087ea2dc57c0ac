// The model's kernels (packet_math.hpp): the packet exp against std::exp within its stated bound, the
// logistic through it for every entry, the balancing product against its definition, and their pinned bits.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "../../isa/kernel_digest.hpp"
#include "statecraft/engine/packet_math.hpp"

namespace statecraft {
namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

/// How many doubles apart two positive finite doubles are.
std::int64_t ulps_apart(double a, double b) {
  std::int64_t ia, ib;
  std::memcpy(&ia, &a, sizeof a);
  std::memcpy(&ib, &b, sizeof b);
  return ia > ib ? ia - ib : ib - ia;
}

TEST(PacketExp, IsWithinTwoUlpsOfStdExpOverItsDomain) {
  // Four million values: three in four in the log-odds' range (|x| <= 30, with a margin), one in four over
  // the whole domain |x| <= 700, and the edges. A one-ulp error would be 2^-52 relative.
  std::mt19937_64 gen(2026);
  std::uniform_real_distribution<double> wide(-700.0, 700.0), narrow(-31.0, 31.0);
  const double edges[] = {0.0, -0.0, 700.0, -700.0, 30.0, -30.0, 0.5, -0.5, 1e-300, -1e-300, 0.34657359027997264};
  std::int64_t worst = 0;
  long inexact = 0;
  for (int k = 0; k < 4'000'000; k += 2) {
    Double2 x = {k % 8 == 0 ? wide(gen) : narrow(gen), k % 8 == 0 ? wide(gen) : narrow(gen)};
    if (k / 2 < static_cast<int>(std::size(edges))) x[0] = edges[k / 2];
    const Double2 e = packet_exp(x);
    for (int lane = 0; lane < 2; ++lane) {
      const std::int64_t d = ulps_apart(e[lane], std::exp(x[lane]));
      ASSERT_LE(d, 2) << "exp(" << x[lane] << ")";
      worst = std::max(worst, d);
      inexact += d > 0;
    }
  }
  EXPECT_EQ(worst, 2) << "the bound is tight: tighten the statement if the kernel improves";
  EXPECT_GT(inexact, 0);
  EXPECT_EQ(packet_exp(splat(0.0))[0], 1.0);
  EXPECT_EQ(packet_exp(splat(-0.0))[1], 1.0);
}

TEST(PacketExp, KernelsGiveTheirPinnedBits) {
  // The kernels define the model's numbers: a change of their operations or order moves the bits of
  // runs, and must be a decision (docs/performance.md), with the state digests and goldens regenerated.
  EXPECT_EQ(isa::kernel_digest(), "798eaa9cec4a14db75ff53b3c5014db2e2781c0528d88735f3ab08af78ea4d95");
}

TEST(LogisticMatrix, EveryEntryGoesThroughThePacketExpForEvenAndOddCounts) {
  std::mt19937_64 gen(7);
  std::uniform_real_distribution<double> logodds(-30.0, 30.0);
  for (int n : {1, 2, 3, 5, 12, 13}) {
    Matrix L(n, n), T(n, n);
    for (Eigen::Index k = 0; k < L.size(); ++k) L.data()[k] = logodds(gen);
    logistic_matrix(L, T);
    for (Eigen::Index k = 0; k < L.size(); ++k) {
      const double x = L.data()[k], t = T.data()[k];
      const double expected = (splat(1.0) / (packet_exp(splat(-x)) + splat(1.0)))[0];
      ASSERT_TRUE(same_bits(t, expected)) << "n = " << n << ", entry " << k;
      ASSERT_LE(ulps_apart(t, 1.0 / (1.0 + std::exp(-x))), 2) << "n = " << n << ", entry " << k;
    }
  }
}

/// As the engine has them: threat weights and alliance gains non-negative with zeros, gains symmetric.
void balancing_inputs(int n, std::mt19937_64& gen, Matrix& theta, Matrix& gain) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  theta.resize(n, n);
  gain.resize(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      theta(i, j) = i == j || u(gen) < 0.1 ? 0.0 : u(gen) * 0.3;
      gain(i, j) = j < i ? gain(j, i) : (i == j || u(gen) < 0.5 ? 0.0 : u(gen) * 0.02);
    }
}

TEST(BalancingProduct, SumsEveryEntryInAscendingOrderForEverySize) {
  // The definition written as plainly as it reads: every size to 84 (n mod 4 and odd n: the edge columns
  // and the last row) and two larger ones.
  std::mt19937_64 gen(11);
  std::vector<int> sizes;
  for (int n = 1; n <= 84; ++n) sizes.push_back(n);
  sizes.insert(sizes.end(), {127, 200});
  for (int n : sizes) {
    Matrix theta, gain, out(n, n);
    balancing_inputs(n, gen, theta, gain);
    balancing_product(theta, gain, -0.8, out);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        double sum = 0;
        for (int k = 0; k < n; ++k) sum += theta(i, k) * gain(j, k);
        ASSERT_TRUE(same_bits(out(i, j), sum * -0.8)) << "n = " << n << ", entry (" << i << ", " << j << ")";
      }
  }
}

TEST(BalancingProduct, IsThePlainProductToRounding) {
  // Against Eigen's product (whose summation order is its own): equal to within the rounding of n terms.
  std::mt19937_64 gen(12);
  for (int n : {3, 12, 13, 50}) {
    Matrix theta, gain, out(n, n);
    balancing_inputs(n, gen, theta, gain);
    balancing_product(theta, gain, -0.8, out);
    const Matrix eigen = -0.8 * (theta * gain.transpose());
    EXPECT_LE((out - eigen).cwiseAbs().maxCoeff(), 1e-15 * n) << "n = " << n;
    EXPECT_GT(eigen.cwiseAbs().maxCoeff(), 1e-3) << "n = " << n << ": the inputs should not be all zero";
  }
}

}  // namespace
}  // namespace statecraft
