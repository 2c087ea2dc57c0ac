#pragma once
// Power transition (MODEL.md section 4): a war-risk indicator per pair, from parity, the challenger's
// dissatisfaction and tension, and the region's cumulative risk over the run. No war is drawn.
#include "statecraft/world/world.hpp"

namespace statecraft {

/// Reads the perceived power, the state's satisfaction and tension; writes flows.risk (symmetric).
void assess_transition_risk(const State& s, const Perception& seen, const Parameters::Transition& p, Flows& flows);

/// Adds this step's risk to the region's: the probability of at least one transition war over the pairs,
/// q = 1 - prod(1 - risk dt), accumulated in state.log_survival.
void accumulate_survival(const Flows& flows, double dt, State& s);

}  // namespace statecraft
