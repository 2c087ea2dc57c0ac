#pragma once
// Incidents (MODEL.md section 4): per pair and step, an incident happens with probability 1 - exp(-lambda dt),
// lambda from proximity, both sides' operations and the confidence-building measures they share; its
// severity, the side that caused it and each side's escalation are drawn; tension jumps and trust falls.
#include <utility>
#include <vector>

#include "statecraft/engine/rng.hpp"
#include "statecraft/world/world.hpp"

namespace statecraft {

/// What the incidents of pair (i, j) bring in one step, in expectation over the draws resolve() makes:
/// a consistent start balances it, and the conflict risk counts its disputes.
struct IncidentOutlook {
  double occurs = 0;         ///< probability of an incident in the step
  double crisis = 0;         ///< probability of one that at least one side escalates (level 1 or 2)
  double dispute = 0;        ///< probability of one that both sides escalate (level 2, a militarized dispute)
  double tension_jump = 0;   ///< expected jump of the pair's tension
  double trust_loss_ij = 0;  ///< expected loss of i's log-odds of trust in j (positive)
  double trust_loss_ji = 0;  ///< expected loss of j's log-odds of trust in i (positive)
};

/// Reads the state, the decisions, the institutions and the parameters, as resolve() does.
IncidentOutlook incident_outlook(const World& w, int i, int j, double dt);

/// incident_outlook(w, i, j, dt).dispute, bit for bit, computing only what it needs (the conflict risk asks
/// for it every step for every pair it gates in).
double dispute_probability(const World& w, int i, int j, double dt);

class Incidents {
 public:
  /// Run `run`'s incident draws come from their own stream, aligned across variants (engine/rng.hpp).
  Incidents(const Scenario& sc, std::uint64_t seed, std::uint64_t run);
  /// Starts run `run` of `sc` (this one's scenario or another with the same actors), keeping the memory.
  void restart(const Scenario& sc, std::uint64_t seed, std::uint64_t run);

  /// Clears what the last step's incidents left in the flows (their counts, levels, tension jumps and trust
  /// losses), pair by pair: only those pairs had any.
  void clear_last_step(Flows& flows);

  /// Draws this step's incidents. Reads the state (proximity, tension), the decisions (operations,
  /// escalation), the institutions (mitigation) and the parameters; writes flows.incident_rate and, through
  /// record(), the incidents.
  void resolve(World& w, double dt, Recorder* rec);

  /// One incident, drawn or forced by an event (`event` >= 0): writes flows.incidents, incident_level, the
  /// tension jump and the trust losses, and logs it.
  void record(World& w, int init, int other, double severity, bool init_escalates, bool other_escalates, int event,
              Recorder* rec);

 private:
  RandomEngine rng_;
  /// The pairs with incidents in the step (capacity reserved for one per pair plus every incident event).
  std::vector<std::pair<int, int>> pairs_;
};

}  // namespace statecraft
