// The written-out packet exp, logistic and balancing product give exactly the bits of the Eigen expressions
// they replace.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "statecraft/engine/packet_math.hpp"

namespace statecraft {
namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

TEST(PacketExp, HasTheBitsOfEigensExpOverItsDomain) {
  if (!STATECRAFT_EIGEN_SSE2)
    GTEST_SKIP() << "this build's Eigen exp is not the SSE2 one (AVX, FMA or another architecture); the engine "
                    "uses Eigen's own there";
  // Random values across the whole domain and dense in the range of log-odds, plus the edges.
  std::mt19937_64 gen(2026);
  std::uniform_real_distribution<double> wide(-700.0, 700.0), narrow(-31.0, 31.0);
  Eigen::ArrayXd x(2'000'002);
  for (Eigen::Index k = 0; k < x.size(); ++k) x(k) = k % 4 == 0 ? wide(gen) : narrow(gen);
  const double edges[] = {0.0, -0.0, 700.0, -700.0, 30.0, -30.0, 0.5, -0.5, 1e-300, -1e-300, 0.34657359027997264};
  for (std::size_t k = 0; k < std::size(edges); ++k) x(static_cast<Eigen::Index>(k)) = edges[k];
  const Eigen::ArrayXd expected = x.exp();
  long mismatches = 0;
  for (Eigen::Index k = 0; k + 2 <= x.size(); k += 2) {
    const Double2 e = packet_exp(Double2{x(k), x(k + 1)});
    if (!same_bits(e[0], expected(k))) ++mismatches;
    if (!same_bits(e[1], expected(k + 1))) ++mismatches;
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(PacketExp, LogisticMatrixHasTheBitsOfTheEigenExpressionForEvenAndOddSizes) {
  std::mt19937_64 gen(7);
  std::uniform_real_distribution<double> logodds(-30.0, 30.0);
  for (int n : {1, 2, 3, 5, 12, 13}) {
    Matrix L(n, n), T(n, n);
    for (Eigen::Index k = 0; k < L.size(); ++k) L.data()[k] = logodds(gen);
    const Matrix expected = ((-L.array()).exp() + 1.0).inverse().matrix();
    logistic_matrix(L, T);
    for (Eigen::Index k = 0; k < L.size(); ++k)
      ASSERT_TRUE(same_bits(T.data()[k], expected.data()[k])) << "n = " << n << ", entry " << k;
  }
}

TEST(BalancingProduct, HasTheBitsOfTheEigenProductForEverySizeUpTo80) {
  // As the engine has them: threat weights and alliance gains non-negative with zeros, gains symmetric.
  std::mt19937_64 gen(11);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int n = 1; n <= 80; ++n) {
    Matrix theta(n, n), gain(n, n), out(n, n);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        theta(i, j) = i == j || u(gen) < 0.1 ? 0.0 : u(gen) * 0.3;
        gain(i, j) = j < i ? gain(j, i) : (i == j || u(gen) < 0.5 ? 0.0 : u(gen) * 0.02);
      }
    Matrix expected(n, n);
    expected.noalias() = theta * gain.transpose();
    expected *= -0.8;
    balancing_product(theta, gain, -0.8, out);
    for (Eigen::Index k = 0; k < out.size(); ++k)
      ASSERT_TRUE(same_bits(out.data()[k], expected.data()[k])) << "n = " << n << ", entry " << k;
  }
}

}  // namespace
}  // namespace statecraft
