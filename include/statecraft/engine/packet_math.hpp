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

// The balancing product's written-out sum reproduces Eigen's SSE2 kernel, so it is used only where Eigen
// is plain SSE2 (the baseline x86-64 build, tools/setup.sh); elsewhere the Eigen expression itself.
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

/// exp(x) in each lane for |x| <= 700 (outside, the scaling by 2^n overflows its exponent field and the
/// result is meaningless), within 2 ulp of std::exp (tests/unit/engine/packet_math_test.cpp; about 27% of
/// results differ from std::exp's, by 1 or 2 ulp). Cephes' method: x = n ln 2 + r with n = floor(x / ln 2 +
/// 1/2) and ln 2 split in two so that n ln 2 is subtracted exactly, exp(r) as 1 + 2 P(r^2) r / (Q(r^2) -
/// P(r^2) r) with Cephes' coefficients, times 2^n built from its bits. These are Eigen 3.4's SSE2 operations
/// in Eigen's order, so the engine kept its bits when it moved from Eigen's exp to this one; but the order
/// is fixed here, and the bits are this function's whatever Eigen or the instruction set does.
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
