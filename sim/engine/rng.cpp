#include "statecraft/engine/rng.hpp"

#include <cmath>

#include <boost/math/special_functions/beta.hpp>

namespace statecraft {

std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t run, Purpose purpose) {
  return mix64(mix64(mix64(seed) ^ run) ^ static_cast<std::uint64_t>(purpose));
}

namespace {
using DoublePolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
constexpr DoublePolicy kDoublePolicy{};
}  // namespace

// The u-quantile of Beta(a, b). For whole a and b (the default Beta(2, 5)) the CDF is a binomial tail,
// P(Bin(a + b - 1, x) >= a), solved by safeguarded Newton steps to 1e-13: exact and a few hundred
// instructions instead of Boost's general inverse. Other shapes use Boost's ibeta_inv.
double beta_quantile(double a, double b, double u) {
  if (std::round(a) != a || std::round(b) != b || a < 1 || b < 1 || a + b > 60)
    return boost::math::ibeta_inv(a, b, u, kDoublePolicy);
  if (u <= 0) return 0.0;
  if (u >= 1) return 1.0;
  const int ia = static_cast<int>(a), ib = static_cast<int>(b), n = ia + ib - 1;
  double binom[61];  // C(n, j)
  binom[0] = 1;
  for (int j = 1; j <= n; ++j) binom[j] = binom[j - 1] * (n - j + 1) / j;
  const double inv_beta = binom[ia - 1] * (n - ia + 1);  // 1 / B(a, b) = n! / ((a - 1)! (b - 1)!)
  double xp[61], yp[61];
  double lo = 0, hi = 1, x = a / (a + b);
  for (int it = 0; it < 60; ++it) {
    xp[0] = yp[0] = 1;
    for (int j = 1; j <= n; ++j) {
      xp[j] = xp[j - 1] * x;
      yp[j] = yp[j - 1] * (1 - x);
    }
    double cdf = 0;
    for (int j = ia; j <= n; ++j) cdf += binom[j] * xp[j] * yp[n - j];
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


}  // namespace statecraft
