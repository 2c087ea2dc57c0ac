#pragma once
// Decide (MODEL.md section 3): every actor's policy sets, per partner, its Richardson reaction, dialogue offer,
// operations, escalation propensity and alliance seeking, from the same snapshot; hawkishness makes it firmer.
// A conditional actor (reciprocity with hysteresis) chooses its stance per partner from its trust.
#include <vector>

#include "statecraft/world/world.hpp"

namespace statecraft {

class Decide {
 public:
  explicit Decide(const Scenario& sc);

  /// Reads the state (policies, hawkishness, trust, suspensions, operations), the perception (threat), the
  /// institutions (dispute friction and its coverage) and the parameters; writes the decisions, and the
  /// stances of conditional actors in the state (a change is logged to `rec`).
  void operator()(World& w, Recorder* rec) const;

 private:
  const Scenario* sc_;  ///< a pointer, so that an engine can take another variant's Decide by assignment
  /// Per policy, its transparency effort summed over the n - 1 partners one by one (as a conditional actor's
  /// is), so that an unconditional actor's sum is looked up, not redone every step.
  std::vector<double> uniform_effort_;

  void uniform(World& w, int i, const Policy& pol) const;
  double conditional(World& w, int i, const Policy& pol, Recorder* rec) const;
};

}  // namespace statecraft
