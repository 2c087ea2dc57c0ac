#pragma once
// Alliances, external balancing (MODEL.md section 4): states that are not rivals draw closer in proportion to
// the threat they share; treaties set a floor.
#include "statecraft/world/world.hpp"

namespace statecraft {

/// Proposes the step's alliance strengths. Reads the state's alliances, the perceived threat and rivalry,
/// the decisions' alliance seeking and the institutions' floors; writes flows.next_alliance and
/// flows.alliance_gain. Returns whether any pair drew closer (the balancing signal of trust then moves).
bool propose_alliances(const State& s, const Perception& seen, const Decisions& d, const InstitutionEffects& inst,
                       const Parameters::Alliances& p, double dt, Flows& flows);

/// Makes the proposed strengths the state's.
void commit_alliances(const Flows& flows, State& s);

}  // namespace statecraft
