#include "statecraft/engine/rng.hpp"

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

}  // namespace statecraft
