#pragma once
// Conflict risk (docs/model.md, "Conflict risk"): the expected number of wars a year between two states, from
// the militarized disputes their incidents and escalation bring about, a base rate of wars per dispute (COW MID
// 5.0), and a power-transition multiplier; carried only by pairs in a dispute or that distrust each other. The
// region's cumulative risk is the probability of at least one war over the run. No war is drawn.
#include "statecraft/world/world.hpp"

namespace statecraft {

/// risk_ij = war_per_dispute x gate_ij x E[disputes a year]_ij x (1 + parity_gain parity^exponent u), where
/// E[disputes] is the probability of a level-2 incident in the step (incident_outlook) per year, u the
/// challenger's dissatisfaction, gate 1 for a pair in a dispute and otherwise (distrust_gate - lower trust) /
/// distrust_gate, clamped to [0, 1]. Reads the world as the next step's incidents will; writes flows.risk.
void assess_conflict_risk(World& w, double dt);

/// Adds this step's risk to the region's: the probability of at least one war over the pairs,
/// q = 1 - prod(1 - risk dt), accumulated in state.log_survival.
void accumulate_survival(const Flows& flows, double dt, State& s);

}  // namespace statecraft
