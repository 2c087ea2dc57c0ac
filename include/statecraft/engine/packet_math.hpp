#pragma once
// The model's own kernels for the two operations a step spends most in: the logistic of the log-odds,
// through a packet exp, and the balancing product. Each is defined by its operations and their order in
// IEEE double arithmetic, not by a library's internals, so that runs keep their bits across Eigen versions
// and instruction sets: the build forbids fused multiply-adds (-ffp-contract=off, CMakeLists.txt), and
// tests/isa compiles the kernels for SSE2, AVX2, FMA and AVX-512 and checks that each gives the same bits.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

// Contracted to FMA, a * b + c rounds once instead of twice, and the bits would depend on the target.
#ifndef STATECRAFT_FP_CONTRACT_OFF
#error "packet_math.hpp must be compiled with -ffp-contract=off and -DSTATECRAFT_FP_CONTRACT_OFF (CMakeLists.txt)"
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

/// exp(x) in each lane for |x| <= 700 (beyond about 708 the scaling by 2^n leaves the exponent field and the
/// result is meaningless), within 2 ulp of std::exp (tests/unit/engine/packet_math_test.cpp; about 27% of
/// results differ from std::exp's, by 1 or 2 ulp). Cephes' method: x = n ln 2 + r with n = floor(x / ln 2
/// + 1/2) and ln 2 split into a short and a long part so that n ln 2 is subtracted with little rounding;
/// exp(r) as 1 + 2 P(r^2) r / (Q(r^2) - P(r^2) r) with Cephes' coefficients; times 2^n built from its bits.
/// These are Eigen 3.4's SSE2 operations in Eigen's order, so the engine kept its bits when it moved from
/// Eigen's exp to this one; but the order is fixed here, and the bits are this function's whatever Eigen or
/// the instruction set does.
inline Double2 packet_exp(Double2 x) {
  Double2 fx = splat(1.4426950408889634073599) * x + splat(0.5);
  // floor(fx): round to nearest by adding and subtracting 2^52 (exact for |fx| < 2^51), then step down if above.
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

/// Entries j to j + 3 of rows i0 and i1 of theta G^T, times c (G symmetric, so row k of G is column k of
/// G^T). Each entry is summed over k in ascending order from +0; the eight sums are independent, so the
/// additions (each waiting on the last) overlap, and each load of G serves both rows.
inline void balancing_block(const double* a0, const double* a1, const double* g, Eigen::Index n, Eigen::Index j,
                            double c, double* o0, double* o1) {
  Double2 s0 = splat(0), s1 = splat(0), t0 = splat(0), t1 = splat(0);
  for (Eigen::Index k = 0; k < n; ++k) {
    const double* const gk = g + k * n + j;
    const Double2 g0 = load2(gk), g1 = load2(gk + 2), b0 = splat(a0[k]), b1 = splat(a1[k]);
    s0 += b0 * g0;
    s1 += b0 * g1;
    t0 += b1 * g0;
    t1 += b1 * g1;
  }
  store2(o1 + j, t0 * splat(c));  // row i1 first: when i0 = i1 both write the same values
  store2(o1 + j + 2, t1 * splat(c));
  store2(o0 + j, s0 * splat(c));
  store2(o0 + j + 2, s1 * splat(c));
}

/// Entry j of rows i0 and i1 of c theta G^T, summed as in balancing_block: the last columns when n is not a
/// multiple of four.
inline void balancing_column(const double* a0, const double* a1, const double* g, Eigen::Index n, Eigen::Index j,
                             double c, double* o0, double* o1) {
  double s = 0, t = 0;
  for (Eigen::Index k = 0; k < n; ++k) {
    s += a0[k] * g[k * n + j];
    t += a1[k] * g[k * n + j];
  }
  o1[j] = t * c;
  o0[j] = s * c;
}

/// out = c (theta G^T), the balancing signal's product: out(i, j) = (sum over k = 0, 1, ..., n - 1 of
/// theta(i, k) G(j, k)) c, each sum in that order from +0, for every size and build. G must be symmetric
/// (G^T = G, read by rows). Rows two at a time, columns four at a time (balancing_block).
inline void balancing_product(const Matrix& theta, const Matrix& G, double c, Matrix& out) {
  const Eigen::Index n = theta.rows();
  out.resize(n, n);  // a no-op, without allocating, when the size already matches
  const double* const g = G.data();
  auto rows = [&](Eigen::Index i0, Eigen::Index i1) {
    const double *const a0 = row(theta, i0), *const a1 = row(theta, i1);
    double *const o0 = row(out, i0), *const o1 = row(out, i1);
    Eigen::Index j = 0;
    for (; j + 4 <= n; j += 4) balancing_block(a0, a1, g, n, j, c, o0, o1);
    for (; j < n; ++j) balancing_column(a0, a1, g, n, j, c, o0, o1);
  };
  Eigen::Index i = 0;
  for (; i + 2 <= n; i += 2) rows(i, i + 1);
  if (i < n) rows(i, i);  // an odd n's last row, paired with itself
}

/// trust = 1 / (1 + exp(-logodds)) over a whole matrix, every entry through packet_exp (an odd count's last
/// entry alone in a packet), in every build. Log-odds are bounded by 30 (parameters.trust.bound), well
/// inside packet_exp's domain.
inline void logistic_matrix(const Matrix& logodds, Matrix& out) {
  const Eigen::Index count = logodds.size();
  out.resize(logodds.rows(), logodds.cols());  // a no-op, without allocating, when the sizes already match
  const double* const L = logodds.data();
  double* const T = out.data();
  const Double2 one = splat(1.0);
  Eigen::Index k = 0;
  for (; k + 2 <= count; k += 2) store2(T + k, one / (packet_exp(-load2(L + k)) + one));
  if (k < count) T[k] = (one / (packet_exp(Double2{-L[k], 0.0}) + one))[0];
}

}  // namespace statecraft
