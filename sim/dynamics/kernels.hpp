#pragma once
// Small numeric helpers the mechanisms share (internal to sim/dynamics).
#include <algorithm>
#include <cmath>
#include <limits>

#include "statecraft/world/world.hpp"

namespace statecraft::dynamics {

inline double clamp01(double x) { return std::min(1.0, std::max(0.0, x)); }
inline double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }
inline double logit(double p) { return std::log(p) - std::log1p(-p); }
constexpr double kForever = std::numeric_limits<double>::infinity();

/// x^e, exact and fast for the small whole exponents scenarios use.
inline double power(double x, double e) {
  if (e == 4) {
    const double x2 = x * x;
    return x2 * x2;
  }
  return std::pow(x, e);
}

/// Copies the upper triangle of a square matrix onto the lower one.
inline void mirror_upper(Matrix& m) {
  const int n = static_cast<int>(m.rows());
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) m(j, i) = m(i, j);
}

constexpr int idx(TensionTerm t) { return static_cast<int>(t); }
constexpr int idx(TrustTerm t) { return static_cast<int>(t); }

}  // namespace statecraft::dynamics

// A loop's arrays do not overlap: GCC may vectorise it without run-time checks. (Other compilers check, or
// warn where a forced vectorisation fails; they get nothing.)
#if defined(__GNUC__) && !defined(__clang__)
#define STATECRAFT_IVDEP _Pragma("GCC ivdep")
#else
#define STATECRAFT_IVDEP
#endif
