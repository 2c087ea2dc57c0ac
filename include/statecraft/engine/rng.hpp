#pragma once
// Randomness: one stream per (scenario seed, run index, purpose), so a run's draws never depend on how
// many threads or processes share the batch, nor on which other purposes drew before it.
#include <cstdint>

#include <boost/random/mersenne_twister.hpp>

namespace statecraft {

/// What a stream is used for. New purposes are appended, so existing streams keep their values.
enum class Purpose : std::uint64_t { Economy = 1, TrustNoise = 2, Incidents = 3 };

/// SplitMix64 finaliser: a bijective mixer of 64-bit values.
std::uint64_t mix64(std::uint64_t x);

/// Seed of the stream for (seed, run, purpose).
std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t run, Purpose purpose);

using RandomEngine = boost::random::mt19937_64;

/// Raw draws at or above this round to 1.0 as doubles, so boost::random::uniform_01 draws again.
constexpr std::uint64_t kUnitLimit = 0xFFFFFFFFFFFFFC00ULL;  // 2^64 - 1024

/// The next 64 bits that boost::random::uniform_01<double> would turn into a value: a draw that would round
/// to 1.0 is skipped as it skips it. Keeping the bits lets a caller convert only the draws it needs.
inline std::uint64_t unit_bits(RandomEngine& g) {
  for (;;) {
    const std::uint64_t x = g();
    if (x < kUnitLimit) return x;
  }
}

/// The value boost::random::uniform_01<double> makes of `unit_bits`, bit for bit: x 2^-64, x rounded to the
/// nearest double. Written as two exact halves and one rounding sum, because the compiler's conversion of an
/// unsigned 64-bit value branches on the top bit, a branch mispredicted on every other random draw.
inline double unit_value(std::uint64_t x) {
  const double hi = static_cast<double>(static_cast<std::int64_t>(x >> 32)) * 0x1p32;
  const double lo = static_cast<double>(static_cast<std::int64_t>(x & 0xFFFFFFFFULL));
  return (hi + lo) * 0x1p-64;
}

/// The u-quantile of the Beta(a, b) distribution (inverse CDF), for drawing severities from one uniform.
/// Its CDF is within 1e-14 of u (so in the far tails, where the density vanishes, the quantile itself is
/// less exact); fast for whole a and b.
double beta_quantile(double a, double b, double u);

}  // namespace statecraft
