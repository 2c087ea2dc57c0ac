#include "statecraft/engine/rng.hpp"

#include <cmath>

#include <boost/math/special_functions/beta.hpp>
#include <boost/random/normal_distribution.hpp>

namespace statecraft {

std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t run, Purpose purpose) {
  return mix64(mix64(mix64(seed) ^ run) ^ static_cast<std::uint64_t>(purpose));
}

double boost_standard_normal(SplitMix64& g) { return boost::random::normal_distribution<double>(0.0, 1.0)(g); }

namespace {
using DoublePolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
constexpr DoublePolicy kDoublePolicy{};

/// The binomial-tail form of Beta(a, b) for whole a and b: CDF(x) = P(Bin(n, x) >= a), n = a + b - 1.
struct WholeBeta {
  int ia, ib, n;
  double binom[61];  // C(n, j)
  double inv_beta;   // 1 / B(a, b) = n! / ((a - 1)! (b - 1)!)

  WholeBeta(int a, int b) : ia(a), ib(b), n(a + b - 1) {
    binom[0] = 1;
    for (int j = 1; j <= n; ++j) binom[j] = binom[j - 1] * (n - j + 1) / j;
    inv_beta = binom[ia - 1] * (n - ia + 1);
  }

  /// Safeguarded Newton steps from x inside the bracket [lo, hi] to |CDF(x) - u| < 1e-14. The common
  /// small shapes get a copy whose loops the compiler unrolls (the same operations in the same order).
  double solve(double u, double x, double lo, double hi) const {
    switch (n) {
      case 1: return solve_n<1>(u, x, lo, hi);
      case 2: return solve_n<2>(u, x, lo, hi);
      case 3: return solve_n<3>(u, x, lo, hi);
      case 4: return solve_n<4>(u, x, lo, hi);
      case 5: return solve_n<5>(u, x, lo, hi);
      case 6: return ia == 2 ? solve_n<6, 2>(u, x, lo, hi) : solve_n<6>(u, x, lo, hi);  // 2: the default Beta(2, 5)
      case 7: return solve_n<7>(u, x, lo, hi);
      case 8: return solve_n<8>(u, x, lo, hi);
      default: return solve_n<0>(u, x, lo, hi);
    }
  }

  /// solve for n = N, or for any n when N = 0; for a = IA, or for any a when IA = 0 (with both known, the
  /// powers and the CDF's terms stay in registers).
  template <int N, int IA = 0>
  double solve_n(double u, double x, double lo, double hi) const {
    const int m = N > 0 ? N : n;
    const int ia = IA > 0 ? IA : this->ia;
    const int ib = IA > 0 ? m + 1 - IA : this->ib;
    double xp[61], yp[61];
    for (int it = 0; it < 60; ++it) {
      xp[0] = yp[0] = 1;
      for (int j = 1; j <= m; ++j) {
        xp[j] = xp[j - 1] * x;
        yp[j] = yp[j - 1] * (1 - x);
      }
      double cdf = 0;
      for (int j = ia; j <= m; ++j) cdf += binom[j] * xp[j] * yp[m - j];
      const double f = cdf - u;
      if (std::abs(f) < 1e-14) break;
      (f > 0 ? hi : lo) = x;
      if (hi - lo < 1e-15) break;
      const double density = inv_beta * xp[ia - 1] * yp[ib - 1];
      double next = density > 0 ? x - f / density : 0.5 * (lo + hi);
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);  // stay inside the bracket
      x = next;
    }
    return x;
  }
};

/// Quantiles of one shape at u = k / 64, so that a quantile starts from an interpolation between them and
/// needs two or three Newton steps instead of six or more. Built once per thread and shape.
struct BetaTable {
  static constexpr int kCells = 64;
  WholeBeta beta{1, 1};
  bool built = false;
  double q[kCells + 1] = {};

  void build(int a, int b) {
    built = true;
    beta = WholeBeta(a, b);
    q[0] = 0;
    q[kCells] = 1;
    for (int k = 1; k < kCells; ++k) q[k] = beta.solve(static_cast<double>(k) / kCells, q[k - 1], q[k - 1], 1);
  }
};

}  // namespace

// The u-quantile of Beta(a, b). For whole a and b (the default Beta(2, 5)) the CDF is a binomial tail,
// solved by safeguarded Newton steps from an interpolation in a table of the shape's quantiles: a few
// hundred instructions instead of Boost's general inverse. Other shapes use Boost's ibeta_inv.
double beta_quantile(double a, double b, double u) {
  if (std::round(a) != a || std::round(b) != b || a < 1 || b < 1 || a + b > 60)
    return boost::math::ibeta_inv(a, b, u, kDoublePolicy);
  if (u <= 0) return 0.0;
  if (u >= 1) return 1.0;
  thread_local BetaTable table;
  const int ia = static_cast<int>(a), ib = static_cast<int>(b);
  if (!table.built || table.beta.ia != ia || table.beta.ib != ib) table.build(ia, ib);
  const double cell = u * BetaTable::kCells;
  const int k = std::min(static_cast<int>(cell), BetaTable::kCells - 1);
  const double x = table.q[k] + (cell - k) * (table.q[k + 1] - table.q[k]);
  // The bracket spans the neighbouring cells too: the table's entries are themselves exact only to 1e-14.
  return table.beta.solve(u, x, k > 0 ? table.q[k - 1] : 0.0, k + 2 <= BetaTable::kCells ? table.q[k + 2] : 1.0);
}

}  // namespace statecraft
