#pragma once
// Eigen operations the engine spends much of its time in, written out for the sizes and ranges the engine
// uses, with Eigen's bits: the logistic of the log-odds (Eigen's SSE2 packet exp) and the balancing
// product. Runs must not change by a bit when the code gets faster; tests compare each with Eigen.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

// The written-out operations reproduce what Eigen does with SSE2 alone, the baseline x86-64 build
// (tools/setup.sh). Built for AVX or FMA, or for another architecture, Eigen's kernels differ (wider
// packets, fused multiply-adds), so there the engine uses the Eigen expressions themselves.
#if defined(__SSE2__) && !defined(__AVX__) && !defined(__FMA__)
#define STATECRAFT_EIGEN_SSE2 1
#else
#define STATECRAFT_EIGEN_SSE2 0
#endif

#include "statecraft/scenario/scenario.hpp"

namespace statecraft {

/// Two doubles in one SSE2 register (GCC's vector extensions: elementwise IEEE arithmetic, so the bits of
/// scalar code), and the 64-bit integers of the same register.
using Double2 = double __attribute__((vector_size(16)));
using Bits2 = std::uint64_t __attribute__((vector_size(16)));

inline Double2 splat(double v) { return Double2{v, v}; }
inline Double2 load2(const double* p) {
  Double2 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store2(double* p, Double2 v) { std::memcpy(p, &v, sizeof v); }
/// std::max(a, b) and std::min(a, b) in each lane, NaNs and signed zeros included: SSE2's maxpd(b, a) and
/// minpd(b, a) are exactly these (one instruction, where a select takes four).
inline Double2 max2(Double2 a, Double2 b) {
#ifdef __SSE2__
  return _mm_max_pd(b, a);
#else
  return a < b ? b : a;
#endif
}
inline Double2 min2(Double2 a, Double2 b) {
#ifdef __SSE2__
  return _mm_min_pd(b, a);
#else
  return b < a ? b : a;
#endif
}

/// exp(x) exactly as Eigen 3.4's SSE2 packet exp computes it (pexp_double: Cephes' rational approximation
/// after a reduction by ln 2, then a scaling by 2^n), for |x| <= 700. There Eigen's clamp to +-709.784, its
/// floor's large-value case and its final max(result, x) change nothing, and its scaling by 2^n is exact,
/// so they are left out: the remaining operations are Eigen's in Eigen's order, so the bits are the same
/// (tested against Eigen), in about two thirds of the instructions.
inline Double2 packet_exp(Double2 x) {
  Double2 fx = splat(1.4426950408889634073599) * x + splat(0.5);
  // floor, as Eigen's pfloor: round to nearest by adding and subtracting 2^52, then step down if above.
  const Double2 magnitude = fx < 0 ? -fx : fx;
  Double2 r = (magnitude + splat(0x1p52)) - splat(0x1p52);
  r = fx < 0 ? -r : r;
  fx = r > fx ? r - splat(1.0) : r;
  x = x - fx * splat(0.693145751953125);
  x = x - fx * splat(1.42860682030941723212e-6);
  const Double2 x2 = x * x;
  Double2 px = splat(1.26177193074810590878e-4);
  px = px * x2 + splat(3.02994407707441961300e-2);
  px = px * x2 + splat(9.99999999999999999910e-1);
  px = px * x;
  Double2 qx = splat(3.00198505138664455042e-6);
  qx = qx * x2 + splat(2.52448340349684104192e-3);
  qx = qx * x2 + splat(2.27265548208155028766e-1);
  qx = qx * x2 + splat(2.00000000000000000009e0);
  x = px / (qx - px);
  x = splat(2.0) * x + splat(1.0);
  // 2^fx from its bits: adding 1023 + 2^52 puts fx + 1023 in the low bits of the mantissa.
  const Bits2 biased = reinterpret_cast<Bits2>(fx + splat(1023.0 + 0x1p52));
  return x * reinterpret_cast<Double2>(biased << 52);
}

/// out = c (theta G^T), the balancing signal's product, with the bits of the Eigen expression
/// `out.noalias() = theta * G.transpose(); out *= c;` that it replaces. Eigen's kernel sums every entry over
/// k in ascending order from zero when 7 <= n <= 80 and n mod 4 is 0 or 1 (for other n its edge cases sum
/// in another order), so for those sizes the sum is done here, in registers while k runs, without Eigen's
/// packing; other sizes go to Eigen. A test compares the two for
/// every n from 1 to 80. G must be symmetric (G^T = G, read by rows).
inline void balancing_product(const Matrix& theta, const Matrix& G, double c, Matrix& out) {
  const Eigen::Index n = theta.rows();
  if (!STATECRAFT_EIGEN_SSE2 || n < 7 || n > 80 || n % 4 > 1) {
    out.noalias() = theta * G.transpose();
    out *= c;
    return;
  }
  const double* const g = G.data();
  const Double2 scale = splat(c);
  // Rows i0 and i1 (the same row when n is odd and i0 is the last), four columns at a time: eight
  // independent sums, so the additions (each waiting on the last) overlap, and each load of G serves both.
  auto rows = [&](Eigen::Index i0, Eigen::Index i1) {
    const double* const a0 = row(theta, i0);
    const double* const a1 = row(theta, i1);
    double* const o0 = row(out, i0);
    double* const o1 = row(out, i1);
    Eigen::Index j = 0;
    for (; j + 4 <= n; j += 4) {
      Double2 s0 = splat(0), s1 = splat(0), t0 = splat(0), t1 = splat(0);
      for (Eigen::Index k = 0; k < n; ++k) {
        const double* const gk = g + k * n + j;
        const Double2 g0 = load2(gk), g1 = load2(gk + 2), b0 = splat(a0[k]), b1 = splat(a1[k]);
        s0 += b0 * g0;
        s1 += b0 * g1;
        t0 += b1 * g0;
        t1 += b1 * g1;
      }
      store2(o1 + j, t0 * scale);
      store2(o1 + j + 2, t1 * scale);
      store2(o0 + j, s0 * scale);
      store2(o0 + j + 2, s1 * scale);
    }
    if (j < n) {  // n mod 4 = 1: the last column
      double s = 0, t = 0;
      for (Eigen::Index k = 0; k < n; ++k) {
        s += a0[k] * g[k * n + j];
        t += a1[k] * g[k * n + j];
      }
      o1[j] = t * c;
      o0[j] = s * c;
    }
  };
  Eigen::Index i = 0;
  for (; i + 2 <= n; i += 2) rows(i, i + 1);
  if (i < n) rows(i, i);
}

/// trust = 1 / (1 + exp(-logodds)) over a whole matrix, with the bits of the Eigen expression
/// ((-L).exp() + 1).inverse(): packets of two through packet_exp and, when the count is odd, the last
/// entry through std::exp as Eigen's scalar tail does. Log-odds are bounded by 30, well inside packet_exp.
inline void logistic_matrix(const Matrix& logodds, Matrix& out) {
  if (!STATECRAFT_EIGEN_SSE2) {
    out = ((-logodds.array()).exp() + 1.0).inverse().matrix();
    return;
  }
  const Eigen::Index count = logodds.size();
  const double* const L = logodds.data();
  double* const T = out.data();
  const Double2 one = {1.0, 1.0};
  Eigen::Index k = 0;
  for (; k + 2 <= count; k += 2) {
    store2(T + k, one / (packet_exp(-load2(L + k)) + one));
  }
  if (k < count) T[k] = 1.0 / (std::exp(-L[k]) + 1.0);
}

}  // namespace statecraft
