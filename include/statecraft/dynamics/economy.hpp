#pragma once
// Economy (MODEL.md section 4): trend growth less the burden of spending above baseline and the tension the
// economy is exposed to, with an optional random shock.
#include "statecraft/engine/rng.hpp"
#include "statecraft/world/world.hpp"

namespace statecraft {

class Economy {
 public:
  /// The growth shocks of run `run` come from their own stream (engine/rng.hpp).
  Economy(std::uint64_t seed, std::uint64_t run) : rng_(stream_seed(seed, run, Purpose::Economy)) {}

  /// Proposes the step's output. Reads the state (GDP, growth, baseline, interdependence, tension) and the
  /// perceived burden share; writes flows.next_gdp.
  void propose(const State& s, const Perception& seen, const Parameters::Economy& p, double dt, Flows& flows);

 private:
  RandomEngine rng_;
};

/// The step's relative growth of spending and of output, per year, from the state and the proposals.
void measure_growth(const State& s, double dt, Flows& flows);

/// Makes the proposed output the state's.
void commit_economy(const Flows& flows, State& s);

}  // namespace statecraft
