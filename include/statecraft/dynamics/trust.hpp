#pragma once
// Trust (MODEL.md section 5, Kydd): each signal i reads from j this step adds its log-likelihood ratio to
// i's log-odds that j is a security seeker: forgetting toward the prior, j's change and level of spending
// (read through j's transparency, with a misreading), j's restraint below its baseline, j's routine
// operations near i above their baseline (close-in surveillance), dialogue, cooperation, interdependence,
// alliance, incidents, and j's balancing against i. The reassuring signals are weighted by i's receptivity
// (its policy's): a balancer reads them with suspicion (Jervis's deterrence and spiral models).
#include "statecraft/engine/rng.hpp"
#include "statecraft/world/world.hpp"

namespace statecraft {

class TrustUpdate {
 public:
  /// Run `run`'s misreadings come from their own stream (engine/rng.hpp); `n` actors.
  TrustUpdate(int n, std::uint64_t seed, std::uint64_t run);
  /// Starts run `run` again, keeping the memory.
  void restart(std::uint64_t seed, std::uint64_t run);

  /// Reads the state (log-odds, spending, GDP, transparency, dialogue, interdependence, alliance, style), the
  /// institutions (priors, cooperation), the perceived threat and the flows (the proposed spending and
  /// output, the alliance gains, this step's incident losses); writes the state's log-odds and trust, the
  /// raw log-odds, and (with `record_drivers`) every trust term. `alliances_moved`: whether any gain is
  /// non-zero this step.
  void update(World& w, bool alliances_moved, double dt, bool record_drivers);

  /// Whether the balancing signal is non-zero (it clears itself when it falls to zero).
  void forget_balancing() { balancing_set_ = false; }

 private:
  RandomEngine rng_;
  Vector next_share_, share_change_, excess_share_, restraint_;  ///< per observed actor j
  Matrix reading_, misreading_;                        ///< what i reads of j, and its misreading of j's spending
  bool balancing_set_ = false;

  void balancing(World& w, bool alliances_moved);
  void spending_signals(const World& w, double dt);
  void read_spending(const World& w, int i, RandomEngine& rng);
  template <class Record>
  void sum_row(World& w, int i, double dt, Record record);
};

}  // namespace statecraft
