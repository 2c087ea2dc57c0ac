#pragma once
// Randomness: one stream per (scenario seed, run index, purpose), so a run's draws never depend on how
// many threads or processes share the batch, nor on which other purposes drew before it. Normal draws are
// Boost.Random's normal_distribution, its common case computed here; the engine is SplitMix64 (see below).
#include <cstdint>

#include "statecraft/engine/normal_ziggurat.hpp"

namespace statecraft {

/// What a stream is used for. New purposes are appended, so existing streams keep their values.
enum class Purpose : std::uint64_t { Economy = 1, TrustNoise = 2, Incidents = 3, Uncertain = 4 };

/// SplitMix64's increment (the golden ratio in 64 bits) and finaliser, a bijective mixer of 64-bit values.
constexpr std::uint64_t kGoldenGamma = 0x9e3779b97f4a7c15ULL;
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += kGoldenGamma;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// Seed of the stream for (seed, run, purpose).
std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t run, Purpose purpose);

/// SplitMix64 (Steele, Lea and Flood 2014, the generator of Java's SplittableRandom; passes BigCrush) as a
/// Boost.Random engine, so Boost's distributions draw from it. Its state is a counter, so skipping k draws
/// is one multiply-add: the incidents of a pair skip their unused draws for free and stay aligned.
class SplitMix64 {
 public:
  using result_type = std::uint64_t;
  explicit SplitMix64(std::uint64_t seed = 0) : state_(seed) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() {
    const result_type z = mix64(state_);
    state_ += kGoldenGamma;
    return z;
  }
  void discard(std::uint64_t k) { state_ += k * kGoldenGamma; }
  /// Steps back over the last k draws, so that they come again.
  void rewind(std::uint64_t k) { state_ -= k * kGoldenGamma; }
  friend bool operator==(const SplitMix64& a, const SplitMix64& b) { return a.state_ == b.state_; }

 private:
  std::uint64_t state_;
};

using RandomEngine = SplitMix64;

/// A draw as a number in [0, 1]: x 2^-64, x rounded to the nearest double (so the top 1024 draws give 1).
/// Written as two exact halves and one rounding sum, because the compiler's conversion of an unsigned
/// 64-bit value branches on the top bit, a branch mispredicted on every other random draw.
inline double unit_value(std::uint64_t x) {
  const double hi = static_cast<double>(static_cast<std::int64_t>(x >> 32)) * 0x1p32;
  const double lo = static_cast<double>(static_cast<std::int64_t>(x & 0xFFFFFFFFULL));
  return (hi + lo) * 0x1p-64;
}

/// What boost::random::normal_distribution<double>(0, 1) draws from `g`: the rare cases of standard_normal.
double boost_standard_normal(SplitMix64& g);

/// A standard normal draw: exactly what boost::random::normal_distribution<double>(0, 1) draws from `g`, with
/// the common case of its ziggurat (about 99% of draws: one 64-bit draw, a table lookup and a comparison)
/// inlined. Any other case steps back over its draw and lets Boost draw the whole number through its public
/// interface, so the rare cases (wedges, tail) stay Boost's own code.
[[gnu::always_inline]] inline double standard_normal(SplitMix64& g) {
  // How Boost splits one 64-bit draw for its ziggurat (its int_float_pair, written out here from what it
  // computes for a 64-bit engine, 8 index bits and a 53-bit double): the low 8 bits choose the layer and
  // the sign, bits 8 to 63 with bit 11 cleared the position within the layer. A test compares a million
  // draws with Boost's, so a change on either side shows.
  const std::uint64_t u = g();
  const int bucket = static_cast<int>(u & 255);
  const double r =
      static_cast<double>(static_cast<std::int64_t>((u & ~(std::uint64_t{1} << 11)) >> 8)) * 0x1p-56;
  const double* const table_x = kNormalZigguratX;
  const int i = bucket >> 1;
  const double x = r * table_x[i];
  if (x < table_x[i + 1]) return x * ((bucket & 1) * 2 - 1) + 0.0;  // + 0.0: Boost's mean, turning -0 into 0
  g.rewind(1);
  return boost_standard_normal(g);
}

/// The u-quantile of the Beta(a, b) distribution (inverse CDF), for drawing severities from one uniform.
/// Its CDF is within 1e-14 of u (so in the far tails, where the density vanishes, the quantile itself is
/// less exact); fast for whole a and b.
double beta_quantile(double a, double b, double u);

}  // namespace statecraft
