#pragma once
// What the model's kernels (include/statecraft/engine/packet_math.hpp) give for fixed inputs, as one
// SHA-256. The test binary computes it as the project is built (baseline x86-64) and pins it; each probe
// program (probe.cpp) computes it compiled for another instruction set, and
// tests/unit/engine/packet_math_isa_test.cpp requires the same digest from all.
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "statecraft/engine/packet_math.hpp"
#include "statecraft/util/sha256.hpp"

namespace statecraft::isa {

/// Inputs from integer arithmetic and one rounding multiplication each, so that they cannot depend on the
/// instruction set or on contraction themselves.
class Inputs {
 public:
  explicit Inputs(std::uint64_t seed) : state_(seed) {}
  /// A value in [-limit, limit): a 53-bit integer centred on zero, times 2^-52 (exact), times limit.
  double next(double limit) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto centred = static_cast<std::int64_t>(state_ >> 11) - (std::int64_t{1} << 52);
    return static_cast<double>(centred) * 0x1p-52 * limit;
  }

 private:
  std::uint64_t state_;
};

template <class T>
void append(std::string& bytes, const T* p, std::size_t n) {
  bytes.append(reinterpret_cast<const char*>(p), n * sizeof(T));
}

/// packet_exp over 2^20 values, three in four in the log-odds' range and one in four over its whole domain,
/// after the edges of both.
inline void add_exp(std::string& bytes) {
  Inputs in(2026);
  const double edges[] = {0.0, -0.0, 700.0, -700.0, 30.0, -30.0, 0.5, -0.5, 1e-300, -1e-300};
  for (double x : edges) {
    const double e = packet_exp(splat(x))[0];
    append(bytes, &e, 1);
  }
  for (int k = 0; k < (1 << 20); k += 2) {
    const Double2 x = {in.next(k % 8 == 0 ? 700.0 : 31.0), in.next(k % 8 == 0 ? 700.0 : 31.0)};
    const Double2 e = packet_exp(x);
    append(bytes, &e[0], 2);
  }
}

/// logistic_matrix for every size from 1 to 13 (even and odd counts), log-odds in [-30, 30].
inline void add_logistic(std::string& bytes) {
  Inputs in(7);
  for (int n = 1; n <= 13; ++n) {
    Matrix L(n, n), T(n, n);
    for (Eigen::Index k = 0; k < L.size(); ++k) L.data()[k] = in.next(30.0);
    logistic_matrix(L, T);
    append(bytes, T.data(), static_cast<std::size_t>(T.size()));
  }
}

/// balancing_product for every size from 1 to 84 (every n mod 4, odd and even) and 127, G symmetric.
inline void add_balancing(std::string& bytes) {
  Inputs in(11);
  std::vector<int> sizes(84);
  std::iota(sizes.begin(), sizes.end(), 1);
  sizes.push_back(127);
  for (int size : sizes) {
    Matrix theta(size, size), G(size, size), out(size, size);
    for (int i = 0; i < size; ++i)
      for (int j = 0; j < size; ++j) {
        theta(i, j) = in.next(0.3);
        G(i, j) = j < i ? G(j, i) : in.next(0.02);
      }
    balancing_product(theta, G, -0.8, out);
    append(bytes, out.data(), static_cast<std::size_t>(out.size()));
  }
}

inline std::string kernel_digest() {
  std::string bytes;
  add_exp(bytes);
  add_logistic(bytes);
  add_balancing(bytes);
  return sha256_hex(bytes);
}

/// Whether this translation unit's a * b + c was contracted to a fused multiply-add: a b = 1 - 2^-60
/// rounds to 1, so the sum is 0 when rounded twice and -2^-60 when fused.
inline bool contracts_multiply_add() {
  volatile double va = 1 + 0x1p-30, vb = 1 - 0x1p-30, vc = -1;
  const double a = va, b = vb, c = vc;
  return a * b + c != 0.0;
}

}  // namespace statecraft::isa
