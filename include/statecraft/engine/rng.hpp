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

/// The u-quantile of the Beta(a, b) distribution (inverse CDF), for drawing severities from one uniform.
/// Exact to about 1e-14; fast for whole a and b.
double beta_quantile(double a, double b, double u);

}  // namespace statecraft
