// The written-out packet exp and logistic give exactly the bits of the Eigen expressions they replace.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "statecraft/engine/packet_math.hpp"

namespace statecraft {
namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

TEST(PacketExp, HasTheBitsOfEigensExpOverItsDomain) {
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

}  // namespace
}  // namespace statecraft
